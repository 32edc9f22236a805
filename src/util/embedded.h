/*
 * Files compiled into the program (the YAML schemas of schemas/, the
 * stylesheet of the HTML report).
 * The table ends with an entry whose name is NULL.
 */
#ifndef SF_UTIL_EMBEDDED_H
#define SF_UTIL_EMBEDDED_H

#include <stddef.h>

typedef struct sf_embedded {
	const char *name;
	const char *data;
	size_t len;
} sf_embedded;

extern const sf_embedded sf_embedded_files[];

/* Returns the embedded file called name, or NULL. */
const sf_embedded *sf_embedded_find(const char *name);

#endif
