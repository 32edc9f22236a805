/*
 * The engine to reach, resolved as the docker CLI resolves it: the
 * options, then the environment, then the docker context store, then the
 * default socket. Everything is checked here, before any request, so that
 * a typo in a file name is said as such and not as an engine that fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/endpoint.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/jsontree.h"
#include "util/sha256.h"

#define DEFAULT_HOST "unix:///var/run/docker.sock"

const char *sf_transport_name(sf_transport t)
{
	switch (t) {
	case SF_TRANSPORT_UNIX:
		return "unix";
	case SF_TRANSPORT_TCP:
		return "tcp";
	case SF_TRANSPORT_TLS:
		return "tls";
	case SF_TRANSPORT_SSH:
		return "ssh";
	}
	return "?";
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The docker CLI's folder: DOCKER_CONFIG, else ~/.docker ($HOME, else
 * the user's home from the password database). */
static char *config_dir(void)
{
	const char *home = env("DOCKER_CONFIG");
	struct passwd *pw;
	sf_buf b = SF_BUF_INIT;

	if (home)
		return sf_xstrdup(home);
	home = env("HOME");
	if (!home && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	sf_buf_printf(&b, "%s/.docker", home ? home : "");
	return sf_buf_detach(&b);
}

static char *join(const char *dir, const char *name)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "%s/%s", dir, name);
	return sf_buf_detach(&b);
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* A TLS file must be a readable file now: said before any request, with
 * where its name came from. */
static int readable(const char *path, const char *what, const char *from)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return sf_error_set("cannot read %s '%s' (%s): %s", what, path,
		                    from, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sf_error_set("cannot read %s '%s' (%s): not a file",
		                    what, path, from);
	}
	close(fd);
	return 0;
}

/* "host[:port]" of a tcp:// or https:// URL: a port is added when none
 * is given (the docker CLI's 2375, 2376 with TLS). */
static int tcp_authority(sf_endpoint *e, const char *url, const char *rest)
{
	size_t n = strcspn(rest, "/?#");
	const char *close = rest[0] == '[' ? memchr(rest, ']', n) : NULL;
	const char *colon = close ? (close[1] == ':' ? close + 1 : NULL)
	                          : memchr(rest, ':', n);
	sf_buf b = SF_BUF_INIT;

	if (!n || (rest[0] == '[' && !close) || (colon && colon + 1 == rest + n))
		return sf_error_set("Docker host '%s' names no host: use "
		                    "tcp://host:port",
		                    url);
	if (rest[n] && strcmp(rest + n, "/"))
		return sf_error_set("Docker host '%s' has a path: a Docker "
		                    "host URL is tcp://host:port",
		                    url);
	if (memchr(rest, '@', n))
		return sf_error_set("Docker host '%s' holds a user name: a "
		                    "tcp:// engine has none",
		                    url);
	sf_buf_printf(&b, "%s://%.*s",
	              e->transport == SF_TRANSPORT_TLS ? "https" : "http",
	              (int)n, rest);
	if (!colon)
		sf_buf_puts(&b, e->transport == SF_TRANSPORT_TLS ? ":2376"
		                                                 : ":2375");
	e->url = sf_buf_detach(&b);
	return 0;
}

/* ssh://[user@]host[:port], as the docker CLI takes it: no password, no
 * path. */
