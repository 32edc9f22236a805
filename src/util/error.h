/*
 * The library's failure channel: a function that fails returns a negative
 * value (or NULL) and leaves a message here for the caller to print.
 * Messages follow git's style: lowercase, no full stop, problem first, the
 * subject in single quotes.
 */
#ifndef SF_UTIL_ERROR_H
#define SF_UTIL_ERROR_H

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
/* Records the message and returns -1, so that "return sf_error_set(...)"
 * reads naturally. */
int sf_error_set(const char *fmt, ...);
/* The last message, or "unknown error" when none was set. */
const char *sf_error_last(void);
void sf_error_clear(void);

#endif
