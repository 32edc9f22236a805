#include <limits.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval/engine.h"
#include "eval/ypath.h"
#include "scan/offenders.h"
#include "scan/scan.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xmlq.h"

#define NS_XCCDF "http://checklists.nist.gov/xccdf/1.2"

const char *sf_xccdf_result_name(sf_xccdf_result r)
{
	static const char *const names[] = {
	    "pass", "fail", "error", "unknown", "notapplicable", "notchecked"};

	return names[r];
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s = v ? sf_xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static char *content_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s = sf_xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

/* A Value's value for a selector (NULL: the default, which is the one
 * without a selector). */
static char *value_for(xmlNodePtr v, const char *selector)
{
	xmlNodePtr k, first = NULL;
	char *sel, *s = NULL;

	for (k = v->children; k; k = k->next) {
		if (!sf_xml_is(k, NS_XCCDF, "value"))
			continue;
		sel = prop(k, "selector");
		if (!first)
			first = k;
		if ((!selector && !sel) ||
		    (selector && sel && !strcmp(sel, selector)))
			s = content_text(k);
		free(sel);
		if (s)
			return s;
	}
	return !selector && first ? content_text(first) : NULL;
}

static sf_setting *setting(sf_scan *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nsettings; i++)
		if (!strcmp(s->settings[i].id, id))
			return &s->settings[i];
	return NULL;
}

/* The full ID of a Value named in full or by its short name. */
static const sf_xvalue *find_value(const sf_content *c, const char *name,
                                   size_t len)
{
	size_t i, n;

	for (i = 0; i < c->nvalues; i++) {
		const char *id = c->values[i].id, *tail = strstr(id, "_value_");

		n = strlen(id);
		if ((n == len && !strncmp(id, name, len)) ||
		    (tail && strlen(tail + 7) == len &&
		     !strncmp(tail + 7, name, len)))
			return &c->values[i];
	}
	return NULL;
}

static int resolve_values(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                          const sf_scan_opts *o)
{
	xmlNodePtr k;
	size_t i;

	s->settings =
	    sf_xcalloc(c->nvalues ? c->nvalues : 1, sizeof(*s->settings));
	for (i = 0; i < c->nvalues; i++) {
		s->settings[i].id = c->values[i].id;
		s->settings[i].value = value_for(c->values[i].node, NULL);
		if (!s->settings[i].value)
			s->settings[i].value = sf_xstrdup("");
	}
	s->nsettings = c->nvalues;
	for (k = profile->children; k; k = k->next) {
		char *idref, *v = NULL;
		sf_setting *st;
		const sf_xvalue *xv;

		if (!sf_xml_is(k, NS_XCCDF, "refine-value") &&
		    !sf_xml_is(k, NS_XCCDF, "set-value"))
			continue;
		idref = prop(k, "idref");
		xv = idref ? sf_content_value(c, idref) : NULL;
		st = xv ? setting(s, xv->id) : NULL;
		if (st && sf_xml_is(k, NS_XCCDF, "set-value")) {
			v = content_text(k);
		} else if (st) {
			char *sel = prop(k, "selector");

			v = sel ? value_for(xv->node, sel) : NULL;
			free(sel);
		}
		if (v) {
			free(st->value);
			st->value = v;
		}
		free(idref);
	}
	for (i = 0; i < o->nset_values; i++) {
		const char *eq = strchr(o->set_values[i], '=');
		const sf_xvalue *xv;
		sf_setting *st;

		if (!eq)
			return sf_error_set(
			    "--set-value needs ID=VALUE, not '%s'",
			    o->set_values[i]);
		xv = find_value(c, o->set_values[i],
		                (size_t)(eq - o->set_values[i]));
		if (!xv)
			return sf_error_set("the benchmark has no Value '%.*s'",
			                    (int)(eq - o->set_values[i]),
			                    o->set_values[i]);
		st = setting(s, xv->id);
		free(st->value);
		st->value = sf_xstrdup(eq + 1);
	}
	return 0;
}

/* XCCDF's forms of a boolean and a number; a Value of another form is
 * refused before anything is read or written. */
static int check_types(const sf_scan *s, const sf_content *c)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++) {
		char *type = prop(c->values[i].node, "type");
		const char *v = s->settings[i].value, *tail;
		int bad = 0;
		char *end;

		if (type && !strcmp(type, "boolean"))
			bad = strcmp(v, "true") && strcmp(v, "false") &&
			      strcmp(v, "1") && strcmp(v, "0");
		else if (type && !strcmp(type, "number"))
			bad = !*v || (strtod(v, &end), *end != '\0');
		if (bad) {
			tail = strstr(c->values[i].id, "_value_");
			sf_error_set(
			    "the Value '%s' is a %s: '%s' is not %s",
			    tail ? tail + 7 : c->values[i].id, type, v,
			    !strcmp(type, "boolean") ? "true, false, 1 or 0"
			                             : "a number");
		}
		free(type);
		if (bad)
			return -1;
	}
	return 0;
}

