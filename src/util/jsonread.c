/*
 * A strict streaming JSON reader for the evidence: tokens with their line
 * and column, the grammar as a small state machine, refusals that name
 * the YAML a text most likely is (strings in jsonread_str.c).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/json.h"
#include "util/jsonread.h"
#include "util/jsonread_int.h"

void sf_jsonread_init(sf_jsonread *r, FILE *in, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->in = in;
	r->name = name;
	r->buf = sf_xmalloc(SF_JSONREAD_BUFSIZE + SF_JSONREAD_SLACK);
	r->line = r->column = 1;
	r->state = ST_ROOT;
}

void sf_jsonread_release(sf_jsonread *r)
{
	free(r->buf);
	free(r->stack);
	sf_buf_release(&r->text);
	memset(r, 0, sizeof(*r));
}

size_t sf_jsonread_depth(const sf_jsonread *r)
{
	return r->depth;
}

int sf_jsonread_fail_at(const sf_jsonread *r, size_t line, size_t column,
                        const char *fmt, ...)
{
	sf_buf b = SF_BUF_INIT;
	va_list ap;

	if (ferror(r->in)) {
		sf_error_set("cannot read '%s'", r->name);
		return -1;
	}
	va_start(ap, fmt);
	sf_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sf_error_set("malformed evidence '%s': %s at line %zu, column %zu",
	             r->name, sf_buf_cstr(&b), line, column);
	sf_buf_release(&b);
	return -1;
}

/* The byte c as a message shows it. */
static const char *shown(int c, char tmp[16])
{
	if (c < 0)
		return "the end of the input";
	if (c > 0x20 && c < 0x7f)
		snprintf(tmp, 16, "'%c'", c);
	else
		snprintf(tmp, 16, "byte 0x%02X", (unsigned)c);
	return tmp;
}

/* The byte after the current one, when it is already read (for hints). */
static int next_byte(const sf_jsonread *r)
{
	return r->pos + 1 < r->end ? r->buf[r->pos + 1] : -1;
}

/* What a byte that cannot start a JSON value most likely is. */
static const char *yaml_hint(const sf_jsonread *r, int c)
{
	int n = next_byte(r);

	switch (c) {
	case '#':
		return "a comment ('#'), which JSON does not have";
	case '&':
		return "a YAML anchor ('&')";
	case '*':
		return "a YAML alias ('*')";
	case '!':
		return "a YAML tag ('!')";
	case '%':
		return "a YAML directive ('%')";
	case '\'':
		return "a single-quoted string, which JSON does not have";
	case '|':
	case '>':
		return "a YAML block scalar";
	case '?':
		return "a YAML complex key ('?')";
	case '-':
		if (n == '-')
			return "a YAML document marker ('---')";
		if (n == ' ' || n == '\n' || n == '\r' || n == '\t')
			return "a YAML block sequence ('- ')";
		return NULL;
	case '.':
		return n == '.' ? "a YAML document end ('...')" : NULL;
	default:
		return NULL;
	}
}

int sf_jsonread_unexpected(sf_jsonread *r, int c, const char *expected)
{
	char tmp[16];
	const char *hint = c >= 0 ? yaml_hint(r, c) : NULL;

	if (c < 0)
		return SF_JSONREAD_FAIL(
		    r, "truncated JSON: the input ends where %s was expected",
		    expected);
	if (hint)
		return SF_JSONREAD_FAIL(r, "%s where %s was expected", hint,
		                        expected);
	return SF_JSONREAD_FAIL(r, "%s where %s was expected", shown(c, tmp),
	                        expected);
}

int sf_jsonread_skip_space(sf_jsonread *r)
{
	for (;;) {
		const unsigned char *start = r->buf + r->pos, *p = start,
		                    *end = r->buf + r->end, *line = NULL;

		while (p < end) {
			if (*p == ' ') {
				p = sf_jsonread_spaces(p, end);
			} else if (*p == '\n') {
				r->line++;
				line = ++p;
			} else if (*p == '\t' || *p == '\r') {
				p++;
			} else {
				break;
			}
		}
		r->column = line ? (size_t)(p - line) + 1
		                 : r->column + (size_t)(p - start);
		r->pos = (size_t)(p - r->buf);
		if (p < end)
			return *p;
		if (!sf_jsonread_fill(r))
			return -1;
	}
}

static int is_delimiter(int c)
{
	return c < 0 || c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
	       c == ',' || c == ']' || c == '}';
}

