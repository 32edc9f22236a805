/* Suite for src/util: strings, diagnostics, atomic file writing, XML
 * reading. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/json.h"
#include "util/strpool.h"
#include "util/text.h"
#include "util/xmlread.h"

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

/* Hands text for dir/name to set as a complete pending file. */
static void stage(sf_pending_set *set, const char *dir, const char *name,
                  const char *text)
{
	char *path = sf_path_join(dir, name);
	sf_pending_file pf;

	ck_assert_int_eq(sf_pending_file_write(&pf, path, text, strlen(text)),
	                 0);
	ck_assert_int_eq(sf_pending_set_take(set, &pf), 0);
	ck_assert_ptr_null(pf.tmp_path);
	sf_pending_file_release(&pf);
	free(path);
}

static void expect_text(const char *dir, const char *name, const char *want)
{
	char *text = sf_test_read(dir, name);

	ck_assert_msg(text && !strcmp(text, want), "%s: '%s', not '%s'", name,
	              text ? text : "(missing)", want);
	free(text);
}

START_TEST(test_util_fsio__set_replaces_all_only_on_commit)
{
	char *dir = sf_test_tmpdir(), *a = sf_path_join(dir, "a.xml"), *list;
	sf_pending_set set = SF_PENDING_SET_INIT;
	const char *where;

	sf_test_write(dir, "a.xml", "old a");
	stage(&set, dir, "a.xml", "new a");
	stage(&set, dir, "b.json", "new b");
	/* made, not in place: the earlier file is as it was */
	expect_text(dir, "a.xml", "old a");
	where = sf_pending_set_where(&set, a);
	ck_assert_str_ne(where, a);
	ck_assert_int_eq(strncmp(where, a, strlen(a)), 0);
	ck_assert_str_eq(sf_pending_set_where(&set, "other"), "other");
	ck_assert_str_eq(sf_pending_set_where(NULL, a), a);
	ck_assert_int_eq(sf_pending_set_commit(&set), 0);
	ck_assert_uint_eq(set.n, 0);
	expect_text(dir, "a.xml", "new a");
	expect_text(dir, "b.json", "new b");
	list = sf_test_listing(dir);
	ck_assert_str_eq(list, "a.xml\nb.json\n");
	sf_pending_set_release(&set);
	free(list);
	free(a);
	free(dir);
}
END_TEST

START_TEST(test_util_fsio__set_failing_rename_puts_back_the_others)
{
	char *dir = sf_test_tmpdir(), *c = sf_path_join(dir, "c.html");
	sf_pending_set set = SF_PENDING_SET_INIT;
	char *want, *list;

	sf_test_write(dir, "a.xml", "old a");
	sf_test_write(dir, "c.html", "old c");
	stage(&set, dir, "a.xml", "new a");
	stage(&set, dir, "b.json", "new b");
	stage(&set, dir, "c.html", "new c");
	/* the last rename fails: its temporary file has gone */
	ck_assert_int_eq(unlink(sf_pending_set_where(&set, c)), 0);
	ck_assert_int_eq(sf_pending_set_commit(&set), -1);
	want = sf_xstrdup("cannot replace '");
	want = sf_xrealloc(want, strlen(want) + strlen(c) + 64);
	strcat(strcat(want, c), "': No such file or directory");
	ck_assert_str_eq(sf_error_last(), want);
	/* a and c are the earlier files again, b (new) is gone */
	expect_text(dir, "a.xml", "old a");
	expect_text(dir, "c.html", "old c");
	list = sf_test_listing(dir);
	ck_assert_str_eq(list, "a.xml\nc.html\n");
	sf_pending_set_release(&set);
	free(list);
	free(want);
	free(c);
	free(dir);
}
END_TEST

