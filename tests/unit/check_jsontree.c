/* Suite for src/util/jsontree: JSON read into a tree that knows where
 * each value stands in the text, strings decoded, and exact diagnostics
 * (line, byte column) for what is not JSON. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/error.h"
#include "util/jsontree.h"

static sf_jtree *parse_ok(const char *text)
{
	sf_jtree *t = NULL;

	ck_assert_msg(sf_jtree_parse(&t, "in.cklb", text, strlen(text)) == 0,
	              "%s", sf_error_last());
	return t;
}

/* The text of the value v stands for. */
static char *span_of(const char *text, const sf_jtree *v)
{
	ck_assert_ptr_nonnull(v);
	return strndup(text + v->start, v->end - v->start);
}

static void expect_error(const char *text, const char *want)
{
	sf_jtree *t = (sf_jtree *)1;

	ck_assert_int_eq(sf_jtree_parse(&t, "in.cklb", text, strlen(text)), -1);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(sf_error_last(), want);
}

START_TEST(test_jsontree__spans_and_values)
{
	static const char text[] =
	    "\xEF\xBB\xBF{\"stigs\": [{\"rules\": [ {\"status\" :\t\"open\","
	    "\n \"finding_details\": \"a\\nb \\u00e9 \\ud83d\\ude00\"} ]}],"
	    " \"n\": -1.5e+3, \"t\": true, \"z\": null, \"o\": {}}";
	sf_jtree *t = parse_ok(text);
	const sf_jtree *stigs = sf_jtree_get(t, "stigs"), *rule;
	char *s;

	ck_assert_int_eq(t->kind, SF_JTREE_OBJECT);
	ck_assert_uint_eq(t->start, 3); /* past the byte order mark */
	ck_assert_uint_eq(t->end, strlen(text));
	ck_assert_int_eq(stigs->kind, SF_JTREE_ARRAY);
	rule = &sf_jtree_get(&stigs->kids[0], "rules")->kids[0];
	s = span_of(text, sf_jtree_get(rule, "status"));
	ck_assert_str_eq(s, "\"open\"");
	free(s);
	s = span_of(text, sf_jtree_get(rule, "finding_details"));
	ck_assert_str_eq(s, "\"a\\nb \\u00e9 \\ud83d\\ude00\"");
	free(s);
	ck_assert_str_eq(sf_jtree_str(rule, "finding_details"),
	                 "a\nb \xC3\xA9 \xF0\x9F\x98\x80");
	s = span_of(text, sf_jtree_get(t, "n"));
	ck_assert_str_eq(s, "-1.5e+3");
	free(s);
	ck_assert_int_eq(sf_jtree_get(t, "t")->kind, SF_JTREE_TRUE);
	ck_assert_int_eq(sf_jtree_get(t, "z")->kind, SF_JTREE_NULL);
	ck_assert_uint_eq(sf_jtree_get(t, "o")->n, 0);
	ck_assert_ptr_null(sf_jtree_get(t, "missing"));
	ck_assert_ptr_null(sf_jtree_str(t, "n"));
	ck_assert_ptr_null(sf_jtree_get(stigs, "rules")); /* not an object */
	sf_jtree_free(t);
}
END_TEST

START_TEST(test_jsontree__refuses_what_is_not_json)
{
	expect_error("", "'in.cklb' is not JSON: the text ends where a value "
	                 "should be at line 1, column 1");
	expect_error("{\"a\": 1,\n \"a\": 2}",
	             "'in.cklb' is not JSON: a name given twice in one "
	             "object at line 2, column 2");
	expect_error("{\"a\": [1, 2,]}", "'in.cklb' is not JSON: an "
	                                 "unexpected character at line 1, "
	                                 "column 13");
	expect_error("{\"a\": 1} x", "'in.cklb' is not JSON: more text "
	                             "after the value at line 1, column 10");
	expect_error("{a: 1}", "'in.cklb' is not JSON: a member without a "
	                       "quoted name at line 1, column 2");
	expect_error("[\"tab\there\"]", "'in.cklb' is not JSON: a control "
	                                "character in a string at line 1, "
	                                "column 6");
	expect_error("[\"\\x\"]",
	             "'in.cklb' is not JSON: an unknown escape at line 1, "
	             "column 3");
	expect_error("[\"\\ud83d\"]", "'in.cklb' is not JSON: a high "
	                              "surrogate without its pair at line 1, "
	                              "column 3");
	expect_error("[01]", "'in.cklb' is not JSON: a malformed number at "
	                     "line 1, column 2");
	expect_error("{\"a\" 1}", "'in.cklb' is not JSON: a name without ':' "
	                          "at line 1, column 6");
	expect_error("[\"open", "'in.cklb' is not JSON: a string that does "
	                        "not end at line 1, column 2");
}
END_TEST

START_TEST(test_jsontree__nesting_is_bounded)
{
	size_t n = SF_JTREE_MAX_DEPTH + 1, i;
	char *deep = malloc(2 * n + 1);

	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[n + i] = ']';
	}
	deep[2 * n] = '\0';
	expect_error(deep, "'in.cklb' is not JSON: nesting too deep at line "
	                   "1, column 513");
	deep[n - 1] = ' ';
	deep[n] = ' ';
	sf_jtree_free(parse_ok(deep));
	free(deep);
}
END_TEST

static Suite *jsontree_suite(void)
{
	Suite *s = suite_create("jsontree");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_jsontree__spans_and_values);
	tcase_add_test(tc, test_jsontree__refuses_what_is_not_json);
	tcase_add_test(tc, test_jsontree__nesting_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(jsontree_suite());
}