static void take(sf_jsonread *r)
{
	sf_buf_putc(&r->text, (char)r->buf[r->pos]);
	sf_jsonread_advance(r);
}

static int digits(sf_jsonread *r)
{
	int c, n = 0;

	while ((c = sf_jsonread_peek(r)) >= '0' && c <= '9' &&
	       r->text.len < 4096) {
		take(r);
		n++;
	}
	return n;
}

/* A number or a word: true, false, null, or what JSON does not allow. */
static int read_bare(sf_jsonread *r, sf_jtok *t)
{
	int c = sf_jsonread_peek(r), ok = 1;

	sf_buf_clear(&r->text);
	if (c == '-' || (c >= '0' && c <= '9')) {
		if (c == '-')
			take(r);
		if (sf_jsonread_peek(r) == '0')
			take(r);
		else if (!digits(r))
			ok = 0;
		if (ok && sf_jsonread_peek(r) == '.' && (take(r), !digits(r)))
			ok = 0;
		if (ok && (sf_jsonread_peek(r) | 0x20) == 'e') {
			take(r);
			if (sf_jsonread_peek(r) == '+' ||
			    sf_jsonread_peek(r) == '-')
				take(r);
			if (!digits(r))
				ok = 0;
		}
		if (!ok || !is_delimiter(sf_jsonread_peek(r)))
			return sf_jsonread_fail_at(r, t->line, t->column,
			                           "a malformed number");
		t->kind = SF_JTOK_NUMBER;
		return 0;
	}
	while ((c = sf_jsonread_peek(r)) >= 0 && !is_delimiter(c) && c != ':' &&
	       r->text.len < 64)
		take(r);
	if (!strcmp(r->text.ptr, "true"))
		t->kind = SF_JTOK_TRUE;
	else if (!strcmp(r->text.ptr, "false"))
		t->kind = SF_JTOK_FALSE;
	else if (!strcmp(r->text.ptr, "null"))
		t->kind = SF_JTOK_NULL;
	else
		return sf_jsonread_fail_at(
		    r, t->line, t->column,
		    "an unquoted string '%.32s', which JSON does not have",
		    r->text.ptr);
	return 0;
}

int sf_jsonread_open(sf_jsonread *r, sf_jtok *t, char kind)
{
	if (r->depth == SF_JSONREAD_MAX_DEPTH)
		return sf_error_set(
		    "evidence '%s' is nested deeper than %d levels (line %zu, column %zu)",
		    r->name, SF_JSONREAD_MAX_DEPTH, t->line, t->column);
	if (r->depth == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 32;
		r->stack = sf_xrealloc(r->stack, r->alloc);
	}
	r->stack[r->depth++] = kind;
	sf_jsonread_advance(r);
	t->kind = kind == '{' ? SF_JTOK_OBJECT : SF_JTOK_ARRAY;
	r->state = kind == '{' ? ST_FIRST_KEY : ST_FIRST_ITEM;
	return 0;
}

void sf_jsonread_close(sf_jsonread *r, sf_jtok *t)
{
	t->kind = r->stack[--r->depth] == '{' ? SF_JTOK_OBJECT_END
	                                      : SF_JTOK_ARRAY_END;
	sf_jsonread_advance(r);
	r->state = r->depth ? ST_AFTER : ST_DONE;
}

