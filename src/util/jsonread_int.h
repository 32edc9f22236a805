/*
 * Internals of the strict JSON reader shared by its files (jsonread.c:
 * the tokens and their grammar; jsonread_str.c: strings, escapes and
 * UTF-8; jsonread_copy.c: a collection copied whole). The byte-level
 * input is inline here: it is the hot path.
 * Not for use outside src/util/jsonread*.c.
 */
#ifndef SF_UTIL_JSONREAD_INT_H
#define SF_UTIL_JSONREAD_INT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/jsonread.h"

#define SF_JSONREAD_BUFSIZE 65536
/* Bytes allocated past the buffer's end, never read as input: a short
 * copy out of the buffer may move whole blocks of this size. */
#define SF_JSONREAD_SLACK 16

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
	if (!r->end) {
		r->eof = 1;
		r->read_failed = ferror(r->in) != 0;
	}
	return r->end > 0;
}

/*
 * Runs of bytes scanned eight at a time where the machine loads words
 * little-endian, else one at a time. In a word w, a byte's high bit in
 * the masks below flags it: for "below 0x20" and "equal to c" the
 * subtraction's borrow can flag a byte wrongly only above a byte rightly
 * flagged, so the lowest flag is always right.
 */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                            \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SF_JSONREAD_ONES 0x0101010101010101ull

/* The index (0 to 8) of the first byte at p that is not c. */
static inline size_t sf_jsonread_same8(const unsigned char *p, unsigned char c)
{
	uint64_t w;

	memcpy(&w, p, 8);
	w ^= SF_JSONREAD_ONES * c;
	return w ? (size_t)__builtin_ctzll(w) >> 3 : 8;
}

/* The index (0 to 8) of the first byte at p a string cannot hold as it
 * is: a control character, a quote, a backslash or a byte of UTF-8. */
static inline size_t sf_jsonread_plain8(const unsigned char *p)
{
	uint64_t w, q, b, m;

	memcpy(&w, p, 8);
	q = w ^ SF_JSONREAD_ONES * '"';
	b = w ^ SF_JSONREAD_ONES * '\\';
	m = ((w - SF_JSONREAD_ONES * 0x20) | w | ((q - SF_JSONREAD_ONES) & ~q) |
	     ((b - SF_JSONREAD_ONES) & ~b)) &
	    SF_JSONREAD_ONES * 0x80;
	return m ? (size_t)__builtin_ctzll(m) >> 3 : 8;
}
#define SF_JSONREAD_WORDS 1
#else
#define SF_JSONREAD_WORDS 0
#endif

/* Past the spaces (' ' only) at p, before end. */
static inline const unsigned char *sf_jsonread_spaces(const unsigned char *p,
                                                      const unsigned char *end)
{
#if SF_JSONREAD_WORDS
	while (end - p >= 8) {
		size_t n = sf_jsonread_same8(p, ' ');

		p += n;
		if (n < 8)
			return p;
	}
#endif
	while (p < end && *p == ' ')
		p++;
	return p;
}

/* Past the plain bytes at p, before end: printable ASCII and DEL, but
 * the quote and the backslash. */
static inline const unsigned char *sf_jsonread_plain(const unsigned char *p,
                                                     const unsigned char *end)
{
#if SF_JSONREAD_WORDS
	while (end - p >= 8) {
		size_t n = sf_jsonread_plain8(p);

		p += n;
		if (n < 8)
			return p;
	}
#endif
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
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
