/*
 * A recursive-descent JSON parser over text in memory, keeping spans.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/jsontree.h"

typedef struct parser {
	const char *name, *s;
	size_t len, pos;
	int depth;
} parser;

/* Refuses at pos, with its line and column. */
static int fail(const parser *p, size_t pos, const char *what)
{
	size_t i, line = 1, col = 1;

	for (i = 0; i < pos && i < p->len; i++) {
		if (p->s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return sf_error_set("'%s' is not JSON: %s at line %zu, column %zu",
	                    p->name, what, line, col);
}

static void skip_ws(parser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) &&
	       p->s[p->pos])
		p->pos++;
}

static int hex4(const parser *p, size_t at, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (at + 4 > p->len)
		return -1;
	for (i = at; i < at + 4; i++) {
		char c = p->s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(sf_buf *b, unsigned c)
{
	if (c < 0x80) {
		sf_buf_putc(b, (char)c);
	} else if (c < 0x800) {
		sf_buf_putc(b, (char)(0xC0 | c >> 6));
		sf_buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		sf_buf_putc(b, (char)(0xE0 | c >> 12));
		sf_buf_putc(b, (char)(0x80 | (c >> 6 & 0x3F)));
		sf_buf_putc(b, (char)(0x80 | (c & 0x3F)));
	} else {
		sf_buf_putc(b, (char)(0xF0 | c >> 18));
		sf_buf_putc(b, (char)(0x80 | (c >> 12 & 0x3F)));
		sf_buf_putc(b, (char)(0x80 | (c >> 6 & 0x3F)));
		sf_buf_putc(b, (char)(0x80 | (c & 0x3F)));
	}
}

/* \uXXXX at p->pos (past the backslash and 'u'), a surrogate pair
 * joined. */
static int unicode_escape(parser *p, sf_buf *b)
{
	size_t at = p->pos - 2;
	unsigned c, lo;

	if (hex4(p, p->pos, &c) < 0)
		return fail(p, at, "a \\u escape without four hex digits");
	p->pos += 4;
	if (c >= 0xDC00 && c <= 0xDFFF)
		return fail(p, at, "a lone low surrogate");
	if (c >= 0xD800 && c <= 0xDBFF) {
		if (p->pos + 6 > p->len || p->s[p->pos] != '\\' ||
		    p->s[p->pos + 1] != 'u' || hex4(p, p->pos + 2, &lo) < 0 ||
		    lo < 0xDC00 || lo > 0xDFFF)
			return fail(p, at, "a high surrogate without its pair");
		p->pos += 6;
		c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
	}
	put_utf8(b, c);
	return 0;
}

static int string(parser *p, char **out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	size_t start = p->pos++;
	sf_buf b = SF_BUF_INIT;

	for (;;) {
		unsigned char c;
		const char *e;

		if (p->pos >= p->len) {
			sf_buf_release(&b);
			return fail(p, start, "a string that does not end");
		}
		c = (unsigned char)p->s[p->pos++];
		if (c == '"')
			break;
		if (c < 0x20) {
			sf_buf_release(&b);
			return fail(p, p->pos - 1,
			            "a control character in a string");
		}
		if (c != '\\') {
			sf_buf_putc(&b, (char)c);
			continue;
		}
		if (p->pos >= p->len) {
			sf_buf_release(&b);
			return fail(p, start, "a string that does not end");
		}
		c = (unsigned char)p->s[p->pos++];
		if (c == 'u') {
			if (unicode_escape(p, &b) < 0) {
				sf_buf_release(&b);
				return -1;
			}
			continue;
		}
		e = c ? strchr(from, c) : NULL;
		if (!e) {
			sf_buf_release(&b);
			return fail(p, p->pos - 2, "an unknown escape");
		}
		sf_buf_putc(&b, to[e - from]);
	}
	*out = sf_buf_detach(&b);
	return 0;
}

static size_t digits(const parser *p, size_t at)
{
	size_t n = 0;

	while (at + n < p->len && p->s[at + n] >= '0' && p->s[at + n] <= '9')
		n++;
	return n;
}

static int number(parser *p)
{
	size_t start = p->pos, n;

	if (p->s[p->pos] == '-')
		p->pos++;
	n = digits(p, p->pos);
	if (!n || (n > 1 && p->s[p->pos] == '0'))
		return fail(p, start, "a malformed number");
	p->pos += n;
	if (p->pos < p->len && p->s[p->pos] == '.') {
		n = digits(p, ++p->pos);
		if (!n)
			return fail(p, start, "a malformed number");
		p->pos += n;
	}
	if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len &&
		    (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		n = digits(p, p->pos);
		if (!n)
			return fail(p, start, "a malformed number");
		p->pos += n;
	}
	return 0;
}

static int value(parser *p, sf_jtree *t);

static sf_jtree *add_kid(sf_jtree *t)
{
	t->kids = sf_xrealloc(t->kids, (t->n + 1) * sizeof(*t->kids));
	memset(&t->kids[t->n], 0, sizeof(*t->kids));
	return &t->kids[t->n++];
}

static int member_key(parser *p, sf_jtree *t)
{
	size_t at = p->pos, i;
	char *key;

	if (p->pos >= p->len || p->s[p->pos] != '"')
		return fail(p, p->pos, "a member without a quoted name");
	if (string(p, &key) < 0)
		return -1;
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->keys[i], key)) {
			free(key);
			return fail(p, at, "a name given twice in one object");
		}
	t->keys = sf_xrealloc(t->keys, (t->n + 1) * sizeof(*t->keys));
	t->keys[t->n] = key;
	skip_ws(p);
	if (p->pos >= p->len || p->s[p->pos] != ':') {
		add_kid(t); /* so that keys and kids stay paired */
		return fail(p, p->pos, "a name without ':'");
	}
	p->pos++;
	return 0;
}

