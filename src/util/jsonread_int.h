/*
 * Internals of the strict JSON reader shared by its files (jsonread.c:
 * the tokens and their grammar; jsonread_str.c: strings, escapes and
 * UTF-8; jsonread_copy.c: a collection copied whole). The byte-level
 * input is inline here: it is the hot path.
 * Not for use outside src/util/jsonread*.c.
 */
#ifndef SF_UTIL_JSONREAD_INT_H
#define SF_UTIL_JSONREAD_INT_H

#include <stdio.h>

#include "util/jsonread.h"

#define SF_JSONREAD_BUFSIZE 65536

/* Where the grammar stands (sf_jsonread.state). */
enum state {
	ST_ROOT,         /* the top-level value */
	ST_FIRST_ITEM,   /* after '[': a value or ']' */
	ST_ITEM,         /* after ',' in an array */
	ST_FIRST_KEY,    /* after '{': a key or '}' */
	ST_KEY,          /* after ',' in an object */
	ST_MEMBER_VALUE, /* after a key and its ':' */
	ST_AFTER,        /* after a value inside an array or object */
	ST_DONE          /* after the top-level value */
};

static inline int sf_jsonread_fill(sf_jsonread *r)
{
	if (r->pos < r->end)
		return 1;
	if (r->eof)
		return 0;
	r->pos = 0;
	r->end = fread(r->buf, 1, SF_JSONREAD_BUFSIZE, r->in);
	if (!r->end)
		r->eof = 1;
	return r->end > 0;
}

static inline int sf_jsonread_peek(sf_jsonread *r)
{
	return sf_jsonread_fill(r) ? r->buf[r->pos] : -1;
}

static inline void sf_jsonread_advance(sf_jsonread *r)
{
	if (r->buf[r->pos++] == '\n') {
		r->line++;
		r->column = 1;
	} else {
		r->column++;
	}
}

/* Sets the last error: the evidence is malformed at line, column (or
 * cannot be read); returns -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
int sf_jsonread_fail_at(const sf_jsonread *r, size_t line, size_t column,
                        const char *fmt, ...);
#define SF_JSONREAD_FAIL(r, ...)                                               \
	sf_jsonread_fail_at((r), (r)->line, (r)->column, __VA_ARGS__)

/* Refuses the byte c (-1: the end) where expected was, with a hint of
 * the YAML it most likely is; returns -1. */
int sf_jsonread_unexpected(sf_jsonread *r, int c, const char *expected);
/* Reads the string at its opening quote into r->text. Returns 0 or -1. */
int sf_jsonread_string(sf_jsonread *r);
/* Skips white space; returns the byte after it, or -1 at the end. */
int sf_jsonread_skip_space(sf_jsonread *r);
/* One step of the grammar: 0 with a token in t (its text not yet set:
 * sf_jsonread_token_text), 1 after a comma, -1 with the last error set. */
int sf_jsonread_step(sf_jsonread *r, sf_jtok *t);
void sf_jsonread_token_text(sf_jsonread *r, sf_jtok *t);
/* At '{' or '[' (kind): opens a level, or refuses one too deep. */
int sf_jsonread_open(sf_jsonread *r, sf_jtok *t, char kind);
/* At the closing bracket of the innermost level. */
void sf_jsonread_close(sf_jsonread *r, sf_jtok *t);

#endif
