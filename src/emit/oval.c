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
#include "emit/ovalw.h"
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
	sf_ovalw w;
	const sf_benchmark *b;
	const sf_emit_opts *o;
	evidence_ids *evidence; /* by Value index; 0 IDs: not made yet */
} oval_ctx;

static void set_oval_id(oval_ctx *c, xmlNodePtr n, const char *type,
                        unsigned long num)
{
	sf_ovalw_id(&c->w, n, type, num);
}

static void set_ref(oval_ctx *c, xmlNodePtr n, const char *attr,
                    const char *type, unsigned long num)
{
	sf_ovalw_ref(&c->w, n, attr, type, num);
}

/* <element var_ref="..."/> pointing at the evidence path variable. */
static void add_filepath(oval_ctx *c, xmlNodePtr obj, size_t value_index)
{
	xmlNodePtr n = sf_xml_add(obj, c->w.ind, "filepath", NULL);

	set_ref(c, n, "var_ref", "var",
	        sf_oval_ids_value_var(c->w.ids, value_index));
	sf_xml_attr(n, "var_check", "all");
}

static xmlNodePtr new_test(oval_ctx *c, const char *kind, const char *check,
                           const char *existence, const char *comment,
                           unsigned long *num)
{
	xmlNodePtr t = sf_xml_add(c->w.tests, c->w.ind, kind, NULL);

	*num = c->w.next_tst++;
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
	    sf_xml_add(c->w.objects, c->w.ind, "yamlfilecontent_object", NULL);
	unsigned long num = c->w.next_obj++;

	set_oval_id(c, o, "obj", num);
	sf_xml_attr(o, "comment", comment);
	add_filepath(c, o, value_index);
	sf_xml_add(o, c->w.ind, "yamlpath", yamlpath);
	return num;
}

/* A local variable counting the values an object collects. */
static unsigned long count_variable(oval_ctx *c, unsigned long obj,
                                    const char *comment)
{
	xmlNodePtr v = sf_xml_add(c->w.variables, c->w.def, "local_variable", NULL);
	xmlNodePtr n;
	unsigned long num = c->w.next_var++;

	set_oval_id(c, v, "var", num);
	sf_xml_attr(v, "datatype", "int");
	sf_xml_attr(v, "comment", comment);
	n = sf_xml_add(v, c->w.def, "count", NULL);
	n = sf_xml_add(n, c->w.def, "object_component", NULL);
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
	unsigned long tst, obj = c->w.next_obj++, ste = c->w.next_ste++;
	char *id;

	t = new_test(c, "variable_test", "all", "at_least_one_exists", comment,
	             &tst);
	set_ref(c, sf_xml_add(t, c->w.ind, "object", NULL), "object_ref", "obj",
	        obj);
	set_ref(c, sf_xml_add(t, c->w.ind, "state", NULL), "state_ref", "ste",
	        ste);
	o = sf_xml_add(c->w.objects, c->w.ind, "variable_object", NULL);
	set_oval_id(c, o, "obj", obj);
	sf_xml_attr(o, "comment", comment);
	id = sf_oval_id(c->b, "var", var);
	sf_xml_add(o, c->w.ind, "var_ref", id);
	free(id);
	s = sf_xml_add(c->w.states, c->w.ind, "variable_state", NULL);
	set_oval_id(c, s, "ste", ste);
	sf_xml_attr(s, "comment", comment);
	*value = sf_xml_add(s, c->w.ind, "value", NULL);
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
	obj = c->w.next_obj++;
	set_ref(c, sf_xml_add(t, c->w.ind, "object", NULL), "object_ref", "obj",
	        obj);
	o = sf_xml_add(c->w.objects, c->w.ind, "textfilecontent54_object", NULL);
	set_oval_id(c, o, "obj", obj);
	sf_xml_attr(o, "comment", "the opening bracket of the evidence array");
	n = sf_xml_add(o, c->w.ind, "behaviors", NULL);
	sf_xml_attr(n, "singleline", "false");
	sf_xml_attr(n, "multiline", "false");
	add_filepath(c, o, value_index);
	n = sf_xml_add(o, c->w.ind, "pattern", ARRAY_START_PATTERN);
	sf_xml_attr(n, "operation", "pattern match");
	n = sf_xml_add(o, c->w.ind, "instance", "1");
	sf_xml_attr(n, "datatype", "int");

	ids_obj = yaml_object(c, value_index, "[:].Id",
	                      "the ID of every container in the evidence");
	t = new_test(c, "yamlfilecontent_test", "all", "none_exist",
	             "the evidence holds no container", &e->empty_test);
	set_ref(c, sf_xml_add(t, c->w.ind, "object", NULL), "object_ref", "obj",
	        ids_obj);
	e->count_var = count_variable(
	    c, ids_obj, "the number of containers in the evidence");
	return e;
}

