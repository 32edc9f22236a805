#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval/entity.h"

sf_datatype sf_datatype_parse(const char *s)
{
	if (!s || !*s || !strcmp(s, "string"))
		return SF_DT_STRING;
	if (!strcmp(s, "int"))
		return SF_DT_INT;
	if (!strcmp(s, "float"))
		return SF_DT_FLOAT;
	if (!strcmp(s, "boolean"))
		return SF_DT_BOOLEAN;
	if (!strcmp(s, "record"))
		return SF_DT_RECORD;
	return SF_DT_UNSUPPORTED;
}

sf_operation sf_operation_parse(const char *s)
{
	static const char *const names[] = {"equals",
	                                    "not equal",
	                                    "case insensitive equals",
	                                    "case insensitive not equal",
	                                    "greater than",
	                                    "greater than or equal",
	                                    "less than",
	                                    "less than or equal",
	                                    "pattern match"};
	int i;

	if (!s || !*s)
		return SF_OPN_EQUALS;
	for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		if (!strcmp(s, names[i]))
			return (sf_operation)i;
	return SF_OPN_UNSUPPORTED;
}

/* The patterns of an evaluation are few, and each is matched once per
 * item: each is compiled once, kept with its match data. */
#define RE_KEPT 32
static struct kept_re {
	char *pattern;
	int flags;
	pcre2_code *re;
	pcre2_match_data *md;
} kept[RE_KEPT];
static size_t kept_next; /* the slot the next new pattern takes */

void sf_regex_forget(void)
{
	size_t i;

	for (i = 0; i < RE_KEPT; i++) {
		free(kept[i].pattern);
		pcre2_match_data_free(kept[i].md);
		pcre2_code_free(kept[i].re);
		memset(&kept[i], 0, sizeof(kept[i]));
	}
	kept_next = 0;
}

/* The compiled pattern, or NULL for a bad one. */
static struct kept_re *compiled(const char *pattern, int flags)
{
	/* Byte mode: evidence may hold any bytes, and no UTF check may walk
	 * a whole file before the first match. */
	uint32_t options = 0;
	struct kept_re *k;
	PCRE2_SIZE erroff;
	pcre2_code *re;
	size_t i;
	int err;

	for (i = 0; i < RE_KEPT; i++)
		if (kept[i].pattern && kept[i].flags == flags &&
		    !strcmp(kept[i].pattern, pattern))
			return &kept[i];
	if (flags & SF_RE_MULTILINE)
		options |= PCRE2_MULTILINE;
	if (flags & SF_RE_DOTALL)
		options |= PCRE2_DOTALL;
	if (flags & SF_RE_CASELESS)
		options |= PCRE2_CASELESS;
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
	                   &err, &erroff, NULL);
	if (!re)
		return NULL;
	/* compiled to machine code where PCRE2 can: the same few patterns
	 * run over every container's files; where it cannot, the
	 * interpreter runs them */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	k = &kept[kept_next];
	kept_next = (kept_next + 1) % RE_KEPT;
	free(k->pattern);
	pcre2_match_data_free(k->md);
	pcre2_code_free(k->re);
	k->pattern = strdup(pattern);
	k->flags = flags;
	k->re = re;
	k->md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!k->pattern || !k->md) {
		free(k->pattern);
		pcre2_match_data_free(k->md);
		pcre2_code_free(re);
		memset(k, 0, sizeof(*k));
		return NULL;
	}
	return k;
}

int sf_regex_search_groups(const char *pattern, int flags, const char *subject,
                           size_t len, size_t offset, size_t *ov, size_t max,
                           size_t *ngroups)
{
	uint32_t all = 0;
	struct kept_re *k = compiled(pattern, flags);
	pcre2_code *re;
	pcre2_match_data *md;
	int rc;
	size_t i;

	*ngroups = 0;
	if (!k)
		return -1;
	re = k->re;
	md = k->md;
	/* An anchored pattern (\A...) cannot match past the start: say so
	 * without letting PCRE2 walk the rest of a large file. */
	if (offset > 0 &&
	    pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &all) == 0 &&
	    (all & PCRE2_ANCHORED))
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)subject, len, offset, 0, md, NULL);
	/* the machine code's stack is small: the interpreter's is not */
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)subject, len, offset,
		                 PCRE2_NO_JIT, md, NULL);
	if (rc > 0) {
		PCRE2_SIZE *v = pcre2_get_ovector_pointer(md);
		uint32_t n = pcre2_get_ovector_count(md);

		for (i = 0; i < n && i < max; i++) {
			ov[2 * i] =
			    v[2 * i] == PCRE2_UNSET ? SF_RE_UNSET : v[2 * i];
			ov[2 * i + 1] = v[2 * i + 1] == PCRE2_UNSET
			                    ? SF_RE_UNSET
			                    : v[2 * i + 1];
		}
		*ngroups = i ? i - 1 : 0;
	}
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc > 0 ? 1 : -1;
}

