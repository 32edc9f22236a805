/*
 * The hosts of a fleet scan (fleet.h): the hosts file, names, folders.
 */
#include <stdlib.h>
#include <string.h>

#include "scan/fleet.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

/* The longest name and folder taken, in bytes. */
#define MAX_NAME 128

static const char *const schemes[] = {"unix://", "tcp://", "https://", "ssh://",
                                      NULL};

/* The scheme's length when url has one we reach and something after
 * it, else 0. */
static size_t scheme_of(const char *url)
{
	size_t i, n;

	for (i = 0; schemes[i]; i++) {
		n = strlen(schemes[i]);
		if (!strncmp(url, schemes[i], n) && url[n])
			return n;
	}
	return 0;
}

/* What a name is called when the user gave none: host[:port] of a TCP
 * or ssh URL (no user@, no path), the socket's file name of a unix one. */
static char *derive_name(const char *url, size_t scheme)
{
	const char *s = url + scheme, *at, *end;

	if (!strncmp(url, "unix://", 7)) {
		const char *slash = strrchr(s, '/');
		size_t n;

		s = slash ? slash + 1 : s;
		n = strlen(s);
		if (n > 5 && !strcmp(s + n - 5, ".sock"))
			n -= 5;
		return sf_xstrndup(s, n);
	}
	end = s + strcspn(s, "/?#");
	at = memchr(s, '@', (size_t)(end - s));
	if (at)
		s = at + 1;
	return sf_xstrndup(s, (size_t)(end - s));
}

/* A name as a folder: letters, digits, '.', '-' and '_' kept, any other
 * byte '_', so that no name can climb out of the results folder or
 * need quoting; a leading '.' (".", "..", hidden) becomes '_' too. */
static char *folder_of(const char *name)
{
	char *f = sf_xstrdup(name), *p;

	for (p = f; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		      (*p == '.' && p != f)))
			*p = '_';
	return f;
}

int sf_fleet_add(sf_fleet *f, const char *url, const char *name,
                 const char *tls_dir)
{
	size_t scheme = scheme_of(url), i;
	sf_fleet_host h;

	if (!scheme)
		return sf_error_set("'%s' is not an engine URL: unix:///path, "
		                    "tcp://host:port, https://host:port or "
		                    "ssh://[user@]host",
		                    url);
	memset(&h, 0, sizeof(h));
	h.name = name ? sf_xstrdup(name) : derive_name(url, scheme);
	if (!*h.name || strlen(h.name) > MAX_NAME) {
		sf_error_set("'%s': a host's name has 1 to %d bytes (give "
		             "name=NAME)",
		             url, MAX_NAME);
		free(h.name);
		return -1;
	}
	h.folder = folder_of(h.name);
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->hosts[i].name, h.name) ||
		    !strcmp(f->hosts[i].folder, h.folder)) {
			int same = !strcmp(f->hosts[i].name, h.name);

			sf_error_set("two hosts are named '%s'%s (give each a "
			             "name=NAME of its own)",
			             same ? h.name : h.folder,
			             same ? "" : " as a folder");
			free(h.name);
			free(h.folder);
			return -1;
		}
	h.url = sf_xstrdup(url);
	if (tls_dir) {
		h.tls_dir = sf_xstrdup(tls_dir);
		h.cacert = sf_path_join(tls_dir, "ca.pem");
		h.cert = sf_path_join(tls_dir, "cert.pem");
		h.key = sf_path_join(tls_dir, "key.pem");
	}
	f->hosts = sf_xrealloc(f->hosts, (f->n + 1) * sizeof(*f->hosts));
	f->hosts[f->n++] = h;
	return 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* One line (without its newline): its words, a '#' word ending it. */
