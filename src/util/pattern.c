#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/pattern.h"

struct sf_pattern {
	pcre2_code *re;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	char *text, *what;
};

int sf_pattern_compile(sf_pattern **out, const char *text, int caseless,
                       const char *what)
{
	sf_pattern *p;
	pcre2_compile_context *cc;
	int err;
	PCRE2_SIZE at;
	PCRE2_UCHAR msg[256];

	*out = NULL;
	if (strlen(text) > SF_PATTERN_MAX_LENGTH)
		return sf_error_set("%s is longer than %u characters", what,
		                    SF_PATTERN_MAX_LENGTH);
	cc = pcre2_compile_context_create(NULL);
	if (!cc)
		return sf_error_set("out of memory compiling %s", what);
	pcre2_set_max_pattern_length(cc, SF_PATTERN_MAX_LENGTH);
	pcre2_set_parens_nest_limit(cc, 64);
	p = sf_xcalloc(1, sizeof(*p));
	p->re = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED,
	                      PCRE2_UTF | (caseless ? PCRE2_CASELESS : 0), &err,
	                      &at, cc);
	pcre2_compile_context_free(cc);
	if (!p->re) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		sf_error_set("%s '%s' is not a valid regular expression: %s at offset %zu",
		             what, text, (const char *)msg, (size_t)at);
		free(p);
		return -1;
	}
	p->md = pcre2_match_data_create_from_pattern(p->re, NULL);
	p->mc = pcre2_match_context_create(NULL);
	if (!p->md || !p->mc) {
		sf_pattern_free(p);
		return sf_error_set("out of memory compiling %s", what);
	}
	pcre2_set_match_limit(p->mc, SF_PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mc, SF_PATTERN_DEPTH_LIMIT);
	p->text = sf_xstrdup(text);
	p->what = sf_xstrdup(what);
	*out = p;
	return 0;
}

int sf_pattern_match(const sf_pattern *p, const char *subject, size_t len)
{
	int rc = pcre2_match(p->re, (PCRE2_SPTR)subject, len, 0, 0, p->md,
	                     p->mc);
	PCRE2_UCHAR msg[256];

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return sf_error_set("%s '%s' cannot be matched against '%.64s': %s; simplify the pattern",
	                    p->what, p->text, subject, (const char *)msg);
}

void sf_pattern_free(sf_pattern *p)
{
	if (!p)
		return;
	pcre2_match_data_free(p->md);
	pcre2_match_context_free(p->mc);
	pcre2_code_free(p->re);
	free(p->text);
	free(p->what);
	free(p);
}
