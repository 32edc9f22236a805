/*
 * Internals shared by the engine's files (engine.c: definitions; test.c:
 * tests and states; collect.c: objects and their items, collect_file.c:
 * the file probes, selector.c and fswalk.c: the folders and files they
 * name, sets.c: sets and filters; variables.c: variables; results.c and
 * results_items.c: the OVAL results). Not for use outside src/eval.
 */
#ifndef SF_EVAL_ENGINE_INT_H
#define SF_EVAL_ENGINE_INT_H

#include <sys/types.h>

#include <libxml/tree.h>

#include "eval/engine.h"
#include "eval/result.h"
#include "eval/ypath.h"
#include "util/pattern.h"
#include "util/xmlq.h"

/* One entity of an item: a value, or a record's fields (each with the
 * container it came from). */
typedef struct sf_entity {
	const char *name;  /* in the engine's pool, as the value */
	const char *value; /* NULL for a record, or for nil */
	int nil;     /* xsi:nil: a file item's filename, for a folder */
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
	int busy; /* being collected: a set naming it names itself */
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
	const char **sorted; /* v sorted, each once, when asked for */
	size_t nsorted;
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

/* The matches of a pattern over a file (matches.c): each match's text
 * and capture groups, in the engine's pool. */
typedef struct sf_match {
	const char *text;
	const char **groups;
	size_t ngroups;
} sf_match;

typedef struct sf_matches {
	const char *path, *pattern; /* in the pool: compared by address */
	int flags;                  /* SF_RE_* */
	int absent;                 /* there is no file */
	sf_match *m;
	size_t n;
} sf_matches;

typedef struct sf_match_cache sf_match_cache;

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
	sf_match_cache *matches; /* files read by textfilecontent54 */
};

sf_node *sf_engine_find(sf_oval_engine *e, const char *id);
/* The order of offenders by where they are: the container (item) of a
 * record's, then the folder (path) of a file's; 0 for the same place. */
int sf_offender_place_cmp(const sf_oval_offender *x,
                          const sf_oval_offender *y);
/* The matches of pattern (flags: SF_RE_*; a string of the engine's
 * pool) over the file at path, read once for the engine's life: 1 with
 * *out, 0 when there is no file (*out set, with none), -1 with the
 * problem set when the file is there and cannot be read, or the pattern
 * is bad. */
int sf_engine_matches(sf_oval_engine *e, const char *path,
                      const char *pattern, int flags, const sf_matches **out);
void sf_match_cache_free(sf_match_cache *mc);
/* A file type as the unix file_item's type entity names it. */
const char *sf_engine_file_type(mode_t m);
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
/* The values of variable id sorted, each once (kept with them), or NULL
 * when it has none or is in error. */
const char *const *sf_engine_variable_sorted(sf_oval_engine *e,
                                             const char *id, size_t *n);
/* The values of an entity element without a copy: *out is the
 * variable's own array, or one (which takes the element's text, in the
 * pool). Returns -1 when the variable is in error. */
int sf_engine_entity_borrow(sf_oval_engine *e, xmlNodePtr ent,
                            const char **one, const char *const **out,
                            size_t *n);
/* The values of an entity element: its text, or its var_ref's values,
 * in the engine's pool (the caller frees *out, not the strings).
 * Returns -1 when the variable is in error. */
int sf_engine_entity_values(sf_oval_engine *e, xmlNodePtr ent,
                            const char ***out, size_t *n);
void sf_strings_free(char **v, size_t n);

void sf_collected_release(sf_collected *c);

/* The items of the OVAL results (results_items.c): the namespaces they
 * use, declared on the system characteristics, and one item (depth: how
 * many elements are open around it). */
struct _xmlTextWriter;
void sf_results_item_namespaces(struct _xmlTextWriter *w,
                                const sf_oval_engine *e);
void sf_results_write_item(struct _xmlTextWriter *w, xmlNodePtr object,
                           size_t id, const sf_item *it, size_t depth);

