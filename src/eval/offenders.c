/*
 * Who made a definition false: the offenders of the tests that did, found
 * by walking only the false, not negated branches of its criteria, each
 * container (or file's folder) once, in the order found.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "util/buf.h"

size_t sf_oval_engine_offenders(const sf_oval_engine *e, const char *test_id,
                                const sf_oval_offender **out)
{
	sf_node *t = sf_engine_find((sf_oval_engine *)e, test_id);

	*out = t ? t->offenders : NULL;
	return t ? t->noffenders : 0;
}

/* Whether a branch of a false OR is off for a reason no item is at
 * fault for: it holds a test of a Value (ind:variable_test) found false,
 * such as "the exclusion pattern is empty". Its other tests may be false
 * too, but the fault lies in the branches that apply. */
static int branch_off(sf_oval_engine *e, xmlNodePtr criteria)
{
	xmlNodePtr c;

	for (c = criteria->children; c; c = c->next) {
		char *ref;
		sf_node *t;
		sf_oval_result r;

		if (!sf_xml_is(c, NULL, "criterion"))
			continue;
		ref = sf_xml_prop(c, "test_ref");
		t = sf_engine_find(e, ref);
		free(ref);
		if (!t || t->state != 2 ||
		    !sf_xml_is(t->node, NULL, "variable_test"))
			continue;
		r = sf_engine_negated(c) ? sf_oval_negate(t->result)
		                         : t->result;
		if (r == SF_OVAL_FALSE)
			return 1;
	}
	return 0;
}

/* Walks only what made the criteria false: a false criteria's false,
 * not negated children. Results are cached, so nothing is collected or
 * evaluated again. */
static void gather(sf_oval_engine *e, xmlNodePtr criteria,
                   sf_oval_offender **out, size_t *n, int depth)
{
	xmlNodePtr c;
	int any;

	if (!criteria || depth > 64 || sf_engine_negated(criteria) ||
	    sf_engine_criteria(e, criteria) != SF_OVAL_FALSE)
		return;
	any = sf_engine_operator(criteria) == SF_OP_OR;
	for (c = criteria->children; c; c = c->next) {
		char *ref;
		sf_node *t;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "criteria")) {
			if (!any || !branch_off(e, c))
				gather(e, c, out, n, depth + 1);
			continue;
		}
		if (sf_engine_negated(c))
			continue;
		if (!strcmp((const char *)c->name, "extend_definition")) {
			ref = sf_xml_prop(c, "definition_ref");
			t = sf_engine_find(e, ref);
			free(ref);
			if (t)
				gather(e, sf_xml_child(t->node, "criteria"),
				       out, n, depth + 1);
			continue;
		}
		ref = sf_xml_prop(c, "test_ref");
		t = sf_engine_find(e, ref);
		free(ref);
		if (!t || t->state != 2 || t->result != SF_OVAL_FALSE ||
		    !t->noffenders)
			continue;
		*out = sf_xrealloc(*out, (*n + t->noffenders) * sizeof(**out));
		memcpy(*out + *n, t->offenders, t->noffenders * sizeof(**out));
		*n += t->noffenders;
	}
}

typedef struct ranked {
	sf_oval_offender o;
	size_t at;
} ranked;

/* Offenders from records have no path; from files, no item. */
int sf_offender_place_cmp(const sf_oval_offender *x, const sf_oval_offender *y)
{
	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	if (!x->path || !y->path)
		return !x->path - !y->path;
	return strcmp(x->path, y->path);
}

static int by_place(const ranked *x, const ranked *y)
{
	return sf_offender_place_cmp(&x->o, &y->o);
}

static int by_place_then_order(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int c = by_place(x, y);

	if (c)
		return c;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int by_order(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* Keeps the first offender of each container or folder, in the order
 * found; those with neither are dropped. */
static size_t unique(sf_oval_offender *o, size_t n)
{
	ranked *r = sf_xcalloc(n ? n : 1, sizeof(*r));
	size_t i, k = 0, m = 0;

	for (i = 0; i < n; i++) {
		if (o[i].item < 0 && !o[i].path)
			continue;
		r[m].o = o[i];
		r[m].at = i;
		m++;
	}
	qsort(r, m, sizeof(*r), by_place_then_order);
	for (i = 0; i < m; i++)
		if (!k || by_place(&r[k - 1], &r[i]))
			r[k++] = r[i];
	qsort(r, k, sizeof(*r), by_order);
	for (i = 0; i < k; i++)
		o[i] = r[i].o;
	free(r);
	return k;
}

size_t sf_oval_engine_definition_offenders(sf_oval_engine *e,
                                           const char *def_id,
                                           sf_oval_offender **out)
{
	sf_node *d = sf_engine_find(e, def_id);
	size_t n = 0;

	*out = NULL;
	if (d)
		gather(e, sf_xml_child(d->node, "criteria"), out, &n, 0);
	return unique(*out, n);
}
