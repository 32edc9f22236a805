/*
 * OVAL tests: the items of a test's object against its states, entity by
 * entity and record field by field, combined by check, check_existence
 * and state_operator; the containers of the values found false are the
 * test's offenders.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"
#include "util/ns.h"

/* The YAML path an item was collected at, or NULL. */
static const char *item_yamlpath(const sf_item *it)
{
	size_t i;

	for (i = 0; it && i < it->nent; i++)
		if (!strcmp(it->ent[i].name, "yamlpath"))
			return it->ent[i].value;
	return NULL;
}

static void add_offender(sf_blame *b, long item, const char *value,
                         const char *yamlpath, const char *path)
{
	sf_oval_offender o;

	o.item = item;
	o.value = value;
	o.yamlpath = yamlpath;
	o.path = path;
	/* values are compared in item order: a repeat follows its first;
	 * the definition's offenders are made unique later anyway */
	if (!b || (item < 0 && !path) ||
	    (b->n && !sf_offender_place_cmp(&b->v[b->n - 1], &o)))
		return;
	b->v = sf_xgrow(b->v, &b->alloc, b->n + 1, sizeof(*b->v));
	b->v[b->n++] = o;
}

/* A file item at fault, by its path; value kept in the engine's pool. */
static void blame_file(sf_oval_engine *e, sf_blame *b, const sf_item *it,
                       const char *value)
{
	const char *path = sf_item_value(it, "path");

	if (b && b->by_path && path)
		add_offender(b, -1, sf_strpool_str(e->pool, value ? value : ""),
		             NULL, sf_strpool_str(e->pool, path));
}

/* One collected value against the expected values of a state entity,
 * combined by var_check. */
static sf_oval_result compare_one(sf_datatype dt, sf_operation op,
                                  const char *value, const char *const *expected,
                                  size_t nexp, sf_oval_operator var_check)
{
	sf_oval_tally t;
	size_t i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < nexp; i++)
		t.n[sf_entity_compare(dt, op, value, expected[i])]++;
	return sf_oval_combine(var_check, &t);
}

/* The values of a variable compared with by equals or not equal, when
 * they are many: sorted, each once, so that a value is looked up among
 * them instead of compared with each. NULL when the comparison is not
 * one of these. */
#define MANY_VALUES 16
static const char *const *many_values(sf_oval_engine *e, xmlNodePtr spec,
                                      sf_datatype dt, sf_operation op,
                                      sf_oval_operator var_check,
                                      size_t nexp, size_t *n)
{
	const char *const *sorted;
	char *ref;

	if (nexp < MANY_VALUES || dt != SF_DT_STRING ||
	    (op != SF_OPN_EQUALS && op != SF_OPN_NOT_EQUAL) ||
	    (var_check != SF_OP_AND && var_check != SF_OP_OR &&
	     var_check != SF_OP_NONE))
		return NULL;
	ref = sf_xml_prop(spec, "var_ref");
	sorted = *ref ? sf_engine_variable_sorted(e, ref, n) : NULL;
	free(ref);
	return sorted;
}

/* value against the sorted values (n) as compare_one would find it. */
static sf_oval_result compare_sorted(const char *const *sorted, size_t n,
                                     sf_operation op,
                                     sf_oval_operator var_check,
                                     const char *value)
{
	size_t lo = 0, hi = n;
	int found = 0, only; /* only: every value is this one */

	while (lo < hi && !found) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(sorted[mid], value);

		found = !cmp;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	only = found && n == 1;
	if (op == SF_OPN_EQUALS) /* true for the values equal to value */
		return var_check == SF_OP_OR     ? found ? SF_OVAL_TRUE : SF_OVAL_FALSE
		       : var_check == SF_OP_AND ? only ? SF_OVAL_TRUE : SF_OVAL_FALSE
		       : found                  ? SF_OVAL_FALSE
		                                : SF_OVAL_TRUE;
	/* not equal: true for the values other than value */
	return var_check == SF_OP_OR     ? only ? SF_OVAL_FALSE : SF_OVAL_TRUE
	       : var_check == SF_OP_AND ? found ? SF_OVAL_FALSE : SF_OVAL_TRUE
	       : only                   ? SF_OVAL_TRUE
	                                : SF_OVAL_FALSE;
}

