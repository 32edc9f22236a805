/* Suite for src/report/checklist: the STIG Viewer checklists (CKL, CKLB)
 * made from the ARF of a scan, their element order held to DISA's, and
 * what the checklist writer refuses. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "util/host.h"
#include "report/arf.h"
#include "report/checklist.h"
#include "scan/scan.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

/* Loopback first: the checklist must pick the host's own addresses,
 * the primary (the first) of them. */
static sf_host_if ifs[] = {
    {"lo", "127.0.0.1", 0, "00:00:00:00:00:00", 1},
    {"eth0", "198.51.100.9", 0, "02:42:AC:11:00:09", 0},
    {"eth1", "fd00::9", 1, "02:42:AC:11:00:0A", 0},
};
static sf_host host = {.kind = SF_TARGET_LOCAL,
                       .hostname = "db<01>&\"",
                       .fqdn = "db01.example.mil",
                       .user = "auditor",
                       .ifs = ifs,
                       .nifs = 3};

/* DISA's order of a VULN's STIG_DATA, for a rule with two legacy IDs and
 * one CCI, then what follows them; the sample CKL must agree. */
static const char vuln_shape_want[] =
    "Vuln_Num Severity Group_Title Rule_ID Rule_Ver Rule_Title "
    "Vuln_Discuss IA_Controls Check_Content Fix_Text False_Positives "
    "False_Negatives Documentable Mitigations Potential_Impact "
    "Third_Party_Tools Mitigation_Control Responsibility "
    "Security_Override_Guidance Check_Content_Ref Weight Class STIGRef "
    "TargetKey STIG_UUID LEGACY_ID LEGACY_ID CCI_REF STATUS "
    "FINDING_DETAILS COMMENTS SEVERITY_OVERRIDE SEVERITY_JUSTIFICATION";

static const char si_shape_want[] =
    "version classification customname stigid description filename "
    "releaseinfo title uuid notice source";

/* A container with PidMode host and a hostile name, a compliant one, and
 * one the default exclusion pattern leaves out. */
static const char failing_evidence[] =
    "[{\"Id\": \"0123456789abcdef0123\", "
    "\"Name\": \"/<b>x</b>&\\\"'\\u0007]]>\", "
    "\"Config\": {\"Image\": \"img:1\", \"Cmd\": [\"sh\"]}, "
    "\"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"\"}},"
    "{\"Id\": \"fedcba9876543210\", \"Name\": \"/ok\", "
    "\"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": \"private\"}},"
    "{\"Id\": \"aaaa\", \"Name\": \"/kube-proxy\", "
    "\"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"host\"}}]";

static const char passing_evidence[] =
    "[{\"Id\": \"fedcba9876543210\", \"Name\": \"/ok\", "
    "\"Config\": {\"Image\": \"nginx:1.25\"}, "
    "\"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": \"private\"}}]";

/* The offender as FINDING_DETAILS must name it (the control character
 * became U+FFFD in the ARF). */
static const char offender_line[] =
    "- <b>x</b>&\"'\xEF\xBF\xBD]]> (0123456789ab, image img:1): "
    "HostConfig.PidMode is host\n";

/* Scans evidence with the fixture data stream, tailored by set_value
 * (or not), and writes the ARF; returns its folder, holding arf.xml. */
static char *scan_to_arf(const char *evidence, const char *set_value,
                         const char *warning)
{
	char *dir, *ds = sf_test_fixture_ds(&dir);
	char *ev = sf_path_join(dir, "evidence.json");
	char *arf = sf_path_join(dir, "arf.xml");
	sf_arf_opts ao = {ev, "docker inspect output read from in.json",
	                  warning, NULL};
	sf_content *c;
	sf_scan *s =
	    sf_test_scan(dir, ds, evidence, &set_value, set_value ? 1 : 0, &c);

	ck_assert_int_eq(sf_arf_write(s, &host, &ao, arf), 0);
	sf_scan_free(s);
	sf_content_free(c);
	free(ds);
	free(ev);
	free(arf);
	return dir;
}

