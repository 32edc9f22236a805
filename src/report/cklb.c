/*
 * The CKLB of STIG Viewer 3 (JSON, cklb_version 1.0): the keys in the
 * order STIG Viewer 3 writes them.
 */
#include <stdlib.h>
#include <string.h>

#include "report/checklist_int.h"
#include "util/text.h"
#include "util/buf.h"
#include "util/json.h"

/* Rule keys holding a field, in STIG Viewer 3's order; the other keys
 * are written between these runs. */
static const sf_checklist_key text_keys[] = {
    {"group_id", SF_FIELD_VULN_NUM},
    {"group_id_src", SF_FIELD_VULN_NUM},
    {"severity", SF_FIELD_SEVERITY},
    {"group_title", SF_FIELD_GROUP_TITLE},
    {"rule_id_src", SF_FIELD_RULE_ID},
    {"rule_id", SF_FIELD_RULE_SHORT},
    {"rule_version", SF_FIELD_RULE_VER},
    {"rule_title", SF_FIELD_RULE_TITLE},
    {"discussion", SF_FIELD_DISCUSS},
    {"ia_controls", SF_FIELD_IA_CONTROLS},
    {"check_content", SF_FIELD_CHECK},
    {"fix_text", SF_FIELD_FIX},
    {"false_positives", SF_FIELD_FALSE_POS},
    {"false_negatives", SF_FIELD_FALSE_NEG},
    {"documentable", SF_FIELD_DOCUMENTABLE},
    {"mitigations", SF_FIELD_MITIGATIONS},
    {"potential_impacts", SF_FIELD_IMPACT},
    {"third_party_tools", SF_FIELD_TOOLS},
    {"mitigation_control", SF_FIELD_MITIGATION_CTL},
    {"responsibility", SF_FIELD_RESPONSIBILITY},
    {"security_override_guidance", SF_FIELD_OVERRIDE},
};
static const sf_checklist_key class_keys[] = {
    {"weight", SF_FIELD_WEIGHT},
    {"classification", SF_FIELD_CLASS},
};
static const sf_checklist_key ref_keys[] = {
    {"stig_ref", SF_FIELD_STIG_REF},
    {"target_key", SF_FIELD_TARGET_KEY},
    {"uuid", SF_FIELD_UUID},
    {"stig_uuid", SF_FIELD_STIG_UUID},
};

static const char *const statuses[SF_STATUS_COUNT] = {
    "not_a_finding", "open", "not_applicable", "not_reviewed"};

const char *sf_cklb_status(int status)
{
	return statuses[status];
}

static void fields(sf_json *j, const sf_checklist_vuln *v,
                   const sf_checklist_key *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sf_json_kstring(j, keys[i].key, v->f[keys[i].field]);
}

static void idents(sf_json *j, const sf_checklist_vuln *v, int kind,
                   const char *key)
{
	size_t i;

	sf_json_key(j, key);
	sf_json_array(j);
	for (i = 0; i < v->nidents[kind]; i++)
		sf_json_string(j, v->idents[kind][i]);
	sf_json_end(j);
}

/* A string that may run to megabytes (the finding details of thousands
 * of offenders), written to pf piece by piece; 0, or -1 once a write
 * has failed. */
static int long_string(sf_json *j, sf_pending_file *pf, const char *s)
{
	size_t len = strlen(s), n;
	int rc = 0;

	sf_json_string_begin(j);
	for (; len && rc == 0; s += n, len -= n) {
		n = sf_text_piece(s, len, 65536);
		sf_json_string_part(j, s, n);
		rc = sf_json_spill(j, pf, 65536);
	}
	sf_json_string_end(j);
	return rc;
}

static int rule(sf_json *j, const sf_checklist *cl, const sf_checklist_vuln *v,
                sf_pending_file *pf)
{
	char *details = sf_checklist_vuln_details(cl, v);
	int rc;

	sf_json_object(j);
	fields(j, v, text_keys, SF_NELEM(text_keys));
	sf_json_key(j, "check_content_ref");
	sf_json_object(j);
	sf_json_kstring(j, "name", v->f[SF_FIELD_CHECK_REF]);
	sf_json_kstring(j, "href", "");
	sf_json_end(j);
	fields(j, v, class_keys, SF_NELEM(class_keys));
	idents(j, v, SF_IDENT_LEGACY, "legacy_ids");
	idents(j, v, SF_IDENT_CCI, "ccis");
	fields(j, v, ref_keys, SF_NELEM(ref_keys));
	sf_json_kstring(j, "comments", v->comments);
	sf_json_key(j, "finding_details");
	rc = long_string(j, pf, details);
	free(details);
	sf_json_key(j, "group_tree");
	sf_json_array(j);
	sf_json_object(j);
	sf_json_kstring(j, "id", v->f[SF_FIELD_VULN_NUM]);
	sf_json_kstring(j, "title", v->f[SF_FIELD_GROUP_TITLE]);
	sf_json_kstring(j, "description", v->f[SF_FIELD_GROUP_DESC]);
	sf_json_end(j);
	sf_json_end(j);
	sf_json_kstring(j, "status", statuses[v->status]);
	sf_json_key(j, "overrides");
	sf_json_object(j);
	sf_json_end(j);
	sf_json_end(j);
	return rc;
}