/* A test that every value the object collects compares true with
 * value under operation. */
static unsigned long value_test(oval_ctx *c, unsigned long obj,
                                const char *comment, const char *operation,
                                const char *value)
{
	xmlNodePtr t, s, v, n;
	unsigned long tst, ste = c->w.next_ste++;

	t = new_test(c, "yamlfilecontent_test", "all", "any_exist", comment,
	             &tst);
	set_ref(c, sf_xml_add(t, c->w.ind, "object", NULL), "object_ref", "obj",
	        obj);
	set_ref(c, sf_xml_add(t, c->w.ind, "state", NULL), "state_ref", "ste",
	        ste);
	s = sf_xml_add(c->w.states, c->w.ind, "yamlfilecontent_state", NULL);
	set_oval_id(c, s, "ste", ste);
	sf_xml_attr(s, "comment", comment);
	v = sf_xml_add(s, c->w.ind, "value", NULL);
	sf_xml_attr(v, "datatype", "record");
	n = sf_xml_add(v, c->w.def, "field", value);
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
	any = sf_ovalw_criteria(&c->w, top, "OR",
	    "no container joins a namespace that is or may be the host's");
	sf_buf_printf(&text,
	              "no container's %s joins another namespace (container: or ns:)",
	              r->check.field);
	tst = value_test(c, field_obj, sf_buf_cstr(&text), "pattern match",
	                 "^(?!(container|ns):)");
	sf_ovalw_criterion(&c->w, any, tst, sf_buf_cstr(&text));
	sf_buf_clear(&text);
	sf_buf_printf(&text,
	              "every container reports %s, and none is \"host\" or \"unresolved\"",
	              sf_buf_cstr(&eff));
	all = sf_ovalw_criteria(&c->w, any, "AND", sf_buf_cstr(&text));
	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s of every container, as the collector resolved it",
	              r->check.field);
	eff_obj = yaml_object(c, ev, sf_buf_cstr(&path), sf_buf_cstr(&text));
	tst = reports_test(c, e, eff_obj, sf_buf_cstr(&eff));
	sf_buf_clear(&text);
	sf_buf_printf(&text, "every container reports %s", sf_buf_cstr(&eff));
	sf_ovalw_criterion(&c->w, all, tst, sf_buf_cstr(&text));
	for (i = 0; i < 2; i++) {
		sf_buf_clear(&text);
		sf_buf_printf(&text, "no container has %s \"%s\"",
		              sf_buf_cstr(&eff), bad[i]);
		tst = value_test(c, eff_obj, sf_buf_cstr(&text), "not equal",
		                 bad[i]);
		sf_ovalw_criterion(&c->w, all, tst, sf_buf_cstr(&text));
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
		sf_ovalw_criterion(&c->w, top, tst, sf_buf_cstr(&comment));
		sf_buf_release(&comment);
		return;
	}
	sf_buf_printf(&comment, ", or the Value %s is false", f->when);
	sub = sf_ovalw_criteria(&c->w, top, "OR", sf_buf_cstr(&comment));
	sf_buf_clear(&comment);
	sf_buf_printf(&comment, "the Value %s is false", f->when);
	flag = variable_test(c,
	                     sf_oval_ids_value_var(
	                         c->w.ids, sf_ovalw_value_index(&c->w, f->when)),
	                     sf_buf_cstr(&comment), &v);
	xmlNodeSetContent(v, BAD_CAST "false");
	sf_xml_attr(v, "datatype", "boolean");
	sf_xml_attr(v, "operation", "equals");
	sf_ovalw_criterion(&c->w, sub, flag, sf_buf_cstr(&comment));
	sf_buf_clear(&comment);
	sf_buf_printf(&comment, "no container has %s \"%s\"", r->check.field,
	              f->equals);
	sf_ovalw_criterion(&c->w, sub, tst, sf_buf_cstr(&comment));
	sf_buf_release(&comment);
}

