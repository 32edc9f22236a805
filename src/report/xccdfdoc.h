/*
 * The XCCDF results of a scan as one small tree: the Benchmark with the
 * TestResult as its last child. The HTML page and the checklists are
 * made from it, never from the ARF, whose OVAL results grow with the
 * containers: a scan makes it from its own results (the XCCDF results
 * text, parsed once), and `report`, `checklist` and `--merge` from an
 * ARF read by a SAX parser that frees every element as it ends, except
 * the Benchmark and the TestResult it keeps. Memory grows with the
 * TestResult (its offenders), not with the ARF; both are read without
 * the blanks between elements, so that both give the same reports.
 */
#ifndef SF_REPORT_XCCDFDOC_H
#define SF_REPORT_XCCDFDOC_H

#include <stddef.h>

#include <libxml/tree.h>

typedef struct sf_xccdfdoc {
	xmlDocPtr doc;
	xmlNodePtr bench; /* the root */
	xmlNodePtr tr;    /* its TestResult */
} sf_xccdfdoc;

/* Parses XCCDF results (len bytes of text) that scapforge made; name
 * is theirs in messages. Returns 0, or -1 with the last error set. */
int sf_xccdfdoc_parse(sf_xccdfdoc *d, const char *text, size_t len,
                      const char *name);
/* Reads the ARF at path in one pass. Refuses, with the last error set,
 * what is missing, not XML, declares a DTD (whose entities could expand
 * without bound), is not ARF 1.1, holds no TestResult or not the
 * Benchmark the TestResult names. The TestResult loses what points into
 * the ARF (its asset and the data stream's component). */
int sf_xccdfdoc_from_arf(sf_xccdfdoc *d, const char *path);
void sf_xccdfdoc_release(sf_xccdfdoc *d);

#endif