/* A state entity (or record field) element against the collected values,
 * combined by entity_check; values whose comparison is false name their
 * containers (items, for a record's fields) or their file as offenders. */
static sf_oval_result check_entity(sf_oval_engine *e, sf_blame *blame,
                                   xmlNodePtr spec, const char *const *values,
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
	const char *one_exp, *const *exp = NULL, *const *sorted;
	size_t nexp = 0, nsorted = 0, i;
	sf_oval_tally t;

	if (dt == SF_DT_UNSUPPORTED || dt == SF_DT_RECORD ||
	    op == SF_OPN_UNSUPPORTED || entity_check < 0 || var_check < 0) {
		sf_engine_problem(
		    e, "unsupported datatype '%s' or operation '%s'", dts, ops);
		goto done;
	}
	if (sf_engine_entity_borrow(e, spec, &one_exp, &exp, &nexp) < 0)
		goto done;
	if (nexp == 0) {
		/* a var_ref whose variable has no value: nothing to compare
		 * with is an error, never a verdict */
		sf_engine_problem(
		    e, "the variable of a state entity has no value");
		goto done;
	}
	if (nvalues == 0) {
		/* the item lacks the entity */
		if (!items)
			blame_file(e, blame, it, "");
		r = SF_OVAL_FALSE;
		goto done;
	}
	sorted = many_values(e, spec, dt, op, (sf_oval_operator)var_check,
	                     nexp, &nsorted);
	memset(&t, 0, sizeof(t));
	for (i = 0; i < nvalues; i++) {
		sf_oval_result one =
		    sorted ? compare_sorted(sorted, nsorted, op,
		                            (sf_oval_operator)var_check,
		                            values[i])
		           : compare_one(dt, op, values[i], exp, nexp,
		                         (sf_oval_operator)var_check);

		if (one == SF_OVAL_FALSE && items)
			add_offender(blame, items[i], values[i],
			             item_yamlpath(it), NULL);
		else if (one == SF_OVAL_FALSE)
			blame_file(e, blame, it, values[i]);
		t.n[one]++;
	}
	r = sf_oval_combine((sf_oval_operator)entity_check, &t);
done:
	free(dts);
	free(ops);
	free(ec);
	free(vc);
	return r;
}

/* Every value an item holds for an entity name (records: no values). */
static size_t item_values(const sf_item *it, const char *name,
                          const char ***out)
{
	size_t i, n = 0;

	*out = sf_xcalloc(it->nent ? it->nent : 1, sizeof(char *));
	for (i = 0; i < it->nent; i++)
		if (!strcmp(it->ent[i].name, name) && !it->ent[i].field_name)
			(*out)[n++] = it->ent[i].value;
	return n;
}

static sf_oval_result check_record(sf_oval_engine *e, sf_blame *blame,
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
		const char **vals;
		char *name;
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
			if (!strcmp(rec->field_name, name)) {
				vals[n] = rec->fields[i].text;
				items[n++] = rec->fields[i].item;
			}
		if (n == 0) {
			/* the item's record has no such field */
			sf_engine_problem(e, "the item has no field '%s'",
			                  name);
			t.n[SF_OVAL_ERROR]++;
		} else {
			t.n[check_entity(e, blame, f, vals, items, n, it)]++;
		}
		free(vals);
		free(items);
		free(name);
	}
	return sf_oval_combine(SF_OP_AND, &t);
}

/* An item against a state: its entities combined by the state's
 * operator (default AND). */
