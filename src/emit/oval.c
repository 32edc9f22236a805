/*
 * The OVAL 5.11.3 definitions. Each rule becomes one compliance
 * definition that reads the docker inspect evidence as structured data
 * (ind:yamlfilecontent: JSON is YAML) and is true only when
 *   - the evidence file exists and holds a JSON array (the guard:
 *     missing, empty, truncated or non-array evidence is never a pass),
 *   - the array holds no container, or as many values of the field as
 *     containers (a container lacking the field is not a pass), and
 *   - no value of the field is a finding (a conditional finding counts
 *     only while its boolean Value is true).
 * Scanners such as OpenSCAP return every container's value in one item,
 * so the definition speaks of the whole evidence; scapforge's own report
 * names the offending containers.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "emit/oval_ids.h"
#include "emit/xmlw.h"
#include "util/error.h"

/* The start of a JSON array, after optional white space. Only "[" is
 * matched so that the item stays small whatever the file's size. */
#define ARRAY_START_PATTERN "\\A\\s*\\["

/* The shared tests over one evidence Value. */
typedef struct evidence_ids {
	unsigned long guard_test;
	unsigned long empty_test;
	unsigned long count_var;
} evidence_ids;

typedef struct oval_ctx {
	const sf_benchmark *b;
	const sf_emit_opts *o;
	sf_oval_ids *ids;
	xmlNsPtr def, common, ind;
	xmlNodePtr definitions, tests, objects, states, variables;
	unsigned long next_tst, next_obj, next_ste, next_var;
	evidence_ids *evidence; /* by Value index; 0 IDs: not made yet */
} oval_ctx;

static void set_oval_id(oval_ctx *c, xmlNodePtr n, const char *type,
                        unsigned long num)
{
	char *id = sf_oval_id(c->b, type, num);

	sf_xml_attr(n, "id", id);
	sf_xml_attr(n, "version", "1");
	free(id);
}

static void set_ref(oval_ctx *c, xmlNodePtr n, const char *attr,
                    const char *type, unsigned long num)
{
	char *id = sf_oval_id(c->b, type, num);

	sf_xml_attr(n, attr, id);
	free(id);
}

/* <element var_ref="..."/> pointing at the evidence path variable. */
static void add_filepath(oval_ctx *c, xmlNodePtr obj, size_t value_index)
{
	xmlNodePtr n = sf_xml_add(obj, c->ind, "filepath", NULL);

	set_ref(c, n, "var_ref", "var",
	        sf_oval_ids_value_var(c->ids, value_index));
	sf_xml_attr(n, "var_check", "all");
}

static xmlNodePtr new_test(oval_ctx *c, const char *kind, const char *check,
                           const char *existence, const char *comment,
                           unsigned long *num)
{
	xmlNodePtr t = sf_xml_add(c->tests, c->ind, kind, NULL);

	*num = c->next_tst++;
	set_oval_id(c, t, "tst", *num);
	sf_xml_attr(t, "check", check);
	sf_xml_attr(t, "check_existence", existence);
	sf_xml_attr(t, "comment", comment);
	return t;
}

static unsigned long yaml_object(oval_ctx *c, size_t value_index,
                                 const char *yamlpath, const char *comment)
{
	xmlNodePtr o =
	    sf_xml_add(c->objects, c->ind, "yamlfilecontent_object", NULL);
	unsigned long num = c->next_obj++;

	set_oval_id(c, o, "obj", num);
	sf_xml_attr(o, "comment", comment);
	add_filepath(c, o, value_index);
	sf_xml_add(o, c->ind, "yamlpath", yamlpath);
	return num;
}

/* A local variable counting the values an object collects. */
static unsigned long count_variable(oval_ctx *c, unsigned long obj,
                                    const char *comment)
{
	xmlNodePtr v = sf_xml_add(c->variables, c->def, "local_variable", NULL);
	xmlNodePtr n;
	unsigned long num = c->next_var++;

	set_oval_id(c, v, "var", num);
	sf_xml_attr(v, "datatype", "int");
	sf_xml_attr(v, "comment", comment);
	n = sf_xml_add(v, c->def, "count", NULL);
	n = sf_xml_add(n, c->def, "object_component", NULL);
	set_ref(c, n, "object_ref", "obj", obj);
	sf_xml_attr(n, "item_field", "value");
	sf_xml_attr(n, "record_field", "#");
	return num;
}

