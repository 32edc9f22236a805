/*
 * Who made a definition false: the offenders of the tests that did, found
 * by walking only the false, not negated branches of its criteria, each
 * container once, in the order found.
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

/* Walks only what made the criteria false: a false criteria's false,
 * not negated children. Results are cached, so nothing is collected or
 * evaluated again. */
static void gather(sf_oval_engine *e, xmlNodePtr criteria,
                   sf_oval_offender **out, size_t *n, int depth)
{
	xmlNodePtr c;

	if (!criteria || depth > 64 || sf_engine_negated(criteria) ||
	    sf_engine_criteria(e, criteria) != SF_OVAL_FALSE)
		return;
	for (c = criteria->children; c; c = c->next) {
		char *ref;
		sf_node *t;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "criteria")) {
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

static int by_item_then_order(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	if (x->o.item != y->o.item)
		return x->o.item < y->o.item ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

static int by_order(const void *a, const void *b)
{
	const ranked *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* Keeps the first offender of each container, in the order found. */
static size_t unique(sf_oval_offender *o, size_t n)
{
	ranked *r = sf_xcalloc(n ? n : 1, sizeof(*r));
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		r[i].o = o[i];
		r[i].at = i;
	}
	qsort(r, n, sizeof(*r), by_item_then_order);
	for (i = 0; i < n; i++)
		if (!k || r[k - 1].o.item != r[i].o.item)
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
