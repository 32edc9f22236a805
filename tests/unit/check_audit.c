/* Suite for src/emit/audit.c: the Tenable .audit file. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "load/rules.h"
#include "testutil.h"
#include "util/fsio.h"

/* The .audit text of the rules in dir for a release. */
static char *audit_of(const char *dir, const char *release)
{
	sf_emit_opts o = {release, 1767312000LL, "oval.xml", 0};
	sf_benchmark *b = NULL;
	sf_buf out = SF_BUF_INIT;
	sf_diags d;

	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, dir, &d), 0);
	ck_assert_int_eq(sf_emit_audit(&out, b, &o), 0);
	sf_benchmark_free(b);
	sf_diags_release(&d);
	return sf_buf_detach(&out);
}

static char *fixture_audit(const char *release)
{
	char *dir = sf_test_fixture_rules(), *text = audit_of(dir, release);

	free(dir);
	return text;
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* How many lines of text are exactly line. */
static int count_lines(const char *text, const char *line)
{
	size_t n = strlen(line);
	int count = 0;
	const char *s;

	for (s = text; s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
		if (!strncmp(s, line, n) && (s[n] == '\n' || !s[n]))
			count++;
	return count;
}

#define expect_line(text, line)                                                \
	ck_assert_msg(count_lines(text, line) == 1, "not once: %s", line)

/* The comment lines of text, unwrapped into one line. */
static char *comments(const char *text)
{
	sf_buf b = SF_BUF_INIT;
	const char *s, *e;

	for (s = text; *s; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		if (*s == '#' && e > s + 1)
			sf_buf_printf(&b, "%.*s", (int)(e - s - 1), s + 1);
	}
	return sf_buf_detach(&b);
}

/* The value of key in the item of the STIG ID, unescaped as Tenable reads
 * it (\" a quote, \\ a backslash). The caller frees. */
static char *value_of(const char *text, const char *stig, const char *key)
{
	sf_buf want = SF_BUF_INIT, v = SF_BUF_INIT;
	const char *item, *s;

	sf_buf_printf(&want, "  description : \"%s - ", stig);
	item = strstr(text, sf_buf_cstr(&want));
	ck_assert_ptr_nonnull(item);
	sf_buf_clear(&want);
	sf_buf_printf(&want, "\n  %-11s : \"", key);
	s = strstr(item, sf_buf_cstr(&want));
	ck_assert_ptr_nonnull(s);
	ck_assert(s < strstr(item, "</custom_item>"));
	for (s += want.len; *s != '"'; s++) {
		ck_assert_int_ne(*s, '\0');
		if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
			s++;
		sf_buf_putc(&v, *s);
	}
	sf_buf_release(&want);
	return sf_buf_detach(&v);
}

START_TEST(test_emit_audit__item_lines)
{
	char *text = fixture_audit("V2R2"), *again = fixture_audit("V2R2");

	ck_assert_str_eq(text, again);
	ck_assert(starts_with(text, "# Test STIG\n#\n"));
	expect_line(text, "<check_type:\"Unix\">");
	ck_assert_int_eq(count_lines(text, "<custom_item>"), 2);
	ck_assert_int_eq(count_lines(text, "</custom_item>"), 2);
	ck_assert(!strcmp(text + strlen(text) - 15, "\n</check_type>\n"));
	ck_assert_int_eq(count_lines(text, "  system      : \"Linux\""), 2);
	ck_assert_int_eq(count_lines(text, "  type        : CMD_EXEC"), 2);
	ck_assert_int_eq(count_lines(text, "  severity    : MEDIUM"), 2);
	ck_assert_int_eq(
	    count_lines(
	        text,
	        "  see_also    : \"https://public.cyber.mil/stigs/downloads/\""),
	    2);
	/* The title's double quotes, escaped. */
	expect_line(text, "  description : \"DKER-EE-001240 - PID namespace "
	                  "<not> shared & \\\"quoted\\\".\"");
	expect_line(text, "  description : \"DKER-EE-001250 - IPC namespace "
	                  "not shared.\"");
	expect_line(text, "  info        : \"Discussion with <markup> & "
	                  "ampersands.\"");
	ck_assert_int_eq(count_lines(text, "  solution    : \"Fix text.\""), 2);
	expect_line(text,
	            "  reference   : \"800-53|AC-4,CAT|II,CCI|CCI-001414,"
	            "Rule-ID|SV-235784r960804_rule,STIG-ID|DKER-EE-001240,"
	            "Vuln-ID|V-235784\"");
	expect_line(text,
	            "  reference   : \"800-53|SC-39,CAT|II,CCI|CCI-001414,"
	            "Rule-ID|SV-235785r960804_rule,STIG-ID|DKER-EE-001250,"
	            "Vuln-ID|V-235785\"");
	/* Backslashes and double quotes of the command, escaped. */
	expect_line(
	    text,
	    "  cmd         : \"ids=$(docker ps --all --quiet --no-trunc) || { "
	    "echo 'error: docker ps --all failed'; exit 1; }; out=; if [ -n "
	    "\\\"$ids\\\" ]; then out=$(docker inspect --type container "
	    "--format '{{.Name}} {{json .HostConfig.PidMode}} {{json "
	    ".Config.Image}} {{json .Path}} {{json .Args}}' $ids) || { echo "
	    "'error: docker inspect failed'; exit 1; }; fi; printf '%s\\\\n' "
	    "\\\"$out\\\" | awk -v x='ucp|kube|dtr' -v k='PidMode' -v "
	    "t='PidMode=host' 'BEGIN { x = tolower(x) } NF { n = substr($1, "
	    "2); m = $2; gsub(/\\\"/, \\\"\\\", m); i = $3; gsub(/\\\"/, "
	    "\\\"\\\", i); c = $0; sub(/^[^ ]* [^ ]* [^ ]* /, \\\"\\\", c); if "
	    "(x != \\\"\\\" && (tolower(n) ~ x || tolower(i) ~ x || tolower(c) "
	    "~ x)) { e = e \\\" \\\" n; ne++; next } a++; l[a] = n \\\" \\\" k "
	    "\\\"=\\\" m; if (m == \\\"host\\\") f++ } END { s = (ne + 0) \\\" "
	    "excluded\\\" (ne ? \\\":\\\" e : \\\"\\\"); if (f) print "
	    "\\\"fail: \\\" f \\\" of \\\" a \\\" containers have \\\" t \\\" "
	    "(\\\" s \\\")\\\"; else print \\\"pass: no container has \\\" t "
	    "\\\" (\\\" (a + 0) \\\" assessed, \\\" s \\\")\\\"; for (j = 1; j "
	    "<= a; j++) print l[j] }'\"");
	expect_line(text,
	            "  expect      : \"^pass: no container has PidMode=host\"");
	expect_line(text,
	            "  expect      : \"^pass: no container has IpcMode=host\"");
	/* Unix CMD_EXEC items take expect, not not_expect. */
	ck_assert_ptr_null(strstr(text, "not_expect"));
	free(text);
	free(again);
}
END_TEST

/* Writes a fake docker into dir whose "ps" prints dir/docker.ps (or fails
 * when dir/docker.fail exists) and whose "inspect" prints
 * dir/docker.inspect; runs the STIG's cmd with it; returns the output. */
static char *run_cmd(const char *dir, const char *text, const char *stig)
{
	char *cmd = value_of(text, stig, "cmd");
	sf_buf sh = SF_BUF_INIT, out = SF_BUF_INIT;
	char chunk[512];
	size_t n;
	FILE *p;

	sf_test_write(dir, "docker",
	              "#!/bin/sh\n"
	              "if [ \"$1\" = ps ]; then\n"
	              "\t[ -e \"$0.fail\" ] && exit 1\n"
	              "\texec cat \"$0.ps\"\n"
	              "fi\n"
	              "exec cat \"$0.inspect\"\n");
	sf_test_write(dir, "cmd.sh", cmd);
	sf_buf_printf(
	    &sh, "chmod +x '%s/docker' && PATH='%s':\"$PATH\" sh '%s/cmd.sh'",
	    dir, dir, dir);
	p = popen(sf_buf_cstr(&sh), "r");
	ck_assert_ptr_nonnull(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		sf_buf_put(&out, chunk, n);
	pclose(p);
	sf_buf_release(&sh);
	free(cmd);
	return sf_buf_detach(&out);
}

/* Whether the expect regex of the STIG's item matches the output (on its
 * first line, and the whole output alike). */
static int expect_matches(const char *text, const char *stig, const char *out)
{
	char *expect = value_of(text, stig, "expect");
	regex_t re;
	int whole;

	ck_assert_int_eq(regcomp(&re, expect, REG_EXTENDED | REG_NOSUB), 0);
	whole = regexec(&re, out, 0, NULL, 0) == 0;
	ck_assert_int_eq(whole, regexec(&re, out, 0, NULL, REG_NOTEOL) == 0);
	regfree(&re);
	free(expect);
	return whole;
}

/* Runs DKER-EE-001240's cmd with the fake docker giving ps and inspect
 * (ps NULL: docker ps fails); checks the output and whether the item
 * passes. */
static void expect_run(const char *run, const char *text, const char *ps,
                       const char *inspect, const char *want, int passes)
{
	char *out;

	if (ps) {
		sf_test_write(run, "docker.ps", ps);
		sf_test_write(run, "docker.inspect", inspect);
	} else {
		sf_test_write(run, "docker.fail", "");
	}
	out = run_cmd(run, text, "DKER-EE-001240");
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(expect_matches(text, "DKER-EE-001240", out), passes);
	free(out);
}

#define INSPECT_LINE(name, mode, args)                                         \
	"/" name " \"" mode "\" \"example/app:1\" \"/wait\" " args "\n"

START_TEST(test_emit_audit__escaping_survives_sh_awk_and_regex)
{
	char *dir = sf_test_fixture_rules(), *run = sf_test_tmpdir();
	char *text;

	/* Finding values with what sh, awk and regular expressions treat
	 * specially, and a fix text with quotes, backslashes and lines. */
	sf_test_edit(dir, "DKER-EE-001240.yml", "    - equals: host\n",
	             "    - equals: host\n"
	             "    - equals: it's.$x\n"
	             "    - equals: a\"b\\c|d\n");
	sf_test_edit(
	    dir, "DKER-EE-001240.yml", "fix_text: Fix text.",
	    "fix_text: |-\n  Say \"hi\" to C:\\dir\\.\n  Then \"go\".");
	text = audit_of(dir, "V2R2");
	expect_line(text, "  solution    : \"Say \\\"hi\\\" to C:\\\\dir\\\\.");
	expect_line(text, "Then \\\"go\\\".\"");
	expect_line(text, "  expect      : \"^pass: no container has PidMode="
	                  "host or it's\\\\.\\\\$x or a\\\"b\\\\\\\\c\\\\|d\"");

	expect_run(run, text, "1111\n2222\n3333\n4444\n",
	           INSPECT_LINE("web", "", "[\"-c\",\"x y\"]")
	               INSPECT_LINE("odd", "it's.$x", "[]")
	                   INSPECT_LINE("kube-thing", "host", "[]")
	                       INSPECT_LINE("cmdx", "host", "[\"--UCP\"]"),
	           "fail: 1 of 2 containers have PidMode=host or it's.$x or "
	           "a\"b\\c|d (2 excluded: kube-thing cmdx)\nweb PidMode=\n"
	           "odd PidMode=it's.$x\n",
	           0);
	expect_run(
	    run, text, "1111\n3333\n",
	    INSPECT_LINE("web", "private", "[]")
	        INSPECT_LINE("kube-thing", "host", "[]"),
	    "pass: no container has PidMode=host or it's.$x or a\"b\\c|d "
	    "(1 assessed, 1 excluded: kube-thing)\nweb PidMode=private\n",
	    1);
	/* The dot is literal: the regex wants this very text. */
	ck_assert(!expect_matches(text, "DKER-EE-001240",
	                          "pass: no container has PidMode=host or "
	                          "it'sX$x or a\"b\\c|d (0 assessed, "
	                          "0 excluded)\n"));
	expect_run(
	    run, text, "", "",
	    "pass: no container has PidMode=host or it's.$x or a\"b\\c|d "
	    "(0 assessed, 0 excluded)\n",
	    1);
	/* docker failing: no verdict, and the item fails. */
	expect_run(run, text, NULL, NULL, "error: docker ps --all failed\n", 0);
	free(text);
	free(run);
	free(dir);
}
END_TEST

START_TEST(test_emit_audit__release_selects_identifiers)
{
	char *text = fixture_audit("V1R1"), *c;
	sf_emit_opts o = {"V9R9", 0, "oval.xml", 0};
	sf_benchmark *b = NULL;
	sf_buf out = SF_BUF_INIT;
	sf_diags d;
	char *dir;

	expect_line(text, "  reference   : \"800-53|AC-4,CAT|II,CCI|CCI-001414,"
	                  "Rule-ID|SV-104739r2_rule,STIG-ID|DKER-EE-001240,"
	                  "Vuln-ID|V-95601\"");
	expect_line(text,
	            "  reference   : \"800-53|SC-39,CAT|II,CCI|CCI-001414,"
	            "Rule-ID|SV-104741r2_rule,STIG-ID|DKER-EE-001250,"
	            "Vuln-ID|V-95603\"");
	c = comments(text);
	ck_assert_ptr_nonnull(strstr(
	    c, " Tenable Nessus compliance checks (Unix) of the benchmark "
	       "xccdf_mil.disa.stig_benchmark_Test_STIG, version 1, "
	       "Release: 1 Benchmark Date: 19 Jul 2019 (V1R1), made by "
	       "scapforge " SF_VERSION " "));
	free(c);
	free(text);

	dir = sf_test_fixture_rules();
	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, dir, &d), 0);
	ck_assert_int_eq(sf_emit_audit(&out, b, &o), -1);
	ck_assert_uint_eq(out.len, 0);
	sf_benchmark_free(b);
	sf_diags_release(&d);
	free(dir);
}
END_TEST

/* The real rules: SC-39 only for DKER-EE-001250, whose Tenable audit item
 * names it; DKER-EE-001240's names no NIST control. */
START_TEST(test_emit_audit__real_rules_credit_sc39_to_001250_only)
{
	char *dir = sf_path_join(SF_SOURCE_DIR, "rules");
	char *text = audit_of(dir, "V1R1");

	expect_line(text, "  reference   : \"800-53|AC-4,CAT|II,CCI|CCI-001414,"
	                  "Rule-ID|SV-104739r2_rule,STIG-ID|DKER-EE-001240,"
	                  "Vuln-ID|V-95601\"");
	expect_line(text, "  reference   : \"800-53|AC-4,800-53|SC-39,CAT|II,"
	                  "CCI|CCI-001414,Rule-ID|SV-104741r2_rule,"
	                  "STIG-ID|DKER-EE-001250,Vuln-ID|V-95603\"");
	free(text);
	text = audit_of(dir, "V2R2");
	expect_line(text, "  reference   : \"800-53|AC-4,CAT|II,CCI|CCI-001414,"
	                  "Rule-ID|SV-235784r960804_rule,"
	                  "STIG-ID|DKER-EE-001240,Vuln-ID|V-235784\"");
	expect_line(text, "  reference   : \"800-53|AC-4,800-53|SC-39,CAT|II,"
	                  "CCI|CCI-001414,Rule-ID|SV-235785r960804_rule,"
	                  "STIG-ID|DKER-EE-001250,Vuln-ID|V-235785\"");
	free(text);
	free(dir);
}
END_TEST

START_TEST(test_emit_audit__severity_and_nist_revisions)
{
	char *dir = sf_test_fixture_rules(), *text;

	sf_test_edit(dir, "DKER-EE-001240.yml", "severity: medium",
	             "severity: high");
	sf_test_edit(dir, "DKER-EE-001250.yml", "severity: medium",
	             "severity: low");
	sf_test_edit(dir, "DKER-EE-001240.yml", "    source: DISA CCI list\n",
	             "    source: DISA CCI list\n"
	             "  - control: AC-4\n"
	             "    revision: 4\n"
	             "    source: another mapping of the same control\n"
	             "  - control: AC-4\n"
	             "    revision: 5\n"
	             "    source: NIST\n");
	text = audit_of(dir, "V2R2");
	expect_line(text, "  reference   : \"800-53|AC-4,800-53r5|AC-4,CAT|I,"
	                  "CCI|CCI-001414,Rule-ID|SV-235784r960804_rule,"
	                  "STIG-ID|DKER-EE-001240,Vuln-ID|V-235784\"");
	expect_line(text, "  reference   : \"800-53|SC-39,CAT|III,"
	                  "CCI|CCI-001414,Rule-ID|SV-235785r960804_rule,"
	                  "STIG-ID|DKER-EE-001250,Vuln-ID|V-235785\"");
	expect_line(text, "  severity    : HIGH");
	expect_line(text, "  severity    : LOW");
	free(text);
	free(dir);
}
END_TEST

START_TEST(test_emit_audit__values_it_cannot_tailor)
{
	char *dir = sf_test_fixture_rules(), *text, *c;

	/* By default shareable is no finding: the comment says why the item
	 * cannot follow the Value. */
	text = audit_of(dir, "V2R2");
	c = comments(text);
	ck_assert_ptr_nonnull(strstr(
	    c,
	    " DKER-EE-001250: HostConfig.IpcMode of every container, running "
	    "or stopped; containers whose name, image or command matches "
	    "'ucp|kube|dtr' (the default of the Value "
	    "container_exclusion_pattern, without regard to case) are left "
	    "out and named on the verdict line. IpcMode=shareable is also a "
	    "finding where the XCCDF Value "
	    "xccdf_mil.disa.stig_value_ipc_shareable_is_finding is set to "
	    "true (DISA's check text read literally). An .audit file cannot "
	    "be tailored"));
	ck_assert_ptr_null(strstr(text, "m == \\\"shareable\\\""));
	free(c);
	free(text);

	/* A Value true by default: shareable is a finding in the item. */
	sf_test_edit(dir, "benchmark.yml", "default: false", "default: true");
	text = audit_of(dir, "V2R2");
	expect_line(text, "  expect      : \"^pass: no container has "
	                  "IpcMode=host or shareable\"");
	ck_assert_ptr_nonnull(strstr(
	    text, "if (m == \\\"host\\\" || m == \\\"shareable\\\") f++"));
	c = comments(text);
	ck_assert_ptr_null(strstr(c, "cannot be tailored"));
	free(c);
	free(text);

	/* Line breaks in what a comment quotes stay in comments. */
	sf_test_edit(dir, "benchmark.yml", "title: Test STIG",
	             "title: |-\n  Test STIG,\n  on two lines");
	text = audit_of(dir, "V2R2");
	ck_assert(starts_with(text, "# Test STIG,\n# on two lines\n#\n"));
	free(text);

	/* An empty exclusion pattern excludes nothing. */
	sf_test_edit(dir, "benchmark.yml", "default: ucp|kube|dtr",
	             "default: \"\"");
	text = audit_of(dir, "V2R2");
	ck_assert_ptr_nonnull(strstr(text, "| awk -v x='' -v k='PidMode'"));
	free(text);
	free(dir);
}
END_TEST

static Suite *audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_emit_audit__item_lines);
	tcase_add_test(tc, test_emit_audit__escaping_survives_sh_awk_and_regex);
	tcase_add_test(tc, test_emit_audit__release_selects_identifiers);
	tcase_add_test(tc, test_emit_audit__real_rules_credit_sc39_to_001250_only);
	tcase_add_test(tc, test_emit_audit__severity_and_nist_revisions);
	tcase_add_test(tc, test_emit_audit__values_it_cannot_tailor);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(audit_suite());
}
