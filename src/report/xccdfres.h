/*
 * XCCDF 1.2 results, as `oscap xccdf eval --results` and DISA SCC write
 * them: the scan's Benchmark, whole, holding the TestResult as its last
 * child. STIG Manager and MITRE SAF import this form, not the ARF.
 */
#ifndef SF_REPORT_XCCDFRES_H
#define SF_REPORT_XCCDFRES_H

#include "report/arf.h"
#include "report/xccdfdoc.h"
#include "util/buf.h"
#include "util/xstream.h"

/* The results of a scan as the text of an XCCDF results document,
 * appended to out. Returns 0, or -1 with the last error set. */
int sf_xccdfres_text(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                     sf_buf *out);
/* The same written to path (NULL: to sink alone), staged in set (NULL:
 * in place at once), and each piece of its text to sink (NULL: none) as
 * it is written: how a scan reads its results back for the other
 * reports without holding their text. */
int sf_xccdfres_stream(sf_pending_set *set, const char *path,
                       const sf_scan *s, const sf_host *h,
                       const sf_arf_opts *o, sf_xstream_sink sink, void *ctx);
/* The results read from an ARF (sf_xccdfdoc_from_arf) written to path;
 * the earlier file is left as it was on failure. */
int sf_xccdfres_write_doc(const sf_xccdfdoc *d, const char *path);

#endif
