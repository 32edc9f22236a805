/* Suite for src/util/jsonread: strict JSON, token by token, and exact
 * diagnostics (line, byte column) for what JSON does not allow. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/jsonread.h"

/* The tokens of text, one letter each ({ } [ ] k s n t f 0 for null),
 * with the text of keys, strings and numbers in parentheses; or "ERR:"
 * and the message. */
static char *tokens(const char *text, size_t len)
{
	FILE *in = fmemopen((void *)text, len, "rb");
	sf_jsonread r;
	sf_buf out = SF_BUF_INIT;
	sf_jtok t;
	static const char letters[] = "{}[]ksntf0";

	ck_assert_ptr_nonnull(in);
	sf_jsonread_init(&r, in, "in.json");
	for (;;) {
		if (sf_jsonread_next(&r, &t) < 0) {
			sf_buf_clear(&out);
			sf_buf_printf(&out, "ERR:%s", sf_error_last());
			break;
		}
		if (t.kind == SF_JTOK_END)
			break;
		sf_buf_putc(&out, letters[t.kind]);
		if (t.kind == SF_JTOK_KEY || t.kind == SF_JTOK_STRING ||
		    t.kind == SF_JTOK_NUMBER)
			sf_buf_printf(&out, "(%s)", t.text);
	}
	sf_jsonread_release(&r);
	fclose(in);
	return sf_buf_detach(&out);
}

static void expect(const char *text, const char *want)
{
	char *got = tokens(text, strlen(text));

	ck_assert_str_eq(got, want);
	free(got);
}

#define MSG(m) "ERR:malformed evidence 'in.json': " m

START_TEST(test_util_jsonread__json_is_read)
{
	expect("[]", "[]");
	expect(" {\"a\": [1, -2.5e+3, 0, true, false, null, \"x\"]}\n",
	       "{k(a)[n(1)n(-2.5e+3)n(0)tf0s(x)]}");
	expect("\xEF\xBB\xBF[\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\"]",
	       "[s(\xC3\xA9\xF0\x9F\x98\x80\n\"/)]");
	expect("{\"caf\xC3\xA9\": \"\xE5\xAE\xB9\"}", "{k(caf\xC3\xA9)s(\xE5\xAE\xB9)}");
	expect("", "");
	expect("  \n ", "");
}
END_TEST

START_TEST(test_util_jsonread__yaml_is_refused_where_it_stands)
{
	expect("[\n  # a comment\n]",
	       MSG("a comment ('#'), which JSON does not have where a value was expected at line 2, column 3"));
	expect("- Id: a\n", MSG("a YAML block sequence ('- ') where a value was expected at line 1, column 1"));
	expect("%YAML 1.2\n---\n[]", MSG("a YAML directive ('%') where a value was expected at line 1, column 1"));
	expect("[]\n---\n[]", MSG("a YAML document marker ('---') where the end of the input was expected at line 2, column 1"));
	expect("[]\n...\n", MSG("a YAML document end ('...') where the end of the input was expected at line 2, column 1"));
	expect("[&a {\"Id\": \"x\"}, *a]", MSG("a YAML anchor ('&') where a value was expected at line 1, column 2"));
	expect("[{\"Id\": *a}]", MSG("a YAML alias ('*') where a value was expected at line 1, column 9"));
	expect("[{\"PidMode\": !!binary aG9zdA==}]", MSG("a YAML tag ('!') where a value was expected at line 1, column 14"));
	expect("[{\"PidMode\": 'host'}]", MSG("a single-quoted string, which JSON does not have where a value was expected at line 1, column 14"));
	expect("[{PidMode: \"host\"}]", MSG("an unquoted key, which JSON does not have at line 1, column 3"));
	expect("[{\"PidMode\": host}]", MSG("an unquoted string 'host', which JSON does not have at line 1, column 14"));
	expect("[1, 2, ]", MSG("a trailing comma before ']' at line 1, column 8"));
	expect("{\"a\": 1,}", MSG("a trailing comma before '}' at line 1, column 9"));
	expect("[\"a\": 1]", MSG("a ':' inside an array (a YAML mapping in a sequence) at line 1, column 5"));
	expect("{\"a\" 1}", MSG("'1' where ':' after a key was expected at line 1, column 6"));
	expect("[|\n  x\n]", MSG("a YAML block scalar where a value was expected at line 1, column 2"));
	expect("[01]", MSG("a malformed number at line 1, column 2"));
	expect("[1.]", MSG("a malformed number at line 1, column 2"));
	expect("[\"a\"\n\"b\"]", MSG("'\"' where ',' or ']' was expected at line 2, column 1"));
}
END_TEST

