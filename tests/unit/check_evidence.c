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
static sf_evidence last;

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
	ck_assert_str_eq(ev.assessed[0].command, "nginx -g 'daemon off;'");
	ck_assert_str_eq(ev.assessed[0].ps_command, "\"nginx -g 'daemon of\xE2\x80\xA6\"");
	ck_assert_uint_eq(ev.nexcluded, 2);
	ck_assert_str_eq(ev.excluded[0].matched, "name 'ucp-agent'");
	ck_assert_str_eq(ev.excluded[1].matched, "command '\"/usr/bin/KUBELET\"'");
	ck_assert_int_eq(ev.single_object, 0);
	out = sf_test_read(dir, "out.json");
	ck_assert_str_eq(
	    out,
	    "[\n{\"Id\":\"a1\",\"Name\":\"/web\",\"Path\":\"nginx\","
	    "\"Args\":[\"-g\",\"daemon off;\"],"
	    "\"Config\":{\"Image\":\"nginx:1\",\"Labels\":{\"x\":\"<&>\"}},"
	    "\"Image\":\"sha256:ff\",\"N\":1.5,\"B\":false,\"Z\":null,"
	    "\"HostConfig\":{\"PidMode\":\"host\"},"
	    "\"Scapforge\":{\"EffectivePidMode\":\"host\"}}\n]\n");
	ck_assert_str_eq(
	    ev.sha256,
	    "59d266326f20bc07357bf9e962ff9cfbe6512e02181bf7682d55664f146000f4");
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
	    "malformed evidence 'DIR/in.json': '<' where a value was expected at line 1, column 1");
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
	    "malformed evidence 'DIR/in.json': truncated JSON: the input ends where a value was expected at line 1, column 40");
	expect_error(
	    "[{\"Id\": \"a\"}]\n---\n[]",
	    "malformed evidence 'DIR/in.json': a YAML document marker ('---') where the end of the input was expected at line 2, column 1");
}
END_TEST

START_TEST(test_collect_evidence__docker_reading_is_enforced)
{
	/* Docker's decoder matches keys without regard to case and keeps
	 * the last of two: either would hide a "host" */
	expect_error(
	    "[{\"Id\": \"a\",\n \"HostConfig\": {\"PidMode\": \"\", \"pidmode\": \"host\"}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): the key 'pidmode' at line 2, column 32 is another spelling of 'PidMode', which Docker reads as the same key");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": \"\"},\n \"hostconfig\": {\"PidMode\": \"host\"}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): the key 'hostconfig' at line 2, column 2 is another spelling of 'HostConfig', which Docker reads as the same key");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": \"\", \"PidMode\": \"host\"}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): the key 'PidMode' appears twice (again at line 1, column 44), and Docker reads only the last");
	expect_error(
	    "[{\"Id\": \"a\"},\n {\"Id\": \"b\", \"HostConfig\": {}, \"HostConfig\": {\"IpcMode\": \"host\"}}]",
	    "container 2 of evidence 'DIR/in.json' (line 2): the key 'HostConfig' appears twice (again at line 2, column 32), and Docker reads only the last");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": 1}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'HostConfig.PidMode' at line 1, column 40 is a number, where Docker writes a string");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"IpcMode\": true}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'HostConfig.IpcMode' at line 1, column 40 is a boolean, where Docker writes a string");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": null}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'HostConfig.PidMode' at line 1, column 40 is null, where Docker writes a string");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": [\"host\"]}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'HostConfig.PidMode' at line 1, column 40 is an array, where Docker writes a string");
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": \"host\"}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'HostConfig' at line 1, column 28 is a string, where Docker writes an object");
	expect_error(
	    "[{\"Id\": 7}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'Id' at line 1, column 9 is a number, where Docker writes a string");
	expect_error(
	    "[{\"Id\": \"a\", \"Args\": [\"-x\", 3]}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): 'Args[]' at line 1, column 29 is a number, where Docker writes a string");
	/* what other keys hold is not read: Labels may spell as they like */
	ck_assert_int_eq(
	    filter("[{\"Id\": \"a\", \"Config\": {\"Labels\": {\"pidmode\": \"host\", \"PidMode\": \"x\"}}, \"State\": 1, \"state\": 2}]",
	           NULL, &last),
	    0);
	sf_evidence_release(&last);
	free(dir);
}
END_TEST

/* Found by tests/fuzz/fuzz_chains: Go folds keys as strings.EqualFold
 * does, so U+017F (long s) is an 's' to it, and U+212A (Kelvin sign) a
 * 'k'; a HostConfig spelt with one would hide a "host". */
