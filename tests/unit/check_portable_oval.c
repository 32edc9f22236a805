/* Suite for src/eval over the portable data stream's OVAL, as built into
 * output/scapforge-docker-stig-portable-oval.xml: Docker's own container
 * files under a fake data root, with the verdicts OpenSCAP 1.3.7 gives
 * on the same roots (oscap oval eval --variables, by hand), but one: a
 * container folder without hostconfig.json. There the count of
 * hostconfig.json files is 0, which is not the count of folders, and the
 * definitions are false; OpenSCAP has a count over an object without
 * items no value, and gives error. The offenders are the containers'
 * folders, with the value found at fault. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "eval/engine.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/fsio.h"
#include "util/xstream.h"
#include "validate/validate.h"

#define DEF_PID "oval:scapforge.docker:def:1240"
#define DEF_IPC "oval:scapforge.docker:def:1250"
#define DISA_PATTERN "ucp|kube|dtr"

#define HEX64(c) c c c c c c c c c c c c c c c c
#define ID_A HEX64("aaaa")
#define ID_B HEX64("b0b1")
#define ID_C HEX64("c3c4")

static xmlDocPtr portable_doc(void)
{
	char *path = sf_path_join(
	    SF_SOURCE_DIR, "output/scapforge-docker-stig-portable-oval.xml");
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);

	ck_assert_msg(doc != NULL, "cannot read %s", path);
	free(path);
	return doc;
}

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

/* A container's folder as Docker writes it: one-line compact JSON. */
static char *container(const char *root, const char *id, const char *name,
                       const char *pid, const char *ipc, int hostconfig)
{
	sf_buf dir = SF_BUF_INIT, text = SF_BUF_INIT;

	sf_buf_printf(&dir, "%s/containers/%s", root, id);
	mkdirs(dir.ptr);
	if (hostconfig) {
		sf_buf_printf(&text,
		              "{\"Binds\":null,\"ContainerIDFile\":\"\","
		              "\"NetworkMode\":\"default\",\"IpcMode\":\"%s\","
		              "\"PidMode\":\"%s\",\"Privileged\":false}",
		              ipc, pid);
		sf_test_write(dir.ptr, "hostconfig.json", text.ptr);
		sf_buf_clear(&text);
	}
	sf_buf_printf(&text,
	              "{\"ID\":\"%s\",\"Created\":\"2024-01-01T00:00:00Z\","
	              "\"Path\":\"sleep\",\"Args\":[\"1000\"],\"Config\":{"
	              "\"Hostname\":\"%.12s\",\"Image\":\"busybox\",\"Cmd\":["
	              "\"sleep\",\"1000\"]},\"Image\":\"sha256:0\",\"Name\":"
	              "\"/%s\",\"Driver\":\"overlay2\"}",
	              id, id, name);
	sf_test_write(dir.ptr, "config.v2.json", text.ptr);
	sf_buf_release(&text);
	return sf_buf_detach(&dir);
}

/* An engine over the document with the data root, the exclusion pattern
 * and ipc_shareable_is_finding set. */
static sf_oval_engine *engine(xmlDocPtr doc, const char *root,
                              const char *pattern, const char *shareable)
{
	sf_oval_engine *e;

	ck_assert_int_eq(sf_oval_engine_new(&e, xmlDocGetRootElement(doc)), 0);
	sf_oval_engine_set_external(e, "oval:scapforge.docker:var:1", &root, 1);
	sf_oval_engine_set_external(e, "oval:scapforge.docker:var:2", &pattern,
	                            1);
	sf_oval_engine_set_external(e, "oval:scapforge.docker:var:3",
	                            &shareable, 1);
	return e;
}

/* "PID/IPC" as OVAL result names; *offenders (when not NULL) the
 * offenders of both, "PATH=VALUE" relative to root, one a line. */
