/* Suite for src/eval/ypath: YAML paths over a stream of events. */
#include <stdlib.h>
#include <string.h>

#include "eval/ypath.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/error.h"

/* Evaluates one path over text; returns "item:value,..." or the error. */
static char *run(const char *path, const char *text)
{
	sf_ypath *p;
	sf_yvalues vals;
	sf_buf out = SF_BUF_INIT;
	size_t i;
	int rc;

	memset(&vals, 0, sizeof(vals));
	ck_assert_int_eq(sf_ypath_parse(&p, path), 0);
	rc = sf_ypath_eval_string(text, strlen(text), &p, 1, &vals);
	if (rc < 0)
		sf_buf_printf(&out, "failed: %s", sf_error_last());
	else if (vals.error)
		sf_buf_printf(&out, "error: %s", vals.message);
	for (i = 0; rc == 0 && !vals.error && i < vals.count; i++)
		sf_buf_printf(&out, "%s%ld:%s", i ? "," : "", vals.v[i].item,
		              vals.v[i].text ? vals.v[i].text : "(null)");
	sf_yvalues_release(&vals);
	sf_ypath_free(p);
	return sf_buf_detach(&out);
}

static void expect(const char *path, const char *text, const char *want)
{
	char *got = run(path, text);

	ck_assert_msg(!strcmp(got, want), "%s: got '%s', want '%s'", path, got,
	              want);
	free(got);
}

static const char *const inspect =
    "[{\"Id\": \"a1\", \"Name\": \"/one\",\n"
    "  \"Config\": {\"Labels\": {\"PidMode\": \"host\"}, \"Cmd\": [\"sh\", \"-c\"]},\n"
    "  \"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": \"private\"}},\n"
    " {\"Id\": \"b2\", \"Name\": \"/two\",\n"
    "  \"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": null}},\n"
    " {\"Id\": \"c3\"}]\n";

START_TEST(test_eval_ypath__parse)
{
	sf_ypath *p;

	ck_assert_int_eq(sf_ypath_parse(&p, "[:].HostConfig.PidMode"), 0);
	ck_assert_uint_eq(p->nsteps, 3);
	ck_assert_int_eq(p->steps[0].kind, SF_YSTEP_ALL);
	ck_assert_str_eq(p->steps[2].key, "PidMode");
	sf_ypath_free(p);
	ck_assert_int_eq(sf_ypath_parse(&p, "$[12].a"), 0);
	ck_assert_int_eq(p->steps[0].kind, SF_YSTEP_INDEX);
	ck_assert_uint_eq(p->steps[0].index, 12);
	sf_ypath_free(p);
	ck_assert_int_eq(sf_ypath_parse(&p, "[*]"), 0);
	ck_assert_int_eq(p->steps[0].kind, SF_YSTEP_ALL);
	sf_ypath_free(p);
	ck_assert_int_eq(sf_ypath_parse(&p, "[?(@.a)]"), -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "unsupported YAML path '[?(@.a)]' (use .key, [N] and [:])");
	ck_assert_int_eq(sf_ypath_parse(&p, ""), -1);
	ck_assert_int_eq(sf_ypath_parse(&p, "a.b"), -1);
	ck_assert_int_eq(sf_ypath_parse(&p, ".a..b"), -1);
	ck_assert_int_eq(sf_ypath_parse(&p, "[-1]"), -1);
}
END_TEST

START_TEST(test_eval_ypath__values_keep_their_container)
{
	expect("[:].HostConfig.PidMode", inspect, "0:,1:host");
	expect("[:].HostConfig.IpcMode", inspect, "0:private,1:(null)");
	expect("[:].Id", inspect, "0:a1,1:b2,2:c3");
	expect("[1].Name", inspect, "1:/two");
	expect("[:].Config.Cmd", inspect, "0:sh,0:-c");
	expect("[:].Config.Cmd[1]", inspect, "0:-c");
	expect("[:].HostConfig.Missing", inspect, "");
	expect("[:].PidMode", inspect, "");
	expect(".HostConfig.PidMode", inspect, "");
}
END_TEST

