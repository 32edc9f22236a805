#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "report/html.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/fsio.h"

static xsltStylesheetPtr stylesheet(const char *name)
{
	const sf_embedded *e = sf_embedded_find(name);
	xmlDocPtr doc = e ? xmlReadMemory(e->data, (int)e->len, name, NULL,
	                                  XML_PARSE_NONET)
	                  : NULL;
	xsltStylesheetPtr s = doc ? xsltParseStylesheetDoc(doc) : NULL;

	if (doc && !s)
		xmlFreeDoc(doc);
	return s;
}

int sf_html_transform(const char *xsl, xmlDocPtr doc, const char *what,
                      sf_buf *out)
{
	return sf_html_transform_with(xsl, doc, what, NULL, out);
}

int sf_html_transform_with(const char *xsl, xmlDocPtr doc, const char *what,
                           const char **params, sf_buf *out)
{
	xsltStylesheetPtr style = NULL;
	xsltSecurityPrefsPtr sec = NULL;
	xsltTransformContextPtr ctx = NULL;
	xmlDocPtr page = NULL;
	xmlChar *text = NULL;
	int len = 0, rc = -1;

	style = stylesheet(xsl);
	if (!style) {
		sf_error_set("the stylesheet %s does not load", xsl);
		goto done;
	}
	/* the page is made from the document alone: no file or network */
	sec = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
	                     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK,
	                     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK,
	                     xsltSecurityForbid);
	ctx = xsltNewTransformContext(style, doc);
	if (!ctx || xsltSetCtxtSecurityPrefs(sec, ctx) < 0) {
		sf_error_set("cannot start the stylesheet %s", xsl);
		goto done;
	}
	page = xsltApplyStylesheetUser(style, doc, params, NULL, NULL, ctx);
	if (!page || ctx->state != XSLT_STATE_OK ||
	    xsltSaveResultToString(&text, &len, page, style) < 0 || !text) {
		sf_error_set("the stylesheet %s failed on %s", xsl, what);
		goto done;
	}
	sf_buf_put(out, (const char *)text, (size_t)len);
	rc = 0;
done:
	xmlFree(text);
	xmlFreeDoc(page);
	if (ctx)
		xsltFreeTransformContext(ctx);
	if (sec)
		xsltFreeSecurityPrefs(sec);
	if (style)
		xsltFreeStylesheet(style);
	return rc;
}

int sf_html_write(const char *arf_path, const char *html_path)
{
	sf_xccdfdoc d;
	int rc;

	if (sf_xccdfdoc_from_arf(&d, arf_path) < 0)
		return -1;
	rc = sf_html_stage(NULL, &d, arf_path, html_path);
	sf_xccdfdoc_release(&d);
	return rc;
}

/* ---- the rows the stylesheet leaves to the program ---- */

/* Text as libxml2's HTML serializer writes it: & < > escaped, and in an
 * attribute (quote 1) the value quoted as it quotes it: in ' when it
 * holds a " and no ', else in " with any " escaped. */
static void put_html(sf_buf *b, const char *s, int quote)
{
	int dq = quote && strchr(s, '"'), sq = quote && strchr(s, '\'');
	char q = dq && !sq ? '\'' : '"';

	if (quote)
		sf_buf_putc(b, q);
	for (; *s; s++) {
		if (*s == '&')
			sf_buf_puts(b, "&amp;");
		else if (*s == '<')
			sf_buf_puts(b, "&lt;");
		else if (*s == '>')
			sf_buf_puts(b, "&gt;");
		else if (*s == '"' && q == '"' && quote)
			sf_buf_puts(b, "&quot;");
		else
			sf_buf_putc(b, *s);
	}
	if (quote)
		sf_buf_putc(b, q);
}

static void cell(sf_buf *b, const char *cls, const char *text)
{
	sf_buf_puts(b, "<td");
	if (cls)
		sf_buf_printf(b, " class=\"%s\"", cls);
	sf_buf_putc(b, '>');
	put_html(b, text, 0);
	sf_buf_puts(b, "</td>\n");
}

/* The ID's first 12 characters (not bytes). */
static void short_id(sf_buf *b, const char *id)
{
	size_t n = 0, chars = 0;
	char *cut;

	while (id[n] && chars < 12 + 1) {
		if (((unsigned char)id[n] & 0xC0) != 0x80 && ++chars > 12)
			break;
		n++;
	}
	cut = sf_xstrndup(id, n);
	sf_buf_puts(b, "<td class=\"mono\" title=");
	put_html(b, id, 1);
	sf_buf_putc(b, '>');
	put_html(b, cut, 0);
	sf_buf_puts(b, "</td>\n");
	free(cut);
}

/* Row i of r, of the kind the marker names: an offender, one the
 * exclusion left out that would be one, or an excluded container. */
