/*
 * Internal to report/: the reader of XCCDF results (xccdfdoc.c drives
 * it, xccdfdoc_sax.c is its SAX handler), and how it keeps the elements
 * of one per container as rows (xccdfrows.c).
 */
#ifndef SF_REPORT_XCCDFDOC_INT_H
#define SF_REPORT_XCCDFDOC_INT_H

#include <libxml/parser.h>

#include "report/xccdfdoc.h"
#include "util/buf.h"

/* The parse of an ARF, or of a scan's own XCCDF results: libxml2's own
 * tree building, except that an element outside the kept ones (the
 * Benchmark and the TestResult of an ARF; the root of results) is freed
 * as soon as it ends, text outside them is never kept, and the elements
 * of one per container become rows (xccdfdoc_int.h). What remains is
 * the chain of elements from the root to each kept one. */
typedef struct sf_xreader {
	int results;   /* the scan's own results: the root is kept */
	int lean;      /* for the reports: what none reads is dropped */
	int declared;  /* a DOCTYPE was met: parsing stopped there */
	int bad_root;  /* the root is another element: stopped there */
	char *root;    /* its name, then */
	size_t inside; /* levels open inside a kept element, 0 outside */
	size_t skip;   /* levels open inside an element not made a node */
	size_t row;  /* the list of the row being read, or SF_XREADER_NO_ROW */
	sf_buf text; /* its text */
	xmlNodePtr bench, tr;
	sf_xccdfdoc d; /* the rows */
	const char *name;
	xmlParserCtxtPtr c; /* results: the push parser */
} sf_xreader;

/* sf_xreader.row outside a row */
#define SF_XREADER_NO_ROW ((size_t)-1)

/* The reader's handler: libxml2's tree building, trimmed as above (the
 * parser's _private is the sf_xreader). */
void sf_xccdfdoc_sax(xmlSAXHandler *sax);

/* The element (uri, prefix, name) is one of those kept as rows. */
int sf_xrows_kept(const char *uri, const char *name);
/* Starts a row of that element under parent, in the list of its name
 * there (made, with its placeholder, for the first one); returns the
 * list's index. */
size_t sf_xrows_start(sf_xccdfdoc *d, xmlNodePtr parent, const char *uri,
                      const char *prefix, const char *name);
/* An attribute of the row being read (value: len bytes). */
void sf_xrows_add_attr(sf_xccdfdoc *d, size_t list, const char *name,
                       const char *value, size_t len);
/* Its text, once it has ended. */
void sf_xrows_set_text(sf_xccdfdoc *d, size_t list, const char *text,
                       size_t len);
/* Once read: each placeholder says how many rows it stands for, and the
 * parents are let go. */
void sf_xrows_seal(sf_xccdfdoc *d);

#endif
