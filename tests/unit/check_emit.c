/* Suite for src/emit: the XCCDF, OVAL and data stream documents. */
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "load/rules.h"
#include "util/fsio.h"
#include "util/text.h"
#include "testutil.h"

static sf_benchmark *fixture(void)
{
	char *dir = sf_test_fixture_rules();
	sf_benchmark *b = NULL;
	sf_diags d;

	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, dir, &d), 0);
	sf_diags_release(&d);
	free(dir);
	return b;
}

static sf_emit_opts opts(const char *release)
{
	sf_emit_opts o = {release, 1767312000LL, "test-oval.xml", 0};

	return o;
}

/* Evaluates an XPath expression with the usual SCAP prefixes. */
static xmlXPathObjectPtr eval(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r;

	xmlXPathRegisterNs(ctx, BAD_CAST "x", BAD_CAST SF_NS_XCCDF);
	xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST SF_NS_DC);
	xmlXPathRegisterNs(ctx, BAD_CAST "o", BAD_CAST SF_NS_OVAL_DEF);
	xmlXPathRegisterNs(ctx, BAD_CAST "oc", BAD_CAST SF_NS_OVAL_COMMON);
	xmlXPathRegisterNs(ctx, BAD_CAST "ind", BAD_CAST SF_NS_OVAL_IND);
	xmlXPathRegisterNs(ctx, BAD_CAST "ds", BAD_CAST SF_NS_DS);
	xmlXPathRegisterNs(ctx, BAD_CAST "cat", BAD_CAST SF_NS_CATALOG);
	xmlXPathRegisterNs(ctx, BAD_CAST "xlink", BAD_CAST SF_NS_XLINK);
	xmlXPathRegisterNs(ctx, BAD_CAST "sf", BAD_CAST SF_NS_SCAPFORGE);
	r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlXPathFreeContext(ctx);
	ck_assert_msg(r != NULL, "bad XPath %s", expr);
	return r;
}

static double num(xmlDocPtr doc, const char *expr)
{
	xmlXPathObjectPtr r = eval(doc, expr);
	double v = xmlXPathCastToNumber(r);

	xmlXPathFreeObject(r);
	return v;
}

static void expect_str(xmlDocPtr doc, const char *expr, const char *want)
{
	xmlXPathObjectPtr r = eval(doc, expr);
	xmlChar *s = xmlXPathCastToString(r);

	ck_assert_msg(!strcmp((const char *)s, want), "%s: got '%s', want '%s'",
	              expr, (const char *)s, want);
	xmlFree(s);
	xmlXPathFreeObject(r);
}