/* Writes dir/NAME.ckl and dir/NAME.cklb from dir/arf.xml. */
static void checklists(const char *dir, const char *name)
{
	char *arf = sf_path_join(dir, "arf.xml");
	sf_buf ckl = SF_BUF_INIT, cklb = SF_BUF_INIT;

	sf_buf_printf(&ckl, "%s/%s.ckl", dir, name);
	sf_buf_printf(&cklb, "%s/%s.cklb", dir, name);
	ck_assert_msg(sf_checklist_write(arf, ckl.ptr, cklb.ptr, NULL) == 0, "%s",
	              sf_error_last());
	free(arf);
	sf_buf_release(&ckl);
	sf_buf_release(&cklb);
}

static xmlDocPtr read_ckl(const char *dir, const char *name)
{
	char *path = sf_path_join(dir, name);
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);

	ck_assert_msg(doc != NULL, "%s is not well-formed XML", path);
	free(path);
	return doc;
}

/* A field of the VULN whose Rule_Ver is stig_id: an element such as
 * STATUS, or a STIG_DATA attribute such as Vuln_Num. */
static char *vuln_field(xmlDocPtr doc, const char *stig_id, const char *field)
{
	sf_buf expr = SF_BUF_INIT;
	char *s;

	sf_buf_printf(&expr,
	              "//VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_Ver']/"
	              "ATTRIBUTE_DATA='%s']/*[name()='%s'] | //VULN[STIG_DATA["
	              "VULN_ATTRIBUTE='Rule_Ver']/ATTRIBUTE_DATA='%s']/"
	              "STIG_DATA[VULN_ATTRIBUTE='%s']/ATTRIBUTE_DATA",
	              stig_id, field, stig_id, field);
	s = sf_test_xpath(doc, sf_buf_cstr(&expr));
	sf_buf_release(&expr);
	return s;
}

static void expect_field(xmlDocPtr doc, const char *stig_id, const char *field,
                         const char *want)
{
	char *got = vuln_field(doc, stig_id, field);

	ck_assert_msg(!strcmp(got, want), "%s %s: expected '%s', got '%s'",
	              stig_id, field, want, got);
	free(got);
}

static void expect_in_field(xmlDocPtr doc, const char *stig_id,
                            const char *field, const char *part)
{
	char *got = vuln_field(doc, stig_id, field);

	ck_assert_msg(strstr(got, part) != NULL,
	              "%s %s: '%s' not found in '%s'", stig_id, field, part,
	              got);
	free(got);
}

/* What a VULN or STIG_INFO holds, in order: each child by its name, or
 * when it has children (STIG_DATA, SI_DATA) by its first child's text
 * (VULN_ATTRIBUTE, SID_NAME). */
static char *shape(xmlNodePtr n)
{
	sf_buf b = SF_BUF_INIT;
	xmlNodePtr c;

	for (c = xmlFirstElementChild(n); c; c = xmlNextElementSibling(c)) {
		xmlNodePtr key = xmlFirstElementChild(c);
		xmlChar *text = key ? xmlNodeGetContent(key) : NULL;

		sf_buf_printf(&b, "%s%s", b.len ? " " : "",
		              text ? (const char *)text
		                   : (const char *)c->name);
		xmlFree(text);
	}
	return sf_buf_detach(&b);
}

/* Checks that the shape of every node an expression selects is want;
 * returns how many there are. */
static size_t each_shape(xmlDocPtr doc, const char *expr, const char *want)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	size_t i, n = r && r->nodesetval ? (size_t)r->nodesetval->nodeNr : 0;

	for (i = 0; i < n; i++) {
		char *got = shape(r->nodesetval->nodeTab[i]);

		ck_assert_msg(!strcmp(got, want),
		              "%s #%zu:\nexpected %s\ngot      %s", expr, i + 1,
		              want, got);
		free(got);
	}
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return n;
}

/* The order of our CKL against the copy above, and against the sample
 * CKL made from DISA's Docker STIG where ../shared has it. */