START_TEST(test_util_jsonread__strings_are_strict)
{
	expect("[\"tab\there\"]", MSG("a control character (byte 0x09) in a string, which JSON requires escaped at line 1, column 6"));
	expect("[\"\\x41\"]", MSG("the escape '\\x', which JSON does not have at line 1, column 3"));
	expect("[\"\\u0000\"]", MSG("a NUL character (\\u0000), which evidence may not hold at line 1, column 3"));
	expect("[\"\\udc00\"]", MSG("a lone low surrogate \\uDC00 at line 1, column 3"));
	expect("[\"\\ud800x\"]", MSG("a high surrogate \\uD800 without its pair at line 1, column 3"));
	expect("[\"\\u12G4\"]", MSG("'G' where a hexadecimal digit of \\u was expected at line 1, column 7"));
	/* the column counts bytes: the bad byte after the two of é is at 5 */
	expect("[\"\xC3\xA9\xFF\"]", MSG("invalid UTF-8 (byte 0xFF) at line 1, column 5"));
	expect("[\"ab\xC3(\"]", MSG("invalid UTF-8 (byte 0x28) at line 1, column 6"));
	expect("[\"\xC0\xAF\"]", MSG("invalid UTF-8 (byte 0xC0) at line 1, column 3"));
	expect("[\"\xED\xA0\x80\"]", MSG("invalid UTF-8 (byte 0xED) at line 1, column 3"));
	expect("[\"\xF4\x90\x80\x80\"]", MSG("invalid UTF-8 (byte 0xF4) at line 1, column 3"));
	expect("[\"open", MSG("truncated JSON: a string that is never closed at line 1, column 2"));
	expect("[{\"a\": 1}", MSG("truncated JSON: the input ends where ',' or ']' was expected at line 1, column 10"));
}
END_TEST

START_TEST(test_util_jsonread__nesting_and_size_are_bounded)
{
	sf_buf b = SF_BUF_INIT;
	char *got;
	size_t i;

	for (i = 0; i < SF_JSONREAD_MAX_DEPTH + 1; i++)
		sf_buf_putc(&b, '[');
	got = tokens(b.ptr, b.len);
	ck_assert_str_eq(got, "ERR:evidence 'in.json' is nested deeper than 4096 levels (line 1, column 4097)");
	free(got);
	sf_buf_clear(&b);
	sf_buf_puts(&b, "[\"");
	for (i = 0; i < SF_JSONREAD_MAX_STRING + 1; i++)
		sf_buf_putc(&b, 'a');
	sf_buf_puts(&b, "\"]");
	got = tokens(b.ptr, b.len);
	ck_assert_str_eq(got, MSG("a string longer than 16777216 bytes at line 1, column 2"));
	free(got);
	sf_buf_release(&b);
}
END_TEST

/* text as compact JSON, made token by token; or "ERR:" and the message. */
static int compact_tokens(sf_jsonread *r, sf_buf *out)
{
	sf_jtok t;
	int rc;

	while ((rc = sf_jsonread_next(r, &t)) == 0 && t.kind != SF_JTOK_END) {
		char last = out->len ? out->ptr[out->len - 1] : '[';

		if (last != '[' && last != '{' && last != ':' &&
		    t.kind != SF_JTOK_OBJECT_END && t.kind != SF_JTOK_ARRAY_END)
			sf_buf_putc(out, ',');
		sf_jtok_put(out, &t);
		if (t.kind == SF_JTOK_KEY)
			sf_buf_putc(out, ':');
	}
	return rc;
}

