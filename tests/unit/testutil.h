/*
 * Helpers shared by the unit suites: temporary folders, fixture copies,
 * file edits, and a runner that fails when no test ran.
 */
#ifndef SF_TESTS_TESTUTIL_H
#define SF_TESTS_TESTUTIL_H

#include <check.h>
#include <libxml/tree.h>

#include "scan/scan.h"

/* Runs the suite; returns the process exit status. */
int sf_test_run(Suite *s);

/* A fresh temporary folder (removed at exit). The caller frees. */
char *sf_test_tmpdir(void);
/* Copies tests/data/rules/ into a fresh temporary folder. */
char *sf_test_fixture_rules(void);
/* Builds the fixture rules into a data stream in a fresh folder (*dir,
 * which the caller frees); returns the data stream's path. */
char *sf_test_fixture_ds(char **dir);
void sf_test_write(const char *dir, const char *name, const char *text);
/* Returns the file's text (caller frees) or NULL. */
char *sf_test_read(const char *dir, const char *name);
/* The names in a folder but . and .., sorted, one a line; the caller
 * frees. */
char *sf_test_listing(const char *dir);
/* The permission bits of dir/name. */
unsigned sf_test_mode(const char *dir, const char *name);
/* The SHA-256 of dir/name in hex, in a buffer the next call reuses. */
const char *sf_test_sha256(const char *dir, const char *name);
/* Replaces the first occurrence of from by to in dir/name; fails the
 * test when from is absent. */
void sf_test_edit(const char *dir, const char *name, const char *from,
                  const char *to);
/* The string value of an XPath expression (no namespaces registered:
 * use local-name()); the caller frees. */
char *sf_test_xpath(xmlDocPtr doc, const char *expr);
/* Fails the test unless the string value of expr is want. */
void sf_test_expect_xpath(xmlDocPtr doc, const char *expr, const char *want);
/* Scans evidence text (written to dir/in.json) with the data stream ds,
 * the assessed containers going to dir/evidence.json, the Values set as
 * scan --set-value sets them (nset of them). The caller frees the scan,
 * then *c. */
sf_scan *sf_test_scan(const char *dir, const char *ds, const char *evidence,
                      const char *const *set_values, size_t nset,
                      sf_content **c);

#endif
