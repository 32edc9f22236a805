/*
 * Small text helpers shared by the loader and the validator.
 */
#ifndef SF_UTIL_TEXT_H
#define SF_UTIL_TEXT_H

/* Whether s matches the POSIX extended regular expression; a pattern that
 * does not compile matches nothing. */
int sf_text_matches(const char *pattern, const char *s);

/* A copy of s without trailing white space. The caller frees. */
char *sf_text_trimmed(const char *s);

#endif
