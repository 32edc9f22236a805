/*
 * XCCDF 1.2 results, as `oscap xccdf eval --results` and DISA SCC write
 * them: the scan's Benchmark, whole, holding the TestResult as its last
 * child. STIG Manager and MITRE SAF import this form, not the ARF.
 */
#ifndef SF_REPORT_XCCDFRES_H
#define SF_REPORT_XCCDFRES_H

#include "report/arf.h"

/* The results of a scan, staged in set (NULL: written in place at
 * once). Returns 0, or -1 with the last error set. */
int sf_xccdfres_stage(sf_pending_set *set, const sf_scan *s, const sf_host *h,
                      const sf_arf_opts *o, const char *path);
/* The results an ARF of scapforge holds, written to path; the earlier
 * file is left as it was on failure. */
int sf_xccdfres_from_arf(const char *arf_path, const char *path);

#endif
