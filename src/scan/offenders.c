#include <stdlib.h>
#include <string.h>

#include "scan/offenders.h"
#include "util/buf.h"
#include "util/xmlq.h"

#define MAX_NESTING 64

xmlNodePtr sf_oval_element(xmlNodePtr oval, const char *section,
                           const char *id)
{
	xmlNodePtr sec = sf_xml_child(oval, section), n;

	for (n = sec ? sec->children : NULL; n; n = n->next) {
		xmlChar *v;
		int same;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		v = xmlGetProp(n, BAD_CAST "id");
		same = v && !strcmp((const char *)v, id);
		xmlFree(v);
		if (same)
			return n;
	}
	return NULL;
}

static void add_path(char ***paths, size_t *n, char *p)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*paths)[i], p)) {
			free(p);
			return;
		}
	*paths = sf_xrealloc(*paths, (*n + 1) * sizeof(**paths));
	(*paths)[(*n)++] = p;
}

static void object_paths(xmlNodePtr oval, const char *obj_id, char ***paths,
                         size_t *n, int depth);

/* The objects a variable's components name, wherever they stand. */
static void component_paths(xmlNodePtr oval, xmlNodePtr n, char ***paths,
                            size_t *np, int depth)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next) {
		char *ref;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		ref = sf_xml_prop(c, "object_ref");
		if (*ref)
			object_paths(oval, ref, paths, np, depth + 1);
		free(ref);
		component_paths(oval, c, paths, np, depth + 1);
	}
}

static void object_paths(xmlNodePtr oval, const char *obj_id, char ***paths,
                         size_t *n, int depth)
{
	xmlNodePtr o = sf_oval_element(oval, "objects", obj_id), v;
	char *ref;

	if (!o || depth > MAX_NESTING)
		return;
	if (sf_xml_is(o, NULL, "yamlfilecontent_object")) {
		add_path(paths, n, sf_xml_text(sf_xml_child(o, "yamlpath")));
		return;
	}
	if (!sf_xml_is(o, NULL, "variable_object"))
		return;
	ref = sf_xml_text(sf_xml_child(o, "var_ref"));
	v = sf_oval_element(oval, "variables", ref);
	free(ref);
	if (v)
		component_paths(oval, v, paths, n, depth);
}

static void criteria_paths(xmlNodePtr oval, xmlNodePtr criteria,
                           char ***paths, size_t *n, int depth)
{
	xmlNodePtr c, t, o;

	if (!criteria || depth > MAX_NESTING)
		return;
	for (c = criteria->children; c; c = c->next) {
		char *ref;

		if (sf_xml_is(c, NULL, "criteria")) {
			criteria_paths(oval, c, paths, n, depth + 1);
			continue;
		}
		if (!sf_xml_is(c, NULL, "criterion"))
			continue;
		ref = sf_xml_prop(c, "test_ref");
		t = sf_oval_element(oval, "tests", ref);
		free(ref);
		o = t ? sf_xml_child(t, "object") : NULL;
		if (!o)
			continue;
		ref = sf_xml_prop(o, "object_ref");
		object_paths(oval, ref, paths, n, depth + 1);
		free(ref);
	}
}

/* Every YAML path a definition reads, through its tests and objects. */
static size_t paths_read(xmlNodePtr oval, const char *def_id, char ***out)
{
	xmlNodePtr defs = sf_xml_child(oval, "definitions"), d;
	size_t n = 0;

	*out = NULL;
	for (d = defs ? defs->children : NULL; d; d = d->next) {
		char *id;
		int same;

		if (!sf_xml_is(d, NULL, "definition"))
			continue;
		id = sf_xml_prop(d, "id");
		same = !strcmp(id, def_id);
		free(id);
		if (same) {
			criteria_paths(oval, sf_xml_child(d, "criteria"), out,
			               &n, 0);
			break;
		}
	}
	return n;
}

/* The fields of each container a definition reads: its YAML paths but
 * the containers' IDs (which count them) and what the collector adds. */
static size_t fields_read(xmlNodePtr oval, const char *def_id, char ***out)
{
	size_t n = paths_read(oval, def_id, out), i, k = 0;

	for (i = 0; i < n; i++) {
		if (!strcmp((*out)[i], "[:].Id") ||
		    !strncmp((*out)[i], "[:].Scapforge.", 14))
			free((*out)[i]);
		else
			(*out)[k++] = (*out)[i];
	}
	return k;
}