int sf_regex_search(const char *pattern, int flags, const char *subject,
                    size_t len, size_t offset, size_t *start, size_t *end)
{
	size_t ov[2] = {0, 0}, n;
	int rc = sf_regex_search_groups(pattern, flags, subject, len, offset,
	                                ov, 1, &n);

	if (rc == 1) {
		*start = ov[0];
		*end = ov[1];
	}
	return rc;
}

static int parse_int(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return *s && !*end && !errno;
}

static int parse_bool(const char *s, int *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "1"))
		*out = 1;
	else if (!strcmp(s, "false") || !strcmp(s, "0"))
		*out = 0;
	else
		return 0;
	return 1;
}

static sf_oval_result truth(int b)
{
	return b ? SF_OVAL_TRUE : SF_OVAL_FALSE;
}

/* Orders two numbers by the operation. */
static sf_oval_result order(sf_operation op, double c)
{
	switch (op) {
	case SF_OPN_EQUALS:
		return truth(c == 0);
	case SF_OPN_NOT_EQUAL:
		return truth(c != 0);
	case SF_OPN_GREATER:
		return truth(c > 0);
	case SF_OPN_GREATER_EQ:
		return truth(c >= 0);
	case SF_OPN_LESS:
		return truth(c < 0);
	case SF_OPN_LESS_EQ:
		return truth(c <= 0);
	default:
		return SF_OVAL_ERROR;
	}
}

static sf_oval_result compare_string(sf_operation op, const char *c,
                                     const char *e)
{
	size_t s, t;
	int m;

	switch (op) {
	case SF_OPN_EQUALS:
		return truth(!strcmp(c, e));
	case SF_OPN_NOT_EQUAL:
		return truth(strcmp(c, e) != 0);
	case SF_OPN_CI_EQUALS:
		return truth(!strcasecmp(c, e));
	case SF_OPN_CI_NOT_EQUAL:
		return truth(strcasecmp(c, e) != 0);
	case SF_OPN_PATTERN:
		m = sf_regex_search(e, 0, c, strlen(c), 0, &s, &t);
		return m < 0 ? SF_OVAL_ERROR : truth(m);
	default:
		return SF_OVAL_ERROR;
	}
}

sf_oval_result sf_entity_compare(sf_datatype dt, sf_operation op,
                                 const char *collected, const char *expected)
{
	const char *c = collected ? collected : "";
	const char *e = expected ? expected : "";
	long long a, b;
	int x, y;
	char *end1, *end2;
	double f, g;

	switch (dt) {
	case SF_DT_STRING:
		return compare_string(op, c, e);
	case SF_DT_INT:
		if (op == SF_OPN_PATTERN)
			return compare_string(op, c, e);
		if (!parse_int(c, &a) || !parse_int(e, &b))
			return SF_OVAL_ERROR;
		return order(op, a < b ? -1 : a > b);
	case SF_DT_FLOAT:
		f = strtod(c, &end1);
		g = strtod(e, &end2);
		if (!*c || !*e || *end1 || *end2)
			return SF_OVAL_ERROR;
		return order(op, f < g ? -1 : f > g);
	case SF_DT_BOOLEAN:
		if (!parse_bool(c, &x) || !parse_bool(e, &y))
			return SF_OVAL_ERROR;
		if (op == SF_OPN_EQUALS)
			return truth(x == y);
		if (op == SF_OPN_NOT_EQUAL)
			return truth(x != y);
		return SF_OVAL_ERROR;
	default:
		return SF_OVAL_ERROR;
	}
}
