/*
 * The ARF 1.1 report of a scan: the source data stream as the report
 * request, the host as an AI computing-device, the XCCDF 1.2 TestResult
 * (target facts, set-values, one rule-result per rule with a message and
 * an instance per offending container) and the OVAL results with the
 * system characteristics. Written as a stream to a temporary file that
 * is renamed into place only when complete.
 */
#ifndef SF_REPORT_ARF_H
#define SF_REPORT_ARF_H

#include <libxml/tree.h>

#include "util/fsio.h"
#include "util/host.h"
#include "scan/scan.h"

typedef struct sf_arf_opts {
	const char *evidence_path; /* the evidence file the checks read */
	const char *source;        /* where the evidence came from, in words */
	const char *warning;       /* said in a remark first, or NULL */
	const char *marking;       /* the results' marking ("CUI"), or NULL */
} sf_arf_opts;

/* Returns 0, or -1 with the last error set (the earlier file, if any, is
 * left as it was). */
int sf_arf_write(const sf_scan *s, const sf_host *h, const sf_arf_opts *o,
                 const char *path);
/* The same, but the complete file goes to set, to be renamed into place
 * with the scan's other outputs (sf_pending_set_commit). */
int sf_arf_stage(sf_pending_set *set, const sf_scan *s, const sf_host *h,
                 const sf_arf_opts *o, const char *path);

#endif
