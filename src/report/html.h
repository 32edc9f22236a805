/*
 * The HTML report: the XCCDF results of a scan (sf_xccdfdoc, made by the
 * scan or read from its ARF), turned into one self-contained page by
 * the stylesheet src/report/report.xsl (compiled in) with libxslt.
 */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

#include <libxml/tree.h>

#include "report/xccdfdoc.h"
#include "util/buf.h"
#include "util/fsio.h"

/* The page of the ARF at arf_path. Returns 0, or -1 with the last error
 * set (what is wrong with the ARF, or why the page cannot be written; an
 * earlier page is left as it was). */
int sf_html_write(const char *arf_path, const char *html_path);
/* The page of d, staged in set (NULL: written in place at once), to be
 * renamed into place with the scan's other outputs; name is the
 * results' in messages. */
int sf_html_stage(sf_pending_set *set, const sf_xccdfdoc *d, const char *name,
                  const char *html_path);

/* Applies the compiled-in stylesheet xsl (its name, e.g. "fleet.xsl")
 * to doc with no file or network access, the page appended to out; what
 * names doc in messages. Returns 0, or -1 with the last error set. */
int sf_html_transform(const char *xsl, xmlDocPtr doc, const char *what,
                      sf_buf *out);
/* The same with the stylesheet's parameters (name, XPath expression,
 * ..., NULL; NULL for none). */
int sf_html_transform_with(const char *xsl, xmlDocPtr doc, const char *what,
                           const char **params, sf_buf *out);

#endif
