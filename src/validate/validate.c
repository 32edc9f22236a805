#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "validate/validate.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/text.h"
#include "util/xmlread.h"

/* The XSDs each kind of document needs, relative to the schema folder. */
static const char *const xccdf_xsds[] = {"xccdf/1.2/xccdf_1.2.xsd", NULL};
static const char *const oval_xsds[] = {
    "oval/5.11.3/oval-definitions-schema.xsd",
    "oval/5.11.3/independent-definitions-schema.xsd", NULL};
static const char *const oval_results_xsds[] = {
    "oval/5.11.3/oval-results-schema.xsd",
    "oval/5.11.3/independent-definitions-schema.xsd",
    "oval/5.11.3/independent-system-characteristics-schema.xsd", NULL};
static const char *const ds_xsds[] = {
    "sds/1.3/scap-source-data-stream_1.3.xsd",
    "oval/5.11.3/independent-definitions-schema.xsd", NULL};
static const char *const cpe_dict_xsds[] = {"cpe/2.3/cpe-dictionary_2.3.xsd",
                                            NULL};
static const char *const arf_xsds[] = {
    "arf/1.1/asset-reporting-format_1.1.0.xsd",
    "sds/1.3/scap-source-data-stream_1.3.xsd",
    "oval/5.11.3/oval-results-schema.xsd",
    "oval/5.11.3/independent-definitions-schema.xsd",
    "oval/5.11.3/independent-system-characteristics-schema.xsd",
    NULL};

typedef struct kind_info {
	sf_doc_kind kind;
	const char *name;
	const char *ns;
	const char *root;
	const char *const *xsds;
	const char *schematron; /* NULL: none published */
} kind_info;

static const kind_info kinds[] = {
    {SF_DOC_XCCDF, "XCCDF 1.2 benchmark",
     "http://checklists.nist.gov/xccdf/1.2", "Benchmark", xccdf_xsds,
     "xccdf/1.2/xccdf_1.2-schematron.xsl"},
    {SF_DOC_OVAL_DEFINITIONS, "OVAL definitions",
     "http://oval.mitre.org/XMLSchema/oval-definitions-5", "oval_definitions",
     oval_xsds, "oval/5.11.3/oval-definitions-schematron.xsl"},
    {SF_DOC_OVAL_RESULTS, "OVAL results",
     "http://oval.mitre.org/XMLSchema/oval-results-5", "oval_results",
     oval_results_xsds, "oval/5.11.3/oval-results-schematron.xsl"},
    {SF_DOC_DATASTREAM, "SCAP 1.3 source data stream",
     "http://scap.nist.gov/schema/scap/source/1.2", "data-stream-collection",
     ds_xsds, "sds/1.3/source-data-stream-1.3.xsl"},
    {SF_DOC_CPE_DICTIONARY, "CPE 2.3 dictionary",
     "http://cpe.mitre.org/dictionary/2.0", "cpe-list", cpe_dict_xsds, NULL},
    {SF_DOC_ARF, "ARF 1.1 report",
     "http://scap.nist.gov/schema/asset-reporting-format/1.1",
     "asset-report-collection", arf_xsds, NULL},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/*
 * Schematron findings accepted on purpose. SCAP 1.3 names OVAL 5.11.2,
 * but the yamlfilecontent test that reads docker inspect output as data
 * exists only in OVAL 5.11.3, whose core version the OVAL Schematron and
 * OpenSCAP both require once it is used. These findings are reported as
 * warnings with the reason, or as errors with strict validation.
 */
static const struct {
	const char *id;
	const char *reason;
} deviations[] = {
    {"SRC-216-1",
     "OVAL 5.11.3 is required by ind:yamlfilecontent_test; SCAP 1.3 names OVAL 5.11.2"},
};

static const char *deviation_reason(const char *line)
{
	size_t i, n;

	for (i = 0; i < sizeof(deviations) / sizeof(deviations[0]); i++) {
		n = strlen(deviations[i].id);
		if (!strncmp(line, deviations[i].id, n) &&
		    (line[n] == '\0' || line[n] == '|'))
			return deviations[i].reason;
	}
	return NULL;
}

struct sf_validator {
	int strict;
	char *dir;
	xmlSchemaPtr schema[NKINDS];
	xsltStylesheetPtr schematron[NKINDS];
};

int sf_validator_new(sf_validator **out, const char *schema_dir)
{
	sf_validator *v;
	char *probe;

	if (!schema_dir)
		schema_dir = getenv("SCAPFORGE_SCHEMA_DIR");
	if (!schema_dir || !*schema_dir)
		schema_dir = SF_SCHEMA_DIR;
	probe = malloc(strlen(schema_dir) + 32);
	if (!probe)
		return sf_error_set("out of memory");
	sprintf(probe, "%s/xccdf/1.2/xccdf_1.2.xsd", schema_dir);
	if (access(probe, R_OK) != 0) {
		free(probe);
		return sf_error_set(
		    "cannot find the official SCAP schemas in '%s': install Debian's openscap-common or set SCAPFORGE_SCHEMA_DIR",
		    schema_dir);
	}
	free(probe);
	v = sf_xcalloc(1, sizeof(*v));
	v->dir = sf_xstrdup(schema_dir);
	*out = v;
	return 0;
}

void sf_validator_set_strict(sf_validator *v, int strict)
{
	v->strict = strict;
}

void sf_validator_free(sf_validator *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < NKINDS; i++) {
		if (v->schema[i])
			xmlSchemaFree(v->schema[i]);
		if (v->schematron[i])
			xsltFreeStylesheet(v->schematron[i]);
	}
	free(v->dir);
	free(v);
}