/* A variable_test: the variable's value compared by the state, whose
 * <value> is returned for the caller to fill. */
static unsigned long variable_test(oval_ctx *c, unsigned long var,
                                   const char *comment, xmlNodePtr *value)
{
	xmlNodePtr t, o, s;
	unsigned long tst, obj = c->next_obj++, ste = c->next_ste++;
	char *id;

	t = new_test(c, "variable_test", "all", "at_least_one_exists", comment,
	             &tst);
	set_ref(c, sf_xml_add(t, c->ind, "object", NULL), "object_ref", "obj",
	        obj);
	set_ref(c, sf_xml_add(t, c->ind, "state", NULL), "state_ref", "ste",
	        ste);
	o = sf_xml_add(c->objects, c->ind, "variable_object", NULL);
	set_oval_id(c, o, "obj", obj);
	sf_xml_attr(o, "comment", comment);
	id = sf_oval_id(c->b, "var", var);
	sf_xml_add(o, c->ind, "var_ref", id);
	free(id);
	s = sf_xml_add(c->states, c->ind, "variable_state", NULL);
	set_oval_id(c, s, "ste", ste);
	sf_xml_attr(s, "comment", comment);
	*value = sf_xml_add(s, c->ind, "value", NULL);
	return tst;
}

/* The tests every rule reading this evidence Value shares. */
static const evidence_ids *evidence_tests(oval_ctx *c, size_t value_index)
{
	evidence_ids *e = &c->evidence[value_index];
	xmlNodePtr t, o, n;
	unsigned long obj, ids_obj;

	if (e->guard_test)
		return e;
	t = new_test(c, "textfilecontent54_test", "all", "at_least_one_exists",
	             "the evidence file exists and holds a JSON array",
	             &e->guard_test);
	obj = c->next_obj++;
	set_ref(c, sf_xml_add(t, c->ind, "object", NULL), "object_ref", "obj",
	        obj);
	o = sf_xml_add(c->objects, c->ind, "textfilecontent54_object", NULL);
	set_oval_id(c, o, "obj", obj);
	sf_xml_attr(o, "comment", "the opening bracket of the evidence array");
	n = sf_xml_add(o, c->ind, "behaviors", NULL);
	sf_xml_attr(n, "singleline", "false");
	sf_xml_attr(n, "multiline", "false");
	add_filepath(c, o, value_index);
	n = sf_xml_add(o, c->ind, "pattern", ARRAY_START_PATTERN);
	sf_xml_attr(n, "operation", "pattern match");
	n = sf_xml_add(o, c->ind, "instance", "1");
	sf_xml_attr(n, "datatype", "int");

	ids_obj = yaml_object(c, value_index, "[:].Id",
	                      "the ID of every container in the evidence");
	t = new_test(c, "yamlfilecontent_test", "all", "none_exist",
	             "the evidence holds no container", &e->empty_test);
	set_ref(c, sf_xml_add(t, c->ind, "object", NULL), "object_ref", "obj",
	        ids_obj);
	e->count_var = count_variable(
	    c, ids_obj, "the number of containers in the evidence");
	return e;
}

static size_t value_index(const sf_benchmark *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->nvalues; i++)
		if (!strcmp(b->values[i].id, id))
			break;
	return i;
}

static xmlNodePtr add_criterion(oval_ctx *c, xmlNodePtr criteria,
                                unsigned long tst, const char *comment)
{
	xmlNodePtr n = sf_xml_add(criteria, c->def, "criterion", NULL);

	set_ref(c, n, "test_ref", "tst", tst);
	sf_xml_attr(n, "comment", comment);
	return n;
}

static xmlNodePtr add_criteria(oval_ctx *c, xmlNodePtr parent, const char *op,
                               const char *comment)
{
	xmlNodePtr n = sf_xml_add(parent, c->def, "criteria", NULL);

	sf_xml_attr(n, "operator", op);
	sf_xml_attr(n, "comment", comment);
	return n;
}

/* A test that every value the object collects compares true with
 * value under operation. */
