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
#include "util/xmlq.h"

#define NS_ARF "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define NS_XCCDF "http://checklists.nist.gov/xccdf/1.2"

/* Whether doc is an ARF with an XCCDF TestResult among its reports. */
static int is_arf(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), r, t;

	if (!root || !root->ns ||
	    strcmp((const char *)root->ns->href, NS_ARF) ||
	    strcmp((const char *)root->name, "asset-report-collection"))
		return 0;
	for (r = sf_xml_child(sf_xml_child(root, "reports"), "report"); r;
	     r = sf_xml_next(r, "report")) {
		t = sf_xml_child(sf_xml_child(r, "content"), "TestResult");
		if (t && t->ns && !strcmp((const char *)t->ns->href, NS_XCCDF))
			return 1;
	}
	return 0;
}

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
	xsltStylesheetPtr style = NULL;
	xsltSecurityPrefsPtr sec = NULL;
	xsltTransformContextPtr ctx = NULL;
	xmlDocPtr arf = NULL, page = NULL;
	xmlChar *out = NULL;
	sf_pending_file pf;
	int len = 0, rc = -1;

	memset(&pf, 0, sizeof(pf));
	pf.fd = -1;
	arf = xmlReadFile(arf_path, NULL,
	                  XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
	                      XML_PARSE_NOWARNING);
	if (!arf) {
		sf_error_set("cannot read the ARF '%s' (missing or not XML)",
		             arf_path);
		goto done;
	}
	if (!is_arf(arf)) {
		sf_error_set("'%s' is not an ARF report with an XCCDF "
		             "TestResult (made by scapforge scan)",
		             arf_path);
		goto done;
	}
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
	    sf_pending_file_commit(&pf) < 0)
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
