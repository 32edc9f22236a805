/*
 * scapforge's OVAL engine: evaluates the definitions of an OVAL 5.11
 * document generically (criteria, tests, objects, states, variables),
 * reading the evidence through the probes it supports: ind:yamlfilecontent
 * (every object of one file in one streaming pass), ind:textfilecontent54
 * and unix:file (by filepath, or by path and filename, each equal or a
 * pattern), and ind:variable, with sets and filters of objects. What it
 * does not support evaluates to error, never to a pass.
 *
 * The engine borrows the libxml2 tree of the oval_definitions element,
 * which must outlive it. Results are computed once and kept.
 */
#ifndef SF_EVAL_ENGINE_H
#define SF_EVAL_ENGINE_H

#include <libxml/tree.h>

#include "eval/result.h"
#include "util/strpool.h"

typedef struct sf_oval_engine sf_oval_engine;

/* defs: the oval_definitions element. Returns -1 with the last error set
 * when it is not one. */
int sf_oval_engine_new(sf_oval_engine **out, xmlNodePtr defs);
void sf_oval_engine_free(sf_oval_engine *e);
/* Keeps the values the engine collects and computes in pool, which must
 * outlive it, instead of a pool of its own: a scan shares one with the
 * walker that reads the evidence, so that a value is stored once. Call
 * before anything is handed in. */
void sf_oval_engine_use_pool(sf_oval_engine *e, sf_strpool *pool);

/* Gives an external variable its values (copied). */
void sf_oval_engine_set_external(sf_oval_engine *e, const char *var_id,
                                 const char *const *values, size_t n);

/* Hands in the values of a YAML path over a file, read by the caller in
 * its own pass over that file (the values are moved; vals is emptied).
 * A yamlfilecontent object naming that file and path uses them instead
 * of reading the file again. */
struct sf_yvalues;
void sf_oval_engine_provide_yaml(sf_oval_engine *e, const char *file,
                                 const char *yamlpath, struct sf_yvalues *vals);

/* Says that the content of the file at path is at where for now (a file
 * the scan has written but not yet renamed into place): objects naming
 * path read where, and their items still name path. */
void sf_oval_engine_provide_file(sf_oval_engine *e, const char *path,
                                 const char *where);

/* Evaluates a definition by ID; an unknown ID is an error result. */
sf_oval_result sf_oval_engine_definition(sf_oval_engine *e, const char *id);

/* Why the last object, variable or test that ended in error did (or
 * NULL): for messages in reports. */
const char *sf_oval_engine_last_problem(const sf_oval_engine *e);

/* What is at fault. From the evidence's YAML records: the top-level
 * array item (a container) whose value made a state false, the value,
 * and the YAML path it was read at; path NULL. From file items
 * (textfilecontent54, file): item -1, path the item's path entity (the
 * folder of the file), value the value its state found false, or, for
 * an item that must not exist, its first subexpression (else its text,
 * else ""); yamlpath NULL. Strings borrowed from the engine. */
typedef struct sf_oval_offender {
	long item;
	const char *value;
	const char *yamlpath;
	const char *path;
} sf_oval_offender;

/* For the report: the offenders of a test that evaluated false, in the
 * order found. Returns their count; *out is borrowed. */
size_t sf_oval_engine_offenders(const sf_oval_engine *e, const char *test_id,
                                const sf_oval_offender **out);

/* The same gathered over every test a definition reached that evaluated
 * false, one per container (item) and path, in the order found; those
 * with neither are left out. The caller frees *out (the strings stay the
 * engine's). */
size_t sf_oval_engine_definition_offenders(sf_oval_engine *e,
                                           const char *def_id,
                                           sf_oval_offender **out);

/* Writes the oval_results document of everything evaluated so far (the
 * definitions, their tests, and the system characteristics of what was
 * collected) with an xmlTextWriter; see results.c. depth: how many
 * elements are open around it (the writer's indentation, which the
 * fields of records, written in one piece, follow). */
struct sf_host;
struct _xmlTextWriter;
int sf_oval_engine_write_results(sf_oval_engine *e, struct _xmlTextWriter *w,
                                 size_t depth, const struct sf_host *host,
                                 const char *timestamp);

#endif