static unsigned long value_test(oval_ctx *c, unsigned long obj,
                                const char *comment, const char *operation,
                                const char *value)
{
	xmlNodePtr t, s, v, n;
	unsigned long tst, ste = c->next_ste++;

	t = new_test(c, "yamlfilecontent_test", "all", "any_exist", comment,
	             &tst);
	set_ref(c, sf_xml_add(t, c->ind, "object", NULL), "object_ref", "obj",
	        obj);
	set_ref(c, sf_xml_add(t, c->ind, "state", NULL), "state_ref", "ste",
	        ste);
	s = sf_xml_add(c->states, c->ind, "yamlfilecontent_state", NULL);
	set_oval_id(c, s, "ste", ste);
	sf_xml_attr(s, "comment", comment);
	v = sf_xml_add(s, c->ind, "value", NULL);
	sf_xml_attr(v, "datatype", "record");
	n = sf_xml_add(v, c->def, "field", value);
	sf_xml_attr(n, "name", "#");
	sf_xml_attr(n, "operation", operation);
	sf_xml_attr(n, "entity_check", "all");
	return tst;
}

/* A test that no value of the field equals the finding. */
static unsigned long finding_test(oval_ctx *c, unsigned long field_obj,
                                  const sf_rule *r, const sf_finding *f)
{
	sf_buf comment = SF_BUF_INIT;
	unsigned long tst;

	sf_buf_printf(&comment, "no container has %s \"%s\"", r->check.field,
	              f->equals);
	tst = value_test(c, field_obj, sf_buf_cstr(&comment), "not equal",
	                 f->equals);
	sf_buf_release(&comment);
	return tst;
}

/* A test that the number of values obj collects is the number of
 * containers. */
static unsigned long reports_test(oval_ctx *c, const evidence_ids *e,
                                  unsigned long obj, const char *field)
{
	sf_buf text = SF_BUF_INIT;
	unsigned long count_var, tst;
	xmlNodePtr n;

	sf_buf_printf(&text, "the number of %s values", field);
	count_var = count_variable(c, obj, sf_buf_cstr(&text));
	sf_buf_clear(&text);
	sf_buf_printf(&text, "every container reports %s", field);
	tst = variable_test(c, count_var, sf_buf_cstr(&text), &n);
	sf_xml_attr(n, "datatype", "int");
	sf_xml_attr(n, "operation", "equals");
	set_ref(c, n, "var_ref", "var", e->count_var);
	sf_xml_attr(n, "var_check", "all");
	sf_buf_release(&text);
	return tst;
}

/*
 * A namespace mode that may join another namespace passes when no
 * container joins one (the field alone decides, as on raw docker inspect
 * output), or when the evidence carries every container's mode as the
 * collector resolved it and none is "host" or "unresolved". A joiner in
 * evidence without the resolved modes cannot pass.
 */
static void add_joins(oval_ctx *c, xmlNodePtr top, const sf_rule *r,
                      size_t ev, const evidence_ids *e,
                      unsigned long field_obj)
{
	const char *last = strrchr(r->check.field, '.');
	sf_buf eff = SF_BUF_INIT, path = SF_BUF_INIT, text = SF_BUF_INIT;
	xmlNodePtr any, all;
	unsigned long tst, eff_obj;
	static const char *const bad[] = {"host", "unresolved"};
	size_t i;

	sf_buf_printf(&eff, "Scapforge.Effective%s",
	              last ? last + 1 : r->check.field);
	sf_buf_printf(&path, "[:].%s", sf_buf_cstr(&eff));
	any = add_criteria(
	    c, top, "OR",
	    "no container joins a namespace that is or may be the host's");
	sf_buf_printf(&text,
	              "no container's %s joins another namespace (container: or ns:)",
	              r->check.field);
	tst = value_test(c, field_obj, sf_buf_cstr(&text), "pattern match",
	                 "^(?!(container|ns):)");
	add_criterion(c, any, tst, sf_buf_cstr(&text));
	sf_buf_clear(&text);
	sf_buf_printf(&text,
	              "every container reports %s, and none is \"host\" or \"unresolved\"",
	              sf_buf_cstr(&eff));
	all = add_criteria(c, any, "AND", sf_buf_cstr(&text));
	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s of every container, as the collector resolved it",
	              r->check.field);
	eff_obj = yaml_object(c, ev, sf_buf_cstr(&path), sf_buf_cstr(&text));
	tst = reports_test(c, e, eff_obj, sf_buf_cstr(&eff));
	sf_buf_clear(&text);
	sf_buf_printf(&text, "every container reports %s", sf_buf_cstr(&eff));
	add_criterion(c, all, tst, sf_buf_cstr(&text));
	for (i = 0; i < 2; i++) {
		sf_buf_clear(&text);
		sf_buf_printf(&text, "no container has %s \"%s\"",
		              sf_buf_cstr(&eff), bad[i]);
		tst = value_test(c, eff_obj, sf_buf_cstr(&text), "not equal",
		                 bad[i]);
		add_criterion(c, all, tst, sf_buf_cstr(&text));
	}
	sf_buf_release(&eff);
	sf_buf_release(&path);
	sf_buf_release(&text);
}

