#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "eval/ypath.h"
#include "util/buf.h"
#include "util/error.h"

/* Evidence nested deeper than this is refused rather than followed. */
#define MAX_DEPTH 4096

int sf_ypath_parse(sf_ypath **out, const char *text)
{
	sf_ypath *p = sf_xcalloc(1, sizeof(*p));
	const char *s = text;

	*out = NULL;
	p->text = sf_xstrdup(text);
	if (*s == '$')
		s++;
	while (*s) {
		sf_ystep st = {SF_YSTEP_KEY, NULL, 0, 0};
		size_t n;

		if (*s == '.') {
			n = strcspn(s + 1, ".[");
			if (n == 0)
				goto bad;
			st.key = sf_xstrndup(s + 1, n);
			st.key_len = n;
			s += 1 + n;
		} else if (*s == '[') {
			if (!strncmp(s, "[:]", 3) || !strncmp(s, "[*]", 3)) {
				st.kind = SF_YSTEP_ALL;
				s += 3;
			} else {
				char *end;

				errno = 0;
				st.kind = SF_YSTEP_INDEX;
				if (s[1] < '0' || s[1] > '9')
					goto bad;
				st.index = strtoul(s + 1, &end, 10);
				if (errno || *end != ']')
					goto bad;
				s = end + 1;
			}
		} else {
			goto bad;
		}
		p->steps =
		    sf_xrealloc(p->steps, (p->nsteps + 1) * sizeof(*p->steps));
		p->steps[p->nsteps++] = st;
	}
	if (p->nsteps == 0)
		goto bad;
	*out = p;
	return 0;
bad:
	sf_error_set("unsupported YAML path '%s' (use .key, [N] and [:])",
	             text);
	sf_ypath_free(p);
	return -1;
}

void sf_ypath_free(sf_ypath *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nsteps; i++)
		free(p->steps[i].key);
	free(p->steps);
	free(p->text);
	free(p);
}

const char *sf_yvalues_keep(sf_yvalues *vals, const char *text)
{
	if (!vals->pool) {
		vals->pool = sf_strpool_new();
		vals->own_pool = 1;
	}
	return sf_strpool_str(vals->pool, text);
}

void sf_yvalues_release(sf_yvalues *vals)
{
	free(vals->v);
	free(vals->message);
	if (vals->own_pool)
		sf_strpool_free(vals->pool);
	memset(vals, 0, sizeof(*vals));
}

/* One open mapping or sequence. Its key buffer outlives it, to be
 * reused by the next collection opened at the same depth: every event
 * passes here, and a malloc per key was most of the walker's cost. */
typedef struct frame {
	int is_map;
	int expecting_key;
	int has_key;
	sf_buf key;
	size_t next_index;
	long item;
} frame;

/* pos holds, for the frame at depth d, npaths entries from d * npaths:
 * how many steps of path i the collection itself matched (-1: none,
 * nsteps: it is the target). One array for all depths, grown with the
 * stack, rather than one allocation per collection opened. */
struct sf_ypath_walker {
	sf_ypath *const *paths;
	size_t npaths;
	sf_yvalues *out;
	frame *stack;
	size_t depth, alloc;
	long *pos;
	long *scratch;
	/* inside a collection no path goes into: how many collections deep
	 * (its own included); its events are only counted, never matched */
	size_t skip;
};
typedef struct sf_ypath_walker walker;

static long *frame_pos(walker *w, size_t d)
{
	return w->pos + d * w->npaths;
}

static void emit(sf_yvalues *vals, const char *text, long item)
{
	if (vals->count == vals->alloc) {
		vals->alloc = vals->alloc ? vals->alloc * 2 : 16;
		vals->v = sf_xrealloc(vals->v, vals->alloc * sizeof(*vals->v));
	}
	vals->v[vals->count].text = sf_yvalues_keep(vals, text);
	vals->v[vals->count].item = item;
	vals->count++;
}

static void path_error(sf_yvalues *vals, const sf_ypath *p, const char *what)
{
	sf_buf msg = SF_BUF_INIT;

	if (vals->error)
		return;
	vals->error = 1;
	sf_buf_printf(&msg, "YAML path '%s' points to %s", p->text, what);
	vals->message = sf_buf_detach(&msg);
}

/* Works out, for every path, how far the node about to start matches, in
 * w->scratch; returns the item (container) index of the node. */
static long match_child(walker *w)
{
	frame *parent = w->depth ? &w->stack[w->depth - 1] : NULL;
	long *ppos = parent ? frame_pos(w, w->depth - 1) : NULL;
	long item = -1;
	size_t i;

	if (parent)
		item = w->depth == 1 && !parent->is_map
		           ? (long)parent->next_index
		           : parent->item;
	for (i = 0; i < w->npaths; i++) {
		const sf_ypath *p = w->paths[i];
		long pp = parent ? ppos[i] : 0;
		const sf_ystep *st;

		w->scratch[i] = -1;
		if (!parent) {
			w->scratch[i] = 0;
			continue;
		}
		if (pp < 0 || (size_t)pp >= p->nsteps)
			continue;
		if (parent->is_map && parent->expecting_key)
			continue; /* a key, not a value */
		st = &p->steps[pp];
		if ((st->kind == SF_YSTEP_KEY && parent->is_map &&
		     parent->has_key && parent->key.len == st->key_len &&
		     !memcmp(parent->key.ptr, st->key, st->key_len)) ||
		    (st->kind == SF_YSTEP_INDEX && !parent->is_map &&
		     parent->next_index == st->index) ||
		    (st->kind == SF_YSTEP_ALL && !parent->is_map))
			w->scratch[i] = pp + 1;
	}
	return item;
}

