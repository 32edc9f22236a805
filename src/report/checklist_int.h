/*
 * What a STIG Viewer checklist says, read once from an ARF that scapforge
 * scan wrote, for both of its forms: the asset, the STIG's information,
 * and per rule-result (or per Rule of DISA's whole STIG) DISA's fields,
 * the status, the legacy IDs and CCIs, the finding details, with the
 * comments and the UUIDs. The CKL writer
 * (ckl.c) and the CKLB writer (cklb.c) only put this into their format,
 * so the two files of a scan cannot say different things.
 *
 * Internal to report/: checklist.h is the interface. Every string of an
 * sf_checklist is its own and never NULL, except the warning.
 */
#ifndef SF_REPORT_CHECKLIST_INT_H
#define SF_REPORT_CHECKLIST_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "report/checklist.h"
#include "util/buf.h"
#include "util/fsio.h"

#define SF_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A rule's fields: the CKL's STIG_DATA in DISA's order up to
 * SF_FIELD_CKL, then what only the CKLB has. */
enum {
	SF_FIELD_VULN_NUM,
	SF_FIELD_SEVERITY,
	SF_FIELD_GROUP_TITLE,
	SF_FIELD_RULE_ID,
	SF_FIELD_RULE_VER,
	SF_FIELD_RULE_TITLE,
	SF_FIELD_DISCUSS,
	SF_FIELD_IA_CONTROLS,
	SF_FIELD_CHECK,
	SF_FIELD_FIX,
	SF_FIELD_FALSE_POS,
	SF_FIELD_FALSE_NEG,
	SF_FIELD_DOCUMENTABLE,
	SF_FIELD_MITIGATIONS,
	SF_FIELD_IMPACT,
	SF_FIELD_TOOLS,
	SF_FIELD_MITIGATION_CTL,
	SF_FIELD_RESPONSIBILITY,
	SF_FIELD_OVERRIDE,
	SF_FIELD_CHECK_REF,
	SF_FIELD_WEIGHT,
	SF_FIELD_CLASS,
	SF_FIELD_STIG_REF,
	SF_FIELD_TARGET_KEY,
	SF_FIELD_STIG_UUID,
	SF_FIELD_CKL, /* the CKL's attributes end here */
	SF_FIELD_RULE_SHORT = SF_FIELD_CKL,
	SF_FIELD_GROUP_DESC,
	SF_FIELD_UUID,
	SF_FIELD_COUNT
};

/* The STIG's information, in the order of the CKL's SI_DATA. */
enum {
	SF_SI_VERSION,
	SF_SI_CLASSIFICATION,
	SF_SI_CUSTOMNAME,
	SF_SI_STIGID,
	SF_SI_DESCRIPTION,
	SF_SI_FILENAME,
	SF_SI_RELEASEINFO,
	SF_SI_TITLE,
	SF_SI_UUID,
	SF_SI_NOTICE,
	SF_SI_SOURCE,
	SF_SI_COUNT
};

/* The asset, in the order of the CKL's ASSET. */
enum {
	SF_ASSET_ROLE,
	SF_ASSET_TYPE,
	SF_ASSET_MARKING, /* "" for none: the CKL then has no MARKING */
	SF_ASSET_HOST_NAME,
	SF_ASSET_HOST_IP,
	SF_ASSET_HOST_MAC,
	SF_ASSET_HOST_FQDN,
	SF_ASSET_TARGET_COMMENT,
	SF_ASSET_TECH_AREA,
	SF_ASSET_TARGET_KEY,
	SF_ASSET_WEB_OR_DATABASE, /* "true" or "false" */
	SF_ASSET_WEB_DB_SITE,
	SF_ASSET_WEB_DB_INSTANCE,
	SF_ASSET_COUNT
};

/* The first line of every finding detail when the ARF is of the bundled
 * example evidence (every status is then Not_Reviewed). */
#define SF_CHECKLIST_EXAMPLE_LINE                                              \
	"These results are of scapforge's bundled example evidence, not of "   \
	"any host."

/* A rule's status, from its XCCDF result; each format spells it. */
enum {
	SF_STATUS_NOT_A_FINDING, /* pass */
	SF_STATUS_OPEN,          /* fail */
	SF_STATUS_NOT_APPLICABLE,
	SF_STATUS_NOT_REVIEWED, /* any other result */
	SF_STATUS_COUNT
};

