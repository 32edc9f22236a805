#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	page = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctx);
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

int sf_html_stage(sf_pending_set *set, const sf_xccdfdoc *d, const char *name,
                  const char *html_path)
{
	sf_buf page = SF_BUF_INIT, what = SF_BUF_INIT;
	sf_pending_file pf = SF_PENDING_FILE_INIT;
	int rc = -1;

	sf_buf_printf(&what, "'%s'", name);
	if (sf_html_transform("report.xsl", d->doc, sf_buf_cstr(&what), &page) <
	    0)
		goto done;
	if (sf_pending_file_write(&pf, html_path, page.ptr, page.len) < 0 ||
	    sf_pending_set_take(set, &pf) < 0)
		goto done;
	rc = 0;
done:
	sf_pending_file_release(&pf);
	sf_buf_release(&page);
	sf_buf_release(&what);
	return rc;
}