static int parse_line(sf_fleet *f, const char *file, size_t lineno,
                      const char *line, size_t len)
{
	const char *url = NULL, *key, *val;
	char *words[3] = {NULL, NULL, NULL}, *name = NULL, *tls = NULL;
	size_t at = 0, col_url = 0, nw = 0, start;
	int rc = -1, is_name, is_tls;

	for (;;) {
		while (at < len && blank(line[at]))
			at++;
		if (at == len || line[at] == '#')
			break;
		start = at;
		while (at < len && !blank(line[at]))
			at++;
		if (nw == 3) {
			sf_error_set("%s:%zu:%zu: more than a URL, name= and "
			             "tls=",
			             file, lineno, start + 1);
			goto done;
		}
		words[nw] = sf_xstrndup(line + start, at - start);
		if (nw++ == 0) {
			url = words[0];
			col_url = start + 1;
			if (!scheme_of(url)) {
				sf_error_set(
				    "%s:%zu:%zu: '%s' is not an engine "
				    "URL (unix:///path, tcp://host:port, "
				    "https://host:port or ssh://[user@]host)",
				    file, lineno, col_url, url);
				goto done;
			}
			continue;
		}
		key = words[nw - 1];
		val = strchr(key, '=');
		is_name = val && val - key == 4 && !strncmp(key, "name", 4);
		is_tls = val && val - key == 3 && !strncmp(key, "tls", 3);
		if ((is_name && name) || (is_tls && tls)) {
			sf_error_set("%s:%zu:%zu: '%s': %s= is given twice",
			             file, lineno, start + 1, key,
			             is_name ? "name" : "tls");
			goto done;
		}
		if ((!is_name && !is_tls) || !val[1]) {
			sf_error_set(
			    "%s:%zu:%zu: '%s' is neither name=NAME nor "
			    "tls=DIR",
			    file, lineno, start + 1, key);
			goto done;
		}
		if (is_name)
			name = (char *)val + 1;
		else
			tls = (char *)val + 1;
	}
	if (!url) {
		rc = 0; /* blank or a comment */
		goto done;
	}
	if (sf_fleet_add(f, url, name, tls) < 0) {
		char *why = sf_xstrdup(sf_error_last());

		sf_error_set("%s:%zu:%zu: %s", file, lineno, col_url, why);
		free(why);
		goto done;
	}
	rc = 0;
done:
	while (nw)
		free(words[--nw]);
	return rc;
}

int sf_fleet_parse(sf_fleet *f, const char *file, const char *text, size_t len)
{
	size_t at = 0, lineno = 1, n;
	const char *nl;

	while (at < len) {
		nl = memchr(text + at, '\n', len - at);
		n = nl ? (size_t)(nl - text - at) : len - at;
		if (memchr(text + at, '\0', n))
			return sf_error_set(
			    "%s:%zu:%zu: a NUL byte", file, lineno,
			    (size_t)((const char *)memchr(text + at, '\0', n) -
			             text - at) +
			        1);
		if (parse_line(f, file, lineno, text + at, n) < 0)
			return -1;
		at += n + (nl != NULL);
		lineno++;
	}
	if (!f->n)
		return sf_error_set("%s: names no host", file);
	return 0;
}

void sf_fleet_endpoint(const sf_fleet_host *h, sf_endpoint_opts *e)
{
	e->host = h->url;
	if (h->tls_dir) {
		e->tlsverify = 1;
		e->tlscacert = h->cacert;
		e->tlscert = h->cert;
		e->tlskey = h->key;
	}
}

void sf_fleet_host_clear(sf_fleet_host *h)
{
	size_t i, k;

	for (i = 0; i < h->nrules; i++) {
		sf_fleet_rule *r = &h->rules[i];

		for (k = 0; k < r->noffenders; k++) {
			free(r->offenders[k].id);
			free(r->offenders[k].name);
		}
		free(r->offenders);
		free(r->stig_id);
		free(r->rule_id);
		free(r->result);
	}
	free(h->rules);
	h->rules = NULL;
	h->nrules = 0;
	free(h->error);
	free(h->engine_name);
	free(h->engine_id);
	free(h->engine_version);
	h->error = h->engine_name = h->engine_id = h->engine_version = NULL;
	h->containers = 0;
	h->status = SF_FLEET_PENDING;
	h->exit_status = 0;
}

void sf_fleet_release(sf_fleet *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		sf_fleet_host *h = &f->hosts[i];

		sf_fleet_host_clear(h);
		free(h->name);
		free(h->folder);
		free(h->url);
		free(h->tls_dir);
		free(h->cacert);
		free(h->cert);
		free(h->key);
	}
	free(f->hosts);
	f->hosts = NULL;
	f->n = 0;
}

const char *sf_fleet_status_name(sf_fleet_status s)
{
	switch (s) {
	case SF_FLEET_PASS:
		return "pass";
	case SF_FLEET_FINDING:
		return "finding";
	case SF_FLEET_ERROR:
		return "error";
	default:
		return "pending";
	}
}
