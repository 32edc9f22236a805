/*
 * Variables: external ones get their values from the caller (the XCCDF
 * check-export), constant ones from the document, local ones from their
 * component: a literal, another variable, an object's collected values,
 * or count() or concat() over components.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/engine_int.h"
#include "eval/entity.h"
#include "util/buf.h"

/* Values being gathered: the strings are the engine pool's. */
typedef struct strings {
	const char **v;
	size_t n, alloc;
} strings;

static void push(sf_oval_engine *e, strings *s, const char *v)
{
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 8;
		s->v = sf_xrealloc(s->v, s->alloc * sizeof(*s->v));
	}
	s->v[s->n++] = sf_strpool_str(e->pool, v ? v : "");
}

static int component(sf_oval_engine *e, xmlNodePtr c, strings *out);

static int object_component(sf_oval_engine *e, xmlNodePtr c, strings *out)
{
	char *oid = sf_xml_prop(c, "object_ref");
	char *field = sf_xml_prop(c, "item_field");
	char *rfield = sf_xml_prop(c, "record_field");
	sf_node *o = sf_engine_find(e, oid);
	const sf_collected *col;
	size_t i, j, k;
	int rc = -1;

	if (!o) {
		sf_engine_problem(e, "unknown object '%s' in a variable", oid);
		goto done;
	}
	col = sf_engine_collect(e, o);
	if (col->flag == SF_FLAG_ERROR)
		goto done;
	for (i = 0; i < col->nitems; i++)
		for (j = 0; j < col->items[i].nent; j++) {
			const sf_entity *en = &col->items[i].ent[j];

			if (strcmp(en->name, field))
				continue;
			if (!*rfield) {
				if (!en->field_name)
					push(e, out, en->value);
				continue;
			}
			for (k = 0; k < en->nfields; k++)
				if (!strcmp(en->field_name, rfield))
					push(e, out, en->fields[k].text);
		}
	rc = 0;
done:
	free(oid);
	free(field);
	free(rfield);
	return rc;
}

/* concat: every combination of the components' values, in order. */
static int concat(sf_oval_engine *e, xmlNodePtr c, strings *out)
{
	strings acc = {NULL, 0, 0};
	xmlNodePtr k;
	size_t i, j;

	push(e, &acc, "");
	for (k = c->children; k; k = k->next) {
		strings part = {NULL, 0, 0}, next = {NULL, 0, 0};

		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (component(e, k, &part) < 0) {
			free(part.v);
			free(acc.v);
			return -1;
		}
		for (i = 0; i < acc.n; i++)
			for (j = 0; j < part.n; j++) {
				sf_buf b = SF_BUF_INIT;

				sf_buf_printf(&b, "%s%s", acc.v[i], part.v[j]);
				push(e, &next, sf_buf_cstr(&b));
				sf_buf_release(&b);
			}
		free(part.v);
		free(acc.v);
		acc = next;
	}
	for (i = 0; i < acc.n; i++)
		push(e, out, acc.v[i]);
	free(acc.v);
	return 0;
}

/* The values of c's child components, all of them. */
static int children(sf_oval_engine *e, xmlNodePtr c, strings *all)
{
	xmlNodePtr k;

	for (k = c->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && component(e, k, all) < 0)
			return -1;
	return 0;
}

/* escape_regex: each value with the characters that mean something in a
 * regular expression escaped (. * ^ $ \ [ ] ( ) { } + ? |, as OpenSCAP
 * escapes them). */
static int escape_regex(sf_oval_engine *e, xmlNodePtr c, strings *out)
{
	strings in = {NULL, 0, 0};
	size_t i;
	const char *p;

	if (children(e, c, &in) < 0) {
		free(in.v);
		return -1;
	}
	for (i = 0; i < in.n; i++) {
		sf_buf b = SF_BUF_INIT;

		for (p = in.v[i]; *p; p++) {
			if (strchr(".*^$\\[](){}+?|", *p))
				sf_buf_putc(&b, '\\');
			sf_buf_putc(&b, *p);
		}
		push(e, out, sf_buf_cstr(&b));
		sf_buf_release(&b);
	}
	free(in.v);
	return 0;
}

/* regex_capture: each value's first captured group under the pattern;
 * the empty string where the pattern does not match or captures nothing
 * (as OpenSCAP has it). */
static int regex_capture(sf_oval_engine *e, xmlNodePtr c, strings *out)
{
	strings in = {NULL, 0, 0};
	char *pattern = sf_xml_prop(c, "pattern");
	size_t i, ov[4], ng;
	int rc = 0, m;

	if (children(e, c, &in) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < in.n; i++) {
		char *v = NULL;

		m = sf_regex_search_groups(pattern, 0, in.v[i], strlen(in.v[i]),
		                           0, ov, 2, &ng);
		if (m < 0) {
			sf_engine_problem(e, "regex_capture: the pattern '%s' "
			                     "cannot be used",
			                  pattern);
			rc = -1;
			break;
		}
		if (m == 1 && ng >= 1 && ov[2] != SF_RE_UNSET)
			v = sf_xstrndup(in.v[i] + ov[2], ov[3] - ov[2]);
		push(e, out, v ? v : "");
		free(v);
	}
	free(in.v);
	free(pattern);
	return rc;
}

