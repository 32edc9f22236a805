#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/text.h"

/* s's len bytes as the inside of a JSON string. */
static void escape_body(sf_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	sf_buf_grow(b, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		sf_buf_put(b, s + run, i - run);
		if (c == '\n')
			sf_buf_puts(b, "\\n");
		else if (c == '\t')
			sf_buf_puts(b, "\\t");
		else if (c < 0x20)
			sf_buf_printf(b, "\\u%04x", c);
		else {
			sf_buf_putc(b, '\\');
			sf_buf_putc(b, (char)c);
		}
		run = i + 1;
	}
	sf_buf_put(b, s + run, len - run);
}

void sf_json_escape(sf_buf *b, const char *s, size_t len)
{
	sf_buf_grow(b, len + 2);
	sf_buf_putc(b, '"');
	escape_body(b, s, len);
	sf_buf_putc(b, '"');
}

void sf_json_init(sf_json *j, sf_buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

static void indent(sf_json *j)
{
	int i;

	sf_buf_putc(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		sf_buf_puts(j->out, "  ");
}

/* Before a value: the comma and line break it needs. */
static void next(sf_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++)
			sf_buf_putc(j->out, ',');
		indent(j);
	}
}

static void open(sf_json *j, char c)
{
	next(j);
	sf_buf_putc(j->out, c);
	if (j->depth == SF_JSON_MAX_DEPTH)
		abort();
	j->count[j->depth] = 0;
	j->close[j->depth] = c == '{' ? '}' : ']';
	j->depth++;
}

void sf_json_object(sf_json *j)
{
	open(j, '{');
}

void sf_json_array(sf_json *j)
{
	open(j, '[');
}

void sf_json_end(sf_json *j)
{
	if (j->depth == 0)
		abort();
	j->depth--;
	if (j->count[j->depth])
		indent(j);
	sf_buf_putc(j->out, j->close[j->depth]);
	if (j->depth == 0)
		sf_buf_putc(j->out, '\n');
}

void sf_json_key(sf_json *j, const char *key)
{
	next(j);
	sf_json_escape(j->out, key, strlen(key));
	sf_buf_puts(j->out, ": ");
	j->after_key = 1;
}

void sf_json_string(sf_json *j, const char *s)
{
	char *clean;

	if (!s) {
		sf_json_null(j);
		return;
	}
	next(j);
	clean = sf_text_xml_clean(s);
	sf_json_escape(j->out, clean, strlen(clean));
	free(clean);
}

void sf_json_string_begin(sf_json *j)
{
	next(j);
	sf_buf_putc(j->out, '"');
}

void sf_json_string_part(sf_json *j, const char *s, size_t len)
{
	char *piece = sf_xstrndup(s, len), *clean = sf_text_xml_clean(piece);

	escape_body(j->out, clean, strlen(clean));
	free(clean);
	free(piece);
}

void sf_json_string_end(sf_json *j)
{
	sf_buf_putc(j->out, '"');
}

void sf_json_int(sf_json *j, long long n)
{
	next(j);
	sf_buf_printf(j->out, "%lld", n);
}

void sf_json_bool(sf_json *j, int b)
{
	next(j);
	sf_buf_puts(j->out, b ? "true" : "false");
}

void sf_json_null(sf_json *j)
{
	next(j);
	sf_buf_puts(j->out, "null");
}

void sf_json_kstring(sf_json *j, const char *key, const char *s)
{
	sf_json_key(j, key);
	sf_json_string(j, s);
}

void sf_json_kint(sf_json *j, const char *key, long long n)
{
	sf_json_key(j, key);
	sf_json_int(j, n);
}

int sf_json_spill(sf_json *j, sf_pending_file *pf, size_t least)
{
	int rc;

	if (!j->out->len || j->out->len < least)
		return 0;
	rc = sf_pending_file_append(pf, j->out->ptr, j->out->len);
	sf_buf_clear(j->out);
	return rc;
}
