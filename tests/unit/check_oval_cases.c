/* Suite for src/eval against the OVAL 5.11 specification: every
 * definition of every document of tests/data/oval must evaluate to the
 * result its description states ("expect: RESULT", the specification's
 * result). A definition marked 'unsupported by scapforge: "PROBLEM"' uses
 * what the engine does not implement: there the engine must give error
 * (never a pass), and say PROBLEM. @DATA@ in a document stands for a
 * temporary copy of tests/data/oval/files; DOC.vars.xml, an OVAL variables
 * document, gives the values of DOC.xml's external variables.
 * tests/e2e/oval_agreement.sh holds OpenSCAP to the same results. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "eval/engine.h"
#include "testutil.h"
#include "util/xmlq.h"
#include "util/buf.h"
#include "util/fsio.h"

/* Every document, with how many definitions it holds: a case cannot
 * vanish unnoticed, nor a document go unread. */
static const struct {
	const char *name;
	size_t ndefs;
} docs[] = {
    {"checks.xml", 37},   {"criteria.xml", 77},  {"deprecated.xml", 3},
    {"entities.xml", 52}, {"existence.xml", 43}, {"files.xml", 53},
    {"textfile.xml", 29}, {"variables.xml", 33}, {"yamlfile.xml", 35},
};
#define NDOCS (sizeof(docs) / sizeof(docs[0]))

