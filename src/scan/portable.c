/*
 * A scan of the portable data stream: its definitions, which read
 * Docker's own container files under the data root, evaluated by
 * scapforge's OVAL engine on this machine's file system, as a SCAP
 * scanner run on the host evaluates them. The verdicts are the
 * definitions'; the containers the reports name and count come from the
 * data root read as the definitions read it (collect/dataroot), and a
 * failed rule's offenders are the containers whose files the engine
 * found at fault, by the folder each item is in.
 *
 * The Benchmark's platform (Docker Engine) is checked by its CPE
 * dictionary's OVAL definition when the data root is this host's own;
 * a data root given with --data-root (a mounted disk image of another
 * host, say) is Docker's by the user's word, since what is installed on
 * this machine says nothing about it.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/dataroot.h"
#include "emit/emit.h"
#include "emit/portable.h"
#include "eval/engine.h"
#include "scan/evaluate.h"
#include "scan/offenders.h"
#include "scan/scan_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/xmlq.h"

/* The kind whose key a test's object looks for, or -1. */
static int test_kind(xmlNodePtr oval, const char *test_id)
{
	xmlNodePtr t = sf_oval_element(oval, "tests", test_id), ref, obj, pat;
	char *oid, *text;
	int k, found = -1;

	ref = t ? sf_xml_child(t, "object") : NULL;
	if (!ref)
		return -1;
	oid = sf_xml_prop(ref, "object_ref");
	obj = sf_oval_element(oval, "objects", oid);
	free(oid);
	pat = obj ? sf_xml_child(obj, "pattern") : NULL;
	if (!pat)
		return -1;
	text = sf_xml_text(pat);
	for (k = 0; k < SF_NS_KINDS && found < 0; k++) {
		sf_buf key = SF_BUF_INIT;

		sf_buf_printf(&key, "\"%s\":", sf_ns_key((sf_ns_kind)k));
		if (strstr(text, key.ptr))
			found = k;
		sf_buf_release(&key);
	}
	free(text);
	return found;
}

/* The namespace kind whose mode a definition reads: the key the objects
 * of its tests look for (as emit/oval_portable.c writes them), or -1. */
static int kind_read(xmlNodePtr oval, xmlNodePtr criteria, int depth)
{
	xmlNodePtr c;
	int k = -1;

	for (c = criteria ? criteria->children : NULL;
	     c && k < 0 && depth < 64; c = c->next) {
		char *ref;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "criteria")) {
			k = kind_read(oval, c, depth + 1);
			continue;
		}
		ref = sf_xml_prop(c, "test_ref");
		if (*ref)
			k = test_kind(oval, ref);
		free(ref);
	}
	return k;
}

/* The index in list of the container whose folder path is (its last
 * component, the ID), or -1. The list is sorted by ID. */
static long by_folder(const sf_container *list, size_t n, const char *path)
{
	const char *id = path ? strrchr(path, '/') : NULL;
	size_t lo = 0, hi = n;

	if (!id || strlen(++id) != 64)
		return -1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(list[mid].id, id);

		if (!cmp)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void add_offense(sf_offense **f, size_t *n, long at,
                        const sf_container *c, int kind)
{
	const sf_nsmode *m = kind >= 0 ? &c->ns[kind] : NULL;
	sf_offense *o;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*f)[i].container == at)
			return;
	*f = sf_xrealloc(*f, (*n + 1) * sizeof(**f));
	o = &(*f)[(*n)++];
	memset(o, 0, sizeof(*o));
	o->container = at;
	o->setting = sf_xstrdup(kind >= 0 ? sf_ns_field((sf_ns_kind)kind) : "");
	if (m && m->mode) {
		o->value = sf_xstrdup(m->mode);
		if (m->chain)
			o->detail = sf_xstrdup(m->chain);
	} else {
		o->detail = sf_xstrdup(c->has_hostconfig
		                           ? "missing"
		                           : "missing (no readable hostconfig.json)");
	}
}

static int by_container(const void *a, const void *b)
{
	const sf_offense *x = a, *y = b;

	return x->container < y->container ? -1 : x->container > y->container;
}

/* The containers of list (n) a false definition found at fault: those
 * whose folder holds an item the engine found false, and those whose
 * mode the definitions could not read (which makes them false too). */
static void offenders(sf_oval_engine *e, const char *def,
                      const sf_container *list, size_t n, int kind,
                      sf_offense **out, size_t *nout)
{
	sf_oval_offender *o = NULL;
	size_t no = sf_oval_engine_definition_offenders(e, def, &o), i;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < no; i++) {
		long at = by_folder(list, n, o[i].path);

		if (at >= 0)
			add_offense(out, nout, at, &list[at], kind);
	}
	free(o);
	for (i = 0; i < n && kind >= 0; i++)
		if (!list[i].ns[kind].mode)
			add_offense(out, nout, (long)i, &list[i], kind);
	if (*nout)
		qsort(*out, *nout, sizeof(**out), by_container);
}

/* Whether the platforms hold here: each one's CPE check is evaluated;
 * what does not make it true goes to why. */
