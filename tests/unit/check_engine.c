/* Suite for src/eval/engine: the generated definitions against evidence,
 * with the verdicts OpenSCAP 1.3.7 gives on the same evidence (see
 * tests/e2e/oscap_eval.sh), and the offending containers. */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "eval/engine.h"
#include "load/rules.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/fsio.h"

#define PID_DEF "oval:scapforge.test:def:1240"
#define IPC_DEF "oval:scapforge.test:def:1250"

static xmlDocPtr fixture_oval(void)
{
	char *dir = sf_test_fixture_rules();
	sf_benchmark *b = NULL;
	sf_emit_opts o = {"V2R2", 0, "oval.xml", 0};
	xmlDocPtr doc;
	sf_diags d;

	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, dir, &d), 0);
	ck_assert_int_eq(sf_emit_oval(&doc, b, &o), 0);
	sf_benchmark_free(b);
	sf_diags_release(&d);
	free(dir);
	return doc;
}

/* Evaluates both definitions over evidence (NULL: no file); returns
 * "pid/ipc" as OVAL result names. */
static char *verdicts(const char *evidence, const char *shareable,
                      sf_oval_engine **keep, xmlDocPtr *keep_doc)
{
	xmlDocPtr doc = fixture_oval();
	char *dir = sf_test_tmpdir(), *path = sf_path_join(dir, "ev.json");
	const char *v1[1], *v2[1];
	sf_oval_engine *e;
	sf_buf out = SF_BUF_INIT;

	if (evidence)
		sf_test_write(dir, "ev.json", evidence);
	ck_assert_int_eq(sf_oval_engine_new(&e, xmlDocGetRootElement(doc)), 0);
	v1[0] = path;
	v2[0] = shareable;
	sf_oval_engine_set_external(e, "oval:scapforge.test:var:1", v1, 1);
	sf_oval_engine_set_external(e, "oval:scapforge.test:var:2", v2, 1);
	sf_buf_printf(
	    &out, "%s/%s",
	    sf_oval_result_name(sf_oval_engine_definition(e, PID_DEF)),
	    sf_oval_result_name(sf_oval_engine_definition(e, IPC_DEF)));
	/* the engine borrows the tree: the caller frees both after it */
	if (keep) {
		*keep = e;
		*keep_doc = doc;
	} else {
		sf_oval_engine_free(e);
		xmlFreeDoc(doc);
	}
	free(path);
	free(dir);
	return sf_buf_detach(&out);
}

static void expect(const char *evidence, const char *shareable,
                   const char *want)
{
	char *got = verdicts(evidence, shareable, NULL, NULL);

	ck_assert_msg(!strcmp(got, want), "evidence %.60s: got %s, want %s",
	              evidence ? evidence : "(none)", got, want);
	free(got);
}

#define C(id, pid, ipc)                                                        \
	"{\"Id\": \"" id "\", \"HostConfig\": {\"PidMode\": \"" pid            \
	"\", \"IpcMode\": \"" ipc "\"}}"

START_TEST(test_eval_engine__verdicts_as_openscap)
{
	expect("[]", "false", "true/true");
	expect("[" C("a", "", "") "," C("b", "private", "private") "," C(
	           "c", "container:x",
	           "container:x") "," C("d", "", "none") "," C("e", "",
	                                                       "shareable") "]",
	       "false", "true/true");
	expect("[" C("a", "", "private") "," C("b", "host", "private") "]",
	       "false", "false/true");
	expect("[" C("a", "", "private") "," C("b", "", "host") "]", "false",
	       "true/false");
	expect("[" C("a", "host", "host") "]", "false", "false/false");
	expect(NULL, "false", "false/false");
	expect("", "false", "false/false");
	expect("<html><body>502</body></html>\n", "false", "false/false");
	expect(C("a", "", ""), "false", "false/false");
	expect("[" C("a", "", "") ", {\"Id\": ", "false", "error/error");
	expect("[" C("a", "", "") ", {\"Id\": \"b\", \"HostConfig\": {}}]",
	       "false", "false/false");
	expect("[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": \"\"}}]",
	       "false", "true/false");
	expect(
	    "[{\"Id\": \"a\", \"Config\": {\"Labels\": {\"PidMode\": \"host\"}},"
	    " \"HostConfig\": {\"PidMode\": \"\", \"IpcMode\": \"\"}}]",
	    "false", "true/true");
}
END_TEST

START_TEST(test_eval_engine__shareable_tailoring)
{
	const char *ev = "[" C("a", "", "shareable") "]";

	expect(ev, "false", "true/true");
	expect(ev, "true", "true/false");
	expect("[" C("a", "", "host") "]", "true", "true/false");
	/* a boolean Value that is not a boolean cannot pass */
	expect(ev, "maybe", "true/error");
}
END_TEST

START_TEST(test_eval_engine__offenders_are_the_containers)
{
	sf_oval_engine *e;
	xmlDocPtr doc;
	const sf_oval_offender *items;
	char *got;

	got = verdicts("[" C("a", "", "") "," C("b", "host", "") "," C(
	                   "c", "", "") "," C("d", "host", "host") "]",
	               "false", &e, &doc);
	ck_assert_str_eq(got, "false/false");
	/* test 4 reads PidMode != host, test 6 IpcMode != host */
	ck_assert_uint_eq(
	    sf_oval_engine_offenders(e, "oval:scapforge.test:tst:4", &items),
	    2);
	ck_assert_int_eq(items[0].item, 1);
	ck_assert_str_eq(items[0].value, "host");
	ck_assert_str_eq(items[0].yamlpath, "[:].HostConfig.PidMode");
	ck_assert_int_eq(items[1].item, 3);
	ck_assert_str_eq(items[1].value, "host");
	ck_assert_uint_eq(
	    sf_oval_engine_offenders(e, "oval:scapforge.test:tst:6", &items),
	    1);
	ck_assert_int_eq(items[0].item, 3);
	ck_assert_str_eq(items[0].yamlpath, "[:].HostConfig.IpcMode");
	free(got);
	sf_oval_engine_free(e);
	xmlFreeDoc(doc);
}
END_TEST

static Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_eval_engine__verdicts_as_openscap);
	tcase_add_test(tc, test_eval_engine__shareable_tailoring);
	tcase_add_test(tc, test_eval_engine__offenders_are_the_containers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(engine_suite());
}