/* The same, the first collection of text copied whole by
 * sf_jsonread_copy_rest. */
static int copy_first(sf_jsonread *r, sf_buf *out)
{
	sf_jtok t;
	int rc = sf_jsonread_next(r, &t);

	if (rc == 0) {
		ck_assert(t.kind == SF_JTOK_OBJECT || t.kind == SF_JTOK_ARRAY);
		sf_jtok_put(out, &t);
		rc = sf_jsonread_copy_rest(r, out);
	}
	if (rc == 0) {
		ck_assert_uint_eq(sf_jsonread_depth(r), 0);
		rc = sf_jsonread_next(r, &t);
		if (rc == 0)
			ck_assert_int_eq(t.kind, SF_JTOK_END);
	}
	return rc;
}

/* What read(reader, out) makes of text, or "ERR:" and the message. */
static char *made(const char *text, size_t len,
                  int (*read)(sf_jsonread *, sf_buf *))
{
	FILE *in = fmemopen((void *)text, len, "rb");
	sf_jsonread r;
	sf_buf out = SF_BUF_INIT;

	ck_assert_ptr_nonnull(in);
	sf_jsonread_init(&r, in, "in.json");
	if (read(&r, &out) < 0) {
		sf_buf_clear(&out);
		sf_buf_printf(&out, "ERR:%s", sf_error_last());
	}
	sf_jsonread_release(&r);
	fclose(in);
	return sf_buf_detach(&out);
}
#define compact(text, len) made(text, len, compact_tokens)
#define copied(text, len) made(text, len, copy_first)

static void expect_copy(const char *text, size_t len, const char *want)
{
	char *a = compact(text, len), *b = copied(text, len);

	ck_assert_str_eq(a, want);
	ck_assert_str_eq(b, want);
	free(a);
	free(b);
}
#define EXPECT_COPY(text, want) expect_copy(text, strlen(text), want)

START_TEST(test_util_jsonread__copy_is_the_tokens_compacted)
{
	static const char *const bad[] = {
	    "[\n  # a comment\n]", "[{\"Id\": *a}]", "[1, 2, ]",
	    "{\"a\": 1,}", "[\"a\": 1]", "{\"a\" 1}", "[01]", "[1.]", "[-]",
	    "[tru]", "[truex]", "[nul, 1]", "[1e]", "{\"a\": true:}",
	    "[\"a\"\n\"b\"]", "[\"tab\there\"]", "[\"\\u0000\"]",
	    "[\"\\ud800x\"]", "[\"\xC3\xA9\xFF\"]", "[\"open",
	    "[{\"a\": 1}", "{\"a\": [1, {\"b\": }]}", "{\"a\"\n:\n}",
	    "[{}, [], {\"k\": [[]]}] ]", "{\"a\": -0.5e+3 ,\"b\"}", "[1 2]",
	    "{,}", "[,]", "{\"a\":1 \"b\":2}"};
	sf_buf b = SF_BUF_INIT;
	char *x, *y;
	size_t i;

	EXPECT_COPY("[]", "[]");
	EXPECT_COPY(" {\"a\": [1, -2.5e+3, 0, -7, 10, true, false, null, \"x\"],"
	            "\r\n\t\"e\": {}, \"f\" : [ [ ] , { } ]}\n",
	            "{\"a\":[1,-2.5e+3,0,-7,10,true,false,null,\"x\"],"
	            "\"e\":{},\"f\":[[],{}]}");
	/* escapes come out escaped again, UTF-8 as it is */
	EXPECT_COPY("[\"\\u00e9\\ud83d\\ude00\\n\\\"\\/\", {\"caf\xC3\xA9\": "
	            "\"<&\\u0001>\"}]",
	            "[\"\xC3\xA9\xF0\x9F\x98\x80\\n\\\"/\",{\"caf\xC3\xA9\":"
	            "\"<&\\u0001>\"}]");
	/* every error is the token reader's, at the same place */
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		x = compact(bad[i], strlen(bad[i]));
		y = copied(bad[i], strlen(bad[i]));
		ck_assert_msg(!strncmp(x, "ERR:", 4), "%s: no error", bad[i]);
		ck_assert_str_eq(y, x);
		free(x);
		free(y);
	}
	/* tokens and blanks across the reader's 64 KB buffer */
	sf_buf_puts(&b, "[");
	for (i = 0; b.len < 200000; i++)
		sf_buf_printf(&b, "%s\n   {\"k%zu\" :\t\"%0*d\", \"n\": %zu, \"t\": true}",
		              i ? "," : "", i, (int)(i % 97), 0, i * 7919);
	sf_buf_puts(&b, "]");
	x = compact(b.ptr, b.len);
	y = copied(b.ptr, b.len);
	ck_assert_uint_gt(strlen(x), 100000);
	ck_assert_str_eq(y, x);
	free(x);
	free(y);
	sf_buf_release(&b);
}
END_TEST

