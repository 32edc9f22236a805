/*
 * A streaming XML writer for reports that grow with the number of
 * containers: libxml2's xmlTextWriter over a file being written in place
 * (sf_pending_file), so that no tree of the whole report is ever held in
 * memory. Every string goes through sf_text_xml_clean first, so hostile
 * evidence (markup, invalid UTF-8, control characters) is written as text
 * and the output is always well-formed.
 */
#ifndef SF_UTIL_XSTREAM_H
#define SF_UTIL_XSTREAM_H

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "util/buf.h"
#include "util/fsio.h"
#include "util/text.h"

/* Where a copy of the text goes as it is written (returns len). */
typedef int (*sf_xstream_sink)(void *ctx, const char *data, int len);

typedef struct sf_xstream {
	xmlTextWriterPtr w;
	sf_buf *mem; /* written here instead of a file, when not NULL */
	sf_xstream_sink sink; /* and to this, when not NULL */
	void *sink_ctx;
	int to_file;
	sf_pending_file pf;
	int failed; /* a write to the file failed */
} sf_xstream;

/* Opens a temporary file beside path. Returns 0 or -1 with the last
 * error set. */
int sf_xstream_open(sf_xstream *x, const char *path);
/* The same into out, a small document held in memory (finish with
 * sf_xstream_finish(x, NULL), which renames nothing). */
int sf_xstream_open_buf(sf_xstream *x, sf_buf *out);
/* The same to sink alone: no file (finish with sf_xstream_finish(x,
 * NULL)). */
int sf_xstream_open_sink(sf_xstream *x, sf_xstream_sink sink, void *ctx);
/* Every piece of text goes to sink as well (called before anything is
 * written, right after opening). */
void sf_xstream_tee(sf_xstream *x, sf_xstream_sink sink, void *ctx);
/* Ends the document and renames the file into place; -1 (with the last
 * error set, the earlier file untouched) when anything failed. */
int sf_xstream_commit(sf_xstream *x);
/* The same, but the complete file goes to set, to be renamed with the
 * others (sf_pending_set_take; set NULL: renamed now). */
int sf_xstream_finish(sf_xstream *x, sf_pending_set *set);
/* Drops the temporary file (after commit, does nothing). */
void sf_xstream_release(sf_xstream *x);

/* One level of indentation. */
#define SF_XS_INDENT "  "

/* Whether s (NULL: "") is printable ASCII (and, in text, tab and line
 * feed) that neither cleaning nor escaping changes, so that it is written
 * as it is: most values are (IDs, modes, names), and a report may hold
 * tens of thousands. text: as element text, else as an attribute. */
int sf_xs_plain(const char *s, int text);

/* <prefix:name xmlns:prefix=ns> (ns NULL: no declaration). */
void sf_xs_start(xmlTextWriterPtr w, const char *prefix, const char *name,
                 const char *ns);
void sf_xs_end(xmlTextWriterPtr w);
void sf_xs_attr(xmlTextWriterPtr w, const char *name, const char *value);
void sf_xs_attrf(xmlTextWriterPtr w, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void sf_xs_text(xmlTextWriterPtr w, const char *text);
/* <prefix:name>text</prefix:name> */
void sf_xs_elem(xmlTextWriterPtr w, const char *prefix, const char *name,
                const char *text);
/* Writes a subtree of a document as it is, its namespaces declared. */
void sf_xs_copy(xmlTextWriterPtr w, xmlNodePtr node);

#endif
