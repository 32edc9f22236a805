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
	return sf_pattern_compile_opts(
	    out, text, caseless ? SF_PATTERN_CASELESS : 0, what);
}

int sf_pattern_compile_opts(sf_pattern **out, const char *text, unsigned opts,
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
	p->re = pcre2_compile(
	    (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED,
	    ((opts & SF_PATTERN_BYTES) ? 0 : PCRE2_UTF) |
	        ((opts & SF_PATTERN_CASELESS) ? PCRE2_CASELESS : 0),
	    &err, &at, cc);
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

int sf_pattern_anchored(const sf_pattern *p)
{
	uint32_t all = 0;

	return pcre2_pattern_info(p->re, PCRE2_INFO_ALLOPTIONS, &all) == 0 &&
	       (all & PCRE2_ANCHORED);
}

static int run(const sf_pattern *p, const char *subject, size_t len,
               uint32_t options)
{
	int rc = pcre2_match(p->re, (PCRE2_SPTR)subject, len, 0, options, p->md,
	                     p->mc);
	PCRE2_UCHAR msg[256];

	if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return sf_error_set("%s '%s' cannot be matched against '%.64s': %s; simplify the pattern",
	                    p->what, p->text, subject, (const char *)msg);
}

int sf_pattern_match(const sf_pattern *p, const char *subject, size_t len)
{
	return run(p, subject, len, 0);
}

int sf_pattern_may_match(const sf_pattern *p, const char *subject, size_t len)
{
	/* hard: a partial match wins over a complete one, and the end of
	 * the subject is never taken for the end of the string ($, \b) */
	return run(p, subject, len, PCRE2_PARTIAL_HARD);
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
