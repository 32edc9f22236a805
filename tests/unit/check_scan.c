/* Suite for src/scan: reading a data stream and scanning evidence. */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "load/rules.h"
#include "scan/scan.h"
#include "testutil.h"
#include "util/error.h"
#include "util/fsio.h"

static char *dir;

static char *fixture_ds(void)
{
	return sf_test_fixture_ds(&dir);
}

/* Scans evidence text; returns "result:offender names;..." per rule. */
static char *scan(const char *evidence, const char *const *sets, size_t nsets,
                  const char *const *rules, size_t nrules, int *rc)
{
	char *ds = fixture_ds(), *in, *out;
	sf_content *c;
	sf_scan *s = NULL;
	sf_scan_opts o;
	sf_buf b = SF_BUF_INIT;
	size_t i, j;

	ck_assert_int_eq(sf_content_load(&c, ds), 0);
	sf_test_write(dir, "in.json", evidence);
	in = sf_path_join(dir, "in.json");
	out = sf_path_join(dir, "evidence.json");
	memset(&o, 0, sizeof(o));
	o.evidence_in = in;
	o.evidence_out = out;
	o.set_values = sets;
	o.nset_values = nsets;
	o.rules = rules;
	o.nrules = nrules;
	*rc = sf_scan_run(&s, c, &o);
	for (i = 0; s && i < s->noutcomes; i++) {
		sf_buf_printf(&b, "%s%s:%s", i ? ";" : "",
		              s->outcomes[i].rule->version,
		              sf_xccdf_result_name(s->outcomes[i].result));
		for (j = 0; j < s->outcomes[i].noffenders; j++)
			sf_buf_printf(
			    &b, "%s%s", j ? "," : " ",
			    s->evidence
			        .assessed[s->outcomes[i].offenders[j].container]
			        .name);
	}
	for (i = 0; s && i < s->evidence.nexcluded; i++)
		sf_buf_printf(&b, ";excluded %s", s->evidence.excluded[i].name);
	if (*rc < 0)
		sf_buf_printf(&b, "error: %s", sf_error_last());
	sf_scan_free(s);
	sf_content_free(c);
	free(in);
	free(out);
	free(ds);
	free(dir);
	return sf_buf_detach(&b);
}

#define C(name, pid, ipc)                                                      \
	"{\"Id\": \"id-" name "\", \"Name\": \"/" name "\", "                  \
	"\"HostConfig\": {\"PidMode\": \"" pid "\", \"IpcMode\": \"" ipc       \
	"\"}}"

static void expect(const char *evidence, const char *const *sets, size_t n,
                   const char *want)
{
	int rc;
	char *got = scan(evidence, sets, n, NULL, 0, &rc);

	ck_assert_str_eq(got, want);
	ck_assert_int_eq(rc, 0);
	free(got);
}

START_TEST(test_scan__content_is_read)
{
	char *ds = fixture_ds();
	sf_content *c;

	ck_assert_int_eq(sf_content_load(&c, ds), 0);
	ck_assert_uint_eq(c->nrules, 2);
	ck_assert_str_eq(c->rules[0].version, "DKER-EE-001240");
	ck_assert_str_eq(c->rules[0].oval_def, "oval:scapforge.test:def:1240");
	ck_assert_uint_eq(c->rules[1].nexports, 2);
	ck_assert_uint_eq(c->nvalues, 3);
	ck_assert_str_eq(c->values[0].role, "evidence-path");
	ck_assert_str_eq(c->values[1].role, "exclusion-pattern");
	ck_assert_ptr_null(c->values[2].role);
	ck_assert_ptr_nonnull(c->oval);
	ck_assert_ptr_nonnull(sf_content_profile(c, NULL));
	ck_assert_ptr_null(sf_content_profile(c, "xccdf_x_profile_none"));
	sf_content_free(c);
	free(ds);
	free(dir);
	ck_assert_int_eq(sf_content_load(&c, "/nonexistent/ds.xml"), -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "cannot read the data stream '/nonexistent/ds.xml' (missing or not XML)");
}
END_TEST

START_TEST(test_scan__verdicts_and_offenders)
{
	static const char *const literal[] = {"ipc_shareable_is_finding=true"};
	static const char *const full[] = {
	    "xccdf_mil.disa.stig_value_ipc_shareable_is_finding=true"};
	static const char *const keep_all[] = {"container_exclusion_pattern="};

	expect("[]", NULL, 0, "DKER-EE-001240:pass;DKER-EE-001250:pass");
	expect(
	    "[" C("web", "", "shareable") "," C("dbg", "host", "private") "," C(
	        "ipc", "", "host") "," C("both", "host", "host") "]",
	    NULL, 0,
	    "DKER-EE-001240:fail dbg,both;DKER-EE-001250:fail ipc,both");
	expect("[" C("web", "", "shareable") "]", literal, 1,
	       "DKER-EE-001240:pass;DKER-EE-001250:fail web");
	expect("[" C("web", "", "shareable") "]", full, 1,
	       "DKER-EE-001240:pass;DKER-EE-001250:fail web");
	/* DISA's exclusion leaves the ucp container out, and says so */
	expect("[" C("ucp-agent", "host", "host") "," C("web", "", "") "]",
	       NULL, 0,
	       "DKER-EE-001240:pass;DKER-EE-001250:pass;excluded ucp-agent");
	expect("[" C("ucp-agent", "host", "host") "," C("web", "", "") "]",
	       keep_all, 1,
	       "DKER-EE-001240:fail ucp-agent;DKER-EE-001250:fail ucp-agent");
	/* a single object, as the Engine API gives it */
	expect(C("solo", "host", ""), NULL, 0,
	       "DKER-EE-001240:fail solo;DKER-EE-001250:pass");
}
END_TEST

START_TEST(test_scan__selection_and_errors)
{
	static const char *const stig[] = {"DKER-EE-001250"};
	static const char *const rule_id[] = {"SV-235784r960804_rule"};
	static const char *const nothing[] = {"DKER-EE-009999"};
	static const char *const bad_value[] = {"colour=red"};
	static const char *const no_eq[] = {"ipc_shareable_is_finding"};
	int rc;
	char *got;

	got = scan("[]", NULL, 0, stig, 1, &rc);
	ck_assert_str_eq(got, "DKER-EE-001250:pass");
	free(got);
	got = scan("[]", NULL, 0, rule_id, 1, &rc);
	ck_assert_str_eq(got, "DKER-EE-001240:pass");
	free(got);
	got = scan("[]", NULL, 0, nothing, 1, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(
	    got,
	    "error: some of the rules named are not in profile 'xccdf_mil.disa.stig_profile_MAC-1_Classified'");
	free(got);
	got = scan("[]", bad_value, 1, NULL, 0, &rc);
	ck_assert_str_eq(got, "error: the benchmark has no Value 'colour'");
	free(got);
	got = scan("[]", no_eq, 1, NULL, 0, &rc);
	ck_assert_str_eq(
	    got,
	    "error: --set-value needs ID=VALUE, not 'ipc_shareable_is_finding'");
	free(got);
	got = scan("[{\"Name\": \"x\"}]", NULL, 0, NULL, 0, &rc);
	ck_assert_int_eq(rc, -1);
	ck_assert(strstr(got, "has no Id: not docker inspect output"));
	free(got);
}
END_TEST

static Suite *scan_suite(void)
{
	Suite *s = suite_create("scan");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scan__content_is_read);
	tcase_add_test(tc, test_scan__verdicts_and_offenders);
	tcase_add_test(tc, test_scan__selection_and_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(scan_suite());
}
