/*
 * The checklists' entry points: the ARF read into an sf_checklist (its
 * Benchmark, the STIG information, the asset, the checklist's ID), each
 * asked-for format made from it, and the files staged together.
 */
#include <stdlib.h>
#include <string.h>

#include "report/arf.h"
#include "report/checklist.h"
#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/sha256.h"
#include "util/xmlq.h"

/* ---- reading the ARF ---- */

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

static int load(sf_checklist *cl, const char *path)
{
	xmlNodePtr root;
	char *bid;

	if (sf_arf_load(&cl->doc, &cl->tr, path) < 0)
		return -1;
	root = xmlDocGetRootElement(cl->doc);
	bid = sf_xml_prop(sf_xml_child(cl->tr, "benchmark"), "id");
	cl->bench = sf_checklist_find(sf_xml_child(root, "report-requests"),
	                              "Benchmark", *bid ? bid : NULL);
	if (!cl->bench)
		sf_error_set("the ARF '%s' does not hold the XCCDF Benchmark "
		             "'%s' its TestResult was made with",
		             path, bid);
	free(bid);
	return cl->bench ? 0 : -1;
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

/* ---- the asset ---- */

static int any_value(const char *v)
{
	return *v != '\0';
}

static int not_loopback(const char *ip)
{
	return *ip && strncmp(ip, "127.", 4) && strcmp(ip, "::1");
}

static int useful_mac(const char *mac)
{
	return *mac && strspn(mac, "0:-.") != strlen(mac);
}

/* The first fact named name whose value ok accepts, or NULL. */
static char *fact(xmlNodePtr tr, const char *name, int (*ok)(const char *))
{
	xmlNodePtr f = sf_xml_child(sf_xml_child(tr, "target-facts"), "fact");

	for (; f; f = sf_xml_next(f, "fact")) {
		char *n = sf_xml_prop(f, "name"), *v;
		int named = !strcmp(n, name);

		free(n);
		if (!named)
			continue;
		v = sf_xml_text(f);
		if (ok(v))
			return v;
		free(v);
	}
	return NULL;
}

char *sf_checklist_fact(xmlNodePtr tr, const char *name)
{
	return fact(tr, name, any_value);
}

/* A host identifier fact under the name OpenSCAP or SCC gives it. */
static char *host_fact(xmlNodePtr tr, const char *what, int (*ok)(const char *))
{
	static const char *const prefixes[] = {
	    "urn:xccdf:fact:asset:identifier:",
	    "urn:scap:fact:asset:identifier:"};
	sf_buf name = SF_BUF_INIT;
	char *v = NULL;
	size_t i;

	for (i = 0; i < SF_NELEM(prefixes) && !v; i++) {
		sf_buf_clear(&name);
		sf_buf_printf(&name, "%s%s", prefixes[i], what);
		v = fact(tr, sf_buf_cstr(&name), ok);
	}
	sf_buf_release(&name);
	return v;
}

static char *or_empty(char *s)
{
	return s ? s : sf_xstrdup("");
}

/* The first non-loopback IPv4 address, else the first address. */
static char *host_ip(xmlNodePtr tr)
{
	char *ip = host_fact(tr, "ipv4", not_loopback);

	if (ip)
		return ip;
	ip = sf_xml_text(sf_xml_child(tr, "target-address"));
	if (*ip)
		return ip;
	free(ip);
	ip = host_fact(tr, "ipv4", any_value);
	return or_empty(ip ? ip : host_fact(tr, "ipv6", any_value));
}

static void read_asset(sf_checklist *cl)
{
	char **a = cl->asset, *name = host_fact(cl->tr, "host_name", any_value);

	a[SF_ASSET_HOST_NAME] =
	    name ? name : sf_xml_text(sf_xml_child(cl->tr, "target"));
	a[SF_ASSET_HOST_IP] = host_ip(cl->tr);
	a[SF_ASSET_HOST_MAC] = or_empty(host_fact(cl->tr, "mac", useful_mac));
	a[SF_ASSET_HOST_FQDN] = or_empty(host_fact(cl->tr, "fqdn", any_value));
	a[SF_ASSET_TARGET_KEY] =
	    sf_xstrdup(cl->nv ? cl->v[0].f[SF_FIELD_TARGET_KEY] : "");
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

static void read_stig_info(sf_checklist *cl, const char *arf_path)
{
	xmlNodePtr b = cl->bench;
	const char *base = strrchr(arf_path, '/');
	char **si = cl->si, *id = sf_xml_prop(b, "id"), uuid[37];

	si[SF_SI_VERSION] = sf_xml_text(sf_xml_child(b, "version"));
	si[SF_SI_CLASSIFICATION] = sf_xstrdup("UNCLASSIFIED");
	si[SF_SI_CUSTOMNAME] = sf_xstrdup("");
	si[SF_SI_STIGID] = sf_xstrdup(sf_checklist_after(id, "_benchmark_"));
	si[SF_SI_DESCRIPTION] = sf_xml_text(sf_xml_child(b, "description"));
	/* the STIG was read from the ARF, which carries the data stream */
	si[SF_SI_FILENAME] = sf_xstrdup(base ? base + 1 : arf_path);
	si[SF_SI_RELEASEINFO] = plain_text(b, "release-info");
	si[SF_SI_TITLE] = sf_xml_text(sf_xml_child(b, "title"));
	sf_checklist_uuid(uuid, id, si[SF_SI_VERSION], si[SF_SI_RELEASEINFO]);
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

/* The ARF is read at where; arf_path is its name in the checklist. */
static int checklist_read(sf_checklist *cl, const char *where,
                          const char *arf_path)
{
	sf_buf title = SF_BUF_INIT;

	memset(cl, 0, sizeof(*cl));
	if (load(cl, where) < 0)
		return -1;
	read_stig_info(cl, arf_path);
	read_identity(cl);
	cl->warning = sf_checklist_warning(cl->tr);
	cl->comments = sf_xstrdup(""); /* the assessor's */
	sf_checklist_read_vulns(cl);
	read_asset(cl);
	sf_buf_printf(&title, "%s - %s", cl->asset[SF_ASSET_HOST_NAME],
	              cl->si[SF_SI_TITLE]);
	cl->title = sf_buf_detach(&title);
	return 0;
}

static void checklist_release(sf_checklist *cl)
{
	size_t i;

	for (i = 0; i < cl->nv; i++)
		sf_checklist_vuln_release(&cl->v[i]);
	free(cl->v);
	sf_checklist_free_all(cl->asset, SF_ASSET_COUNT);
	sf_checklist_free_all(cl->si, SF_SI_COUNT);
	free(cl->warning);
	free(cl->comments);
	free(cl->title);
	xmlFreeDoc(cl->doc);
}

/* ---- writing ---- */

/* Makes a checklist into a temporary file beside path (a folder in the
 * way is refused there). */
static int stage(sf_pending_file *pf, const char *path, const sf_checklist *cl,
                 int (*make)(const sf_checklist *, sf_buf *))
{
	sf_buf out = SF_BUF_INIT;
	int rc;

	rc = make(cl, &out);
	if (rc == 0)
		rc = sf_pending_file_write(pf, path, out.ptr ? out.ptr : "",
		                           out.len);
	sf_buf_release(&out);
	return rc;
}

int sf_checklist_write(const char *arf_path, const char *ckl_path,
                       const char *cklb_path)
{
	sf_pending_set set = SF_PENDING_SET_INIT;
	int rc;

	rc = sf_checklist_stage(&set, arf_path, ckl_path, cklb_path);
	/* both are complete: only now does either replace an earlier file */
	if (rc == 0)
		rc = sf_pending_set_commit(&set);
	sf_pending_set_release(&set);
	return rc;
}

int sf_checklist_stage(sf_pending_set *set, const char *arf_path,
                       const char *ckl_path, const char *cklb_path)
{
	sf_pending_file ckl = SF_PENDING_FILE_INIT, cklb = SF_PENDING_FILE_INIT;
	sf_checklist cl;
	int rc;

	if (!ckl_path && !cklb_path)
		return sf_error_set("no checklist asked for: name a CKL or a "
		                    "CKLB file");
	rc = checklist_read(&cl, sf_pending_set_where(set, arf_path), arf_path);
	if (rc == 0 && ckl_path)
		rc = stage(&ckl, ckl_path, &cl, sf_ckl_make);
	if (rc == 0 && cklb_path)
		rc = stage(&cklb, cklb_path, &cl, sf_cklb_make);
	if (rc == 0 && ckl_path)
		rc = sf_pending_set_take(set, &ckl);
	if (rc == 0 && cklb_path)
		rc = sf_pending_set_take(set, &cklb);
	sf_pending_file_release(&ckl);
	sf_pending_file_release(&cklb);
	checklist_release(&cl);
	return rc;
}