static int component(sf_oval_engine *e, xmlNodePtr c, strings *out)
{
	const char *name = (const char *)c->name;

	if (!strcmp(name, "literal_component")) {
		char *t = sf_xml_text(c);

		push(e, out, t);
		free(t);
		return 0;
	}
	if (!strcmp(name, "variable_component")) {
		char *id = sf_xml_prop(c, "var_ref");
		const sf_values *v = sf_engine_variable(e, id);
		size_t i;

		free(id);
		if (!v || v->error)
			return -1;
		for (i = 0; i < v->n; i++)
			push(e, out, v->v[i]);
		return 0;
	}
	if (!strcmp(name, "object_component"))
		return object_component(e, c, out);
	if (!strcmp(name, "count")) {
		strings all = {NULL, 0, 0};
		char num[32];

		if (children(e, c, &all) < 0) {
			free(all.v);
			return -1;
		}
		snprintf(num, sizeof(num), "%zu", all.n);
		free(all.v);
		push(e, out, num);
		return 0;
	}
	if (!strcmp(name, "concat"))
		return concat(e, c, out);
	if (!strcmp(name, "escape_regex"))
		return escape_regex(e, c, out);
	if (!strcmp(name, "regex_capture"))
		return regex_capture(e, c, out);
	sf_engine_problem(e, "the variable function '%s' is not supported",
	                  name);
	return -1;
}

const sf_values *sf_engine_variable(sf_oval_engine *e, const char *id)
{
	sf_node *n = sf_engine_find(e, id);
	const char *kind;
	strings s = {NULL, 0, 0};
	xmlNodePtr c;

	if (!n) {
		sf_engine_problem(e, "unknown variable '%s'", id);
		return NULL;
	}
	if (n->values.done)
		return &n->values;
	n->values.done = 1;
	kind = (const char *)n->node->name;
	if (!strcmp(kind, "external_variable")) {
		sf_engine_problem(e, "the external variable '%s' has no value",
		                  id);
		n->values.error = 1;
	} else if (!strcmp(kind, "constant_variable")) {
		for (c = n->node->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				char *t = sf_xml_text(c);

				push(e, &s, t);
				free(t);
			}
	} else {
		for (c = n->node->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				break;
		if (!c || component(e, c, &s) < 0)
			n->values.error = 1;
	}
	n->values.v = s.v;
	n->values.n = s.n;
	return &n->values;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *const *sf_engine_variable_sorted(sf_oval_engine *e,
                                             const char *id, size_t *n)
{
	sf_node *node = sf_engine_find(e, id);
	sf_values *v;
	size_t i, k = 0;

	*n = 0;
	if (!node || !sf_engine_variable(e, id))
		return NULL;
	v = &node->values;
	if (v->error || !v->n)
		return NULL;
	if (!v->sorted) {
		v->sorted = sf_xcalloc(v->n, sizeof(*v->sorted));
		memcpy(v->sorted, v->v, v->n * sizeof(*v->v));
		qsort(v->sorted, v->n, sizeof(*v->sorted), by_text);
		for (i = 0; i < v->n; i++)
			if (!k || strcmp(v->sorted[k - 1], v->sorted[i]))
				v->sorted[k++] = v->sorted[i];
		v->nsorted = k;
	}
	*n = v->nsorted;
	return v->sorted;
}

int sf_engine_entity_borrow(sf_oval_engine *e, xmlNodePtr ent,
                            const char **one, const char *const **out,
                            size_t *n)
{
	char *ref = sf_xml_prop(ent, "var_ref");
	const sf_values *v;

	*out = NULL;
	*n = 0;
	if (!*ref) {
		char *t = sf_xml_text(ent);

		*one = sf_strpool_str(e->pool, t);
		free(t);
		*out = one;
		*n = 1;
		free(ref);
		return 0;
	}
	v = sf_engine_variable(e, ref);
	free(ref);
	if (!v || v->error)
		return -1;
	/* the variable's values are the pool's already */
	*out = v->v;
	*n = v->n;
	return 0;
}

int sf_engine_entity_values(sf_oval_engine *e, xmlNodePtr ent,
                            const char ***out, size_t *n)
{
	const char *one, *const *v;

	*out = NULL;
	if (sf_engine_entity_borrow(e, ent, &one, &v, n) < 0)
		return -1;
	*out = sf_xcalloc(*n ? *n : 1, sizeof(**out));
	if (*n)
		memcpy(*out, v, *n * sizeof(*v));
	return 0;
}