static int ssh_authority(sf_endpoint *e, const char *url, const char *rest)
{
	size_t n = strcspn(rest, "/?#");
	const char *at = memchr(rest, '@', n), *h = at ? at + 1 : rest;
	const char *end = rest + n, *colon;

	if (rest[n] && strcmp(rest + n, "/"))
		return sf_error_set("Docker host '%s' has a path: use "
		                    "ssh://[user@]host[:port]",
		                    url);
	if (at && memchr(rest, ':', (size_t)(at - rest)))
		return sf_error_set("Docker host '%s' holds a password: ssh "
		                    "takes none in the URL, use a key",
		                    url);
	if (at && at == rest)
		return sf_error_set("Docker host '%s' has an empty user name",
		                    url);
	colon = memchr(h, ':', (size_t)(end - h));
	if (h == (colon ? colon : end))
		return sf_error_set("Docker host '%s' names no host: use "
		                    "ssh://[user@]host[:port]",
		                    url);
	if (colon && (colon + 1 == end ||
	              strspn(colon + 1, "0123456789") != (size_t)(end - colon - 1)))
		return sf_error_set("Docker host '%s' has a port that is not "
		                    "a number",
		                    url);
	if (*h == '-')
		return sf_error_set("Docker host '%s' names a host that "
		                    "begins with '-'",
		                    url);
	e->ssh_user = at ? sf_xstrndup(rest, (size_t)(at - rest)) : NULL;
	e->ssh_host = sf_xstrndup(h, (size_t)((colon ? colon : end) - h));
	e->ssh_port = colon ? sf_xstrndup(colon + 1, (size_t)(end - colon - 1))
	                    : NULL;
	e->url = sf_xstrdup("http://localhost");
	return 0;
}

/* The URL's transport; tls: whatever the options or the context say,
 * for tcp:// (https:// is always TLS). */
static int parse_host(sf_endpoint *e, const char *url, int tls)
{
	if (!strncmp(url, "unix://", 7)) {
		if (!url[7])
			return sf_error_set("Docker host '%s' names no "
			                    "socket: use "
			                    "unix:///path/to/docker.sock",
			                    url);
		e->transport = SF_TRANSPORT_UNIX;
		e->socket = sf_xstrdup(url + 7);
		e->url = sf_xstrdup("http://localhost");
		return 0;
	}
	if (!strncmp(url, "tcp://", 6) || !strncmp(url, "http://", 7)) {
		e->transport = tls ? SF_TRANSPORT_TLS : SF_TRANSPORT_TCP;
		return tcp_authority(e, url, strstr(url, "://") + 3);
	}
	if (!strncmp(url, "https://", 8)) {
		e->transport = SF_TRANSPORT_TLS;
		return tcp_authority(e, url, url + 8);
	}
	if (!strncmp(url, "ssh://", 6)) {
		e->transport = SF_TRANSPORT_SSH;
		return ssh_authority(e, url, url + 6);
	}
	return sf_error_set("unsupported Docker host '%s': use "
	                    "unix:///path/to/docker.sock, tcp://host:port, "
	                    "https://host:port or ssh://[user@]host[:port]",
	                    url);
}

/* One TLS file: the option's, else the default one (when it exists, or
 * when required, to say it is missing). */
static int tls_file(char **out, const char *given, const char *dir,
                    const char *name, const char *what, const char *from,
                    int required)
{
	char *path = given ? sf_xstrdup(given) : join(dir, name);

	if (!given && !required && !exists(path)) {
		free(path);
		return 0;
	}
	if (readable(path, what, from) < 0) {
		free(path);
		return -1;
	}
	*out = path;
	return 0;
}

static int tls_files(sf_endpoint *e, const sf_endpoint_opts *o,
                     const char *dir, const char *from, int ca_required)
{
	const char *f = from;

	if (tls_file(&e->cacert, o->tlscacert, dir, "ca.pem",
	             "the TLS CA certificate", o->tlscacert ? "--tlscacert" : f,
	             ca_required) < 0 ||
	    tls_file(&e->cert, o->tlscert, dir, "cert.pem",
	             "the TLS client certificate",
	             o->tlscert ? "--tlscert" : f, 0) < 0 ||
	    tls_file(&e->key, o->tlskey, dir, "key.pem", "the TLS client key",
	             o->tlskey ? "--tlskey" : f, 0) < 0)
		return -1;
	if (!e->cert != !e->key)
		return sf_error_set(
		    "a TLS client certificate needs its key: '%s' has no %s",
		    e->cert ? e->cert : e->key,
		    e->cert ? "key (--tlskey, or key.pem beside it)"
		            : "certificate (--tlscert, or cert.pem beside it)");
	return 0;
}

/* The default context: the options and the environment, as the docker
 * CLI takes them (--tlsverify or DOCKER_TLS_VERIFY imply TLS, and so does
 * any TLS file named; verifying needs the CA; the client certificate and
 * key are sent when they are there). */
