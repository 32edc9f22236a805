#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"
#include "util/error.h"

#define NS_DEF "http://oval.mitre.org/XMLSchema/oval-definitions-5"

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
	    strcmp((const char *)defs->ns->href, NS_DEF) ||
	    strcmp((const char *)defs->name, "oval_definitions"))
		return sf_error_set("not an OVAL definitions document");
	e = sf_xcalloc(1, sizeof(*e));
	e->defs = defs;
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
	for (i = 0; i < e->nnodes; i++) {
		sf_collected_release(&e->nodes[i].collected);
		sf_strings_free(e->nodes[i].values.v, e->nodes[i].values.n);
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
	free(e);
}

void sf_oval_engine_set_external(sf_oval_engine *e, const char *var_id,
                                 const char *const *values, size_t n)
{
	sf_node *v = sf_engine_find(e, var_id);
	size_t i;

	if (!v)
		return;
	sf_strings_free(v->values.v, v->values.n);
	v->values.v = sf_xcalloc(n ? n : 1, sizeof(char *));
	for (i = 0; i < n; i++)
		v->values.v[i] = sf_xstrdup(values[i]);
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
	c->vals = *vals;
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

size_t sf_oval_engine_offenders(const sf_oval_engine *e, const char *test_id,
                                const sf_oval_offender **out)
{
	sf_node *t = sf_engine_find((sf_oval_engine *)e, test_id);

	*out = t ? t->offenders : NULL;
	return t ? t->noffenders : 0;
}

/* The YAML path an item was collected at, or NULL. */
static const char *item_yamlpath(const sf_item *it)
{
	size_t i;

	for (i = 0; it && i < it->nent; i++)
		if (!strcmp(it->ent[i].name, "yamlpath"))
			return it->ent[i].value;
	return NULL;
}

static void add_offender(sf_node *t, long item, const char *value,
                         const sf_item *it)
{
	/* values are compared in item order: a repeat follows its first;
	 * the definition's offenders are made unique later anyway */
	if (item < 0 ||
	    (t->noffenders && t->offenders[t->noffenders - 1].item == item))
		return;
	t->offenders = sf_xrealloc(t->offenders,
	                           (t->noffenders + 1) * sizeof(*t->offenders));
	t->offenders[t->noffenders].item = item;
	t->offenders[t->noffenders].value = value;
	t->offenders[t->noffenders++].yamlpath = item_yamlpath(it);
}

/* One collected value against the expected values of a state entity,
 * combined by var_check. */
static sf_oval_result compare_one(sf_datatype dt, sf_operation op,
                                  const char *value, char **expected,
                                  size_t nexp, sf_oval_operator var_check)
{
	sf_oval_tally t;
	size_t i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < nexp; i++)
		t.n[sf_entity_compare(dt, op, value, expected[i])]++;
	return sf_oval_combine(var_check, &t);
}

/* A state entity (or record field) element against the collected values,
 * combined by entity_check; values whose comparison is false name their
 * containers as offenders of the test. */
static sf_oval_result check_entity(sf_oval_engine *e, sf_node *test,
                                   xmlNodePtr spec, char **values,
                                   const long *items, size_t nvalues,
                                   const sf_item *it)
{
	char *dts = sf_xml_prop(spec, "datatype");
	char *ops = sf_xml_prop(spec, "operation");
	char *ec = sf_xml_prop(spec, "entity_check");
	char *vc = sf_xml_prop(spec, "var_check");
	sf_datatype dt = sf_datatype_parse(dts);
	sf_operation op = sf_operation_parse(ops);
	int entity_check = sf_oval_operator_parse(*ec ? ec : "all", 1);
	int var_check = sf_oval_operator_parse(*vc ? vc : "all", 1);
	sf_oval_result r = SF_OVAL_ERROR;
	char **exp = NULL;
	size_t nexp = 0, i;
	sf_oval_tally t;

	if (dt == SF_DT_UNSUPPORTED || dt == SF_DT_RECORD ||
	    op == SF_OPN_UNSUPPORTED || entity_check < 0 || var_check < 0) {
		sf_engine_problem(
		    e, "unsupported datatype '%s' or operation '%s'", dts, ops);
		goto done;
	}
	if (sf_engine_entity_values(e, spec, &exp, &nexp) < 0)
		goto done;
	if (nexp == 0) {
		/* a var_ref whose variable has no value: nothing to compare
		 * with is an error, never a verdict */
		sf_engine_problem(
		    e, "the variable of a state entity has no value");
		goto done;
	}
	if (nvalues == 0) {
		r = SF_OVAL_FALSE;
		goto done;
	}
	memset(&t, 0, sizeof(t));
	for (i = 0; i < nvalues; i++) {
		sf_oval_result one = compare_one(dt, op, values[i], exp, nexp,
		                                 (sf_oval_operator)var_check);

		if (one == SF_OVAL_FALSE && items)
			add_offender(test, items[i], values[i], it);
		t.n[one]++;
	}
	r = sf_oval_combine((sf_oval_operator)entity_check, &t);
done:
	sf_strings_free(exp, nexp);
	free(dts);
	free(ops);
	free(ec);
	free(vc);
	return r;
}