static int applicable(const sf_content *c, sf_buf *why)
{
	size_t i;

	for (i = 0; i < c->nplatforms; i++) {
		const sf_platform *p = &c->platforms[i];
		sf_oval_engine *e;
		sf_oval_result r = SF_OVAL_ERROR;

		if (!p->oval || !p->def) {
			sf_buf_printf(why, "the platform %s has no check in "
			                   "the data stream's CPE dictionary",
			              p->cpe);
			return 0;
		}
		if (sf_oval_engine_new(&e, p->oval) == 0) {
			r = sf_oval_engine_definition(e, p->def);
			sf_oval_engine_free(e);
		}
		if (r != SF_OVAL_TRUE) {
			sf_buf_printf(why, "not applicable: this host is not %s "
			                   "(its check %s is %s)",
			              p->cpe, p->def, sf_oval_result_name(r));
			return 0;
		}
	}
	return 1;
}

int sf_scan_portable(sf_scan *s, const sf_content *c, xmlNodePtr profile,
                     const sf_scan_opts *o)
{
	const char *exclude = sf_scan_role_value(s, "exclusion-pattern");
	sf_buf problems = SF_BUF_INIT, why = SF_BUF_INIT;
	sf_oval_engine *e = NULL, *all = NULL;
	int local = !o->data_root, ok, kind;
	size_t i;
	char *root;

	if (o->data_root)
		sf_scan_set_role(s, SF_ROLE_DATA_ROOT, o->data_root);
	s->data_root = sf_scan_role_value(s, SF_ROLE_DATA_ROOT);
	root = sf_path_absolute(s->data_root);
	s->evidence_path = root;
	s->pool = sf_strpool_new();
	sf_target_of_data_root(&s->target, local, o->target, root, &problems);
	if (problems.len)
		s->target_warning = sf_buf_detach(&problems);
	if (sf_dataroot_read(root, exclude, s->pool, &s->evidence,
	                     &problems) < 0)
		goto fail;
	if (problems.len)
		s->problems = sf_buf_detach(&problems);
	ok = !local || applicable(c, &why);
	if (sf_oval_engine_new(&e, c->oval) < 0 ||
	    sf_oval_engine_new(&all, c->oval) < 0)
		goto fail;
	sf_oval_engine_use_pool(e, s->pool);
	sf_oval_engine_use_pool(all, s->pool);
	s->outcomes =
	    sf_xcalloc(c->nrules ? c->nrules : 1, sizeof(*s->outcomes));
	for (i = 0; i < c->nrules; i++) {
		const sf_xrule *r = &c->rules[i];
		sf_outcome *out;

		if (!sf_scan_selects(o, profile, r))
			continue;
		out = &s->outcomes[s->noutcomes++];
		memset(out, 0, sizeof(*out));
		out->rule = r;
		if (!r->oval_def) {
			out->result = SF_XR_NOTCHECKED;
			continue;
		}
		if (!ok) {
			out->result = SF_XR_NOTAPPLICABLE;
			out->problem = sf_xstrdup(why.ptr);
			continue;
		}
		sf_scan_exports(s, e, r, NULL, NULL);
		out->result = sf_xccdf_from_oval(
		    sf_oval_engine_definition(e, r->oval_def));
		if (out->result == SF_XR_ERROR &&
		    sf_oval_engine_last_problem(e))
			out->problem =
			    sf_xstrdup(sf_oval_engine_last_problem(e));
		kind = kind_read(c->oval,
		                 sf_xml_child(sf_oval_element(c->oval,
		                                              "definitions",
		                                              r->oval_def),
		                              "criteria"),
		                 0);
		if (out->result == SF_XR_FAIL)
			offenders(e, r->oval_def, s->evidence.assessed,
			          s->evidence.nassessed, kind, &out->offenders,
			          &out->noffenders);
		/* a result no container accounts for rests on what could
		 * not be read: say so where the offenders would be */
		if (!out->problem && !out->noffenders && s->problems &&
		    (out->result == SF_XR_FAIL || out->result == SF_XR_ERROR))
			out->problem = sf_xstrdup(s->problems);
		if (!s->evidence.nexcluded)
			continue;
		/* the excluded containers the rule would fail: the same
		 * definition with nothing excluded */
		sf_scan_exports(s, all, r, "exclusion-pattern", "");
		if (sf_oval_engine_definition(all, r->oval_def) ==
		    SF_OVAL_FALSE)
			offenders(all, r->oval_def, s->evidence.excluded,
			          s->evidence.nexcluded, kind,
			          &out->excluded_offenders,
			          &out->nexcluded_offenders);
	}
	if (o->rules && s->noutcomes < o->nrules) {
		sf_error_set("some of the rules named are not in profile '%s'",
		             s->profile_id);
		goto fail;
	}
	s->oval = e;
	sf_oval_engine_free(all);
	sf_buf_release(&why);
	return 0;
fail:
	sf_oval_engine_free(e);
	sf_oval_engine_free(all);
	sf_buf_release(&problems);
	sf_buf_release(&why);
	return -1;
}