START_TEST(test_util_fsio__set_refuses_folders_and_names_twice)
{
	char *dir = sf_test_tmpdir(), *d = sf_path_join(dir, "d.cklb");
	char *a = sf_path_join(dir, "a.xml"), *list, *want;
	sf_pending_set set = SF_PENDING_SET_INIT;
	sf_pending_file pf;

	sf_test_write(dir, "a.xml", "old a");
	/* a folder in the way is refused before anything is written */
	ck_assert_int_eq(mkdir(d, 0755), 0);
	ck_assert_int_eq(sf_pending_file_write(&pf, d, "x", 1), -1);
	want = sf_xmalloc(strlen(d) + 64);
	sprintf(want, "cannot write '%s': it is a folder", d);
	ck_assert_str_eq(sf_error_last(), want);
	ck_assert_int_eq(rmdir(d), 0);
	/* one name for two outputs */
	stage(&set, dir, "a.xml", "new a");
	ck_assert_int_eq(sf_pending_file_write(&pf, a, "again", 5), 0);
	ck_assert_int_eq(sf_pending_set_take(&set, &pf), -1);
	ck_assert(strstr(sf_error_last(), "named for two outputs"));
	sf_pending_file_release(&pf);
	/* a folder that came in the way after staging: nothing replaced */
	stage(&set, dir, "d.cklb", "new d");
	ck_assert_int_eq(mkdir(d, 0755), 0);
	ck_assert_int_eq(sf_pending_set_commit(&set), -1);
	ck_assert_str_eq(sf_error_last(), want);
	expect_text(dir, "a.xml", "old a");
	list = sf_test_listing(dir);
	ck_assert_str_eq(list, "a.xml\nd.cklb\n");
	/* released unused: no temporary file stays */
	stage(&set, dir, "a.xml", "new a");
	sf_pending_set_release(&set);
	free(list);
	list = sf_test_listing(dir);
	ck_assert_str_eq(list, "a.xml\nd.cklb\n");
	expect_text(dir, "a.xml", "old a");
	free(list);
	free(want);
	free(a);
	free(d);
	free(dir);
}
END_TEST

START_TEST(test_util_fsio__absolute_path_of_a_file_not_yet_there)
{
	char *dir = sf_test_tmpdir(), *cwd = getcwd(NULL, 0), *p, *want;

	p = sf_path_absolute("not-yet.json");
	want = sf_path_join(cwd, "not-yet.json");
	ck_assert_str_eq(p, want);
	free(p);
	free(want);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(mkdir("sub", 0755), 0);
	p = sf_path_absolute("./sub/../sub/e.json");
	want = sf_path_join(dir, "sub/e.json");
	ck_assert_str_eq(p, want);
	free(p);
	free(want);
	p = sf_path_absolute("/e.json");
	ck_assert_str_eq(p, "/e.json");
	free(p);
	/* a folder that does not exist: the path as it is */
	p = sf_path_absolute("missing/e.json");
	ck_assert_str_eq(p, "missing/e.json");
	free(p);
	ck_assert_int_eq(chdir(cwd), 0);
	free(cwd);
	free(dir);
}
END_TEST

/* A document whose entities expand to a gigabyte. */
static char *laughs(const char *root)
{
	sf_buf b = SF_BUF_INIT;
	int i, j;

	sf_buf_printf(&b,
	              "<?xml version=\"1.0\"?>\n<!DOCTYPE %s [\n"
	              "<!ENTITY e0 \"aaaaaaaaaa\">\n",
	              root);
	for (i = 1; i < 10; i++) {
		sf_buf_printf(&b, "<!ENTITY e%d \"", i);
		for (j = 0; j < 10; j++)
			sf_buf_printf(&b, "&e%d;", i - 1);
		sf_buf_puts(&b, "\">\n");
	}
	sf_buf_printf(&b, "]>\n<%s>&e9;</%s>\n", root, root);
	return sf_buf_detach(&b);
}

