/*
 * Helpers shared by the unit suites: temporary folders, fixture copies,
 * file edits, and a runner that fails when no test ran.
 */
#ifndef SF_TESTS_TESTUTIL_H
#define SF_TESTS_TESTUTIL_H

#include <check.h>

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
/* Replaces the first occurrence of from by to in dir/name; fails the
 * test when from is absent. */
void sf_test_edit(const char *dir, const char *name, const char *from,
                  const char *to);

#endif
