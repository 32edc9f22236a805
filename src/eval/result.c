#include <string.h>

#include "eval/result.h"

static const char *const names[SF_OVAL_NRESULTS] = {
    "true", "false", "error", "unknown", "not evaluated", "not applicable",
};

const char *sf_oval_result_name(sf_oval_result r)
{
	return names[r];
}

int sf_oval_operator_parse(const char *s, int is_check)
{
	static const char *const ops[] = {"AND", "OR", "ONE", "XOR"};
	static const char *const checks[] = {"all", "at least one", "only one",
	                                     "none satisfy"};
	static const int check_ops[] = {SF_OP_AND, SF_OP_OR, SF_OP_ONE,
	                                SF_OP_NONE};
	int i;

	for (i = 0; i < 4; i++)
		if (is_check ? !strcmp(s, checks[i]) : !strcmp(s, ops[i]))
			return is_check ? check_ops[i] : i;
	/* "none exist" is the deprecated spelling of "none satisfy" */
	if (is_check && !strcmp(s, "none exist"))
		return SF_OP_NONE;
	return -1;
}

int sf_existence_parse(const char *s)
{
	static const char *const names_[] = {"all_exist", "any_exist",
	                                     "at_least_one_exists",
	                                     "none_exist", "only_one_exists"};
	int i;

	for (i = 0; i < 5; i++)
		if (!strcmp(s, names_[i]))
			return i;
	return -1;
}

/* What decides when no true/false rule applies: error, then unknown,
 * then not evaluated, in that order. */
static sf_oval_result undecided(const sf_oval_tally *t)
{
	if (t->n[SF_OVAL_ERROR])
		return SF_OVAL_ERROR;
	if (t->n[SF_OVAL_UNKNOWN])
		return SF_OVAL_UNKNOWN;
	return SF_OVAL_NOT_EVALUATED;
}

sf_oval_result sf_oval_combine(sf_oval_operator op, const sf_oval_tally *t)
{
	size_t tr = t->n[SF_OVAL_TRUE], fa = t->n[SF_OVAL_FALSE];
	size_t other = t->n[SF_OVAL_ERROR] + t->n[SF_OVAL_UNKNOWN] +
	               t->n[SF_OVAL_NOT_EVALUATED];

	if (tr + fa + other == 0)
		return SF_OVAL_NOT_APPLICABLE; /* nothing, or all n/a */
	switch (op) {
	case SF_OP_AND:
		if (fa)
			return SF_OVAL_FALSE;
		return other ? undecided(t) : SF_OVAL_TRUE;
	case SF_OP_OR:
		if (tr)
			return SF_OVAL_TRUE;
		return other ? undecided(t) : SF_OVAL_FALSE;
	case SF_OP_ONE:
		if (tr >= 2)
			return SF_OVAL_FALSE;
		if (other)
			return undecided(t);
		return tr == 1 ? SF_OVAL_TRUE : SF_OVAL_FALSE;
	case SF_OP_XOR:
		if (other)
			return undecided(t);
		return tr % 2 ? SF_OVAL_TRUE : SF_OVAL_FALSE;
	case SF_OP_NONE:
		if (tr)
			return SF_OVAL_FALSE;
		return other ? undecided(t) : SF_OVAL_TRUE;
	}
	return SF_OVAL_ERROR;
}

sf_oval_result sf_oval_negate(sf_oval_result r)
{
	if (r == SF_OVAL_TRUE)
		return SF_OVAL_FALSE;
	if (r == SF_OVAL_FALSE)
		return SF_OVAL_TRUE;
	return r;
}

sf_oval_result sf_oval_existence(sf_existence e, const size_t c[4])
{
	size_t ex = c[SF_ITEM_EXISTS], dne = c[SF_ITEM_DOES_NOT_EXIST];
	size_t err = c[SF_ITEM_ERROR], nc = c[SF_ITEM_NOT_COLLECTED];

	switch (e) {
	case SF_EXIST_ALL:
		if (dne || (!ex && !err && !nc))
			return SF_OVAL_FALSE;
		if (err)
			return SF_OVAL_ERROR;
		return nc ? SF_OVAL_UNKNOWN : SF_OVAL_TRUE;
	case SF_EXIST_ANY:
		if (err && !ex)
			return SF_OVAL_ERROR;
		return SF_OVAL_TRUE;
	case SF_EXIST_AT_LEAST_ONE:
		if (ex)
			return SF_OVAL_TRUE;
		if (err)
			return SF_OVAL_ERROR;
		return nc ? SF_OVAL_UNKNOWN : SF_OVAL_FALSE;
	case SF_EXIST_NONE:
		if (ex)
			return SF_OVAL_FALSE;
		if (err)
			return SF_OVAL_ERROR;
		return nc ? SF_OVAL_UNKNOWN : SF_OVAL_TRUE;
	case SF_EXIST_ONLY_ONE:
		if (ex >= 2)
			return SF_OVAL_FALSE;
		if (err)
			return SF_OVAL_ERROR;
		if (nc)
			return SF_OVAL_UNKNOWN;
		return ex == 1 ? SF_OVAL_TRUE : SF_OVAL_FALSE;
	}
	return SF_OVAL_ERROR;
}
