/*
 * The XCCDF 1.2 TestResult of a scan, as the ARF carries it and as the
 * XCCDF results file holds it inside its Benchmark: whom the scan is
 * about (target, non-loopback target-address, facts under the names
 * OpenSCAP, SCC and STIG Manager read), the Values in force, one
 * rule-result per rule and the score, with scapforge's metadata.
 *
 * A rule-result holds one message listing every offender, one per line
 * (import tools read a single message), an instance per offender, and in
 * its metadata each offender (sf:offender), the assessed containers
 * grouped by the value DISA's manual check prints (sf:assessed) and the
 * excluded ones with their values (sf:excluded-container). Offending
 * groups list every container, and so do those of shareable IPC
 * namespaces (a finding by DISA's literal text); the other compliant
 * groups of a rule-result list SF_TESTRESULT_LIST_CAP containers in all
 * and count the rest.
 */
#ifndef SF_REPORT_TESTRESULT_H
#define SF_REPORT_TESTRESULT_H

#include <libxml/xmlwriter.h>

#include "report/arf.h"

#define SF_TESTRESULT_LIST_CAP 100
#define SF_TEST_SYSTEM "cpe:/a:scapforge:scapforge:" SF_VERSION

/* The TestResult element, declaring the XCCDF and scapforge namespaces
 * itself; in_arf: it refers to the ARF's asset. */
void sf_testresult_write(xmlTextWriterPtr w, const sf_scan *s,
                         const sf_host *h, const sf_arf_opts *o, int in_arf);
/* One rule-result (ruleresult.c); when is its time. */
void sf_ruleresult_write(xmlTextWriterPtr w, const sf_scan *s,
                         const sf_outcome *out, const char *when);

#endif