START_TEST(test_emit_xccdf__disa_shape)
{
	sf_benchmark *b = fixture();
	sf_emit_opts o = opts("V2R2");
	xmlDocPtr doc;
	const char *rule =
	    "//x:Rule[@id='xccdf_mil.disa.stig_rule_SV-235784r960804_rule']";
	char expr[512];

	ck_assert_int_eq(sf_emit_xccdf(&doc, b, &o), 0);
	expect_str(doc, "string(/x:Benchmark/@id)",
	           "xccdf_mil.disa.stig_benchmark_Test_STIG");
	expect_str(doc, "string(/x:Benchmark/@style)", "SCAP_1.3");
	expect_str(doc, "string(/x:Benchmark/x:description)",
	           "Test STIG, release V2R2.");
	expect_str(doc, "string(/x:Benchmark/x:Profile/x:description)",
	           "Test profile.");
	expect_str(doc, "string(/x:Benchmark/x:version/@time)",
	           "2026-01-02T00:00:00");
	ck_assert_int_eq((int)num(doc, "count(//x:Group)"), 2);
	ck_assert_int_eq((int)num(doc, "count(//x:Group/x:Rule)"), 2);
	ck_assert_int_eq((int)num(doc, "count(/x:Benchmark/x:Profile)"), 1);
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(/x:Benchmark/x:Profile/x:select[@selected='true'])"),
	    4);
	ck_assert_int_eq((int)num(doc, "count(/x:Benchmark/x:Value)"), 3);
	expect_str(doc, "string(/x:Benchmark/x:Value[x:metadata/sf:role='evidence-path']/@id)",
		   "xccdf_mil.disa.stig_value_docker_inspect_path");
	expect_str(doc, "string(/x:Benchmark/x:Value[x:metadata/sf:role='exclusion-pattern']/@id)",
		   "xccdf_mil.disa.stig_value_container_exclusion_pattern");
	ck_assert_int_eq((int)num(doc, "count(//sf:role)"), 2);
	expect_str(
	    doc,
	    "string(//x:Group[x:Rule[@id='xccdf_mil.disa.stig_rule_SV-235784r960804_rule']]/@id)",
	    "xccdf_mil.disa.stig_group_V-235784");
	snprintf(expr, sizeof(expr), "string(%s/x:version)", rule);
	expect_str(doc, expr, "DKER-EE-001240");
	snprintf(expr, sizeof(expr), "string(%s/x:title)", rule);
	expect_str(doc, expr, "PID namespace <not> shared & \"quoted\".");
	snprintf(expr, sizeof(expr),
	         "string(%s/x:reference[@href='" SF_STIG_VIEWER_HREF "'])",
	         rule);
	expect_str(doc, expr, "SV-235784r960804_rule");
	snprintf(expr, sizeof(expr),
	         "count(%s/x:ident[@system='http://cyber.mil/legacy'])", rule);
	ck_assert_int_eq((int)num(doc, expr), 2);
	snprintf(expr, sizeof(expr),
	         "string(%s/x:ident[@system='http://cyber.mil/cci'])", rule);
	expect_str(doc, expr, "CCI-001414");
	snprintf(expr, sizeof(expr), "string(%s/x:fixtext/@fixref)", rule);
	expect_str(doc, expr, "F-38966r627478_fix");
	snprintf(expr, sizeof(expr),
	         "string(%s/x:metadata/sf:manual-check/@system)", rule);
	expect_str(doc, expr, "C-39003r627477_chk");
	snprintf(expr, sizeof(expr),
	         "string(%s/x:check/x:check-content-ref/@name)", rule);
	expect_str(doc, expr, "oval:scapforge.test:def:1240");
	snprintf(expr, sizeof(expr),
	         "string(%s/x:check/x:check-content-ref/@href)", rule);
	expect_str(doc, expr, "test-oval.xml");
	snprintf(expr, sizeof(expr), "count(%s/x:check/x:check-export)", rule);
	ck_assert_int_eq((int)num(doc, expr), 1);
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//x:Rule[x:version='DKER-EE-001250']/x:check/x:check-export)"),
	    2);
	expect_str(
	    doc,
	    "string(//x:Rule[x:version='DKER-EE-001250']/x:check/x:check-export[@value-id='xccdf_mil.disa.stig_value_ipc_shareable_is_finding']/@export-name)",
	    "oval:scapforge.test:var:2");
	snprintf(expr, sizeof(expr), "string(%s/x:description)", rule);
	expect_str(
	    doc, expr,
	    "<VulnDiscussion>Discussion with <markup> & ampersands.</VulnDiscussion>"
	    "<FalsePositives></FalsePositives><FalseNegatives></FalseNegatives>"
	    "<Documentable>false</Documentable><Mitigations></Mitigations>"
	    "<SeverityOverrideGuidance></SeverityOverrideGuidance>"
	    "<PotentialImpacts></PotentialImpacts><ThirdPartyTools></ThirdPartyTools>"
	    "<MitigationControl></MitigationControl><Responsibility></Responsibility>"
	    "<IAControls></IAControls>");
	xmlFreeDoc(doc);
	sf_benchmark_free(b);
}
END_TEST

