/*
 * The fleet's hosts file (scan/fleet.c) and its CSV and JSON roll-up
 * (report/fleet.c).
 */
#include <stdlib.h>
#include <string.h>

#include "report/fleet.h"
#include "scan/fleet.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/error.h"

static int parse(sf_fleet *f, const char *text)
{
	return sf_fleet_parse(f, "hosts", text, strlen(text));
}

/* The error of a hosts file that must be refused. */
static const char *refused(const char *text)
{
	sf_fleet f = {NULL, 0};
	int rc = parse(&f, text);

	sf_fleet_release(&f);
	ck_assert_int_eq(rc, -1);
	return sf_error_last();
}

START_TEST(test_fleet_hosts__names_urls_tls_and_comments)
{
	sf_fleet f = {NULL, 0};
	sf_endpoint_opts e;

	ck_assert_int_eq(
	    parse(&f, "# the fleet\n\n  unix:///run/docker.sock\r\n"
	              "tcp://10.0.0.5:2376 tls=/etc/certs/a name=<b>a,b\t# x\n"
	              "ssh://ops@db.example.mil:22/x\n"
	              "tcp://h:1#2 name=..\n"),
	    0);
	ck_assert_uint_eq(f.n, 4);
	ck_assert_str_eq(f.hosts[0].name, "docker");
	ck_assert_str_eq(f.hosts[0].url, "unix:///run/docker.sock");
	ck_assert_ptr_null(f.hosts[0].tls_dir);
	ck_assert_str_eq(f.hosts[1].name, "<b>a,b");
	ck_assert_str_eq(f.hosts[1].folder, "_b_a_b");
	ck_assert_str_eq(f.hosts[2].name, "db.example.mil:22");
	ck_assert_str_eq(f.hosts[2].folder, "db.example.mil_22");
	/* '#' only opens a comment at a word's start; no folder climbs out */
	ck_assert_str_eq(f.hosts[3].url, "tcp://h:1#2");
	ck_assert_str_eq(f.hosts[3].folder, "_.");
	memset(&e, 0, sizeof(e));
	sf_fleet_endpoint(&f.hosts[1], &e);
	ck_assert_str_eq(e.host, "tcp://10.0.0.5:2376");
	ck_assert_int_eq(e.tlsverify, 1);
	ck_assert_str_eq(e.tlscacert, "/etc/certs/a/ca.pem");
	ck_assert_str_eq(e.tlscert, "/etc/certs/a/cert.pem");
	ck_assert_str_eq(e.tlskey, "/etc/certs/a/key.pem");
	sf_fleet_release(&f);
}
END_TEST

START_TEST(test_fleet_hosts__errors_say_file_line_and_column)
{
	ck_assert_str_eq(refused("unix:///a.sock\n\n   http://x\n"),
	                 "hosts:3:4: 'http://x' is not an engine URL "
	                 "(unix:///path, tcp://host:port, "
	                 "https://host:port or ssh://[user@]host)");
	ck_assert_str_eq(refused("tcp:// name=a\n"),
	                 "hosts:1:1: 'tcp://' is not an engine URL "
	                 "(unix:///path, tcp://host:port, "
	                 "https://host:port or ssh://[user@]host)");
	ck_assert_str_eq(refused("tcp://a:1 nom=x\n"),
	                 "hosts:1:11: 'nom=x' is neither name=NAME nor tls=DIR");
	ck_assert_str_eq(refused("tcp://a:1 name=\n"),
	                 "hosts:1:11: 'name=' is neither name=NAME nor tls=DIR");
	ck_assert_str_eq(refused("tcp://a:1 tls=/a tls=/b\n"),
	                 "hosts:1:18: 'tls=/b': tls= is given twice");
	ck_assert_str_eq(refused("tcp://a:1 name=a tls=/a x\n"),
	                 "hosts:1:25: more than a URL, name= and tls=");
	ck_assert_str_eq(refused("tcp://a:1\ntcp://b:1 name=a:1\n"),
	                 "hosts:2:1: two hosts are named 'a:1' (give each a "
	                 "name=NAME of its own)");
	ck_assert_str_eq(refused("tcp://a:1 name=x/y\ntcp://b:1 name=x:y\n"),
	                 "hosts:2:1: two hosts are named 'x_y' as a folder "
	                 "(give each a name=NAME of its own)");
	ck_assert_int_eq(sf_fleet_parse(&(sf_fleet){NULL, 0}, "hosts",
	                                "tcp://a\0:1\n", 11),
	                 -1);
	ck_assert_str_eq(sf_error_last(), "hosts:1:8: a NUL byte");
	ck_assert_str_eq(refused("# none\n\n"), "hosts: names no host");
}
END_TEST

