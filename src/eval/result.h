/*
 * OVAL results and the truth tables of the OVAL 5.11 specification that
 * combine them: criteria operators (AND, OR, ONE, XOR), a test's check
 * over its items' results and its check_existence over their statuses.
 */
#ifndef SF_EVAL_RESULT_H
#define SF_EVAL_RESULT_H

#include <stddef.h>

typedef enum sf_oval_result {
	SF_OVAL_TRUE,
	SF_OVAL_FALSE,
	SF_OVAL_ERROR,
	SF_OVAL_UNKNOWN,
	SF_OVAL_NOT_EVALUATED,
	SF_OVAL_NOT_APPLICABLE
} sf_oval_result;
#define SF_OVAL_NRESULTS 6

/* Counts of results, indexed by sf_oval_result. */
typedef struct sf_oval_tally {
	size_t n[SF_OVAL_NRESULTS];
} sf_oval_tally;

typedef enum sf_oval_operator {
	SF_OP_AND,
	SF_OP_OR,
	SF_OP_ONE,
	SF_OP_XOR,
	SF_OP_NONE /* a test's check "none satisfy" */
} sf_oval_operator;

/* Item statuses, for check_existence. */
typedef enum sf_item_status {
	SF_ITEM_EXISTS,
	SF_ITEM_DOES_NOT_EXIST,
	SF_ITEM_ERROR,
	SF_ITEM_NOT_COLLECTED
} sf_item_status;

typedef enum sf_existence {
	SF_EXIST_ALL,
	SF_EXIST_ANY,
	SF_EXIST_AT_LEAST_ONE,
	SF_EXIST_NONE,
	SF_EXIST_ONLY_ONE
} sf_existence;

const char *sf_oval_result_name(sf_oval_result r);

/* Parses "AND", "OR", "ONE", "XOR" or a check ("all", "at least one",
 * "only one", "none satisfy"); -1 for anything else. */
int sf_oval_operator_parse(const char *s, int is_check);
int sf_existence_parse(const char *s);

sf_oval_result sf_oval_combine(sf_oval_operator op, const sf_oval_tally *t);
sf_oval_result sf_oval_negate(sf_oval_result r);
/* counts[status] of the items collected for a test. */
sf_oval_result sf_oval_existence(sf_existence e, const size_t counts[4]);

#endif