sf_oval_result sf_engine_state(sf_oval_engine *e, xmlNodePtr state,
                               const sf_item *it, sf_blame *blame)
{
	int op = sf_engine_operator(state);
	sf_oval_tally t;
	xmlNodePtr c;

	if (op < 0)
		return SF_OVAL_ERROR;
	memset(&t, 0, sizeof(t));
	for (c = state->children; c; c = c->next) {
		const char **vals;
		char *dt;
		size_t n;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		dt = sf_xml_prop(c, "datatype");
		if (!strcmp(dt, "record")) {
			t.n[check_record(e, blame, c, it)]++;
		} else {
			n = item_values(it, (const char *)c->name, &vals);
			t.n[check_entity(e, blame, c, vals, NULL, n, it)]++;
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

	if (!family ||
	    strncmp(href, SF_NS_OVAL_DEF "#", strlen(SF_NS_OVAL_DEF) + 1))
		return 0;
	for (i = 0; i < 3; i++)
		if (!strcmp(family + 1, here[i]))
			return 0;
	return 1;
}

/* An item against the test's states, combined by the state operator;
 * *nstates gets how many the test has (none: existence alone decides). */
static sf_oval_result item_result(sf_oval_engine *e, const sf_node *test,
                                  int op, const sf_item *it, sf_blame *blame,
                                  size_t *nstates)
{
	sf_oval_tally states;
	xmlNodePtr c;

	memset(&states, 0, sizeof(states));
	*nstates = 0;
	for (c = test->node->children; c; c = c->next) {
		char *sid;
		sf_node *st;

		if (!sf_xml_is(c, NULL, "state"))
			continue;
		sid = sf_xml_prop(c, "state_ref");
		st = sf_engine_find(e, sid);
		free(sid);
		states.n[st ? sf_engine_state(e, st->node, it, blame)
		            : SF_OVAL_ERROR]++;
		(*nstates)++;
	}
	return *nstates ? sf_oval_combine((sf_oval_operator)op, &states)
	                : SF_OVAL_TRUE;
}

/* The test's offenders: blame's, for an item found false. */
static void keep_offenders(sf_node *test, const sf_blame *blame)
{
	size_t i;

	for (i = 0; i < blame->n; i++) {
		if (test->noffenders &&
		    !sf_offender_place_cmp(
		        &test->offenders[test->noffenders - 1], &blame->v[i]))
			continue;
		test->offenders =
		    sf_xgrow(test->offenders, &test->aoffenders,
		             test->noffenders + 1, sizeof(*test->offenders));
		test->offenders[test->noffenders++] = blame->v[i];
	}
}

/* A file that must not exist and does is at fault: each existing item,
 * by its path, with its first subexpression (else its text). */
static void blame_existing(sf_oval_engine *e, sf_node *test,
                           const sf_collected *col, sf_blame *blame)
{
	size_t i;

	blame->n = 0;
	for (i = 0; i < col->nitems; i++) {
		const sf_item *it = &col->items[i];
		const char *v = sf_item_value(it, "subexpression");

		if (it->status == SF_ITEM_EXISTS)
			blame_file(e, blame, it,
			           v ? v : sf_item_value(it, "text"));
	}
	keep_offenders(test, blame);
}

sf_oval_result sf_engine_test(sf_oval_engine *e, sf_node *test)
{
	char *check = sf_xml_prop(test->node, "check");
	char *exist = sf_xml_prop(test->node, "check_existence");
	char *sop = sf_xml_prop(test->node, "state_operator");
	int chk = sf_oval_operator_parse(check, 1);
	int ex = sf_existence_parse(*exist ? exist : "at_least_one_exists");
	int op = sf_oval_operator_parse(*sop ? sop : "AND", 0);
	xmlNodePtr objref = sf_xml_child(test->node, "object");
	sf_oval_result r = SF_OVAL_ERROR;
	const sf_collected *col;
	size_t counts[4] = {0, 0, 0, 0}, i, nstates = 0, nexisting = 0;
	sf_blame blame;
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
	memset(&blame, 0, sizeof(blame));
	/* file items name their files when at fault */
	blame.by_path =
	    sf_xml_is(obj->node, NULL, "textfilecontent54_object") ||
	    sf_xml_is(obj->node, NULL, "file_object");
	r = sf_oval_existence((sf_existence)ex, counts);
	if (r == SF_OVAL_FALSE && ex == SF_EXIST_NONE)
		blame_existing(e, test, col, &blame);
	if (r != SF_OVAL_TRUE) {
		free(blame.v);
		return r;
	}
	memset(&items, 0, sizeof(items));
	for (i = 0; i < col->nitems; i++) {
		if (col->items[i].status != SF_ITEM_EXISTS)
			continue;
		nexisting++;
		blame.n = 0;
		test->item_results[i] =
		    item_result(e, test, op, &col->items[i], &blame, &nstates);
		if (!nstates)
			continue;
		/* the values found false matter where the item is false */
		if (test->item_results[i] == SF_OVAL_FALSE)
			keep_offenders(test, &blame);
		items.n[test->item_results[i]]++;
	}
	free(blame.v);
	if (!col->nitems || (nexisting && !nstates))
		return SF_OVAL_TRUE;
	return sf_oval_combine((sf_oval_operator)chk, &items);
}
