/* Suite for src/report and src/collect/host: the ARF of a scan, checked
 * against the official schemas and read back; host facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "util/host.h"
#include "report/arf.h"
#include "report/xccdfdoc.h"
#include "report/xccdfres.h"
#include "util/xstream.h"
#include "scan/scan.h"
#include "testutil.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/text.h"
#include "validate/validate.h"

/* A host with a loopback and one interface of each family. */
static sf_host_if ifs[] = {
    {"eth0", "192.0.2.7", 0, "02:42:AC:11:00:02", 0},
    {"eth0", "fd00::7", 1, "02:42:AC:11:00:02", 0},
    {"lo", "127.0.0.1", 0, "00:00:00:00:00:00", 1},
};
static sf_host host = {.kind = SF_TARGET_LOCAL,
                       .hostname = "web01<&>",
                       .fqdn = "web01.example.mil",
                       .os_name = "Debian GNU/Linux",
                       .os_version = "12 (bookworm)",
                       .arch = "x86_64",
                       .user = "auditor",
                       .ifs = ifs,
                       .nifs = 3};

static char *dir;

/* Scans evidence text with the fixture data stream; the caller frees
 * the scan, then *c. */
static sf_scan *scan_of(const char *evidence, sf_content **c)
{
	char *ds = sf_test_fixture_ds(&dir);
	sf_scan *s = sf_test_scan(dir, ds, evidence, NULL, 0, c);

	free(ds);
	return s;
}

