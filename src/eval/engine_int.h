/*
 * Internals shared by the engine's files (engine.c: definitions, tests
 * and states; collect.c: objects; variables.c: variables). Not for use
 * outside src/eval.
 */
#ifndef SF_EVAL_ENGINE_INT_H
#define SF_EVAL_ENGINE_INT_H

#include <libxml/tree.h>

#include "eval/engine.h"
#include "eval/result.h"
#include "eval/ypath.h"
#include "util/xmlq.h"

/* One entity of an item: a value, or a record's fields (each with the
 * container it came from). */
typedef struct sf_entity {
	char *name;
	char *value;
	size_t nfields;
	const char *field_name; /* a record's: the name of every field (a
	                           constant); NULL for a value */
	sf_yvalue *fields; /* each field's value (in the engine's pool)
	                      and the container it came from */
} sf_entity;

typedef struct sf_item {
	sf_item_status status;
	sf_entity *ent;
	size_t nent;
} sf_item;

typedef enum sf_flag {
	SF_FLAG_COMPLETE,
	SF_FLAG_DOES_NOT_EXIST,
	SF_FLAG_ERROR,
	SF_FLAG_NOT_COLLECTED
} sf_flag;

typedef struct sf_collected {
	int done;
	sf_flag flag;
	char *message;
	sf_item *items;
	size_t nitems;
} sf_collected;

typedef struct sf_values {
	int done;
	int error;
	const char **v; /* in the engine's pool */
	size_t n;
} sf_values;

/* A node of the document by ID, with what has been worked out for it. */
typedef struct sf_node {
	const char *id; /* borrowed from the attribute, kept in ids[] */
	xmlNodePtr node;
	int state; /* definitions and tests: 0 new, 1 running, 2 done */
	sf_oval_result result;
	sf_collected collected;      /* objects */
	sf_values values;            /* variables */
	sf_oval_offender *offenders; /* tests */
	size_t noffenders, aoffenders;
	sf_oval_result *item_results; /* tests: per item of the object */
	size_t nitem_results;
} sf_node;

/* YAML path values handed in by whoever already read the file. */
typedef struct sf_yaml_cache {
	char *file;
	char *path;
	sf_yvalues vals;
} sf_yaml_cache;

/* A file whose content is elsewhere for now (sf_oval_engine_provide_file). */
typedef struct sf_file_stand_in {
	char *path;
	char *where;
} sf_file_stand_in;

struct sf_oval_engine {
	sf_yaml_cache *cache;
	size_t ncache;
	sf_file_stand_in *stand_ins;
	size_t nstand_ins;
	xmlNodePtr defs;
	sf_node *nodes; /* sorted by id */
	size_t nnodes;
	xmlChar **ids;
	char *problem;
	int yaml_prefetched;
	sf_strpool *pool; /* every value collected or computed */
	int own_pool;
};

sf_node *sf_engine_find(sf_oval_engine *e, const char *id);
/* Where to read the file at path (items still name path). */
const char *sf_engine_where(const sf_oval_engine *e, const char *path);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void sf_engine_problem(sf_oval_engine *e, const char *fmt, ...);

/* A test's result (test.c), its item results and offenders kept on the
 * node. */
sf_oval_result sf_engine_test(sf_oval_engine *e, sf_node *test);
/* The operator attribute of a criteria or state (default AND), or -1
 * when it is none of OVAL's. */
int sf_engine_operator(xmlNodePtr n);
/* Whether an element's negate attribute is true. */
int sf_engine_negated(xmlNodePtr n);
/* A criteria element's result (after its negate), from the cached
 * results of what it refers to. */
sf_oval_result sf_engine_criteria(sf_oval_engine *e, xmlNodePtr criteria);
/*
 * The one recursion of the engine, said here once. A test needs the items
 * of its object: sf_engine_collect (collect.c). An object may need the
 * values of variables for its entities (filepath, pattern...), and a
 * variable may need the items of other objects (object_component) and
 * the values of other variables: sf_engine_variable (variables.c). Each
 * calls the other through these two entries only. Both memoise on the
 * node, whose done flag is set before the work, so each object and each
 * variable is computed once, and content that makes a variable need
 * itself ends there, with no value (which the rules for a variable
 * without values then decide: an error in a state, no file as a path),
 * instead of recursing without end.
 */
const sf_collected *sf_engine_collect(sf_oval_engine *e, sf_node *obj);
const sf_values *sf_engine_variable(sf_oval_engine *e, const char *id);
/* The values of an entity element: its text, or its var_ref's values,
 * in the engine's pool (the caller frees *out, not the strings).
 * Returns -1 when the variable is in error. */
int sf_engine_entity_values(sf_oval_engine *e, xmlNodePtr ent,
                            const char ***out, size_t *n);
void sf_strings_free(char **v, size_t n);

void sf_collected_release(sf_collected *c);

#endif
