/* Suite for src/load/rules and src/load/schema: loading a rules folder,
 * and the exact diagnostic for every kind of bad input. */
#include <stdlib.h>
#include <string.h>

#include "load/rules.h"
#include "testutil.h"
#include "util/fsio.h"

/* Loads dir; returns the sorted diagnostics with dir shown as "rules". */
static char *load(const char *dir, int *rc, sf_benchmark **out)
{
	sf_diags d;
	sf_buf raw = SF_BUF_INIT, msgs = SF_BUF_INIT;
	sf_benchmark *b = NULL;
	const char *p, *hit;
	size_t n = strlen(dir);

	sf_diags_init(&d);
	*rc = sf_rules_load(&b, dir, &d);
	sf_diags_sort(&d);
	sf_diags_format(&d, 0, &raw);
	for (p = sf_buf_cstr(&raw); (hit = strstr(p, dir)); p = hit + n) {
		sf_buf_put(&msgs, p, (size_t)(hit - p));
		sf_buf_puts(&msgs, "rules");
	}
	sf_buf_puts(&msgs, p);
	sf_buf_release(&raw);
	sf_diags_release(&d);
	if (out)
		*out = b;
	else
		sf_benchmark_free(b);
	return sf_buf_detach(&msgs);
}

static void expect_diags(const char *dir, const char *expected)
{
	int rc;
	char *msgs = load(dir, &rc, NULL);

	ck_assert_str_eq(msgs, expected);
	ck_assert_int_eq(rc, -1);
	free(msgs);
}

START_TEST(test_load_rules__fixture_loads)
{
	char *dir = sf_test_fixture_rules(), *msgs;
	sf_benchmark *b;
	const sf_rule *r;
	int rc;

	msgs = load(dir, &rc, &b);
	ck_assert_str_eq(msgs, "");
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(b->nrules, 2);
	ck_assert_uint_eq(b->nreleases, 2);
	ck_assert_uint_eq(b->nvalues, 4);
	ck_assert_str_eq(b->default_release, "V2R2");
	ck_assert_str_eq(sf_benchmark_release(b, "V1R1")->description,
	                 "Test STIG, release V1R1.");
	r = &b->rules[1];
	ck_assert_str_eq(r->stig_id, "DKER-EE-001250");
	ck_assert_str_eq(r->weight, "10.0");
	ck_assert_str_eq(r->check.field, "HostConfig.IpcMode");
	ck_assert_uint_eq(r->check.nfindings, 2);
	ck_assert_str_eq(r->check.findings[1].equals, "shareable");
	ck_assert_str_eq(r->check.findings[1].when, "ipc_shareable_is_finding");
	ck_assert_ptr_null(r->check.findings[0].when);
	ck_assert_str_eq(sf_rule_ids_for(r, "V1R1")->rule_id,
	                 "SV-104741r2_rule");
	ck_assert_uint_eq(sf_rule_ids_for(r, "V2R2")->nlegacy_ids, 2);
	ck_assert_uint_eq(sf_rule_number(r), 1250);
	ck_assert_int_eq(b->values[2].type, SF_VALUE_BOOLEAN);
	ck_assert_str_eq(b->values[1].selectors[0].value, "");
	sf_benchmark_free(b);
	free(msgs);
	free(dir);
}
END_TEST

START_TEST(test_load_rules__real_rules_load)
{
	char *dir = sf_path_join(SF_SOURCE_DIR, "rules"), *msgs;
	sf_benchmark *b;
	int rc;

	msgs = load(dir, &rc, &b);
	ck_assert_str_eq(msgs, "");
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(b->nrules, 2);
	ck_assert_uint_eq(b->nreleases, 3);
	ck_assert_uint_eq(b->nprofiles, 9);
	ck_assert_str_eq(b->rules[0].stig_id, "DKER-EE-001240");
	ck_assert_str_eq(sf_rule_ids_for(&b->rules[0], "V1R1")->vuln_id,
	                 "V-95601");
	ck_assert_str_eq(sf_rule_ids_for(&b->rules[1], "V2R1")->rule_id,
	                 "SV-235785r627482_rule");
	/* SC-39 only where the Tenable audit item names it: 001250. */
	ck_assert_uint_eq(b->rules[0].nnist, 1);
	ck_assert_str_eq(b->rules[0].nist[0].control, "AC-4");
	ck_assert_str_eq(b->rules[0].nist[0].source,
	                 "DISA CCI list (CCI-001414)");
	ck_assert_uint_eq(b->rules[1].nnist, 2);
	ck_assert_str_eq(b->rules[1].nist[0].control, "AC-4");
	ck_assert_str_eq(b->rules[1].nist[1].control, "SC-39");
	ck_assert_str_eq(b->rules[1].nist[1].source,
	                 "Tenable audit item for this STIG ID (800-53|SC-39)");
	/* DISA changed DoD to DOD in V2R2's description. */
	ck_assert(strstr(sf_benchmark_release(b, "V2R1")->description,
	                 "Department of Defense (DoD) information systems."));
	ck_assert(strstr(sf_benchmark_release(b, "V2R2")->description,
	                 "Department of Defense (DOD) information systems."));
	ck_assert_str_eq(b->profiles[8].description,
	                 "<ProfileDescription></ProfileDescription>");
	/* DISA's fix text of 001250 ends a line with a space: kept intact. */
	ck_assert(strstr(b->rules[1].fix_text, "--ipc=host argument. \n"));
	sf_benchmark_free(b);
	free(msgs);
	free(dir);
}
END_TEST

