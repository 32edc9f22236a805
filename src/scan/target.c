#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scan/target.h"
#include "util/error.h"
#include "util/json.h"
#include "util/jsonread.h"

/* The longest target name taken: what checklists and STIG Manager keep. */
#define MAX_NAME 255

int sf_target_given(const sf_target_opts *o)
{
	return o && (o->name || o->fqdn || o->nips || o->nmacs);
}

static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

int sf_target_check(const sf_target_opts *o)
{
	size_t i;

	if (!o)
		return 0;
	if (o->name && (!*o->name || strlen(o->name) > MAX_NAME ||
	                !printable(o->name)))
		return sf_error_set("--target-name takes a name of 1 to %d "
		                    "printable characters, not '%s'",
		                    MAX_NAME, o->name);
	if (o->fqdn && !sf_host_is_fqdn(o->fqdn))
		return sf_error_set("--target-fqdn takes a fully qualified "
		                    "name (such as web01.example.mil) or an "
		                    "IP address, not '%s'",
		                    o->fqdn);
	for (i = 0; i < o->nips; i++) {
		if (!sf_host_ip_version(o->ips[i]))
			return sf_error_set("--target-ip takes an IPv4 or "
			                    "IPv6 address, not '%s'",
			                    o->ips[i]);
		if (sf_host_ip_loopback(o->ips[i]))
			return sf_error_set("--target-ip '%s' is a loopback "
			                    "address, which is no asset's "
			                    "address",
			                    o->ips[i]);
	}
	for (i = 0; i < o->nmacs; i++)
		if (!sf_host_is_mac(o->macs[i]))
			return sf_error_set("--target-mac takes a MAC address "
			                    "(six pairs of hex digits, such as "
			                    "02:00:00:00:00:0A), not '%s'",
			                    o->macs[i]);
	return 0;
}

/* A MAC as the reports write it: upper case, with colons. */
static char *mac_text(const char *mac)
{
	char *m = sf_xstrdup(mac), *p;

	for (p = m; *p; p++)
		*p = *p == '-' ? ':' : (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);
	return m;
}

/* The options over what t says: the name, FQDN and addresses given
 * replace t's. */
static void apply(sf_host *t, const sf_target_opts *o)
{
	size_t i, n;

	if (!sf_target_given(o))
		return;
	if (o->name) {
		free(t->hostname);
		t->hostname = sf_xstrdup(o->name);
	}
	if (o->fqdn || o->name) {
		/* a dotted name is its own FQDN, unless one is given */
		int dotted = o->name && sf_host_is_fqdn(o->name) &&
		             !sf_host_ip_version(o->name);

		free(t->fqdn);
		t->fqdn = sf_xstrdup(o->fqdn ? o->fqdn : dotted ? o->name : "");
	}
	if (!o->nips && !o->nmacs)
		return;
	for (i = 0; i < t->nifs; i++) {
		free(t->ifs[i].name);
		free(t->ifs[i].address);
		free(t->ifs[i].mac);
	}
	t->nifs = 0;
	n = o->nips > o->nmacs ? o->nips : o->nmacs;
	for (i = 0; i < n; i++) {
		char *mac = mac_text(i < o->nmacs ? o->macs[i] : "");

		sf_host_add_address(t, i < o->nips ? o->ips[i] : "", mac);
		free(mac);
	}
}

void sf_target_of_options(sf_host *t, const sf_target_opts *o)
{
	if (o && o->example) {
		sf_host_named(t, SF_TARGET_EXAMPLE, "example");
		return;
	}
	sf_host_named(t, SF_TARGET_EVIDENCE,
	              o && o->name ? o->name : "unknown");
	apply(t, o);
}

/* The first label of a host name. */
static size_t label_len(const char *s)
{
	return strcspn(s, ".");
}

static int same_host(const char *a, const char *b)
{
	size_t n = label_len(a);

	return n == label_len(b) && !strncasecmp(a, b, n);
}

/* "tcp://host:port" or "ssh://user@host:port" → host (brackets of an
 * IPv6 address dropped). */
static char *url_host(const char *url)
{
	const char *p = strstr(url, "://"), *end, *at;

	p = p ? p + 3 : url;
	at = strchr(p, '@');
	if (at && at < p + strcspn(p, "/"))
		p = at + 1;
	if (*p == '[') {
		end = strchr(++p, ']');
		return end ? sf_xstrndup(p, (size_t)(end - p)) : sf_xstrdup("");
	}
	end = p + strcspn(p, ":/");
	return sf_xstrndup(p, (size_t)(end - p));
}

