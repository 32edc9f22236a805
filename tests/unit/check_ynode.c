/* Suite for src/load/ynode: the YAML tree, its positions and the
 * problems libyaml does not catch. */
#include <stdlib.h>
#include <string.h>

#include "load/ynode.h"
#include "testutil.h"

/* Parses text; returns the root and puts the rendered diagnostics in
 * *msgs (caller frees). */
static sf_ynode *parse(const char *text, int *rc, char **msgs)
{
	sf_diags d;
	sf_buf out = SF_BUF_INIT;
	sf_ynode *root = NULL;

	sf_diags_init(&d);
	*rc = sf_ynode_parse(&root, "t.yml", text, strlen(text), &d);
	sf_diags_format(&d, 0, &out);
	*msgs = sf_buf_detach(&out);
	sf_diags_release(&d);
	return root;
}

START_TEST(test_load_ynode__positions_are_one_based)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("a: 1\nb:\n  - x\n  - 'y'\n", &rc, &msgs);
	const sf_ynode *b;

	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_int_eq(root->kind, SF_YNODE_MAPPING);
	ck_assert_uint_eq(root->count, 2);
	ck_assert_uint_eq(root->keys[1]->line, 2);
	ck_assert_uint_eq(root->keys[1]->column, 1);
	b = sf_ynode_get(root, "b");
	ck_assert_int_eq(b->kind, SF_YNODE_SEQUENCE);
	ck_assert_uint_eq(b->items[1]->line, 4);
	ck_assert_uint_eq(b->items[1]->column, 5);
	ck_assert_int_eq(b->items[1]->quoted, 1);
	ck_assert_str_eq(sf_ynode_str(root, "a"), "1");
	ck_assert_ptr_null(sf_ynode_get(root, "c"));
	sf_ynode_free(root);
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__duplicate_keys_are_reported)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("a: 1\nb:\n  c: 2\n  c: 3\na: 4\n", &rc, &msgs);

	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(root);
	ck_assert_str_eq(
	    msgs,
	    "t.yml:4:3: error: duplicate key 'c' (first defined at line 3, column 3)\n"
	    "t.yml:5:1: error: duplicate key 'a' (first defined at line 1, column 1)\n");
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__malformed_yaml_has_position)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("a: 1\nb: [x, y\nc: 3\n", &rc, &msgs);

	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(root);
	ck_assert_str_eq(
	    msgs,
	    "t.yml:3:2: error: malformed YAML: did not find expected ',' or ']' while parsing a flow sequence (line 2, column 4)\n");
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__tab_indentation_is_malformed)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("a:\n\tb: 1\n", &rc, &msgs);

	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(root);
	ck_assert_str_eq(
	    msgs,
	    "t.yml:2:1: error: malformed YAML: found character that cannot start any token while scanning for the next token (line 2, column 1)\n");
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__aliases_and_documents_are_refused)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("a: &x 1\nb: *x\n", &rc, &msgs);

	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(root);
	ck_assert_str_eq(
	    msgs,
	    "t.yml:2:4: error: aliases ('*x') are not supported in rule files\n");
	free(msgs);
	root = parse("a: 1\n---\nb: 2\n", &rc, &msgs);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(
	    msgs,
	    "t.yml:2:1: error: a rule file must hold one YAML document, not several\n");
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__deep_nesting_is_refused)
{
	sf_buf text = SF_BUF_INIT;
	int rc, i;
	char *msgs;
	sf_ynode *root;

	for (i = 0; i < 100000; i++)
		sf_buf_putc(&text, '[');
	root = parse(text.ptr, &rc, &msgs);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(root);
	ck_assert_str_eq(msgs,
	                 "t.yml:1:65: error: nesting deeper than 64 levels\n");
	free(msgs);
	sf_buf_release(&text);
}
END_TEST

START_TEST(test_load_ynode__invalid_utf8_has_position)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("a: 1\nb: \xff\n", &rc, &msgs);

	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(root);
	ck_assert_str_eq(
	    msgs,
	    "t.yml:2:4: error: malformed YAML: invalid leading UTF-8 octet\n");
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__empty_document_is_null_root)
{
	int rc;
	char *msgs;
	sf_ynode *root = parse("# only a comment\n", &rc, &msgs);

	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(root);
	free(msgs);
}
END_TEST

START_TEST(test_load_ynode__scalars_are_classified)
{
	static const struct {
		const char *text;
		sf_yscalar_type type;
	} cases[] = {
	    {"v: abc", SF_YSCALAR_STRING},
	    {"v: 'true'", SF_YSCALAR_STRING},
	    {"v: true", SF_YSCALAR_BOOL},
	    {"v: False", SF_YSCALAR_BOOL},
	    {"v: 10", SF_YSCALAR_INT},
	    {"v: -3", SF_YSCALAR_INT},
	    {"v: 10.0", SF_YSCALAR_FLOAT},
	    {"v: 1e3", SF_YSCALAR_FLOAT},
	    {"v: ~", SF_YSCALAR_NULL},
	    {"v:", SF_YSCALAR_NULL},
	    {"v: \"10\"", SF_YSCALAR_STRING},
	    {"v: 2024-06-12", SF_YSCALAR_STRING},
	    {"v: yes", SF_YSCALAR_STRING},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		char *msgs;
		sf_ynode *root = parse(cases[i].text, &rc, &msgs);

		ck_assert_int_eq(rc, 0);
		ck_assert_msg(sf_yscalar_classify(sf_ynode_get(root, "v")) ==
		                  cases[i].type,
		              "case '%s'", cases[i].text);
		sf_ynode_free(root);
		free(msgs);
	}
}
END_TEST

static Suite *ynode_suite(void)
{
	Suite *s = suite_create("ynode");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_load_ynode__positions_are_one_based);
	tcase_add_test(tc, test_load_ynode__duplicate_keys_are_reported);
	tcase_add_test(tc, test_load_ynode__malformed_yaml_has_position);
	tcase_add_test(tc, test_load_ynode__tab_indentation_is_malformed);
	tcase_add_test(tc, test_load_ynode__aliases_and_documents_are_refused);
	tcase_add_test(tc, test_load_ynode__deep_nesting_is_refused);
	tcase_add_test(tc, test_load_ynode__invalid_utf8_has_position);
	tcase_add_test(tc, test_load_ynode__empty_document_is_null_root);
	tcase_add_test(tc, test_load_ynode__scalars_are_classified);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(ynode_suite());
}
