/*
 * JSON output: string escaping, and a small writer for the reports that
 * keeps track of commas and indentation. Strings written by the writer
 * are made valid UTF-8 first (invalid bytes and control characters other
 * than tab and line breaks become U+FFFD), so no input can produce
 * invalid JSON.
 */
#ifndef SF_UTIL_JSON_H
#define SF_UTIL_JSON_H

#include <stddef.h>

#include "util/buf.h"
#include "util/fsio.h"

/* Appends s (len bytes) as a JSON string, quotes included, escaping
 * quotes, backslashes and control characters; other bytes are copied. */
void sf_json_escape(sf_buf *b, const char *s, size_t len);

/* Deeper nesting is a programming error (reports nest a few levels). */
#define SF_JSON_MAX_DEPTH 32

typedef struct sf_json {
	sf_buf *out;
	int depth;
	int count[SF_JSON_MAX_DEPTH];  /* values written at each level */
	char close[SF_JSON_MAX_DEPTH]; /* what ends each open level */
	int after_key;
} sf_json;

void sf_json_init(sf_json *j, sf_buf *out);
void sf_json_object(sf_json *j); /* { */
void sf_json_array(sf_json *j);  /* [ */
void sf_json_end(sf_json *j);    /* } or ], whichever is open */
void sf_json_key(sf_json *j, const char *key);
void sf_json_string(sf_json *j, const char *s); /* NULL: null */
/* A string written in parts (begin, part..., end), each cleaned and
 * escaped as sf_json_string does; parts must end where a character
 * does (sf_text_piece). */
void sf_json_string_begin(sf_json *j);
void sf_json_string_part(sf_json *j, const char *s, size_t len);
void sf_json_string_end(sf_json *j);
void sf_json_int(sf_json *j, long long n);
void sf_json_bool(sf_json *j, int b);
void sf_json_null(sf_json *j);

/* "key": value shorthands, inside an object. */
void sf_json_kstring(sf_json *j, const char *key, const char *s);
void sf_json_kint(sf_json *j, const char *key, long long n);

/* For a document written to pf as it is made: hands what the writer
 * holds to pf once it is least bytes or more (least 0: whatever it
 * holds). Returns 0, or -1 with the last error set when the write
 * failed. */
int sf_json_spill(sf_json *j, sf_pending_file *pf, size_t least);

#endif
