#include <stdlib.h>
#include <string.h>

#include "scan/evaluate.h"
#include "util/buf.h"
#include "util/xmlq.h"

sf_xccdf_result sf_xccdf_from_oval(sf_oval_result r)
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


/* Appends a value (text: in the pool of vals). */
static void push(sf_yvalues *vals, const char *text, long item)
{
	if (vals->count == vals->alloc) {
		vals->alloc = vals->alloc ? vals->alloc * 2 : 16;
		vals->v = sf_xrealloc(vals->v, vals->alloc * sizeof(*vals->v));
	}
	vals->v[vals->count].text = text;
	vals->v[vals->count++].item = item;
}

/* The YAML paths the OVAL objects read, so that the evidence filter can
 * evaluate them in its own pass over the evidence. */
size_t sf_eval_paths(const sf_content *c, sf_ypath ***out)
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
		text = sf_xml_text(p);
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
 * walker read: a path to it takes its values from the collector's
 * resolution. Returns whether path is such a path. */
static int resolved_values(const char *path, sf_yvalues *vals,
                           const sf_side *sd)
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
	for (j = 0; k < SF_NS_KINDS && j < sd->n; j++)
		if (sd->c[j].ns[k].effective && !sd->c[j].inapplicable)
			push(vals, sf_yvalues_keep(vals, sd->c[j].ns[k].effective),
			     (long)j);
	return 1;
}

/* The side's index of the container an input item is, or -1. */
static long side_index(const sf_evidence *ev, const sf_side *sd, long item)
{
	long p;

	if (item < 0 || (size_t)item >= ev->ninput)
		return -1;
	p = ev->placed[item];
	if (p == SF_PLACED_NA)
		return -1;
	if (sd->excluded)
		return p < 0 ? -p - 1 : -1;
	return p;
}

void sf_side_provide(sf_oval_engine *e, const char *file,
                     sf_ypath *const *paths, sf_yvalues *vals, size_t n,
                     const sf_evidence *ev, const sf_side *sd, int last,
                     sf_presence *pr)
{
	size_t i, j, kept;

	for (i = 0; i < n; i++) {
		sf_yvalues mine;
		int resolved;

		memset(&mine, 0, sizeof(mine));
		mine.pool = vals[i].pool; /* shared: the engine keeps them */
		pr[i].path = paths[i]->text;
		pr[i].present = sf_xcalloc(sd->n ? sd->n : 1, 1);
		resolved = resolved_values(paths[i]->text, &mine, sd);
		if (!resolved && last) {
			/* the side's values kept in place, renumbered */
			for (j = kept = 0; j < vals[i].count; j++) {
				long at = side_index(ev, sd, vals[i].v[j].item);

				if (at < 0)
					continue;
				pr[i].present[at] = 1;
				vals[i].v[kept].text = vals[i].v[j].text;
				vals[i].v[kept++].item = at;
			}
			vals[i].count = kept;
			mine = vals[i];
			memset(&vals[i], 0, sizeof(vals[i]));
		} else if (!resolved) {
			mine.error = vals[i].error;
			if (vals[i].message)
				mine.message = sf_xstrdup(vals[i].message);
			for (j = 0; j < vals[i].count; j++) {
				long at = side_index(ev, sd, vals[i].v[j].item);

				if (at < 0)
					continue;
				pr[i].present[at] = 1;
				push(&mine, vals[i].v[j].text, at);
			}
		}
		sf_oval_engine_provide_yaml(e, file, paths[i]->text, &mine);
		sf_yvalues_release(&mine);
	}
}

void sf_side_evaluate(sf_oval_engine *e, const sf_content *c,
                      const sf_xrule *r, const sf_side *sd,
                      const sf_presence *pr, size_t npr, sf_outcome *out)
{
	size_t i;

	if (!r->oval_def) {
		out->result = SF_XR_NOTCHECKED;
		return;
	}
	out->result =
	    sf_xccdf_from_oval(sf_oval_engine_definition(e, r->oval_def));
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
		sf_offenders_explain(out, c->oval, r->oval_def, sd->c, sd->n,
		                     pr, npr);
	}
}

