/*
 * A strict, streaming JSON reader (RFC 8259): one token at a time from a
 * FILE, in constant memory but for the longest string and the nesting.
 * It accepts JSON and nothing else, so that evidence can never mean more
 * to scapforge than to a JSON decoder: YAML's comments, block
 * collections, anchors, tags, directives, document markers, unquoted or
 * single-quoted strings and trailing commas are refused, with the line
 * and the column (both 1-based, the column counted in bytes) of the first
 * byte at fault. Strings are decoded (escapes, surrogate pairs) and must
 * be valid UTF-8 without NUL; one UTF-8 byte order mark may open the
 * input.
 *
 * Invariant: a token's text stays valid until the next call.
 */
#ifndef SF_UTIL_JSONREAD_H
#define SF_UTIL_JSONREAD_H

#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"

typedef enum sf_jtok_kind {
	SF_JTOK_OBJECT,     /* { */
	SF_JTOK_OBJECT_END, /* } */
	SF_JTOK_ARRAY,      /* [ */
	SF_JTOK_ARRAY_END,  /* ] */
	SF_JTOK_KEY,        /* a member's name */
	SF_JTOK_STRING,
	SF_JTOK_NUMBER, /* text as written */
	SF_JTOK_TRUE,
	SF_JTOK_FALSE,
	SF_JTOK_NULL,
	SF_JTOK_END /* the input is complete */
} sf_jtok_kind;

typedef struct sf_jtok {
	sf_jtok_kind kind;
	const char *text; /* decoded, NUL-terminated; "" for punctuation */
	size_t len;
	size_t line, column; /* where the token starts */
	int plain; /* a string or key written without escapes: its JSON is
	              text between quotes, to be copied as it is */
} sf_jtok;

#define SF_JSONREAD_MAX_DEPTH 4096
#define SF_JSONREAD_MAX_STRING (16u << 20)

typedef struct sf_jsonread {
	FILE *in;
	const char *name; /* the input's name, for messages */
	unsigned char *buf;
	size_t pos, end;
	int eof;
	int read_failed; /* the input's error, seen at its end */
	size_t line, column; /* of the byte at pos */
	sf_buf text;
	char *stack; /* '{' or '[' per open level */
	size_t depth, alloc;
	int state;
	int escaped; /* the last string held a backslash escape */
} sf_jsonread;

/* name is used in messages ("malformed evidence 'NAME': ..."). */
void sf_jsonread_init(sf_jsonread *r, FILE *in, const char *name);
/* Returns 0 with the next token, or -1 with the last error set. After
 * SF_JTOK_END every call returns SF_JTOK_END again. */
int sf_jsonread_next(sf_jsonread *r, sf_jtok *out);
/* After an SF_JTOK_OBJECT or SF_JTOK_ARRAY token: reads the rest of
 * that collection, its closing bracket included, as strictly as tokens
 * are read, and appends it to out as compact JSON, each token as
 * sf_jtok_put writes it. Returns 0, or -1 with the last error set (what
 * was appended before is then incomplete). */
int sf_jsonread_copy_rest(sf_jsonread *r, sf_buf *out);
/* Inside an object, where a key or the end comes next: copies, as
 * sf_jsonread_copy_rest does, each member (its key, its value, a comma
 * before it when *count is not 0) that wanted(ctx, key, len) does not
 * want, counting it in *count; it stops, with the reader ready to read
 * that member's key as a token, at a member that is wanted or whose key
 * is not plain ASCII without escapes, and before the object's end.
 * Returns 0, or -1 with the last error set. */
int sf_jsonread_copy_members(sf_jsonread *r, sf_buf *out,
                             int (*wanted)(void *ctx, const char *key,
                                           size_t len),
                             void *ctx, size_t *count);
/* Appends t as compact JSON: a string or key between quotes (as it was
 * read when it held no escape, escaped again when it did), a number or a
 * literal as written, a bracket. */
void sf_jtok_put(sf_buf *out, const sf_jtok *t);
/* Open levels, outermost first ("{" "[" ...). */
size_t sf_jsonread_depth(const sf_jsonread *r);
void sf_jsonread_release(sf_jsonread *r);

#endif