static int from_options(sf_endpoint *e, const sf_endpoint_opts *o,
                        const char *cfg)
{
	const char *host = o->host && *o->host ? o->host : env("DOCKER_HOST");
	const char *certs = env("DOCKER_CERT_PATH");
	int files = o->tlscacert || o->tlscert || o->tlskey;
	/* a CA named is a CA to verify with: never dropped silently */
	int verify = o->tlsverify || o->tlscacert || env("DOCKER_TLS_VERIFY");
	int tls = o->tls || env("DOCKER_TLS") || verify || files;
	sf_buf from = SF_BUF_INIT;
	int rc;

	e->host = sf_xstrdup(host ? host : DEFAULT_HOST);
	if (parse_host(e, e->host, tls) < 0)
		return -1;
	if (e->transport != SF_TRANSPORT_TCP && e->transport != SF_TRANSPORT_TLS &&
	    (o->tls || o->tlsverify || files))
		return sf_error_set("--tls, --tlsverify, --tlscacert, "
		                    "--tlscert and --tlskey are for tcp:// and "
		                    "https:// engines, not '%s'",
		                    e->host);
	if (e->transport != SF_TRANSPORT_TLS)
		return 0;
	/* https:// verifies unless --tls alone says not to */
	if (!strncmp(e->host, "https://", 8) && !(o->tls && !verify))
		verify = 1;
	e->verify = verify;
	if (certs)
		sf_buf_printf(&from, "DOCKER_CERT_PATH");
	else
		sf_buf_printf(&from, "the default of DOCKER_CERT_PATH");
	rc = tls_files(e, o, certs ? certs : cfg, sf_buf_cstr(&from),
	               verify && strncmp(e->host, "https://", 8));
	sf_buf_release(&from);
	if (rc == 0 && !verify) {
		free(e->cacert);
		e->cacert = NULL; /* not used when not verifying */
	}
	return rc;
}

/* A docker context's name, as the docker CLI allows them. */
static int context_name_ok(const char *name)
{
	size_t i;

	if (!name[0] || !strchr("abcdefghijklmnopqrstuvwxyz"
	                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
	                        name[0]))
		return 0;
	for (i = 1; name[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
		            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-",
		            name[i]))
			return 0;
	return 1;
}

/* The context config.json names as current, or NULL (no file, or none
 * named). */
static int current_context(const char *cfg, char **out)
{
	char *path = join(cfg, "config.json");
	sf_buf text = SF_BUF_INIT;
	sf_jtree *t = NULL;
	const sf_jtree *v;
	int rc = 0;

	*out = NULL;
	if (!exists(path))
		goto done;
	rc = sf_file_read(path, &text) < 0 ||
	             sf_jtree_parse(&t, path, text.ptr, text.len) < 0
	         ? -1
	         : 0;
	v = rc == 0 ? sf_jtree_get(t, "currentContext") : NULL;
	if (v && v->kind != SF_JTREE_STRING)
		rc = sf_error_set("'%s': \"currentContext\" is not a string",
		                  path);
	else if (v && *v->str)
		*out = sf_xstrdup(v->str);
done:
	sf_jtree_free(t);
	sf_buf_release(&text);
	free(path);
	return rc;
}

/* A context of the docker CLI's store: its meta.json, under the SHA-256
 * of its name, gives the host; its TLS folder, the files. */
