/*
 * The patterns of the portable definitions and of the data root reader
 * (portable.h).
 */
#include "emit/portable.h"

/* How deep the members before a key may nest (Docker's files nest 6). */
#define JSON_NEST 8

/*
 * The patterns find a key only where a member of its object starts, never
 * inside a value: a label, annotation or log option that the user names
 * "PidMode" or "Name" comes before Docker's own key in the file, and a
 * pattern that took the first "PidMode":" there would read the user's
 * value instead (a false pass). Each step over a member takes a whole
 * token, atomically: a string, a run of other characters, or an array or
 * object nested up to JSON_NEST deep; deeper, the key is not found, which
 * no definition takes for a pass. Only Perl 5 syntax, which OVAL names.
 */
#define JSON_STRING "\"(?:[^\"\\\\]|\\\\.)*\""
#define JSON_OTHER "[^\"{}\\[\\]]+"

static void json_token(sf_buf *b, int nest)
{
	sf_buf_puts(b, "(?>" JSON_STRING "|" JSON_OTHER);
	if (nest > 0) {
		sf_buf_puts(b, "|[{\\[](?:");
		json_token(b, nest - 1);
		sf_buf_puts(b, ")*[}\\]]");
	}
	sf_buf_putc(b, ')');
}

void sf_portable_member_pattern(sf_buf *b, const char *const *keys, size_t n,
                                const char *value_re)
{
	size_t i;

	/* all of it a lookahead, so that the match itself is empty: the
	 * item's text, which scanners keep and report, is not the file up
	 * to the key, only the group captured */
	sf_buf_puts(b, "^(?=\\{");
	for (i = 0; i < n; i++) {
		sf_buf_puts(b, "(?:");
		json_token(b, JSON_NEST);
		sf_buf_printf(b, ")*?\"%s\":%s", keys[i],
		              i + 1 < n ? "\\{" : value_re);
	}
	sf_buf_putc(b, ')');
}
