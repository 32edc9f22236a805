#include <string.h>

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "report/arf.h"
#include "report/html.h"
#include "util/embedded.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/xmlq.h"

static xsltStylesheetPtr stylesheet(void)
{
	const sf_embedded *e = sf_embedded_find("report.xsl");
	xmlDocPtr doc = e ? xmlReadMemory(e->data, (int)e->len, "report.xsl",
	                                  NULL, XML_PARSE_NONET)
	                  : NULL;
	xsltStylesheetPtr s = doc ? xsltParseStylesheetDoc(doc) : NULL;

	if (doc && !s)
		xmlFreeDoc(doc);
	return s;
}

int sf_html_write(const char *arf_path, const char *html_path)
{
	return sf_html_stage(NULL, arf_path, html_path);
}

int sf_html_stage(sf_pending_set *set, const char *arf_path,
                  const char *html_path)
{
	xsltStylesheetPtr style = NULL;
	xsltSecurityPrefsPtr sec = NULL;
	xsltTransformContextPtr ctx = NULL;
	xmlDocPtr arf = NULL, page = NULL;
	xmlNodePtr tr;
	xmlChar *out = NULL;
	sf_pending_file pf;
	int len = 0, rc = -1;

	memset(&pf, 0, sizeof(pf));
	pf.fd = -1;
	if (sf_arf_load(&arf, &tr, sf_pending_set_where(set, arf_path)) < 0)
		goto done;
	style = stylesheet();
	if (!style) {
		sf_error_set("the report stylesheet does not load");
		goto done;
	}
	/* the page is made from the ARF alone: no file or network access */
	sec = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY,
	                     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK,
	                     xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK,
	                     xsltSecurityForbid);
	ctx = xsltNewTransformContext(style, arf);
	if (!ctx || xsltSetCtxtSecurityPrefs(sec, ctx) < 0) {
		sf_error_set("cannot start the report stylesheet");
		goto done;
	}
	page = xsltApplyStylesheetUser(style, arf, NULL, NULL, NULL, ctx);
	if (!page || ctx->state != XSLT_STATE_OK ||
	    xsltSaveResultToString(&out, &len, page, style) < 0 || !out) {
		sf_error_set("the report stylesheet failed on '%s'", arf_path);
		goto done;
	}
	if (sf_pending_file_write(&pf, html_path, (const char *)out,
	                          (size_t)len) < 0 ||
	    sf_pending_set_take(set, &pf) < 0)
		goto done;
	rc = 0;
done:
	sf_pending_file_release(&pf);
	xmlFree(out);
	xmlFreeDoc(page);
	if (ctx)
		xsltFreeTransformContext(ctx);
	if (sec)
		xsltFreeSecurityPrefs(sec);
	if (style)
		xsltFreeStylesheet(style);
	xmlFreeDoc(arf);
	return rc;
}