/* "Docker ... STIG" for "Docker ... Security Technical Implementation
 * Guide", as STIG Viewer 3 names STIGs. */
static char *display_name(const char *title)
{
	static const char suffix[] = "Security Technical Implementation Guide";
	size_t n = strlen(title), s = sizeof(suffix) - 1;
	sf_buf b = SF_BUF_INIT;

	if (n < s || strcmp(title + n - s, suffix))
		return sf_xstrdup(title);
	sf_buf_put(&b, title, n - s);
	sf_buf_puts(&b, "STIG");
	return sf_buf_detach(&b);
}

static int stig(sf_json *j, const sf_checklist *cl, sf_pending_file *pf)
{
	int rc = 0;
	char *display = display_name(cl->si[SF_SI_TITLE]);
	size_t i;

	sf_json_object(j);
	sf_json_kstring(j, "stig_name", cl->si[SF_SI_TITLE]);
	sf_json_kstring(j, "display_name", display);
	sf_json_kstring(j, "stig_id", cl->si[SF_SI_STIGID]);
	sf_json_kstring(j, "release_info", cl->si[SF_SI_RELEASEINFO]);
	sf_json_kstring(j, "version", cl->si[SF_SI_VERSION]);
	sf_json_kstring(j, "uuid", cl->si[SF_SI_UUID]);
	sf_json_kstring(j, "reference_identifier",
	                cl->asset[SF_ASSET_TARGET_KEY]);
	sf_json_kint(j, "size", (long long)cl->nv);
	sf_json_key(j, "rules");
	sf_json_array(j);
	for (i = 0; i < cl->nv && rc == 0; i++)
		if ((rc = rule(j, cl, &cl->v[i], pf)) == 0)
			rc = sf_json_spill(j, pf, 65536);
	sf_json_end(j);
	sf_json_end(j);
	free(display);
	return rc;
}

static void target(sf_json *j, const sf_checklist *cl)
{
	char *const *a = cl->asset;

	sf_json_key(j, "target_data");
	sf_json_object(j);
	sf_json_kstring(j, "target_type", a[SF_ASSET_TYPE]);
	sf_json_kstring(j, "host_name", a[SF_ASSET_HOST_NAME]);
	sf_json_kstring(j, "ip_address", a[SF_ASSET_HOST_IP]);
	sf_json_kstring(j, "mac_address", a[SF_ASSET_HOST_MAC]);
	sf_json_kstring(j, "fqdn", a[SF_ASSET_HOST_FQDN]);
	sf_json_kstring(j, "comments", a[SF_ASSET_TARGET_COMMENT]);
	sf_json_kstring(j, "role", a[SF_ASSET_ROLE]);
	sf_json_key(j, "is_web_database");
	sf_json_bool(j, !strcmp(a[SF_ASSET_WEB_OR_DATABASE], "true"));
	sf_json_kstring(j, "technology_area", a[SF_ASSET_TECH_AREA]);
	sf_json_kstring(j, "web_db_site", a[SF_ASSET_WEB_DB_SITE]);
	sf_json_kstring(j, "web_db_instance", a[SF_ASSET_WEB_DB_INSTANCE]);
	/* STIG Viewer 3's place for the marking: null when there is none */
	sf_json_kstring(j, "classification",
	                *a[SF_ASSET_MARKING] ? a[SF_ASSET_MARKING] : NULL);
	sf_json_end(j);
}

int sf_cklb_make(const sf_checklist *cl, sf_pending_file *pf)
{
	sf_buf out = SF_BUF_INIT;
	sf_json j;
	int rc;

	sf_json_init(&j, &out);
	sf_json_object(&j);
	sf_json_kstring(&j, "title", cl->title);
	sf_json_kstring(&j, "id", cl->id);
	sf_json_key(&j, "stigs");
	sf_json_array(&j);
	rc = stig(&j, cl, pf);
	sf_json_end(&j);
	sf_json_key(&j, "active");
	sf_json_bool(&j, 1);
	sf_json_kint(&j, "mode", 2);
	sf_json_key(&j, "has_path");
	sf_json_bool(&j, 0);
	target(&j, cl);
	sf_json_kstring(&j, "cklb_version", "1.0");
	sf_json_end(&j);
	if (rc == 0)
		rc = sf_json_spill(&j, pf, 0);
	sf_buf_release(&out);
	return rc;
}