static const kind_info *info_of(sf_doc_kind k)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (kinds[i].kind == k)
			return &kinds[i];
	return NULL;
}

sf_doc_kind sf_doc_kind_of(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	size_t i;

	if (!root || !root->ns)
		return SF_DOC_UNKNOWN;
	for (i = 0; i < NKINDS; i++)
		if (!strcmp((const char *)root->ns->href, kinds[i].ns) &&
		    !strcmp((const char *)root->name, kinds[i].root))
			return kinds[i].kind;
	return SF_DOC_UNKNOWN;
}

const char *sf_doc_kind_name(sf_doc_kind k)
{
	const kind_info *ki = info_of(k);

	return ki ? ki->name : "unknown document";
}

/* Silences libxml2's generic error printing while schemas compile; the
 * problems that matter reach the caller through the structured handler. */
static void ignore_error(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Compiles one schema that imports every XSD of the kind, so that the
 * elements of each namespace a document uses are checked. */
static xmlSchemaPtr compile(sf_validator *v, const kind_info *ki)
{
	sf_buf driver = SF_BUF_INIT;
	xmlSchemaParserCtxtPtr pctx;
	xmlSchemaPtr s;
	xmlDocPtr xsd;
	size_t i;

	sf_buf_puts(&driver,
	            "<xsd:schema xmlns:xsd='http://www.w3.org/2001/XMLSchema' "
	            "targetNamespace='urn:scapforge:validation-driver'>\n");
	for (i = 0; ki->xsds[i]; i++) {
		char *path = malloc(strlen(v->dir) + strlen(ki->xsds[i]) + 2);
		xmlDocPtr one;
		xmlNodePtr r;
		xmlChar *tns;

		if (!path)
			break;
		sprintf(path, "%s/%s", v->dir, ki->xsds[i]);
		one = xmlReadFile(path, NULL,
		                  XML_PARSE_NONET | XML_PARSE_NOERROR |
		                      XML_PARSE_NOWARNING);
		r = one ? xmlDocGetRootElement(one) : NULL;
		tns = r ? xmlGetProp(r, BAD_CAST "targetNamespace") : NULL;
		if (tns)
			sf_buf_printf(
			    &driver,
			    "<xsd:import namespace='%s' schemaLocation='%s'/>\n",
			    (const char *)tns, path);
		xmlFree(tns);
		xmlFreeDoc(one);
		free(path);
	}
	sf_buf_puts(&driver, "</xsd:schema>\n");
	xsd = xmlReadMemory(driver.ptr, (int)driver.len, "driver.xsd", NULL,
	                    XML_PARSE_NONET);
	sf_buf_release(&driver);
	if (!xsd)
		return NULL;
	pctx = xmlSchemaNewDocParserCtxt(xsd);
	xmlSchemaSetParserErrors(pctx, ignore_error, ignore_error, NULL);
	s = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	xmlFreeDoc(xsd);
	return s;
}

typedef struct error_sink {
	const char *name;
	sf_diags *d;
} error_sink;

static void on_schema_error(void *ctx, xmlErrorPtr e)
{
	error_sink *sink = ctx;
	char *msg = sf_text_trimmed(e->message ? e->message : "invalid");
	sf_diags_add(sink->d,
	             e->level == XML_ERR_WARNING ? SF_SEV_WARNING
	                                         : SF_SEV_ERROR,
	             sink->name, e->line > 0 ? (size_t)e->line : 0, 1,
	             "schema: %s", msg);
	free(msg);
}

static int run_xsd(sf_validator *v, const kind_info *ki, size_t idx,
                   xmlDocPtr doc, const char *name, sf_diags *d)
{
	error_sink sink = {name, d};
	xmlSchemaValidCtxtPtr vctx;
	size_t before;
	int rc;

	if (!v->schema[idx])
		v->schema[idx] = compile(v, ki);
	if (!v->schema[idx])
		return sf_error_set(
		    "cannot compile the official schemas of %s from '%s'",
		    ki->name, v->dir);
	vctx = xmlSchemaNewValidCtxt(v->schema[idx]);
	xmlSchemaSetValidStructuredErrors(vctx, on_schema_error, &sink);
	before = d->errors;
	rc = xmlSchemaValidateDoc(vctx, doc);
	xmlSchemaFreeValidCtxt(vctx);
	if (rc > 0 && d->errors == before)
		sf_diags_add(d, SF_SEV_ERROR, name, 0, 0,
		             "schema: the document is not valid");
	return rc == 0 ? 0 : -1;
}

/* The compiled Schematron prints one line per failed assertion,
 * "Error: ID|context" or "Warning: ID|context"; no output means valid. */
static int run_schematron(sf_validator *v, const kind_info *ki, size_t idx,
                          xmlDocPtr doc, const char *name, sf_diags *d)
{
	xmlDocPtr res;
	xmlChar *text = NULL;
	int len = 0, failed = 0;
	char *line, *save = NULL;
	const char *reason;

	if (!v->schematron[idx]) {
		char *path =
		    malloc(strlen(v->dir) + strlen(ki->schematron) + 2);

		if (!path)
			return sf_error_set("out of memory");
		sprintf(path, "%s/%s", v->dir, ki->schematron);
		v->schematron[idx] = xsltParseStylesheetFile(BAD_CAST path);
		free(path);
		if (!v->schematron[idx])
			return sf_error_set("cannot load the Schematron of %s",
			                    ki->name);
	}
	res = xsltApplyStylesheet(v->schematron[idx], doc, NULL);
	if (!res)
		return sf_error_set("cannot apply the Schematron of %s",
		                    ki->name);
	xsltSaveResultToString(&text, &len, res, v->schematron[idx]);
	xmlFreeDoc(res);
	for (line = text ? strtok_r((char *)text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || !strncmp(line, "<?xml", 5))
			continue;
		if (!strncmp(line, "Error: ", 7) && !v->strict &&
		    (reason = deviation_reason(line + 7))) {
			sf_diags_add(d, SF_SEV_WARNING, name, 0, 0,
			             "schematron: %s (accepted: %s)", line + 7,
			             reason);
		} else if (!strncmp(line, "Warning:", 8)) {
			sf_diags_add(d, SF_SEV_WARNING, name, 0, 0,
			             "schematron: %s", line + 9);
		} else {
			sf_diags_add(d, SF_SEV_ERROR, name, 0, 0,
			             "schematron: %s", line);
			failed = 1;
		}
	}
	xmlFree(text);
	return failed ? -1 : 0;
}

int sf_validate_doc(sf_validator *v, xmlDocPtr doc, const char *name,
                    sf_diags *d)
{
	sf_doc_kind k = sf_doc_kind_of(doc);
	const kind_info *ki = info_of(k);
	size_t idx, before;
	int rc;

	if (!ki) {
		xmlNodePtr root = xmlDocGetRootElement(doc);

		sf_diags_add(
		    d, SF_SEV_ERROR, name, 0, 0,
		    "not an XCCDF, OVAL, data stream or ARF document (root element '%s')",
		    root ? (const char *)root->name : "none");
		return -1;
	}
	idx = (size_t)(ki - kinds);
	before = d->errors;
	rc = run_xsd(v, ki, idx, doc, name, d);
	if (rc < 0 && d->errors == before)
		return -1; /* could not run: the last error says why */
	if (ki->schematron && run_schematron(v, ki, idx, doc, name, d) < 0)
		rc = -1;
	return rc;
}

static void on_parse_error(void *ctx, xmlErrorPtr e)
{
	error_sink *sink = ctx;
	char *msg = sf_text_trimmed(e->message ? e->message : "malformed");
	if (e->level != XML_ERR_WARNING)
		sf_diags_add(sink->d, SF_SEV_ERROR, sink->name,
		             e->line > 0 ? (size_t)e->line : 0,
		             e->int2 > 0 ? (size_t)e->int2 : 1,
		             "malformed XML: %s", msg);
	free(msg);
}

/* Parses with libxml2's messages turned into diagnostics. A DTD is
 * refused as everywhere else (util/xmlread): no SCAP schema uses one,
 * and its entities would be what the schemas see. */
static xmlDocPtr parse(const char *path, const char *data, size_t len,
                       sf_diags *d)
{
	error_sink sink = {path, d};
	size_t before = d->errors;
	xmlDocPtr doc;
	int rc;

	xmlSetStructuredErrorFunc(&sink, on_parse_error);
	rc = sf_xml_read(&doc, path, data, len);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (rc == SF_XML_DTD)
		sf_diags_add(d, SF_SEV_ERROR, path, 0, 0,
		             "the document declares a DTD, which scapforge "
		             "refuses");
	else if (rc < 0 && d->errors == before)
		sf_diags_add(d, SF_SEV_ERROR, path, 0, 0, "%s",
		             sf_error_last()); /* it cannot be read */
	return doc;
}

/* Validates doc; hands it to *keep when keep is set, else frees it. */
static int validate_parsed(sf_validator *v, xmlDocPtr doc, const char *path,
                           sf_diags *d, xmlDocPtr *keep)
{
	int rc;

	if (keep)
		*keep = doc;
	if (!doc)
		return -1;
	rc = sf_validate_doc(v, doc, path, d);
	if (!keep)
		xmlFreeDoc(doc);
	return rc;
}

int sf_validate_file(sf_validator *v, const char *path, sf_diags *d)
{
	return sf_validate_file_doc(v, path, d, NULL);
}

int sf_validate_file_doc(sf_validator *v, const char *path, sf_diags *d,
                         xmlDocPtr *doc)
{
	return validate_parsed(v, parse(path, NULL, 0, d), path, d, doc);
}

int sf_validate_memory(sf_validator *v, const char *data, size_t len,
                       const char *name, sf_diags *d)
{
	if (len > (size_t)INT_MAX) {
		sf_diags_add(d, SF_SEV_ERROR, name, 0, 0,
		             "document too large to validate");
		return -1;
	}
	/* never NULL: parse() would read the file of that name */
	return validate_parsed(v, parse(name, data ? data : "", len, d), name,
	                       d, NULL);
}