static int from_context(sf_endpoint *e, const char *name, const char *cfg)
{
	sf_sha256 h;
	char id[65], *meta_path, *tls_dir;
	sf_buf b = SF_BUF_INIT, text = SF_BUF_INIT;
	sf_jtree *t = NULL;
	const sf_jtree *docker, *skip;
	const char *host, *meta_name;
	int rc = -1, skip_verify, has_tls;
	sf_endpoint_opts none = {0};

	sf_sha256_init(&h);
	sf_sha256_update(&h, name, strlen(name));
	sf_sha256_hex(&h, id);
	sf_buf_printf(&b, "%s/contexts/meta/%s/meta.json", cfg, id);
	meta_path = sf_buf_detach(&b);
	sf_buf_printf(&b, "%s/contexts/tls/%s/docker", cfg, id);
	tls_dir = sf_buf_detach(&b);
	e->context = sf_xstrdup(name);
	if (!context_name_ok(name) || !exists(meta_path)) {
		sf_error_set("docker context '%s' not found: there is no '%s'",
		             name, meta_path);
		goto done;
	}
	if (sf_file_read(meta_path, &text) < 0 ||
	    sf_jtree_parse(&t, meta_path, text.ptr, text.len) < 0)
		goto done;
	meta_name = sf_jtree_str(t, "Name");
	docker = sf_jtree_get(sf_jtree_get(t, "Endpoints"), "docker");
	host = sf_jtree_str(docker, "Host");
	skip = sf_jtree_get(docker, "SkipTLSVerify");
	if (!meta_name || strcmp(meta_name, name)) {
		sf_error_set("docker context '%s': '%s' is about another "
		             "context (its \"Name\" is not '%s')",
		             name, meta_path, name);
		goto done;
	}
	if (!host || !*host) {
		sf_error_set("docker context '%s' names no Docker engine: "
		             "'%s' has no Endpoints.docker.Host",
		             name, meta_path);
		goto done;
	}
	if (skip && skip->kind != SF_JTREE_TRUE && skip->kind != SF_JTREE_FALSE) {
		sf_error_set("docker context '%s': Endpoints.docker."
		             "SkipTLSVerify in '%s' is not true or false",
		             name, meta_path);
		goto done;
	}
	skip_verify = skip && skip->kind == SF_JTREE_TRUE;
	/* as the docker CLI: TLS when the context has TLS files or says
	 * not to verify */
	sf_buf_printf(&b, "docker context '%s'", name);
	has_tls = exists(tls_dir);
	e->host = sf_xstrdup(host);
	if (parse_host(e, host, has_tls || skip_verify) < 0 ||
	    (e->transport == SF_TRANSPORT_TLS &&
	     tls_files(e, &none, tls_dir, sf_buf_cstr(&b), 0) < 0))
		goto done;
	e->verify = e->transport == SF_TRANSPORT_TLS && !skip_verify;
	rc = 0;
done:
	sf_buf_release(&b);
	sf_buf_release(&text);
	sf_jtree_free(t);
	free(meta_path);
	free(tls_dir);
	return rc;
}

int sf_endpoint_resolve(sf_endpoint *out, const sf_endpoint_opts *o)
{
	static const sf_endpoint_opts none = {0};
	const char *name = NULL;
	char *cfg = config_dir(), *current = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!o)
		o = &none;
	/* the docker CLI's order: --context, then --host, DOCKER_HOST,
	 * DOCKER_CONTEXT, config.json's currentContext */
	if (o->context && *o->context) {
		if (o->host && *o->host) {
			sf_error_set("--context and --docker-host both name "
			             "the engine: give one of them");
			goto done;
		}
		name = o->context;
	} else if (!(o->host && *o->host) && !env("DOCKER_HOST")) {
		name = env("DOCKER_CONTEXT");
		if (!name && current_context(cfg, &current) < 0)
			goto done;
		if (!name)
			name = current;
	}
	if (name && strcmp(name, "default")) {
		if (o->tls || o->tlsverify || o->tlscacert || o->tlscert ||
		    o->tlskey) {
			sf_error_set("docker context '%s' has its own TLS "
			             "files: --tls, --tlsverify, --tlscacert, "
			             "--tlscert and --tlskey go with "
			             "--docker-host",
			             name);
			goto done;
		}
		rc = from_context(out, name, cfg);
	} else
		rc = from_options(out, o, cfg);
done:
	if (rc < 0)
		sf_endpoint_release(out);
	free(current);
	free(cfg);
	return rc;
}

void sf_endpoint_release(sf_endpoint *e)
{
	free(e->host);
	free(e->context);
	free(e->url);
	free(e->socket);
	free(e->cacert);
	free(e->cert);
	free(e->key);
	free(e->ssh_user);
	free(e->ssh_host);
	free(e->ssh_port);
	memset(e, 0, sizeof(*e));
}
