/*
 * The makers of the portable definitions' objects, states, variables and
 * tests (oval_portable_int.h).
 */
#include <stdlib.h>

#include "emit/oval_ids.h"
#include "emit/oval_portable_int.h"
#include "emit/xmlw.h"

static void set_id(pctx *c, xmlNodePtr n, const char *type, unsigned long num)
{
	sf_ovalw_id(&c->w, n, type, num);
}

void sf_portable_set_ref(pctx *c, xmlNodePtr n, const char *attr,
                         const char *type, unsigned long num)
{
	sf_ovalw_ref(&c->w, n, attr, type, num);
}

static xmlNodePtr ref_child(pctx *c, xmlNodePtr parent, xmlNsPtr ns,
                            const char *name, const char *type,
                            unsigned long num)
{
	char *id = sf_oval_id(c->b, type, num);
	xmlNodePtr n = sf_xml_add(parent, ns, name, id);

	free(id);
	return n;
}

/* <tests>: kind in ns, on obj, with state ste (0: none). */
unsigned long sf_portable_add_test(pctx *c, xmlNsPtr ns, const char *kind,
                                   const char *existence, unsigned long obj,
                                   unsigned long ste, const char *comment)
{
	xmlNodePtr t = sf_xml_add(c->w.tests, ns, kind, NULL), n;
	unsigned long num = c->w.next_tst++;

	set_id(c, t, "tst", num);
	sf_xml_attr(t, "check", "all");
	sf_xml_attr(t, "check_existence", existence);
	sf_xml_attr(t, "comment", comment);
	n = sf_xml_add(t, ns, "object", NULL);
	sf_portable_set_ref(c, n, "object_ref", "obj", obj);
	if (ste) {
		n = sf_xml_add(t, ns, "state", NULL);
		sf_portable_set_ref(c, n, "state_ref", "ste", ste);
	}
	return num;
}

xmlNodePtr sf_portable_new_object(pctx *c, xmlNsPtr ns, const char *kind,
                                  const char *comment, unsigned long *num)
{
	xmlNodePtr o = sf_xml_add(c->w.objects, ns, kind, NULL);

	*num = c->w.next_obj++;
	set_id(c, o, "obj", *num);
	sf_xml_attr(o, "comment", comment);
	return o;
}

xmlNodePtr sf_portable_new_state(pctx *c, const char *kind, const char *comment,
                                 unsigned long *num)
{
	xmlNodePtr s = sf_xml_add(c->w.states, c->w.ind, kind, NULL);

	*num = c->w.next_ste++;
	set_id(c, s, "ste", *num);
	sf_xml_attr(s, "comment", comment);
	return s;
}

xmlNodePtr sf_portable_new_local(pctx *c, const char *datatype,
                                 const char *comment, unsigned long *num)
{
	xmlNodePtr v =
	    sf_xml_add(c->w.variables, c->w.def, "local_variable", NULL);

	*num = c->w.next_var++;
	set_id(c, v, "var", *num);
	sf_xml_attr(v, "datatype", datatype);
	sf_xml_attr(v, "comment", comment);
	return v;
}

void sf_portable_var_component(pctx *c, xmlNodePtr parent, unsigned long var)
{
	sf_portable_set_ref(
	    c, sf_xml_add(parent, c->w.def, "variable_component", NULL),
	    "var_ref", "var", var);
}

xmlNodePtr sf_portable_object_component(pctx *c, xmlNodePtr parent,
                                        unsigned long obj, const char *field)
{
	xmlNodePtr n = sf_xml_add(parent, c->w.def, "object_component", NULL);

	sf_portable_set_ref(c, n, "object_ref", "obj", obj);
	sf_xml_attr(n, "item_field", field);
	return n;
}

/* A textfilecontent54_object over a file of every container folder:
 * the first match of pattern; filters: "include:N" or "exclude:N"
 * states, NULL-terminated. */