static void expect_disa_order(xmlDocPtr doc)
{
	char *sample = sf_path_join(
	    SF_SOURCE_DIR,
	    "../shared/reference/samples/stig_parser-docs-examples-docker.ckl");
	xmlDocPtr ref;

	ck_assert_int_eq(each_shape(doc, "//VULN", vuln_shape_want), 2);
	ck_assert_int_eq(each_shape(doc, "//STIG_INFO", si_shape_want), 1);
	if (access(sample, R_OK) != 0) {
		printf("SKIP the comparison with the sample: %s is absent; "
		       "compared with the built-in copy of DISA's order only\n",
		       sample);
		free(sample);
		return;
	}
	ref = xmlReadFile(sample, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
	ck_assert_ptr_nonnull(ref);
	ck_assert_int_eq(each_shape(ref, "(//VULN)[1]", vuln_shape_want), 1);
	ck_assert_int_eq(each_shape(ref, "//STIG_INFO", si_shape_want), 1);
	xmlFreeDoc(ref);
	free(sample);
}

static size_t count_of(const char *text, const char *part)
{
	size_t n = 0;

	for (; (text = strstr(text, part)); text += strlen(part))
		n++;
	return n;
}

/* A real JSON parse (Python's) of the CKLB and its rules' statuses; a
 * host without python3 skips it, saying so. */
static void expect_json(const char *dir, const char *name, const char *statuses)
{
	sf_buf cmd = SF_BUF_INIT;

	if (system("command -v python3 >/dev/null 2>&1") != 0) {
		puts("SKIP the CKLB JSON parse: no python3");
		return;
	}
	sf_buf_printf(&cmd,
	              "python3 -c 'import json, sys; "
	              "d = json.load(open(sys.argv[1], encoding=\"utf-8\")); "
	              "got = \" \".join(r[\"status\"] for r in "
	              "d[\"stigs\"][0][\"rules\"]); "
	              "sys.exit(0 if got == sys.argv[2] and "
	              "d[\"cklb_version\"] == \"1.0\" else got)' "
	              "'%s/%s' '%s'",
	              dir, name, statuses);
	ck_assert_msg(system(sf_buf_cstr(&cmd)) == 0,
	              "%s/%s: not JSON or "
	              "not the statuses '%s'",
	              dir, name, statuses);
	sf_buf_release(&cmd);
}

static void expect_same_file(const char *dir, const char *a, const char *b)
{
	char *x = sf_test_read(dir, a), *y = sf_test_read(dir, b);

	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(y);
	ck_assert_msg(!strcmp(x, y), "%s and %s differ", a, b);
	free(x);
	free(y);
}

START_TEST(test_checklist__fail_names_offender_and_tailoring)
{
	char *dir =
	    scan_to_arf(failing_evidence, "ipc_shareable_is_finding=true",
	                "scanned the bundled example, not this host");
	xmlDocPtr doc;
	char *cklb;

	checklists(dir, "c");
	doc = read_ckl(dir, "c.ckl");
	expect_disa_order(doc);
	expect_field(doc, "DKER-EE-001240", "STATUS", "Open");
	expect_field(doc, "DKER-EE-001250", "STATUS", "NotAFinding");
	expect_field(doc, "DKER-EE-001240", "Vuln_Num", "V-235784");
	expect_field(doc, "DKER-EE-001240", "Rule_ID", "SV-235784r960804_rule");
	expect_field(doc, "DKER-EE-001240", "Rule_Title",
	             "PID namespace <not> shared & \"quoted\".");
	expect_field(doc, "DKER-EE-001240", "Vuln_Discuss",
	             "Discussion with <markup> & ampersands.");
	expect_field(doc, "DKER-EE-001240", "Check_Content", "Check text.");
	expect_field(doc, "DKER-EE-001240", "Group_Title", "SRG-APP-000039");
	expect_field(doc, "DKER-EE-001240", "CCI_REF", "CCI-001414");
	expect_in_field(doc, "DKER-EE-001240", "FINDING_DETAILS",
	                offender_line);
	expect_in_field(doc, "DKER-EE-001240", "FINDING_DETAILS", "SHA-256 ");
	expect_in_field(doc, "DKER-EE-001240", "FINDING_DETAILS",
	                "by scapforge " SF_VERSION);
	/* what DISA's manual check prints, the offender first, then the
	 * excluded container with its value and what matched */
	expect_in_field(doc, "DKER-EE-001240", "FINDING_DETAILS",
	                "DISA's check on the evidence (docker inspect --format "
	                "'{{ .Id }}: PidMode={{ .HostConfig.PidMode }}'), 2 "
	                "assessed containers:\n"
	                "0123456789abcdef0123: PidMode=host (<b>x</b>&\"'"
	                "\xEF\xBF\xBD]]>; a finding)\n"
	                "fedcba9876543210: PidMode= (ok)\n"
	                "Left out by the exclusion pattern, not assessed:\n"
	                "aaaa: PidMode=host (kube-proxy; matched name "
	                "'kube-proxy')\n");
	expect_in_field(doc, "DKER-EE-001250", "FINDING_DETAILS",
	                "fedcba9876543210: IpcMode=private (ok)\n");
	/* scapforge's notes are in the details; the comments are the
	 * assessor's */
	expect_in_field(doc, "DKER-EE-001250", "FINDING_DETAILS",
	                "- ipc_shareable_is_finding = \"true\" (tailored)");
	expect_in_field(doc, "DKER-EE-001250", "FINDING_DETAILS",
	                "- container_exclusion_pattern = \"ucp|kube|dtr\" "
	                "(default)");
	expect_in_field(doc, "DKER-EE-001240", "FINDING_DETAILS",
	                "scanned the bundled example, not this host\nResult: "
	                "fail\n");
	/* the comments are the assessor's but for the one line STIG Manager
	 * needs to take a finding as submitted */
	sf_test_expect_xpath(doc, "count(//COMMENTS[. != ''])", "1");
	sf_test_expect_xpath(
	    doc,
	    "substring-before(//VULN[STATUS = 'Open']/COMMENTS, ' (evidence')",
	    "Automated check by scapforge " SF_VERSION
	    ": fail, 1 offender among 2 assessed containers");
	expect_field(doc, "DKER-EE-001250", "COMMENTS", "");
	expect_field(doc, "DKER-EE-001240", "SEVERITY_OVERRIDE", "");
	sf_test_expect_xpath(doc, "//HOST_NAME", "db<01>&\"");
	sf_test_expect_xpath(doc, "//HOST_IP", "198.51.100.9");
	sf_test_expect_xpath(doc, "//HOST_MAC", "02:42:AC:11:00:09");
	xmlFreeDoc(doc);

	cklb = sf_test_read(dir, "c.cklb");
	ck_assert_ptr_nonnull(cklb);
	ck_assert_uint_eq(count_of(cklb, "\"status\": \"open\""), 1);
	ck_assert_uint_eq(count_of(cklb, "\"status\": \"not_a_finding\""), 1);
	ck_assert(strstr(cklb, "\"rule_id\": \"SV-235784r960804\""));
	ck_assert(strstr(cklb, "\"rule_id_src\": \"SV-235784r960804_rule\""));
	ck_assert(strstr(cklb, "\"group_id\": \"V-235784\""));
	free(cklb);
	expect_json(dir, "c.cklb", "open not_a_finding");

	/* the same ARF gives the same bytes */
	checklists(dir, "again");
	expect_same_file(dir, "c.ckl", "again.ckl");
	expect_same_file(dir, "c.cklb", "again.cklb");
	free(dir);
}
END_TEST

START_TEST(test_checklist__pass)
{
	char *dir = scan_to_arf(passing_evidence, NULL, NULL);
	xmlDocPtr doc;

	checklists(dir, "p");
	doc = read_ckl(dir, "p.ckl");
	expect_disa_order(doc);
	expect_field(doc, "DKER-EE-001240", "STATUS", "NotAFinding");
	expect_field(doc, "DKER-EE-001250", "STATUS", "NotAFinding");
	expect_in_field(doc, "DKER-EE-001240", "FINDING_DETAILS",
	                "Result: pass\nNo assessed container is at fault.\n");
	expect_in_field(doc, "DKER-EE-001250", "FINDING_DETAILS",
	                "- ipc_shareable_is_finding = \"false\" (default)");
	expect_in_field(doc, "DKER-EE-001250", "FINDING_DETAILS",
	                "1 assessed container:\nfedcba9876543210: "
	                "IpcMode=private (ok)\n\nTailoring");
	sf_test_expect_xpath(doc, "count(//COMMENTS[. != ''])", "0");
	xmlFreeDoc(doc);
	expect_json(dir, "p.cklb", "not_a_finding not_a_finding");
	free(dir);
}
END_TEST

START_TEST(test_checklist__failure_replaces_nothing)
{
	char *dir = scan_to_arf(passing_evidence, NULL, NULL);
	char *arf = sf_path_join(dir, "arf.xml");
	char *old = sf_path_join(dir, "old.ckl"), *before, *after, *text;

	sf_test_write(dir, "old.ckl", "earlier checklist");
	before = sf_test_listing(dir);
	/* the CKL could be written, the CKLB cannot: neither is */
	ck_assert_int_eq(
	    sf_checklist_write(arf, old, "/nonexistent/dir/c.cklb", NULL), -1);
	ck_assert_msg(strstr(sf_error_last(), "/nonexistent/dir/c.cklb"), "%s",
	              sf_error_last());
	ck_assert_int_eq(
	    sf_checklist_write(arf, "/nonexistent/dir/c.ckl", NULL, NULL), -1);
	ck_assert(strstr(sf_error_last(), "/nonexistent/dir/c.ckl"));
	/* a folder in the way of the CKLB, after the CKL */
	ck_assert_int_eq(sf_checklist_write(arf, old, dir, NULL), -1);
	ck_assert(strstr(sf_error_last(), "it is a folder"));
	ck_assert_int_eq(sf_checklist_write(arf, NULL, NULL, NULL), -1);
	after = sf_test_listing(dir);
	ck_assert_str_eq(after, before);
	text = sf_test_read(dir, "old.ckl");
	ck_assert_str_eq(text, "earlier checklist");
	free(text);
	free(before);
	free(after);
	free(old);
	free(arf);
	free(dir);
}
END_TEST

/* Writing from path must fail with a message holding want, leaving no
 * file. */
static void expect_refused(const char *dir, const char *path, const char *want)
{
	char *ckl = sf_path_join(dir, "refused.ckl");

	ck_assert_int_eq(sf_checklist_write(path, ckl, NULL, NULL), -1);
	ck_assert_msg(strstr(sf_error_last(), want), "expected '%s' in '%s'",
	              want, sf_error_last());
	ck_assert_int_ne(access(ckl, F_OK), 0);
	free(ckl);
}

/* As expect_refused, for a file dir/name holding text. */
static void expect_text_refused(const char *dir, const char *name,
                                const char *text, const char *want)
{
	char *path = sf_path_join(dir, name);

	sf_test_write(dir, name, text);
	expect_refused(dir, path, want);
	free(path);
}

START_TEST(test_checklist__refuses_what_is_not_an_arf)
{
	char *dir = sf_test_tmpdir(), *ds_dir;
	char *ds = sf_test_fixture_ds(&ds_dir);
	char *oval = sf_path_join(SF_SOURCE_DIR,
	                          "output/scapforge-docker-stig-oval.xml");
	char *p;

	expect_refused(dir, oval,
	               "is not an ARF report: its root element is "
	               "'oval_definitions'");
	expect_refused(dir, ds, "its root element is 'data-stream-collection'");
	expect_text_refused(dir, "junk.xml", "%PDF-1.4 not XML at all",
	                    "is not XML, so not an ARF report (line 1: ");
	expect_text_refused(dir, "empty.xml", "", "is not XML");
	expect_text_refused(dir, "bare.xml",
	                    "<asset-report-collection xmlns=\"http://scap.nist."
	                    "gov/schema/asset-reporting-format/1.1\"><reports/>"
	                    "</asset-report-collection>",
	                    "holds no XCCDF TestResult");
	/* entities could expand without bound: a DTD is refused */
	expect_text_refused(dir, "dtd.xml",
	                    "<!DOCTYPE r [<!ENTITY e \"entity\">]>"
	                    "<asset-report-collection xmlns=\"http://scap.nist."
	                    "gov/schema/asset-reporting-format/1.1\">&e;"
	                    "</asset-report-collection>",
	                    "declares a DTD");
	p = sf_path_join(dir, "missing.xml");
	expect_refused(dir, p, "cannot read the ARF");
	ck_assert(strstr(sf_error_last(), "No such file"));
	free(p);
	free(oval);
	free(ds);
	free(ds_dir);
	free(dir);
}
END_TEST

static Suite *checklist_suite(void)
{
	Suite *s = suite_create("checklist");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_checklist__fail_names_offender_and_tailoring);
	tcase_add_test(tc, test_checklist__pass);
	tcase_add_test(tc, test_checklist__failure_replaces_nothing);
	tcase_add_test(tc, test_checklist__refuses_what_is_not_an_arf);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(checklist_suite());
}
