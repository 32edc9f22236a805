/*
 * STIG Viewer checklists made from an ARF that scapforge scan wrote: the
 * CKL of STIG Viewer 2.x (XML, DISA's element order) and the CKLB of STIG
 * Viewer 3 (JSON, cklb_version 1.0). One VULN (CKL) or rule (CKLB) per
 * rule-result, with DISA's fields from the Benchmark the ARF carries, the
 * status from the result, the offending containers, evidence and scanner
 * in the finding details, and the tailoring and exclusions in the
 * comments. Given DISA's manual XCCDF, every rule of the STIG, in DISA's
 * order, the others Not_Reviewed with DISA's fields. The same ARF always
 * gives the same bytes: the UUIDs are derived from the benchmark, the
 * scan and the rule IDs. The results can also be merged into an
 * officer's checklist, changing nothing else in it.
 */
#ifndef SF_REPORT_CHECKLIST_H
#define SF_REPORT_CHECKLIST_H

#include "report/xccdfdoc.h"
#include "util/fsio.h"

/* What a checklist says besides the results: DISA's whole STIG, the
 * asset fields an officer fills in, and the marking. Zeroed: only the
 * ARF's rules, role None, no marking but the ARF's. */
typedef struct sf_checklist_opts {
	const char *stig;      /* DISA's manual XCCDF of the release, or NULL */
	const char *role;      /* None, Workstation, Member Server, Domain
	                          Controller; NULL: None */
	const char *tech_area; /* TECH_AREA, free text */
	const char *target_comment;
	int web_or_database; /* the asset is a web or database server */
	const char *web_db_site, *web_db_instance;
	const char *marking; /* "CUI"; NULL: the ARF's, "" none */
	/* set by sf_checklist_stage: where each checklist goes (a folder
	 * given as "DIR/" gets DISA's file name); free with
	 * sf_checklist_opts_release */
	char *ckl_written, *cklb_written;
} sf_checklist_opts;

/* Whether opts can make a checklist (a known role, a site or instance
 * only with web_or_database). Returns 0, or -1 with the last error set,
 * naming the option. */
int sf_checklist_opts_check(const sf_checklist_opts *opts);
void sf_checklist_opts_release(sf_checklist_opts *opts);

/* Reads the ARF at arf_path and writes the CKL to ckl_path and the CKLB
 * to cklb_path; either may be NULL, not both. A path ending in '/' is a
 * folder: the file in it is named by DISA's convention,
 * HOST_STIGID_VxRy.ckl(b). Both files are made in full beside their
 * paths before either is renamed into place. opts may be NULL. Returns
 * 0, or -1 with the last error set (what is wrong with the ARF, or why a
 * file cannot be written); then no earlier file has been replaced. */
int sf_checklist_write(const char *arf_path, const char *ckl_path,
                       const char *cklb_path, sf_checklist_opts *opts);
/* The same from the results d (of a scan, or read from its ARF), both
 * files going to set, to be renamed into place with the scan's other
 * outputs; the checklists name the ARF arf_path. */
int sf_checklist_stage(sf_pending_set *set, const sf_xccdfdoc *d,
                       const char *arf_path, const char *ckl_path,
                       const char *cklb_path, sf_checklist_opts *opts);

/* Fills the results d of the ARF arf_path into an existing CKL or CKLB (of
 * the same STIG and release, else refused): only their STATUS and
 * FINDING_DETAILS change, every other byte of the file stays. The result
 * goes to out_path ("DIR/": the existing file's name in DIR), or replaces
 * existing when out_path is NULL; a checklist of another host (by its
 * HOST_NAME) is refused unless any_host; staged into set, its path in *written
 * (the caller frees; written may be NULL). Returns 0, or -1 with the
 * last error set (nothing staged). */
int sf_checklist_merge_stage(sf_pending_set *set, const sf_xccdfdoc *d,
                             const char *arf_path, const char *existing,
                             const char *out_path, int any_host,
                             char **written);

#endif
