#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "load/ynode.h"
#include "util/text.h"

static sf_ynode *node_new(sf_ynode_kind kind, const yaml_mark_t *m)
{
	sf_ynode *n = sf_xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = m->line + 1;
	n->column = m->column + 1;
	return n;
}

void sf_ynode_free(sf_ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->count; i++) {
		if (n->keys)
			sf_ynode_free(n->keys[i]);
		sf_ynode_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	free(n);
}

/* Adds child to a collection; for a mapping, key is the pending key. */
static void append(sf_ynode *parent, sf_ynode *key, sf_ynode *child)
{
	parent->items = sf_xrealloc(parent->items,
	                            (parent->count + 1) * sizeof(sf_ynode *));
	if (parent->kind == SF_YNODE_MAPPING) {
		parent->keys = sf_xrealloc(
		    parent->keys, (parent->count + 1) * sizeof(sf_ynode *));
		parent->keys[parent->count] = key;
	}
	parent->items[parent->count++] = child;
}

static const sf_ynode *find_key(const sf_ynode *map, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < map->count; i++) {
		const sf_ynode *k = map->keys[i];

		if (k->len == len && memcmp(k->value, s, len) == 0)
			return k;
	}
	return NULL;
}

/* Line and column of a byte offset, for reader errors that carry none. */
static void offset_to_mark(const char *text, size_t len, size_t offset,
                           size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < offset && i < len; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void report_parser_error(const yaml_parser_t *p, const char *file,
                                const char *text, size_t len, sf_diags *d)
{
	size_t line, col;
	const char *problem = p->problem ? p->problem : "unknown problem";

	if (p->error == YAML_READER_ERROR) {
		offset_to_mark(text, len, p->problem_offset, &line, &col);
		sf_diags_add(d, SF_SEV_ERROR, file, line, col,
		             "malformed YAML: %s", problem);
		return;
	}
	line = p->problem_mark.line + 1;
	col = p->problem_mark.column + 1;
	if (p->context)
		sf_diags_add(d, SF_SEV_ERROR, file, line, col,
		             "malformed YAML: %s %s (line %zu, column %zu)",
		             problem, p->context,
		             (size_t)p->context_mark.line + 1,
		             (size_t)p->context_mark.column + 1);
	else
		sf_diags_add(d, SF_SEV_ERROR, file, line, col,
		             "malformed YAML: %s", problem);
}

typedef struct build_state {
	sf_ynode *stack[SF_YNODE_MAX_DEPTH + 1];
	sf_ynode *pending_key[SF_YNODE_MAX_DEPTH + 1];
	size_t depth;
	sf_ynode *root;
	int documents;
	int failed;
} build_state;

/* Places a finished node in its parent, or makes it the root. Duplicate
 * keys are reported and the later value dropped, so that loading goes on
 * with the first definition. */
static void place(build_state *s, sf_ynode *n, const char *file, sf_diags *d)
{
	sf_ynode *parent;
	const sf_ynode *first;

	if (s->depth == 0) {
		s->root = n;
		return;
	}
	parent = s->stack[s->depth - 1];
	if (parent->kind == SF_YNODE_SEQUENCE) {
		append(parent, NULL, n);
		return;
	}
	if (!s->pending_key[s->depth - 1]) {
		if (n->kind != SF_YNODE_SCALAR) {
			sf_diags_add(d, SF_SEV_ERROR, file, n->line, n->column,
			             "mapping keys must be strings, not %s",
			             sf_ynode_describe(n));
			s->failed = 1;
			n->len = (size_t)-1;
		} else if ((first = find_key(parent, n->value, n->len))) {
			sf_diags_add(
			    d, SF_SEV_ERROR, file, n->line, n->column,
			    "duplicate key '%s' (first defined at line %zu, column %zu)",
			    n->value, first->line, first->column);
			s->failed = 1;
			n->len = (size_t)-1; /* marks the pair for dropping */
		}
		s->pending_key[s->depth - 1] = n;
		return;
	}
	if (s->pending_key[s->depth - 1]->len == (size_t)-1) {
		sf_ynode_free(s->pending_key[s->depth - 1]);
		sf_ynode_free(n);
	} else {
		append(parent, s->pending_key[s->depth - 1], n);
	}
	s->pending_key[s->depth - 1] = NULL;
}

static sf_ynode *scalar_node(const yaml_event_t *ev)
{
	sf_ynode *n = node_new(SF_YNODE_SCALAR, &ev->start_mark);
	const char *tag = (const char *)ev->data.scalar.tag;

	n->value = sf_xstrndup((const char *)ev->data.scalar.value,
	                       ev->data.scalar.length);
	n->len = ev->data.scalar.length;
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	            (tag && strcmp(tag, YAML_STR_TAG) == 0);
	return n;
}

/* Handles one event; returns 1 at the end of the stream. */
static int handle_event(build_state *s, const yaml_event_t *ev,
                        const char *file, sf_diags *d)
{
	sf_ynode *n;
	sf_ynode_kind kind;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++s->documents > 1) {
			sf_diags_add(
			    d, SF_SEV_ERROR, file, ev->start_mark.line + 1,
			    ev->start_mark.column + 1,
			    "a rule file must hold one YAML document, not several");
			s->failed = 1;
			return 1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		sf_diags_add(d, SF_SEV_ERROR, file, ev->start_mark.line + 1,
		             ev->start_mark.column + 1,
		             "aliases ('*%s') are not supported in rule files",
		             (const char *)ev->data.alias.anchor);
		s->failed = 1;
		return 1;
	case YAML_SCALAR_EVENT:
		place(s, scalar_node(ev), file, d);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		kind = ev->type == YAML_SEQUENCE_START_EVENT ? SF_YNODE_SEQUENCE
		                                             : SF_YNODE_MAPPING;
		if (s->depth == SF_YNODE_MAX_DEPTH) {
			sf_diags_add(d, SF_SEV_ERROR, file,
			             ev->start_mark.line + 1,
			             ev->start_mark.column + 1,
			             "nesting deeper than %d levels",
			             SF_YNODE_MAX_DEPTH);
			s->failed = 1;
			return 1;
		}
		s->pending_key[s->depth] = NULL;
		s->stack[s->depth++] = node_new(kind, &ev->start_mark);
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		n = s->stack[--s->depth];
		sf_ynode_free(s->pending_key[s->depth]);
		s->pending_key[s->depth] = NULL;
		place(s, n, file, d);
		return 0;
	default:
		return 0;
	}
}