/* The rule-result's idents that a checklist lists. */
enum { SF_IDENT_LEGACY, SF_IDENT_CCI, SF_IDENT_COUNT };

/* A key of a format (a CKLB key, a tag of DISA's description) and the
 * field it holds. */
typedef struct sf_checklist_key {
	const char *key;
	int field;
} sf_checklist_key;

/* One rule-result: a CKL VULN, a CKLB rule. */
typedef struct sf_checklist_vuln {
	char *f[SF_FIELD_COUNT];
	char **idents[SF_IDENT_COUNT]; /* in the ARF's order */
	size_t nidents[SF_IDENT_COUNT];
	int status; /* SF_STATUS_ */
	/* its rule-result (NULL: none), whose finding details, which may
	 * run to megabytes, are made as each checklist is written
	 * (sf_checklist_vuln_details), not kept for both */
	xmlNodePtr rr;
	/* "" but on an Open result: the one line of the scan's comment, so
	 * that STIG Manager (which requires a comment on a finding) takes
	 * the review as submitted; the assessor's to replace */
	char *comments;
	int assessed; /* has a rule-result (else Not_Reviewed) */
} sf_checklist_vuln;

typedef struct sf_checklist {
	xmlNodePtr tr, bench; /* of the results read (not owned) */
	const sf_xccdfdoc *doc; /* they and their rows (not owned) */
	xmlDocPtr stig;       /* DISA's manual XCCDF, or NULL */
	int example;          /* the ARF is of the bundled example evidence */
	int any_host; /* --merge into a checklist of another HOST_NAME */
	char *asset[SF_ASSET_COUNT];
	char *si[SF_SI_COUNT];
	char *warning; /* the scan's warning, or NULL */
	char *title;
	char id[37];
	sf_checklist_vuln *v;
	size_t nv;
} sf_checklist;

/* ---- reading the ARF (checklist.c) ---- */

/* A stable UUID (RFC 9562 version 8) made of the SHA-256 of the parts. */
void sf_checklist_uuid(char out[37], const char *a, const char *b,
                       const char *c);
/* The first element below n with this local name and id (any id when id
 * is NULL), depth first. */
xmlNodePtr sf_checklist_find(xmlNodePtr n, const char *name, const char *id);
/* What follows marker in an XCCDF ID ("V-1" of "xccdf_x_group_V-1"),
 * or the whole ID. */
const char *sf_checklist_after(const char *id, const char *marker);
/* The first non-empty value of the target fact name, or NULL. */
char *sf_checklist_fact(xmlNodePtr tr, const char *name);
/* Attribute values of n for names (count of them); the caller frees. */
void sf_checklist_props(xmlNodePtr n, const char *const *names, char **out,
                        size_t count);
void sf_checklist_free_all(char **s, size_t count);

/* Fills cl->si from the Benchmark b read from the file at path. */
void sf_checklist_stig_info(sf_checklist *cl, xmlNodePtr b, const char *path);
/* "V2R2": the STIG's version and the release of its release-info. The
 * caller frees. */
char *sf_checklist_release_id(const char *version, const char *release_info);

/* ---- the asset (checklist_asset.c) ---- */

/* Whether the TestResult tr is of the bundled example evidence. */
int sf_checklist_example(xmlNodePtr tr);
/* The asset fields: the target's name, primary address, its MAC and
 * FQDN as the ARF has them (none for the bundled example), and what opts
 * (may be NULL) says. Needs the vulns (the target key). */
void sf_checklist_read_asset(sf_checklist *cl, const sf_checklist_opts *o);
/* The checklist's file name by DISA's convention: HOST_STIGID_VxRy.ext.
 * The caller frees. */
char *sf_checklist_file_name(const sf_checklist *cl, const char *ext);

/* ---- the rules (checklist_vuln.c) ---- */

/* One vuln per rule-result; needs the STIG information, the checklist's
 * ID and the warning. */
void sf_checklist_read_vulns(sf_checklist *cl);
/* One vuln of DISA's fields from rule (the ARF's Rule, or DISA's; NULL
 * when the ARF lacks it) and the result of rr (NULL: not assessed). */
void sf_checklist_vuln_read(sf_checklist *cl, xmlNodePtr rule, xmlNodePtr rr,
                            sf_checklist_vuln *v);
void sf_checklist_vuln_release(sf_checklist_vuln *v);

/* ---- DISA's whole STIG (checklist_stig.c) ---- */