static const char *role_value(sf_scan *s, const sf_content *c, const char *role)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++)
		if (c->values[i].role && !strcmp(c->values[i].role, role))
			return setting(s, c->values[i].id)->value;
	return NULL;
}

/* Whether the profile selects the rule: its own selected attribute and
 * its Groups', overridden by the profile's select elements. */
static int selected(xmlNodePtr profile, xmlNodePtr item)
{
	xmlNodePtr n, k;

	for (n = item; n && (sf_xml_is(n, NS_XCCDF, "Rule") ||
	                     sf_xml_is(n, NS_XCCDF, "Group"));
	     n = n->parent) {
		char *id = prop(n, "id"), *sel = prop(n, "selected");
		int on = !sel || strcmp(sel, "false");

		for (k = profile->children; k; k = k->next) {
			char *idref, *ks;

			if (!sf_xml_is(k, NS_XCCDF, "select"))
				continue;
			idref = prop(k, "idref");
			if (idref && id && !strcmp(idref, id)) {
				ks = prop(k, "selected");
				on = ks &&
				     (!strcmp(ks, "true") || !strcmp(ks, "1"));
				free(ks);
			}
			free(idref);
		}
		free(id);
		free(sel);
		if (!on)
			return 0;
	}
	return 1;
}

/* A rule named on the command line by its ID, Rule ID or STIG ID. */
static int wanted(const sf_xrule *r, const sf_scan_opts *o)
{
	size_t i;
	const char *tail = strstr(r->id, "_rule_");

	if (!o->rules)
		return 1;
	for (i = 0; i < o->nrules; i++)
		if (!strcmp(r->id, o->rules[i]) ||
		    (tail && !strcmp(tail + 6, o->rules[i])) ||
		    (r->version && !strcmp(r->version, o->rules[i])))
			return 1;
	return 0;
}

static sf_xccdf_result from_oval(sf_oval_result r)
{
	switch (r) {
	case SF_OVAL_TRUE:
		return SF_XR_PASS;
	case SF_OVAL_FALSE:
		return SF_XR_FAIL;
	case SF_OVAL_UNKNOWN:
		return SF_XR_UNKNOWN;
	case SF_OVAL_NOT_APPLICABLE:
		return SF_XR_NOTAPPLICABLE;
	case SF_OVAL_NOT_EVALUATED:
		return SF_XR_NOTCHECKED;
	default:
		return SF_XR_ERROR;
	}
}

/* "HostConfig.PidMode" of "[:].HostConfig.PidMode": the field of each
 * container that a YAML path over the evidence array reads. */
static const char *setting_of(const char *yamlpath)
{
	const char *p = yamlpath ? yamlpath : "";

	if (*p == '[' && strchr(p, ']'))
		p = strchr(p, ']') + 1;
	return *p == '.' ? p + 1 : p;
}

static void evaluate(sf_scan *s, const sf_content *c, sf_oval_engine *e,
                     const sf_xrule *r, const sf_presence *pr, size_t npr)
{
	sf_outcome *out = &s->outcomes[s->noutcomes++];
	size_t i;

	memset(out, 0, sizeof(*out));
	out->rule = r;
	if (!r->oval_def) {
		out->result = SF_XR_NOTCHECKED;
		return;
	}
	for (i = 0; i < r->nexports; i++) {
		sf_setting *st = setting(s, r->exports[i].value_id);
		const char *v = st ? st->value : NULL;

		if (v)
			sf_oval_engine_set_external(
			    e, r->exports[i].export_name, &v, 1);
	}
	out->result = from_oval(sf_oval_engine_definition(e, r->oval_def));
	if (out->result == SF_XR_ERROR && sf_oval_engine_last_problem(e))
		out->problem = sf_xstrdup(sf_oval_engine_last_problem(e));
	if (out->result == SF_XR_FAIL) {
		sf_oval_offender *o = NULL;

		out->noffenders =
		    sf_oval_engine_definition_offenders(e, r->oval_def, &o);
		out->offenders =
		    sf_xcalloc(out->noffenders ? out->noffenders : 1,
		               sizeof(*out->offenders));
		for (i = 0; i < out->noffenders; i++) {
			out->offenders[i].container = o[i].item;
			out->offenders[i].value =
			    sf_xstrdup(o[i].value ? o[i].value : "");
			out->offenders[i].setting =
			    sf_xstrdup(setting_of(o[i].yamlpath));
		}
		free(o);
		sf_offenders_explain(out, c->oval, r->oval_def, &s->evidence,
		                     pr, npr);
	}
}

