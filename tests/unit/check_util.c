/* Suite for src/util: strings, diagnostics, atomic file writing. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/json.h"

START_TEST(test_util_buf__grows_and_formats)
{
	sf_buf b = SF_BUF_INIT;
	int i;

	ck_assert_str_eq(sf_buf_cstr(&b), "");
	for (i = 0; i < 1000; i++)
		sf_buf_printf(&b, "%d,", i % 10);
	ck_assert_uint_eq(b.len, 2000);
	ck_assert_int_eq(b.ptr[b.len], '\0');
	ck_assert(strncmp(b.ptr, "0,1,2,", 6) == 0);
	sf_buf_clear(&b);
	ck_assert_str_eq(sf_buf_cstr(&b), "");
	sf_buf_release(&b);
}
END_TEST

START_TEST(test_util_buf__detach_of_empty_is_empty_string)
{
	sf_buf b = SF_BUF_INIT;
	char *s;

	sf_buf_grow(&b, 10);
	s = sf_buf_detach(&b);
	ck_assert_str_eq(s, "");
	ck_assert_ptr_null(b.ptr);
	free(s);
}
END_TEST

START_TEST(test_util_diag__formats_sorted_with_caret)
{
	const char *src = "a: 1\n\tb: [\n";
	sf_diags d;
	sf_buf out = SF_BUF_INIT;

	sf_diags_init(&d);
	sf_diags_add_source(&d, "x.yml", src, strlen(src));
	sf_diags_add(&d, SF_SEV_ERROR, "x.yml", 2, 5, "second %s", "one");
	sf_diags_add(&d, SF_SEV_WARNING, "x.yml", 1, 4, "first");
	sf_diags_add(&d, SF_SEV_ERROR, "a.yml", 0, 0, "whole file");
	ck_assert_uint_eq(d.errors, 2);
	sf_diags_sort(&d);
	sf_diags_format(&d, 1, &out);
	ck_assert_str_eq(sf_buf_cstr(&out), "a.yml: error: whole file\n"
	                                    "x.yml:1:4: warning: first\n"
	                                    "    a: 1\n"
	                                    "       ^\n"
	                                    "x.yml:2:5: error: second one\n"
	                                    "    \tb: [\n"
	                                    "    \t   ^\n");
	sf_buf_release(&out);
	sf_diags_release(&d);
}
END_TEST

START_TEST(test_util_fsio__pending_file_replaces_only_on_commit)
{
	char *dir = sf_test_tmpdir(), *path = sf_path_join(dir, "out.xml");
	sf_pending_file pf;
	sf_buf b = SF_BUF_INIT;
	struct stat st;

	sf_test_write(dir, "out.xml", "old");
	ck_assert_int_eq(sf_pending_file_write(&pf, path, "new", 3), 0);
	ck_assert_int_eq(sf_file_read(path, &b), 0);
	ck_assert_str_eq(b.ptr, "old");
	ck_assert_int_eq(stat(pf.tmp_path, &st), 0);
	ck_assert_int_eq(sf_pending_file_commit(&pf), 0);
	ck_assert_int_eq(sf_file_read(path, &b), 0);
	ck_assert_str_eq(b.ptr, "new");
	sf_pending_file_release(&pf);
	sf_buf_release(&b);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_util_fsio__released_pending_file_leaves_nothing)
{
	char *dir = sf_test_tmpdir(), *path = sf_path_join(dir, "out.xml");
	sf_pending_file pf;
	char *tmp, *text;
	struct stat st;

	sf_test_write(dir, "out.xml", "old");
	ck_assert_int_eq(sf_pending_file_write(&pf, path, "new", 3), 0);
	tmp = sf_xstrdup(pf.tmp_path);
	sf_pending_file_release(&pf);
	ck_assert_int_ne(stat(tmp, &st), 0);
	text = sf_test_read(dir, "out.xml");
	ck_assert_str_eq(text, "old");
	free(text);
	free(tmp);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_util_fsio__unwritable_folder_is_an_error)
{
	sf_pending_file pf;

	ck_assert_int_eq(
	    sf_pending_file_write(&pf, "/nonexistent/dir/x", "a", 1), -1);
	ck_assert(strstr(sf_error_last(),
	                 "cannot create a file beside '/nonexistent/dir/x'"));
}
END_TEST

START_TEST(test_util_fsio__read_reports_missing_file)
{
	sf_buf b = SF_BUF_INIT;

	ck_assert_int_eq(sf_file_read("/nonexistent/file.yml", &b), -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "cannot open '/nonexistent/file.yml': No such file or directory");
	ck_assert_int_eq(sf_file_read("/tmp", &b), -1);
	ck_assert_str_eq(sf_error_last(), "cannot read '/tmp': it is a folder");
	sf_buf_release(&b);
}
END_TEST

START_TEST(test_util_fsio__path_join_and_mkdir)
{
	char *dir = sf_test_tmpdir(), *p, *q;
	struct stat st;

	p = sf_path_join("a/", "b");
	ck_assert_str_eq(p, "a/b");
	free(p);
	p = sf_path_join("a", "b");
	ck_assert_str_eq(p, "a/b");
	free(p);
	p = sf_path_join(dir, "x/y/z");
	ck_assert_int_eq(sf_mkdir_p(p), 0);
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(sf_mkdir_p(p), 0);
	q = sf_path_join(dir, "x/file");
	sf_test_write(dir, "x/file", "f");
	ck_assert_int_eq(sf_mkdir_p(q), -1);
	free(q);
	free(p);
	free(dir);
}
END_TEST

START_TEST(test_util_json__writer_nests_escapes_and_cleans)
{
	sf_buf b = SF_BUF_INIT;
	sf_json j;

	sf_json_init(&j, &b);
	sf_json_object(&j);
	sf_json_kstring(&j, "name", "<a \"q\"\\\n\t\x01\xff>");
	sf_json_kint(&j, "n", -3);
	sf_json_key(&j, "list");
	sf_json_array(&j);
	sf_json_bool(&j, 1);
	sf_json_string(&j, NULL);
	sf_json_object(&j);
	sf_json_end(&j);
	sf_json_array(&j);
	sf_json_end(&j);
	sf_json_end(&j);
	sf_json_end(&j);
	ck_assert_str_eq(
	    sf_buf_cstr(&b),
	    "{\n"
	    "  \"name\": \"<a \\\"q\\\"\\\\\\n\\t\xEF\xBF\xBD\xEF\xBF\xBD>\",\n"
	    "  \"n\": -3,\n"
	    "  \"list\": [\n"
	    "    true,\n"
	    "    null,\n"
	    "    {},\n"
	    "    []\n"
	    "  ]\n"
	    "}\n");
	sf_buf_release(&b);
}
END_TEST

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_util_buf__grows_and_formats);
	tcase_add_test(tc, test_util_buf__detach_of_empty_is_empty_string);
	tcase_add_test(tc, test_util_diag__formats_sorted_with_caret);
	tcase_add_test(tc,
	               test_util_fsio__pending_file_replaces_only_on_commit);
	tcase_add_test(tc,
	               test_util_fsio__released_pending_file_leaves_nothing);
	tcase_add_test(tc, test_util_fsio__unwritable_folder_is_an_error);
	tcase_add_test(tc, test_util_fsio__read_reports_missing_file);
	tcase_add_test(tc, test_util_fsio__path_join_and_mkdir);
	tcase_add_test(tc, test_util_json__writer_nests_escapes_and_cleans);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(util_suite());
}
