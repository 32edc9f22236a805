/*
 * The checklists' entry points: the XCCDF results (of the scan, or read
 * from its ARF) read into an sf_checklist (its Benchmark, the STIG
 * information, the asset, the checklist's ID), each asked-for format
 * made from it, and the files staged together.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/checklist.h"
#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/sha256.h"
#include "util/xmlq.h"

/* ---- reading the results ---- */

static int has_id(xmlNodePtr n, const char *id)
{
	char *v = sf_xml_prop(n, "id");
	int same = !strcmp(v, id);

	free(v);
	return same;
}

xmlNodePtr sf_checklist_find(xmlNodePtr n, const char *name, const char *id)
{
	xmlNodePtr c, hit;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, name) &&
		    (!id || has_id(c, id)))
			return c;
		hit = sf_checklist_find(c, name, id);
		if (hit)
			return hit;
	}
	return NULL;
}

const char *sf_checklist_after(const char *id, const char *marker)
{
	const char *p = strstr(id, marker);

	return p ? p + strlen(marker) : id;
}

void sf_checklist_uuid(char out[37], const char *a, const char *b,
                       const char *c)
{
	const char *parts[3] = {a, b, c};
	char hex[65];
	sf_sha256 s;
	size_t i, o = 0;
	int nibble;

	sf_sha256_init(&s);
	for (i = 0; i < 3; i++) /* each with its NUL, as a separator */
		sf_sha256_update(&s, parts[i], strlen(parts[i]) + 1);
	sf_sha256_hex(&s, hex);
	hex[12] = '8';
	nibble = hex[16] <= '9' ? hex[16] - '0' : hex[16] - 'a' + 10;
	hex[16] = "89ab"[nibble & 3];
	for (i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = hex[i];
	}
	out[o] = '\0';
}

void sf_checklist_props(xmlNodePtr n, const char *const *names, char **out,
                        size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		out[i] = sf_xml_prop(n, names[i]);
}

void sf_checklist_free_all(char **s, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(s[i]);
}

/* ---- the STIG and the checklist ---- */

/* The plain-text of the Benchmark with this id ("release-info"). */
static char *plain_text(xmlNodePtr bench, const char *id)
{
	xmlNodePtr p = sf_xml_child(bench, "plain-text");

	while (p && !has_id(p, id))
		p = sf_xml_next(p, "plain-text");
	return sf_xml_text(p);
}

void sf_checklist_stig_info(sf_checklist *cl, xmlNodePtr b, const char *path)
{
	const char *base = strrchr(path, '/');
	char **si = cl->si, *id = sf_xml_prop(b, "id"), uuid[37];

	sf_checklist_free_all(si, SF_SI_COUNT);
	si[SF_SI_VERSION] = sf_xml_text(sf_xml_child(b, "version"));
	si[SF_SI_CLASSIFICATION] = sf_xstrdup("UNCLASSIFIED");
	si[SF_SI_CUSTOMNAME] = sf_xstrdup("");
	si[SF_SI_STIGID] = sf_xstrdup(sf_checklist_after(id, "_benchmark_"));
	si[SF_SI_DESCRIPTION] = sf_xml_text(sf_xml_child(b, "description"));
	/* the file the STIG was read from: DISA's, or the ARF (which
	 * carries the data stream) */
	si[SF_SI_FILENAME] = sf_xstrdup(base ? base + 1 : path);
	si[SF_SI_RELEASEINFO] = plain_text(b, "release-info");
	si[SF_SI_TITLE] = sf_xml_text(sf_xml_child(b, "title"));
	sf_checklist_uuid(uuid, si[SF_SI_STIGID], si[SF_SI_VERSION],
	                  si[SF_SI_RELEASEINFO]);
	si[SF_SI_UUID] = sf_xstrdup(uuid);
	si[SF_SI_NOTICE] = sf_xml_prop(sf_xml_child(b, "notice"), "id");
	si[SF_SI_SOURCE] =
	    sf_xml_text(sf_xml_child(sf_xml_child(b, "reference"), "source"));
	free(id);
}

/* The checklist's ID: the STIG, the scan and its target. */
static void read_identity(sf_checklist *cl)
{
	static const char *const names[] = {"id", "start-time"};
	char *a[2], *target = sf_xml_text(sf_xml_child(cl->tr, "target"));
	sf_buf b = SF_BUF_INIT;

	sf_checklist_props(cl->tr, names, a, SF_NELEM(names));
	sf_buf_printf(&b, "%s\n%s", a[0], a[1]);
	sf_checklist_uuid(cl->id, cl->si[SF_SI_UUID], sf_buf_cstr(&b), target);
	sf_checklist_free_all(a, SF_NELEM(names));
	free(target);
	sf_buf_release(&b);
}

char *sf_checklist_release_id(const char *version, const char *release_info)
{
	const char *r = strstr(release_info, "Release:");
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "V%s", version);
	if (r) {
		r += strlen("Release:");
		r += strspn(r, " ");
		sf_buf_printf(&b, "R%.*s", (int)strspn(r, "0123456789"), r);
	}
	return sf_buf_detach(&b);
}

