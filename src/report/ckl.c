/*
 * The CKL of STIG Viewer 2.x (XML): DISA's element order, and the bytes
 * STIG Viewer writes around it.
 */
#include <libxml/xmlwriter.h>

#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xstream.h"

/* The VULN_ATTRIBUTE of each field before SF_FIELD_CKL. */
static const char *const attrs[SF_FIELD_CKL] = {
    "Vuln_Num",
    "Severity",
    "Group_Title",
    "Rule_ID",
    "Rule_Ver",
    "Rule_Title",
    "Vuln_Discuss",
    "IA_Controls",
    "Check_Content",
    "Fix_Text",
    "False_Positives",
    "False_Negatives",
    "Documentable",
    "Mitigations",
    "Potential_Impact",
    "Third_Party_Tools",
    "Mitigation_Control",
    "Responsibility",
    "Security_Override_Guidance",
    "Check_Content_Ref",
    "Weight",
    "Class",
    "STIGRef",
    "TargetKey",
    "STIG_UUID",
};

/* STIG_INFO's SID_NAME of each SF_SI_ field, in STIG Viewer 2.x's order. */
static const char *const si_names[SF_SI_COUNT] = {
    "version",     "classification", "customname",  "stigid",
    "description", "filename",       "releaseinfo", "title",
    "uuid",        "notice",         "source"};

/* The ASSET's elements, of each SF_ASSET_ in STIG Viewer 2.x's order. */
static const char *const asset_elems[SF_ASSET_COUNT] = {
    "ROLE",           "ASSET_TYPE", "MARKING",         "HOST_NAME",
    "HOST_IP",        "HOST_MAC",   "HOST_FQDN",       "TARGET_COMMENT",
    "TECH_AREA",      "TARGET_KEY", "WEB_OR_DATABASE", "WEB_DB_SITE",
    "WEB_DB_INSTANCE"};

static const char *const statuses[SF_STATUS_COUNT] = {
    "NotAFinding", "Open", "Not_Applicable", "Not_Reviewed"};

const char *sf_ckl_status(int status)
{
	return statuses[status];
}

static void data(xmlTextWriterPtr w, const char *name, const char *text)
{
	sf_xs_start(w, NULL, "STIG_DATA", NULL);
	sf_xs_elem(w, NULL, "VULN_ATTRIBUTE", name);
	sf_xs_elem(w, NULL, "ATTRIBUTE_DATA", text);
	sf_xs_end(w);
}

static void idents(xmlTextWriterPtr w, const sf_checklist_vuln *v, int kind,
                   const char *name)
{
	size_t i;

	for (i = 0; i < v->nidents[kind]; i++)
		data(w, name, v->idents[kind][i]);
}

static void vuln(xmlTextWriterPtr w, const sf_checklist_vuln *v)
{
	size_t i;

	sf_xs_start(w, NULL, "VULN", NULL);
	for (i = 0; i < SF_FIELD_CKL; i++)
		data(w, attrs[i], v->f[i]);
	idents(w, v, SF_IDENT_LEGACY, "LEGACY_ID");
	idents(w, v, SF_IDENT_CCI, "CCI_REF");
	sf_xs_elem(w, NULL, "STATUS", statuses[v->status]);
	sf_xs_elem(w, NULL, "FINDING_DETAILS", v->details);
	sf_xs_elem(w, NULL, "COMMENTS", v->comments);
	sf_xs_elem(w, NULL, "SEVERITY_OVERRIDE", "");
	sf_xs_elem(w, NULL, "SEVERITY_JUSTIFICATION", "");
	sf_xs_end(w);
}

static void asset(xmlTextWriterPtr w, const sf_checklist *cl)
{
	size_t i;

	sf_xs_start(w, NULL, "ASSET", NULL);
	for (i = 0; i < SF_ASSET_COUNT; i++)
		/* no marking, no MARKING (as STIG Viewer 2.14 writes it) */
		if (i != SF_ASSET_MARKING || *cl->asset[i])
			sf_xs_elem(w, NULL, asset_elems[i], cl->asset[i]);
	sf_xs_end(w);
}

static void stig_info(xmlTextWriterPtr w, const sf_checklist *cl)
{
	size_t i;

	sf_xs_start(w, NULL, "STIG_INFO", NULL);
	for (i = 0; i < SF_SI_COUNT; i++) {
		sf_xs_start(w, NULL, "SI_DATA", NULL);
		sf_xs_elem(w, NULL, "SID_NAME", si_names[i]);
		if (*cl->si[i]) /* STIG Viewer leaves out what is empty */
			sf_xs_elem(w, NULL, "SID_DATA", cl->si[i]);
		sf_xs_end(w);
	}
	sf_xs_end(w);
}

int sf_ckl_make(const sf_checklist *cl, sf_buf *out)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	size_t i, len;
	int rc;

	if (!w) {
		xmlBufferFree(buf);
		return sf_error_set("cannot start writing a checklist");
	}
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, BAD_CAST "\t");
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterWriteComment(w, BAD_CAST "DISA STIG Viewer :: 2.14");
	sf_xs_start(w, NULL, "CHECKLIST", NULL);
	asset(w, cl);
	sf_xs_start(w, NULL, "STIGS", NULL);
	sf_xs_start(w, NULL, "iSTIG", NULL);
	stig_info(w, cl);
	for (i = 0; i < cl->nv; i++)
		vuln(w, &cl->v[i]);
	rc = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	/* as STIG Viewer writes it: no line break after the root */
	len = xmlBufferLength(buf);
	while (len && xmlBufferContent(buf)[len - 1] == '\n')
		len--;
	sf_buf_put(out, (const char *)xmlBufferContent(buf), len);
	xmlBufferFree(buf);
	return rc < 0 ? sf_error_set("cannot write a checklist") : 0;
}