static void add_definition(oval_ctx *c, const sf_rule *r)
{
	size_t ev = sf_ovalw_value_index(&c->w, r->check.evidence);
	const evidence_ids *e = evidence_tests(c, ev);
	sf_buf text = SF_BUF_INIT, path = SF_BUF_INIT;
	xmlNodePtr d, top, sub;
	unsigned long field_obj, tst;
	size_t i;

	sf_buf_printf(&text, "True when the docker inspect evidence file holds a "
	                     "JSON array and no container in it, running or "
	                     "stopped, has %s",
	              r->check.field);
	d = sf_ovalw_definition(
	    &c->w, r, c->o->release, sf_buf_cstr(&text),
	    r->check.joinable
	        ? "; a container that lacks the field is not a pass; a container that joins another container's namespace (container:NAME, directly or through others) or the one at a path (ns:PATH) has that namespace: the host's is a finding, and one the evidence does not resolve (Scapforge.Effective...) is not a pass."
	        : "; a container that lacks the field is not a pass.");

	sf_buf_printf(&path, "[:].%s", r->check.field);
	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s of every container", r->check.field);
	field_obj = yaml_object(c, ev, sf_buf_cstr(&path), sf_buf_cstr(&text));
	tst = reports_test(c, e, field_obj, r->check.field);

	sf_buf_clear(&text);
	sf_buf_printf(&text, "%s: no container shares the namespace",
	              r->stig_id);
	top = sf_ovalw_criteria(&c->w, d, "AND", sf_buf_cstr(&text));
	sf_ovalw_criterion(&c->w, top, e->guard_test,
	              "the evidence file exists and holds a JSON array");
	sf_buf_clear(&text);
	sf_buf_printf(&text, "every container reports %s", r->check.field);
	sub = sf_ovalw_criteria(&c->w, top, "OR", sf_buf_cstr(&text));
	sf_ovalw_criterion(&c->w, sub, e->empty_test, "the evidence holds no container");
	sf_ovalw_criterion(&c->w, sub, tst, sf_buf_cstr(&text));
	for (i = 0; i < r->check.nfindings; i++)
		add_finding(c, top, r, &r->check.findings[i], field_obj);
	if (r->check.joinable)
		add_joins(c, top, r, ev, e, field_obj);
	sf_buf_release(&text);
	sf_buf_release(&path);
}

int sf_emit_oval(xmlDocPtr *out, const sf_benchmark *b, const sf_emit_opts *o)
{
	oval_ctx c;
	size_t i;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.b = b;
	c.o = o;
	if (sf_ovalw_start(&c.w, b, o, SF_OVAL_SCHEMA_VERSION) < 0)
		return -1;
	c.evidence =
	    sf_xcalloc(b->nvalues ? b->nvalues : 1, sizeof(*c.evidence));
	for (i = 0; i < b->nrules; i++)
		add_definition(&c, &b->rules[i]);
	free(c.evidence);
	*out = sf_ovalw_finish(&c.w);
	return 0;
}
