/*
 * The rest of a collection copied as compact JSON. The common tokens
 * (brackets, commas, keys and strings of plain ASCII, whole numbers,
 * true, false, null) are taken straight from the input buffer when they
 * lie whole in it; anything else (escapes, other UTF-8, fractions and
 * exponents, a token across the buffer's end) and every error go through
 * the token reader's own step, so that both accept and refuse the same
 * texts with the same messages.
 */
#include <string.h>

#include "util/error.h"
#include "util/jsonread.h"
#include "util/jsonread_int.h"

/* The length of the string at s (at its opening quote), closing quote
 * included, when it lies whole before end and holds plain bytes only;
 * else 0. */
static size_t plain_string(const unsigned char *s, const unsigned char *end)
{
	const unsigned char *p = sf_jsonread_plain(s + 1, end);

	return p < end && *p == '"' ? (size_t)(p - s) + 1 : 0;
}

static int delimits(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' ||
	       c == ']' || c == '}';
}

/* The length of the literal or whole number at s, when a delimiter
 * follows it before end; else 0. */
static size_t plain_bare(const unsigned char *s, const unsigned char *end)
{
	const unsigned char *p = s;
	const char *word;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0') {
		p++;
	} else if (p < end && *p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9' && p - s < 64)
			p++;
	} else {
		word = *s == 't' ? "true" : *s == 'f' ? "false" : "null";
		p = s + (*s == 'f' ? 5 : 4);
		if (p >= end || memcmp(s, word, (size_t)(p - s)))
			return 0;
	}
	return p < end && delimits(*p) ? (size_t)(p - s) : 0;
}

/* Copies n bytes at the read position to out and passes them (no line
 * break among them). Most tokens are short: they move as whole blocks
 * of SF_JSONREAD_SLACK bytes (the buffer's slack past its end, out's
 * room past its length), which costs the processor no guess at n the
 * way a general copy does. */
static void take(sf_jsonread *r, sf_buf *out, size_t n)
{
	const unsigned char *src = r->buf + r->pos;
	size_t i;

	if (out->size - out->len <= n + SF_JSONREAD_SLACK)
		sf_buf_grow(out, n + SF_JSONREAD_SLACK);
	for (i = 0; i < n; i += SF_JSONREAD_SLACK)
		memcpy(out->ptr + out->len + i, src + i, SF_JSONREAD_SLACK);
	out->len += n;
	out->ptr[out->len] = '\0';
	r->pos += n;
	r->column += n;
}

/* A key of n bytes at the read position, plain and whole in the buffer:
 * copied with the ':' after it. Returns 0, or -1 when no ':' follows. */
static int take_key(sf_jsonread *r, sf_buf *out, size_t n)
{
	int c;

	take(r, out, n);
	c = sf_jsonread_skip_space(r);
	if (c != ':')
		return sf_jsonread_unexpected(r, c, "':' after a key");
	take(r, out, 1);
	r->state = ST_MEMBER_VALUE;
	return 0;
}

/* One token or comma the fast way: 1 when taken, 0 when it is for the
 * token reader's step, -1 on an error. */
static int fast(sf_jsonread *r, sf_buf *out, int c)
{
	const unsigned char *s = r->buf + r->pos, *end = r->buf + r->end;
	char closer = r->stack[r->depth - 1] == '{' ? '}' : ']';
	sf_jtok t;
	size_t n;

	if (c == closer && (r->state == ST_AFTER || r->state == ST_FIRST_KEY ||
	                    r->state == ST_FIRST_ITEM)) {
		sf_buf_putc(out, (char)c);
		sf_jsonread_close(r, &t);
		return 1;
	}
	switch (r->state) {
	case ST_AFTER:
		if (c == ',') {
			take(r, out, 1);
			r->state = closer == '}' ? ST_KEY : ST_ITEM;
			return 1;
		}
		return 0;
	case ST_FIRST_KEY:
	case ST_KEY:
		if (c != '"' || !(n = plain_string(s, end)))
			return 0;
		return take_key(r, out, n) < 0 ? -1 : 1;
	case ST_FIRST_ITEM:
	case ST_ITEM:
	case ST_MEMBER_VALUE:
		if ((c == '{' || c == '[') &&
		    r->depth < SF_JSONREAD_MAX_DEPTH) {
			sf_buf_putc(out, (char)c);
			return sf_jsonread_open(r, &t, (char)c) < 0 ? -1 : 1;
		}
		n = c == '"' ? plain_string(s, end) : plain_bare(s, end);
		if (!n)
			return 0;
		take(r, out, n);
		r->state = ST_AFTER;
		return 1;
	default:
		return 0;
	}
}

/* One token or comma, the fast way where it can be, else by the token
 * reader's step. Returns 0, or -1 with the last error set. */
static int copy_one(sf_jsonread *r, sf_buf *out)
{
	int c = sf_jsonread_skip_space(r), rc;
	sf_jtok t;

	rc = c < 0 ? 0 : fast(r, out, c);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = sf_jsonread_step(r, &t);
	if (rc < 0)
		return -1;
	if (rc == 1) { /* a comma */
		sf_buf_putc(out, ',');
		return 0;
	}
	sf_jsonread_token_text(r, &t);
	sf_jtok_put(out, &t);
	if (t.kind == SF_JTOK_KEY)
		sf_buf_putc(out, ':');
	return 0;
}

/* Copies until the level at depth closes. */
static int copy_to_depth(sf_jsonread *r, sf_buf *out, size_t depth)
{
	while (r->depth >= depth)
		if (copy_one(r, out) < 0)
			return -1;
	if (r->read_failed)
		return sf_jsonread_fail_at(r, r->line, r->column, "read error");
	return 0;
}

int sf_jsonread_copy_rest(sf_jsonread *r, sf_buf *out)
{
	if (!r->depth)
		return sf_error_set("internal error: no collection to copy");
	return copy_to_depth(r, out, r->depth);
}

/* One member's value, whatever it is. */
static int copy_value(sf_jsonread *r, sf_buf *out)
{
	if (copy_one(r, out) < 0)
		return -1;
	/* a collection was opened: copy it whole */
	return r->state == ST_FIRST_KEY || r->state == ST_FIRST_ITEM
	           ? copy_to_depth(r, out, r->depth)
	           : 0;
}

int sf_jsonread_copy_members(sf_jsonread *r, sf_buf *out,
                             int (*wanted)(void *ctx, const char *key,
                                           size_t len),
                             void *ctx, size_t *count)
{
	for (;;) {
		const unsigned char *s;
		size_t n;
		int c = sf_jsonread_skip_space(r);

		if (c < 0 || !r->depth || r->stack[r->depth - 1] != '{')
			return 0;
		if (r->state == ST_AFTER) {
			if (c != ',')
				return 0;
			/* the comma is written with the member, or by the
			 * caller before the key it wants */
			r->pos++;
			r->column++;
			r->state = ST_KEY;
			continue;
		}
		if (r->state != ST_FIRST_KEY && r->state != ST_KEY)
			return 0;
		s = r->buf + r->pos;
		if (c != '"' || !(n = plain_string(s, r->buf + r->end)) ||
		    wanted(ctx, (const char *)s + 1, n - 2))
			return 0;
		if (*count)
			sf_buf_putc(out, ',');
		if (take_key(r, out, n) < 0 || copy_value(r, out) < 0)
			return -1;
		(*count)++;
	}
}
