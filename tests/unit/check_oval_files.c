/* Suite for the file probes, sets and filters of src/eval where they
 * cannot be conformance cases that OpenSCAP 1.3.7 also holds
 * (tests/data/oval/files.xml): files that are there and cannot be read
 * (error, as OpenSCAP has it, but only a user whom permissions stop can
 * see one), folders that cannot be listed and folders named where a file
 * is (error; OpenSCAP does not see them); the specification's readings
 * OpenSCAP departs from (a path pattern matches whatever path it
 * matches, not only the folders under its literal start, and never
 * through a link met on the way; an intersection with nothing is
 * nothing, even with an operand in error; a filter's state in error is
 * no verdict on the item); the limits of a walk; and the offenders of
 * file items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "eval/engine.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/fsio.h"

#define NS_DEFS                                                                \
	"xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" "        \
	"xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\" "        \
	"xmlns:ind=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#"      \
	"independent\" "                                                       \
	"xmlns:unix=\"http://oval.mitre.org/XMLSchema/oval-definitions-5#"     \
	"unix\" "                                                              \
	"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""

/* A definition that is its test's result. */
#define DEF(n)                                                                 \
	"<definition id=\"oval:t:def:" #n "\" version=\"1\" "                  \
	"class=\"compliance\"><metadata><title>t</title><description>d"        \
	"</description></metadata><criteria><criterion "                       \
	"test_ref=\"oval:t:tst:" #n "\"/></criteria></definition>"

#define TFC_TEST(n, obj, extra)                                                \
	"<ind:textfilecontent54_test id=\"oval:t:tst:" #n "\" version=\"1\" "  \
	"check=\"all\" comment=\"c\" " extra "><ind:object "                   \
	"object_ref=\"oval:t:obj:" #obj "\"/></ind:textfilecontent54_test>"

/* A textfilecontent54 object of the owner lines of path and filename. */
#define TFC_OBJ(n, path, name)                                                 \
	"<ind:textfilecontent54_object id=\"oval:t:obj:" #n "\" "              \
	"version=\"1\">" path name                                             \
	"<ind:pattern operation=\"pattern match\">^owner = (\\w+)$"            \
	"</ind:pattern><ind:instance datatype=\"int\">1</ind:instance>"        \
	"</ind:textfilecontent54_object>"

#define PATH_RE(re) "<ind:path operation=\"pattern match\">" re "</ind:path>"
#define PATH(p) "<ind:path>" p "</ind:path>"
#define NAME(f) "<ind:filename>" f "</ind:filename>"