/* A finding's criterion; a conditional one passes while its boolean
 * Value is false. */
static void add_finding(oval_ctx *c, xmlNodePtr top, const sf_rule *r,
                        const sf_finding *f, unsigned long field_obj)
{
	sf_buf comment = SF_BUF_INIT;
	unsigned long tst = finding_test(c, field_obj, r, f), flag;
	xmlNodePtr sub, v;

	sf_buf_printf(&comment, "no container has %s \"%s\"", r->check.field,
	              f->equals);
	if (!f->when) {
		add_criterion(c, top, tst, sf_buf_cstr(&comment));
		sf_buf_release(&comment);
		return;
	}
	sf_buf_printf(&comment, ", or the Value %s is false", f->when);
	sub = add_criteria(c, top, "OR", sf_buf_cstr(&comment));
	sf_buf_clear(&comment);
	sf_buf_printf(&comment, "the Value %s is false", f->when);
	flag = variable_test(
	    c, sf_oval_ids_value_var(c->ids, value_index(c->b, f->when)),
	    sf_buf_cstr(&comment), &v);
	xmlNodeSetContent(v, BAD_CAST "false");
	sf_xml_attr(v, "datatype", "boolean");
	sf_xml_attr(v, "operation", "equals");
	add_criterion(c, sub, flag, sf_buf_cstr(&comment));
	sf_buf_clear(&comment);
	sf_buf_printf(&comment, "no container has %s \"%s\"", r->check.field,
	              f->equals);
	add_criterion(c, sub, tst, sf_buf_cstr(&comment));
	sf_buf_release(&comment);
}

static void add_definition(oval_ctx *c, const sf_rule *r)
{
	const sf_rule_ids *ids = sf_rule_ids_for(r, c->o->release);
	size_t ev = value_index(c->b, r->check.evidence);
	const evidence_ids *e = evidence_tests(c, ev);
	sf_buf text = SF_BUF_INIT, path = SF_BUF_INIT;
	xmlNodePtr d, m, n, top, sub;
	unsigned long field_obj, tst;
	size_t i;

	d = sf_xml_add(c->definitions, c->def, "definition", NULL);
	set_oval_id(c, d, "def", sf_rule_number(r));
	sf_xml_attr(d, "class", "compliance");
	m = sf_xml_add(d, c->def, "metadata", NULL);
	sf_buf_printf(&text, "%s: %s", r->stig_id, r->title);
	sf_xml_add(m, c->def, "title", sf_buf_cstr(&text));
	n = sf_xml_add(m, c->def, "affected", NULL);
	sf_xml_attr(n, "family", "unix");
	sf_xml_add(n, c->def, "platform", "Docker Engine");
	n = sf_xml_add(m, c->def, "reference", NULL);
	sf_xml_attr(n, "source", "DISA");
	sf_xml_attr(n, "ref_id", ids->rule_id);
	for (i = 0; i < r->nccis; i++) {
		n = sf_xml_add(m, c->def, "reference", NULL);
		sf_xml_attr(n, "source", "CCI");
		sf_xml_attr(n, "ref_id", r->ccis[i]);
	}
	sf_buf_clear(&text);
	sf_buf_printf(
	    &text,
	    "True when the docker inspect evidence file holds a JSON array "
	    "and no container in it, running or stopped, has %s",
	    r->check.field);
	for (i = 0; i < r->check.nfindings; i++)
		sf_buf_printf(
		    &text, "%s\"%s\"%s%s%s", i == 0 ? " " : " or ",
		    r->check.findings[i].equals,
		    r->check.findings[i].when ? " (while the Value " : "",
		    r->check.findings[i].when ? r->check.findings[i].when : "",
		    r->check.findings[i].when ? " is true)" : "");
	sf_buf_puts(&text, "; a container that lacks the field is not a pass");
	if (r->check.joinable)
		sf_buf_puts(&text,
		            "; a container that joins another container's namespace (container:NAME, directly or through others) or the one at a path (ns:PATH) has that namespace: the host's is a finding, and one the evidence does not resolve (Scapforge.Effective...) is not a pass");
	sf_buf_puts(&text, ".");
	sf_xml_add(m, c->def, "description", sf_buf_cstr(&text));

	sf_buf_printf(&path, "[:].%s", r->check.field);
	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s of every container", r->check.field);
	field_obj = yaml_object(c, ev, sf_buf_cstr(&path), sf_buf_cstr(&text));
	tst = reports_test(c, e, field_obj, r->check.field);

	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s: no container shares the namespace",
	              r->stig_id);
	top = add_criteria(c, d, "AND", sf_buf_cstr(&text));
	add_criterion(c, top, e->guard_test,
	              "the evidence file exists and holds a JSON array");
	sf_buf_clear(&text);
	sf_buf_printf(&text, "every container reports %s", r->check.field);
	sub = add_criteria(c, top, "OR", sf_buf_cstr(&text));
	add_criterion(c, sub, e->empty_test, "the evidence holds no container");
	add_criterion(c, sub, tst, sf_buf_cstr(&text));
	for (i = 0; i < r->check.nfindings; i++)
		add_finding(c, top, r, &r->check.findings[i], field_obj);
	if (r->check.joinable)
		add_joins(c, top, r, ev, e, field_obj);
	sf_buf_release(&text);
	sf_buf_release(&path);
}