/* The text of parts (until NULL; each "" stands for the n blanks) is
 * refused with msg at line, column. */
static void blanks_then(const char *const *parts, const char *blanks,
                        size_t n, const char *msg, size_t line,
                        size_t column)
{
	sf_buf t = SF_BUF_INIT, w = SF_BUF_INIT;
	char *got;

	for (; *parts; parts++)
		if (**parts)
			sf_buf_puts(&t, *parts);
		else
			sf_buf_put(&t, blanks, n);
	sf_buf_printf(&w, "ERR:malformed evidence 'in.json': %s at line %zu, column %zu",
	              msg, line, column);
	got = tokens(t.ptr, t.len);
	ck_assert_str_eq(got, w.ptr);
	free(got);
	sf_buf_release(&t);
	sf_buf_release(&w);
}

/* Blanks and strings are scanned eight bytes at a time: a byte that ends
 * the run is seen wherever it stands in its word, and the columns after
 * a run of any length are right. */
START_TEST(test_util_jsonread__runs_end_at_any_byte_of_a_word)
{
	static const char *const one_run[] = {"[1,", "", "x]", NULL};
	static const char *const two_lines[] = {"[1,\n", "", "\r\n", "",
	                                        "#]", NULL};
	sf_buf text = SF_BUF_INIT, want = SF_BUF_INIT;
	char *got, *copy;
	size_t n;

	for (n = 0; n < 20; n++) {
		/* n plain bytes (with DEL, which is plain), then what ends
		 * the run */
		char plain[32];

		memset(plain, 'a', n);
		if (n > 3)
			plain[3] = 0x7F;
		plain[n] = '\0';
#define CASE(tail, expected)                                                   \
	do {                                                                   \
		sf_buf_clear(&text);                                           \
		sf_buf_clear(&want);                                           \
		sf_buf_printf(&text, "[\"%s%s", plain, tail);                 \
		sf_buf_printf expected;                                        \
		got = tokens(text.ptr, text.len);                              \
		ck_assert_str_eq(got, want.ptr);                               \
		free(got);                                                     \
		/* and the copy, escapes written again */                      \
		got = compact(text.ptr, text.len);                             \
		copy = copied(text.ptr, text.len);                             \
		ck_assert_str_eq(copy, got);                                   \
		free(got);                                                     \
		free(copy);                                                    \
	} while (0)
		CASE("\"]", (&want, "[s(%s)]", plain));
		CASE("\\tb\"]", (&want, "[s(%s\tb)]", plain));
		CASE("\xC3\xA9\"]", (&want, "[s(%s\xC3\xA9)]", plain));
		CASE("\x01\"]",
		     (&want, MSG("a control character (byte 0x01) in a string, which JSON requires escaped at line 1, column %zu"),
		      n + 3));
		CASE("\x80\"]",
		     (&want, MSG("invalid UTF-8 (byte 0x80) at line 1, column %zu"),
		      n + 3));
		CASE("", (&want, MSG("truncated JSON: a string that is never closed at line 1, column 2")));
#undef CASE
		/* n blanks, mixed, then a byte that is not one */
		memset(plain, ' ', n);
		if (n > 5)
			plain[5] = '\t';
		blanks_then(one_run, plain, n,
		            "an unquoted string 'x', which JSON does not have", 1,
		            n + 4);
		blanks_then(two_lines, plain, n,
		            "a comment ('#'), which JSON does not have where a value was expected",
		            3, n + 1);
	}
	sf_buf_release(&text);
	sf_buf_release(&want);
}
END_TEST

