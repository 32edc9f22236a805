#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "emit/emit.h"
#include "scan/content.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xmlq.h"
#include "util/xmlread.h"

#define NS_XCCDF "http://checklists.nist.gov/xccdf/1.2"
#define NS_DS "http://scap.nist.gov/schema/scap/source/1.2"
#define NS_OVAL "http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_CATALOG "urn:oasis:names:tc:entity:xmlns:xml:catalog"
#define NS_SF "urn:scapforge:xccdf-metadata:1"
#define NS_CPE_DICT "http://cpe.mitre.org/dictionary/2.0"

static xmlNodePtr child(xmlNodePtr n, const char *ns, const char *name)
{
	xmlNodePtr c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (sf_xml_is(c, ns, name))
			return c;
	return NULL;
}

/* Attribute values stay valid as long as the document: libxml2 keeps
 * them in the attribute's text node. */
static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);

	return a && a->children ? (const char *)a->children->content : NULL;
}

static const char *text(xmlNodePtr n)
{
	return n && n->children && n->children->type == XML_TEXT_NODE
	           ? (const char *)n->children->content
	           : NULL;
}

/* The element whose id attribute is id, among the collection's
 * components and component-refs. */
static xmlNodePtr by_id(xmlNodePtr root, const char *id, const char *name)
{
	xmlNodePtr c, r;

	for (c = root->children; c; c = c->next) {
		const char *cid;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		cid = attr(c, "id");
		if (cid && !strcmp(cid, id) &&
		    !strcmp((const char *)c->name, name))
			return c;
		if ((r = by_id(c, id, name)))
			return r;
	}
	return NULL;
}

static xmlNodePtr follow(xmlNodePtr root, xmlNodePtr ref, const char *name)
{
	xmlChar *href = xmlGetNsProp(ref, BAD_CAST "href", BAD_CAST NS_XLINK);
	xmlNodePtr r = NULL;

	if (href && href[0] == '#')
		r = by_id(root, (const char *)href + 1, name);
	xmlFree(href);
	return r;
}

static void collect_rules(sf_content *c, xmlNodePtr n)
{
	xmlNodePtr k;

	for (k = n->children; k; k = k->next) {
		sf_xrule *r;
		xmlNodePtr chk, e, ref;

		if (sf_xml_is(k, NS_XCCDF, "Group")) {
			collect_rules(c, k);
			continue;
		}
		if (!sf_xml_is(k, NS_XCCDF, "Rule"))
			continue;
		c->rules =
		    sf_xrealloc(c->rules, (c->nrules + 1) * sizeof(*c->rules));
		r = &c->rules[c->nrules++];
		memset(r, 0, sizeof(*r));
		r->id = attr(k, "id");
		r->node = k;
		r->severity = attr(k, "severity");
		r->version = text(child(k, NS_XCCDF, "version"));
		r->title = text(child(k, NS_XCCDF, "title"));
		for (chk = k->children; chk; chk = chk->next) {
			const char *sys = attr(chk, "system");

			if (sf_xml_is(chk, NS_XCCDF, "check") && sys &&
			    !strcmp(sys, NS_OVAL))
				break;
		}
		if (!chk)
			continue;
		for (e = chk->children; e; e = e->next) {
			if (!sf_xml_is(e, NS_XCCDF, "check-export"))
				continue;
			r->exports =
			    sf_xrealloc(r->exports, (r->nexports + 1) *
			                                sizeof(*r->exports));
			r->exports[r->nexports].value_id = attr(e, "value-id");
			r->exports[r->nexports++].export_name =
			    attr(e, "export-name");
		}
		ref = child(chk, NS_XCCDF, "check-content-ref");
		r->oval_href = ref ? attr(ref, "href") : NULL;
		r->oval_def = ref ? attr(ref, "name") : NULL;
	}
}

static void collect_values(sf_content *c)
{
	xmlNodePtr k;

	for (k = c->benchmark->children; k; k = k->next) {
		sf_xvalue *v;

		if (!sf_xml_is(k, NS_XCCDF, "Value"))
			continue;
		c->values = sf_xrealloc(c->values,
		                        (c->nvalues + 1) * sizeof(*c->values));
		v = &c->values[c->nvalues++];
		v->id = attr(k, "id");
		v->node = k;
		v->role =
		    text(child(child(k, NS_XCCDF, "metadata"), NS_SF, "role"));
	}
}

/* The OVAL document an href names, through the catalog of the
 * component-ref cref: it maps the href to a component-ref, whose
 * component holds the document. */
static xmlNodePtr catalog_oval(xmlNodePtr root, xmlNodePtr cref,
                               const char *href)
{
	xmlNodePtr cat = child(cref, NS_CATALOG, "catalog"), u, comp, ref;

	for (u = cat ? cat->children : NULL; u && href; u = u->next) {
		const char *name = attr(u, "name"), *uri = attr(u, "uri");

		if (!sf_xml_is(u, NS_CATALOG, "uri") || !name ||
		    strcmp(name, href) || !uri || uri[0] != '#')
			continue;
		ref = by_id(root, uri + 1, "component-ref");
		comp = ref ? follow(root, ref, "component") : NULL;
		return child(comp, NS_OVAL, "oval_definitions");
	}
	return NULL;
}