int sf_checklist_read(sf_checklist *cl, const sf_xccdfdoc *d,
                      const char *arf_path, const sf_checklist_opts *o)
{
	sf_buf title = SF_BUF_INIT;

	memset(cl, 0, sizeof(*cl));
	cl->doc = d;
	cl->bench = d->bench;
	cl->tr = d->tr;
	sf_checklist_stig_info(cl, cl->bench, arf_path);
	if (o && o->stig && sf_checklist_stig_load(cl, o->stig) < 0)
		return -1;
	read_identity(cl);
	cl->warning = sf_checklist_warning(cl->tr);
	cl->example = sf_checklist_example(cl->tr);
	if (!cl->stig)
		sf_checklist_read_vulns(cl);
	else if (sf_checklist_stig_vulns(cl) < 0)
		return -1;
	sf_checklist_read_asset(cl, o);
	sf_buf_printf(&title, "%s - %s", cl->asset[SF_ASSET_HOST_NAME],
	              cl->si[SF_SI_TITLE]);
	cl->title = sf_buf_detach(&title);
	return 0;
}

void sf_checklist_release(sf_checklist *cl)
{
	size_t i;

	for (i = 0; i < cl->nv; i++)
		sf_checklist_vuln_release(&cl->v[i]);
	free(cl->v);
	sf_checklist_free_all(cl->asset, SF_ASSET_COUNT);
	sf_checklist_free_all(cl->si, SF_SI_COUNT);
	free(cl->warning);
	free(cl->title);
	xmlFreeDoc(cl->stig);
}

/* ---- writing ---- */

/* Makes a checklist into a temporary file beside path (a folder in the
 * way is refused there). */
static int stage(sf_pending_file *pf, const char *path, const sf_checklist *cl,
                 int (*make)(const sf_checklist *, sf_pending_file *))
{
	if (sf_pending_file_open(pf, path) < 0)
		return -1;
	return make(cl, pf);
}

/* Where a checklist goes: path, or in the folder "DIR/" under DISA's
 * name. The caller frees. */
static char *resolve(const char *path, const sf_checklist *cl, const char *ext)
{
	size_t n = strlen(path);
	char *name, *full;

	if (!n || path[n - 1] != '/')
		return sf_xstrdup(path);
	name = sf_checklist_file_name(cl, ext);
	if (!strcmp(path, "./"))
		return name;
	full = sf_path_join(path, name);
	free(name);
	return full;
}

int sf_checklist_write(const char *arf_path, const char *ckl_path,
                       const char *cklb_path, sf_checklist_opts *opts)
{
	sf_pending_set set = SF_PENDING_SET_INIT;
	sf_xccdfdoc d;
	int rc;

	if (sf_xccdfdoc_from_arf(&d, arf_path) < 0)
		return -1;
	rc = sf_checklist_stage(&set, &d, arf_path, ckl_path, cklb_path, opts);
	sf_xccdfdoc_release(&d);
	/* both are complete: only now does either replace an earlier file */
	if (rc == 0)
		rc = sf_pending_set_commit(&set);
	sf_pending_set_release(&set);
	return rc;
}

int sf_checklist_stage(sf_pending_set *set, const sf_xccdfdoc *d,
                       const char *arf_path, const char *ckl_path,
                       const char *cklb_path, sf_checklist_opts *opts)
{
	sf_pending_file ckl = SF_PENDING_FILE_INIT, cklb = SF_PENDING_FILE_INIT;
	char *ckl_to = NULL, *cklb_to = NULL;
	sf_checklist cl;
	int rc;

	if (!ckl_path && !cklb_path)
		return sf_error_set("no checklist asked for: name a CKL or a "
		                    "CKLB file");
	if (sf_checklist_opts_check(opts) < 0)
		return -1;
	rc = sf_checklist_read(&cl, d, arf_path, opts);
	if (rc == 0 && ckl_path) {
		ckl_to = resolve(ckl_path, &cl, "ckl");
		rc = stage(&ckl, ckl_to, &cl, sf_ckl_make);
	}
	if (rc == 0 && cklb_path) {
		cklb_to = resolve(cklb_path, &cl, "cklb");
		rc = stage(&cklb, cklb_to, &cl, sf_cklb_make);
	}
	if (rc == 0 && ckl_path)
		rc = sf_pending_set_take(set, &ckl);
	if (rc == 0 && cklb_path)
		rc = sf_pending_set_take(set, &cklb);
	if (rc == 0 && opts) {
		sf_checklist_opts_release(opts);
		opts->ckl_written = ckl_to;
		opts->cklb_written = cklb_to;
		ckl_to = cklb_to = NULL;
	}
	free(ckl_to);
	free(cklb_to);
	sf_pending_file_release(&ckl);
	sf_pending_file_release(&cklb);
	sf_checklist_release(&cl);
	return rc;
}

/* ---- the options ---- */

/* STIG Viewer's roles of an asset. */
static const char *const roles[] = {"None", "Workstation", "Member Server",
                                    "Domain Controller"};

int sf_checklist_opts_check(const sf_checklist_opts *o)
{
	size_t i;

	if (!o)
		return 0;
	for (i = 0; o->role && i < SF_NELEM(roles); i++)
		if (!strcmp(o->role, roles[i]))
			break;
	if (o->role && i == SF_NELEM(roles))
		return sf_error_set(
		    "the role '%s' is not one of STIG Viewer's: "
		    "None, Workstation, Member Server, Domain "
		    "Controller",
		    o->role);
	if (!o->web_or_database && (o->web_db_site || o->web_db_instance))
		return sf_error_set("a web or database site or instance "
		                    "needs --web-or-database");
	if (o->stig) {
		/* before a scan: its release is checked once the ARF is made */
		FILE *f = fopen(o->stig, "rb");

		if (!f)
			return sf_error_set("cannot read DISA's XCCDF '%s': %s",
			                    o->stig, strerror(errno));
		fclose(f);
	}
	return 0;
}

void sf_checklist_opts_release(sf_checklist_opts *o)
{
	if (!o)
		return;
	free(o->ckl_written);
	free(o->cklb_written);
	o->ckl_written = o->cklb_written = NULL;
}