START_TEST(test_eval_ypath__edge_documents)
{
	expect("[:].Id", "[]", "");
	expect("[:].Id", "", "");
	expect(".Id", "{\"Id\": \"x\", \"Id\": \"y\"}", "-1:x,-1:y");
	expect("[:].a", "[{\"a\": 1}]\n---\n[{\"a\": 2}]\n", "0:1,0:2");
	expect("[:].a", "[1, \"a\", [2]]", "");
	expect(
	    "[:].HostConfig", inspect,
	    "error: YAML path '[:].HostConfig' points to a mapping, not values");
	expect(
	    "[:].v", "[{\"v\": [[1]]}]",
	    "error: YAML path '[:].v' points to nested collections, not values");
	expect(
	    "[:].a", "[{\"a\": \"x\"}, {\"a\": ",
	    "failed: malformed evidence '(string)': did not find expected node content at line 2, column 1");
	expect(
	    "[:].a", "[{\"a\": &x 1}, {\"a\": *x}]",
	    "failed: malformed evidence '(string)': aliases are not supported (line 1, column 21)");
	/* a key that is a mapping is skipped, not matched */
	expect(".a", "{[a]: 1, a: 2}", "-1:2");
}
END_TEST

START_TEST(test_eval_ypath__several_paths_one_pass)
{
	sf_ypath *p[2];
	sf_yvalues vals[2];

	memset(vals, 0, sizeof(vals));
	ck_assert_int_eq(sf_ypath_parse(&p[0], "[:].Id"), 0);
	ck_assert_int_eq(sf_ypath_parse(&p[1], "[:].Name"), 0);
	ck_assert_int_eq(
	    sf_ypath_eval_string(inspect, strlen(inspect), p, 2, vals), 0);
	ck_assert_uint_eq(vals[0].count, 3);
	ck_assert_uint_eq(vals[1].count, 2);
	ck_assert_str_eq(vals[1].v[1].text, "/two");
	ck_assert_int_eq(vals[1].v[1].item, 1);
	sf_yvalues_release(&vals[0]);
	sf_yvalues_release(&vals[1]);
	ck_assert_int_eq(sf_ypath_eval_file("/nonexistent/x.json", p, 2, vals),
	                 1);
	ck_assert_int_eq(sf_ypath_eval_file("/tmp", p, 2, vals), -1);
	sf_yvalues_release(&vals[0]);
	sf_yvalues_release(&vals[1]);
	sf_ypath_free(p[0]);
	sf_ypath_free(p[1]);
}
END_TEST

/* Found by fuzzing: the walker's stack grows at 16 levels, and the
 * parent frame must be looked up after it moved. */
START_TEST(test_eval_ypath__deep_nesting_grows_the_stack)
{
	sf_buf doc = SF_BUF_INIT;
	int i;

	for (i = 0; i < 40; i++)
		sf_buf_puts(&doc, "{\"a\": ");
	sf_buf_puts(&doc, "\"deep\"");
	for (i = 0; i < 40; i++)
		sf_buf_putc(&doc, '}');
	expect(".a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a."
	       "a.a.a.a.a.a.a.a.a.a",
	       doc.ptr, "-1:deep");
	sf_buf_clear(&doc);
	sf_buf_puts(&doc, "[");
	for (i = 0; i < 30; i++)
		sf_buf_puts(&doc, "[");
	sf_buf_puts(&doc, "1");
	for (i = 0; i < 31; i++)
		sf_buf_puts(&doc, "]");
	expect(
	    "[:]", doc.ptr,
	    "error: YAML path '[:]' points to nested collections, not values");
	sf_buf_release(&doc);
}
END_TEST

static Suite *ypath_suite(void)
{
	Suite *s = suite_create("ypath");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_eval_ypath__parse);
	tcase_add_test(tc, test_eval_ypath__values_keep_their_container);
	tcase_add_test(tc, test_eval_ypath__edge_documents);
	tcase_add_test(tc, test_eval_ypath__several_paths_one_pass);
	tcase_add_test(tc, test_eval_ypath__deep_nesting_grows_the_stack);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(ypath_suite());
}
