/*
 * The HTML report: an ARF written by scapforge scan, turned into one
 * self-contained page by the stylesheet src/report/report.xsl (compiled
 * in) with libxslt.
 */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

#include <libxml/tree.h>

#include "util/buf.h"
#include "util/fsio.h"

/* Returns 0, or -1 with the last error set (what is wrong with the ARF,
 * or why the page cannot be written; an earlier page is left as it was). */
int sf_html_write(const char *arf_path, const char *html_path);
/* The same, but the page goes to set, to be renamed into place with the
 * scan's other outputs; the ARF is read where set holds it, if it does. */
int sf_html_stage(sf_pending_set *set, const char *arf_path,
                  const char *html_path);

/* Applies the compiled-in stylesheet xsl (its name, e.g. "fleet.xsl")
 * to doc with no file or network access, the page appended to out; what
 * names doc in messages. Returns 0, or -1 with the last error set. */
int sf_html_transform(const char *xsl, xmlDocPtr doc, const char *what,
                      sf_buf *out);

#endif