START_TEST(test_util_xmlread__reads_well_formed_xml)
{
	const char *text = "<r a='1'>&amp;&#65;<c/></r>";
	xmlDocPtr doc = NULL;

	ck_assert_int_eq(sf_xml_read(&doc, "r.xml", text, strlen(text)), 0);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq((const char *)xmlDocGetRootElement(doc)->name, "r");
	ck_assert_ptr_null(doc->intSubset);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_util_xmlread__refuses_a_dtd_at_once)
{
	const char *one = "<!DOCTYPE r [<!ENTITY e \"entity\">]><r>&e;</r>";
	const char *external = "<!DOCTYPE r SYSTEM \"r.dtd\"><r/>";
	char *bomb = laughs("r");
	xmlDocPtr doc = NULL;
	clock_t start = clock();

	ck_assert_int_eq(sf_xml_read(&doc, "one.xml", one, strlen(one)),
	                 SF_XML_DTD);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(sf_error_last(),
	                 "'one.xml' declares a DTD, which scapforge refuses");
	ck_assert_int_eq(
	    sf_xml_read(&doc, "ext.xml", external, strlen(external)),
	    SF_XML_DTD);
	ck_assert_int_eq(sf_xml_read(&doc, "bomb.xml", bomb, strlen(bomb)),
	                 SF_XML_DTD);
	ck_assert_ptr_null(doc);
	/* refused before any entity is expanded */
	ck_assert_int_lt((long)(clock() - start), (long)CLOCKS_PER_SEC / 10);
	free(bomb);
}
END_TEST

START_TEST(test_util_xmlread__says_what_is_not_well_formed)
{
	const char *text = "<r>\n<c></r>";
	const char *undeclared = "<r>&nowhere;</r>";
	char *dir = sf_test_tmpdir(), *p = sf_path_join(dir, "f.xml");
	xmlDocPtr doc = NULL;

	ck_assert_int_eq(sf_xml_read(&doc, "r.xml", text, strlen(text)), -1);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(
	    sf_error_last(),
	    "'r.xml' is not well-formed XML (line 2: Premature end "
	    "of data in tag r line 1)");
	ck_assert_int_eq(
	    sf_xml_read(&doc, "u.xml", undeclared, strlen(undeclared)), -1);
	ck_assert_str_eq(sf_error_last(), "'u.xml' is not well-formed XML "
	                                  "(line 1: Entity 'nowhere' not "
	                                  "defined)");
	ck_assert_int_eq(sf_xml_read(&doc, "e.xml", "", 0), -1);
	/* from a file, read by scapforge (libxml2 would print) */
	sf_test_write(dir, "f.xml", "<f/>");
	ck_assert_int_eq(sf_xml_read(&doc, p, NULL, 0), 0);
	xmlFreeDoc(doc);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(sf_xml_read(&doc, p, NULL, 0), -1);
	ck_assert(strstr(sf_error_last(), "No such file or directory"));
	free(p);
	free(dir);
}
END_TEST

/* Equal strings are one copy, whatever their number; a pool's strings
 * hold any bytes, NUL-terminated, and outlive every table growth. */
/* Long texts go out in pieces that end where a character ends, and a
 * JSON string written in parts is the one written whole. */