START_TEST(test_emit_xccdf__release_selects_identifiers)
{
	sf_benchmark *b = fixture();
	sf_emit_opts o = opts("V1R1");
	xmlDocPtr doc;

	ck_assert_int_eq(sf_emit_xccdf(&doc, b, &o), 0);
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//x:Rule[@id='xccdf_mil.disa.stig_rule_SV-104739r2_rule'])"),
	    1);
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//x:Group[@id='xccdf_mil.disa.stig_group_V-95603'])"),
	    1);
	ck_assert_int_eq(
	    (int)num(doc,
	             "count(//x:ident[@system='http://cyber.mil/legacy'])"),
	    0);
	ck_assert_int_eq(
	    (int)num(doc,
	             "count(//x:ident[@system='http://iase.disa.mil/cci'])"),
	    2);
	expect_str(doc, "string(/x:Benchmark/x:plain-text[@id='release-info'])",
	           "Release: 1 Benchmark Date: 19 Jul 2019");
	expect_str(doc, "string(/x:Benchmark/x:status/@date)", "2019-09-13");
	expect_str(doc, "string(/x:Benchmark/x:description)",
	           "Test STIG, release V1R1.");
	xmlFreeDoc(doc);
	o.release = "V9R9";
	ck_assert_int_eq(sf_emit_xccdf(&doc, b, &o), -1);
	ck_assert_ptr_null(doc);
	sf_benchmark_free(b);
}
END_TEST

/* DISA's text copied into tests/data/disa/, without the final newline. */
static char *disa_text(const char *name)
{
	char *dir = sf_path_join(SF_SOURCE_DIR, "tests/data/disa");
	char *text = sf_test_read(dir, name);
	size_t n;

	ck_assert_ptr_nonnull(text);
	n = strlen(text);
	ck_assert(n > 0 && text[n - 1] == '\n');
	text[n - 1] = '\0';
	free(dir);
	return text;
}

/* The real rules: each release's Benchmark description and the profiles'
 * descriptions are DISA's; SC-39 only on DKER-EE-001250, as the Tenable
 * audit items say. */
/* The NIST references of the Rule of a STIG ID, with a predicate. */
#define NIST_REFS                                                              \
	"count(//x:Rule[x:version='%s']/x:reference[starts-with(dc:title, "   \
	"'NIST SP 800-53')]%s)"

START_TEST(test_emit_xccdf__real_rules_follow_disa_and_seeds)
{
	static const char *const releases[] = {"V1R1", "V2R1", "V2R2"};
	char *dir = sf_path_join(SF_SOURCE_DIR, "rules");
	char *want, *profile = disa_text("profile-description.txt");
	char name[64], expr[512];
	sf_benchmark *b = NULL;
	sf_emit_opts o;
	xmlDocPtr doc;
	sf_diags d;
	size_t i;

	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, dir, &d), 0);
	for (i = 0; i < 3; i++) {
		o = opts(releases[i]);
		ck_assert_int_eq(sf_emit_xccdf(&doc, b, &o), 0);
		snprintf(name, sizeof(name), "description-%s.txt",
		         releases[i]);
		want = disa_text(name);
		expect_str(doc, "string(/x:Benchmark/x:description)", want);
		free(want);
		ck_assert_int_eq(
		    (int)num(doc, "count(/x:Benchmark/x:description)"), 1);
		ck_assert_int_eq(
		    (int)num(doc, "count(/x:Benchmark/x:Profile)"), 9);
		snprintf(expr, sizeof(expr),
		         "count(/x:Benchmark/x:Profile[count(x:description) = 1 "
		         "and x:description = '%s'])",
		         profile);
		ck_assert_int_eq((int)num(doc, expr), 9);
		snprintf(expr, sizeof(expr), NIST_REFS, "DKER-EE-001240", "");
		ck_assert_int_eq((int)num(doc, expr), 1);
		snprintf(expr, sizeof(expr), NIST_REFS, "DKER-EE-001240",
		         "[dc:identifier='AC-4']");
		ck_assert_int_eq((int)num(doc, expr), 1);
		ck_assert_int_eq(
		    (int)num(doc, "count(//x:Rule[x:version='DKER-EE-001240']"
		                  "//*[contains(., 'SC-39')])"),
		    0);
		snprintf(expr, sizeof(expr), NIST_REFS, "DKER-EE-001250", "");
		ck_assert_int_eq((int)num(doc, expr), 2);
		snprintf(expr, sizeof(expr), NIST_REFS, "DKER-EE-001250",
		         "[dc:identifier='AC-4']");
		ck_assert_int_eq((int)num(doc, expr), 1);
		expect_str(doc,
		           "string(//x:Rule[x:version='DKER-EE-001250']/"
		           "x:reference[dc:identifier='SC-39']/dc:source)",
		           "Tenable audit item for this STIG ID (800-53|SC-39)");
		xmlFreeDoc(doc);
	}
	sf_benchmark_free(b);
	sf_diags_release(&d);
	free(profile);
	free(dir);
}
END_TEST