START_TEST(test_collect_evidence__go_folds_long_s)
{
	expect_error(
	    "[{\"Id\": \"a\", \"HostConfig\": {\"PidMode\": \"\"},\n \"Ho\\u017ftConfig\": {\"PidMode\": \"host\"}}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): the key 'Ho\xC5\xBF" "tConfig' at line 2, column 2 is another spelling of 'HostConfig', which Docker reads as the same key");
	expect_error(
	    "[{\"Id\": \"a\", \"Arg\xC5\xBF\": [\"x\"]}]",
	    "container 1 of evidence 'DIR/in.json' (line 1): the key 'Arg\xC5\xBF' at line 1, column 14 is another spelling of 'Args', which Docker reads as the same key");
	/* where nothing is read, and where the letter folds to no ASCII
	 * letter of the key, it is another key */
	ck_assert_int_eq(
	    filter("[{\"Id\": \"a\", \"Config\": {\"Labels\": {\"Ho\\u017ftConfig\": \"x\"}}, \"HostConfig\": {\"Pid\\u212aode\": \"host\", \"PidMode\": \"\"}}]",
	           NULL, &last),
	    0);
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_PID].mode, "");
	sf_evidence_release(&last);
	free(dir);
}
END_TEST

START_TEST(test_collect_evidence__secrets_are_redacted_and_claims_replaced)
{
	char *out;

	ck_assert_int_eq(
	    filter("[{\"Id\": \"a\", \"Config\": {\"Env\": [\"DB_PASSWORD=s3cr=t\", \"NOVALUE\"]},\n"
	           "  \"Scapforge\": {\"EffectivePidMode\": \"private\", \"x\": [1, {\"y\": 2}]},\n"
	           "  \"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"\"}}]",
	           NULL, &last),
	    0);
	out = sf_test_read(dir, "out.json");
	ck_assert_str_eq(
	    out,
	    "[\n{\"Id\":\"a\",\"Config\":{\"Env\":[\"DB_PASSWORD=(redacted by scapforge)\",\"NOVALUE\"]},"
	    "\"HostConfig\":{\"PidMode\":\"host\",\"IpcMode\":\"\"},"
	    "\"Scapforge\":{\"EffectivePidMode\":\"host\",\"EffectiveIpcMode\":\"\"}}\n]\n");
	ck_assert_int_eq(sf_test_mode(dir, "out.json"), 0600);
	free(out);
	sf_evidence_release(&last);
	free(dir);
}
END_TEST

START_TEST(test_collect_evidence__joiners_are_resolved)
{
	char *out;

	/* web -> ops-debug -> ucp-agent (host, excluded); db joins by ID
	 * prefix a donor declared after it; lost's donor is absent */
	ck_assert_int_eq(
	    filter("[{\"Id\": \"aaaa1\", \"Name\": \"/web\", \"HostConfig\": {\"PidMode\": \"container:ops-debug\", \"IpcMode\": \"container:dddd\"}},\n"
	           " {\"Id\": \"bbbb2\", \"Name\": \"/ops-debug\", \"HostConfig\": {\"PidMode\": \"container:ucp-agent\", \"IpcMode\": \"private\"}},\n"
	           " {\"Id\": \"cccc3\", \"Name\": \"/ucp-agent\", \"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"ns:/proc/1/ns/ipc\"}},\n"
	           " {\"Id\": \"dddd4\", \"Name\": \"/db\", \"HostConfig\": {\"PidMode\": \"ns:/run/netns/x\", \"IpcMode\": \"shareable\"}},\n"
	           " {\"Id\": \"eeee5\", \"Name\": \"/lost\", \"HostConfig\": {\"PidMode\": \"container:gone\", \"IpcMode\": \"container:ucp-agent\"}}]",
	           "ucp", &last),
	    0);
	ck_assert_uint_eq(last.nassessed, 4);
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_PID].effective, "host");
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_PID].chain,
	                 "container:ops-debug, which is container:ucp-agent, which is host");
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_IPC].effective, "container");
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_IPC].chain,
	                 "container:dddd, which is shareable");
	ck_assert_str_eq(last.assessed[1].ns[SF_NS_PID].chain,
	                 "container:ucp-agent, which is host");
	ck_assert_ptr_null(last.assessed[1].ns[SF_NS_IPC].chain);
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_PID].effective, "unresolved");
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_PID].chain,
	                 "ns:/run/netns/x, which cannot be decided from the evidence");
	ck_assert_str_eq(last.assessed[3].ns[SF_NS_PID].chain,
	                 "container:gone, which is not in the evidence");
	ck_assert_str_eq(last.assessed[3].ns[SF_NS_IPC].chain,
	                 "container:ucp-agent, which is ns:/proc/1/ns/ipc, which is the host's");
	ck_assert_str_eq(last.assessed[3].ns[SF_NS_IPC].effective, "host");
	out = sf_test_read(dir, "out.json");
	ck_assert_ptr_nonnull(strstr(out, "\"Scapforge\":{\"EffectivePidMode\":\"host\"      ,\"EffectiveIpcMode\":\"container\" }}"));
	ck_assert_ptr_nonnull(strstr(out, "\"Scapforge\":{\"EffectivePidMode\":\"unresolved\",\"EffectiveIpcMode\":\"shareable\"}}"));
	ck_assert_ptr_nonnull(strstr(out, "\"Scapforge\":{\"EffectivePidMode\":\"unresolved\",\"EffectiveIpcMode\":\"host\"      }}"));
	ck_assert_str_eq(last.sha256, sf_test_sha256(dir, "out.json"));
	free(out);
	sf_evidence_release(&last);
	free(dir);
}
END_TEST

