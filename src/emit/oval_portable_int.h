/*
 * Inside the portable OVAL definitions (oval_portable.c): what is being
 * made, and the makers of its objects, states, variables and tests
 * (oval_portable_parts.c), each numbered from the document's counters.
 * Nothing else includes it.
 */
#ifndef SF_EMIT_OVAL_PORTABLE_INT_H
#define SF_EMIT_OVAL_PORTABLE_INT_H

#include <libxml/tree.h>

#include "emit/emit.h"
#include "emit/ovalw.h"
#include "emit/portable.h"

#define ID_RE SF_PORTABLE_ID_RE
/* The ID at the end of a container folder's path, or the sentinel's
 * path itself: every item gives a value. */
#define ID_OR_SENTINEL "(" ID_RE "$|^/proc$)"
#define JOIN_LEVELS 3
#define TEXT_OF(n) #n
#define TEXT(n) TEXT_OF(n)

typedef struct pctx {
	sf_ovalw w;
	const sf_benchmark *b;
	const sf_emit_opts *o;
	xmlNsPtr unix_ns, xsi;
	/* shared by every rule */
	unsigned long dir_re_var, ndirs_var;
	unsigned long folder_test, sentinel_obj, excluded_ste;
	unsigned long pattern_empty_test, pattern_set_test;
} pctx;

void sf_portable_set_ref(pctx *c, xmlNodePtr n, const char *attr,
                         const char *type, unsigned long num);

/* <tests>: kind in ns, on obj, with state ste (0: none). */
unsigned long sf_portable_add_test(pctx *c, xmlNsPtr ns, const char *kind,
                                   const char *existence, unsigned long obj,
                                   unsigned long ste, const char *comment);

xmlNodePtr sf_portable_new_object(pctx *c, xmlNsPtr ns, const char *kind,
                                  const char *comment, unsigned long *num);

xmlNodePtr sf_portable_new_state(pctx *c, const char *kind, const char *comment,
                                 unsigned long *num);

xmlNodePtr sf_portable_new_local(pctx *c, const char *datatype,
                                 const char *comment, unsigned long *num);

void sf_portable_var_component(pctx *c, xmlNodePtr parent, unsigned long var);

xmlNodePtr sf_portable_object_component(pctx *c, xmlNodePtr parent,
                                        unsigned long obj, const char *field);

/* A textfilecontent54_object over a file of every container folder:
 * the first match of pattern; filters: "include:N" or "exclude:N"
 * states, NULL-terminated. */
unsigned long sf_portable_file_object(pctx *c, const char *file,
                                      const char *pattern, const char *comment,
                                      const char *const *actions,
                                      const unsigned long *states);

/* A textfilecontent54_object that is the union of a and b, filtered. */
unsigned long sf_portable_set_object(pctx *c, unsigned long a, unsigned long b,
                                     const char *action, unsigned long ste,
                                     const char *comment);

/* A state comparing the subexpression (op: equals, not equal, pattern
 * match) with text or, when var is not 0, with a variable. */
unsigned long sf_portable_subexpression_state(pctx *c, const char *op,
                                              const char *text,
                                              unsigned long var,
                                              const char *var_check,
                                              const char *comment);

/* The values of field (path) of obj and of the sentinel, each an ID (or
 * the sentinel's path) when ids is set. */
unsigned long sf_portable_values_of(pctx *c, unsigned long obj, int ids,
                                    const char *comment);

/* A variable_test on var: its one value compared by operation with
 * text, or with variable other. */
unsigned long sf_portable_variable_test(pctx *c, unsigned long var,
                                        const char *datatype, const char *op,
                                        const char *text, unsigned long other,
                                        const char *existence,
                                        const char *comment);

#endif
