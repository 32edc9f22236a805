/*
 * What signing and verifying share (dsig_int.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/xmlsec.h>

#include "util/buf.h"
#include "util/dsig_int.h"
#include "util/error.h"
#include "util/ns.h"
#include "util/xmlq.h"

/* The first thing libxmlsec1 (or OpenSSL beneath it) reported since
 * reset: the sf_dsig_cause, where later reports only say what failed because of
 * it. Its own callback would print to stderr. */
char sf_dsig_cause[256];

static void on_error(const char *file, int line, const char *func,
                     const char *object, const char *subject, int reason,
                     const char *msg)
{
	size_t i;
	const char *text = NULL;

	(void)file;
	(void)line;
	(void)func;
	(void)object;
	(void)subject;
	if (sf_dsig_cause[0])
		return;
	for (i = 0; xmlSecErrorsGetMsg(i); i++)
		if (xmlSecErrorsGetCode(i) == reason)
			text = xmlSecErrorsGetMsg(i);
	snprintf(sf_dsig_cause, sizeof(sf_dsig_cause), "%s%s%s",
	         text ? text : "failed",
	         msg && *msg && strcmp(msg, "NULL") ? ": " : "",
	         msg && *msg && strcmp(msg, "NULL") ? msg : "");
}

int sf_dsig_start(void)
{
	sf_dsig_cause[0] = '\0';
	if (xmlSecInit() < 0)
		return sf_error_set("cannot start libxmlsec1");
	if (xmlSecCheckVersion() != 1 || xmlSecCryptoAppInit(NULL) < 0 ||
	    xmlSecCryptoInit() < 0) {
		xmlSecShutdown();
		return sf_error_set(
		    "cannot start libxmlsec1's OpenSSL backend");
	}
	/* (after the backend's start, which sets a callback of its own) */
	xmlSecErrorsSetCallback(on_error);
	return 0;
}

void sf_dsig_stop(void)
{
	xmlSecCryptoShutdown();
	xmlSecCryptoAppShutdown();
	xmlSecShutdown();
}

/* The first element child named name in namespace ns. */
xmlNodePtr sf_dsig_child(xmlNodePtr n, const char *ns, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (sf_xml_is(n, ns, name))
			return n;
	return NULL;
}

/* Makes attribute name of n an XML ID, as same-document references need;
 * returns its value, or NULL when n has none (or it is taken). */
const char *sf_dsig_make_id(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name), have;
	xmlChar *v;

	if (!a || !a->children || !a->children->content)
		return NULL;
	v = a->children->content;
	have = xmlGetID(n->doc, v);
	if (have)
		return have == a ? (const char *)v : NULL;
	return xmlAddID(NULL, n->doc, v, a) ? (const char *)v : NULL;
}

int sf_dsig_find_parts(xmlDocPtr doc, sf_dsig_parts *p)
{
	xmlNodePtr n;

	memset(p, 0, sizeof(*p));
	p->root = xmlDocGetRootElement(doc);
	if (!sf_xml_is(p->root, SF_NS_DS, "data-stream-collection"))
		return sf_error_set("not a SCAP source data stream collection");
	for (n = p->root->children; n; n = n->next) {
		const char *id = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (sf_xml_is(n, SF_NS_DS, "data-stream") && !p->stream_id) {
			id = p->stream_id = sf_dsig_make_id(n, "id");
		} else if (sf_xml_is(n, SF_NS_DS, "component")) {
			id = sf_dsig_make_id(n, "id");
			p->comp_ids = sf_xrealloc(
			    p->comp_ids, (p->ncomps + 1) * sizeof(char *));
			p->comp_ids[p->ncomps++] = id;
		} else if (sf_xml_is(n, NS_DSIG, "Signature") && !p->sig) {
			p->sig = n;
			continue;
		} else if (!p->other) {
			p->other = n;
			continue;
		}
		if (!id) {
			free(p->comp_ids);
			return sf_error_set(
			    "the collection's %s on line %ld has "
			    "no ID of its own (none, or one "
			    "another element has too)",
			    (const char *)n->name, xmlGetLineNo(n));
		}
	}
	if (!p->stream_id) {
		free(p->comp_ids);
		return sf_error_set("the collection has no data stream");
	}
	return 0;
}