START_TEST(test_collect_evidence__chains_long_ambiguous_and_cyclic)
{
	sf_buf b = SF_BUF_INIT;
	size_t i, n = 3000;

	/* c0 -> c1 -> ... -> c2999 (host): no recursion, short texts */
	sf_buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		sf_buf_printf(&b, "%s{\"Id\": \"id%zu\", \"Name\": \"/c%zu\", \"HostConfig\": {\"PidMode\": ",
		              i ? "," : "", i, i);
		if (i + 1 < n)
			sf_buf_printf(&b, "\"container:c%zu\"}}", i + 1);
		else
			sf_buf_puts(&b, "\"host\"}}");
	}
	sf_buf_putc(&b, ']');
	ck_assert_int_eq(filter(b.ptr, NULL, &last), 0);
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_PID].effective, "host");
	ck_assert_str_eq(last.assessed[0].ns[SF_NS_PID].chain,
	                 "container:c1, which is container:c2, which is container:c3, which is ... (2995 more), which is container:c2999, which is host");
	ck_assert_str_eq(last.assessed[2997].ns[SF_NS_PID].chain,
	                 "container:c2998, which is container:c2999, which is host");
	sf_evidence_release(&last);
	free(dir);
	sf_buf_release(&b);
	/* an ID prefix two containers share names neither */
	ck_assert_int_eq(
	    filter("[{\"Id\": \"ab1\", \"HostConfig\": {\"PidMode\": \"\"}}, {\"Id\": \"ab2\", \"HostConfig\": {\"PidMode\": \"\"}},"
	           " {\"Id\": \"x\", \"HostConfig\": {\"PidMode\": \"container:ab\"}}]",
	           NULL, &last),
	    0);
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_PID].chain,
	                 "container:ab, which names several containers of the evidence");
	sf_evidence_release(&last);
	free(dir);
	expect_error(
	    "[{\"Id\": \"a1\", \"Name\": \"/a\", \"HostConfig\": {\"PidMode\": \"container:b\"}},\n"
	    " {\"Id\": \"b1\", \"Name\": \"/b\", \"HostConfig\": {\"PidMode\": \"container:c\"}},\n"
	    " {\"Id\": \"c1\", \"Name\": \"/c\", \"HostConfig\": {\"PidMode\": \"container:a1\"}}]",
	    "evidence 'DIR/in.json' has containers that join each other's PID namespace in a cycle ('a' -> 'b' -> 'c' -> 'a', HostConfig.PidMode), which no Docker engine can run");
	expect_error(
	    "[{\"Id\": \"a1\", \"Name\": \"/self\", \"HostConfig\": {\"IpcMode\": \"container:self\"}}]",
	    "evidence 'DIR/in.json' has containers that join each other's IPC namespace in a cycle ('self' -> 'self', HostConfig.IpcMode), which no Docker engine can run");
}
END_TEST

/* Found by tests/fuzz/fuzz_chains: a donor is found as Docker's daemon
 * finds it (GetContainer): the full ID as written, then the name with
 * or without its '/', then a unique ID prefix as written; an ID or a
 * name that several containers of the evidence hold names none of them
 * (no engine has two), rather than whichever sorted first. */