/* The parent has one more child (a key or a value, or an item). */
static void child_done(walker *w)
{
	frame *parent;

	if (!w->depth)
		return;
	parent = &w->stack[w->depth - 1];
	if (!parent->is_map) {
		parent->next_index++;
	} else if (parent->expecting_key) {
		parent->expecting_key = 0;
	} else {
		parent->has_key = 0;
		parent->expecting_key = 1;
	}
}

static int is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") ||
	       !strcmp(v, "Null") || !strcmp(v, "NULL");
}

/* A scalar: text (len bytes, NUL-terminated); a null's value is NULL,
 * but as a key it is its text. */
static void on_scalar(walker *w, const char *text, size_t len, int null)
{
	frame *parent = w->depth ? &w->stack[w->depth - 1] : NULL;
	long *ppos = parent ? frame_pos(w, w->depth - 1) : NULL;
	long item;
	size_t i;

	if (parent && parent->is_map && parent->expecting_key) {
		sf_buf_clear(&parent->key);
		sf_buf_put(&parent->key, text, len);
		parent->has_key = 1;
		child_done(w);
		return;
	}
	item = match_child(w);
	for (i = 0; i < w->npaths; i++) {
		size_t n = w->paths[i]->nsteps;

		if (w->scratch[i] == (long)n ||
		    (parent && !parent->is_map && ppos[i] == (long)n))
			emit(&w->out[i], null ? NULL : text, item);
	}
	child_done(w);
}

static int on_start(walker *w, int is_map)
{
	frame *parent, *f;
	long *ppos;
	long item;
	size_t i;

	if (w->depth == MAX_DEPTH)
		return sf_error_set("nesting deeper than %d levels", MAX_DEPTH);
	/* grow first: the parent frame moves with the stack */
	if (w->depth == w->alloc) {
		size_t old = w->alloc;

		w->alloc = w->alloc ? w->alloc * 2 : 16;
		w->stack = sf_xrealloc(w->stack, w->alloc * sizeof(*w->stack));
		memset(w->stack + old, 0, (w->alloc - old) * sizeof(*w->stack));
		w->pos = sf_xrealloc(w->pos, w->alloc *
		                                 (w->npaths ? w->npaths : 1) *
		                                 sizeof(long));
	}
	parent = w->depth ? &w->stack[w->depth - 1] : NULL;
	ppos = parent ? frame_pos(w, w->depth - 1) : NULL;
	item = match_child(w);
	for (i = 0; i < w->npaths; i++) {
		size_t n = w->paths[i]->nsteps;

		if (parent && parent->is_map && parent->expecting_key)
			w->scratch[i] = -1;
		else if (w->scratch[i] == (long)n && is_map)
			path_error(&w->out[i], w->paths[i],
			           "a mapping, not values");
		else if (parent && !parent->is_map && ppos[i] == (long)n)
			path_error(&w->out[i], w->paths[i],
			           "nested collections, not values");
	}
	for (i = 0; i < w->npaths && w->scratch[i] < 0; i++)
		;
	if (parent && i == w->npaths) {
		w->skip = 1;
		return 0;
	}
	f = &w->stack[w->depth];
	f->is_map = is_map;
	f->expecting_key = is_map;
	f->has_key = 0;
	f->next_index = 0;
	f->item = item;
	memcpy(frame_pos(w, w->depth), w->scratch, w->npaths * sizeof(long));
	w->depth++;
	return 0;
}

static void on_end(walker *w)
{
	w->depth--;
	child_done(w);
}

sf_ypath_walker *sf_ypath_walker_new(sf_ypath *const *paths, size_t npaths,
                                     sf_yvalues *out)
{
	walker *w = sf_xcalloc(1, sizeof(*w));

	w->paths = paths;
	w->npaths = npaths;
	w->out = out;
	w->scratch = sf_xcalloc(npaths ? npaths : 1, sizeof(long));
	return w;
}

int sf_ypath_walker_skipping(const sf_ypath_walker *w)
{
	return w->skip > 0;
}

/* The key step path i takes next from the mapping the walker is in, or
 * NULL. */
static const sf_ystep *key_step(const sf_ypath_walker *w, size_t i)
{
	long pos = w->pos[(w->depth - 1) * w->npaths + i];
	const sf_ypath *p = w->paths[i];

	if (pos < 0 || (size_t)pos >= p->nsteps ||
	    p->steps[pos].kind != SF_YSTEP_KEY)
		return NULL;
	return &p->steps[pos];
}

