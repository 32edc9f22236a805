/*
 * JSON text (RFC 8259) read into a tree that remembers where each value
 * stands in the text, so that a value can be replaced while every other
 * byte stays as it was (a checklist merged into). Strict: anything but
 * JSON is refused with its line and column (1-based, the column in
 * bytes), and so is an object that names a key twice, whose meaning
 * would depend on the reader. One UTF-8 byte order mark may open the
 * text.
 */
#ifndef SF_UTIL_JSONTREE_H
#define SF_UTIL_JSONTREE_H

#include <stddef.h>

typedef enum sf_jtree_kind {
	SF_JTREE_OBJECT,
	SF_JTREE_ARRAY,
	SF_JTREE_STRING,
	SF_JTREE_NUMBER,
	SF_JTREE_TRUE,
	SF_JTREE_FALSE,
	SF_JTREE_NULL
} sf_jtree_kind;

typedef struct sf_jtree {
	sf_jtree_kind kind;
	size_t start, end;     /* the value's bytes in the text: [start, end) */
	char *str;             /* a string's decoded text, else NULL */
	char **keys;           /* an object's member names, decoded */
	struct sf_jtree *kids; /* an object's values, an array's items */
	size_t n;
} sf_jtree;

#define SF_JTREE_MAX_DEPTH 512

/* Parses len bytes of text, named name in messages. Returns 0 with *out
 * set (free it with sf_jtree_free), or -1 with the last error set. */
int sf_jtree_parse(sf_jtree **out, const char *name, const char *text,
                   size_t len);
/* The value of the member key of the object o, or NULL (also when o is
 * NULL or not an object). */
const sf_jtree *sf_jtree_get(const sf_jtree *o, const char *key);
/* A member's string value, or NULL when absent or not a string. */
const char *sf_jtree_str(const sf_jtree *o, const char *key);
void sf_jtree_free(sf_jtree *t);

#endif
