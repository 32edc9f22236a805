/*
 * A checklist's asset: whom the results are about, as the ARF says it
 * (its TestResult's target, addresses and facts), and what the officer
 * says of it on the command line (role, technology area, marking...).
 * The FQDN and MAC are only ever what SAF and STIG Manager accept: a
 * dotted DNS name or an IP address, six pairs of hex digits.
 */
#include <stdlib.h>
#include <string.h>

#include "report/checklist_int.h"
#include "util/buf.h"
#include "util/host.h"
#include "util/xmlq.h"

/* STIG Manager's names for the facts it maps to the asset. */
#define SM_FACT "tag:stig-manager@users.noreply.github.com,2020:asset:"

static int any_value(const char *v)
{
	return *v != '\0';
}

static int usable_ipv4(const char *ip)
{
	return sf_host_ip_version(ip) == 4 && !sf_host_ip_loopback(ip);
}

static int usable_ipv6(const char *ip)
{
	return sf_host_ip_version(ip) == 6 && !sf_host_ip_loopback(ip);
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

/* A host identifier fact under the name OpenSCAP, SCC or STIG Manager
 * (sm: whether it has one) gives it. */
static char *host_fact(xmlNodePtr tr, const char *what, int sm,
                       int (*ok)(const char *))
{
	static const char *const prefixes[] = {
	    "urn:xccdf:fact:asset:identifier:",
	    "urn:scap:fact:asset:identifier:", SM_FACT};
	sf_buf name = SF_BUF_INIT;
	char *v = NULL;
	size_t i;

	for (i = 0; i < SF_NELEM(prefixes) - !sm && !v; i++) {
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

/* <sf:target> of the scan's metadata, or NULL. */
static xmlNodePtr target_meta(xmlNodePtr tr)
{
	return sf_xml_child(sf_xml_child(sf_xml_child(tr, "metadata"), "scan"),
	                    "target");
}

/* The first target-address that ok accepts, or NULL. */
static char *address(xmlNodePtr tr, int (*ok)(const char *))
{
	xmlNodePtr a = sf_xml_child(tr, "target-address");

	for (; a; a = sf_xml_next(a, "target-address")) {
		char *ip = sf_xml_text(a);

		if (ok(ip))
			return ip;
		free(ip);
	}
	return NULL;
}

static int usable_ip(const char *ip)
{
	return usable_ipv4(ip) || usable_ipv6(ip);
}

/* The primary address: the first target-address that is not loopback
 * (the ARF lists the primary first), else the first address fact. */
static char *primary_ip(xmlNodePtr tr)
{
	char *ip = address(tr, usable_ip);

	if (!ip)
		ip = host_fact(tr, "ipv4", 0, usable_ipv4);
	return or_empty(ip ? ip : host_fact(tr, "ipv6", 0, usable_ipv6));
}

/* The MAC of the interface of ip, else the first MAC fact. */
static char *mac_of(xmlNodePtr tr, const char *ip)
{
	xmlNodePtr a = sf_xml_child(target_meta(tr), "address");

	for (; *ip && a; a = sf_xml_next(a, "address")) {
		char *at = sf_xml_prop(a, "ip"), *mac = sf_xml_prop(a, "mac");
		int hit = !strcmp(at, ip) && sf_host_mac_useful(mac);

		free(at);
		if (hit)
			return mac;
		free(mac);
	}
	return or_empty(host_fact(tr, "mac", 1, sf_host_mac_useful));
}

static char *fqdn_of(xmlNodePtr tr)
{
	char *v = host_fact(tr, "fqdn", 1, sf_host_is_fqdn);

	if (!v) {
		v = sf_xml_prop(target_meta(tr), "fqdn");
		if (!sf_host_is_fqdn(v)) {
			free(v);
			v = NULL;
		}
	}
	return or_empty(v);
}

int sf_checklist_example(xmlNodePtr tr)
{
	char *kind = sf_checklist_fact(tr, "urn:scapforge:fact:target:kind");
	int example;

	if (!kind)
		kind = sf_xml_prop(target_meta(tr), "kind");
	example = !strcmp(kind, "example");
	free(kind);
	return example;
}

static char *opt(const char *v, const char *dflt)
{
	return sf_xstrdup(v ? v : dflt);
}

/* The marking: opts', else the one the scan was given. */
static char *marking(xmlNodePtr tr, const sf_checklist_opts *o)
{
	if (o && o->marking)
		return sf_xstrdup(o->marking);
	return sf_xml_prop(sf_xml_child(sf_xml_child(tr, "metadata"), "scan"),
	                   "marking");
}

void sf_checklist_read_asset(sf_checklist *cl, const sf_checklist_opts *o)
{
	char **a = cl->asset,
	     *name = sf_xml_text(sf_xml_child(cl->tr, "target"));

	if (!*name) {
		free(name);
		name = or_empty(host_fact(cl->tr, "host_name", 0, any_value));
	}
	a[SF_ASSET_ROLE] = opt(o ? o->role : NULL, "None");
	a[SF_ASSET_TYPE] = sf_xstrdup("Computing");
	a[SF_ASSET_MARKING] = marking(cl->tr, o);
	a[SF_ASSET_HOST_NAME] = cl->example ? sf_xstrdup("example") : name;
	if (cl->example) {
		free(name);
		a[SF_ASSET_HOST_IP] = sf_xstrdup("");
		a[SF_ASSET_HOST_MAC] = sf_xstrdup("");
		a[SF_ASSET_HOST_FQDN] = sf_xstrdup("");
	} else {
		a[SF_ASSET_HOST_IP] = primary_ip(cl->tr);
		a[SF_ASSET_HOST_MAC] = mac_of(cl->tr, a[SF_ASSET_HOST_IP]);
		a[SF_ASSET_HOST_FQDN] = fqdn_of(cl->tr);
	}
	a[SF_ASSET_TARGET_COMMENT] = opt(o ? o->target_comment : NULL, "");
	a[SF_ASSET_TECH_AREA] = opt(o ? o->tech_area : NULL, "");
	a[SF_ASSET_TARGET_KEY] =
	    sf_xstrdup(cl->nv ? cl->v[0].f[SF_FIELD_TARGET_KEY] : "");
	a[SF_ASSET_WEB_OR_DATABASE] =
	    sf_xstrdup(o && o->web_or_database ? "true" : "false");
	a[SF_ASSET_WEB_DB_SITE] = opt(o ? o->web_db_site : NULL, "");
	a[SF_ASSET_WEB_DB_INSTANCE] = opt(o ? o->web_db_instance : NULL, "");
}

/* s with every byte but letters, digits, '.', '-' and '_' made '_', and
 * no leading dot: safe as part of a file name. */
static void put_safe(sf_buf *b, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		         (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		         (c == '.' && (i || b->len));

		sf_buf_putc(b, ok ? c : '_');
	}
}

char *sf_checklist_file_name(const sf_checklist *cl, const char *ext)
{
	const char *host = cl->asset[SF_ASSET_HOST_NAME];
	char *release = sf_checklist_release_id(cl->si[SF_SI_VERSION],
	                                        cl->si[SF_SI_RELEASEINFO]);
	sf_buf b = SF_BUF_INIT;

	put_safe(&b, *host ? host : "unknown");
	sf_buf_putc(&b, '_');
	put_safe(&b, cl->si[SF_SI_STIGID]);
	sf_buf_putc(&b, '_');
	put_safe(&b, release);
	sf_buf_printf(&b, ".%s", ext);
	free(release);
	return sf_buf_detach(&b);
}
