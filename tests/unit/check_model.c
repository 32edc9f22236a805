/* Suite for src/model: look-ups over the benchmark. */
#include <stdlib.h>
#include <string.h>

#include "load/rules.h"
#include "model/model.h"
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

START_TEST(test_model__lookups)
{
	sf_benchmark *b = fixture();

	ck_assert_str_eq(sf_benchmark_release(b, "V1R1")->release_info,
	                 "Release: 1 Benchmark Date: 19 Jul 2019");
	ck_assert_ptr_null(sf_benchmark_release(b, "V2R1"));
	ck_assert_int_eq(
	    sf_benchmark_value(b, "ipc_shareable_is_finding")->type,
	    SF_VALUE_BOOLEAN);
	ck_assert_ptr_null(sf_benchmark_value(b, "nothing"));
	ck_assert_str_eq(sf_rule_ids_for(&b->rules[0], "V2R2")->fix_id,
	                 "F-38966r627478_fix");
	ck_assert_ptr_null(sf_rule_ids_for(&b->rules[0], "V2R1"));
	ck_assert_str_eq(sf_value_type_name(SF_VALUE_STRING), "string");
	ck_assert_str_eq(sf_value_type_name(SF_VALUE_BOOLEAN), "boolean");
	ck_assert_str_eq(sf_value_type_name(SF_VALUE_NUMBER), "number");
	sf_benchmark_free(b);
	sf_benchmark_free(NULL);
}
END_TEST

START_TEST(test_model__rule_number)
{
	sf_rule r;

	memset(&r, 0, sizeof(r));
	r.stig_id = "DKER-EE-001240";
	ck_assert_uint_eq(sf_rule_number(&r), 1240);
	r.stig_id = "RHEL-08-010020";
	ck_assert_uint_eq(sf_rule_number(&r), 10020);
	r.stig_id = "NODASH";
	ck_assert_uint_eq(sf_rule_number(&r), 0);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_model__lookups);
	tcase_add_test(tc, test_model__rule_number);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(model_suite());
}
