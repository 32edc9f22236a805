#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/schema.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/text.h"

#define TOP "(top level)"

struct sf_schema {
	sf_ynode *root;
};

int sf_schema_load(sf_schema **out, const char *name)
{
	const sf_embedded *e = sf_embedded_find(name);
	sf_diags d;
	sf_ynode *root = NULL;

	*out = NULL;
	if (!e)
		return sf_error_set("no schema called '%s'", name);
	sf_diags_init(&d);
	if (sf_ynode_parse(&root, name, e->data, e->len, &d) < 0 || !root) {
		sf_error_set("schema '%s' is malformed: %s", name,
		             d.count ? d.items[0].message : "empty");
		sf_diags_release(&d);
		return -1;
	}
	sf_diags_release(&d);
	*out = sf_xcalloc(1, sizeof(**out));
	(*out)->root = root;
	return 0;
}

void sf_schema_free(sf_schema *s)
{
	if (!s)
		return;
	sf_ynode_free(s->root);
	free(s);
}

/* " in 'name'" for a nested key; nothing at the top level. */
static const char *in(const char *name, char *buf, size_t size)
{
	if (!strcmp(name, TOP))
		return "";
	snprintf(buf, size, " in '%s'", name);
	return buf;
}

typedef struct check_ctx {
	const char *file;
	sf_diags *d;
	size_t errors;
} check_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
fail(check_ctx *c, const sf_ynode *at, const char *fmt, ...)
{
	sf_buf msg = SF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	sf_diags_add(c->d, SF_SEV_ERROR, c->file, at->line, at->column, "%s",
	             sf_buf_cstr(&msg));
	sf_buf_release(&msg);
	c->errors++;
}

/* Edit distance, to suggest the key a typo meant. Keys are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (la >= 64 || lb >= 64)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j] > row[j - 1] + 1)
				row[j] = row[j - 1] + 1;
			if (row[j] > tmp + 1)
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

static const char *closest_key(const sf_ynode *keys, const char *name)
{
	const char *best = NULL;
	size_t i, best_d = 3;

	for (i = 0; i < keys->count; i++) {
		size_t dd = distance(keys->keys[i]->value, name);

		if (dd < best_d) {
			best_d = dd;
			best = keys->keys[i]->value;
		}
	}
	return best;
}

static void check_node(check_ctx *c, const sf_ynode *schema, const sf_ynode *n,
                       const char *name);

/* Checks the scalar against the type and the string constraints. */
static void check_scalar(check_ctx *c, const sf_ynode *schema,
                         const sf_ynode *n, const char *name, const char *type)
{
	sf_yscalar_type t = sf_yscalar_classify(n);
	const sf_ynode *en = sf_ynode_get(schema, "enum");
	const char *pattern = sf_ynode_str(schema, "pattern");
	const char *minimum = sf_ynode_str(schema, "minimum");
	int ok;
	size_t i;

	if (!strcmp(type, "string"))
		ok = t == SF_YSCALAR_STRING;
	else if (!strcmp(type, "integer"))
		ok = t == SF_YSCALAR_INT;
	else if (!strcmp(type, "number"))
		ok = t == SF_YSCALAR_INT || t == SF_YSCALAR_FLOAT;
	else if (!strcmp(type, "boolean"))
		ok = t == SF_YSCALAR_BOOL;
	else
		ok = t != SF_YSCALAR_NULL;
	if (!ok) {
		const char *article = strchr("aeiou", type[0]) ? "an" : "a";

		if (!strcmp(type, "scalar"))
			fail(c, n, "'%s' must have a value", name);
		else if (!strcmp(type, "string") && t != SF_YSCALAR_NULL)
			fail(c, n, "'%s' must be a string, not %s (quote it)",
			     name, sf_ynode_describe(n));
		else
			fail(c, n, "'%s' must be %s %s, not %s", name, article,
			     type, sf_ynode_describe(n));
		return;
	}
	if (minimum && strtod(n->value, NULL) < strtod(minimum, NULL))
		fail(c, n, "'%s' must be at least %s, not %s", name, minimum,
		     n->value);
	if (pattern && !sf_text_matches(pattern, n->value)) {
		const char *form = sf_ynode_str(schema, "form");

		fail(c, n, "'%s' is not %s: '%s'", name,
		     form ? form : "in the expected form", n->value);
	}
	if (en && en->kind == SF_YNODE_SEQUENCE) {
		sf_buf list = SF_BUF_INIT;

		for (i = 0; i < en->count; i++)
			if (!strcmp(en->items[i]->value, n->value))
				return;
		for (i = 0; i < en->count; i++)
			sf_buf_printf(&list, "%s%s", i ? ", " : "",
			              en->items[i]->value);
		fail(c, n, "'%s' must be one of %s, not '%s'", name,
		     sf_buf_cstr(&list), n->value);
		sf_buf_release(&list);
	}
}