/* The YAML paths the OVAL objects read, so that the evidence filter can
 * evaluate them in its own pass over the evidence. */
static size_t oval_yaml_paths(const sf_content *c, sf_ypath ***out)
{
	xmlNodePtr objs, k, p;
	size_t n = 0, i;

	*out = NULL;
	for (objs = c->oval->children; objs; objs = objs->next)
		if (objs->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)objs->name, "objects"))
			break;
	for (k = objs ? objs->children : NULL; k; k = k->next) {
		sf_ypath *yp;
		char *text;

		if (k->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)k->name, "yamlfilecontent_object"))
			continue;
		for (p = k->children; p; p = p->next)
			if (p->type == XML_ELEMENT_NODE &&
			    !strcmp((const char *)p->name, "yamlpath"))
				break;
		if (!p)
			continue;
		text = content_text(p);
		for (i = 0; i < n && strcmp((*out)[i]->text, text); i++)
			;
		if (i == n && sf_ypath_parse(&yp, text) == 0) {
			*out = sf_xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = yp;
		}
		free(text);
	}
	return n;
}

/* What the collector wrote under "Scapforge" is not in the input the
 * walker read: a path to it takes its values from the evidence. Returns
 * whether path is such a path. */
static int resolved_values(const char *path, sf_yvalues *vals,
                           const sf_evidence *ev)
{
	static const char prefix[] = "[:].Scapforge.";
	size_t j;
	int k;

	if (strncmp(path, prefix, sizeof(prefix) - 1))
		return 0;
	for (k = 0; k < SF_NS_KINDS; k++)
		if (!strcmp(path + sizeof(prefix) - 1,
		            sf_ns_effective_key((sf_ns_kind)k)))
			break;
	sf_yvalues_release(vals);
	memset(vals, 0, sizeof(*vals));
	for (j = 0; k < SF_NS_KINDS && j < ev->nassessed; j++) {
		const char *v = ev->assessed[j].ns[k].effective;

		if (!v)
			continue;
		if (vals->count == vals->alloc) {
			vals->alloc = vals->alloc ? vals->alloc * 2 : 16;
			vals->v = sf_xrealloc(vals->v,
			                      vals->alloc * sizeof(*vals->v));
		}
		vals->v[vals->count].text = sf_xstrdup(v);
		vals->v[vals->count++].item = (long)j;
	}
	return 1;
}

/* Hands the values found while filtering to the engine, with their items
 * renumbered from the input to the written evidence and the excluded
 * containers' values left out; notes in pr which containers had one. */
static void provide(sf_oval_engine *e, const char *file, sf_ypath **paths,
                    sf_yvalues *vals, size_t n, const sf_evidence *ev,
                    sf_presence *pr)
{
	size_t i, j, kept;

	for (i = 0; i < n; i++) {
		if (resolved_values(paths[i]->text, &vals[i], ev)) {
			pr[i].path = paths[i]->text;
			pr[i].present =
			    sf_xcalloc(ev->nassessed ? ev->nassessed : 1, 1);
			sf_oval_engine_provide_yaml(e, file, paths[i]->text,
			                            &vals[i]);
			continue;
		}
		pr[i].path = paths[i]->text;
		pr[i].present = sf_xcalloc(ev->nassessed ? ev->nassessed : 1, 1);
		for (j = kept = 0; j < vals[i].count; j++) {
			long item = vals[i].v[j].item;

			if (item >= 0 && (size_t)item < ev->ninput &&
			    ev->placed[item] >= 0) {
				vals[i].v[j].item = ev->placed[item];
				pr[i].present[ev->placed[item]] = 1;
				vals[i].v[kept++] = vals[i].v[j];
			} else {
				free(vals[i].v[j].text);
			}
		}
		vals[i].count = kept;
		sf_oval_engine_provide_yaml(e, file, paths[i]->text, &vals[i]);
	}
}

static void release_paths(sf_ypath_walker *w, sf_ypath **paths,
                          sf_yvalues *vals, sf_presence *pr, size_t n)
{
	size_t i;

	sf_ypath_walker_free(w);
	for (i = 0; i < n; i++) {
		sf_yvalues_release(&vals[i]);
		sf_ypath_free(paths[i]);
		if (pr)
			free(pr[i].present);
	}
	free(vals);
	free(paths);
	free(pr);
}

