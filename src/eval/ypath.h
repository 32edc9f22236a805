/*
 * YAML paths as OVAL yamlfilecontent objects use them, and their
 * evaluation over a document in one pass of libyaml's event stream, so
 * that memory grows with the values found, never with the document.
 *
 * Syntax: steps ".key", "[N]" (0-based) and "[:]" or "[*]" (every item),
 * e.g. "[:].HostConfig.PidMode". A path that ends at a sequence yields
 * its scalars; one that ends at a mapping is an error, as scanners cannot
 * represent it. Duplicate keys yield every value; several documents in
 * one stream are all searched.
 */
#ifndef SF_EVAL_YPATH_H
#define SF_EVAL_YPATH_H

#include <stddef.h>

#include <yaml.h>

#include "util/strpool.h"

typedef enum sf_ystep_kind {
	SF_YSTEP_KEY,
	SF_YSTEP_INDEX,
	SF_YSTEP_ALL
} sf_ystep_kind;

typedef struct sf_ystep {
	sf_ystep_kind kind;
	char *key;
	size_t key_len; /* compared with each key met, so known once */
	size_t index;
} sf_ystep;

typedef struct sf_ypath {
	char *text;
	sf_ystep *steps;
	size_t nsteps;
} sf_ypath;

/* Parses text; returns -1 with the last error set when it is not a path
 * of the supported syntax. */
int sf_ypath_parse(sf_ypath **out, const char *text);
void sf_ypath_free(sf_ypath *p);

/* A value found: the scalar (NULL for a YAML null) and the index of the
 * top-level sequence item it belongs to (the container), or -1. */
typedef struct sf_yvalue {
	const char *text; /* in the values' pool */
	long item;
} sf_yvalue;

/* The texts are interned in pool: one the caller sets before a walk, to
 * share it (a scan's: its values outlive these), or else one of their
 * own, made at the first value and freed with them (own_pool). A text
 * is valid as long as its pool. */
typedef struct sf_yvalues {
	sf_yvalue *v;
	size_t count, alloc;
	int error;     /* the path met what it cannot represent */
	char *message; /* why, when error is set */
	sf_strpool *pool;
	int own_pool;
} sf_yvalues;

/* text (NUL-terminated) interned in the pool of vals. */
const char *sf_yvalues_keep(sf_yvalues *vals, const char *text);
void sf_yvalues_release(sf_yvalues *vals);

/*
 * Evaluates npaths paths over the YAML stream in path (a file), filling
 * out[i] for paths[i]. Returns 0 on success, 1 when the file does not
 * exist, -1 on a read or parse error (last error set: what and where).
 */
int sf_ypath_eval_file(const char *path, sf_ypath *const *paths, size_t npaths,
                       sf_yvalues *out);
/* A walker takes the events of a stream someone else parses (the
 * evidence filter), so that one pass serves both. */
typedef struct sf_ypath_walker sf_ypath_walker;

sf_ypath_walker *sf_ypath_walker_new(sf_ypath *const *paths, size_t npaths,
                                     sf_yvalues *out);
/* Returns -1 with the last error set for what a path cannot follow
 * (aliases, nesting too deep); name is the stream's, for messages. */
int sf_ypath_walker_feed(sf_ypath_walker *w, const yaml_event_t *ev,
                         const char *name);
/* The same for a token of a parser that is not libyaml (the evidence's
 * JSON reader): a scalar or a null (its text of len bytes,
 * NUL-terminated), the start of a mapping or a sequence, or the end of
 * either (text NULL). */
typedef enum sf_ytok {
	SF_YTOK_SCALAR,
	SF_YTOK_NULL,
	SF_YTOK_MAP,
	SF_YTOK_SEQ,
	SF_YTOK_END
} sf_ytok;
int sf_ypath_walker_token(sf_ypath_walker *w, sf_ytok kind, const char *text,
                          size_t len);
/* Whether the walker is inside a collection that no path enters (the
 * one whose start it was just given, or one around it): the caller may
 * then leave out every token up to that collection's end. */
int sf_ypath_walker_skipping(const sf_ypath_walker *w);
/* Whether a path goes on into the value of the member key (len bytes)
 * of the mapping the walker is in, where a key comes next; when not,
 * the caller may leave out that member's tokens altogether. */
int sf_ypath_walker_wants_key(const sf_ypath_walker *w, const char *key,
                              size_t len);
/* The first bytes (folded to lower case, modulo 64, a bit each) of the
 * keys sf_ypath_walker_wants_key may want where the walker is: a key
 * whose first byte has no bit is not wanted. */
unsigned long long sf_ypath_walker_key_starts(const sf_ypath_walker *w);
/* The bit of a key whose first byte is first, in such a set. */
static inline unsigned long long sf_ypath_key_bit(char first)
{
	return 1ull << ((first | 0x20) & 63);
}
void sf_ypath_walker_free(sf_ypath_walker *w);

/* The same over a string, for tests. */
int sf_ypath_eval_string(const char *text, size_t len, sf_ypath *const *paths,
                         size_t npaths, sf_yvalues *out);

#endif
