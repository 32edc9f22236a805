/*
 * The HTML report: an ARF written by scapforge scan, turned into one
 * self-contained page by the stylesheet src/report/report.xsl (compiled
 * in) with libxslt.
 */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

#include "util/fsio.h"

/* Returns 0, or -1 with the last error set (what is wrong with the ARF,
 * or why the page cannot be written; an earlier page is left as it was). */
int sf_html_write(const char *arf_path, const char *html_path);
/* The same, but the page goes to set, to be renamed into place with the
 * scan's other outputs; the ARF is read where set holds it, if it does. */
int sf_html_stage(sf_pending_set *set, const char *arf_path,
                  const char *html_path);

#endif