static void check_mapping(check_ctx *c, const sf_ynode *schema,
                          const sf_ynode *n, const char *name)
{
	const sf_ynode *keys = sf_ynode_get(schema, "keys");
	const sf_ynode *values = sf_ynode_get(schema, "values");
	const char *key_pattern = sf_ynode_str(schema, "key_pattern");
	char where[128];
	size_t i;

	for (i = 0; i < n->count; i++) {
		const sf_ynode *k = n->keys[i];
		const sf_ynode *sub =
		    keys ? sf_ynode_get(keys, k->value) : values;

		if (!sub) {
			const char *hint =
			    keys ? closest_key(keys, k->value) : NULL;

			if (hint)
				fail(c, k,
				     "unknown key '%s'%s (did you mean '%s'?)",
				     k->value, in(name, where, sizeof(where)),
				     hint);
			else
				fail(c, k, "unknown key '%s'%s", k->value,
				     in(name, where, sizeof(where)));
			continue;
		}
		if (!keys && key_pattern && !sf_text_matches(key_pattern, k->value)) {
			const char *form = sf_ynode_str(schema, "key_form");

			fail(c, k, "key '%s' in '%s' is not %s", k->value, name,
			     form ? form : "in the expected form");
			continue;
		}
		check_node(c, sub, n->items[i], k->value);
	}
	if (!keys)
		return;
	for (i = 0; i < keys->count; i++) {
		const char *req = sf_ynode_str(keys->items[i], "required");

		if (req && !strcmp(req, "true") &&
		    !sf_ynode_get(n, keys->keys[i]->value))
			fail(c, n, "missing required key '%s'%s",
			     keys->keys[i]->value,
			     in(name, where, sizeof(where)));
	}
}

static void check_node(check_ctx *c, const sf_ynode *schema, const sf_ynode *n,
                       const char *name)
{
	const char *type = sf_ynode_str(schema, "type");
	const sf_ynode *items;
	const char *min_items;
	size_t i;

	if (!type)
		return;
	if (!strcmp(type, "mapping")) {
		if (n->kind != SF_YNODE_MAPPING)
			fail(c, n, "'%s' must be a mapping, not %s", name,
			     sf_ynode_describe(n));
		else
			check_mapping(c, schema, n, name);
		return;
	}
	if (!strcmp(type, "list")) {
		if (n->kind != SF_YNODE_SEQUENCE) {
			fail(c, n, "'%s' must be a list, not %s", name,
			     sf_ynode_describe(n));
			return;
		}
		min_items = sf_ynode_str(schema, "min_items");
		if (min_items && n->count < strtoul(min_items, NULL, 10))
			fail(c, n, "'%s' must have at least %s item%s", name,
			     min_items, strcmp(min_items, "1") ? "s" : "");
		items = sf_ynode_get(schema, "items");
		for (i = 0; items && i < n->count; i++)
			check_node(c, items, n->items[i], name);
		return;
	}
	if (n->kind != SF_YNODE_SCALAR) {
		const char *article = strchr("aeiou", type[0]) ? "an" : "a";

		if (!strcmp(type, "scalar"))
			fail(c, n, "'%s' must be a single value, not %s", name,
			     sf_ynode_describe(n));
		else
			fail(c, n, "'%s' must be %s %s, not %s", name, article,
			     type, sf_ynode_describe(n));
		return;
	}
	check_scalar(c, schema, n, name, type);
}

size_t sf_schema_check(const sf_schema *s, const sf_ynode *doc,
                       const char *file, sf_diags *d)
{
	check_ctx c = {file, d, 0};

	if (!doc) {
		sf_diags_add(d, SF_SEV_ERROR, file, 1, 1,
		             "the file is empty: expected a mapping");
		return 1;
	}
	if (doc->kind != SF_YNODE_MAPPING) {
		fail(&c, doc, "the file must hold a mapping, not %s",
		     sf_ynode_describe(doc));
		return c.errors;
	}
	check_mapping(&c, s->root, doc, TOP);
	return c.errors;
}
