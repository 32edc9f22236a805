/* Suite for src/validate: the official schemas and Schematron. */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "load/rules.h"
#include "testutil.h"
#include "util/error.h"
#include "validate/validate.h"

/* The fixture's three documents, serialized. */
static void fixture_docs(sf_buf out[3])
{
	char *dir = sf_test_fixture_rules();
	sf_benchmark *b = NULL;
	sf_emit_opts o = {"V2R2", 0, "test-oval.xml", 0};
	xmlDocPtr x, v, ds;
	sf_diags d;

	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, dir, &d), 0);
	ck_assert_int_eq(sf_emit_xccdf(&x, b, &o), 0);
	ck_assert_int_eq(sf_emit_oval(&v, b, &o), 0);
	ck_assert_int_eq(sf_emit_datastream(&ds, b, &o, x, v, NULL, NULL), 0);
	ck_assert_int_eq(sf_xml_serialize(x, &out[0]), 0);
	ck_assert_int_eq(sf_xml_serialize(v, &out[1]), 0);
	ck_assert_int_eq(sf_xml_serialize(ds, &out[2]), 0);
	xmlFreeDoc(x);
	xmlFreeDoc(v);
	xmlFreeDoc(ds);
	sf_benchmark_free(b);
	sf_diags_release(&d);
	free(dir);
}

/* Validates text; returns the rendered diagnostics (caller frees). */
static char *validate(sf_validator *val, const char *text, int *rc)
{
	sf_diags d;
	sf_buf out = SF_BUF_INIT;

	sf_diags_init(&d);
	*rc = sf_validate_memory(val, text, strlen(text), "doc.xml", &d);
	sf_diags_format(&d, 0, &out);
	sf_diags_release(&d);
	return sf_buf_detach(&out);
}

static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	sf_buf b = SF_BUF_INIT;

	ck_assert_ptr_nonnull(at);
	sf_buf_put(&b, text, (size_t)(at - text));
	sf_buf_puts(&b, to);
	sf_buf_puts(&b, at + strlen(from));
	return sf_buf_detach(&b);
}

START_TEST(test_validate__generated_documents_are_valid)
{
	sf_buf docs[3] = {SF_BUF_INIT, SF_BUF_INIT, SF_BUF_INIT};
	sf_validator *val;
	int rc, i;
	char *msgs;

	fixture_docs(docs);
	ck_assert_int_eq(sf_validator_new(&val, NULL), 0);
	for (i = 0; i < 3; i++) {
		msgs = validate(val, docs[i].ptr, &rc);
		ck_assert_msg(rc == 0, "document %d: %s", i, msgs);
		ck_assert(strstr(msgs, "error") == NULL);
		free(msgs);
		sf_buf_release(&docs[i]);
	}
	sf_validator_free(val);
}
END_TEST

START_TEST(test_validate__schema_errors_have_lines)
{
	sf_buf docs[3] = {SF_BUF_INIT, SF_BUF_INIT, SF_BUF_INIT};
	sf_validator *val;
	char *bad, *msgs;
	int rc, i;

	fixture_docs(docs);
	ck_assert_int_eq(sf_validator_new(&val, NULL), 0);
	bad =
	    replace(docs[0].ptr, "severity=\"medium\"", "severity=\"severe\"");
	msgs = validate(val, bad, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(msgs, "doc.xml:") == msgs, "%s", msgs);
	ck_assert(strstr(
	    msgs,
	    ": error: schema: Element '{http://checklists.nist.gov/xccdf/1.2}Rule', attribute 'severity': [facet 'enumeration'] The value 'severe' is not an element of the set {'unknown', 'info', 'low', 'medium', 'high'}.\n"));
	free(msgs);
	free(bad);
	/* An OVAL test of the independent family is checked too. */
	bad = replace(docs[1].ptr, "check_existence=\"none_exist\"",
	              "check_existence=\"nothing\"");
	msgs = validate(val, bad, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(strstr(msgs, "attribute 'check_existence'"), "%s", msgs);
	free(msgs);
	free(bad);
	for (i = 0; i < 3; i++)
		sf_buf_release(&docs[i]);
	sf_validator_free(val);
}
END_TEST

START_TEST(test_validate__schematron_findings)
{
	sf_buf docs[3] = {SF_BUF_INIT, SF_BUF_INIT, SF_BUF_INIT};
	sf_validator *val;
	char *bad, *msgs;
	int rc, i;

	fixture_docs(docs);
	ck_assert_int_eq(sf_validator_new(&val, NULL), 0);
	/* SCAP 1.3 allows only four use cases. */
	bad = replace(docs[2].ptr, "use-case=\"CONFIGURATION\"",
	              "use-case=\"CONFIGURATIOM\"");
	msgs = validate(val, bad, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_msg(
	    strstr(
	        msgs,
	        "doc.xml: error: schematron: Error: SRC-324-1|scap:data-stream scap_mil.disa.stig_datastream_Test_STIG\n"),
	    "%s", msgs);
	free(msgs);
	free(bad);
	/* OVAL 5.11.3 is an accepted deviation, an error when strict. */
	msgs = validate(val, docs[2].ptr, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert(strstr(
	    msgs,
	    "doc.xml: warning: schematron: SRC-216-1 (accepted: OVAL 5.11.3 is required by ind:yamlfilecontent_test; SCAP 1.3 names OVAL 5.11.2)\n"));
	free(msgs);
	sf_validator_set_strict(val, 1);
	msgs = validate(val, docs[2].ptr, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert(
	    strstr(msgs, "doc.xml: error: schematron: Error: SRC-216-1\n"));
	free(msgs);
	for (i = 0; i < 3; i++)
		sf_buf_release(&docs[i]);
	sf_validator_free(val);
}
END_TEST

START_TEST(test_validate__malformed_and_unknown_documents)
{
	sf_validator *val;
	char *msgs;
	int rc;

	ck_assert_int_eq(sf_validator_new(&val, NULL), 0);
	msgs = validate(val, "<a>\n<b></a>\n", &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(
	    msgs,
	    "doc.xml:2:8: error: malformed XML: Opening and ending tag mismatch: b line 2 and a\n"
	    "doc.xml:3:1: error: malformed XML: Premature end of data in tag a line 1\n");
	free(msgs);
	msgs = validate(val, "<html><body>502</body></html>", &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(
	    msgs,
	    "doc.xml: error: not an XCCDF, OVAL, data stream or ARF document (root element 'html')\n");
	free(msgs);
	sf_validator_free(val);
}
END_TEST

START_TEST(test_validate__missing_schema_folder)
{
	sf_validator *val = NULL;

	ck_assert_int_eq(sf_validator_new(&val, "/nonexistent/schemas"), -1);
	ck_assert_ptr_null(val);
	ck_assert_str_eq(
	    sf_error_last(),
	    "cannot find the official SCAP schemas in '/nonexistent/schemas': install Debian's openscap-common or set SCAPFORGE_SCHEMA_DIR");
}
END_TEST

static Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_validate__generated_documents_are_valid);
	tcase_add_test(tc, test_validate__schema_errors_have_lines);
	tcase_add_test(tc, test_validate__schematron_findings);
	tcase_add_test(tc, test_validate__malformed_and_unknown_documents);
	tcase_add_test(tc, test_validate__missing_schema_folder);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(validate_suite());
}