static void mkdirs(const char *path)
{
	char *p = sf_xstrdup(path), *s;

	for (s = p + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
	free(p);
}

/* dir/rel/name with text, the folders made on the way. */
static void put(const char *dir, const char *rel, const char *text)
{
	char *p = sf_path_join(dir, rel), *slash = strrchr(p, '/');

	*slash = '\0';
	mkdirs(p);
	sf_test_write(p, slash + 1, text);
	free(p);
}

/* A tree of owner files: srv/{one,onetwo,two}/data.conf. */
static char *tree(void)
{
	char *dir = sf_test_tmpdir();

	/* others may walk into it, when the test runs as nobody */
	chmod(dir, 0755);
	put(dir, "srv/one/data.conf", "owner = alice\n");
	put(dir, "srv/onetwo/data.conf", "owner = carol\n");
	put(dir, "srv/two/data.conf", "owner = bob\n");
	return dir;
}

/* The document of body (definitions, tests, objects, states, variables
 * as elements) with @DATA@ replaced by data, and @EDATA@ by data with
 * what means something in a pattern escaped. */
static xmlDocPtr doc_of(const char *body, const char *data)
{
	sf_buf b = SF_BUF_INIT, esc = SF_BUF_INIT;
	const char *p, *at, *d;
	xmlDocPtr doc;

	for (d = data; *d; d++) {
		if (strchr(".*^$\\[](){}+?|", *d))
			sf_buf_putc(&esc, '\\');
		sf_buf_putc(&esc, *d);
	}
	sf_buf_puts(&b, "<oval_definitions " NS_DEFS "><generator>"
	                "<oval:schema_version>5.11.2</oval:schema_version>"
	                "<oval:timestamp>2026-01-01T00:00:00</oval:timestamp>"
	                "</generator>");
	for (p = body; (at = strchr(p, '@')); p = at) {
		sf_buf_put(&b, p, (size_t)(at - p));
		if (!strncmp(at, "@DATA@", 6)) {
			sf_buf_puts(&b, data);
			at += 6;
		} else if (!strncmp(at, "@EDATA@", 7)) {
			sf_buf_puts(&b, sf_buf_cstr(&esc));
			at += 7;
		} else {
			sf_buf_putc(&b, *at++);
		}
	}
	sf_buf_puts(&b, p);
	sf_buf_release(&esc);
	sf_buf_puts(&b, "</oval_definitions>");
	doc = xmlReadMemory(b.ptr, (int)b.len, "t.xml", NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "not well-formed: %s", b.ptr);
	sf_buf_release(&b);
	return doc;
}

/* Definition n's result; *problem (when not NULL) the engine's last
 * problem (caller frees). */
static sf_oval_result eval(xmlDocPtr doc, int n, char **problem)
{
	sf_oval_engine *e;
	sf_oval_result r;
	char id[32];

	snprintf(id, sizeof(id), "oval:t:def:%d", n);
	ck_assert_int_eq(sf_oval_engine_new(&e, xmlDocGetRootElement(doc)), 0);
	r = sf_oval_engine_definition(e, id);
	if (problem)
		*problem = sf_xstrdup(sf_oval_engine_last_problem(e)
		                          ? sf_oval_engine_last_problem(e)
		                          : "");
	sf_oval_engine_free(e);
	return r;
}

/* Fails unless definition n gives error with a problem holding what. */
static void expect_error(xmlDocPtr doc, int n, const char *what)
{
	char *problem;
	sf_oval_result r = eval(doc, n, &problem);

	ck_assert_msg(r == SF_OVAL_ERROR && strstr(problem, what),
	              "def %d: %s (%s), want error saying '%s'", n,
	              sf_oval_result_name(r), problem, what);
	free(problem);
}

START_TEST(test_oval_files__a_folder_for_a_file_is_an_error)
{
	char *data = tree();
	xmlDocPtr doc;

	put(data, "srv/one/sub/x", "");
	doc = doc_of(
	    "<definitions>" DEF(1) DEF(2) "</definitions><tests>" TFC_TEST(1, 1,
	                                                                   "")
	        TFC_TEST(2, 2, "") "</tests><objects>" TFC_OBJ(
	            1, PATH("@DATA@/srv/one"),
	            NAME(
	                "sub")) "<ind:textfilecontent54_object id=\"oval:t:obj:2\" "
	                        "version=\"1\"><ind:filepath>@DATA@/srv</ind:filepath>"
	                        "<ind:pattern operation=\"pattern match\">.</ind:pattern>"
	                        "<ind:instance datatype=\"int\">1</ind:instance>"
	                        "</ind:textfilecontent54_object></objects>",
	    data);
	expect_error(doc, 1, "/srv/one/sub': it is a directory, not a regular");
	expect_error(doc, 2, "/srv': it is a directory, not a regular file");
	xmlFreeDoc(doc);
	free(data);
}
END_TEST

/* Runs definition n of doc as a user whom permissions stop: this process
 * when it is not root, else a child that has become nobody. Returns its
 * result, or 9 when the problem does not hold what (8: the child could
 * not become nobody). */
static int eval_unprivileged(xmlDocPtr doc, int n, const char *what)
{
	char *problem;
	pid_t pid;
	int st, r;

	if (geteuid() != 0) {
		r = eval(doc, n, &problem);
		r = r == SF_OVAL_ERROR && !strstr(problem, what) ? 9 : r;
		free(problem);
		return r;
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(8);
		r = eval(doc, n, &problem);
		_exit(r == SF_OVAL_ERROR && !strstr(problem, what) ? 9 : r);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_msg(WEXITSTATUS(st) != 8,
	              "root cannot become nobody here: the permissions "
	              "cannot be tested");
	return WEXITSTATUS(st);
}

START_TEST(test_oval_files__unreadable_and_unlistable_are_errors)
{
	char *data = tree(), *p;
	xmlDocPtr doc = doc_of(
	    "<definitions>" DEF(1) DEF(2)
	        DEF(3) "</definitions><tests>" TFC_TEST(
	            1, 1, "check_existence=\"none_exist\"")
	            TFC_TEST(2, 2, "check_existence=\"none_exist\"")
	                TFC_TEST(3, 3, "") "</tests><objects>" TFC_OBJ(
	                    1, PATH("@DATA@/srv/two"), NAME("data.conf"))
	                    TFC_OBJ(2, PATH_RE("^@DATA@/srv/[a-z]+$"),
	                            NAME("data.conf"))
	                        TFC_OBJ(3, PATH_RE("^@DATA@/srv/o[a-z]+$"),
	                                NAME("data.conf")) "</objects>",
	    data);

	/* all readable: none_exist is false, one is alice's */
	ck_assert_int_eq(eval_unprivileged(doc, 1, ""), SF_OVAL_FALSE);
	ck_assert_int_eq(eval_unprivileged(doc, 3, ""), SF_OVAL_TRUE);
	p = sf_path_join(data, "srv/two/data.conf");
	ck_assert_int_eq(chmod(p, 0), 0);
	free(p);
	/* never "none exist" for a file that could not be read */
	ck_assert_int_eq(eval_unprivileged(doc, 1,
	                                   "data.conf': Permission "
	                                   "denied"),
	                 SF_OVAL_ERROR);
	ck_assert_int_eq(eval_unprivileged(doc, 2,
	                                   "two/data.conf': "
	                                   "Permission denied"),
	                 SF_OVAL_ERROR);
	/* a folder that cannot be listed on the way */
	p = sf_path_join(data, "srv");
	ck_assert_int_eq(chmod(p, 0311), 0);
	ck_assert_int_eq(eval_unprivileged(doc, 3, "cannot list the folder"),
	                 SF_OVAL_ERROR);
	chmod(p, 0755);
	free(p);
	xmlFreeDoc(doc);
	free(data);
}
END_TEST

START_TEST(test_oval_files__path_patterns_as_specified)
{
	char *data = tree(), *p, *q;
	sf_buf deep = SF_BUF_INIT;
	xmlDocPtr doc;
	int i;

	/* a link to a folder is not followed */
	p = sf_path_join(data, "srv");
	q = sf_path_join(data, "link");
	ck_assert_int_eq(symlink(p, q), 0);
	free(p);
	free(q);
	for (i = 0; i < 33; i++)
		sf_buf_puts(&deep, "d/");
	sf_buf_puts(&deep, "data.conf");
	put(data, deep.ptr, "owner = zed\n");
	sf_buf_release(&deep);
	doc = doc_of(
	    "<definitions>" DEF(1) DEF(2) DEF(3) DEF(4) DEF(5) DEF(
	        6) "</definitions><tests>"
	           "<ind:variable_test id=\"oval:t:tst:1\" version=\"1\" "
	           "check=\"all\" comment=\"c\"><ind:object object_ref="
	           "\"oval:t:obj:9\"/><ind:state state_ref=\"oval:t:ste:1\"/>"
	           "</ind:variable_test>" TFC_TEST(
	               2, 2, "check_existence=\"none_exist\"") TFC_TEST(3, 3,
	                                                                "")
	               TFC_TEST(4, 4, "") TFC_TEST(5, 5, "") TFC_TEST(
	                   6, 6,
	                   "") "</tests><objects>" TFC_OBJ(1,
	                                                   PATH_RE(
	                                                       "^@DATA@/srv/one"),
	                                                   NAME("data.conf"))
	                   TFC_OBJ(
	                       2, PATH_RE("^@EDATA@/[l]ink/o[a-z]+$"),
	                       NAME(
	                           "data.conf")) TFC_OBJ(3,
	                                                 PATH_RE(
	                                                     "^@EDATA@/link/one$"),
	                                                 NAME("data.conf"))
	                       TFC_OBJ(
	                           4, PATH_RE("^@EDATA@/d(/d)*$"),
	                           NAME(
	                               "data.conf")) TFC_OBJ(5,
	                                                     PATH_RE(
	                                                         "@DATA@/srv/one$"),
	                                                     NAME("data.conf"))
	                           TFC_OBJ(
	                               6, PATH_RE("^@DATA@/srv/(one$"),
	                               NAME(
	                                   "data.conf")) "<ind:variable_object id=\"oval:t:obj:9\" version=\"1\">"
	                                                 "<ind:var_ref>oval:t:var:1</ind:var_ref></ind:variable_object>"
	                                                 "</objects><states><ind:variable_state id=\"oval:t:ste:1\" "
	                                                 "version=\"1\"><ind:value datatype=\"int\">2</ind:value>"
	                                                 "</ind:variable_state></states><variables>"
	                                                 "<local_variable id=\"oval:t:var:1\" version=\"1\" "
	                                                 "datatype=\"int\" comment=\"c\"><count><object_component "
	                                                 "object_ref=\"oval:t:obj:1\" item_field=\"path\"/></count>"
	                                                 "</local_variable></variables>",
	    data);
	/* ^DATA/srv/one matches srv/onetwo too (OpenSCAP starts its walk at
	 * srv/one and finds srv/one alone) */
	ck_assert_int_eq(eval(doc, 1, NULL), SF_OVAL_TRUE);
	/* a link to a folder met on the walk is not followed (OpenSCAP
	 * follows it) */
	ck_assert_int_eq(eval(doc, 2, NULL), SF_OVAL_TRUE);
	/* in what the pattern spells out before the walk, a link is
	 * resolved as the system resolves it */
	ck_assert_int_eq(eval(doc, 3, NULL), SF_OVAL_TRUE);
	expect_error(doc, 4, "more than 32 levels down");
	expect_error(doc, 5, "does not begin with ^");
	expect_error(doc, 6, "is not a valid regular expression");
	xmlFreeDoc(doc);
	free(data);
}
END_TEST

START_TEST(test_oval_files__sets_and_filters_as_specified)
{
	char *data = tree();
	xmlDocPtr doc = doc_of(
	    "<definitions>" DEF(1) DEF(2) DEF(3) DEF(4) DEF(
	        5) "</definitions><tests>" TFC_TEST(1, 11,
	                                            "check_existence=\"none_exist\"")
	        TFC_TEST(2, 12, "") TFC_TEST(3, 13, "") TFC_TEST(4, 14, "")
	            TFC_TEST(5, 15, "check_existence=\"none_exist\"") "</tests><objects>" TFC_OBJ(
	                1, PATH("@DATA@/nowhere"),
	                NAME(
	                    "data.conf")) "<ind:textfilecontent54_object id=\"oval:t:obj:2\" "
	                                  "version=\"1\"><ind:path>@DATA@/srv/one</ind:path>"
	                                  "<ind:filename>data.conf</ind:filename><ind:pattern "
	                                  "operation=\"pattern match\">(</ind:pattern><ind:instance "
	                                  "datatype=\"int\">1</ind:instance>"
	                                  "</ind:textfilecontent54_object>" TFC_OBJ(
	                                      3, PATH_RE("^@DATA@/srv/[a-z]+$"),
	                                      NAME(
	                                          "data.conf")) "<ind:textfilecontent54_object id=\"oval:t:obj:11\" "
	                                                        "version=\"1\"><set set_operator=\"INTERSECTION\">"
	                                                        "<object_reference>oval:t:obj:2</object_reference>"
	                                                        "<object_reference>oval:t:obj:1</object_reference></set>"
	                                                        "</ind:textfilecontent54_object>"
	                                                        "<ind:textfilecontent54_object id=\"oval:t:obj:12\" "
	                                                        "version=\"1\"><set><object_reference>oval:t:obj:3"
	                                                        "</object_reference><filter action=\"include\">oval:t:ste:1"
	                                                        "</filter></set></ind:textfilecontent54_object>"
	                                                        "<ind:textfilecontent54_object id=\"oval:t:obj:13\" "
	                                                        "version=\"1\"><set><object_reference>oval:t:obj:13"
	                                                        "</object_reference></set></ind:textfilecontent54_object>"
	                                                        "<unix:file_object id=\"oval:t:obj:14\" version=\"1\"><set>"
	                                                        "<object_reference>oval:t:obj:3</object_reference></set>"
	                                                        "</unix:file_object>"
	                                                        "<ind:textfilecontent54_object id=\"oval:t:obj:15\" "
	                                                        "version=\"1\"><set><object_reference>oval:t:obj:3"
	                                                        "</object_reference><filter action=\"include\">oval:t:ste:2"
	                                                        "</filter></set></ind:textfilecontent54_object>"
	                                                        "</objects><states>"
	                                                        "<ind:textfilecontent54_state id=\"oval:t:ste:1\" version=\"1\">"
	                                                        "<ind:subexpression datatype=\"int\" operation=\"greater than\">"
	                                                        "1</ind:subexpression></ind:textfilecontent54_state>"
	                                                        "<ind:textfilecontent54_state id=\"oval:t:ste:2\" version=\"1\">"
	                                                        "<ind:subexpression>nobody</ind:subexpression>"
	                                                        "</ind:textfilecontent54_state></states>",
	    data);

	/* an intersection with nothing is nothing, though the first operand
	 * is in error (SetOperatorEnumeration; OpenSCAP: error) */
	ck_assert_int_eq(eval(doc, 1, NULL), SF_OVAL_TRUE);
	/* a filter's state that cannot be evaluated on an item (an owner
	 * is no int) makes the object error (OpenSCAP keeps the item) */
	expect_error(doc, 2,
	             "the filter state 'oval:t:ste:1' cannot be "
	             "evaluated on an item");
	expect_error(doc, 3, "contains itself");
	expect_error(doc, 4, "an object of another kind");
	/* a filter that keeps nothing leaves nothing */
	ck_assert_int_eq(eval(doc, 5, NULL), SF_OVAL_TRUE);
	xmlFreeDoc(doc);
	free(data);
}
END_TEST

START_TEST(test_oval_files__unsized_files_are_read)
{
	xmlDocPtr doc = doc_of(
	    "<definitions>" DEF(1) "</definitions><tests>" TFC_TEST(
	        1, 1,
	        "") "</tests><objects><ind:textfilecontent54_object "
	            "id=\"oval:t:obj:1\" version=\"1\"><ind:filepath>/proc/version"
	            "</ind:filepath><ind:pattern operation=\"pattern match\">^(.)"
	            "</ind:pattern><ind:instance datatype=\"int\">1</ind:instance>"
	            "</ind:textfilecontent54_object></objects>",
	    "");

	/* procfs states no size: the file is read, not mapped */
	ck_assert_int_eq(eval(doc, 1, NULL), SF_OVAL_TRUE);
	xmlFreeDoc(doc);
}
END_TEST

/* "PATH=VALUE" of each offender, PATH relative to data, one a line. */
static char *listing(const sf_oval_offender *o, size_t n, const char *data)
{
	sf_buf b = SF_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		ck_assert_int_eq(o[i].item, -1);
		ck_assert_ptr_null(o[i].yamlpath);
		ck_assert(!strncmp(o[i].path, data, strlen(data)));
		sf_buf_printf(&b, "%s=%s\n", o[i].path + strlen(data),
		              o[i].value);
	}
	return sf_buf_detach(&b);
}

START_TEST(test_oval_files__offenders_are_the_files_folders)
{
	char *data = tree(), *got;
	const sf_oval_offender *o;
	sf_oval_offender *all;
	sf_oval_engine *e;
	xmlDocPtr doc;
	size_t n;

	put(data, "srv/two/data.conf", "owner = bob\nowner = bob2\n");
	doc = doc_of(
	    "<definitions><definition id=\"oval:t:def:1\" version=\"1\" "
	    "class=\"compliance\"><metadata><title>t</title><description>d"
	    "</description></metadata><criteria><criterion "
	    "test_ref=\"oval:t:tst:1\"/><criterion test_ref=\"oval:t:tst:2\"/>"
	    "<criterion test_ref=\"oval:t:tst:3\"/></criteria></definition>"
	    "</definitions><tests>" TFC_TEST(
	        1, 1,
	        "check_existence=\"none_exist\"") "<ind:textfilecontent54_test id=\"oval:t:tst:2\" version=\"1\" "
	                                          "check=\"all\" comment=\"c\"><ind:object object_ref="
	                                          "\"oval:t:obj:2\"/><ind:state state_ref=\"oval:t:ste:1\"/>"
	                                          "</ind:textfilecontent54_test>"
	                                          "<unix:file_test id=\"oval:t:tst:3\" version=\"1\" check=\"all\" "
	                                          "check_existence=\"none_exist\" comment=\"c\"><unix:object "
	                                          "object_ref=\"oval:t:obj:3\"/></unix:file_test>"
	                                          "</tests><objects>" TFC_OBJ(
	                                              1,
	                                              PATH_RE(
	                                                  "^@DATA@/srv/one"),
	                                              NAME(
	                                                  "data.conf")) "<ind:textfilecontent54_object id=\"oval:t:obj:2\" "
	                                                                "version=\"1\"><ind:path operation=\"pattern match\">"
	                                                                "^@DATA@/srv/[a-z]+$</ind:path><ind:filename>data.conf"
	                                                                "</ind:filename><ind:pattern operation=\"pattern match\">"
	                                                                "^owner = (\\w+)$</ind:pattern><ind:instance datatype=\"int\" "
	                                                                "operation=\"greater than or equal\">1</ind:instance>"
	                                                                "</ind:textfilecontent54_object>"
	                                                                "<unix:file_object id=\"oval:t:obj:3\" version=\"1\"><unix:path "
	                                                                "operation=\"pattern match\">^@DATA@/srv/t</unix:path>"
	                                                                "<unix:filename xsi:nil=\"true\"/></unix:file_object>"
	                                                                "</objects><states>"
	                                                                "<ind:textfilecontent54_state id=\"oval:t:ste:1\" version=\"1\">"
	                                                                "<ind:subexpression operation=\"pattern match\">^(alice|bob)$"
	                                                                "</ind:subexpression></ind:textfilecontent54_state></states>",
	    data);
	ck_assert_int_eq(sf_oval_engine_new(&e, xmlDocGetRootElement(doc)), 0);
	ck_assert_int_eq(sf_oval_engine_definition(e, "oval:t:def:1"),
	                 SF_OVAL_FALSE);
	/* none_exist: every item there, by its first subexpression */
	n = sf_oval_engine_offenders(e, "oval:t:tst:1", &o);
	got = listing(o, n, data);
	ck_assert_str_eq(got, "/srv/one=alice\n/srv/onetwo=carol\n");
	free(got);
	/* a state false: the value found false, each item at fault */
	n = sf_oval_engine_offenders(e, "oval:t:tst:2", &o);
	got = listing(o, n, data);
	ck_assert_str_eq(got, "/srv/onetwo=carol\n/srv/two=bob2\n");
	free(got);
	/* a folder that must not exist: no subexpression, no text */
	n = sf_oval_engine_offenders(e, "oval:t:tst:3", &o);
	got = listing(o, n, data);
	ck_assert_str_eq(got, "/srv/two=\n");
	free(got);
	/* the definition's: one a folder, the first found */
	n = sf_oval_engine_definition_offenders(e, "oval:t:def:1", &all);
	got = listing(all, n, data);
	ck_assert_str_eq(got, "/srv/one=alice\n/srv/onetwo=carol\n"
	                      "/srv/two=bob2\n");
	free(got);
	free(all);
	sf_oval_engine_free(e);
	xmlFreeDoc(doc);
	free(data);
}
END_TEST

static Suite *oval_files_suite(void)
{
	Suite *s = suite_create("oval_files");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_oval_files__a_folder_for_a_file_is_an_error);
	tcase_add_test(tc,
	               test_oval_files__unreadable_and_unlistable_are_errors);
	tcase_add_test(tc, test_oval_files__path_patterns_as_specified);
	tcase_add_test(tc, test_oval_files__sets_and_filters_as_specified);
	tcase_add_test(tc, test_oval_files__unsized_files_are_read);
	tcase_add_test(tc, test_oval_files__offenders_are_the_files_folders);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(oval_files_suite());
}
