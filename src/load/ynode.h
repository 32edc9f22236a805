/*
 * A YAML document as a small tree that remembers where every node stands
 * (1-based line and column), built from libyaml's event stream.
 *
 * libyaml accepts duplicate mapping keys; this loader rejects them. It also
 * rejects what rule files have no use for and what would make hostile input
 * expensive: aliases, several documents in one file, nesting deeper than
 * SF_YNODE_MAX_DEPTH.
 */
#ifndef SF_LOAD_YNODE_H
#define SF_LOAD_YNODE_H

#include <stddef.h>

#include "util/diag.h"

#define SF_YNODE_MAX_DEPTH 64

typedef enum sf_ynode_kind {
	SF_YNODE_SCALAR,
	SF_YNODE_SEQUENCE,
	SF_YNODE_MAPPING
} sf_ynode_kind;

/* What a scalar means under the YAML 1.2 core schema. */
typedef enum sf_yscalar_type {
	SF_YSCALAR_STRING,
	SF_YSCALAR_NULL,
	SF_YSCALAR_BOOL,
	SF_YSCALAR_INT,
	SF_YSCALAR_FLOAT
} sf_yscalar_type;

typedef struct sf_ynode sf_ynode;
struct sf_ynode {
	sf_ynode_kind kind;
	size_t line, column;
	/* scalars */
	char *value;
	size_t len;
	int quoted; /* any style but plain: always a string */
	/* sequences use items; mappings use keys and items side by side */
	sf_ynode **keys;
	sf_ynode **items;
	size_t count;
};

/*
 * Parses text (len bytes) of the file named file. On success *out is the
 * root, or NULL for an empty document, and 0 is returned. On a syntax
 * problem -1 is returned and every problem found is in d.
 */
int sf_ynode_parse(sf_ynode **out, const char *file, const char *text,
                   size_t len, sf_diags *d);
void sf_ynode_free(sf_ynode *n);

/* The value stored under key in a mapping (borrowed), or NULL. */
const sf_ynode *sf_ynode_get(const sf_ynode *map, const char *key);
/* The key node under which key is stored, or NULL. */
const sf_ynode *sf_ynode_key(const sf_ynode *map, const char *key);
/* The scalar text under key, or NULL if absent or not a scalar. */
const char *sf_ynode_str(const sf_ynode *map, const char *key);

sf_yscalar_type sf_yscalar_classify(const sf_ynode *scalar);
/* "a string", "a mapping", "an integer"... for messages. */
const char *sf_ynode_describe(const sf_ynode *n);

#endif