static char *verdicts(const char *root, const char *pattern,
                      const char *shareable, char **offenders)
{
	static const char *const defs[] = {DEF_PID, DEF_IPC};
	xmlDocPtr doc = portable_doc();
	sf_oval_engine *e = engine(doc, root, pattern, shareable);
	sf_buf out = SF_BUF_INIT, off = SF_BUF_INIT;
	size_t i, k, n;

	for (i = 0; i < 2; i++) {
		sf_oval_offender *o;

		sf_buf_printf(
		    &out, "%s%s", i ? "/" : "",
		    sf_oval_result_name(sf_oval_engine_definition(e, defs[i])));
		n = sf_oval_engine_definition_offenders(e, defs[i], &o);
		sf_buf_printf(&off, "%s:\n", i ? "ipc" : "pid");
		for (k = 0; k < n; k++) {
			ck_assert_int_eq(o[k].item, -1);
			ck_assert_ptr_null(o[k].yamlpath);
			ck_assert_ptr_nonnull(o[k].path);
			ck_assert(!strncmp(o[k].path, root, strlen(root)));
			sf_buf_printf(&off, "%s=%s\n", o[k].path + strlen(root),
			              o[k].value);
		}
		free(o);
	}
	sf_oval_engine_free(e);
	xmlFreeDoc(doc);
	if (offenders)
		*offenders = sf_buf_detach(&off);
	sf_buf_release(&off);
	return sf_buf_detach(&out);
}

static void expect(const char *root, const char *pattern, const char *shareable,
                   const char *want, const char *want_offenders)
{
	char *offenders, *got = verdicts(root, pattern, shareable, &offenders);

	ck_assert_msg(!strcmp(got, want), "%s: got %s, want %s", root, got,
	              want);
	ck_assert_str_eq(offenders, want_offenders);
	free(got);
	free(offenders);
}

START_TEST(test_portable_oval__no_container_passes)
{
	char *root = sf_test_tmpdir(), *c = sf_path_join(root, "containers");

	mkdirs(c);
	expect(root, DISA_PATTERN, "false", "true/true", "pid:\nipc:\n");
	free(c);
	free(root);
}
END_TEST

START_TEST(test_portable_oval__host_mode_fails_naming_the_folder)
{
	char *root = sf_test_tmpdir();

	free(container(root, ID_A, "web", "host", "private", 1));
	expect(root, DISA_PATTERN, "false", "false/true",
	       "pid:\n/containers/" ID_A "=host\nipc:\n");
	free(root);
}
END_TEST

START_TEST(test_portable_oval__joiners)
{
	char *root = sf_test_tmpdir(), *other = sf_test_tmpdir();

	/* the donor excluded by name: its joiner alone is at fault, with
	 * the donor it names */
	free(container(root, ID_A, "kube-proxy", "host", "private", 1));
	free(container(root, ID_B, "web", "container:" ID_A, "private", 1));
	expect(root, DISA_PATTERN, "false", "false/true",
	       "pid:\n/containers/" ID_B "=" ID_A "\nipc:\n");
	/* a donor that is assessed is at fault too, first */
	free(container(other, ID_A, "db", "host", "private", 1));
	free(container(other, ID_B, "web", "container:" ID_A, "private", 1));
	expect(other, DISA_PATTERN, "false", "false/true",
	       "pid:\n/containers/" ID_A "=host\n/containers/" ID_B "=" ID_A
	       "\nipc:\n");
	free(root);
	free(other);
}
END_TEST

START_TEST(test_portable_oval__excluded_by_name_passes)
{
	char *root = sf_test_tmpdir();

	free(container(root, ID_A, "kube-proxy", "host", "host", 1));
	free(container(root, ID_B, "web", "", "private", 1));
	expect(root, DISA_PATTERN, "false", "true/true", "pid:\nipc:\n");
	/* the empty pattern excludes nothing: both fail, on the container
	 * the pattern left out */
	expect(root, "", "false", "false/false",
	       "pid:\n/containers/" ID_A "=host\nipc:\n/containers/" ID_A
	       "=host\n");
	free(root);
}
END_TEST