int sf_ynode_parse(sf_ynode **out, const char *file, const char *text,
                   size_t len, sf_diags *d)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	build_state s;
	int done = 0;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if (!yaml_parser_initialize(&parser)) {
		sf_diags_add(d, SF_SEV_ERROR, file, 0, 0,
		             "cannot start the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&parser, file, text, len, d);
			s.failed = 1;
			break;
		}
		done = handle_event(&s, &ev, file, d);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	/* Unwind what an early stop left open. */
	while (s.depth > 0) {
		s.depth--;
		sf_ynode_free(s.pending_key[s.depth]);
		sf_ynode_free(s.stack[s.depth]);
	}
	if (s.failed) {
		sf_ynode_free(s.root);
		return -1;
	}
	*out = s.root;
	return 0;
}

const sf_ynode *sf_ynode_key(const sf_ynode *map, const char *key)
{
	if (!map || map->kind != SF_YNODE_MAPPING)
		return NULL;
	return find_key(map, key, strlen(key));
}

const sf_ynode *sf_ynode_get(const sf_ynode *map, const char *key)
{
	size_t i, len = strlen(key);

	if (!map || map->kind != SF_YNODE_MAPPING)
		return NULL;
	for (i = 0; i < map->count; i++)
		if (map->keys[i]->len == len &&
		    memcmp(map->keys[i]->value, key, len) == 0)
			return map->items[i];
	return NULL;
}

const char *sf_ynode_str(const sf_ynode *map, const char *key)
{
	const sf_ynode *v = sf_ynode_get(map, key);

	return v && v->kind == SF_YNODE_SCALAR ? v->value : NULL;
}

sf_yscalar_type sf_yscalar_classify(const sf_ynode *n)
{
	const char *v = n->value;

	if (n->quoted)
		return SF_YSCALAR_STRING;
	if (n->len == 0 || !strcmp(v, "~") || !strcmp(v, "null") ||
	    !strcmp(v, "Null") || !strcmp(v, "NULL"))
		return SF_YSCALAR_NULL;
	if (!strcmp(v, "true") || !strcmp(v, "True") || !strcmp(v, "TRUE") ||
	    !strcmp(v, "false") || !strcmp(v, "False") || !strcmp(v, "FALSE"))
		return SF_YSCALAR_BOOL;
	if (sf_text_matches("^[-+]?[0-9]+$", v))
		return SF_YSCALAR_INT;
	if (sf_text_matches(
	        "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", v))
		return SF_YSCALAR_FLOAT;
	return SF_YSCALAR_STRING;
}

const char *sf_ynode_describe(const sf_ynode *n)
{
	if (n->kind == SF_YNODE_MAPPING)
		return "a mapping";
	if (n->kind == SF_YNODE_SEQUENCE)
		return "a list";
	switch (sf_yscalar_classify(n)) {
	case SF_YSCALAR_NULL:
		return "empty";
	case SF_YSCALAR_BOOL:
		return "a boolean";
	case SF_YSCALAR_INT:
		return "an integer";
	case SF_YSCALAR_FLOAT:
		return "a number";
	default:
		return "a string";
	}
}
