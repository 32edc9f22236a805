/*
 * Diagnostics about input files: the second error channel. Loading goes on
 * after a problem so that one run reports every bad line; each entry has
 * a 1-based line and column. Rendering shows GCC-style
 * "file:line:col: error: message" followed by the source line and a caret.
 */
#ifndef SF_UTIL_DIAG_H
#define SF_UTIL_DIAG_H

#include <stddef.h>

#include "util/buf.h"

typedef enum sf_severity { SF_SEV_ERROR, SF_SEV_WARNING } sf_severity;

typedef struct sf_diag {
	sf_severity severity;
	char *file;
	size_t line;   /* 1-based; 0 when the problem concerns the whole file */
	size_t column; /* 1-based */
	char *message;
	size_t seq; /* order of arrival, to keep sorting stable */
} sf_diag;

typedef struct sf_source {
	char *file;
	char *text;
	size_t len;
} sf_source;

typedef struct sf_diags {
	sf_diag *items;
	size_t count, alloc;
	sf_source *sources;
	size_t nsources;
	size_t errors;
} sf_diags;

void sf_diags_init(sf_diags *d);
void sf_diags_release(sf_diags *d);

/* Keeps a copy of a file's text so that rendering can quote its lines. */
void sf_diags_add_source(sf_diags *d, const char *file, const char *text,
                         size_t len);

#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
void sf_diags_add(sf_diags *d, sf_severity sev, const char *file, size_t line,
		  size_t column, const char *fmt, ...);

/* Sorts by file, line and column, keeping arrival order for ties. */
void sf_diags_sort(sf_diags *d);

/* Renders every diagnostic; with quote set, adds the source line and a
 * caret under the column. */
void sf_diags_format(const sf_diags *d, int quote, sf_buf *out);

#endif