static int read_value(sf_jsonread *r, sf_jtok *t, int c)
{
	const char *hint;

	if (c == '{' || c == '[')
		return sf_jsonread_open(r, t, (char)c);
	r->state = r->depth ? ST_AFTER : ST_DONE;
	if (c == '"') {
		t->kind = SF_JTOK_STRING;
		return sf_jsonread_string(r);
	}
	hint = c >= 0 ? yaml_hint(r, c) : NULL;
	if (hint || c < 0 ||
	    !(c == '-' || (c >= '0' && c <= '9') ||
	      ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
		return sf_jsonread_unexpected(r, c, "a value");
	return read_bare(r, t);
}

static int read_key(sf_jsonread *r, sf_jtok *t, int c)
{
	if (c != '"') {
		if (c >= 0 && !yaml_hint(r, c) &&
		    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return SF_JSONREAD_FAIL(
			    r, "an unquoted key, which JSON does not have");
		return sf_jsonread_unexpected(r, c, "a key in double quotes");
	}
	t->kind = SF_JTOK_KEY;
	if (sf_jsonread_string(r) < 0)
		return -1;
	c = sf_jsonread_skip_space(r);
	if (c != ':')
		return sf_jsonread_unexpected(r, c, "':' after a key");
	sf_jsonread_advance(r);
	r->state = ST_MEMBER_VALUE;
	return 0;
}

int sf_jsonread_step(sf_jsonread *r, sf_jtok *t)
{
	int c = sf_jsonread_skip_space(r);
	char closer = r->depth && r->stack[r->depth - 1] == '{' ? '}' : ']';

	t->line = r->line;
	t->column = r->column;
	switch (r->state) {
	case ST_ROOT:
		if (c < 0) {
			t->kind = SF_JTOK_END;
			r->state = ST_DONE;
			return 0;
		}
		return read_value(r, t, c);
	case ST_MEMBER_VALUE:
	case ST_ITEM:
		if (c == ']' || c == '}')
			return SF_JSONREAD_FAIL(
			    r, "a trailing comma before '%c'", c);
		return read_value(r, t, c);
	case ST_FIRST_ITEM:
		if (c == ']') {
			sf_jsonread_close(r, t);
			return 0;
		}
		return read_value(r, t, c);
	case ST_FIRST_KEY:
		if (c == '}') {
			sf_jsonread_close(r, t);
			return 0;
		}
		return read_key(r, t, c);
	case ST_KEY:
		if (c == '}')
			return SF_JSONREAD_FAIL(r,
			                        "a trailing comma before '}'");
		return read_key(r, t, c);
	case ST_AFTER:
		if (c == closer) {
			sf_jsonread_close(r, t);
			return 0;
		}
		if (c == ',') {
			sf_jsonread_advance(r);
			r->state = closer == '}' ? ST_KEY : ST_ITEM;
			return 1;
		}
		if (c == ':' && closer == ']')
			return SF_JSONREAD_FAIL(
			    r,
			    "a ':' inside an array (a YAML mapping in a sequence)");
		return sf_jsonread_unexpected(
		    r, c, closer == '}' ? "',' or '}'" : "',' or ']'");
	default:
		if (c >= 0)
			return sf_jsonread_unexpected(r, c,
			                              "the end of the input");
		t->kind = SF_JTOK_END;
		return 0;
	}
}

/* The token just read: its text, and for strings whether it held an
 * escape. */
void sf_jsonread_token_text(sf_jsonread *r, sf_jtok *out)
{
	switch (out->kind) {
	case SF_JTOK_KEY:
	case SF_JTOK_STRING:
	case SF_JTOK_NUMBER:
	case SF_JTOK_TRUE:
	case SF_JTOK_FALSE:
	case SF_JTOK_NULL:
		out->text = sf_buf_cstr(&r->text);
		out->len = r->text.len;
		out->plain = (out->kind == SF_JTOK_KEY ||
		              out->kind == SF_JTOK_STRING) &&
		             !r->escaped;
		break;
	default:
		out->text = "";
		out->len = 0;
		out->plain = 0;
	}
}

void sf_jtok_put(sf_buf *out, const sf_jtok *t)
{
	switch (t->kind) {
	case SF_JTOK_OBJECT:
	case SF_JTOK_OBJECT_END:
	case SF_JTOK_ARRAY:
	case SF_JTOK_ARRAY_END:
		sf_buf_putc(out, "{}[]"[t->kind]); /* the kinds' order */
		break;
	case SF_JTOK_KEY:
	case SF_JTOK_STRING:
		if (!t->plain) {
			sf_json_escape(out, t->text, t->len);
			break;
		}
		/* no quote, backslash or control character to escape */
		sf_buf_grow(out, t->len + 2);
		out->ptr[out->len++] = '"';
		memcpy(out->ptr + out->len, t->text, t->len);
		out->len += t->len;
		out->ptr[out->len++] = '"';
		out->ptr[out->len] = '\0';
		break;
	case SF_JTOK_END:
		break;
	default:
		sf_buf_put(out, t->text, t->len);
	}
}

int sf_jsonread_next(sf_jsonread *r, sf_jtok *out)
{
	int rc;

	/* one UTF-8 byte order mark may open the input */
	if (r->state == ST_ROOT && r->line == 1 && r->column == 1 &&
	    sf_jsonread_peek(r) == 0xEF && r->end - r->pos >= 3 &&
	    r->buf[r->pos + 1] == 0xBB && r->buf[r->pos + 2] == 0xBF)
		r->pos += 3;
	do
		rc = sf_jsonread_step(r, out);
	while (rc == 1);
	if (rc < 0)
		return -1;
	if (r->read_failed)
		return sf_jsonread_fail_at(r, r->line, r->column, "read error");
	sf_jsonread_token_text(r, out);
	return 0;
}
