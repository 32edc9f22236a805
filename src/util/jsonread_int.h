/*
 * Internals of the strict JSON reader shared by its files (jsonread.c:
 * the tokens and their grammar; jsonread_str.c: strings, escapes and
 * UTF-8). The byte-level input is inline here: it is the hot path.
 * Not for use outside src/util/jsonread*.c.
 */
#ifndef SF_UTIL_JSONREAD_INT_H
#define SF_UTIL_JSONREAD_INT_H

#include <stdio.h>

#include "util/jsonread.h"

#define SF_JSONREAD_BUFSIZE 65536

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

#endif