static void row(sf_buf *b, const char *kind, const sf_xrows *r, size_t i)
{
	const char *detail = sf_xrows_get(r, i, "detail");
	const char *value = sf_xrows_value(r, i, "value");
	sf_buf setting = SF_BUF_INIT;

	sf_buf_puts(b, "<tr>\n");
	cell(b, !strcmp(kind, "offender")            ? "name"
	        : !strcmp(kind, "excluded-offender") ? "excluded-name"
	                                             : NULL,
	     sf_xrows_value(r, i, "name"));
	short_id(b, sf_xrows_value(r, i, "id"));
	cell(b, NULL, sf_xrows_value(r, i, "image"));
	if (!strcmp(kind, "excluded")) {
		cell(b, NULL, sf_xrows_value(r, i, "matched"));
	} else {
		sf_buf_puts(&setting, sf_xrows_value(r, i, "setting"));
		if (!strcmp(kind, "offender") && !detail)
			sf_buf_printf(&setting, " = %s", value);
		else
			sf_buf_printf(&setting, " is %s",
			              detail ? detail : value);
		cell(b, "mono", sf_buf_cstr(&setting));
	}
	sf_buf_puts(b, "</tr>\n");
	sf_buf_release(&setting);
}

/* A marker "<!--MARK KIND REF-->" at p (len bytes after it at most):
 * its rows written to b; returns the marker's length, 0 when there is
 * none at p. */
static size_t marker(sf_buf *b, const sf_xccdfdoc *d, const char *mark,
                     const char *p, const char *end)
{
	static const char *const kinds[] = {"offender", "excluded-offender",
	                                    "excluded"};
	size_t m = strlen(mark), k, i, n, len;
	const sf_xrows *r;
	char *stop;

	if ((size_t)(end - p) < 4 + m + 1 || memcmp(p, "<!--", 4) != 0 ||
	    memcmp(p + 4, mark, m) != 0 || p[4 + m] != ' ')
		return 0;
	p += 4 + m + 1;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		len = strlen(kinds[k]);
		if ((size_t)(end - p) > len && !memcmp(p, kinds[k], len) &&
		    p[len] == ' ')
			break;
	}
	if (k == sizeof(kinds) / sizeof(kinds[0]))
		return 0;
	n = strtoul(p + len + 1, &stop, 10);
	if (stop >= end - 3 || memcmp(stop, "-->", 3) != 0 || n >= d->nrows)
		return 0;
	r = &d->rows[n];
	for (i = 0; i < r->n; i++)
		row(b, kinds[k], r, i);
	stop += 3;
	if (stop < end && *stop == '\n')
		stop++;
	return (size_t)(stop - (p - 4 - m - 1));
}

/* The page into pf, each marker replaced by its rows, written as they
 * are made. */
static int write_page(sf_pending_file *pf, const sf_xccdfdoc *d,
                      const char *mark, const sf_buf *page)
{
	const char *p = page->ptr, *end = page->ptr + page->len, *from = p;
	sf_buf b = SF_BUF_INIT;
	int rc = 0;

	while (rc == 0 && (p = memchr(p, '<', (size_t)(end - p)))) {
		size_t n;

		sf_buf_put(&b, from, (size_t)(p - from));
		n = marker(&b, d, mark, p, end);
		if (!n) {
			sf_buf_putc(&b, '<');
			n = 1;
		}
		p += n;
		from = p;
		if (b.len >= 65536) {
			rc = sf_pending_file_append(pf, b.ptr, b.len);
			sf_buf_clear(&b);
		}
	}
	sf_buf_put(&b, from, (size_t)(end - from));
	if (rc == 0)
		rc = sf_pending_file_append(pf, b.ptr, b.len);
	sf_buf_release(&b);
	return rc;
}

/* A mark no document can hold: random, new for each page. */
static void new_mark(char *mark, size_t size)
{
	unsigned char r[8];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		unsigned long long t = (unsigned long long)time(NULL) ^
		                       ((unsigned long long)getpid() << 32) ^
		                       (unsigned long long)(uintptr_t)mark;

		memcpy(r, &t, sizeof(r));
	}
	snprintf(mark, size, "sf-rows-");
	for (i = 0; i < sizeof(r); i++)
		snprintf(mark + 8 + 2 * i, size - 8 - 2 * i, "%02x", r[i]);
}

int sf_html_stage(sf_pending_set *set, const sf_xccdfdoc *d, const char *name,
                  const char *html_path)
{
	sf_buf page = SF_BUF_INIT, what = SF_BUF_INIT, param = SF_BUF_INIT;
	sf_pending_file pf = SF_PENDING_FILE_INIT;
	char mark[8 + 16 + 1];
	const char *params[3];
	int rc = -1;

	new_mark(mark, sizeof(mark));
	sf_buf_printf(&param, "'%s'", mark);
	params[0] = "mark";
	params[1] = sf_buf_cstr(&param);
	params[2] = NULL;
	sf_buf_printf(&what, "'%s'", name);
	if (sf_html_transform_with("report.xsl", d->doc, sf_buf_cstr(&what),
	                           params, &page) < 0)
		goto done;
	if (sf_pending_file_open(&pf, html_path) < 0 ||
	    write_page(&pf, d, mark, &page) < 0 ||
	    sf_pending_set_take(set, &pf) < 0)
		goto done;
	rc = 0;
done:
	sf_pending_file_release(&pf);
	sf_buf_release(&page);
	sf_buf_release(&what);
	sf_buf_release(&param);
	return rc;
}
