/*
 * Loads a rules folder: benchmark.yml (what the rules share) and one
 * <STIG ID>.yml per control. Each file is checked against its schema, then
 * the files are checked against each other (one STIG ID per rule, every
 * release present, Value references that resolve). Every problem of every
 * file is reported in d; nothing stops at the first.
 */
#ifndef SF_LOAD_RULES_H
#define SF_LOAD_RULES_H

#include "model/model.h"
#include "util/diag.h"

#define SF_BENCHMARK_FILE "benchmark.yml"

/* Returns 0 with *out set, or -1 when d holds at least one error. */
int sf_rules_load(sf_benchmark **out, const char *dir, sf_diags *d);

#endif