/* The namespace kind whose field or resolved mode setting names. */
static int ns_kind(const char *setting)
{
	int k;

	for (k = 0; k < SF_NS_KINDS; k++) {
		const char *eff = sf_ns_effective_key((sf_ns_kind)k);

		if (!strcmp(setting, sf_ns_field((sf_ns_kind)k)) ||
		    (!strncmp(setting, "Scapforge.", 10) &&
		     !strcmp(setting + 10, eff)))
			return k;
	}
	return -1;
}

int sf_offenders_ns_kind(xmlNodePtr oval, const char *def_id)
{
	char **paths = NULL;
	size_t n = def_id ? paths_read(oval, def_id, &paths) : 0, i;
	int k = -1;

	for (i = 0; i < n; i++) {
		if (k < 0 && !strncmp(paths[i], "[:].", 4))
			k = ns_kind(paths[i] + 4);
		free(paths[i]);
	}
	free(paths);
	return k;
}

void sf_offense_release(sf_offense *f)
{
	free(f->value);
	free(f->setting);
	free(f->detail);
	memset(f, 0, sizeof(*f));
}

/* A joiner is named by its own field, with the chain that makes it a
 * finding; one whose chain ends in a container's own namespace is no
 * offender (the test of raw fields names every joiner). */
static size_t explain_joiners(sf_outcome *out, const sf_container *list)
{
	size_t i, kept = 0;

	for (i = 0; i < out->noffenders; i++) {
		sf_offense *f = &out->offenders[i];
		const sf_container *c = &list[f->container];
		int k = ns_kind(f->setting);
		const sf_nsmode *m = k >= 0 ? &c->ns[k] : NULL;

		if (m && m->mode) {
			if (sf_ns_is_joiner(m->mode) && m->effective &&
			    !strcmp(m->effective, "container")) {
				sf_offense_release(f);
				continue;
			}
			free(f->setting);
			free(f->value);
			f->setting = sf_xstrdup(sf_ns_field((sf_ns_kind)k));
			f->value = sf_xstrdup(m->mode);
			if (m->chain)
				f->detail = sf_xstrdup(m->chain);
		}
		out->offenders[kept++] = *f;
	}
	return kept;
}

static int by_container(const void *a, const void *b)
{
	const sf_offense *x = a, *y = b;

	return x->container < y->container ? -1 : x->container > y->container;
}

void sf_offenders_explain(sf_outcome *out, xmlNodePtr oval, const char *def_id,
                          const sf_container *list, size_t n,
                          const sf_presence *pr, size_t npr)
{
	char **fields = NULL;
	size_t nfields = fields_read(oval, def_id, &fields), i, j, p;
	/* the containers already named, so that each is named once */
	unsigned char *named = sf_xcalloc(n ? n : 1, 1);

	out->noffenders = explain_joiners(out, list);
	for (i = 0; i < out->noffenders; i++)
		named[out->offenders[i].container] = 1;
	for (i = 0; i < nfields; i++) {
		for (p = 0; p < npr && strcmp(pr[p].path, fields[i]); p++)
			;
		for (j = 0; p < npr && j < n; j++) {
			sf_offense *f;
			const char *setting = fields[i] + 4;

			if (strncmp(fields[i], "[:].", 4) || pr[p].present[j] ||
			    list[j].inapplicable || named[j])
				continue;
			named[j] = 1;
			out->offenders = sf_xrealloc(
			    out->offenders,
			    (out->noffenders + 1) * sizeof(*out->offenders));
			f = &out->offenders[out->noffenders++];
			memset(f, 0, sizeof(*f));
			f->container = (long)j;
			f->setting = sf_xstrdup(setting);
			f->value = NULL;
			f->detail = sf_xstrdup(
			    !strncmp(setting, "HostConfig.", 11) &&
			            !list[j].has_hostconfig
			        ? "missing (the container has no HostConfig)"
			        : "missing");
		}
		free(fields[i]);
	}
	free(fields);
	free(named);
	/* in the order of the evidence, each container once */
	qsort(out->offenders, out->noffenders, sizeof(*out->offenders),
	      by_container);
}
