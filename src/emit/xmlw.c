#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/xmlw.h"
#include "util/error.h"

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

char *sf_xml_clean(const char *s)
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

xmlNodePtr sf_xml_add(xmlNodePtr parent, xmlNsPtr ns, const char *name,
                      const char *text)
{
	char *clean = text ? sf_xml_clean(text) : NULL;
	xmlNodePtr n =
	    xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST clean);

	free(clean);
	if (!n) {
		fputs("scapforge: out of memory\n", stderr);
		abort();
	}
	return n;
}

void sf_xml_attr(xmlNodePtr node, const char *name, const char *value)
{
	sf_xml_attr_ns(node, NULL, name, value);
}

void sf_xml_attr_ns(xmlNodePtr node, xmlNsPtr ns, const char *name,
                    const char *value)
{
	char *clean = sf_xml_clean(value);

	if (!xmlSetNsProp(node, ns, BAD_CAST name, BAD_CAST clean)) {
		fputs("scapforge: out of memory\n", stderr);
		abort();
	}
	free(clean);
}

int sf_xml_serialize(xmlDocPtr doc, sf_buf *out)
{
	xmlChar *mem = NULL;
	int len = 0;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (!mem || len <= 0)
		return sf_error_set("cannot serialize an XML document");
	sf_buf_put(out, (const char *)mem, (size_t)len);
	xmlFree(mem);
	return 0;
}

void sf_xml_timestamp(long long t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
}