/* Every value an item holds for an entity name (records: no values). */
static size_t item_values(const sf_item *it, const char *name, char ***out)
{
	size_t i, n = 0;

	*out = sf_xcalloc(it->nent ? it->nent : 1, sizeof(char *));
	for (i = 0; i < it->nent; i++)
		if (!strcmp(it->ent[i].name, name) && !it->ent[i].field_names)
			(*out)[n++] = it->ent[i].value;
	return n;
}

static sf_oval_result check_record(sf_oval_engine *e, sf_node *test,
                                   xmlNodePtr spec, const sf_item *it)
{
	const sf_entity *rec = NULL;
	sf_oval_tally t;
	xmlNodePtr f;
	size_t i;

	for (i = 0; i < it->nent; i++)
		if (!strcmp(it->ent[i].name, (const char *)spec->name))
			rec = &it->ent[i];
	memset(&t, 0, sizeof(t));
	for (f = spec->children; f; f = f->next) {
		char *name, **vals;
		long *items;
		size_t n = 0;

		if (f->type != XML_ELEMENT_NODE)
			continue;
		name = sf_xml_prop(f, "name");
		vals = sf_xcalloc(rec && rec->nfields ? rec->nfields : 1,
		                  sizeof(char *));
		items = sf_xcalloc(rec && rec->nfields ? rec->nfields : 1,
		                   sizeof(long));
		for (i = 0; rec && i < rec->nfields; i++)
			if (!strcmp(rec->field_names[i], name)) {
				vals[n] = rec->field_values[i];
				items[n++] = rec->field_items[i];
			}
		if (n == 0) {
			/* the item's record has no such field */
			sf_engine_problem(e, "the item has no field '%s'",
			                  name);
			t.n[SF_OVAL_ERROR]++;
		} else {
			t.n[check_entity(e, test, f, vals, items, n, it)]++;
		}
		free(vals);
		free(items);
		free(name);
	}
	return sf_oval_combine(SF_OP_AND, &t);
}

/* An item against a state: its entities combined by the state's
 * operator (default AND). */
static sf_oval_result check_state(sf_oval_engine *e, sf_node *test,
                                  xmlNodePtr state, const sf_item *it)
{
	char *ops = sf_xml_prop(state, "operator");
	int op = sf_oval_operator_parse(*ops ? ops : "AND", 0);
	sf_oval_tally t;
	xmlNodePtr c;

	free(ops);
	if (op < 0)
		return SF_OVAL_ERROR;
	memset(&t, 0, sizeof(t));
	for (c = state->children; c; c = c->next) {
		char *dt, **vals;
		size_t n;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		dt = sf_xml_prop(c, "datatype");
		if (!strcmp(dt, "record")) {
			t.n[check_record(e, test, c, it)]++;
		} else {
			n = item_values(it, (const char *)c->name, &vals);
			t.n[check_entity(e, test, c, vals, NULL, n, it)]++;
			free(vals);
		}
		free(dt);
	}
	return sf_oval_combine((sf_oval_operator)op, &t);
}

/* Whether an element belongs to an OVAL family that is not about a
 * Linux host: scapforge knows independent, unix and linux. */
static int foreign(xmlNodePtr n)
{
	static const char *const here[] = {"independent", "unix", "linux"};
	const char *href = n->ns ? (const char *)n->ns->href : "";
	const char *family = strrchr(href, '#');
	size_t i;

	if (!family || strncmp(href, NS_DEF "#", strlen(NS_DEF) + 1))
		return 0;
	for (i = 0; i < 3; i++)
		if (!strcmp(family + 1, here[i]))
			return 0;
	return 1;
}

