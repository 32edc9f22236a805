/*
 * The CKL of STIG Viewer 2.x (XML): DISA's element order, and the bytes
 * STIG Viewer writes around it.
 */
#include <stdlib.h>
#include <string.h>

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

/* An element whose text may run to megabytes (the finding details of
 * thousands of offenders), written piece by piece. */
static void long_text(xmlTextWriterPtr w, const char *name, const char *s)
{
	size_t len = strlen(s), n;

	sf_xs_start(w, NULL, name, NULL);
	for (; len; s += n, len -= n) {
		char *piece;

		n = sf_text_piece(s, len, 65536);
		piece = sf_xstrndup(s, n);
		sf_xs_text(w, piece);
		free(piece);
	}
	sf_xs_end(w);
}

static void vuln(xmlTextWriterPtr w, const sf_checklist *cl,
                 const sf_checklist_vuln *v)
{
	char *details = sf_checklist_vuln_details(cl, v);
	size_t i;

	sf_xs_start(w, NULL, "VULN", NULL);
	for (i = 0; i < SF_FIELD_CKL; i++)
		data(w, attrs[i], v->f[i]);
	idents(w, v, SF_IDENT_LEGACY, "LEGACY_ID");
	idents(w, v, SF_IDENT_CCI, "CCI_REF");
	sf_xs_elem(w, NULL, "STATUS", statuses[v->status]);
	long_text(w, "FINDING_DETAILS", details);
	free(details);
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

/* The writer's output into a pending file, the line breaks at its end
 * held back until more follows: STIG Viewer ends the file with the
 * root's end tag. */
typedef struct sink {
	sf_pending_file *pf;
	size_t held; /* line breaks not yet written */
	int failed;
} sink;

static int on_write(void *ctx, const char *data, int len)
{
	sink *k = ctx;
	size_t n = (size_t)len, body = n;

	while (body && data[body - 1] == '\n')
		body--;
	if (body && !k->failed) {
		for (; k->held && !k->failed; k->held--)
			k->failed = sf_pending_file_append(k->pf, "\n", 1) < 0;
		if (!k->failed)
			k->failed =
			    sf_pending_file_append(k->pf, data, body) < 0;
		k->held = 0;
	}
	k->held += n - body;
	return len;
}

static int on_close(void *ctx)
{
	(void)ctx;
	return 0;
}

int sf_ckl_make(const sf_checklist *cl, sf_pending_file *pf)
{
	sink k = {pf, 0, 0};
	xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(on_write, on_close, &k,
	                                                 NULL);
	xmlTextWriterPtr w = buf ? xmlNewTextWriter(buf) : NULL;
	size_t i;
	int rc;

	if (!w) {
		if (buf)
			xmlOutputBufferClose(buf);
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
		vuln(w, cl, &cl->v[i]);
	rc = xmlTextWriterEndDocument(w);
	if (rc >= 0)
		rc = xmlTextWriterFlush(w);
	xmlFreeTextWriter(w);
	/* a write that failed has said why (a full disk, ...) */
	if (k.failed)
		return -1;
	return rc < 0 ? sf_error_set("cannot write a checklist") : 0;
}