/* Items (collect.c). */
sf_item *sf_collected_add_item(sf_collected *c);
sf_entity *sf_item_add_entity(sf_strpool *pool, sf_item *it, const char *name,
                              const char *value);
/* A nil entity (xsi:nil="true"). */
sf_entity *sf_item_add_nil(sf_strpool *pool, sf_item *it, const char *name);
/* The same with a value that is the pool's already, kept as it is. */
sf_entity *sf_item_add_pooled(sf_strpool *pool, sf_item *it, const char *name,
                              const char *value);
/* The value of an item's first entity of that name, or NULL. */
const char *sf_item_value(const sf_item *it, const char *name);
void sf_item_release(sf_item *it);
/* Appends a deep copy of it to c. */
void sf_collected_add_copy(sf_collected *c, const sf_item *it);
/* Whether two items have the same status and entities, in order. */
int sf_item_equal(const sf_item *a, const sf_item *b);
/* Flags c error with msg, which is also the engine's last problem. */
void sf_collected_fail(sf_oval_engine *e, sf_collected *c, const char *msg);

/* The file probes (collect_file.c): ind:textfilecontent54 and unix:file,
 * by filepath or by path and filename. */
void sf_engine_collect_textfile(sf_oval_engine *e, sf_node *o);
void sf_engine_collect_file(sf_oval_engine *e, sf_node *o);

/* How an object entity selects folders or names (selector.c): each value
 * compared by equality or as a pattern, the comparisons combined by the
 * entity's var_check. */
typedef struct sf_selector {
	const char *what; /* the entity's name, for messages */
	int pattern;      /* pattern match; else equals */
	sf_oval_operator check;
	const char **vals; /* in the engine's pool */
	size_t n;
	sf_pattern **res; /* each value compiled, for a pattern */
} sf_selector;
/* -1 with the engine's problem set for an operation other than equals
 * and pattern match, or a variable in error. */
int sf_selector_init(sf_oval_engine *e, xmlNodePtr ent, sf_selector *sel);
/* 1 when v (len bytes) is selected, 0 when not (never with no value),
 * -1 (the problem set) when a pattern passes its limits. */
int sf_selector_test(sf_oval_engine *e, const sf_selector *sel, const char *v,
                     size_t len);
void sf_selector_release(sf_selector *sel);

/* The folders an object's path entity selects (fswalk.c), in the order
 * found (the caller frees *out and the strings): with operation equals,
 * of its values; with pattern match, of the folders a walk finds that
 * follows no symbolic link it meets. -1 with the engine's problem set
 * when a pattern is unusable, or a folder on the way cannot be listed. */
int sf_engine_path_dirs(sf_oval_engine *e, xmlNodePtr path, char ***out,
                        size_t *n);
/* The names in folder dir that sel selects, of entries that are regular
 * files or links to one (files: 1), or anything but folders (files: 0),
 * sorted; 0 with none when dir does not exist, -1 with the engine's
 * problem set when it cannot be listed. */
int sf_engine_dir_names(sf_oval_engine *e, const char *dir,
                        const sf_selector *sel, int files, char ***out,
                        size_t *n);

/* Sets and filters (sets.c). Collects an object made of a set. */
void sf_engine_collect_set(sf_oval_engine *e, sf_node *o, xmlNodePtr set);
/* Keeps the items of c that the filter children of holder (an object or
 * a set) let through; a state that cannot be evaluated on an item makes
 * c error. */
void sf_engine_filter(sf_oval_engine *e, xmlNodePtr holder, sf_collected *c);

/* An item against a state (test.c): its entities combined by the
 * state's operator. blame, when not NULL, gets the offenders of an item
 * found false (the values found false, and where they are). */
typedef struct sf_blame {
	sf_oval_offender *v;
	size_t n, alloc;
	int by_path; /* the items are files: offenders name their path */
} sf_blame;
sf_oval_result sf_engine_state(sf_oval_engine *e, xmlNodePtr state,
                               const sf_item *it, sf_blame *blame);

#endif