START_TEST(test_load_rules__unknown_key)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml", "fix_text:", "fix_txt:");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:1:1: error: missing required key 'fix_text'\n"
	    "rules/DKER-EE-001240.yml:14:1: error: unknown key 'fix_txt' (did you mean 'fix_text'?)\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__unknown_nested_key)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml",
	             "  exclude:", "  color: red\n  exclude:");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:32:3: error: unknown key 'color' in 'check'\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__missing_required_key)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001250.yml", "srg: SRG-APP-000039\n", "");
	sf_test_edit(dir, "DKER-EE-001250.yml",
	             "    fix_id: F-38967r627481_fix\n", "");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001250.yml:1:1: error: missing required key 'srg'\n"
	    "rules/DKER-EE-001250.yml:23:5: error: missing required key 'fix_id' in 'V2R2'\n");
	free(dir);
}
END_TEST

/* The Benchmark description is DISA's per release, not one for all. */
START_TEST(test_load_rules__description_per_release)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "benchmark.yml",
	             "    description: Test STIG, release V1R1.\n", "");
	sf_test_edit(dir, "benchmark.yml", "title: Test STIG\n",
	             "title: Test STIG\ndescription: One for all.\n");
	expect_diags(dir,
	             "rules/benchmark.yml:3:1: error: unknown key 'description'\n"
	             "rules/benchmark.yml:13:5: error: missing required key 'description' in 'V1R1'\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__wrong_types)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml", "weight: 10.0",
	             "weight: heavy");
	sf_test_edit(dir, "DKER-EE-001240.yml", "cci: [CCI-001414]",
	             "cci: CCI-001414");
	sf_test_edit(dir, "DKER-EE-001240.yml", "documentable: false",
	             "documentable: 'no'");
	sf_test_edit(dir, "DKER-EE-001240.yml", "title: PID",
	             "title:\n  - PID");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:3:3: error: 'title' must be a string, not a list\n"
	    "rules/DKER-EE-001240.yml:5:9: error: 'weight' must be a number, not a string\n"
	    "rules/DKER-EE-001240.yml:7:6: error: 'cci' must be a list, not a string\n"
	    "rules/DKER-EE-001240.yml:12:15: error: 'documentable' must be a boolean, not a string\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__duplicate_key)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml", "severity: medium",
	             "severity: medium\ntitle: Again");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:4:1: error: duplicate key 'title' (first defined at line 2, column 1)\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__malformed_yaml)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml", "cci: [CCI-001414]",
	             "cci: [CCI-001414");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:7:5: error: malformed YAML: did not find expected ',' or ']' while parsing a flow sequence (line 6, column 6)\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__rule_id_in_wrong_format)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml",
	             "rule_id: SV-235784r960804_rule",
	             "rule_id: SV-235784-r960804");
	sf_test_edit(dir, "DKER-EE-001240.yml", "stig_id: DKER-EE-001240",
	             "stig_id: DKER-EE-1240");
	sf_test_edit(dir, "DKER-EE-001250.yml", "vuln_id: V-95603",
	             "vuln_id: 95603");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:1:10: error: 'stig_id' is not a STIG ID such as DKER-EE-001240: 'DKER-EE-1240'\n"
	    "rules/DKER-EE-001240.yml:25:14: error: 'rule_id' is not a Rule ID such as SV-235784r960804_rule: 'SV-235784-r960804'\n"
	    "rules/DKER-EE-001250.yml:17:14: error: 'vuln_id' must be a string, not an integer (quote it)\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__two_rules_with_one_stig_id)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001250.yml", "stig_id: DKER-EE-001250",
	             "stig_id: DKER-EE-001240");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001250.yml:1:10: warning: file name does not match STIG ID 'DKER-EE-001240' (expected DKER-EE-001240.yml)\n"
	    "rules/DKER-EE-001250.yml:1:10: error: STIG ID 'DKER-EE-001240' is already defined in rules/DKER-EE-001240.yml:1:10\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__value_references)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001250.yml",
	             "when: ipc_shareable_is_finding", "when: ipc_sharable");
	sf_test_edit(dir, "DKER-EE-001250.yml", "evidence: docker_inspect_path",
	             "evidence: ipc_shareable_is_finding");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001250.yml:31:13: error: Value 'ipc_shareable_is_finding' in 'evidence' must be a string Value, not a boolean one\n"
	    "rules/DKER-EE-001250.yml:37:13: error: unknown Value 'ipc_sharable' in 'when' (benchmark.yml defines: docker_inspect_path, container_exclusion_pattern, ipc_shareable_is_finding, docker_data_root)\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__releases_must_match_benchmark)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "DKER-EE-001240.yml", "  V1R1:", "  V1R9:");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:15:1: error: missing identifiers for release 'V1R1' in 'releases'\n"
	    "rules/DKER-EE-001240.yml:16:3: error: release 'V1R9' is not defined in benchmark.yml\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__benchmark_problems)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "benchmark.yml", "default_release: V2R2",
	             "default_release: V3R1");
	sf_test_edit(dir, "benchmark.yml", "default: false", "default: maybe");
	sf_test_edit(dir, "benchmark.yml", "namespace: mil.disa.stig",
	             "namespace: mil_disa");
	expect_diags(
	    dir,
	    "rules/benchmark.yml:6:12: error: 'namespace' is not a reverse-DNS name such as mil.disa.stig: 'mil_disa'\n");
	sf_test_edit(dir, "benchmark.yml", "namespace: mil_disa",
	             "namespace: mil.disa.stig");
	expect_diags(
	    dir,
	    "rules/benchmark.yml:9:18: error: default release 'V3R1' is not one of 'releases'\n"
	    "rules/benchmark.yml:48:14: error: default of Value 'ipc_shareable_is_finding' must be a boolean, not 'maybe'\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__every_problem_of_every_file)
{
	char *dir = sf_test_fixture_rules();

	sf_test_edit(dir, "benchmark.yml", "title: Test STIG", "title: [");
	sf_test_edit(dir, "DKER-EE-001240.yml", "severity: medium",
	             "severity: meduim");
	sf_test_edit(dir, "DKER-EE-001240.yml", "weight: 10.0", "weight: -1");
	sf_test_edit(dir, "DKER-EE-001250.yml", "cci: [CCI-001414]", "cci: []");
	sf_test_write(dir, "empty.yml", "");
	sf_test_write(dir, "list.yml", "- a\n- b\n");
	expect_diags(
	    dir,
	    "rules/DKER-EE-001240.yml:3:11: error: 'severity' must be one of low, medium, high, not 'meduim'\n"
	    "rules/DKER-EE-001240.yml:4:9: error: 'weight' must be at least 0, not -1\n"
	    "rules/DKER-EE-001250.yml:6:6: error: 'cci' must have at least 1 item\n"
	    "rules/benchmark.yml:4:7: error: malformed YAML: did not find expected ',' or ']' while parsing a flow sequence (line 2, column 8)\n"
	    "rules/empty.yml:1:1: error: the file is empty: expected a mapping\n"
	    "rules/list.yml:1:1: error: the file must hold a mapping, not a list\n");
	free(dir);
}
END_TEST

START_TEST(test_load_rules__missing_folder_and_no_rules)
{
	char *dir = sf_test_tmpdir();

	/* load() shows the folder as "rules" */
	expect_diags(
	    "/nonexistent/rules",
	    "rules: error: cannot open the rules folder\n"
	    "rules/benchmark.yml: error: cannot open 'rules/benchmark.yml': No such file or directory\n");
	expect_diags(
	    dir,
	    "rules: error: no rule files (*.yml besides benchmark.yml)\n"
	    "rules/benchmark.yml: error: cannot open 'rules/benchmark.yml': No such file or directory\n");
	free(dir);
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_load_rules__fixture_loads);
	tcase_add_test(tc, test_load_rules__real_rules_load);
	tcase_add_test(tc, test_load_rules__unknown_key);
	tcase_add_test(tc, test_load_rules__unknown_nested_key);
	tcase_add_test(tc, test_load_rules__missing_required_key);
	tcase_add_test(tc, test_load_rules__description_per_release);
	tcase_add_test(tc, test_load_rules__wrong_types);
	tcase_add_test(tc, test_load_rules__duplicate_key);
	tcase_add_test(tc, test_load_rules__malformed_yaml);
	tcase_add_test(tc, test_load_rules__rule_id_in_wrong_format);
	tcase_add_test(tc, test_load_rules__two_rules_with_one_stig_id);
	tcase_add_test(tc, test_load_rules__value_references);
	tcase_add_test(tc, test_load_rules__releases_must_match_benchmark);
	tcase_add_test(tc, test_load_rules__benchmark_problems);
	tcase_add_test(tc, test_load_rules__every_problem_of_every_file);
	tcase_add_test(tc, test_load_rules__missing_folder_and_no_rules);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(rules_suite());
}