START_TEST(test_portable_oval__broken_roots_never_pass)
{
	char *root = sf_test_tmpdir(), *empty = sf_test_tmpdir(), *dir, *hc;

	/* a folder without hostconfig.json (OpenSCAP: error) */
	free(container(root, ID_A, "web", "", "", 0));
	expect(root, DISA_PATTERN, "false", "false/false", "pid:\nipc:\n");
	/* no containers folder */
	expect(empty, DISA_PATTERN, "false", "false/false", "pid:\nipc:\n");
	/* a hostconfig.json that cannot be read (a folder): error */
	free(root);
	root = sf_test_tmpdir();
	free(container(root, ID_A, "web", "", "", 1));
	dir = container(root, ID_B, "db", "", "", 0);
	hc = sf_path_join(dir, "hostconfig.json");
	mkdirs(hc);
	free(hc);
	free(dir);
	expect(root, DISA_PATTERN, "false", "error/error", "pid:\nipc:\n");
	free(root);
	free(empty);
}
END_TEST

START_TEST(test_portable_oval__shareable_by_the_value)
{
	char *root = sf_test_tmpdir();

	free(container(root, ID_A, "web", "private", "shareable", 1));
	free(container(root, ID_C, "db", "", "private", 1));
	expect(root, DISA_PATTERN, "true", "true/false",
	       "pid:\nipc:\n/containers/" ID_A "=shareable\n");
	expect(root, DISA_PATTERN, "false", "true/true", "pid:\nipc:\n");
	free(root);
}
END_TEST

/* The OVAL results of an evaluation with file items (unix ones, a nil
 * filename among them) are valid against the official schemas. */
START_TEST(test_portable_oval__results_are_valid)
{
	char *root = sf_test_tmpdir();
	xmlDocPtr doc = portable_doc();
	sf_oval_engine *e;
	sf_validator *v;
	sf_xstream x;
	sf_buf out = SF_BUF_INIT, msgs = SF_BUF_INIT;
	sf_diags d;
	int rc;

	free(container(root, ID_A, "web", "host", "shareable", 1));
	free(container(root, ID_B, "kube-proxy", "container:" ID_A, "", 1));
	e = engine(doc, root, DISA_PATTERN, "true");
	ck_assert_int_eq(sf_oval_engine_definition(e, DEF_PID), SF_OVAL_FALSE);
	ck_assert_int_eq(sf_oval_engine_definition(e, DEF_IPC), SF_OVAL_FALSE);
	ck_assert_int_eq(sf_xstream_open_buf(&x, &out), 0);
	ck_assert_int_eq(sf_oval_engine_write_results(e, x.w, 0, NULL,
	                                              "2026-01-01T00:00:00"),
	                 0);
	ck_assert_int_eq(sf_xstream_finish(&x, NULL), 0);
	sf_xstream_release(&x);
	ck_assert(strstr(out.ptr, "<unix-sys:file_item ") != NULL);
	ck_assert(strstr(out.ptr, "<unix-sys:filename xsi:nil=\"true\"/>") !=
	          NULL);
	ck_assert(strstr(out.ptr, "<ind-sys:textfilecontent_item ") != NULL);
	ck_assert_int_eq(sf_validator_new(&v, NULL), 0);
	sf_diags_init(&d);
	rc = sf_validate_memory(v, out.ptr, out.len, "results.xml", &d);
	sf_diags_format(&d, 0, &msgs);
	ck_assert_msg(rc == 0, "%s", sf_buf_cstr(&msgs));
	sf_diags_release(&d);
	sf_validator_free(v);
	sf_buf_release(&msgs);
	sf_buf_release(&out);
	sf_oval_engine_free(e);
	xmlFreeDoc(doc);
	free(root);
}
END_TEST

static Suite *portable_oval_suite(void)
{
	Suite *s = suite_create("portable_oval");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_portable_oval__no_container_passes);
	tcase_add_test(tc,
	               test_portable_oval__host_mode_fails_naming_the_folder);
	tcase_add_test(tc, test_portable_oval__joiners);
	tcase_add_test(tc, test_portable_oval__excluded_by_name_passes);
	tcase_add_test(tc, test_portable_oval__broken_roots_never_pass);
	tcase_add_test(tc, test_portable_oval__shareable_by_the_value);
	tcase_add_test(tc, test_portable_oval__results_are_valid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(portable_oval_suite());
}
