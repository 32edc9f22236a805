/* Suite for src/collect/evidence: reading docker inspect output,
 * leaving out excluded containers and writing the assessed ones. */
#include <stdlib.h>
#include <string.h>

#include "collect/evidence.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

static char *dir;

static int filter(const char *text, const char *exclude, sf_evidence *ev)
{
	char *in, *out;
	int rc;

	dir = sf_test_tmpdir();
	sf_test_write(dir, "in.json", text);
	in = sf_path_join(dir, "in.json");
	out = sf_path_join(dir, "out.json");
	rc = sf_evidence_filter(in, exclude, out, ev);
	free(in);
	free(out);
	return rc;
}

/* message names the input as DIR/in.json. */
static void expect_error(const char *text, const char *message)
{
	sf_evidence ev;
	sf_buf want = SF_BUF_INIT;
	const char *at = strstr(message, "DIR");
	char *out;

	ck_assert_int_eq(filter(text, NULL, &ev), -1);
	sf_buf_put(&want, message, (size_t)(at - message));
	sf_buf_puts(&want, dir);
	sf_buf_puts(&want, at + 3);
	ck_assert_str_eq(sf_error_last(), sf_buf_cstr(&want));
	out = sf_test_read(dir, "out.json");
	ck_assert_ptr_null(out);
	sf_buf_release(&want);
	free(dir);
}

START_TEST(test_collect_evidence__array_is_rewritten)
{
	sf_evidence ev;
	char *out;

	ck_assert_int_eq(
	    filter(
	        "[{\"Id\": \"a1\", \"Name\": \"/web\", \"Path\": \"nginx\",\n"
	        "  \"Args\": [\"-g\", \"daemon off;\"],\n"
	        "  \"Config\": {\"Image\": \"nginx:1\", \"Labels\": {\"x\": \"<&>\"}},\n"
	        "  \"Image\": \"sha256:ff\", \"N\": 1.5, \"B\": false, \"Z\": null,\n"
	        "  \"HostConfig\": {\"PidMode\": \"host\"}},\n"
	        " {\"Id\": \"b2\", \"Name\": \"/ucp-agent\", \"Config\": {\"Image\": \"docker/ucp\"}},\n"
	        " {\"Id\": \"c3\", \"Name\": \"/db\", \"Config\": {\"Image\": \"postgres\"},\n"
	        "  \"Path\": \"/usr/bin/KUBELET\"}]\n",
	        "ucp|kube|dtr", &ev),
	    0);
	ck_assert_uint_eq(ev.nassessed, 1);
	ck_assert_str_eq(ev.assessed[0].id, "a1");
	ck_assert_str_eq(ev.assessed[0].name, "web");
	ck_assert_str_eq(ev.assessed[0].image, "nginx:1");
	ck_assert_str_eq(ev.assessed[0].command, "nginx -g daemon off;");
	ck_assert_uint_eq(ev.nexcluded, 2);
	ck_assert_str_eq(ev.excluded[0].matched, "name 'ucp-agent'");
	ck_assert_str_eq(ev.excluded[1].matched, "command '/usr/bin/KUBELET'");
	ck_assert_int_eq(ev.single_object, 0);
	out = sf_test_read(dir, "out.json");
	ck_assert_str_eq(
	    out,
	    "[\n{\"Id\":\"a1\",\"Name\":\"/web\",\"Path\":\"nginx\","
	    "\"Args\":[\"-g\",\"daemon off;\"],"
	    "\"Config\":{\"Image\":\"nginx:1\",\"Labels\":{\"x\":\"<&>\"}},"
	    "\"Image\":\"sha256:ff\",\"N\":1.5,\"B\":false,\"Z\":null,"
	    "\"HostConfig\":{\"PidMode\":\"host\"}}\n]\n");
	ck_assert_str_eq(
	    ev.sha256,
	    "a692f0789926f2ee72ed7e1e9e6413a6b724b23e54d58a0d4f14090aac2268ab");
	free(out);
	sf_evidence_release(&ev);
	free(dir);
}
END_TEST

START_TEST(test_collect_evidence__single_object_and_empty_array)
{
	sf_evidence ev;
	char *out;

	ck_assert_int_eq(filter("{\"Id\": \"x\", \"Name\": \"solo\"}", "", &ev),
	                 0);
	ck_assert_int_eq(ev.single_object, 1);
	ck_assert_uint_eq(ev.nassessed, 1);
	ck_assert_str_eq(ev.assessed[0].name, "solo");
	out = sf_test_read(dir, "out.json");
	ck_assert_str_eq(out, "[\n{\"Id\":\"x\",\"Name\":\"solo\"}\n]\n");
	free(out);
	sf_evidence_release(&ev);
	free(dir);
	ck_assert_int_eq(filter("[]", "ucp", &ev), 0);
	ck_assert_uint_eq(ev.nassessed + ev.nexcluded, 0);
	out = sf_test_read(dir, "out.json");
	ck_assert_str_eq(out, "[]\n");
	ck_assert_str_eq(
	    ev.sha256,
	    "37517e5f3dc66819f61f5a7bb8ace1921282415f10551d2defa5c3eb0985b570");
	free(out);
	sf_evidence_release(&ev);
	free(dir);
}
END_TEST

START_TEST(test_collect_evidence__broken_evidence_is_refused)
{
	expect_error("", "evidence 'DIR/in.json' is empty");
	expect_error(
	    "\"host\"",
	    "evidence 'DIR/in.json' holds a single value, not docker inspect output");
	expect_error(
	    "<html><body>502 Bad Gateway</body></html>",
	    "evidence 'DIR/in.json' holds a single value, not docker inspect output");
	expect_error(
	    "[{\"Id\": \"a\"}, 7]",
	    "item 2 of evidence 'DIR/in.json' (line 1) is a value, not a container object");
	expect_error(
	    "[{\"Id\": \"a\"},\n [1]]",
	    "item 2 of evidence 'DIR/in.json' (line 2) is a list, not a container object");
	expect_error(
	    "[{\"Id\": \"a\"},\n {\"Name\": \"b\"}]",
	    "container 2 of evidence 'DIR/in.json' (line 2) has no Id: not docker inspect output");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": ",
	    "malformed evidence 'DIR/in.json': did not find expected node content at line 2, column 1");
	expect_error(
	    "[{\"Id\": \"a\"}]\n---\n[]",
	    "evidence 'DIR/in.json' holds more than one document (line 2)");
}
END_TEST

START_TEST(test_collect_evidence__bad_pattern_and_missing_file)
{
	sf_evidence ev;

	ck_assert_int_eq(
	    sf_evidence_filter("/nonexistent.json", "(", "/tmp/x", &ev), -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "the exclusion pattern '(' is not a valid extended regular expression");
	ck_assert_int_eq(
	    sf_evidence_filter("/nonexistent.json", NULL, "/tmp/x", &ev), -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "cannot open evidence '/nonexistent.json': No such file or directory");
}
END_TEST

static Suite *evidence_suite(void)
{
	Suite *s = suite_create("evidence");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_collect_evidence__array_is_rewritten);
	tcase_add_test(tc,
	               test_collect_evidence__single_object_and_empty_array);
	tcase_add_test(tc, test_collect_evidence__broken_evidence_is_refused);
	tcase_add_test(tc, test_collect_evidence__bad_pattern_and_missing_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(evidence_suite());
}