static void set(char **dst, const char *v)
{
	free(*dst);
	*dst = sf_xstrdup(v ? v : "unknown");
}

static void engine_os(sf_host *t, const sf_engine_info *e)
{
	const char *slash = e->os ? strchr(e->os, '/') : NULL;

	set(&t->os_name, e->operating_system);
	set(&t->os_version, "");
	if (slash && slash[1] && strcmp(slash + 1, "?"))
		set(&t->arch, slash + 1);
	free(t->kernel);
	t->kernel = e->kernel ? sf_xstrdup(e->kernel) : NULL;
}

void sf_target_of_engine(sf_host *t, const sf_engine_info *e,
                         const sf_target_opts *o, sf_buf *warning)
{
	int local = !strncmp(e->host, "unix://", 7);
	char *host;

	if (local) {
		sf_host_gather(t);
		if (!e->name || same_host(e->name, t->hostname)) {
			apply(t, o);
			return;
		}
		sf_buf_printf(warning,
		              "%sthe Docker engine at %s calls its host '%s', "
		              "and this host is '%s': the results are "
		              "attributed to '%s', whose addresses are not "
		              "known (--target-ip names them).",
		              warning->len ? " " : "", e->host, e->name,
		              t->hostname, e->name);
		sf_host_release(t);
	}
	host = url_host(e->host);
	sf_host_named(t, SF_TARGET_ENGINE,
	              e->name && *e->name ? e->name : host);
	if (sf_host_is_fqdn(t->hostname) && !sf_host_ip_version(t->hostname))
		set(&t->fqdn, t->hostname);
	else if (!local && sf_host_is_fqdn(host) && !sf_host_ip_version(host))
		set(&t->fqdn, host);
	if (!local && e->peer && !sf_host_ip_loopback(e->peer))
		sf_host_add_address(t, e->peer, "");
	engine_os(t, e);
	free(host);
	apply(t, o);
}

static void record_kv(sf_buf *b, const char *key, const char *v, int *first)
{
	if (!v || !*v || !strcmp(v, "unknown"))
		return;
	sf_buf_puts(b, *first ? "" : ",");
	*first = 0;
	sf_json_escape(b, key, strlen(key));
	sf_buf_putc(b, ':');
	sf_json_escape(b, v, strlen(v));
}

void sf_target_record(const sf_host *t, const sf_engine_info *e, sf_buf *out)
{
	int first = 1, f2;
	size_t i;

	sf_buf_putc(out, '{');
	record_kv(out, "Kind", t->kind, &first);
	record_kv(out, "Name", t->hostname, &first);
	record_kv(out, "FQDN", t->fqdn, &first);
	if (t->nifs) {
		sf_buf_puts(out, ",\"Addresses\":[");
		for (i = 0; i < t->nifs; i++) {
			f2 = 1;
			sf_buf_puts(out, i ? ",{" : "{");
			record_kv(out, "IP", t->ifs[i].address, &f2);
			record_kv(out, "MAC", t->ifs[i].mac, &f2);
			sf_buf_putc(out, '}');
		}
		sf_buf_putc(out, ']');
	}
	if (strcmp(t->kind, SF_TARGET_EXAMPLE)) {
		record_kv(out, "OS", t->os_name, &first);
		record_kv(out, "OSVersion", t->os_version, &first);
		record_kv(out, "Arch", t->arch, &first);
		record_kv(out, "Kernel", t->kernel, &first);
	}
	if (e) {
		record_kv(out, "EngineID", e->id, &first);
		record_kv(out, "EngineName", e->name, &first);
		record_kv(out, "EngineVersion", e->version, &first);
		record_kv(out, "EngineEdition", e->edition, &first);
	}
	sf_buf_putc(out, '}');
}

/* What a record says, read back. */
typedef struct record {
	char *kind, *name, *fqdn, *os, *os_version, *arch, *kernel;
	char *ip, *mac; /* of the address being read */
	sf_host *t;
} record;

static char **slot(record *r, const char *key, size_t depth)
{
	static const struct {
		const char *key;
		size_t at;
	} top[] = {
	    {"Kind", offsetof(record, kind)},
	    {"Name", offsetof(record, name)},
	    {"FQDN", offsetof(record, fqdn)},
	    {"OS", offsetof(record, os)},
	    {"OSVersion", offsetof(record, os_version)},
	    {"Arch", offsetof(record, arch)},
	    {"Kernel", offsetof(record, kernel)},
	};
	size_t i;

	if (depth == 3)
		return !strcmp(key, "IP")    ? &r->ip
		       : !strcmp(key, "MAC") ? &r->mac
		                             : NULL;
	for (i = 0; depth == 1 && i < sizeof(top) / sizeof(top[0]); i++)
		if (!strcmp(key, top[i].key))
			return (char **)((char *)r + top[i].at);
	return NULL;
}