static char *csv(const char *s)
{
	sf_buf b = SF_BUF_INIT;

	sf_fleet_csv_field(&b, s);
	return sf_buf_detach(&b);
}

START_TEST(test_fleet_csv__quotes_and_neutralises_formulas)
{
	static const char *const cases[][2] = {
	    {"plain", "plain"},
	    {"", ""},
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"two\nlines", "\"two\nlines\""},
	    {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
	    {"+1", "'+1"},
	    {"-1", "'-1"},
	    {"@SUM(A1)", "'@SUM(A1)"},
	    {"\tx", "'\tx"},
	    {"\rx", "\"'\rx\""},
	    {"=a,\"b", "\"'=a,\"\"b\""},
	    {"a=b", "a=b"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = csv(cases[i][0]);

		ck_assert_str_eq(got, cases[i][1]);
		free(got);
	}
}
END_TEST

START_TEST(test_fleet_rollup__outcomes_counts_and_verdict)
{
	static const char summary[] =
	    "{\"rules\": [{\"stig_id\": \"DKER-EE-001240\", \"rule_id\": "
	    "\"SV-1\", \"result\": \"fail\", \"offenders\": [{\"id\": \"ab\", "
	    "\"name\": \"=x\"}]}], \"engine\": {\"name\": \"h1\", \"id\": "
	    "\"E\", \"version\": \"27\"}, \"evidence\": {\"assessed\": 2}}";
	sf_fleet f = {NULL, 0};
	sf_buf out = SF_BUF_INIT;

	ck_assert_int_eq(sf_fleet_add(&f, "tcp://a:1", "a", NULL), 0);
	ck_assert_int_eq(sf_fleet_add(&f, "tcp://b:1", NULL, NULL), 0);
	ck_assert_int_eq(sf_fleet_verdict(&f), 1); /* none scanned yet */
	ck_assert_int_eq(sf_fleet_outcome_read(&f.hosts[0], summary,
	                                       strlen(summary), 2),
	                 0);
	ck_assert_int_eq(f.hosts[0].status, SF_FLEET_FINDING);
	ck_assert_uint_eq(f.hosts[0].containers, 2);
	ck_assert_int_eq(sf_fleet_outcome_read(&f.hosts[1], "[]", 2, 0), -1);
	f.hosts[1].status = SF_FLEET_ERROR;
	f.hosts[1].error = sf_xstrdup("down, \"really\"");
	ck_assert_int_eq(sf_fleet_verdict(&f), 2);
	sf_fleet_csv(&f, &out);
	ck_assert_str_eq(
	    sf_buf_cstr(&out),
	    "host,endpoint,status,engine,containers,stig_id,result,"
	    "offenders,error\r\n"
	    "a,tcp://a:1,finding,h1,2,DKER-EE-001240,fail,'=x,\r\n"
	    "b:1,tcp://b:1,error,,,,,,\"down, \"\"really\"\"\"\r\n");
	sf_buf_clear(&out);
	sf_fleet_json(&f, &out);
	ck_assert_ptr_nonnull(strstr(sf_buf_cstr(&out),
	                             "\"hosts\": 2,\n    \"pass\": 0,\n    "
	                             "\"finding\": 1,\n    \"error\": 1,\n    "
	                             "\"containers\": 2\n"));
	sf_buf_release(&out);
	sf_fleet_release(&f);
}
END_TEST

static Suite *fleet_suite(void)
{
	Suite *s = suite_create("fleet");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_fleet_hosts__names_urls_tls_and_comments);
	tcase_add_test(tc, test_fleet_hosts__errors_say_file_line_and_column);
	tcase_add_test(tc, test_fleet_csv__quotes_and_neutralises_formulas);
	tcase_add_test(tc, test_fleet_rollup__outcomes_counts_and_verdict);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(fleet_suite());
}
