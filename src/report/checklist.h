/*
 * STIG Viewer checklists made from an ARF that scapforge scan wrote: the
 * CKL of STIG Viewer 2.x (XML, DISA's element order) and the CKLB of STIG
 * Viewer 3 (JSON, cklb_version 1.0). One VULN (CKL) or rule (CKLB) per
 * rule-result, with DISA's fields from the Benchmark the ARF carries, the
 * status from the result, the offending containers, evidence and scanner
 * in the finding details, and the tailoring and exclusions in the
 * comments. The same ARF always gives the same bytes: the UUIDs are
 * derived from the benchmark, the scan and the rule IDs.
 */
#ifndef SF_REPORT_CHECKLIST_H
#define SF_REPORT_CHECKLIST_H

#include "util/fsio.h"

/* Reads the ARF at arf_path and writes the CKL to ckl_path and the CKLB
 * to cklb_path; either may be NULL, not both. Both files are made in full
 * beside their paths before either is renamed into place. Returns 0, or
 * -1 with the last error set (what is wrong with the ARF, or why a file
 * cannot be written); then no earlier file has been replaced. */
int sf_checklist_write(const char *arf_path, const char *ckl_path,
                       const char *cklb_path);
/* The same, but both files go to set, to be renamed into place with the
 * scan's other outputs; the ARF is read where set holds it, if it does,
 * and named in the checklists by arf_path. */
int sf_checklist_stage(sf_pending_set *set, const char *arf_path,
                       const char *ckl_path, const char *cklb_path);

#endif