static void end_address(record *r)
{
	if (r->ip && sf_host_ip_version(r->ip) && !sf_host_ip_loopback(r->ip))
		sf_host_add_address(r->t, r->ip,
		                    r->mac && sf_host_is_mac(r->mac) ? r->mac
		                                                     : "");
	free(r->ip);
	free(r->mac);
	r->ip = r->mac = NULL;
}

static int read_record(record *r, const char *json)
{
	FILE *in = fmemopen((void *)json, strlen(json), "r");
	sf_jsonread jr;
	sf_jtok t;
	char **dst = NULL;
	int rc = 0;

	if (!in)
		return sf_error_set("cannot read the recorded target");
	sf_jsonread_init(&jr, in, "the evidence's Scapforge.Target");
	while ((rc = sf_jsonread_next(&jr, &t)) == 0 && t.kind != SF_JTOK_END) {
		size_t depth = sf_jsonread_depth(&jr);

		if (t.kind == SF_JTOK_KEY) {
			dst = slot(r, t.text, depth);
			continue;
		}
		if (t.kind == SF_JTOK_STRING && dst && !*dst)
			*dst = sf_xstrdup(t.text);
		else if (t.kind == SF_JTOK_OBJECT_END && depth == 2)
			end_address(r);
		else if (t.kind != SF_JTOK_STRING && depth == 0 &&
		         t.kind != SF_JTOK_OBJECT_END)
			rc = sf_error_set("the evidence's Scapforge.Target is "
			                  "not an object");
		dst = NULL;
		if (rc < 0)
			break;
	}
	sf_jsonread_release(&jr);
	fclose(in);
	return rc;
}

int sf_target_of_evidence(sf_host *t, const sf_evidence *ev, sf_buf *warning)
{
	record r;
	int rc;

	memset(&r, 0, sizeof(r));
	if (!ev->recorded_target || *ev->recorded_target != '{') {
		sf_host_named(t, SF_TARGET_UNKNOWN, "unknown");
		if (ev->target_mixed || ev->recorded_target)
			sf_buf_printf(warning,
			              "%sthe containers of this evidence do "
			              "not record one same target: the "
			              "results are attributed to 'unknown' "
			              "(--target-name names the target).",
			              warning->len ? " " : "");
		else
			sf_buf_printf(warning,
			              "%sthe evidence does not say which host "
			              "it is of: the results are attributed "
			              "to 'unknown' (--target-name names the "
			              "target).",
			              warning->len ? " " : "");
		return 0;
	}
	sf_host_named(t, SF_TARGET_EVIDENCE, "unknown");
	r.t = t;
	rc = read_record(&r, ev->recorded_target);
	if (rc == 0 && r.kind && !strcmp(r.kind, SF_TARGET_EXAMPLE)) {
		sf_host_release(t);
		sf_host_named(t, SF_TARGET_EXAMPLE, "example");
	} else if (rc == 0) {
		if (r.name && *r.name && strlen(r.name) <= MAX_NAME &&
		    printable(r.name))
			set(&t->hostname, r.name);
		if (r.fqdn && sf_host_is_fqdn(r.fqdn))
			set(&t->fqdn, r.fqdn);
		if (r.os)
			set(&t->os_name, r.os);
		if (r.os_version)
			set(&t->os_version, r.os_version);
		if (r.arch)
			set(&t->arch, r.arch);
		if (r.kernel)
			t->kernel = sf_xstrdup(r.kernel);
	}
	free(r.kind);
	free(r.name);
	free(r.fqdn);
	free(r.os);
	free(r.os_version);
	free(r.arch);
	free(r.kernel);
	free(r.ip);
	free(r.mac);
	if (rc < 0)
		sf_host_release(t);
	return rc;
}

void sf_target_of_data_root(sf_host *t, int local, const sf_target_opts *o,
                            const char *root, sf_buf *warning)
{
	if (local) {
		sf_host_gather(t);
		apply(t, o);
		return;
	}
	if (sf_target_given(o)) {
		sf_target_of_options(t, o);
		return;
	}
	sf_host_named(t, SF_TARGET_UNKNOWN, "unknown");
	sf_buf_printf(warning,
	              "%sthe data root %s may be any host's (a disk image "
	              "mounted here, say): the results are attributed to "
	              "'unknown' (--target-name names the host).",
	              warning->len ? " " : "", root);
}