int sf_ypath_walker_wants_key(const sf_ypath_walker *w, const char *key,
                              size_t len)
{
	const sf_ystep *st;
	size_t i;

	for (i = 0; !w->skip && w->depth && i < w->npaths; i++)
		if ((st = key_step(w, i)) && st->key_len == len &&
		    !memcmp(st->key, key, len))
			return 1;
	return 0;
}

unsigned long long sf_ypath_walker_key_starts(const sf_ypath_walker *w)
{
	unsigned long long bits = 0;
	const sf_ystep *st;
	size_t i;

	for (i = 0; !w->skip && w->depth && i < w->npaths; i++)
		if ((st = key_step(w, i)))
			bits |= sf_ypath_key_bit(st->key[0]);
	return bits;
}

void sf_ypath_walker_free(sf_ypath_walker *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->alloc; i++)
		sf_buf_release(&w->stack[i].key);
	free(w->stack);
	free(w->pos);
	free(w->scratch);
	free(w);
}

int sf_ypath_walker_token(sf_ypath_walker *w, sf_ytok kind, const char *text,
                          size_t len)
{
	int start = kind == SF_YTOK_MAP || kind == SF_YTOK_SEQ;

	if (w->skip) {
		if (start) {
			if (w->depth + w->skip == MAX_DEPTH)
				return sf_error_set("nesting deeper than %d "
				                    "levels",
				                    MAX_DEPTH);
			w->skip++;
		} else if (kind == SF_YTOK_END && --w->skip == 0) {
			child_done(w); /* the skipped collection was a child */
		}
		return 0;
	}
	switch (kind) {
	case SF_YTOK_SCALAR:
	case SF_YTOK_NULL:
		on_scalar(w, text, len, kind == SF_YTOK_NULL);
		return 0;
	case SF_YTOK_MAP:
	case SF_YTOK_SEQ:
		return on_start(w, kind == SF_YTOK_MAP);
	default:
		if (w->depth)
			on_end(w);
		return 0;
	}
}

int sf_ypath_walker_feed(sf_ypath_walker *w, const yaml_event_t *ev,
                         const char *name)
{
	const char *v = (const char *)ev->data.scalar.value;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		/* up to a NUL, as libyaml's "\0" has always ended a key */
		return sf_ypath_walker_token(
		    w, is_null(ev) ? SF_YTOK_NULL : SF_YTOK_SCALAR, v, strlen(v));
	case YAML_SEQUENCE_START_EVENT:
		return sf_ypath_walker_token(w, SF_YTOK_SEQ, NULL, 0);
	case YAML_MAPPING_START_EVENT:
		return sf_ypath_walker_token(w, SF_YTOK_MAP, NULL, 0);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return sf_ypath_walker_token(w, SF_YTOK_END, NULL, 0);
	case YAML_ALIAS_EVENT:
		return sf_error_set(
		    "malformed evidence '%s': aliases are not supported (line %zu, column %zu)",
		    name, (size_t)ev->start_mark.line + 1,
		    (size_t)ev->start_mark.column + 1);
	default:
		return 0;
	}
}

static int eval_parser(yaml_parser_t *parser, const char *name,
                       sf_ypath *const *paths, size_t npaths, sf_yvalues *out)
{
	walker *w = sf_ypath_walker_new(paths, npaths, out);
	yaml_event_t ev;
	int rc = 0, done = 0;

	while (!done && rc == 0) {
		if (!yaml_parser_parse(parser, &ev)) {
			rc = sf_error_set(
			    "malformed evidence '%s': %s at line %zu, column %zu",
			    name, parser->problem ? parser->problem : "error",
			    (size_t)parser->problem_mark.line + 1,
			    (size_t)parser->problem_mark.column + 1);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = sf_ypath_walker_feed(w, &ev, name);
		yaml_event_delete(&ev);
	}
	sf_ypath_walker_free(w);
	return rc;
}

int sf_ypath_eval_string(const char *text, size_t len, sf_ypath *const *paths,
                         size_t npaths, sf_yvalues *out)
{
	yaml_parser_t parser;
	int rc;

	if (!yaml_parser_initialize(&parser))
		return sf_error_set("cannot start the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	rc = eval_parser(&parser, "(string)", paths, npaths, out);
	yaml_parser_delete(&parser);
	return rc;
}

int sf_ypath_eval_file(const char *path, sf_ypath *const *paths, size_t npaths,
                       sf_yvalues *out)
{
	yaml_parser_t parser;
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		return sf_error_set("cannot open '%s': %s", path,
		                    strerror(errno));
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		return sf_error_set("cannot start the YAML parser");
	}
	yaml_parser_set_input_file(&parser, f);
	rc = eval_parser(&parser, path, paths, npaths, out);
	yaml_parser_delete(&parser);
	if (ferror(f) && rc == 0)
		rc = sf_error_set("cannot read '%s'", path);
	fclose(f);
	return rc;
}
