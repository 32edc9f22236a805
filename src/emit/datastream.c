/*
 * The SCAP 1.3 source data stream: one data-stream whose checklist is the
 * Benchmark and whose check is the OVAL document, each a component; a
 * catalog in the checklist's component-ref maps the Benchmark's OVAL href
 * to the check's component-ref, as scanners resolve it.
 */
#include <stdlib.h>
#include <string.h>

#include "emit/emit.h"
#include "emit/xmlw.h"
#include "util/error.h"

static char *ds_id(const sf_benchmark *b, const char *type, const char *name)
{
	sf_buf id = SF_BUF_INIT;

	sf_buf_printf(&id, "scap_%s_%s_%s", b->namespace, type, name);
	return sf_buf_detach(&id);
}

static void set_ds_id(xmlNodePtr n, const sf_benchmark *b, const char *type,
                      const char *name)
{
	char *id = ds_id(b, type, name);

	sf_xml_attr(n, "id", id);
	free(id);
}

static void set_link(xmlNodePtr n, xmlNsPtr xlink, const sf_benchmark *b,
                     const char *type, const char *name)
{
	char *id = ds_id(b, type, name);
	sf_buf href = SF_BUF_INIT;

	sf_buf_printf(&href, "#%s", id);
	sf_xml_attr_ns(n, xlink, "href", sf_buf_cstr(&href));
	sf_buf_release(&href);
	free(id);
}

static int add_component(xmlNodePtr root, xmlNsPtr ds, const sf_benchmark *b,
                         const char *name, const char *stamp, xmlDocPtr src)
{
	xmlNodePtr comp = sf_xml_add(root, ds, "component", NULL);
	xmlNodePtr copy;

	set_ds_id(comp, b, "comp", name);
	sf_xml_attr(comp, "timestamp", stamp);
	copy = xmlDocCopyNode(xmlDocGetRootElement(src), root->doc, 1);
	if (!copy)
		return sf_error_set("cannot copy the '%s' component", name);
	xmlAddChild(comp, copy);
	return 0;
}

/* A component-ref of the named component, in list; with a catalog that
 * maps href to the component-ref of the one named to, when href is set. */
static void add_ref(xmlNodePtr list, xmlNsPtr ds, xmlNsPtr xlink,
                    xmlNsPtr catns, const sf_benchmark *b, const char *name,
                    const char *href, const char *to)
{
	xmlNodePtr ref = sf_xml_add(list, ds, "component-ref", NULL), uri;
	sf_buf target = SF_BUF_INIT;
	char *id;

	set_ds_id(ref, b, "cref", name);
	set_link(ref, xlink, b, "comp", name);
	if (!href)
		return;
	uri = sf_xml_add(sf_xml_add(ref, catns, "catalog", NULL), catns, "uri",
	                 NULL);
	sf_xml_attr(uri, "name", href);
	id = ds_id(b, "cref", to);
	sf_buf_printf(&target, "#%s", id);
	sf_xml_attr(uri, "uri", sf_buf_cstr(&target));
	sf_buf_release(&target);
	free(id);
}

/* The href of the dictionary's OVAL check (NULL: none). */
static const char *check_href(xmlDocPtr dict)
{
	xmlNodePtr item = xmlDocGetRootElement(dict)->children, n;
	xmlAttrPtr a;

	for (n = item ? item->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, BAD_CAST "check")) {
			a = xmlHasProp(n, BAD_CAST "href");
			return a && a->children ? (const char *)a->children->content
			                        : NULL;
		}
	return NULL;
}

int sf_emit_datastream(xmlDocPtr *out, const sf_benchmark *b,
                       const sf_emit_opts *o, xmlDocPtr xccdf, xmlDocPtr oval,
                       xmlDocPtr cpe_dict, xmlDocPtr cpe_oval)
{
	const char *xccdf_name = "xccdf", *oval_name = "oval";
	xmlDocPtr doc;
	xmlNodePtr root, stream, list;
	xmlNsPtr ds, xlink, catns;
	char stamp[32];
	sf_buf name = SF_BUF_INIT;

	*out = NULL;
	/* the portable data stream is told apart by its IDs */
	sf_buf_printf(&name, "%s%s", b->id, o->portable ? "_portable" : "");
	sf_xml_timestamp(o->timestamp, stamp);
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "data-stream-collection");
	xmlDocSetRootElement(doc, root);
	ds = xmlNewNs(root, BAD_CAST SF_NS_DS, BAD_CAST "ds");
	xlink = xmlNewNs(root, BAD_CAST SF_NS_XLINK, BAD_CAST "xlink");
	catns = xmlNewNs(root, BAD_CAST SF_NS_CATALOG, BAD_CAST "cat");
	xmlSetNs(root, ds);
	set_ds_id(root, b, "collection", sf_buf_cstr(&name));
	sf_xml_attr(root, "schematron-version", "1.3");

	stream = sf_xml_add(root, ds, "data-stream", NULL);
	set_ds_id(stream, b, "datastream", sf_buf_cstr(&name));
	sf_buf_release(&name);
	sf_xml_attr(stream, "scap-version", "1.3");
	sf_xml_attr(stream, "use-case", "CONFIGURATION");
	sf_xml_attr(stream, "timestamp", stamp);

	if (cpe_dict)
		add_ref(sf_xml_add(stream, ds, "dictionaries", NULL), ds, xlink,
		        catns, b, "cpe-dictionary", check_href(cpe_dict),
		        "cpe-oval");
	add_ref(sf_xml_add(stream, ds, "checklists", NULL), ds, xlink, catns, b,
	        xccdf_name, o->oval_href, oval_name);
	list = sf_xml_add(stream, ds, "checks", NULL);
	add_ref(list, ds, xlink, catns, b, oval_name, NULL, NULL);
	if (cpe_oval)
		add_ref(list, ds, xlink, catns, b, "cpe-oval", NULL, NULL);

	if ((cpe_dict && (add_component(root, ds, b, "cpe-dictionary", stamp,
	                                cpe_dict) < 0 ||
	                  add_component(root, ds, b, "cpe-oval", stamp,
	                                cpe_oval) < 0)) ||
	    add_component(root, ds, b, oval_name, stamp, oval) < 0 ||
	    add_component(root, ds, b, xccdf_name, stamp, xccdf) < 0) {
		xmlFreeDoc(doc);
		return -1;
	}
	*out = doc;
	return 0;
}