START_TEST(test_emit_oval__definitions_and_guards)
{
	sf_benchmark *b = fixture();
	sf_emit_opts o = opts("V2R2");
	xmlDocPtr doc;

	ck_assert_int_eq(sf_emit_oval(&doc, b, &o), 0);
	expect_str(doc, "string(//oc:schema_version)", "5.11.3");
	expect_str(doc, "string(//oc:timestamp)", "2026-01-02T00:00:00");
	ck_assert_int_eq(
	    (int)num(doc, "count(//o:definition[@class='compliance'])"), 2);
	/* One shared guard and emptiness test, a count test per rule, one
	 * finding test per finding and one flag test. */
	ck_assert_int_eq((int)num(doc, "count(//ind:textfilecontent54_test)"),
	                 1);
	ck_assert_int_eq((int)num(doc, "count(//ind:yamlfilecontent_test)"), 4);
	ck_assert_int_eq((int)num(doc, "count(//ind:variable_test)"), 3);
	ck_assert_int_eq((int)num(doc, "count(//o:external_variable)"), 2);
	expect_str(
	    doc,
	    "string(//o:external_variable[@id='oval:scapforge.test:var:1']/@datatype)",
	    "string");
	expect_str(
	    doc,
	    "string(//o:external_variable[@id='oval:scapforge.test:var:2']/@datatype)",
	    "boolean");
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//ind:yamlfilecontent_object[ind:yamlpath='[:].HostConfig.PidMode'])"),
	    1);
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//ind:yamlfilecontent_object[ind:yamlpath='[:].Id'])"),
	    1);
	expect_str(doc, "string(//ind:textfilecontent54_object/ind:pattern)",
	           "\\A\\s*\\[");
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//ind:yamlfilecontent_state/ind:value/o:field[@name='#' and @operation='not equal'])"),
	    3);
	/* The 001250 definition: guard, count, host, and shareable-or-flag. */
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//o:definition[@id='oval:scapforge.test:def:1250']/o:criteria/*)"),
	    4);
	ck_assert_int_eq(
	    (int)num(
	        doc,
	        "count(//o:definition[@id='oval:scapforge.test:def:1250']//o:criterion)"),
	    6);
	expect_str(
	    doc,
	    "string(//o:definition[@id='oval:scapforge.test:def:1240']/o:metadata/o:reference[@source='DISA']/@ref_id)",
	    "SV-235784r960804_rule");
	xmlFreeDoc(doc);
	sf_benchmark_free(b);
}
END_TEST

START_TEST(test_emit_datastream__components_and_catalog)
{
	sf_benchmark *b = fixture();
	sf_emit_opts o = opts("V2R2");
	xmlDocPtr x, v, doc;

	ck_assert_int_eq(sf_emit_xccdf(&x, b, &o), 0);
	ck_assert_int_eq(sf_emit_oval(&v, b, &o), 0);
	ck_assert_int_eq(sf_emit_datastream(&doc, b, &o, x, v, NULL, NULL), 0);
	expect_str(doc,
	           "string(/ds:data-stream-collection/@schematron-version)",
	           "1.3");
	expect_str(doc, "string(//ds:data-stream/@scap-version)", "1.3");
	expect_str(doc, "string(//ds:data-stream/@timestamp)",
	           "2026-01-02T00:00:00");
	ck_assert_int_eq((int)num(doc, "count(//ds:component)"), 2);
	ck_assert_int_eq((int)num(doc, "count(//ds:component/x:Benchmark)"), 1);
	ck_assert_int_eq(
	    (int)num(doc, "count(//ds:component/o:oval_definitions)"), 1);
	expect_str(
	    doc,
	    "string(//ds:checklists/ds:component-ref/cat:catalog/cat:uri[@name='test-oval.xml']/@uri)",
	    "#scap_mil.disa.stig_cref_oval");
	expect_str(doc, "string(//ds:checks/ds:component-ref/@xlink:href)",
	           "#scap_mil.disa.stig_comp_oval");
	xmlFreeDoc(doc);
	xmlFreeDoc(x);
	xmlFreeDoc(v);
	sf_benchmark_free(b);
}
END_TEST

