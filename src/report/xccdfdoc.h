/*
 * The XCCDF results of a scan as one small tree: the Benchmark with the
 * TestResult as its last child. The HTML page and the checklists are
 * made from it, never from the ARF, whose OVAL results grow with the
 * containers: a scan makes it from its own results as they are written
 * (sf_xccdfdoc_begin), and `report`, `checklist` and `--merge` from an
 * ARF read by a SAX parser that frees every element as it ends, except
 * the Benchmark and the TestResult it keeps. Both are read without the
 * blanks between elements, so that both give the same reports.
 *
 * The elements there are one of per container (sf:offender,
 * sf:excluded-offender, sf:container, sf:excluded-container,
 * sf:excluded, and XCCDF's instance) are not kept as nodes, which cost
 * a kilobyte or more each, but as rows: their attributes and text,
 * interned. In the tree, the first of them under a parent becomes one
 * placeholder element in its namespace, <rows of="offender" n="8572"
 * ref="3"/>, which the reports read (sf_xccdfdoc_rows) and
 * sf_xccdfdoc_write expands again. Memory then grows by about a hundred
 * bytes a container, not with libxml2's nodes. An element named "rows"
 * in the XCCDF or scapforge namespace is never read from a file, so
 * that every placeholder is one the reader made.
 */
#ifndef SF_REPORT_XCCDFDOC_H
#define SF_REPORT_XCCDFDOC_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "util/strpool.h"

/* The elements of one name under one parent, in document order. */
typedef struct sf_xrows {
	const char *ns, *prefix, *name; /* interned; prefix NULL: none */
	size_t n;
	size_t *first;     /* n + 1: row i's pairs are attr[2 * first[i]...] */
	const char **attr; /* name, value, name, value... (interned) */
	const char **text; /* n: each one's text, "" for none */
	size_t nattr, cap_attr, cap, cap_first;
	/* while reading only: where they are, the parent's list before */
	xmlNodePtr parent, holder;
	size_t prev;
} sf_xrows;

typedef struct sf_xccdfdoc {
	xmlDocPtr doc;
	xmlNodePtr bench; /* the root */
	xmlNodePtr tr;    /* its TestResult */
	sf_strpool *pool; /* the rows' strings */
	sf_xrows *rows;
	size_t nrows, cap_rows;
} sf_xccdfdoc;

/* XCCDF results being read as they are written: begin, push each piece
 * of text (sf_xccdfdoc_push, of the type an sf_xstream sink takes), then
 * end, which fills d. name is theirs in messages. lean: the tree is for
 * the reports alone, and what none of them reads is not kept (XCCDF's
 * instances, the messages of severity info), so that it cannot be
 * written back whole. */
typedef struct sf_xccdfdoc_reader sf_xccdfdoc_reader;
sf_xccdfdoc_reader *sf_xccdfdoc_begin(const char *name, int lean);
int sf_xccdfdoc_push(void *ctx, const char *data, int len);
/* Frees r; returns 0, or -1 with the last error set (d empty). */
int sf_xccdfdoc_end(sf_xccdfdoc_reader *r, sf_xccdfdoc *d);
/* Frees r, reading no further and setting no error (NULL: nothing). */
void sf_xccdfdoc_cancel(sf_xccdfdoc_reader *r);
/* The same for results held as text (len bytes). */
int sf_xccdfdoc_parse(sf_xccdfdoc *d, const char *text, size_t len,
                      const char *name);
/* Reads the ARF at path in one pass. Refuses, with the last error set,
 * what is missing, not XML, declares a DTD (whose entities could expand
 * without bound), is not ARF 1.1, holds no TestResult or not the
 * Benchmark the TestResult names. The TestResult loses what points into
 * the ARF (its asset and the data stream's component). */
int sf_xccdfdoc_from_arf(sf_xccdfdoc *d, const char *path);
void sf_xccdfdoc_release(sf_xccdfdoc *d);

/* The rows of the elements named `of` under parent (NULL: none). */
const sf_xrows *sf_xccdfdoc_rows(const sf_xccdfdoc *d, xmlNodePtr parent,
                                 const char *of);
/* The rows of a placeholder node (NULL when it is none). */
const sf_xrows *sf_xccdfdoc_rows_of(const sf_xccdfdoc *d, xmlNodePtr node);
size_t sf_xrows_count(const sf_xrows *r);
/* Row i's attribute name, NULL when it has none. */
const char *sf_xrows_get(const sf_xrows *r, size_t i, const char *name);
/* The same, "" when it has none. */
const char *sf_xrows_value(const sf_xrows *r, size_t i, const char *name);
/* The Benchmark written to w as it was read, rows expanded again. */
void sf_xccdfdoc_write(const sf_xccdfdoc *d, xmlTextWriterPtr w);

#endif