static int want_keep(void *ctx, const char *key, size_t len)
{
	(*(int *)ctx)++;
	return len == 4 && !memcmp(key, "Keep", 4);
}

START_TEST(test_util_jsonread__members_copied_up_to_a_wanted_key)
{
	static const char text[] =
	    "{\"a\": 1, \"Keep\": {\"x\": [1]},\n \"b\": \"s\", "
	    "\"c\": {\"d\": [2, {}]}, \"\\u0041\": 3, \"e\": null}";
	FILE *in = fmemopen((void *)text, sizeof(text) - 1, "rb");
	sf_buf out = SF_BUF_INIT;
	sf_jsonread r;
	sf_jtok t;
	size_t count = 0;
	int asked = 0;

	ck_assert_ptr_nonnull(in);
	sf_jsonread_init(&r, in, "in.json");
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_OBJECT);
	/* "a" copied, "Keep" wanted: the reader stops at its key */
	ck_assert_int_eq(sf_jsonread_copy_members(&r, &out, want_keep, &asked, &count), 0);
	ck_assert_str_eq(out.ptr, "\"a\":1");
	ck_assert_uint_eq(count, 1);
	ck_assert_int_eq(asked, 2);
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_KEY);
	ck_assert_str_eq(t.text, "Keep");
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_OBJECT);
	ck_assert_int_eq(sf_jsonread_copy_rest(&r, &out), 0);
	/* a comma before each, as the count says; a key written with an
	 * escape stops the copy, wanted or not */
	count = 2;
	ck_assert_int_eq(sf_jsonread_copy_members(&r, &out, want_keep, &asked, &count), 0);
	ck_assert_str_eq(out.ptr, "\"a\":1\"x\":[1]},\"b\":\"s\",\"c\":{\"d\":[2,{}]}");
	ck_assert_uint_eq(count, 4);
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_KEY);
	ck_assert_str_eq(t.text, "A");
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_NUMBER);
	/* the last member, then the reader stops before the end */
	sf_buf_clear(&out);
	ck_assert_int_eq(sf_jsonread_copy_members(&r, &out, want_keep, &asked, &count), 0);
	ck_assert_str_eq(out.ptr, ",\"e\":null");
	ck_assert_uint_eq(count, 5);
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_OBJECT_END);
	ck_assert_int_eq(sf_jsonread_next(&r, &t), 0);
	ck_assert_int_eq(t.kind, SF_JTOK_END);
	sf_jsonread_release(&r);
	fclose(in);
	sf_buf_release(&out);
}
END_TEST

static Suite *jsonread_suite(void)
{
	Suite *s = suite_create("jsonread");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_util_jsonread__json_is_read);
	tcase_add_test(tc, test_util_jsonread__yaml_is_refused_where_it_stands);
	tcase_add_test(tc, test_util_jsonread__strings_are_strict);
	tcase_add_test(tc, test_util_jsonread__nesting_and_size_are_bounded);
	tcase_add_test(tc, test_util_jsonread__copy_is_the_tokens_compacted);
	tcase_add_test(tc, test_util_jsonread__members_copied_up_to_a_wanted_key);
	tcase_add_test(tc, test_util_jsonread__runs_end_at_any_byte_of_a_word);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(jsonread_suite());
}
