/* Suite for src/eval/entity: OVAL entity comparisons. */
#include <string.h>

#include "eval/entity.h"
#include "testutil.h"

#define T SF_OVAL_TRUE
#define F SF_OVAL_FALSE
#define E SF_OVAL_ERROR

static sf_oval_result cmp(const char *dt, const char *op, const char *c,
                          const char *e)
{
	return sf_entity_compare(sf_datatype_parse(dt), sf_operation_parse(op),
	                         c, e);
}

START_TEST(test_eval_entity__strings)
{
	ck_assert_int_eq(cmp(NULL, NULL, "host", "host"), T);
	ck_assert_int_eq(cmp("string", "equals", "HOST", "host"), F);
	ck_assert_int_eq(cmp("string", "not equal", "", "host"), T);
	ck_assert_int_eq(cmp("string", "not equal", NULL, "host"), T);
	ck_assert_int_eq(cmp("string", "not equal", "host", "host"), F);
	ck_assert_int_eq(
	    cmp("string", "case insensitive equals", "HoSt", "host"), T);
	ck_assert_int_eq(
	    cmp("string", "case insensitive not equal", "HoSt", "host"), F);
	ck_assert_int_eq(cmp("string", "pattern match", "container:abc",
	                     "^container:[a-f]+$"),
	                 T);
	ck_assert_int_eq(cmp("string", "pattern match", "host", "^container:"),
	                 F);
	ck_assert_int_eq(cmp("string", "pattern match", "x", "("), E);
	ck_assert_int_eq(cmp("string", "greater than", "b", "a"), E);
	ck_assert_int_eq(cmp("string", "bitwise and", "1", "1"), E);
}
END_TEST

START_TEST(test_eval_entity__numbers_and_booleans)
{
	ck_assert_int_eq(cmp("int", "equals", "10", "10"), T);
	ck_assert_int_eq(cmp("int", "greater than", "10", "9"), T);
	ck_assert_int_eq(cmp("int", "less than or equal", "10", "9"), F);
	ck_assert_int_eq(cmp("int", "greater than or equal", "-1", "-1"), T);
	ck_assert_int_eq(cmp("int", "equals", "ten", "10"), E);
	ck_assert_int_eq(cmp("int", "equals", "", "0"), E);
	ck_assert_int_eq(cmp("float", "less than", "1.5", "2"), T);
	ck_assert_int_eq(cmp("float", "equals", "x", "2"), E);
	ck_assert_int_eq(cmp("boolean", "equals", "1", "true"), T);
	ck_assert_int_eq(cmp("boolean", "equals", "false", "0"), T);
	ck_assert_int_eq(cmp("boolean", "not equal", "true", "false"), T);
	ck_assert_int_eq(cmp("boolean", "equals", "yes", "true"), E);
	ck_assert_int_eq(cmp("boolean", "greater than", "1", "0"), E);
	ck_assert_int_eq(cmp("version", "equals", "1", "1"), E);
}
END_TEST

START_TEST(test_eval_entity__regex_search)
{
	const char *s = "  \n [ {\"a\": 1} ]";
	size_t b, e;

	ck_assert_int_eq(
	    sf_regex_search("\\A\\s*\\[", 0, s, strlen(s), 0, &b, &e), 1);
	ck_assert_uint_eq(b, 0);
	ck_assert_uint_eq(e, 5);
	ck_assert_int_eq(sf_regex_search("\\A\\s*\\[", 0, "x[", 2, 0, &b, &e),
	                 0);
	ck_assert_int_eq(sf_regex_search("^\\[", 0, "x\n[", 3, 0, &b, &e), 0);
	ck_assert_int_eq(
	    sf_regex_search("^\\[", SF_RE_MULTILINE, "x\n[", 3, 0, &b, &e), 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_int_eq(sf_regex_search("A.B", 0, "a\nb", 3, 0, &b, &e), 0);
	ck_assert_int_eq(sf_regex_search("A.B", SF_RE_DOTALL | SF_RE_CASELESS,
	                                 "a\nb", 3, 0, &b, &e),
	                 1);
	/* invalid UTF-8 in the subject does not stop the search */
	ck_assert_int_eq(
	    sf_regex_search("host", 0, "\xff\xfehost", 6, 0, &b, &e), 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_int_eq(sf_regex_search("[", 0, "x", 1, 0, &b, &e), -1);
}
END_TEST

static Suite *entity_suite(void)
{
	Suite *s = suite_create("entity");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_eval_entity__strings);
	tcase_add_test(tc, test_eval_entity__numbers_and_booleans);
	tcase_add_test(tc, test_eval_entity__regex_search);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(entity_suite());
}