/* Reads DISA's manual XCCDF at path into cl->stig, refusing another STIG
 * or release than the ARF's, and takes the STIG information from it.
 * Returns 0, or -1 with the last error set. */
int sf_checklist_stig_load(sf_checklist *cl, const char *path);
/* One vuln per Rule of DISA's STIG, in its order, with the result of the
 * ARF's rule-result of the same Rule ID. Returns 0, or -1 (a rule-result
 * of a rule DISA's STIG lacks) with the last error set. */
int sf_checklist_stig_vulns(sf_checklist *cl);

/* ---- reading and releasing (checklist.c) ---- */

/* Reads the results d (of the ARF arf_path, as the checklist names it)
 * with opts (may be NULL); cl points into d, which must outlive it.
 * Returns 0, or -1 with the last error set; release cl either way. */
int sf_checklist_read(sf_checklist *cl, const sf_xccdfdoc *d,
                      const char *arf_path, const sf_checklist_opts *o);
void sf_checklist_release(sf_checklist *cl);

/* ---- merging (checklist_merge.c, ckl_merge.c, cklb_merge.c) ---- */

/* Replacements of byte spans of a text, applied in the text's order. */
typedef struct sf_checklist_edit {
	size_t start, end; /* [start, end) of the text */
	char *text;        /* what stands there instead */
} sf_checklist_edit;

typedef struct sf_checklist_edits {
	sf_checklist_edit *e;
	size_t n;
} sf_checklist_edits;

/* Takes text (the caller's malloc'd string). */
void sf_checklist_edits_add(sf_checklist_edits *e, size_t start, size_t end,
                            char *text);
/* Appends text (len bytes, named name) to out with the edits made;
 * overlapping ones are refused (-1, the last error set). */
int sf_checklist_edits_apply(sf_checklist_edits *e, const char *name,
                             const char *text, size_t len, sf_buf *out);
void sf_checklist_edits_release(sf_checklist_edits *e);

/* Whether a checklist's STIG (stig_id, version, release_info) is cl's;
 * if not, "STIG_ID VxRy" is added to seen, for sf_checklist_refuse. */
int sf_checklist_stig_match(const sf_checklist *cl, const char *stig_id,
                            const char *version, const char *release_info,
                            sf_buf *seen);
/* Whether the checklist name, whose HOST_NAME is host, may take cl's
 * results: 0 when its host is none, cl's target (its name or FQDN, in
 * any case; a short name matches the first label of a dotted one) or
 * when cl->any_host; else -1 with the last error set. */
int sf_checklist_host_check(const sf_checklist *cl, const char *name,
                            const char *host);
/* Refuses (returns -1, the last error set) the checklist name, which
 * holds the STIGs seen and not cl's. */
int sf_checklist_refuse(const sf_checklist *cl, const char *name,
                        const sf_buf *seen);
/* A status as each format spells it. */
const char *sf_ckl_status(int status);
const char *sf_cklb_status(int status);

/* Edits text (len bytes, NUL-terminated, the existing checklist named
 * name) into out:
 * the STATUS and FINDING_DETAILS of cl's rules, nothing else. Return 0,
 * or -1 with the last error set (another STIG or release, a rule
 * missing, not a checklist). */
int sf_ckl_merge(const sf_checklist *cl, const char *name, const char *text,
                 size_t len, sf_buf *out);
int sf_cklb_merge(const sf_checklist *cl, const char *name, const char *text,
                  size_t len, sf_buf *out);

/* ---- in words (checklist_text.c) ---- */

/* The finding details of v, made now (free them). */
char *sf_checklist_vuln_details(const sf_checklist *cl,
                                const sf_checklist_vuln *v);
/* The finding details of the rule-result rr, whose result is result. */
char *sf_checklist_finding_details(const sf_checklist *cl, xmlNodePtr rr,
                                   const char *result);
/* The scan's warning, or NULL. */
char *sf_checklist_warning(xmlNodePtr tr);

/* ---- the formats ---- */

/* The CKL of STIG Viewer 2.x (ckl.c) and the CKLB of STIG Viewer 3
 * (cklb.c), written to pf, opened by the caller, as they are made.
 * Return 0, or -1 with the last error set. */
int sf_ckl_make(const sf_checklist *cl, sf_pending_file *pf);
int sf_cklb_make(const sf_checklist *cl, sf_pending_file *pf);

#endif