START_TEST(test_emit_xml__serialization_is_reproducible)
{
	sf_benchmark *b = fixture();
	sf_emit_opts o = opts("V2R2");
	sf_buf one = SF_BUF_INIT, two = SF_BUF_INIT;
	xmlDocPtr doc;

	ck_assert_int_eq(sf_emit_oval(&doc, b, &o), 0);
	ck_assert_int_eq(sf_xml_serialize(doc, &one), 0);
	xmlFreeDoc(doc);
	ck_assert_int_eq(sf_emit_oval(&doc, b, &o), 0);
	ck_assert_int_eq(sf_xml_serialize(doc, &two), 0);
	xmlFreeDoc(doc);
	ck_assert_uint_eq(one.len, two.len);
	ck_assert(memcmp(one.ptr, two.ptr, one.len) == 0);
	ck_assert(strncmp(one.ptr,
	                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
	                  39) == 0);
	sf_buf_release(&one);
	sf_buf_release(&two);
	sf_benchmark_free(b);
}
END_TEST

START_TEST(test_emit_xml__clean_replaces_what_xml_forbids)
{
	char *s;

	s = sf_text_xml_clean("a\x01"
	                 "b\xff"
	                 "c\xc3\xa9\xe2\x82\xac\t\n");
	ck_assert_str_eq(s, "a\xEF\xBF\xBD"
	                    "b\xEF\xBF\xBD"
	                    "c\xc3\xa9\xe2\x82\xac\t\n");
	free(s);
	/* an overlong encoding and a lone surrogate */
	s = sf_text_xml_clean("\xc0\xaf|\xed\xa0\x80|");
	ck_assert_str_eq(
	    s,
	    "\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|");
	free(s);
}
END_TEST

START_TEST(test_emit_timestamp__source_date_epoch_and_date)
{
	sf_benchmark *b = fixture();
	long long t;
	char stamp[32];

	ck_assert_int_eq(sf_emit_timestamp(b, NULL, &t), 0);
	ck_assert_int_eq(t, 1767312000LL);
	ck_assert_int_eq(sf_emit_timestamp(b, "", &t), 0);
	ck_assert_int_eq(t, 1767312000LL);
	ck_assert_int_eq(sf_emit_timestamp(b, "1700000000", &t), 0);
	sf_xml_timestamp(t, stamp);
	ck_assert_str_eq(stamp, "2023-11-14T22:13:20");
	ck_assert_int_eq(sf_emit_timestamp(b, "yesterday", &t), -1);
	ck_assert_int_eq(sf_emit_timestamp(b, "-5", &t), -1);
	sf_benchmark_free(b);
}
END_TEST

static Suite *emit_suite(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_emit_xccdf__disa_shape);
	tcase_add_test(tc, test_emit_xccdf__release_selects_identifiers);
	tcase_add_test(tc, test_emit_xccdf__real_rules_follow_disa_and_seeds);
	tcase_add_test(tc, test_emit_oval__definitions_and_guards);
	tcase_add_test(tc, test_emit_datastream__components_and_catalog);
	tcase_add_test(tc, test_emit_xml__serialization_is_reproducible);
	tcase_add_test(tc, test_emit_xml__clean_replaces_what_xml_forbids);
	tcase_add_test(tc, test_emit_timestamp__source_date_epoch_and_date);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(emit_suite());
}
