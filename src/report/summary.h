/*
 * The machine-readable summary of a scan (scapforge scan --json): one
 * JSON object of a documented, stable shape (README, "JSON summary"),
 * for CI pipelines. "format" changes only when the shape does.
 */
#ifndef SF_REPORT_SUMMARY_H
#define SF_REPORT_SUMMARY_H

#include "util/host.h"
#include "report/arf.h"
#include "scan/scan.h"
#include "util/buf.h"
#include "util/fsio.h"

#define SF_SUMMARY_FORMAT 2

/* Appends the summary to out, or, when pf is not NULL, writes it to pf
 * as it is made (out holding a piece at a time: with thousands of
 * offenders the summary runs to megabytes). arf_path: the ARF written
 * with it. Returns 0, or -1 with the last error set when a write to pf
 * failed. */
int sf_summary_json(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                    const char *arf_path, int exit_status, sf_buf *out,
                    sf_pending_file *pf);

#endif
