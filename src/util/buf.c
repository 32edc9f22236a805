#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static void out_of_memory(void)
{
	fputs("scapforge: out of memory\n", stderr);
	abort();
}

void *sf_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *sf_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *sf_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *sf_xgrow(void *p, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 16;

	if (need <= *alloc)
		return p;
	while (n < need)
		n = n > (size_t)-1 / 2 ? need : n * 2;
	if (size && n > (size_t)-1 / size)
		out_of_memory();
	*alloc = n;
	return sf_xrealloc(p, n * size);
}

char *sf_xstrdup(const char *s)
{
	return sf_xstrndup(s, strlen(s));
}

char *sf_xstrndup(const char *s, size_t n)
{
	char *p = sf_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void sf_buf_grow(sf_buf *b, size_t extra)
{
	size_t want;

	if (extra > (size_t)-1 - b->len - 1)
		out_of_memory();
	want = b->len + extra + 1;
	if (want <= b->size)
		return;
	if (want < b->size + b->size / 2)
		want = b->size + b->size / 2;
	if (want < 64)
		want = 64;
	b->ptr = sf_xrealloc(b->ptr, want);
	b->size = want;
	b->ptr[b->len] = '\0';
}

void sf_buf_puts(sf_buf *b, const char *s)
{
	sf_buf_put(b, s, strlen(s));
}

void sf_buf_vprintf(sf_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	sf_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void sf_buf_printf(sf_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *sf_buf_detach(sf_buf *b)
{
	char *p = b->ptr ? b->ptr : sf_xstrdup("");

	b->ptr = NULL;
	b->len = b->size = 0;
	return p;
}

void sf_buf_release(sf_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->size = 0;
}
