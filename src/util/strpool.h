/*
 * Interned strings: each distinct string stored once, in large blocks,
 * for as long as the pool lives. A scan keeps every value the OVAL
 * checks read in one pool (a container's ID, its modes), so that the
 * many copies the evaluation makes of them (objects, variables, items)
 * are pointers rather than allocations: a scan of 10,000 containers
 * otherwise spends more memory on malloc's bookkeeping than on the
 * strings.
 */
#ifndef SF_UTIL_STRPOOL_H
#define SF_UTIL_STRPOOL_H

#include <stddef.h>

typedef struct sf_strpool sf_strpool;

sf_strpool *sf_strpool_new(void);
/* The pool's copy of the len bytes at s (NUL-terminated; equal strings
 * give the same pointer), valid until the pool is freed. */
const char *sf_strpool_add(sf_strpool *p, const char *s, size_t len);
/* The same for a NUL-terminated string; NULL stays NULL. */
const char *sf_strpool_str(sf_strpool *p, const char *s);
/* The bytes the pool holds, its table included. */
size_t sf_strpool_size(const sf_strpool *p);
void sf_strpool_free(sf_strpool *p);

#endif
