/*
 * Checks a YAML tree against one of the project's own schemas
 * (schemas/NAME.schema.yml, compiled in). A schema node says:
 *   type: mapping | list | string | integer | number | boolean | scalar
 *   required: true        (inside a mapping's keys)
 *   keys: {name: schema}  (a mapping with a closed set of keys)
 *   values: schema, key_pattern, key_form  (a mapping with free keys)
 *   items: schema, min_items               (a list)
 *   pattern, form, enum                    (a string)
 *   minimum                                (an integer or number)
 * Every problem becomes a diagnostic at the offending node; checking goes
 * on after a problem so that one run reports them all.
 */
#ifndef SF_LOAD_SCHEMA_H
#define SF_LOAD_SCHEMA_H

#include "load/ynode.h"
#include "util/diag.h"

typedef struct sf_schema sf_schema;

/* Loads the embedded schema called name (e.g. "rule.schema.yml"). */
int sf_schema_load(sf_schema **out, const char *name);
void sf_schema_free(sf_schema *s);

/* Checks doc (which may be NULL for an empty file) against the schema.
 * Returns the number of errors added to d. */
size_t sf_schema_check(const sf_schema *s, const sf_ynode *doc,
                       const char *file, sf_diags *d);

#endif
