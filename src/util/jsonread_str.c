/*
 * JSON strings as the strict reader takes them: runs of plain ASCII
 * copied at once, escapes (with surrogate pairs) decoded, UTF-8 checked
 * byte by byte, control characters and overlong strings refused.
 */
#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonread_int.h"

static void put_utf8(sf_buf *b, uint32_t cp)
{
	char s[4];
	size_t n;

	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | cp >> 18);
		s[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		s[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sf_buf_put(b, s, n);
}

static int hex4(sf_jsonread *r, uint32_t *out)
{
	int i, c;

	*out = 0;
	for (i = 0; i < 4; i++) {
		c = sf_jsonread_peek(r);
		if (c >= '0' && c <= '9')
			*out = *out << 4 | (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*out = *out << 4 | (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return sf_jsonread_unexpected(
			    r, c, "a hexadecimal digit of \\u");
		sf_jsonread_advance(r);
	}
	return 0;
}

/* After the backslash. */
static int read_escape(sf_jsonread *r, size_t line, size_t column)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	int c = sf_jsonread_peek(r);
	const char *e = c > 0 ? strchr(from, c) : NULL;
	uint32_t cp, lo;

	if (e && c) {
		sf_buf_putc(&r->text, to[e - from]);
		sf_jsonread_advance(r);
		return 0;
	}
	if (c != 'u')
		return sf_jsonread_fail_at(
		    r, line, column,
		    "the escape '\\%c', which JSON does not have",
		    c > 0x20 && c < 0x7f ? c : '?');
	sf_jsonread_advance(r);
	if (hex4(r, &cp) < 0)
		return -1;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return sf_jsonread_fail_at(r, line, column,
		                           "a lone low surrogate \\u%04X",
		                           (unsigned)cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (sf_jsonread_peek(r) != '\\' ||
		    (sf_jsonread_advance(r), sf_jsonread_peek(r) != 'u'))
			return sf_jsonread_fail_at(
			    r, line, column,
			    "a high surrogate \\u%04X without its pair",
			    (unsigned)cp);
		sf_jsonread_advance(r);
		if (hex4(r, &lo) < 0)
			return -1;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return sf_jsonread_fail_at(
			    r, line, column,
			    "a high surrogate \\u%04X without its pair",
			    (unsigned)cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (!cp)
		return sf_jsonread_fail_at(
		    r, line, column,
		    "a NUL character (\\u0000), which evidence may not hold");
	put_utf8(&r->text, cp);
	return 0;
}

/* One multi-byte UTF-8 character, its lead byte c at pos. */
static int read_utf8(sf_jsonread *r, int c)
{
	int need = (c & 0xE0) == 0xC0   ? 1
	           : (c & 0xF0) == 0xE0 ? 2
	           : (c & 0xF8) == 0xF0 ? 3
	                                : -1;
	unsigned char s[4];
	uint32_t cp;
	size_t line = r->line, column = r->column;
	int i, lead = c;

	if (need < 0 || c == 0xC0 || c == 0xC1 || c > 0xF4)
		return SF_JSONREAD_FAIL(r, "invalid UTF-8 (byte 0x%02X)",
		                        (unsigned)c);
	s[0] = (unsigned char)c;
	cp = (uint32_t)c & (0x3Fu >> need);
	sf_jsonread_advance(r);
	for (i = 1; i <= need; i++) {
		c = sf_jsonread_peek(r);
		if (c < 0 || (c & 0xC0) != 0x80)
			return c < 0
			           ? sf_jsonread_unexpected(
			                 r, c, "the rest of a UTF-8 character")
			           : SF_JSONREAD_FAIL(
			                 r, "invalid UTF-8 (byte 0x%02X)",
			                 (unsigned)c);
		s[i] = (unsigned char)c;
		cp = cp << 6 | ((uint32_t)c & 0x3F);
		/* overlong forms, surrogates and code points past U+10FFFF */
		if (i == need &&
		    ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		     cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
			return sf_jsonread_fail_at(
			    r, line, column, "invalid UTF-8 (byte 0x%02X)",
			    (unsigned)lead);
		sf_jsonread_advance(r);
	}
	sf_buf_put(&r->text, (const char *)s, (size_t)need + 1);
	return 0;
}

/* At the opening quote. */
int sf_jsonread_string(sf_jsonread *r)
{
	size_t line = r->line, column = r->column;

	sf_buf_clear(&r->text);
	r->escaped = 0;
	sf_jsonread_advance(r);
	for (;;) {
		size_t start;
		int c;

		if (!sf_jsonread_fill(r))
			return sf_jsonread_fail_at(
			    r, line, column,
			    "truncated JSON: a string that is never closed");
		start = r->pos;
		r->pos = (size_t)(sf_jsonread_plain(r->buf + start,
		                                    r->buf + r->end) -
		                  r->buf);
		sf_buf_put(&r->text, (const char *)r->buf + start,
		           r->pos - start);
		r->column += r->pos - start;
		if (r->text.len > SF_JSONREAD_MAX_STRING)
			return sf_jsonread_fail_at(
			    r, line, column, "a string longer than %u bytes",
			    SF_JSONREAD_MAX_STRING);
		if (r->pos == r->end)
			continue;
		c = r->buf[r->pos];
		if (c == '"') {
			sf_jsonread_advance(r);
			return 0;
		}
		if (c == '\\') {
			size_t el = r->line, ec = r->column;

			r->escaped = 1;
			sf_jsonread_advance(r);
			if (read_escape(r, el, ec) < 0)
				return -1;
		} else if (c < 0x20) {
			return SF_JSONREAD_FAIL(
			    r,
			    "a control character (byte 0x%02X) in a string, which JSON requires escaped",
			    (unsigned)c);
		} else if (read_utf8(r, c) < 0) {
			return -1;
		}
	}
}