int sf_scan_run(sf_scan **out, const sf_content *c, const sf_scan_opts *o)
{
	sf_ypath **paths = NULL;
	sf_yvalues *vals = NULL;
	sf_presence *pr = NULL;
	sf_ypath_walker *walker = NULL;
	size_t npaths = 0;
	const char *in;
	char *raw = NULL;
	int rc = -1;
	sf_scan *s = sf_xcalloc(1, sizeof(*s));
	xmlNodePtr profile = sf_content_profile(c, o->profile);
	sf_oval_engine *e = NULL;
	const char *exclude;
	size_t i;

	*out = NULL;
	s->content = c;
	s->start_time = (long long)time(NULL);
	if (!profile) {
		sf_error_set(o->profile ? "the benchmark has no profile '%s'"
		                        : "the benchmark has no profile%s",
		             o->profile ? o->profile : "");
		goto fail;
	}
	s->profile_id =
	    (const char *)xmlHasProp(profile, BAD_CAST "id")->children->content;
	if (resolve_values(s, c, profile, o) < 0 || check_types(s, c) < 0)
		goto fail;
	exclude = role_value(s, c, "exclusion-pattern");
	in = o->evidence_in;
	if (!in) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "%s.collected", o->evidence_out);
		raw = sf_buf_detach(&b);
		rc =
		    sf_docker_collect(o->docker_host, o->collect_timeout, raw,
		                      &s->engine, o->progress, o->progress_ctx);
		if (rc < 0)
			goto fail;
		s->collected = 1;
		in = raw;
	}
	npaths = oval_yaml_paths(c, &paths);
	vals = sf_xcalloc(npaths ? npaths : 1, sizeof(*vals));
	walker = sf_ypath_walker_new(paths, npaths, vals);
	rc = sf_evidence_filter_walk(in, exclude, o->keep_env, o->evidence_out,
	                             o->commit, walker, &s->evidence);
	if (raw)
		unlink(raw);
	if (rc < 0)
		goto fail;
	/* The OVAL checks read the file just written, wherever it is. */
	s->evidence_path = sf_path_absolute(o->evidence_out);
	for (i = 0; i < c->nvalues; i++)
		if (c->values[i].role &&
		    !strcmp(c->values[i].role, "evidence-path")) {
			sf_setting *st = setting(s, c->values[i].id);

			free(st->value);
			st->value = sf_xstrdup(s->evidence_path);
		}
	rc = -1;
	if (sf_oval_engine_new(&e, c->oval) < 0)
		goto fail;
	/* not in place yet when o->commit renames it with the reports */
	sf_oval_engine_provide_file(
	    e, s->evidence_path,
	    sf_pending_set_where(o->commit, o->evidence_out));
	pr = sf_xcalloc(npaths ? npaths : 1, sizeof(*pr));
	provide(e, s->evidence_path, paths, vals, npaths, &s->evidence, pr);
	s->outcomes =
	    sf_xcalloc(c->nrules ? c->nrules : 1, sizeof(*s->outcomes));
	for (i = 0; i < c->nrules; i++)
		if (wanted(&c->rules[i], o) &&
		    selected(profile, c->rules[i].node))
			evaluate(s, c, e, &c->rules[i], pr, npaths);
	if (o->rules && s->noutcomes < o->nrules) {
		sf_error_set("some of the rules named are not in profile '%s'",
		             s->profile_id);
		goto fail;
	}
	release_paths(walker, paths, vals, pr, npaths);
	s->oval = e;
	s->end_time = (long long)time(NULL);
	free(raw);
	*out = s;
	return 0;
fail:
	release_paths(walker, paths, vals, pr, npaths);
	sf_oval_engine_free(e);
	free(raw);
	sf_scan_free(s);
	return rc == SF_DOCKER_UNREACHABLE ? rc : -1;
}

void sf_scan_free(sf_scan *s)
{
	size_t i, j;

	if (!s)
		return;
	for (i = 0; i < s->nsettings; i++)
		free(s->settings[i].value);
	free(s->settings);
	for (i = 0; i < s->noutcomes; i++) {
		for (j = 0; j < s->outcomes[i].noffenders; j++)
			sf_offense_release(&s->outcomes[i].offenders[j]);
		free(s->outcomes[i].offenders);
		free(s->outcomes[i].problem);
	}
	sf_oval_engine_free(s->oval);
	free(s->outcomes);
	sf_evidence_release(&s->evidence);
	free(s->evidence_path);
	sf_engine_info_release(&s->engine);
	free(s);
}
