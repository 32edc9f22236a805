#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xpath.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "load/rules.h"
#include "testutil.h"
#include "util/sha256.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

static char **dirs;
static size_t ndirs;

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = sf_path_join(dir, e->d_name);
		if (unlink(p) != 0)
			remove_tree(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static void remove_all(void)
{
	size_t i;

	for (i = 0; i < ndirs; i++) {
		remove_tree(dirs[i]);
		free(dirs[i]);
	}
	free(dirs);
}

char *sf_test_tmpdir(void)
{
	char tmpl[] = "/tmp/scapforge-unit.XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	if (!ndirs)
		atexit(remove_all);
	dirs = sf_xrealloc(dirs, (ndirs + 1) * sizeof(*dirs));
	dirs[ndirs++] = sf_xstrdup(d);
	return sf_xstrdup(d);
}

void sf_test_write(const char *dir, const char *name, const char *text)
{
	char *p = sf_path_join(dir, name);
	FILE *f = fopen(p, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

char *sf_test_read(const char *dir, const char *name)
{
	char *p = sf_path_join(dir, name);
	sf_buf b = SF_BUF_INIT;
	int rc = sf_file_read(p, &b);

	free(p);
	if (rc < 0) {
		sf_buf_release(&b);
		return NULL;
	}
	return sf_buf_detach(&b);
}

char *sf_test_fixture_rules(void)
{
	static const char *const names[] = {
	    "benchmark.yml", "DKER-EE-001240.yml", "DKER-EE-001250.yml", NULL};
	char *src = sf_path_join(SF_SOURCE_DIR, "tests/data/rules");
	char *dst = sf_test_tmpdir();
	size_t i;

	for (i = 0; names[i]; i++) {
		char *text = sf_test_read(src, names[i]);

		ck_assert_ptr_nonnull(text);
		sf_test_write(dst, names[i], text);
		free(text);
	}
	free(src);
	return dst;
}

void sf_test_edit(const char *dir, const char *name, const char *from,
                  const char *to)
{
	char *text = sf_test_read(dir, name), *at;
	sf_buf b = SF_BUF_INIT;

	ck_assert_ptr_nonnull(text);
	at = strstr(text, from);
	ck_assert_msg(at != NULL, "'%s' not found in %s", from, name);
	sf_buf_put(&b, text, (size_t)(at - text));
	sf_buf_puts(&b, to);
	sf_buf_puts(&b, at + strlen(from));
	sf_test_write(dir, name, sf_buf_cstr(&b));
	sf_buf_release(&b);
	free(text);
}

char *sf_test_listing(const char *dir)
{
	struct dirent **names;
	sf_buf b = SF_BUF_INIT;
	int i, n = scandir(dir, &names, NULL, alphasort);

	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") &&
		    strcmp(names[i]->d_name, ".."))
			sf_buf_printf(&b, "%s\n", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return sf_buf_detach(&b);
}

unsigned sf_test_mode(const char *dir, const char *name)
{
	char *path = sf_path_join(dir, name);
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	free(path);
	return (unsigned)(st.st_mode & 07777);
}

const char *sf_test_sha256(const char *dir, const char *name)
{
	static char hex[65];
	char *path = sf_path_join(dir, name);
	sf_buf text = SF_BUF_INIT;
	sf_sha256 sha;

	ck_assert_int_eq(sf_file_read(path, &text), 0);
	sf_sha256_init(&sha);
	sf_sha256_update(&sha, text.ptr, text.len);
	sf_sha256_hex(&sha, hex);
	sf_buf_release(&text);
	free(path);
	return hex;
}

int sf_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed, ran;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	ran = srunner_ntests_run(sr);
	srunner_free(sr);
	if (ran == 0) {
		fputs("no test ran\n", stderr);
		return 1;
	}
	return failed ? 1 : 0;
}

char *sf_test_xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	xmlChar *v = xmlXPathCastToString(r);
	char *s = sf_xstrdup((const char *)v);

	xmlFree(v);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return s;
}

void sf_test_expect_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = sf_test_xpath(doc, expr);

	ck_assert_msg(!strcmp(got, want), "%s: expected '%s', got '%s'", expr,
	              want, got);
	free(got);
}

sf_scan *sf_test_scan(const char *dir, const char *ds, const char *evidence,
                      const char *const *set_values, size_t nset,
                      sf_content **c)
{
	char *in = sf_path_join(dir, "in.json");
	char *out = sf_path_join(dir, "evidence.json");
	sf_scan_opts o = {0};
	sf_scan *s = NULL;

	ck_assert_int_eq(sf_content_load(c, ds), 0);
	sf_test_write(dir, "in.json", evidence);
	o.evidence_in = in;
	o.evidence_out = out;
	o.set_values = set_values;
	o.nset_values = nset;
	ck_assert_msg(sf_scan_run(&s, *c, &o) == 0, "%s", sf_error_last());
	free(in);
	free(out);
	return s;
}

char *sf_test_fixture_ds(char **dir)
{
	char *rules = sf_test_fixture_rules();
	sf_benchmark *b = NULL;
	sf_emit_opts o = {"V2R2", 0, "oval.xml", 0};
	xmlDocPtr x, v, ds;
	sf_buf bytes = SF_BUF_INIT;
	sf_diags d;

	sf_diags_init(&d);
	ck_assert_int_eq(sf_rules_load(&b, rules, &d), 0);
	ck_assert_int_eq(sf_emit_xccdf(&x, b, &o), 0);
	ck_assert_int_eq(sf_emit_oval(&v, b, &o), 0);
	ck_assert_int_eq(sf_emit_datastream(&ds, b, &o, x, v, NULL, NULL), 0);
	ck_assert_int_eq(sf_xml_serialize(ds, &bytes), 0);
	*dir = sf_test_tmpdir();
	sf_test_write(*dir, "ds.xml", bytes.ptr);
	xmlFreeDoc(x);
	xmlFreeDoc(v);
	xmlFreeDoc(ds);
	sf_buf_release(&bytes);
	sf_benchmark_free(b);
	sf_diags_release(&d);
	free(rules);
	return sf_path_join(*dir, "ds.xml");
}
