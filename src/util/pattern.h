/*
 * Regular expressions given by users (the exclusion Value) or by OVAL
 * content (the path and filename patterns of file objects), compiled
 * once with PCRE2 and matched with bounded cost: a pattern too large to
 * compile, or one that backtracks past the match and depth limits on
 * some input, is an error with a message, never a hang.
 */
#ifndef SF_UTIL_PATTERN_H
#define SF_UTIL_PATTERN_H

#include <stddef.h>

/* The most steps and the deepest backtracking one match may take. */
#define SF_PATTERN_MATCH_LIMIT 1000000u
#define SF_PATTERN_DEPTH_LIMIT 10000u
#define SF_PATTERN_MAX_LENGTH 4096u

typedef struct sf_pattern sf_pattern;

/* what names the pattern in messages ("the exclusion pattern"). Returns
 * 0, or -1 with the last error set: the problem and its offset. */
int sf_pattern_compile(sf_pattern **out, const char *text, int caseless,
                       const char *what);
/* The same with options: SF_PATTERN_BYTES matches bytes rather than
 * UTF-8 characters, for subjects that may be any bytes (file names). */
#define SF_PATTERN_CASELESS 1u
#define SF_PATTERN_BYTES 2u
int sf_pattern_compile_opts(sf_pattern **out, const char *text, unsigned opts,
                            const char *what);
/* Whether every match must begin at the start of the subject (^ or \A
 * heading every alternative), as PCRE2 works it out. */
int sf_pattern_anchored(const sf_pattern *p);
/* 1 when subject matches, 0 when not, -1 with the last error set when
 * the match passed the limits. */
int sf_pattern_match(const sf_pattern *p, const char *subject, size_t len);
/* Whether subject, or some longer string that begins with it, may match
 * (PCRE2's hard partial matching): 1 when one may, 0 when none can, -1
 * with the last error set past the limits. A walk of the file system
 * prunes with it the folders under which nothing can match. */
int sf_pattern_may_match(const sf_pattern *p, const char *subject, size_t len);
void sf_pattern_free(sf_pattern *p);

#endif