START_TEST(test_collect_evidence__donors_found_as_docker_finds_them)
{
	ck_assert_int_eq(
	    filter("[{\"Id\": \"dup\", \"Name\": \"/a\", \"HostConfig\": {\"PidMode\": \"\"}},\n"
	           " {\"Id\": \"dup\", \"Name\": \"/ucp-b\", \"HostConfig\": {\"PidMode\": \"host\"}},\n"
	           " {\"Id\": \"w1\", \"Name\": \"/w\", \"HostConfig\": {\"PidMode\": \"container:dup\", \"IpcMode\": \"container:twin\"}},\n"
	           " {\"Id\": \"t1\", \"Name\": \"/twin\", \"HostConfig\": {\"IpcMode\": \"\"}},\n"
	           " {\"Id\": \"t2\", \"Name\": \"twin\", \"HostConfig\": {\"IpcMode\": \"host\"}}]",
	           "ucp", &last),
	    0);
	ck_assert_str_eq(last.assessed[1].ns[SF_NS_PID].effective, "unresolved");
	ck_assert_str_eq(last.assessed[1].ns[SF_NS_PID].chain,
	                 "container:dup, which names several containers of the evidence");
	ck_assert_str_eq(last.assessed[1].ns[SF_NS_IPC].effective, "unresolved");
	ck_assert_str_eq(last.assessed[1].ns[SF_NS_IPC].chain,
	                 "container:twin, which names several containers of the evidence");
	sf_evidence_release(&last);
	free(dir);
	/* "/web" is a name, never an ID: not the container whose ID is
	 * "web", and "/b1" is not b1's ID */
	ck_assert_int_eq(
	    filter("[{\"Id\": \"web\", \"Name\": \"/a\", \"HostConfig\": {\"PidMode\": \"\"}},\n"
	           " {\"Id\": \"b1\", \"Name\": \"/web\", \"HostConfig\": {\"PidMode\": \"host\", \"IpcMode\": \"shareable\"}},\n"
	           " {\"Id\": \"c1\", \"Name\": \"/c\", \"HostConfig\": {\"PidMode\": \"container:/web\", \"IpcMode\": \"container:/b1\"}},\n"
	           " {\"Id\": \"d1\", \"Name\": \"/d\", \"HostConfig\": {\"PidMode\": \"container:web\", \"IpcMode\": \"container:/\"}}]",
	           NULL, &last),
	    0);
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_PID].effective, "host");
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_PID].chain,
	                 "container:/web, which is host");
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_IPC].effective, "unresolved");
	ck_assert_str_eq(last.assessed[2].ns[SF_NS_IPC].chain,
	                 "container:/b1, which is not in the evidence");
	ck_assert_str_eq(last.assessed[3].ns[SF_NS_PID].effective, "container");
	ck_assert_str_eq(last.assessed[3].ns[SF_NS_PID].chain,
	                 "container:web, which is \"\"");
	ck_assert_str_eq(last.assessed[3].ns[SF_NS_IPC].chain,
	                 "container:/, which is not in the evidence");
	sf_evidence_release(&last);
	free(dir);
}
END_TEST

START_TEST(test_collect_evidence__bad_pattern_and_missing_file)
{
	sf_evidence ev;

	ck_assert_int_eq(
	    sf_evidence_filter("/nonexistent.json", "(", "/tmp/x", &ev), -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "the exclusion pattern '(' is not a valid regular expression: missing closing parenthesis at offset 1");
	/* a pattern that explodes when compiled, one that backtracks
	 * without end: each fails at once, with what is wrong */
	ck_assert_int_eq(sf_evidence_filter("/nonexistent.json",
	                                    "((a{60000}){60000}){60000}",
	                                    "/tmp/x", &ev),
	                 -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "the exclusion pattern '((a{60000}){60000}){60000}' is not a valid regular expression: regular expression is too large at offset 26");
	ck_assert_int_eq(filter("[{\"Id\": \"a\", \"Name\": \"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\"}]",
	                        "^(a+)+$", &ev),
	                 -1);
	ck_assert_str_eq(
	    sf_error_last(),
	    "the exclusion pattern '^(a+)+$' cannot be matched against 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!': match limit exceeded; simplify the pattern");
	free(dir);
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
	tcase_add_test(tc, test_collect_evidence__docker_reading_is_enforced);
	tcase_add_test(tc, test_collect_evidence__go_folds_long_s);
	tcase_add_test(tc,
	               test_collect_evidence__secrets_are_redacted_and_claims_replaced);
	tcase_add_test(tc, test_collect_evidence__joiners_are_resolved);
	tcase_add_test(tc,
	               test_collect_evidence__chains_long_ambiguous_and_cyclic);
	tcase_add_test(tc, test_collect_evidence__donors_found_as_docker_finds_them);
	tcase_add_test(tc, test_collect_evidence__bad_pattern_and_missing_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(evidence_suite());
}
