#include <limits.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval/engine.h"
#include "eval/ypath.h"
#include "scan/evaluate.h"
#include "scan/offenders.h"
#include "scan/scan.h"
#include "scan/scan_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/xmlq.h"

const char *sf_xccdf_result_name(sf_xccdf_result r)
{
	static const char *const names[] = {
	    "pass", "fail", "error", "unknown", "notapplicable", "notchecked"};

	return names[r];
}

/* Whether the profile selects the rule: its own selected attribute and
 * its Groups', overridden by the profile's select elements. */
static int selected(xmlNodePtr profile, xmlNodePtr item)
{
	xmlNodePtr n, k;

	for (n = item; n && (sf_xml_is(n, SF_NS_XCCDF, "Rule") ||
	                     sf_xml_is(n, SF_NS_XCCDF, "Group"));
	     n = n->parent) {
		char *id = sf_scan_prop(n, "id"), *sel = sf_scan_prop(n, "selected");
		int on = !sel || strcmp(sel, "false");

		for (k = profile->children; k; k = k->next) {
			char *idref, *ks;

			if (!sf_xml_is(k, SF_NS_XCCDF, "select"))
				continue;
			idref = sf_scan_prop(k, "idref");
			if (idref && id && !strcmp(idref, id)) {
				ks = sf_scan_prop(k, "selected");
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

int sf_scan_selects(const sf_scan_opts *o, xmlNodePtr profile,
                    const sf_xrule *r)
{
	return wanted(r, o) && selected(profile, r->node);
}

void sf_scan_exports(sf_scan *s, sf_oval_engine *e, const sf_xrule *r,
                     const char *role, const char *value)
{
	size_t i;

	for (i = 0; i < r->nexports; i++) {
		sf_setting *st = sf_scan_setting(s, r->exports[i].value_id);
		const sf_xvalue *xv =
		    sf_content_value(s->content, r->exports[i].value_id);
		const char *v = st ? st->value : NULL;

		if (role && xv && xv->role && !strcmp(xv->role, role))
			v = value;
		if (v)
			sf_oval_engine_set_external(
			    e, r->exports[i].export_name, &v, 1);
	}
}

static void set_exports(sf_scan *s, sf_oval_engine *e, const sf_xrule *r)
{
	sf_scan_exports(s, e, r, NULL, NULL);
}

static void evaluate(sf_scan *s, const sf_content *c, sf_oval_engine *e,
                     const sf_xrule *r, const sf_side *sd,
                     const sf_presence *pr, size_t npr)
{
	sf_outcome *out = &s->outcomes[s->noutcomes++];

	memset(out, 0, sizeof(*out));
	out->rule = r;
	set_exports(s, e, r);
	sf_side_evaluate(e, c, r, sd, pr, npr, out);
}

static void presence_free(sf_presence *pr, size_t n)
{
	size_t i;

	for (i = 0; pr && i < n; i++)
		free(pr[i].present);
	free(pr);
}

static void offenses_free(sf_offense *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sf_offense_release(&f[i]);
	free(f);
}

/* The excluded containers, evaluated by the same definitions on an
 * engine of their own: which of them each rule would fail. */
static int judge_excluded(sf_scan *s, const sf_content *c,
                          sf_ypath *const *paths, sf_yvalues *vals,
                          size_t npaths)
{
	sf_side sd = {s->evidence.excluded, s->evidence.nexcluded, 1};
	sf_oval_engine *e;
	sf_presence *pr;
	size_t i;

	if (!s->evidence.nexcluded || !s->evidence.excluded_file.tmp_path)
		return 0;
	if (sf_oval_engine_new(&e, c->oval) < 0)
		return -1;
	sf_oval_engine_use_pool(e, s->pool);
	/* the content reads the evidence path: here it holds these */
	sf_oval_engine_provide_file(e, s->evidence_path,
	                            s->evidence.excluded_file.tmp_path);
	pr = sf_xcalloc(npaths ? npaths : 1, sizeof(*pr));
	sf_side_provide(e, s->evidence_path, paths, vals, npaths,
	                &s->evidence, &sd, 1, pr);
	for (i = 0; i < s->noutcomes; i++) {
		sf_outcome *out = &s->outcomes[i], ex;

		memset(&ex, 0, sizeof(ex));
		set_exports(s, e, out->rule);
		sf_side_evaluate(e, c, out->rule, &sd, pr, npaths, &ex);
		if (ex.result == SF_XR_FAIL) {
			out->excluded_offenders = ex.offenders;
			out->nexcluded_offenders = ex.noffenders;
		} else {
			offenses_free(ex.offenders, ex.noffenders);
		}
		free(ex.problem);
	}
	presence_free(pr, npaths);
	sf_oval_engine_free(e);
	return 0;
}

static void release_paths(sf_ypath_walker *w, sf_ypath **paths,
                          sf_yvalues *vals, sf_presence *pr, size_t n)
{
	size_t i;

	sf_ypath_walker_free(w);
	for (i = 0; i < n; i++) {
		sf_yvalues_release(&vals[i]);
		sf_ypath_free(paths[i]);
	}
	free(vals);
	free(paths);
	presence_free(pr, n);
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
	sf_evidence_opts eo;
	sf_side assessed = {NULL, 0, 0};
	sf_buf name = SF_BUF_INIT, excluded_out = SF_BUF_INIT;
	sf_buf record = SF_BUF_INIT, warn = SF_BUF_INIT;
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
	if (sf_scan_values(s, c, profile, o) < 0)
		goto fail;
	if (sf_content_reads_data_root(c)) {
		if (sf_scan_portable(s, c, profile, o) < 0)
			goto fail;
		s->end_time = (long long)time(NULL);
		*out = s;
		return 0;
	}
	if (o->data_root) {
		sf_error_set("--data-root is for the portable data stream "
		             "(scapforge-docker-stig-portable-ds.xml), which "
		             "reads Docker's own files");
		goto fail;
	}
	exclude = sf_scan_role_value(s, "exclusion-pattern");
	in = o->evidence_in;
	if (!in) {
		sf_buf b = SF_BUF_INIT;

		sf_buf_printf(&b, "%s.collected", o->evidence_out);
		raw = sf_buf_detach(&b);
		rc = sf_docker_collect(o->endpoint, o->collect_timeout, raw,
		                      &s->engine, o->progress, o->progress_ctx);
		if (rc < 0)
			goto fail;
		s->collected = 1;
		in = raw;
	}
	npaths = sf_eval_paths(c, &paths);
	vals = sf_xcalloc(npaths ? npaths : 1, sizeof(*vals));
	s->pool = sf_strpool_new();
	for (i = 0; i < npaths; i++)
		vals[i].pool = s->pool;
	walker = sf_ypath_walker_new(paths, npaths, vals);
	memset(&eo, 0, sizeof(eo));
	eo.exclude = exclude;
	eo.keep_env = o->keep_env;
	eo.commit = o->commit;
	eo.walker = walker;
	eo.pool = s->pool;
	eo.engine_os = s->collected ? s->engine.os : NULL;
	if (s->collected)
		sf_target_of_engine(&s->target, &s->engine, o->target, &warn);
	else if (sf_target_given(o->target) || (o->target && o->target->example))
		sf_target_of_options(&s->target, o->target);
	if (s->target.kind) {
		sf_target_record(&s->target, s->collected ? &s->engine : NULL,
		                 &record);
		eo.target_json = sf_buf_cstr(&record);
	}
	if (raw) {
		/* messages name the engine, not a file of ours */
		sf_buf_printf(&name, "the docker inspect answers of %s",
		              s->engine.host);
		eo.name = sf_buf_cstr(&name);
	}
	if (exclude && *exclude) {
		sf_buf_printf(&excluded_out, "%s.excluded", o->evidence_out);
		eo.excluded_out = sf_buf_cstr(&excluded_out);
	}
	rc = sf_evidence_read(in, o->evidence_out, &eo, &s->evidence);
	if (raw)
		unlink(raw);
	if (rc < 0)
		goto fail;
	rc = -1;
	if (!s->target.kind &&
	    sf_target_of_evidence(&s->target, &s->evidence, &warn) < 0)
		goto fail;
	if (sf_target_given(o->target) && s->evidence.recorded_target &&
	    !strcmp(s->target.kind, SF_TARGET_EVIDENCE) &&
	    strstr(s->evidence.recorded_target, "\"Kind\":\"example\"")) {
		sf_error_set("evidence '%s' is scapforge's example, about no "
		             "host: it cannot be attributed to a target "
		             "(--target-*)",
		             in);
		goto fail;
	}
	if (warn.len)
		s->target_warning = sf_buf_detach(&warn);
	/* The OVAL checks read the file just written, wherever it is. */
	s->evidence_path = sf_path_absolute(o->evidence_out);
	sf_scan_set_role(s, "evidence-path", s->evidence_path);
	rc = -1;
	if (sf_oval_engine_new(&e, c->oval) < 0)
		goto fail;
	sf_oval_engine_use_pool(e, s->pool);
	/* not in place yet when o->commit renames it with the reports */
	sf_oval_engine_provide_file(
	    e, s->evidence_path,
	    sf_pending_set_where(o->commit, o->evidence_out));
	pr = sf_xcalloc(npaths ? npaths : 1, sizeof(*pr));
	assessed.c = s->evidence.assessed;
	assessed.n = s->evidence.nassessed;
	/* the excluded side (judge_excluded) reads them after this one */
	sf_side_provide(e, s->evidence_path, paths, vals, npaths,
	                &s->evidence, &assessed,
	                !s->evidence.nexcluded ||
	                    !s->evidence.excluded_file.tmp_path,
	                pr);
	s->outcomes =
	    sf_xcalloc(c->nrules ? c->nrules : 1, sizeof(*s->outcomes));
	for (i = 0; i < c->nrules; i++)
		if (wanted(&c->rules[i], o) &&
		    selected(profile, c->rules[i].node))
			evaluate(s, c, e, &c->rules[i], &assessed, pr, npaths);
	if (o->rules && s->noutcomes < o->nrules) {
		sf_error_set("some of the rules named are not in profile '%s'",
		             s->profile_id);
		goto fail;
	}
	if (judge_excluded(s, c, paths, vals, npaths) < 0)
		goto fail;
	/* only containers the rules do not apply to */
	if (!s->evidence.nassessed && s->evidence.nexcluded &&
	    sf_evidence_inapplicable(&s->evidence) == s->evidence.nexcluded)
		for (i = 0; i < s->noutcomes; i++)
			if (s->outcomes[i].result == SF_XR_PASS)
				s->outcomes[i].result = SF_XR_NOTAPPLICABLE;
	sf_pending_file_release(&s->evidence.excluded_file);
	release_paths(walker, paths, vals, pr, npaths);
	s->oval = e;
	s->end_time = (long long)time(NULL);
	free(raw);
	sf_buf_release(&name);
	sf_buf_release(&excluded_out);
	sf_buf_release(&record);
	*out = s;
	return 0;
fail:
	release_paths(walker, paths, vals, pr, npaths);
	sf_oval_engine_free(e);
	free(raw);
	sf_buf_release(&name);
	sf_buf_release(&excluded_out);
	sf_buf_release(&record);
	sf_buf_release(&warn);
	sf_scan_free(s);
	return rc == SF_DOCKER_UNREACHABLE ? rc : -1;
}

void sf_scan_drop_oval(sf_scan *s)
{
	sf_oval_engine_free(s->oval);
	s->oval = NULL;
}

void sf_scan_free(sf_scan *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nsettings; i++)
		free(s->settings[i].value);
	free(s->settings);
	for (i = 0; i < s->noutcomes; i++) {
		offenses_free(s->outcomes[i].offenders,
		              s->outcomes[i].noffenders);
		offenses_free(s->outcomes[i].excluded_offenders,
		              s->outcomes[i].nexcluded_offenders);
		free(s->outcomes[i].problem);
	}
	sf_oval_engine_free(s->oval);
	free(s->outcomes);
	sf_evidence_release(&s->evidence);
	free(s->problems);
	free(s->evidence_path);
	sf_engine_info_release(&s->engine);
	if (s->target.kind)
		sf_host_release(&s->target);
	free(s->target_warning);
	sf_strpool_free(s->pool); /* last: the engine's values, the
	                             containers' strings */
	free(s);
}