START_TEST(test_util_text__pieces_end_on_characters)
{
	/* "aé€" then a 4-byte character: 1, 2, 3 and 4 bytes */
	static const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x90\xB3";
	sf_buf whole = SF_BUF_INIT, parts = SF_BUF_INIT;
	sf_json j;
	size_t at, n, len = strlen(s);

	ck_assert_uint_eq(sf_text_piece(s, len, 64), len);
	ck_assert_uint_eq(sf_text_piece(s, len, 2), 1);
	ck_assert_uint_eq(sf_text_piece(s, len, 3), 3);
	ck_assert_uint_eq(sf_text_piece(s, len, 5), 3);
	ck_assert_uint_eq(sf_text_piece(s, len, 6), 6);
	ck_assert_uint_eq(sf_text_piece(s, len, 9), 6);
	/* a character longer than the piece: whole */
	ck_assert_uint_eq(sf_text_piece(s + 6, 4, 2), 4);
	ck_assert_uint_eq(sf_text_piece(s + 1, len - 1, 1), 2);

	sf_json_init(&j, &whole);
	sf_json_array(&j);
	sf_json_string(&j, "q\"\n\x01 a\xC3\xA9\xFF");
	sf_json_end(&j);
	sf_json_init(&j, &parts);
	sf_json_array(&j);
	sf_json_string_begin(&j);
	for (at = 0, len = 9; at < len; at += n) {
		n = sf_text_piece("q\"\n\x01 a\xC3\xA9\xFF" + at, len - at, 2);
		sf_json_string_part(&j, "q\"\n\x01 a\xC3\xA9\xFF" + at, n);
	}
	sf_json_string_end(&j);
	sf_json_end(&j);
	ck_assert_str_eq(parts.ptr, whole.ptr);
	ck_assert_msg(strstr(whole.ptr, "\"q\\\"\\n\xEF\xBF\xBD a\xC3\xA9\xEF\xBF\xBD\""),
	              "%s", whole.ptr);
	sf_buf_release(&whole);
	sf_buf_release(&parts);
}
END_TEST

START_TEST(test_util_strpool__one_copy_each)
{
	sf_strpool *p = sf_strpool_new();
	const char *a = sf_strpool_str(p, "private"), *ids[5000];
	char name[32], *big = malloc(100000);
	size_t before, i;

	ck_assert_ptr_eq(sf_strpool_str(p, "private"), a);
	ck_assert_ptr_eq(sf_strpool_add(p, "private-x", 7), a);
	ck_assert_ptr_ne(sf_strpool_str(p, "privat"), a);
	ck_assert_ptr_ne(sf_strpool_str(p, ""), a);
	ck_assert_str_eq(sf_strpool_str(p, ""), "");
	ck_assert_ptr_null(sf_strpool_str(p, NULL));
	/* bytes after a NUL count: not the same string */
	ck_assert_ptr_ne(sf_strpool_add(p, "ab\0c", 4), sf_strpool_add(p, "ab\0d", 4));
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "container-%zu", i);
		ids[i] = sf_strpool_str(p, name);
	}
	before = sf_strpool_size(p);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "container-%zu", i);
		ck_assert_ptr_eq(sf_strpool_str(p, name), ids[i]);
		ck_assert_str_eq(ids[i], name);
	}
	ck_assert_uint_eq(sf_strpool_size(p), before); /* nothing stored again */
	ck_assert_str_eq(a, "private");
	/* a string longer than a block gets a block of its own */
	memset(big, 'x', 99999);
	big[99999] = '\0';
	ck_assert_str_eq(sf_strpool_str(p, big), big);
	ck_assert_ptr_eq(sf_strpool_str(p, big), sf_strpool_str(p, big));
	ck_assert_uint_ge(sf_strpool_size(p), before + 100000);
	ck_assert_ptr_eq(sf_strpool_str(p, "container-4999"), ids[4999]);
	free(big);
	sf_strpool_free(p);
	sf_strpool_free(NULL);
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
	tcase_add_test(tc, test_util_fsio__set_replaces_all_only_on_commit);
	tcase_add_test(tc,
	               test_util_fsio__set_failing_rename_puts_back_the_others);
	tcase_add_test(tc, test_util_fsio__set_refuses_folders_and_names_twice);
	tcase_add_test(tc,
	               test_util_fsio__absolute_path_of_a_file_not_yet_there);
	tcase_add_test(tc, test_util_xmlread__reads_well_formed_xml);
	tcase_add_test(tc, test_util_xmlread__refuses_a_dtd_at_once);
	tcase_add_test(tc, test_util_xmlread__says_what_is_not_well_formed);
	tcase_add_test(tc, test_util_json__writer_nests_escapes_and_cleans);
	tcase_add_test(tc, test_util_strpool__one_copy_each);
	tcase_add_test(tc, test_util_text__pieces_end_on_characters);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(util_suite());
}
