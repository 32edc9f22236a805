/*
 * The HTML report: an ARF written by scapforge scan, turned into one
 * self-contained page by the stylesheet src/report/report.xsl (compiled
 * in) with libxslt.
 */
#ifndef SF_REPORT_HTML_H
#define SF_REPORT_HTML_H

/* Returns 0, or -1 with the last error set (what is wrong with the ARF,
 * or why the page cannot be written; an earlier page is left as it was). */
int sf_html_write(const char *arf_path, const char *html_path);

#endif