/* Scans evidence and writes the ARF to dir/arf.xml; returns it parsed. */
static xmlDocPtr arf_of(const char *evidence)
{
	sf_content *c;
	sf_scan *s = scan_of(evidence, &c);
	char *arf = sf_path_join(dir, "arf.xml");
	sf_arf_opts ao = {"/srv/evidence.json",
	                  "docker inspect output read from in.json", NULL,
	                  NULL};
	xmlDocPtr doc;

	ck_assert_int_eq(sf_arf_write(s, &host, &ao, arf), 0);
	doc = xmlReadFile(arf, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	sf_scan_free(s);
	sf_content_free(c);
	free(arf);
	return doc;
}

#define RR(stig) "//*[local-name()='rule-result'][@version='" stig "']"
#define FACT(name) "string(//*[local-name()='fact'][@name='" name "'])"

START_TEST(test_report__arf_is_valid_and_names_offenders)
{
	xmlDocPtr doc = arf_of(
	    "[{\"Id\": \"0123456789abcdef\", \"Name\": \"/<b>x</b>&\\\"\", "
	    "\"Config\": {\"Image\": \"img:1\", \"Cmd\": [\"sh\"]}, "
	    "\"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"\"}},"
	    "{\"Id\": \"fedcba9876543210\", \"Name\": \"/ok\", "
	    "\"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": \"private\"}},"
	    "{\"Id\": \"aaaa\", \"Name\": \"/kube-proxy\", "
	    "\"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"host\"}}]");
	sf_validator *v;
	sf_diags d;

	ck_assert_int_eq(sf_validator_new(&v, NULL), 0);
	sf_diags_init(&d);
	if (sf_validate_doc(v, doc, "arf.xml", &d) != 0) {
		sf_buf b = SF_BUF_INIT;

		sf_diags_format(&d, 0, &b);
		ck_abort_msg("the ARF is not valid: %s", sf_buf_cstr(&b));
	}
	sf_diags_release(&d);
	sf_validator_free(v);

	sf_test_expect_xpath(
	    doc, "string(" RR("DKER-EE-001240") "/*[local-name()='result'])",
	    "fail");
	sf_test_expect_xpath(
	    doc, "string(" RR("DKER-EE-001250") "/*[local-name()='result'])",
	    "pass");
	sf_test_expect_xpath(
	    doc, "string(" RR("DKER-EE-001240") "/*[local-name()='message'])",
	    "container <b>x</b>&\" (0123456789ab, image img:1): "
	    "HostConfig.PidMode is host");
	sf_test_expect_xpath(
	    doc, "string(" RR("DKER-EE-001240") "/*[local-name()='instance'])",
	    "0123456789abcdef");
	/* one message per rule-result, the pass saying what it rests on */
	sf_test_expect_xpath(doc, "string(count(//*[local-name()='message']))",
	                     "2");
	sf_test_expect_xpath(
	    doc, "string(" RR("DKER-EE-001250") "/*[local-name()='message'])",
	    "No offender: none of the 2 containers assessed shares the host's "
	    "IPC namespace (HostConfig.IpcMode).");
	/* STIG Manager's detail and comment */
	sf_test_expect_xpath(
	    doc,
	    "string(" RR("DKER-EE-001240") "/*[local-name()='check']/*[local-"
	                                   "name()='check-content']/*[local-"
	                                   "name()='detail'])",
	    "container <b>x</b>&\" (0123456789ab, image img:1): "
	    "HostConfig.PidMode is host");
	sf_test_expect_xpath(
	    doc,
	    "substring-before(" RR("DKER-EE-001240") "/*[local-name()='check']/*"
	                                             "[local-name()='check-"
	                                             "content']/*[local-name()='"
	                                             "comment'], ' (')",
	    "Automated check by scapforge " SF_VERSION
	    ": fail, 1 offender among 2 assessed containers");
	/* the assessed containers grouped by DISA's value, offenders first,
	 * and the excluded one with its value */
	sf_test_expect_xpath(
	    doc,
	    "concat(" RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/@value, '/', " RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/@offending, '/', " RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/@count, '/', " RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/*/@name, '|', " RR("DKER-EE-001240") "//*[local-name()='assessed'][2]/@value, '/', " RR("DKER-EE-001240") "//*[local-name()='assessed'][2]/@offending, '/', " RR("DKER-EE-001240") "//*[local-name()='assessed'][2]/*/@name, '|', " RR("DKER-EE-001240") "//*[local-name()='excluded-container']/@name, '/', " RR("DKER-EE-001240") "//*[local-name()='excluded-container']/@value)",
	    "host/true/1/<b>x</b>&\"|/false/ok|kube-proxy/host");
	sf_test_expect_xpath(
	    doc,
	    "concat(" RR("DKER-EE-001250") "//*[local-name()='assessed'][1]/@setting, '=', " RR("DKER-EE-001250") "//*[local-name()='assessed'][1]/@value, ' ', " RR("DKER-EE-001250") "//*[local-name()='assessed'][2]/@setting, '=', " RR("DKER-EE-001250") "//*[local-name()='assessed'][2]/@value)",
	    "IpcMode= IpcMode=private");
	/* the same offender in fields, and the scan's own metadata */
	sf_test_expect_xpath(
	    doc,
	    "concat(" RR("DKER-EE-001240") "//*[local-name()='offender']/@name, '|', " RR("DKER-EE-001240") "//*[local-name()='offender']/@image, '|', " RR(
	        "DKER-EE-001240") "//*[local-name()='offender']/@setting, '|', " RR("DKER-EE-001240") "//*[local-name()='offender']/@value)",
	    "<b>x</b>&\"|img:1|HostConfig.PidMode|host");
	sf_test_expect_xpath(
	    doc,
	    "concat(//*[local-name()='scan']/*[local-name()='evidence']/@assessed, ' ', //*[local-name()='scan']/*[local-name()='excluded']/@name, ' ', //*[local-name()='scan']/*[local-name()='excluded']/@matched)",
	    "2 kube-proxy name 'kube-proxy'");
	sf_test_expect_xpath(
	    doc,
	    "string(" RR(
	        "DKER-EE-001240") "/*[local-name()='check']/*["
	                          "local-name()='check-content-ref']/@href)",
	    "#oval0");
	sf_test_expect_xpath(
	    doc,
	    "string(count(" RR("DKER-EE-001240") "/*[local-name()='ident']))",
	    "3");
	/* the host, under both fact names, and in the asset */
	sf_test_expect_xpath(
	    doc, FACT("urn:xccdf:fact:asset:identifier:host_name"), "web01<&>");
	sf_test_expect_xpath(doc, FACT("urn:scap:fact:asset:identifier:fqdn"),
	                     "web01.example.mil");
	sf_test_expect_xpath(doc, FACT("urn:scap:fact:asset:identifier:mac"),
	                     "02:42:AC:11:00:02");
	sf_test_expect_xpath(
	    doc,
	    "string(count(//*[local-name()='fact'][@name='urn:xccdf:fact:asset:identifier:mac']))",
	    "1");
	sf_test_expect_xpath(doc, "string(//*[local-name()='ip-v6'])",
	                     "fd00:0:0:0:0:0:0:7");
	/* a loopback address is no asset's address: not in the asset, the
	 * target-address list or the facts */
	sf_test_expect_xpath(
	    doc, "string(count(//*[local-name()='connection']))", "2");
	sf_test_expect_xpath(
	    doc,
	    "concat(count(//*[local-name()='target-address']), ' ', "
	    "//*[local-name()='target-address'][1], ' ', "
	    "//*[local-name()='target-address'][2])",
	    "2 192.0.2.7 fd00::7");
	sf_test_expect_xpath(
	    doc,
	    "string(count(//*[local-name()='fact'][.='127.0.0.1']))", "0");
	/* the names STIG Manager maps to the asset's FQDN and MAC */
	sf_test_expect_xpath(
	    doc,
	    FACT("tag:stig-manager@users.noreply.github.com,2020:asset:fqdn"),
	    "web01.example.mil");
	sf_test_expect_xpath(
	    doc,
	    FACT("tag:stig-manager@users.noreply.github.com,2020:asset:mac"),
	    "02:42:AC:11:00:02");
	sf_test_expect_xpath(doc, FACT("urn:scapforge:fact:target:kind"),
	                     "local");
	sf_test_expect_xpath(
	    doc,
	    "concat(//*[local-name()='scan']/*[local-name()='target']/@kind, "
	    "'|', //*[local-name()='scan']/*[local-name()='target']/@name, "
	    "'|', //*[local-name()='scan']/*[local-name()='target']/@fqdn, "
	    "'|', //*[local-name()='scan']/*[local-name()='target']/@os, "
	    "'|', count(//*[local-name()='scan']/*[local-name()='target']/*), "
	    "'|', //*[local-name()='scan']/*[local-name()='target']/*[1]/@ip, "
	    "'|', //*[local-name()='scan']/*[local-name()='target']/*[1]/@mac)",
	    "local|web01<&>|web01.example.mil|Debian GNU/Linux|2|192.0.2.7|"
	    "02:42:AC:11:00:02");
	sf_test_expect_xpath(doc, "string(//*[local-name()='identity'])",
	                     "auditor");
	/* AI restricts host names; the facts keep the name as it is */
	sf_test_expect_xpath(doc, "string(//*[local-name()='hostname'])",
	                     "web01---");
	sf_test_expect_xpath(
	    doc, FACT("urn:scapforge:fact:containers:assessed"), "2");
	sf_test_expect_xpath(
	    doc, FACT("urn:scapforge:fact:containers:excluded:container"),
	    "kube-proxy (aaaa): name 'kube-proxy'");
	sf_test_expect_xpath(doc, FACT("urn:scapforge:fact:evidence:path"),
	                     "/srv/evidence.json");
	sf_test_expect_xpath(doc, "string(//*[local-name()='score'])",
	                     "50.000000");
	/* the relationships and the OVAL report the rule results point at */
	sf_test_expect_xpath(
	    doc,
	    "string(count(//*[local-name()='relationship'][@subject='xccdf1']))",
	    "2");
	sf_test_expect_xpath(
	    doc,
	    "string(//*[local-name()='report'][@id='oval0']//*[local-name()="
	    "'definition'][@definition_id='oval:scapforge.test:def:1240']/@result)",
	    "false");
	sf_test_expect_xpath(
	    doc,
	    "string(count(//*[local-name()='report'][@id='oval0']//*[local-"
	    "name()='yamlfilecontent_item']/*[local-name()='value']/*[local-"
	    "name()='field']))",
	    /* Id, PidMode and IpcMode of the two assessed containers */
	    "6");
	xmlFreeDoc(doc);
	free(dir);
}
END_TEST

#define STARTS(s, lit) (!strncmp((s), (lit), sizeof(lit) - 1))

/* The leading blanks of the line at p. */
static size_t indent_of(const char *p)
{
	size_t n = 0;

	while (p[n] == ' ')
		n++;
	return n;
}

/* Records of plain fields are written in one piece; one with a field
 * that needs escaping, by the writer: both indented alike, as the writer
 * indents, and read back the same. */
START_TEST(test_report__record_fields_written_as_the_writer_would)
{
	xmlDocPtr doc = arf_of(
	    "[{\"Id\": \"0123456789abcdef\", \"Name\": \"/a\", "
	    "\"HostConfig\": {\"PidMode\": \"x&y<\\r\", \"IpcMode\": \"\"}},"
	    "{\"Id\": \"fedcba9876543210\", \"Name\": \"/b\", "
	    "\"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": \"private\"}}]");
	char *path = sf_path_join(dir, "arf.xml");
	sf_buf text = SF_BUF_INIT;
	const char *p, *record = NULL;
	size_t fields = 0, records = 0;

	sf_test_expect_xpath(
	    doc,
	    "concat(count(//*[local-name()='yamlfilecontent_item']/*[local-name()='value']/*), '|', "
	    "//*[local-name()='yamlfilecontent_item'][*[local-name()='yamlpath'] = '[:].HostConfig.PidMode']/*[local-name()='value']/*[1], '|', "
	    "//*[local-name()='yamlfilecontent_item'][*[local-name()='yamlpath'] = '[:].HostConfig.IpcMode']/*[local-name()='value']/*[2])",
	    "6|x&y<\r|private");
	ck_assert_int_eq(sf_file_read(path, &text), 0);
	for (p = text.ptr; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *at = p + indent_of(p);

		if (STARTS(at, "<ind-sys:value datatype=\"record\">")) {
			record = p;
			records++;
		} else if (STARTS(at, "<oval-sc:field name=\"#\">")) {
			ck_assert_ptr_nonnull(record);
			ck_assert_uint_eq(indent_of(p), indent_of(record) + 2);
			fields++;
		} else if (STARTS(at, "</ind-sys:value>") && record) {
			ck_assert_uint_eq(indent_of(p), indent_of(record));
			record = NULL;
		}
	}
	ck_assert_uint_eq(records, 3);
	ck_assert_uint_eq(fields, 6);
	ck_assert_ptr_null(record);
	sf_buf_release(&text);
	free(path);
	xmlFreeDoc(doc);
	free(dir);
}
END_TEST

/* What the writer makes of s as text and as an attribute's value, the
 * long way (cleaned, then escaped by libxml2), or by sf_xs_text and
 * sf_xs_attr. */
static void written(const char *s, int ours, sf_buf *out)
{
	sf_xstream x;
	char *clean = sf_text_xml_clean(s);

	sf_buf_clear(out);
	ck_assert_int_eq(sf_xstream_open_buf(&x, out), 0);
	xmlTextWriterStartElement(x.w, BAD_CAST "e");
	if (ours) {
		sf_xs_attr(x.w, "a", s);
		sf_xs_text(x.w, s);
	} else {
		xmlTextWriterWriteAttribute(x.w, BAD_CAST "a", BAD_CAST clean);
		xmlTextWriterWriteString(x.w, BAD_CAST clean);
	}
	xmlTextWriterEndElement(x.w);
	ck_assert_int_eq(sf_xstream_finish(&x, NULL), 0);
	sf_xstream_release(&x);
	free(clean);
}

/* Values written as they are, without cleaning or escaping, come out as
 * the long way writes them, whatever byte they hold. */
START_TEST(test_report__plain_values_are_written_the_same)
{
	sf_buf a = SF_BUF_INIT, b = SF_BUF_INIT;
	char s[8];
	int c;

	for (c = 1; c < 256; c++) {
		snprintf(s, sizeof(s), "x%cy", c);
		written(s, 1, &a);
		written(s, 0, &b);
		ck_assert_msg(!strcmp(a.ptr, b.ptr), "byte 0x%02X: %s != %s", c,
		              a.ptr, b.ptr);
		ck_assert_int_eq(sf_xs_plain(s, 1),
		                 (c >= 0x20 && c < 0x7F && !strchr("<>&\"", c)) ||
		                     c == '\t' || c == '\n');
		ck_assert_int_eq(sf_xs_plain(s, 0),
		                 c >= 0x20 && c < 0x7F && !strchr("<>&\"", c));
	}
	written("\xC3\xA9 <&> \"\r\t\n", 1, &a);
	ck_assert_msg(strstr(a.ptr, "<e a=\"\xC3\xA9 &lt;&amp;&gt; &quot;&#13;&#9;&#10;\">"
	                            "\xC3\xA9 &lt;&amp;&gt; &quot;&#13;\t\n</e>"),
	              "%s", a.ptr);
	sf_buf_release(&a);
	sf_buf_release(&b);
}
END_TEST

START_TEST(test_report__arf_write_failure_leaves_nothing)
{
	sf_content *c;
	sf_scan *s = scan_of("[]", &c);
	sf_arf_opts ao = {"e.json", "test", NULL, NULL};

	ck_assert_int_eq(
	    sf_arf_write(s, &host, &ao, "/nonexistent/dir/arf.xml"), -1);
	ck_assert(strstr(sf_error_last(), "/nonexistent/dir/arf.xml"));
	sf_scan_free(s);
	sf_content_free(c);
	free(dir);
}
END_TEST

/* A large host: the offenders in full, the compliant containers listed
 * up to the cap in all and counted beyond it, group by group. */
START_TEST(test_report__compliant_groups_are_capped)
{
	sf_buf ev = SF_BUF_INIT;
	xmlDocPtr doc;
	int i;

	sf_buf_putc(&ev, '[');
	for (i = 0; i < 130; i++)
		sf_buf_printf(&ev,
		              "{\"Id\": \"c%03d\", \"Name\": \"/c%03d\", "
		              "\"HostConfig\": {\"PidMode\": \"%s\", "
		              "\"IpcMode\": \"private\"}},",
		              i, i, i < 120 ? "" : i < 125 ? "host" : "private");
	sf_buf_puts(&ev, "{\"Id\": \"last\", \"Name\": \"/last\", "
	                 "\"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": "
	                 "\"private\"}}]");
	doc = arf_of(sf_buf_cstr(&ev));
	sf_test_expect_xpath(
	    doc,
	    "concat(count(" RR("DKER-EE-001240") "//*[local-name()='assessed']), '|', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/@value, ' ', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/@count, ' ', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][1]/@listed, '|', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][2]/@value, ' ', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][2]/@count, ' ', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][2]/@listed, '|', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][3]/@value, ' ', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][3]/@count, ' ', "
	    RR("DKER-EE-001240") "//*[local-name()='assessed'][3]/@listed, '|', "
	    "count(" RR("DKER-EE-001240") "//*[local-name()='assessed']/*))",
	    "3|host 5 5| 121 100|private 5 0|105");
	/* every offender is in the one message */
	sf_test_expect_xpath(
	    doc,
	    "concat(count(" RR("DKER-EE-001240") "/*[local-name()='message']), ' ', "
	    "count(" RR("DKER-EE-001240") "//*[local-name()='offender']), ' ', "
	    "starts-with(" RR("DKER-EE-001240") "/*[local-name()='message'], 'container c120 ('), ' ', "
	    "contains(" RR("DKER-EE-001240") "/*[local-name()='message'], ' is host\ncontainer c124 ('))",
	    "1 5 true true");
	xmlFreeDoc(doc);
	sf_buf_release(&ev);
}
END_TEST

/* The ARF read for the reports: only its Benchmark and its TestResult
 * are kept, the same results as the scan's own XCCDF results; a
 * truncated ARF, or one whose TestResult names another Benchmark, is
 * refused. */
START_TEST(test_report__xccdfdoc_keeps_benchmark_and_testresult)
{
	sf_content *c;
	sf_scan *s = scan_of(
	    "[{\"Id\": \"a1\", \"Name\": \"/web\", \"HostConfig\": "
	    "{\"PidMode\": \"host\", \"IpcMode\": \"private\"}}]",
	    &c);
	char *arf = sf_path_join(dir, "arf.xml"), *text, *cut;
	sf_arf_opts ao = {"/srv/evidence.json", "test", NULL, NULL};
	sf_buf xres = SF_BUF_INIT;
	sf_xccdfdoc d, mine;
	size_t len;

	ck_assert_int_eq(sf_arf_write(s, &host, &ao, arf), 0);
	ck_assert_int_eq(sf_xccdfdoc_from_arf(&d, arf), 0);
	ck_assert_str_eq((const char *)d.bench->name, "Benchmark");
	ck_assert_ptr_eq(xmlDocGetRootElement(d.doc), d.bench);
	ck_assert_ptr_eq(d.tr, d.bench->last);
	sf_test_expect_xpath(
	    d.doc,
	    "concat(count(//*[starts-with(namespace-uri(), "
	    "'http://oval.mitre.org/')]), ' ', count(/*/*[local-name()="
	    "'TestResult']), ' ', count(//*[local-name()='target-id-ref' or "
	    "local-name()='benchmark']), ' ', count(//*[local-name()="
	    "'rule-result']), ' ', //*[local-name()='rule-result'][@version="
	    "'DKER-EE-001240']/*[local-name()='result'])",
	    "0 1 0 2 fail");
	/* the same results as the scan's own */
	ck_assert_int_eq(sf_xccdfres_text(s, &host, &ao, &xres), 0);
	ck_assert_int_eq(sf_xccdfdoc_parse(&mine, xres.ptr, xres.len, "mine"),
	                 0);
	/* the offender kept as a row, in both */
	sf_test_expect_xpath(
	    mine.doc,
	    "concat(count(//*[local-name()='rule-result']), ' ', "
	    "//*[local-name()='rule-result'][@version='DKER-EE-001240']/*["
	    "local-name()='result'], ' ', count(//*[local-name()='offender']),"
	    " ' ', //*[local-name()='rows'][@of='offender']/@n)",
	    "2 fail 0 1");
	sf_test_expect_xpath(d.doc,
	                     "concat(count(//*[local-name()='offender']), ' ', "
	                     "//*[local-name()='rows'][@of='offender']/@n)",
	                     "0 1");
	{
		xmlXPathContextPtr x = xmlXPathNewContext(d.doc);
		xmlXPathObjectPtr o = xmlXPathEvalExpression(
		    BAD_CAST "//*[local-name()='rows'][@of='offender']", x);
		const sf_xrows *r;

		ck_assert_int_eq(o->nodesetval->nodeNr, 1);
		r = sf_xccdfdoc_rows_of(&d, o->nodesetval->nodeTab[0]);
		ck_assert_uint_eq(sf_xrows_count(r), 1);
		ck_assert_str_eq(sf_xrows_get(r, 0, "id"), "a1");
		ck_assert_str_eq(sf_xrows_get(r, 0, "name"), "web");
		ck_assert_str_eq(sf_xrows_get(r, 0, "value"), "host");
		ck_assert_ptr_null(sf_xrows_get(r, 0, "detail"));
		ck_assert_ptr_eq(sf_xccdfdoc_rows(&d, o->nodesetval->nodeTab[0]
		                                          ->parent,
		                                  "offender"),
		                 r);
		xmlXPathFreeObject(o);
		xmlXPathFreeContext(x);
	}
	sf_xccdfdoc_release(&mine);
	sf_xccdfdoc_release(&d);

	/* cut inside the OVAL results, after the TestResult */
	text = sf_test_read(dir, "arf.xml");
	len = strlen(text);
	cut = strstr(text, "</oval_results>");
	ck_assert_ptr_nonnull(cut);
	*cut = '\0';
	sf_test_write(dir, "cut.xml", text);
	free(arf);
	arf = sf_path_join(dir, "cut.xml");
	ck_assert_int_eq(sf_xccdfdoc_from_arf(&d, arf), -1);
	ck_assert_msg(strstr(sf_error_last(), "cut.xml' is not XML, so not an "
	                                      "ARF report (line "),
	              "%s", sf_error_last());
	ck_assert(len > strlen(text));
	free(text);

	/* a TestResult of another Benchmark */
	sf_test_edit(dir, "arf.xml",
	             "<benchmark href=\"#scap_mil.disa.stig_comp_xccdf\" id=\"",
	             "<benchmark href=\"#scap_mil.disa.stig_comp_xccdf\" "
	             "id=\"other_");
	free(arf);
	arf = sf_path_join(dir, "arf.xml");
	ck_assert_int_eq(sf_xccdfdoc_from_arf(&d, arf), -1);
	ck_assert_msg(strstr(sf_error_last(),
	                     "does not hold the XCCDF Benchmark 'other_"),
	              "%s", sf_error_last());

	/* white space alone, and text before any markup */
	sf_test_write(dir, "blank.xml", "  \n\n  ");
	free(arf);
	arf = sf_path_join(dir, "blank.xml");
	ck_assert_int_eq(sf_xccdfdoc_from_arf(&d, arf), -1);
	ck_assert_msg(strstr(sf_error_last(), "is not XML, so not an ARF "
	                                      "report (line "),
	              "%s", sf_error_last());
	sf_test_write(dir, "text.xml", "\n\nhello <a/>");
	free(arf);
	arf = sf_path_join(dir, "text.xml");
	ck_assert_int_eq(sf_xccdfdoc_from_arf(&d, arf), -1);
	ck_assert(strstr(sf_error_last(),
	                 "text.xml' is not XML, so not an ARF report (line 3: "
	                 "text where markup must start)"));
	sf_buf_release(&xres);
	sf_scan_free(s);
	sf_content_free(c);
	free(arf);
	free(dir);
}
END_TEST

/* The elements of one per container are kept as rows: their attributes
 * whole (entities and character references replaced), their text; one
 * placeholder per list; an element posing as a placeholder is dropped;
 * written back, they are the elements that were read. */
START_TEST(test_report__xccdfdoc_rows_round_trip)
{
	static const char text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
	    "xmlns:sf=\"urn:scapforge:xccdf-metadata:1\" id=\"b\">"
	    "<TestResult id=\"t\"><rule-result idref=\"r\"><result>fail"
	    "</result><metadata>"
	    "<sf:rows of=\"offender\" ref=\"0\" n=\"99\"/>"
	    "<sf:offender id=\"a1\" name=\"x&amp;y&lt;z&#10;&quot;\" "
	    "setting=\"PidMode\" value=\"host\"/>"
	    "<sf:offender id=\"b2\" name=\"\" detail=\"missing\"/>"
	    "<m:offender xmlns:m=\"urn:scapforge:xccdf-metadata:1\" "
	    "id=\"c3\"/>"
	    "</metadata>"
	    "<instance context=\"c-1\">a1</instance>"
	    "<instance context=\"c-2\">b2 &amp; more</instance>"
	    "</rule-result></TestResult></Benchmark>";
	sf_xccdfdoc d, back;
	sf_buf out = SF_BUF_INIT;
	sf_xstream x;
	xmlNodePtr md;
	const sf_xrows *r, *inst;

	ck_assert_int_eq(sf_xccdfdoc_parse(&d, text, strlen(text), "t"), 0);
	md = d.tr->children->children->next;
	ck_assert_str_eq((const char *)md->name, "metadata");
	r = sf_xccdfdoc_rows(&d, md, "offender");
	/* the one of another prefix is of the same namespace: one list */
	ck_assert_uint_eq(sf_xrows_count(r), 3);
	ck_assert_str_eq(sf_xrows_get(r, 2, "id"), "c3");
	ck_assert_str_eq(sf_xrows_get(r, 0, "name"), "x&y<z\n\"");
	ck_assert_str_eq(sf_xrows_get(r, 0, "setting"), "PidMode");
	ck_assert_str_eq(sf_xrows_get(r, 1, "name"), "");
	ck_assert_str_eq(sf_xrows_get(r, 1, "detail"), "missing");
	ck_assert_ptr_null(sf_xrows_get(r, 1, "value"));
	ck_assert_ptr_null(md->children->next);
	inst = sf_xccdfdoc_rows(&d, md->parent, "instance");
	ck_assert_uint_eq(sf_xrows_count(inst), 2);
	ck_assert_str_eq(inst->text[1], "b2 & more");
	sf_test_expect_xpath(d.doc,
	                     "concat(count(//*[local-name()='rows']), ' ', "
	                     "count(//*[local-name()='offender']), ' ', "
	                     "//*[local-name()='rows'][1]/@n)",
	                     "2 0 3");

	ck_assert_int_eq(sf_xstream_open_buf(&x, &out), 0);
	xmlTextWriterSetIndent(x.w, 0);
	sf_xccdfdoc_write(&d, x.w);
	ck_assert_int_eq(sf_xstream_finish(&x, NULL), 0);
	sf_xstream_release(&x);
	ck_assert_msg(strstr(out.ptr, "<metadata><sf:offender id=\"a1\" "
	                              "name=\"x&amp;y&lt;z&#10;&quot;\" "
	                              "setting=\"PidMode\" value=\"host\"/>"
	                              "<sf:offender id=\"b2\" name=\"\" "
	                              "detail=\"missing\"/><sf:offender "
	                              "id=\"c3\"/></metadata><instance "
	                              "context=\"c-1\">a1</instance><instance "
	                              "context=\"c-2\">b2 &amp; more</instance>"),
	              "%s", out.ptr);
	ck_assert_ptr_null(strstr(out.ptr, "rows"));
	/* and read again, the same rows */
	ck_assert_int_eq(sf_xccdfdoc_parse(&back, out.ptr, out.len, "back"), 0);
	ck_assert_uint_eq(back.nrows, d.nrows);
	ck_assert_str_eq(sf_xrows_get(&back.rows[0], 0, "name"), "x&y<z\n\"");
	sf_xccdfdoc_release(&back);
	sf_xccdfdoc_release(&d);
	sf_buf_release(&out);

	/* not results */
	ck_assert_int_eq(sf_xccdfdoc_parse(&d, "<a/>", 4, "mine"), -1);
	ck_assert_str_eq(sf_error_last(), "'mine' are not XCCDF results: no "
	                                  "Benchmark holding a TestResult");
	ck_assert_int_eq(sf_xccdfdoc_parse(&d, text, strlen(text) / 2, "mine"),
	                 -1);
	ck_assert_str_eq(sf_error_last(), "'mine' are not XCCDF results: "
	                                  "they are not well-formed XML");
}
END_TEST

START_TEST(test_report__host_facts)
{
	char full[48], name[256];
	sf_host h;

	sf_host_ipv6_full("::1", full);
	ck_assert_str_eq(full, "0:0:0:0:0:0:0:1");
	sf_host_ipv6_full("fe80::fc:ff:fe00:1", full);
	ck_assert_str_eq(full, "fe80:0:0:0:fc:ff:fe00:1");
	sf_host_ipv6_full("2001:db8:0:0:1::", full);
	ck_assert_str_eq(full, "2001:db8:0:0:1:0:0:0");
	sf_host_ipv6_full("not-an-address", full);
	ck_assert_str_eq(full, "not-an-address");

	sf_host_gather(&h);
	ck_assert_int_eq(gethostname(name, sizeof(name)), 0);
	ck_assert_str_eq(h.hostname, name);
	ck_assert_int_eq(h.privileged, geteuid() == 0);
	ck_assert(*h.fqdn && *h.user && *h.arch);
	/* the host's own addresses come before loopback */
	if (h.nifs > 1 && h.ifs[0].loopback)
		ck_assert(h.ifs[h.nifs - 1].loopback);
	ck_assert_ptr_eq(sf_host_primary(&h),
	                 h.nifs && !h.ifs[0].loopback ? &h.ifs[0] : NULL);
	sf_host_release(&h);
	sf_host_release(&h); /* twice is harmless */
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_report__arf_is_valid_and_names_offenders);
	tcase_add_test(tc, test_report__arf_write_failure_leaves_nothing);
	tcase_add_test(tc, test_report__record_fields_written_as_the_writer_would);
	tcase_add_test(tc, test_report__plain_values_are_written_the_same);
	tcase_add_test(tc, test_report__host_facts);
	tcase_add_test(tc, test_report__xccdfdoc_keeps_benchmark_and_testresult);
	tcase_add_test(tc, test_report__xccdfdoc_rows_round_trip);
	tcase_add_test(tc, test_report__compliant_groups_are_capped);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(report_suite());
}