static void add_external_variables(oval_ctx *c)
{
	xmlNodePtr v;
	size_t i;

	for (i = 0; i < c->b->nvalues; i++) {
		const sf_value *val = &c->b->values[i];

		if (!sf_oval_ids_exported(c->ids, i))
			continue;
		v = sf_xml_add(c->variables, c->def, "external_variable", NULL);
		set_oval_id(c, v, "var", sf_oval_ids_value_var(c->ids, i));
		sf_xml_attr(v, "datatype",
		            val->type == SF_VALUE_BOOLEAN  ? "boolean"
		            : val->type == SF_VALUE_NUMBER ? "float"
		                                           : "string");
		sf_xml_attr(v, "comment", val->title);
	}
}

int sf_emit_oval(xmlDocPtr *out, const sf_benchmark *b, const sf_emit_opts *o)
{
	oval_ctx c;
	xmlDocPtr doc;
	xmlNodePtr root, gen;
	sf_buf version = SF_BUF_INIT;
	char stamp[32];
	size_t i;

	*out = NULL;
	if (!sf_benchmark_release(b, o->release))
		return sf_error_set("unknown release '%s'", o->release);
	memset(&c, 0, sizeof(c));
	c.b = b;
	c.o = o;
	if (sf_oval_ids_plan(&c.ids, b) < 0)
		return -1;
	c.next_tst = c.next_obj = c.next_ste = 1;
	c.next_var = sf_oval_ids_next_var(c.ids);
	c.evidence =
	    sf_xcalloc(b->nvalues ? b->nvalues : 1, sizeof(*c.evidence));

	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "oval_definitions");
	xmlDocSetRootElement(doc, root);
	c.def = xmlNewNs(root, BAD_CAST SF_NS_OVAL_DEF, NULL);
	c.common = xmlNewNs(root, BAD_CAST SF_NS_OVAL_COMMON, BAD_CAST "oval");
	c.ind = xmlNewNs(root, BAD_CAST SF_NS_OVAL_IND, BAD_CAST "ind");
	xmlSetNs(root, c.def);

	gen = sf_xml_add(root, c.def, "generator", NULL);
	sf_xml_add(gen, c.common, "product_name", "scapforge");
	sf_buf_puts(&version, SF_VERSION);
	sf_xml_add(gen, c.common, "product_version", sf_buf_cstr(&version));
	sf_xml_add(gen, c.common, "schema_version", SF_OVAL_SCHEMA_VERSION);
	sf_xml_timestamp(o->timestamp, stamp);
	sf_xml_add(gen, c.common, "timestamp", stamp);
	sf_buf_release(&version);

	c.definitions = sf_xml_add(root, c.def, "definitions", NULL);
	c.tests = sf_xml_add(root, c.def, "tests", NULL);
	c.objects = sf_xml_add(root, c.def, "objects", NULL);
	c.states = sf_xml_add(root, c.def, "states", NULL);
	c.variables = sf_xml_add(root, c.def, "variables", NULL);
	add_external_variables(&c);
	for (i = 0; i < b->nrules; i++)
		add_definition(&c, &b->rules[i]);

	free(c.evidence);
	sf_oval_ids_free(c.ids);
	*out = doc;
	return 0;
}