unsigned long sf_portable_file_object(pctx *c, const char *file,
                                      const char *pattern, const char *comment,
                                      const char *const *actions,
                                      const unsigned long *states)
{
	unsigned long num;
	xmlNodePtr o = sf_portable_new_object(
	               c, c->w.ind, "textfilecontent54_object", comment, &num),
	           n;

	n = sf_xml_add(o, c->w.ind, "path", NULL);
	sf_xml_attr(n, "operation", "pattern match");
	sf_portable_set_ref(c, n, "var_ref", "var", c->dir_re_var);
	sf_xml_add(o, c->w.ind, "filename", file);
	n = sf_xml_add(o, c->w.ind, "pattern", pattern);
	sf_xml_attr(n, "operation", "pattern match");
	n = sf_xml_add(o, c->w.ind, "instance", "1");
	sf_xml_attr(n, "datatype", "int");
	for (; actions && *actions; actions++, states++) {
		n = ref_child(c, o, c->w.def, "filter", "ste", *states);
		sf_xml_attr(n, "action", *actions);
	}
	return num;
}

/* A textfilecontent54_object that is the union of a and b, filtered. */
unsigned long sf_portable_set_object(pctx *c, unsigned long a, unsigned long b,
                                     const char *action, unsigned long ste,
                                     const char *comment)
{
	unsigned long num;
	xmlNodePtr o = sf_portable_new_object(
	               c, c->w.ind, "textfilecontent54_object", comment, &num),
	           set = sf_xml_add(o, c->w.def, "set", NULL), n;

	ref_child(c, set, c->w.def, "object_reference", "obj", a);
	if (b)
		ref_child(c, set, c->w.def, "object_reference", "obj", b);
	if (action) {
		n = ref_child(c, set, c->w.def, "filter", "ste", ste);
		sf_xml_attr(n, "action", action);
	}
	return num;
}

/* A state comparing the subexpression (op: equals, not equal, pattern
 * match) with text or, when var is not 0, with a variable. */
unsigned long sf_portable_subexpression_state(pctx *c, const char *op,
                                              const char *text,
                                              unsigned long var,
                                              const char *var_check,
                                              const char *comment)
{
	unsigned long num;
	xmlNodePtr s =
	    sf_portable_new_state(c, "textfilecontent54_state", comment, &num);
	xmlNodePtr n = sf_xml_add(s, c->w.ind, "subexpression", text);

	sf_xml_attr(n, "operation", op);
	if (var) {
		sf_portable_set_ref(c, n, "var_ref", "var", var);
		sf_xml_attr(n, "var_check", var_check);
	}
	return num;
}

/* The values of field (path) of obj and of the sentinel, each an ID (or
 * the sentinel's path) when ids is set. */
unsigned long sf_portable_values_of(pctx *c, unsigned long obj, int ids,
                                    const char *comment)
{
	unsigned long with = sf_portable_set_object(c, obj, c->sentinel_obj,
	                                            NULL, 0, comment),
	              var;
	xmlNodePtr v = sf_portable_new_local(c, "string", comment, &var), n = v;

	if (ids) {
		n = sf_xml_add(v, c->w.def, "regex_capture", NULL);
		sf_xml_attr(n, "pattern", ID_OR_SENTINEL);
	}
	sf_portable_object_component(c, n, with, "path");
	return var;
}

/* A variable_test on var: its one value compared by operation with
 * text, or with variable other. */
unsigned long sf_portable_variable_test(pctx *c, unsigned long var,
                                        const char *datatype, const char *op,
                                        const char *text, unsigned long other,
                                        const char *existence,
                                        const char *comment)
{
	unsigned long obj, ste;
	xmlNodePtr o = sf_portable_new_object(c, c->w.ind, "variable_object",
	                                      comment, &obj);
	xmlNodePtr s = sf_portable_new_state(c, "variable_state", comment,
	                                     &ste),
	           n;

	ref_child(c, o, c->w.ind, "var_ref", "var", var);
	n = sf_xml_add(s, c->w.ind, "value", text);
	sf_xml_attr(n, "datatype", datatype);
	sf_xml_attr(n, "operation", op);
	if (other) {
		sf_portable_set_ref(c, n, "var_ref", "var", other);
		sf_xml_attr(n, "var_check", "all");
	}
	return sf_portable_add_test(c, c->w.ind, "variable_test", existence,
	                            obj, ste, comment);
}