#define UNSUPPORTED "unsupported by scapforge: \""

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* Copies the files and folders in src into dst, which exists. */
static void copy_tree(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *ent;

	ck_assert_msg(d != NULL, "cannot list %s", src);
	while ((ent = readdir(d))) {
		char *from, *to, *text;
		struct stat st;

		if (ent->d_name[0] == '.')
			continue;
		from = sf_path_join(src, ent->d_name);
		to = sf_path_join(dst, ent->d_name);
		ck_assert_int_eq(lstat(from, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			ck_assert_int_eq(mkdir(to, 0755), 0);
			copy_tree(from, to);
		} else {
			text = sf_test_read(src, ent->d_name);
			ck_assert_msg(text != NULL, "cannot read %s", from);
			sf_test_write(dst, ent->d_name, text);
			free(text);
		}
		free(from);
		free(to);
	}
	closedir(d);
}

/* A temporary copy of tests/data/oval/files; the caller frees. */
static char *copy_evidence(void)
{
	char *src = sf_path_join(SF_SOURCE_DIR, "tests/data/oval/files");
	char *dst = sf_test_tmpdir();

	copy_tree(src, dst);
	free(src);
	return dst;
}

/* Parses dir/name with every @DATA@ replaced by files; NULL when the
 * file does not exist. */
static xmlDocPtr load(const char *dir, const char *name, const char *files)
{
	char *text = sf_test_read(dir, name), *p, *at;
	sf_buf b = SF_BUF_INIT;
	xmlDocPtr doc;

	if (!text)
		return NULL;
	for (p = text; (at = strstr(p, "@DATA@")); p = at + strlen("@DATA@")) {
		sf_buf_put(&b, p, (size_t)(at - p));
		sf_buf_puts(&b, files);
	}
	sf_buf_puts(&b, p);
	doc = xmlReadMemory(sf_buf_cstr(&b), (int)b.len, name, NULL,
	                    XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "%s is not well-formed XML", name);
	sf_buf_release(&b);
	free(text);
	return doc;
}

/* Gives the engine the values of every variable of an OVAL variables
 * document (vars may be NULL: no external variable has a value). */
static void set_externals(sf_oval_engine *e, xmlDocPtr vars)
{
	xmlNodePtr v, val;

	if (!vars)
		return;
	v = sf_xml_child(sf_xml_child(xmlDocGetRootElement(vars), "variables"),
	                 "variable");
	for (; v; v = sf_xml_next(v, "variable")) {
		char *id = sf_xml_prop(v, "id"), **values = NULL;
		size_t n = 0, i;

		for (val = sf_xml_child(v, "value"); val;
		     val = sf_xml_next(val, "value")) {
			values = sf_xrealloc(values, (n + 1) * sizeof(*values));
			values[n++] = sf_xml_text(val);
		}
		sf_oval_engine_set_external(e, id, (const char *const *)values,
		                            n);
		for (i = 0; i < n; i++)
			free(values[i]);
		free(values);
		free(id);
	}
}

/* What a definition's description says it must give. */
typedef struct expectation {
	sf_oval_result want;
	char *problem; /* unsupported: what the engine must say, or NULL */
} expectation;

static int parse_expectation(const char *desc, expectation *x)
{
	const char *p = strstr(desc, "expect: "), *q;
	size_t len;
	int r;

	x->problem = NULL;
	if (!p)
		return -1;
	p += strlen("expect: ");
	len = strcspn(p, ";");
	while (len && p[len - 1] == ' ')
		len--;
	for (r = 0; r < SF_OVAL_NRESULTS; r++) {
		const char *name = sf_oval_result_name((sf_oval_result)r);

		if (strlen(name) == len && !strncmp(p, name, len))
			break;
	}
	if (r == SF_OVAL_NRESULTS)
		return -1;
	x->want = (sf_oval_result)r;
	p = strstr(desc, UNSUPPORTED);
	if (!p)
		return 0;
	p += strlen(UNSUPPORTED);
	q = strchr(p, '"');
	if (!q || q == p)
		return -1;
	x->problem = sf_xstrndup(p, (size_t)(q - p));
	return 0;
}

/* The definition evaluated alone, by an engine of its own; *problem gets
 * the engine's last problem (caller frees). */
static sf_oval_result evaluate_alone(xmlDocPtr doc, xmlDocPtr vars,
                                     const char *id, char **problem)
{
	sf_oval_engine *e;
	sf_oval_result r;
	const char *p;

	ck_assert_int_eq(sf_oval_engine_new(&e, xmlDocGetRootElement(doc)), 0);
	set_externals(e, vars);
	r = sf_oval_engine_definition(e, id);
	p = sf_oval_engine_last_problem(e);
	*problem = sf_xstrdup(p ? p : "");
	sf_oval_engine_free(e);
	return r;
}

START_TEST(test_oval_cases__every_definition_as_specified)
{
	const char *name = docs[_i].name;
	char *dir = sf_path_join(SF_SOURCE_DIR, "tests/data/oval");
	char *files = copy_evidence();
	xmlDocPtr doc = load(dir, name, files), vars;
	sf_oval_engine *shared;
	xmlNodePtr def;
	sf_buf bad = SF_BUF_INIT, vname = SF_BUF_INIT;
	size_t ndefs = 0, nbad = 0;
	char list[2048];

	ck_assert_msg(doc != NULL, "cannot read %s", name);
	sf_buf_put(&vname, name, strlen(name) - strlen(".xml"));
	sf_buf_puts(&vname, ".vars.xml");
	vars = load(dir, sf_buf_cstr(&vname), files);
	sf_buf_release(&vname);
	/* one engine for the whole document too: a result must not depend
	 * on what was evaluated before it */
	ck_assert_int_eq(sf_oval_engine_new(&shared, xmlDocGetRootElement(doc)),
	                 0);
	set_externals(shared, vars);
	def =
	    sf_xml_child(sf_xml_child(xmlDocGetRootElement(doc), "definitions"),
	                 "definition");
	for (; def; def = sf_xml_next(def, "definition")) {
		xmlNodePtr meta = sf_xml_child(def, "metadata");
		char *id = sf_xml_prop(def, "id");
		char *title = sf_xml_text(sf_xml_child(meta, "title"));
		char *desc = sf_xml_text(sf_xml_child(meta, "description")),
		     *problem;
		sf_oval_result got, again;
		expectation x;
		int ok;

		ndefs++;
		ck_assert_msg(parse_expectation(desc, &x) == 0,
		              "%s %s: no 'expect: RESULT' in '%s'", name, id,
		              desc);
		got = evaluate_alone(doc, vars, id, &problem);
		if (x.problem)
			ok = got == SF_OVAL_ERROR && strstr(problem, x.problem);
		else
			ok = got == x.want;
		if (!ok) {
			fprintf(
			    stderr, "%s %s (%s): expected %s, got %s%s%s%s\n",
			    name, id, title,
			    x.problem ? "error" : sf_oval_result_name(x.want),
			    sf_oval_result_name(got),
			    x.problem ? " (unsupported, must say: " : "",
			    x.problem ? x.problem : "", x.problem ? ")" : "");
			if (*problem)
				fprintf(stderr,
				        "    engine's last problem: %s\n",
				        problem);
			sf_buf_printf(&bad, "%s%s", nbad ? ", " : "", id);
			nbad++;
		}
		again = sf_oval_engine_definition(shared, id);
		if (again != got) {
			fprintf(
			    stderr,
			    "%s %s (%s): %s alone, %s after the definitions "
			    "before it\n",
			    name, id, title, sf_oval_result_name(got),
			    sf_oval_result_name(again));
			sf_buf_printf(&bad, "%s%s (order)", nbad ? ", " : "",
			              id);
			nbad++;
		}
		free(x.problem);
		free(problem);
		free(desc);
		free(title);
		free(id);
	}
	sf_oval_engine_free(shared);
	if (vars)
		xmlFreeDoc(vars);
	xmlFreeDoc(doc);
	free(files);
	free(dir);
	ck_assert_msg(ndefs == docs[_i].ndefs,
	              "%s: %zu definitions evaluated, the table says %zu", name,
	              ndefs, docs[_i].ndefs);
	/* the message keeps the start of the list; stderr has it all */
	snprintf(list, sizeof(list), "%s", sf_buf_cstr(&bad));
	sf_buf_release(&bad);
	ck_assert_msg(nbad == 0,
	              "%s: %zu of %zu definitions not as specified "
	              "(details on stderr): %s",
	              name, nbad, ndefs, list);
}
END_TEST

/* The table above names every document of tests/data/oval, and every
 * variables document belongs to one. */
START_TEST(test_oval_cases__every_document_listed)
{
	char *dir = sf_path_join(SF_SOURCE_DIR, "tests/data/oval");
	DIR *d = opendir(dir);
	struct dirent *ent;
	size_t found = 0, i;

	ck_assert_msg(d != NULL, "cannot list %s", dir);
	while ((ent = readdir(d))) {
		const char *n = ent->d_name;
		size_t stem;

		if (!ends_with(n, ".xml"))
			continue;
		stem =
		    strlen(n) - (ends_with(n, ".vars.xml") ? strlen(".vars.xml")
		                                           : strlen(".xml"));
		for (i = 0; i < NDOCS; i++)
			if (strlen(docs[i].name) == stem + strlen(".xml") &&
			    !strncmp(docs[i].name, n, stem))
				break;
		ck_assert_msg(i < NDOCS,
		              "%s is not in the table of check_oval_cases.c",
		              n);
		if (!ends_with(n, ".vars.xml"))
			found++;
	}
	closedir(d);
	ck_assert_uint_eq(found, NDOCS);
	free(dir);
}
END_TEST

START_TEST(test_oval_cases__expectations_parse)
{
	expectation x;

	ck_assert_int_eq(parse_expectation("expect: not applicable", &x), 0);
	ck_assert_int_eq(x.want, SF_OVAL_NOT_APPLICABLE);
	ck_assert_ptr_null(x.problem);
	ck_assert_int_eq(
	    parse_expectation(
	        "expect: true; unsupported by scapforge: \"a mapping\"", &x),
	    0);
	ck_assert_int_eq(x.want, SF_OVAL_TRUE);
	ck_assert_str_eq(x.problem, "a mapping");
	free(x.problem);
	ck_assert_int_eq(parse_expectation("expect: truth", &x), -1);
	ck_assert_int_eq(parse_expectation("true", &x), -1);
	ck_assert_int_eq(parse_expectation(
	                     "expect: error; unsupported by scapforge: \"", &x),
	                 -1);
}
END_TEST

static Suite *oval_cases_suite(void)
{
	Suite *s = suite_create("oval_cases");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_oval_cases__expectations_parse);
	tcase_add_test(tc, test_oval_cases__every_document_listed);
	tcase_add_loop_test(tc, test_oval_cases__every_definition_as_specified,
	                    0, (int)NDOCS);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(oval_cases_suite());
}