/* The OVAL document the rules' checks name. */
static xmlNodePtr find_oval(sf_content *c, xmlNodePtr root, xmlNodePtr cref)
{
	const char *href = NULL;
	size_t i;

	for (i = 0; i < c->nrules && !href; i++)
		href = c->rules[i].oval_href;
	return catalog_oval(root, cref, href);
}

/* The Benchmark's platforms, each with the OVAL check the data stream's
 * CPE dictionary gives it. */
static void find_platforms(sf_content *c, xmlNodePtr root, xmlNodePtr stream)
{
	xmlNodePtr k, dicts = child(stream, NS_DS, "dictionaries"), ref, list,
	              item, chk;

	for (k = c->benchmark->children; k; k = k->next) {
		sf_platform *p;

		if (!sf_xml_is(k, NS_XCCDF, "platform") || !attr(k, "idref"))
			continue;
		c->platforms = sf_xrealloc(c->platforms, (c->nplatforms + 1) *
		                                             sizeof(*c->platforms));
		p = &c->platforms[c->nplatforms++];
		memset(p, 0, sizeof(*p));
		p->cpe = attr(k, "idref");
		for (ref = dicts ? dicts->children : NULL; ref && !p->oval;
		     ref = ref->next) {
			if (!sf_xml_is(ref, NS_DS, "component-ref"))
				continue;
			list = child(follow(root, ref, "component"),
			             NS_CPE_DICT, "cpe-list");
			for (item = list ? list->children : NULL; item;
			     item = item->next) {
				const char *name = attr(item, "name");

				if (!sf_xml_is(item, NS_CPE_DICT, "cpe-item") ||
				    !name || strcmp(name, p->cpe))
					continue;
				chk = child(item, NS_CPE_DICT, "check");
				if (chk && attr(chk, "system") &&
				    !strcmp(attr(chk, "system"), NS_OVAL)) {
					p->oval = catalog_oval(root, ref,
					                       attr(chk, "href"));
					p->def = text(chk);
				}
				break;
			}
		}
	}
}

int sf_content_load(sf_content **out, const char *path)
{
	sf_content *c;
	xmlNodePtr root, stream, cref, comp;
	int rc;

	*out = NULL;
	c = sf_xcalloc(1, sizeof(*c));
	rc = sf_xml_read(&c->doc, path, NULL, 0);
	if (rc < 0) {
		sf_content_free(c);
		/* a DTD: the reader's message says so */
		return rc == SF_XML_DTD
		           ? -1
		           : sf_error_set("cannot read the data stream '%s' "
		                          "(missing or not XML)",
		                          path);
	}
	root = xmlDocGetRootElement(c->doc);
	stream = child(root, NS_DS, "data-stream");
	cref =
	    child(child(stream, NS_DS, "checklists"), NS_DS, "component-ref");
	comp = cref ? follow(root, cref, "component") : NULL;
	c->benchmark = child(comp, NS_XCCDF, "Benchmark");
	if (!sf_xml_is(root, NS_DS, "data-stream-collection") ||
	    !c->benchmark) {
		sf_content_free(c);
		return sf_error_set(
		    "'%s' is not a SCAP source data stream with an XCCDF 1.2 benchmark",
		    path);
	}
	collect_rules(c, c->benchmark);
	collect_values(c);
	c->oval = find_oval(c, root, cref);
	find_platforms(c, root, stream);
	if (!c->oval) {
		sf_content_free(c);
		return sf_error_set(
		    "the data stream '%s' holds no OVAL definitions its rules name",
		    path);
	}
	*out = c;
	return 0;
}

void sf_content_free(sf_content *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nrules; i++)
		free(c->rules[i].exports);
	free(c->rules);
	free(c->values);
	free(c->platforms);
	xmlFreeDoc(c->doc);
	free(c);
}

xmlNodePtr sf_content_profile(const sf_content *c, const char *id)
{
	xmlNodePtr k;

	for (k = c->benchmark->children; k; k = k->next) {
		const char *pid;

		if (!sf_xml_is(k, NS_XCCDF, "Profile"))
			continue;
		pid = attr(k, "id");
		if (!id || (pid && !strcmp(pid, id)))
			return k;
	}
	return NULL;
}

const sf_xvalue *sf_content_value(const sf_content *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nvalues; i++)
		if (c->values[i].id && !strcmp(c->values[i].id, id))
			return &c->values[i];
	return NULL;
}

int sf_content_reads_data_root(const sf_content *c)
{
	size_t i;
	int root = 0, evidence = 0;

	for (i = 0; i < c->nvalues; i++) {
		const char *role = c->values[i].role;

		root |= role && !strcmp(role, SF_ROLE_DATA_ROOT);
		evidence |= role && !strcmp(role, SF_ROLE_EVIDENCE_PATH);
	}
	return root && !evidence;
}
