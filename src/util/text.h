/*
 * Small text helpers shared across the program.
 */
#ifndef SF_UTIL_TEXT_H
#define SF_UTIL_TEXT_H

/* Whether s matches the POSIX extended regular expression; a pattern that
 * does not compile matches nothing. */
int sf_text_matches(const char *pattern, const char *s);

/* A copy of s without trailing white space. The caller frees. */
char *sf_text_trimmed(const char *s);

/* A copy of s that is valid UTF-8 holding only XML 1.0 characters:
 * invalid bytes and forbidden characters become U+FFFD. Markup is left
 * to the writer to escape. The caller frees. */
char *sf_text_xml_clean(const char *s);
/* How many of the len bytes at s make a piece of at most max bytes (at
 * least one character) that ends where a UTF-8 character ends: long
 * texts are written piece by piece, never copied whole. */
size_t sf_text_piece(const char *s, size_t len, size_t max);

#endif
