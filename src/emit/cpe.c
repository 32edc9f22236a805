/*
 * The platform of the portable data stream: Docker Engine, as
 * endoflife.date and NVD name it (cpe:/a:docker:engine), in a CPE 2.3
 * dictionary whose check is an OVAL 5.11.2 inventory definition: the
 * daemon's program, dockerd, is in /usr/bin, /usr/sbin, /usr/local/bin
 * or /usr/local/sbin. On a host without it the rules are not applicable
 * rather than passing. Its OVAL IDs have a namespace of their own, so
 * that they never meet the checks' in one data stream.
 */
#include <stdlib.h>

#include "emit/emit.h"
#include "emit/xmlw.h"

#define NS_CPE_DICT "http://cpe.mitre.org/dictionary/2.0"
#define NS_CPE_23 "http://scap.nist.gov/schema/cpe-extension/2.3"

static char *cpe_oval_id(const sf_benchmark *b, const char *type)
{
	sf_buf id = SF_BUF_INIT;

	sf_buf_printf(&id, "oval:%s.cpe:%s:1", b->oval_namespace, type);
	return sf_buf_detach(&id);
}

static void id_attr(xmlNodePtr n, const sf_benchmark *b, const char *type,
                    const char *attr)
{
	char *id = cpe_oval_id(b, type);

	sf_xml_attr(n, attr, id);
	free(id);
}

static xmlDocPtr cpe_oval(const sf_benchmark *b, const sf_emit_opts *o)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "oval_definitions"), n, m,
	           a, sec;
	xmlNsPtr def, common, unx;
	char stamp[32];

	xmlDocSetRootElement(doc, root);
	def = xmlNewNs(root, BAD_CAST SF_NS_OVAL_DEF, NULL);
	common = xmlNewNs(root, BAD_CAST SF_NS_OVAL_COMMON, BAD_CAST "oval");
	unx = xmlNewNs(root, BAD_CAST SF_NS_OVAL_UNIX, BAD_CAST "unix");
	xmlSetNs(root, def);
	n = sf_xml_add(root, def, "generator", NULL);
	sf_xml_add(n, common, "product_name", "scapforge");
	sf_xml_add(n, common, "product_version", SF_VERSION);
	sf_xml_add(n, common, "schema_version", "5.11.2");
	sf_xml_timestamp(o->timestamp, stamp);
	sf_xml_add(n, common, "timestamp", stamp);

	sec = sf_xml_add(root, def, "definitions", NULL);
	n = sf_xml_add(sec, def, "definition", NULL);
	id_attr(n, b, "def", "id");
	sf_xml_attr(n, "version", "1");
	sf_xml_attr(n, "class", "inventory");
	m = sf_xml_add(n, def, "metadata", NULL);
	sf_xml_add(m, def, "title", "Docker Engine is installed");
	a = sf_xml_add(m, def, "affected", NULL);
	sf_xml_attr(a, "family", "unix");
	sf_xml_add(a, def, "platform", "Docker Engine");
	a = sf_xml_add(m, def, "reference", NULL);
	sf_xml_attr(a, "source", "CPE");
	sf_xml_attr(a, "ref_id", SF_CPE_DOCKER_ENGINE);
	sf_xml_add(m, def, "description",
	           "True when dockerd, the Docker daemon's program, is in "
	           "/usr/bin, /usr/sbin, /usr/local/bin or /usr/local/sbin.");
	m = sf_xml_add(n, def, "criteria", NULL);
	m = sf_xml_add(m, def, "criterion", NULL);
	id_attr(m, b, "tst", "test_ref");
	sf_xml_attr(m, "comment", "dockerd is installed");

	sec = sf_xml_add(root, def, "tests", NULL);
	n = sf_xml_add(sec, unx, "file_test", NULL);
	id_attr(n, b, "tst", "id");
	sf_xml_attr(n, "version", "1");
	sf_xml_attr(n, "check", "all");
	sf_xml_attr(n, "check_existence", "at_least_one_exists");
	sf_xml_attr(n, "comment", "dockerd is installed");
	id_attr(sf_xml_add(n, unx, "object", NULL), b, "obj", "object_ref");

	sec = sf_xml_add(root, def, "objects", NULL);
	n = sf_xml_add(sec, unx, "file_object", NULL);
	id_attr(n, b, "obj", "id");
	sf_xml_attr(n, "version", "1");
	sf_xml_attr(n, "comment", "the Docker daemon's program");
	m = sf_xml_add(n, unx, "path", "^/usr(/local)?/s?bin$");
	sf_xml_attr(m, "operation", "pattern match");
	sf_xml_add(n, unx, "filename", "dockerd");
	return doc;
}

static xmlDocPtr cpe_dictionary(const char *oval_href, const sf_benchmark *b)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "cpe-list"), item, n;
	xmlNsPtr ns, c23;
	char *id = cpe_oval_id(b, "def");

	xmlDocSetRootElement(doc, root);
	ns = xmlNewNs(root, BAD_CAST NS_CPE_DICT, NULL);
	c23 = xmlNewNs(root, BAD_CAST NS_CPE_23, BAD_CAST "cpe-23");
	xmlSetNs(root, ns);
	item = sf_xml_add(root, ns, "cpe-item", NULL);
	sf_xml_attr(item, "name", SF_CPE_DOCKER_ENGINE);
	n = sf_xml_add(item, ns, "title", "Docker Engine");
	xmlNodeSetLang(n, BAD_CAST "en-US");
	n = sf_xml_add(item, ns, "check", id);
	sf_xml_attr(n, "system", SF_NS_OVAL_DEF);
	sf_xml_attr(n, "href", oval_href);
	n = sf_xml_add(item, c23, "cpe23-item", NULL);
	sf_xml_attr(n, "name", SF_CPE23_DOCKER_ENGINE);
	free(id);
	return doc;
}

int sf_emit_cpe(xmlDocPtr *dictionary, xmlDocPtr *oval, const sf_benchmark *b,
                const sf_emit_opts *o, const char *oval_href)
{
	*oval = cpe_oval(b, o);
	*dictionary = cpe_dictionary(oval_href, b);
	return 0;
}
