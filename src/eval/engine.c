/*
 * The OVAL engine: the definitions document indexed by ID, what the
 * scanner hands in (external variables, YAML values already read, files
 * standing in for others), and definitions evaluated through their
 * criteria, each node once (tests in test.c, objects in collect.c,
 * variables in variables.c, offenders in offenders.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/ns.h"

static int compare_nodes(const void *a, const void *b)
{
	return strcmp(((const sf_node *)a)->id, ((const sf_node *)b)->id);
}

void sf_strings_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void sf_engine_problem(sf_oval_engine *e, const char *fmt, ...)
{
	sf_buf b = SF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(e->problem);
	e->problem = sf_buf_detach(&b);
}

sf_node *sf_engine_find(sf_oval_engine *e, const char *id)
{
	sf_node key;

	key.id = id;
	return bsearch(&key, e->nodes, e->nnodes, sizeof(*e->nodes),
	               compare_nodes);
}

/* Indexes every element with an id under the five sections. */
static void index_section(sf_oval_engine *e, xmlNodePtr section)
{
	xmlNodePtr c;

	for (c = section ? section->children : NULL; c; c = c->next) {
		xmlChar *id;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		id = xmlGetProp(c, BAD_CAST "id");
		if (!id)
			continue;
		e->nodes =
		    sf_xrealloc(e->nodes, (e->nnodes + 1) * sizeof(*e->nodes));
		e->ids = sf_xrealloc(e->ids, (e->nnodes + 1) * sizeof(*e->ids));
		memset(&e->nodes[e->nnodes], 0, sizeof(*e->nodes));
		e->ids[e->nnodes] = id;
		e->nodes[e->nnodes].id = (const char *)id;
		e->nodes[e->nnodes].node = c;
		e->nnodes++;
	}
}

int sf_oval_engine_new(sf_oval_engine **out, xmlNodePtr defs)
{
	static const char *const sections[] = {
	    "definitions", "tests", "objects", "states", "variables"};
	sf_oval_engine *e;
	size_t i;

	*out = NULL;
	if (!defs || !defs->ns ||
	    strcmp((const char *)defs->ns->href, SF_NS_OVAL_DEF) ||
	    strcmp((const char *)defs->name, "oval_definitions"))
		return sf_error_set("not an OVAL definitions document");
	e = sf_xcalloc(1, sizeof(*e));
	e->defs = defs;
	e->pool = sf_strpool_new();
	e->own_pool = 1;
	for (i = 0; i < 5; i++)
		index_section(e, sf_xml_child(defs, sections[i]));
	if (e->nnodes > 1)
		qsort(e->nodes, e->nnodes, sizeof(*e->nodes), compare_nodes);
	*out = e;
	return 0;
}

void sf_oval_engine_free(sf_oval_engine *e)
{
	size_t i;

	if (!e)
		return;
	sf_regex_forget();
	sf_match_cache_free(e->matches);
	for (i = 0; i < e->nnodes; i++) {
		sf_collected_release(&e->nodes[i].collected);
		free(e->nodes[i].values.v);
		free(e->nodes[i].values.sorted);
		free(e->nodes[i].offenders);
		free(e->nodes[i].item_results);
		xmlFree(e->ids[i]);
	}
	for (i = 0; i < e->ncache; i++) {
		free(e->cache[i].file);
		free(e->cache[i].path);
		sf_yvalues_release(&e->cache[i].vals);
	}
	free(e->cache);
	for (i = 0; i < e->nstand_ins; i++) {
		free(e->stand_ins[i].path);
		free(e->stand_ins[i].where);
	}
	free(e->stand_ins);
	free(e->nodes);
	free(e->ids);
	free(e->problem);
	if (e->own_pool)
		sf_strpool_free(e->pool);
	free(e);
}

void sf_oval_engine_use_pool(sf_oval_engine *e, sf_strpool *pool)
{
	if (e->own_pool)
		sf_strpool_free(e->pool);
	e->pool = pool;
	e->own_pool = 0;
}

void sf_oval_engine_set_external(sf_oval_engine *e, const char *var_id,
                                 const char *const *values, size_t n)
{
	sf_node *v = sf_engine_find(e, var_id);
	size_t i;

	if (!v)
		return;
	free(v->values.v);
	free(v->values.sorted);
	v->values.sorted = NULL;
	v->values.v = sf_xcalloc(n ? n : 1, sizeof(*v->values.v));
	for (i = 0; i < n; i++)
		v->values.v[i] = sf_strpool_str(e->pool, values[i]);
	v->values.n = n;
	v->values.done = 1;
	v->values.error = 0;
}

