#include <regex.h>
#include <string.h>

#include "util/buf.h"
#include "util/text.h"

int sf_text_matches(const char *pattern, const char *s)
{
	regex_t re;
	int ok;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

char *sf_text_trimmed(const char *s)
{
	size_t n = strlen(s);

	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return sf_xstrndup(s, n);
}

/* Decodes one UTF-8 sequence at s (n bytes left). Returns its length and
 * the code point in *cp, or 0 when the sequence is invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len, i;
	unsigned c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int xml_char(unsigned c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

char *sf_text_xml_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	sf_buf b = SF_BUF_INIT;
	unsigned cp;

	sf_buf_grow(&b, n);
	while (n) {
		len = utf8_decode(p, n, &cp);
		if (len && xml_char(cp)) {
			sf_buf_put(&b, (const char *)p, len);
		} else {
			sf_buf_puts(&b, "\xEF\xBF\xBD");
			len = len ? len : 1;
		}
		p += len;
		n -= len;
	}
	return sf_buf_detach(&b);
}

size_t sf_text_piece(const char *s, size_t len, size_t max)
{
	size_t n = len < max ? len : max;

	if (n == len)
		return n;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	if (!n) /* a character longer than max: whole */
		for (n = 1; n < len && ((unsigned char)s[n] & 0xC0) == 0x80;)
			n++;
	return n;
}
