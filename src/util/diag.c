#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"

void sf_diags_init(sf_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void sf_diags_release(sf_diags *d)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		free(d->items[i].file);
		free(d->items[i].message);
	}
	for (i = 0; i < d->nsources; i++) {
		free(d->sources[i].file);
		free(d->sources[i].text);
	}
	free(d->items);
	free(d->sources);
	memset(d, 0, sizeof(*d));
}

void sf_diags_add_source(sf_diags *d, const char *file, const char *text,
                         size_t len)
{
	sf_source *s;

	d->sources =
	    sf_xrealloc(d->sources, (d->nsources + 1) * sizeof(*d->sources));
	s = &d->sources[d->nsources++];
	s->file = sf_xstrdup(file);
	s->text = sf_xstrndup(text, len);
	s->len = len;
}

void sf_diags_add(sf_diags *d, sf_severity sev, const char *file, size_t line,
                  size_t column, const char *fmt, ...)
{
	sf_buf msg = SF_BUF_INIT;
	sf_diag *e;
	va_list ap;

	va_start(ap, fmt);
	sf_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (d->count == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->items = sf_xrealloc(d->items, d->alloc * sizeof(*d->items));
	}
	e = &d->items[d->count];
	e->severity = sev;
	e->file = sf_xstrdup(file);
	e->line = line;
	e->column = column;
	e->message = sf_buf_detach(&msg);
	e->seq = d->count++;
	if (sev == SF_SEV_ERROR)
		d->errors++;
}

static int compare_diag(const void *pa, const void *pb)
{
	const sf_diag *a = pa, *b = pb;
	int c = strcmp(a->file, b->file);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void sf_diags_sort(sf_diags *d)
{
	if (d->count > 1)
		qsort(d->items, d->count, sizeof(*d->items), compare_diag);
}

static const sf_source *find_source(const sf_diags *d, const char *file)
{
	size_t i;

	for (i = 0; i < d->nsources; i++)
		if (strcmp(d->sources[i].file, file) == 0)
			return &d->sources[i];
	return NULL;
}

/* Appends line number `line` of the source and a caret under `column`.
 * Tabs are kept in the padding so the caret lines up in a terminal. */
static void quote_line(const sf_source *s, size_t line, size_t column,
                       sf_buf *out)
{
	const char *p = s->text, *end = s->text + s->len, *eol;
	size_t n, i;

	for (n = 1; n < line && p < end; n++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return;
		p++;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	if (eol > p && eol[-1] == '\r')
		eol--;
	sf_buf_puts(out, "    ");
	sf_buf_put(out, p, (size_t)(eol - p));
	sf_buf_puts(out, "\n    ");
	for (i = 1; i < column && p + i - 1 < eol; i++)
		sf_buf_putc(out, p[i - 1] == '\t' ? '\t' : ' ');
	sf_buf_puts(out, "^\n");
}

void sf_diags_format(const sf_diags *d, int quote, sf_buf *out)
{
	size_t i;

	for (i = 0; i < d->count; i++) {
		const sf_diag *e = &d->items[i];
		const char *sev =
		    e->severity == SF_SEV_ERROR ? "error" : "warning";
		const sf_source *s;

		if (e->line)
			sf_buf_printf(out, "%s:%zu:%zu: %s: %s\n", e->file,
			              e->line, e->column, sev, e->message);
		else
			sf_buf_printf(out, "%s: %s: %s\n", e->file, sev,
			              e->message);
		if (quote && e->line && (s = find_source(d, e->file)))
			quote_line(s, e->line, e->column, out);
	}
}