static sf_oval_result eval_test(sf_oval_engine *e, sf_node *test)
{
	char *check = sf_xml_prop(test->node, "check");
	char *exist = sf_xml_prop(test->node, "check_existence");
	char *sop = sf_xml_prop(test->node, "state_operator");
	int chk = sf_oval_operator_parse(check, 1);
	int ex = sf_existence_parse(*exist ? exist : "at_least_one_exists");
	int op = sf_oval_operator_parse(*sop ? sop : "AND", 0);
	xmlNodePtr objref = sf_xml_child(test->node, "object"), c;
	sf_oval_result r = SF_OVAL_ERROR;
	const sf_collected *col;
	size_t counts[4] = {0, 0, 0, 0}, i, nstates = 0, nexisting = 0;
	sf_oval_tally items;
	char *oid = NULL;
	sf_node *obj;

	free(check);
	free(exist);
	free(sop);
	/* ind:unknown_test always evaluates to unknown */
	if (!strcmp((const char *)test->node->name, "unknown_test"))
		return SF_OVAL_UNKNOWN;
	/* a test of another platform's family (windows, macos...) does not
	 * apply to this host */
	if (foreign(test->node)) {
		sf_engine_problem(e, "test '%s' is for another platform",
		                  test->id);
		return SF_OVAL_NOT_APPLICABLE;
	}
	if (chk < 0 || ex < 0 || op < 0 || !objref) {
		sf_engine_problem(e, "test '%s' is malformed", test->id);
		return SF_OVAL_ERROR;
	}
	oid = sf_xml_prop(objref, "object_ref");
	obj = sf_engine_find(e, oid);
	free(oid);
	if (!obj) {
		sf_engine_problem(e, "test '%s' names an unknown object",
		                  test->id);
		return SF_OVAL_ERROR;
	}
	col = sf_engine_collect(e, obj);
	if (col->flag == SF_FLAG_ERROR)
		return SF_OVAL_ERROR;
	if (col->flag == SF_FLAG_NOT_COLLECTED)
		return SF_OVAL_UNKNOWN;
	/* every item is reported, "not evaluated" until its states are */
	free(test->item_results);
	test->item_results = sf_xcalloc(col->nitems ? col->nitems : 1,
	                                sizeof(*test->item_results));
	test->nitem_results = col->nitems;
	for (i = 0; i < col->nitems; i++) {
		counts[col->items[i].status]++;
		test->item_results[i] = SF_OVAL_NOT_EVALUATED;
	}
	r = sf_oval_existence((sf_existence)ex, counts);
	if (r != SF_OVAL_TRUE)
		return r;
	memset(&items, 0, sizeof(items));
	for (i = 0; i < col->nitems; i++) {
		sf_oval_tally states;

		if (col->items[i].status != SF_ITEM_EXISTS)
			continue;
		nexisting++;
		memset(&states, 0, sizeof(states));
		nstates = 0;
		for (c = test->node->children; c; c = c->next) {
			char *sid;
			sf_node *st;

			if (c->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)c->name, "state"))
				continue;
			sid = sf_xml_prop(c, "state_ref");
			st = sf_engine_find(e, sid);
			free(sid);
			states.n[st ? check_state(e, test, st->node,
			                          &col->items[i])
			            : SF_OVAL_ERROR]++;
			nstates++;
		}
		if (!nstates) {
			/* no state: existence alone decides */
			test->item_results[i] = SF_OVAL_TRUE;
			continue;
		}
		test->item_results[i] =
		    sf_oval_combine((sf_oval_operator)op, &states);
		items.n[test->item_results[i]]++;
	}
	if (!col->nitems || (nexisting && !nstates))
		return SF_OVAL_TRUE;
	return sf_oval_combine((sf_oval_operator)chk, &items);
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
		n->result = eval_test(e, n);
	}
	n->state = 2;
	return n->result;
}

static sf_oval_result eval_criteria(sf_oval_engine *e, xmlNodePtr criteria)
{
	char *ops = sf_xml_prop(criteria, "operator");
	int op = sf_oval_operator_parse(*ops ? ops : "AND", 0);
	sf_oval_tally t;
	xmlNodePtr c;

	free(ops);
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

/* Walks only what made the criteria false: a false criteria's false,
 * not negated children. Results are cached, so nothing is collected or
 * evaluated again. */
static void gather(sf_oval_engine *e, xmlNodePtr criteria,
                   sf_oval_offender **out, size_t *n, int depth)
{
	xmlNodePtr c;

	if (!criteria || depth > 64 || sf_engine_negated(criteria) ||
	    eval_criteria(e, criteria) != SF_OVAL_FALSE)
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
