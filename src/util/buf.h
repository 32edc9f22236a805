/*
 * A growable, always NUL-terminated byte string.
 * Invariant: ptr is NULL only while size is 0; otherwise ptr[len] == '\0'.
 * Allocation failure aborts: the program cannot do anything useful without
 * memory, and checking every append would hide the logic.
 */
#ifndef SF_UTIL_BUF_H
#define SF_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct sf_buf {
	char *ptr;
	size_t len;
	size_t size;
} sf_buf;

#define SF_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void sf_buf_grow(sf_buf *b, size_t extra);
void sf_buf_puts(sf_buf *b, const char *s);

/* The appends every parser and writer makes per byte or token: inline,
 * the growth out of line. */
static inline void sf_buf_put(sf_buf *b, const char *data, size_t len)
{
	if (len >= b->size - b->len) /* room for len bytes and the NUL */
		sf_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

static inline void sf_buf_putc(sf_buf *b, char c)
{
	if (b->size - b->len < 2)
		sf_buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

static inline void sf_buf_clear(sf_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* Returns the string (never NULL); the buffer may still be used. */
static inline const char *sf_buf_cstr(const sf_buf *b)
{
	return b->ptr ? b->ptr : "";
}
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void sf_buf_printf(sf_buf *b, const char *fmt, ...);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 0)))
#endif
void sf_buf_vprintf(sf_buf *b, const char *fmt, va_list ap);
/* Hands the string to the caller, who frees it; the buffer is emptied. */
char *sf_buf_detach(sf_buf *b);
void sf_buf_release(sf_buf *b);

/* Allocation helpers that abort on failure. */
void *sf_xmalloc(size_t n);
void *sf_xcalloc(size_t n, size_t size);
void *sf_xrealloc(void *p, size_t n);
/* p, grown when need passes *alloc to hold at least need elements of
 * size bytes: by doubling, so that n appends one by one cost O(n). */
void *sf_xgrow(void *p, size_t *alloc, size_t need, size_t size);
char *sf_xstrdup(const char *s);
char *sf_xstrndup(const char *s, size_t n);

#endif