void sf_oval_engine_provide_yaml(sf_oval_engine *e, const char *file,
                                 const char *yamlpath, sf_yvalues *vals)
{
	sf_yaml_cache *c;

	e->cache = sf_xrealloc(e->cache, (e->ncache + 1) * sizeof(*e->cache));
	c = &e->cache[e->ncache++];
	c->file = sf_xstrdup(file);
	c->path = sf_xstrdup(yamlpath);
	if (vals->pool != e->pool) {
		/* the texts move to the pool they will be used from */
		size_t i;

		for (i = 0; i < vals->count; i++)
			vals->v[i].text = sf_strpool_str(e->pool, vals->v[i].text);
		if (vals->own_pool)
			sf_strpool_free(vals->pool);
	}
	c->vals = *vals;
	c->vals.pool = e->pool;
	c->vals.own_pool = 0;
	memset(vals, 0, sizeof(*vals));
}

void sf_oval_engine_provide_file(sf_oval_engine *e, const char *path,
                                 const char *where)
{
	sf_file_stand_in *f;

	e->stand_ins = sf_xrealloc(e->stand_ins,
	                           (e->nstand_ins + 1) * sizeof(*e->stand_ins));
	f = &e->stand_ins[e->nstand_ins++];
	f->path = sf_xstrdup(path);
	f->where = sf_xstrdup(where);
}

const char *sf_engine_where(const sf_oval_engine *e, const char *path)
{
	size_t i;

	for (i = e->nstand_ins; i-- > 0;)
		if (!strcmp(e->stand_ins[i].path, path))
			return e->stand_ins[i].where;
	return path;
}

const char *sf_oval_engine_last_problem(const sf_oval_engine *e)
{
	return e->problem;
}

static sf_oval_result eval_criteria(sf_oval_engine *e, xmlNodePtr criteria);

static sf_oval_result eval_ref(sf_oval_engine *e, const char *id, int is_def)
{
	sf_node *n = sf_engine_find(e, id);

	if (!n) {
		sf_engine_problem(e, "unknown %s '%s'",
		                  is_def ? "definition" : "test", id);
		return SF_OVAL_ERROR;
	}
	if (n->state == 2)
		return n->result;
	if (n->state == 1) {
		sf_engine_problem(e, "'%s' refers to itself", id);
		return SF_OVAL_ERROR;
	}
	n->state = 1;
	if (is_def) {
		xmlNodePtr crit = sf_xml_child(n->node, "criteria");

		n->result =
		    crit ? eval_criteria(e, crit) : SF_OVAL_NOT_EVALUATED;
	} else {
		n->result = sf_engine_test(e, n);
	}
	n->state = 2;
	return n->result;
}

int sf_engine_operator(xmlNodePtr n)
{
	char *ops = sf_xml_prop(n, "operator");
	int op = sf_oval_operator_parse(*ops ? ops : "AND", 0);

	free(ops);
	return op;
}

static sf_oval_result eval_criteria(sf_oval_engine *e, xmlNodePtr criteria)
{
	int op = sf_engine_operator(criteria);
	sf_oval_tally t;
	xmlNodePtr c;

	if (op < 0)
		return SF_OVAL_ERROR;
	memset(&t, 0, sizeof(t));
	for (c = criteria->children; c; c = c->next) {
		sf_oval_result r;
		char *ref;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "criteria")) {
			t.n[eval_criteria(e, c)]++;
			continue;
		}
		if (!strcmp((const char *)c->name, "criterion")) {
			ref = sf_xml_prop(c, "test_ref");
			r = eval_ref(e, ref, 0);
		} else if (!strcmp((const char *)c->name,
		                   "extend_definition")) {
			ref = sf_xml_prop(c, "definition_ref");
			r = eval_ref(e, ref, 1);
		} else {
			continue;
		}
		if (sf_engine_negated(c))
			r = sf_oval_negate(r);
		t.n[r]++;
		free(ref);
	}
	return sf_engine_negated(criteria)
	           ? sf_oval_negate(sf_oval_combine((sf_oval_operator)op, &t))
	           : sf_oval_combine((sf_oval_operator)op, &t);
}

sf_oval_result sf_engine_criteria(sf_oval_engine *e, xmlNodePtr criteria)
{
	return eval_criteria(e, criteria);
}

sf_oval_result sf_oval_engine_definition(sf_oval_engine *e, const char *id)
{
	return eval_ref(e, id, 1);
}

int sf_engine_negated(xmlNodePtr n)
{
	char *neg = sf_xml_prop(n, "negate");
	int r = !strcmp(neg, "true") || !strcmp(neg, "1");

	free(neg);
	return r;
}