/* The members of an object or the items of an array, after its
 * opening character. */
static int container(parser *p, sf_jtree *t, char close)
{
	int first = 1;

	for (;;) {
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == close && first) {
			p->pos++;
			return 0;
		}
		if (t->kind == SF_JTREE_OBJECT && member_key(p, t) < 0)
			return -1;
		if (value(p, add_kid(t)) < 0)
			return -1;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			return 0;
		}
		if (p->pos >= p->len || p->s[p->pos] != ',')
			return fail(p, p->pos,
			            close == '}'
			                ? "an object that does not "
			                  "go on with ',' or end with '}'"
			                : "an array that does not go "
			                  "on with ',' or end with ']'");
		p->pos++;
		first = 0;
	}
}

static int literal(parser *p, const char *word, sf_jtree_kind kind, sf_jtree *t)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return fail(p, p->pos, "an unexpected character");
	p->pos += n;
	t->kind = kind;
	return 0;
}

static int value(parser *p, sf_jtree *t)
{
	int rc;
	char c;

	skip_ws(p);
	t->start = p->pos;
	if (p->pos >= p->len)
		return fail(p, p->pos, "the text ends where a value should be");
	c = p->s[p->pos];
	if (c == '{' || c == '[') {
		if (++p->depth > SF_JTREE_MAX_DEPTH)
			return fail(p, p->pos, "nesting too deep");
		p->pos++;
		t->kind = c == '{' ? SF_JTREE_OBJECT : SF_JTREE_ARRAY;
		rc = container(p, t, c == '{' ? '}' : ']');
		p->depth--;
	} else if (c == '"') {
		t->kind = SF_JTREE_STRING;
		rc = string(p, &t->str);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		t->kind = SF_JTREE_NUMBER;
		rc = number(p);
	} else if (c == 't') {
		rc = literal(p, "true", SF_JTREE_TRUE, t);
	} else if (c == 'f') {
		rc = literal(p, "false", SF_JTREE_FALSE, t);
	} else {
		rc = literal(p, "null", SF_JTREE_NULL, t);
	}
	t->end = p->pos;
	return rc;
}

static void release(sf_jtree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		release(&t->kids[i]);
		if (t->keys)
			free(t->keys[i]);
	}
	free(t->kids);
	free(t->keys);
	free(t->str);
}

int sf_jtree_parse(sf_jtree **out, const char *name, const char *text,
                   size_t len)
{
	parser p = {name, text, len, 0, 0};
	sf_jtree *t = sf_xcalloc(1, sizeof(*t));

	*out = NULL;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		p.pos = 3;
	if (value(&p, t) == 0) {
		skip_ws(&p);
		if (p.pos == len) {
			*out = t;
			return 0;
		}
		fail(&p, p.pos, "more text after the value");
	}
	sf_jtree_free(t);
	return -1;
}

const sf_jtree *sf_jtree_get(const sf_jtree *o, const char *key)
{
	size_t i;

	if (!o || o->kind != SF_JTREE_OBJECT)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return &o->kids[i];
	return NULL;
}

const char *sf_jtree_str(const sf_jtree *o, const char *key)
{
	const sf_jtree *v = sf_jtree_get(o, key);

	return v && v->kind == SF_JTREE_STRING ? v->str : NULL;
}

void sf_jtree_free(sf_jtree *t)
{
	if (!t)
		return;
	release(t);
	free(t);
}
