/*
 * Comparison of one collected value with a state's (or an object's)
 * entity value, by datatype and operation as OVAL 5.11 defines them.
 * Patterns are Perl-compatible (PCRE2), as OVAL's "pattern match" is,
 * matched byte by byte so that any input is safe to search.
 */
#ifndef SF_EVAL_ENTITY_H
#define SF_EVAL_ENTITY_H

#include "eval/result.h"

typedef enum sf_datatype {
	SF_DT_STRING,
	SF_DT_INT,
	SF_DT_FLOAT,
	SF_DT_BOOLEAN,
	SF_DT_RECORD,
	SF_DT_UNSUPPORTED
} sf_datatype;

typedef enum sf_operation {
	SF_OPN_EQUALS,
	SF_OPN_NOT_EQUAL,
	SF_OPN_CI_EQUALS,
	SF_OPN_CI_NOT_EQUAL,
	SF_OPN_GREATER,
	SF_OPN_GREATER_EQ,
	SF_OPN_LESS,
	SF_OPN_LESS_EQ,
	SF_OPN_PATTERN,
	SF_OPN_UNSUPPORTED
} sf_operation;

/* NULL or "" give the defaults: string, equals. */
sf_datatype sf_datatype_parse(const char *s);
sf_operation sf_operation_parse(const char *s);

/* Compares the collected value (NULL: a YAML null, compared as "") with
 * the expected one: true, false, or error (an operation the datatype
 * does not have, a value that is not of the datatype, a bad pattern). */
sf_oval_result sf_entity_compare(sf_datatype dt, sf_operation op,
                                 const char *collected, const char *expected);

/* Searches subject (len bytes) for a Perl-compatible pattern from
 * offset; on a match returns 1 and the match's bounds, 0 for none, -1
 * for a bad pattern. flags: SF_RE_* below. */
#define SF_RE_MULTILINE 1
#define SF_RE_DOTALL 2
#define SF_RE_CASELESS 4
int sf_regex_search(const char *pattern, int flags, const char *subject,
                    size_t len, size_t offset, size_t *start, size_t *end);
/* The same with the bounds of the match and of its capture groups:
 * ov[2k], ov[2k+1] for group k (SF_RE_UNSET when the group took no
 * part); *ngroups is set to the number of groups, at most max - 1. */
#define SF_RE_UNSET ((size_t)-1)
int sf_regex_search_groups(const char *pattern, int flags, const char *subject,
                           size_t len, size_t offset, size_t *ov, size_t max,
                           size_t *ngroups);
/* Frees the patterns the searches keep compiled. */
void sf_regex_forget(void);

#endif
