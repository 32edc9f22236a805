/* Suite for src/eval/result: the OVAL 5.11 truth tables. */
#include "eval/result.h"
#include "testutil.h"

/* A tally from counts of true, false, error, unknown, not evaluated,
 * not applicable. */
static sf_oval_tally tally(size_t t, size_t f, size_t e, size_t u, size_t ne,
                           size_t na)
{
	sf_oval_tally x = {{t, f, e, u, ne, na}};

	return x;
}

#define T SF_OVAL_TRUE
#define F SF_OVAL_FALSE
#define E SF_OVAL_ERROR
#define U SF_OVAL_UNKNOWN
#define NE SF_OVAL_NOT_EVALUATED
#define NA SF_OVAL_NOT_APPLICABLE

START_TEST(test_eval_result__and_or)
{
	sf_oval_tally x;

	x = tally(2, 0, 0, 0, 0, 1);
	ck_assert_int_eq(sf_oval_combine(SF_OP_AND, &x), T);
	x = tally(2, 1, 1, 1, 1, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_AND, &x), F);
	x = tally(2, 0, 1, 1, 1, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_AND, &x), E);
	x = tally(2, 0, 0, 1, 1, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_AND, &x), U);
	x = tally(2, 0, 0, 0, 1, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_AND, &x), NE);
	x = tally(0, 0, 0, 0, 0, 3);
	ck_assert_int_eq(sf_oval_combine(SF_OP_AND, &x), NA);
	ck_assert_int_eq(sf_oval_combine(SF_OP_OR, &x), NA);
	x = tally(1, 3, 1, 1, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_OR, &x), T);
	x = tally(0, 3, 0, 0, 0, 2);
	ck_assert_int_eq(sf_oval_combine(SF_OP_OR, &x), F);
	x = tally(0, 3, 1, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_OR, &x), E);
	x = tally(0, 3, 0, 2, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_OR, &x), U);
}
END_TEST

START_TEST(test_eval_result__one_xor_none)
{
	sf_oval_tally x;

	x = tally(1, 2, 0, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_ONE, &x), T);
	x = tally(2, 0, 1, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_ONE, &x), F);
	x = tally(0, 2, 0, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_ONE, &x), F);
	x = tally(1, 0, 0, 1, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_ONE, &x), U);
	x = tally(3, 1, 0, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_XOR, &x), T);
	x = tally(2, 1, 0, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_XOR, &x), F);
	x = tally(0, 1, 0, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_XOR, &x), F);
	x = tally(1, 0, 1, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_XOR, &x), E);
	x = tally(0, 2, 0, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_NONE, &x), T);
	x = tally(1, 2, 1, 0, 0, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_NONE, &x), F);
	x = tally(0, 2, 0, 0, 1, 0);
	ck_assert_int_eq(sf_oval_combine(SF_OP_NONE, &x), NE);
	ck_assert_int_eq(sf_oval_negate(T), F);
	ck_assert_int_eq(sf_oval_negate(F), T);
	ck_assert_int_eq(sf_oval_negate(E), E);
	ck_assert_int_eq(sf_oval_negate(NA), NA);
}
END_TEST

START_TEST(test_eval_result__existence)
{
	/* counts: exists, does not exist, error, not collected */
	const size_t none[4] = {0, 0, 0, 0}, one[4] = {1, 0, 0, 0},
	             two[4] = {2, 0, 0, 0}, dne[4] = {1, 1, 0, 0},
	             err[4] = {0, 0, 1, 0}, exerr[4] = {1, 0, 1, 0},
	             nc[4] = {0, 0, 0, 1};

	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ALL, one), T);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ALL, none), F);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ALL, dne), F);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ALL, exerr), E);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ANY, none), T);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ANY, err), E);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ANY, exerr), T);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_AT_LEAST_ONE, none), F);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_AT_LEAST_ONE, exerr), T);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_AT_LEAST_ONE, nc), U);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_NONE, none), T);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_NONE, one), F);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_NONE, err), E);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ONLY_ONE, one), T);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ONLY_ONE, two), F);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ONLY_ONE, none), F);
	ck_assert_int_eq(sf_oval_existence(SF_EXIST_ONLY_ONE, exerr), E);
}
END_TEST

START_TEST(test_eval_result__names_and_parsing)
{
	ck_assert_str_eq(sf_oval_result_name(NE), "not evaluated");
	ck_assert_int_eq(sf_oval_operator_parse("XOR", 0), SF_OP_XOR);
	ck_assert_int_eq(sf_oval_operator_parse("xor", 0), -1);
	ck_assert_int_eq(sf_oval_operator_parse("none satisfy", 1), SF_OP_NONE);
	ck_assert_int_eq(sf_oval_operator_parse("at least one", 1), SF_OP_OR);
	ck_assert_int_eq(sf_oval_operator_parse("all", 0), -1);
	ck_assert_int_eq(sf_existence_parse("only_one_exists"),
	                 SF_EXIST_ONLY_ONE);
	ck_assert_int_eq(sf_existence_parse("some_exist"), -1);
}
END_TEST

static Suite *result_suite(void)
{
	Suite *s = suite_create("result");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_eval_result__and_or);
	tcase_add_test(tc, test_eval_result__one_xor_none);
	tcase_add_test(tc, test_eval_result__existence);
	tcase_add_test(tc, test_eval_result__names_and_parsing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(result_suite());
}
