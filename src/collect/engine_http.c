#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collect/docker.h"
#include "collect/engine_http.h"
#include "collect/engine_ssh.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/error.h"

/* A container's inspect document is a few KB; refuse what is absurd. */
#define MAX_BODY (64u << 20)
/* One request may take this long (ms), within the collection's deadline. */
#define REQUEST_MS 120000L

/*
 * libcurl is loaded when an engine is first asked, not at start: its
 * dependencies (TLS, HTTP/2, LDAP, Kerberos...) cost about 6 MB of memory
 * that a scan of saved evidence never needs.
 */
static struct {
	void *handle;
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	char *(*easy_escape)(CURL *, const char *, int);
	const char *(*easy_strerror)(CURLcode);
	void (*free)(void *);
} lc;

static int load(void **fn, const char *name)
{
	*fn = dlsym(lc.handle, name);
	return *fn ? 0 : -1;
}

static int load_libcurl(void)
{
	if (lc.free)
		return 0;
	if (!lc.handle)
		lc.handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!lc.handle || load((void **)&lc.easy_init, "curl_easy_init") < 0 ||
	    load((void **)&lc.easy_setopt, "curl_easy_setopt") < 0 ||
	    load((void **)&lc.easy_perform, "curl_easy_perform") < 0 ||
	    load((void **)&lc.easy_getinfo, "curl_easy_getinfo") < 0 ||
	    load((void **)&lc.easy_cleanup, "curl_easy_cleanup") < 0 ||
	    load((void **)&lc.easy_escape, "curl_easy_escape") < 0 ||
	    load((void **)&lc.easy_strerror, "curl_easy_strerror") < 0 ||
	    load((void **)&lc.free, "curl_free") < 0) {
		lc.free = NULL;
		return sf_error_set(
		    "cannot load libcurl (libcurl.so.4): %s; "
		    "install Debian's libcurl4 to scan an "
		    "engine, or scan a saved file with --evidence",
		    dlerror());
	}
	return 0;
}


static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
	sf_engine_conn *c = ctx;

	if (c->body.len + size * n > MAX_BODY) {
		c->too_big = 1;
		return 0;
	}
	sf_buf_put(&c->body, data, size * n);
	return size * n;
}

/* ssh: libcurl connects to a unix socket we listen on, whose accepted
 * end is the standard input and output of an ssh program running
 * `docker system dial-stdio` on the engine's host. libcurl keeps the
 * connection for the next request (keep-alive) or closes it, and then
 * the next request starts another ssh. */
static int ssh_start(void *ctx, char *ip, char *local, int port,
                     int local_port)
{
	sf_engine_conn *c = ctx;
	curl_socket_t fd = CURL_SOCKET_BAD;

	(void)ip;
	(void)local;
	(void)port;
	(void)local_port;
	lc.easy_getinfo(c->curl, CURLINFO_ACTIVESOCKET, &fd);
	return sf_ssh_link_start(c->ssh, (int)fd) < 0 ? CURL_PREREQFUNC_ABORT
	                                              : CURL_PREREQFUNC_OK;
}

static int ssh_close(void *ctx, curl_socket_t fd)
{
	sf_ssh_link_closed(ctx, fd);
	return 0;
}

/* TLS as the endpoint says: the CA to verify with (else the system's),
 * the client certificate and key when there are some, or no
 * verification at all when --tls alone was given. */
static void set_tls(sf_engine_conn *c, const sf_endpoint *ep)
{
	lc.easy_setopt(c->curl, CURLOPT_SSL_VERIFYPEER, ep->verify ? 1L : 0L);
	lc.easy_setopt(c->curl, CURLOPT_SSL_VERIFYHOST, ep->verify ? 2L : 0L);
	if (ep->cacert)
		lc.easy_setopt(c->curl, CURLOPT_CAINFO, ep->cacert);
	if (ep->cert) {
		lc.easy_setopt(c->curl, CURLOPT_SSLCERT, ep->cert);
		lc.easy_setopt(c->curl, CURLOPT_SSLKEY, ep->key);
	}
}

int sf_engine_conn_open(sf_engine_conn *c, const sf_endpoint *ep)
{
	memset(c, 0, sizeof(*c));
	c->ep = ep;
	c->host = ep->host;
	if (load_libcurl() < 0)
		return -1;
	c->curl = lc.easy_init();
	if (!c->curl)
		return sf_error_set("cannot start libcurl");
	c->base = sf_xstrdup(ep->url);
	lc.easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	lc.easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_data);
	lc.easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	lc.easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, 10L);
	lc.easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR,
	               ep->transport == SF_TRANSPORT_TLS ? "https" : "http");
	if (ep->transport == SF_TRANSPORT_UNIX)
		lc.easy_setopt(c->curl, CURLOPT_UNIX_SOCKET_PATH, ep->socket);
	else if (ep->transport == SF_TRANSPORT_TLS)
		set_tls(c, ep);
	else if (ep->transport == SF_TRANSPORT_SSH) {
		if (sf_ssh_link_open(&c->ssh, ep) < 0)
			return -1;
		lc.easy_setopt(c->curl, CURLOPT_ABSTRACT_UNIX_SOCKET,
		               sf_ssh_link_name(c->ssh));
		lc.easy_setopt(c->curl, CURLOPT_PREREQFUNCTION, ssh_start);
		lc.easy_setopt(c->curl, CURLOPT_PREREQDATA, c);
		lc.easy_setopt(c->curl, CURLOPT_CLOSESOCKETFUNCTION, ssh_close);
		lc.easy_setopt(c->curl, CURLOPT_CLOSESOCKETDATA, c->ssh);
	}
	return 0;
}

void sf_engine_conn_close(sf_engine_conn *c)
{
	if (c->curl)
		lc.easy_cleanup(c->curl); /* closes the ssh connection too */
	sf_ssh_link_free(c->ssh);
	free(c->base);
	sf_buf_release(&c->body);
}

/* What to do about a failed connection, in the user's words; *unreachable
 * is set when no engine is there for this user (no socket, nothing
 * listening, permission denied), as opposed to a wrong path or an engine
 * that misbehaves. */
static const char *advice(const sf_engine_conn *c, CURLcode rc, long os_errno,
                          int *unreachable)
{
	struct stat st;

	*unreachable = 0;
	if (rc != CURLE_COULDNT_CONNECT)
		return rc == CURLE_OPERATION_TIMEDOUT
		           ? "the engine did not answer in time"
		           : "the engine went away or answered something that is not HTTP";
	/* connect() says "refused" for a path that is not a socket too. */
	if (os_errno != ENOENT && os_errno != EACCES &&
	    !strncmp(c->host, "unix://", 7) && stat(c->host + 7, &st) == 0 &&
	    !S_ISSOCK(st.st_mode))
		return S_ISDIR(st.st_mode)
		           ? "that is a directory, not a socket: set DOCKER_HOST or --docker-host to the engine's socket, or scan a saved file with --evidence"
		           : "that is not a socket: set DOCKER_HOST or --docker-host to the engine's socket, or scan a saved file with --evidence";
	*unreachable = 1;
	if (os_errno == ENOENT)
		return "no socket there: is dockerd running? set DOCKER_HOST or --docker-host, or scan a saved file with --evidence";
	if (os_errno == EACCES)
		return "permission denied: run as root or as a member of the docker group";
	return "the engine refused the connection: is dockerd running?";
}

/* Whether a JSON body begins with ch ('{' for an object, '[' for an
 * array): YAML, which parses it, would take most text for a string. */
int sf_engine_body_starts(const sf_buf *b, char ch)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (!strchr(" \t\r\n", b->ptr[i]))
			return b->ptr[i] == ch;
	return 0;
}

/* Text from the engine on one line of at most about 200 bytes, with
 * control characters (which could drive the terminal) as spaces. */
void sf_engine_one_line(sf_buf *b, const char *s)
{
	for (; *s && b->len < 200; s++) {
		int space = (unsigned char)*s <= 0x20 || *s == 0x7f;

		if (!space)
			sf_buf_putc(b, *s);
		else if (b->len && b->ptr[b->len - 1] != ' ')
			sf_buf_putc(b, ' ');
	}
	while (b->len && b->ptr[b->len - 1] == ' ')
		b->ptr[--b->len] = '\0';
}

/* Why the engine says a request failed, on one line: the message of its
 * JSON error ({"message": ...}), else the start of what it sent. */
static char *reason(const sf_engine_conn *c)
{
	sf_ypath *yp;
	sf_yvalues v;
	sf_buf b = SF_BUF_INIT;
	const char *s = NULL;

	memset(&v, 0, sizeof(v));
	if (sf_engine_body_starts(&c->body, '{') &&
	    sf_ypath_parse(&yp, ".message") == 0) {
		if (sf_ypath_eval_string(c->body.ptr, c->body.len, &yp, 1,
		                         &v) == 0 &&
		    !v.error && v.count && v.v[0].text)
			s = v.v[0].text;
		sf_ypath_free(yp);
	}
	sf_engine_one_line(&b, s ? s : sf_buf_cstr(&c->body));
	sf_yvalues_release(&v);
	return sf_buf_detach(&b);
}

long long sf_engine_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libcurl's own words on the last failure: its error buffer, which says
 * what the TLS library found, else the code's general text. */
static const char *curl_says(const sf_engine_conn *c, CURLcode rc)
{
	return c->errbuf[0] ? c->errbuf : lc.easy_strerror(rc);
}

/* A TLS failure is never an engine that is not there (no fallback, no
 * plain text): it is said with libcurl's reason and what to check. */
static int tls_failed(sf_engine_conn *c, CURLcode rc, const char *path)
{
	const sf_endpoint *ep = c->ep;

	if (ep->transport != SF_TRANSPORT_TLS)
		return 0;
	if (rc == CURLE_PEER_FAILED_VERIFICATION) {
		sf_error_set(
		    "cannot get %s from the Docker engine at %s: its TLS certificate does not verify: %s; check that %s%s%s signed it for this host name or address",
		    path, c->host, curl_says(c, rc),
		    ep->cacert ? "the CA certificate '" : "one of the system's CAs",
		    ep->cacert ? ep->cacert : "", ep->cacert ? "'" : "");
		return 1;
	}
	if (rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CERTPROBLEM ||
	    rc == CURLE_SSL_CIPHER || rc == CURLE_SSL_CACERT_BADFILE ||
	    rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_CLIENTCERT ||
	    /* an alert from the engine (a client certificate refused),
	     * not an engine that went away */
	    ((rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR) &&
	     strstr(c->errbuf, "SSL"))) {
		sf_error_set(
		    "cannot get %s from the Docker engine at %s: TLS failed: %s; check the client certificate and key (an engine run with --tlsverify wants ones its CA signed)",
		    path, c->host, curl_says(c, rc));
		return 1;
	}
	return 0;
}

/* ssh, once it has ended, says why it failed ("Permission denied",
 * "Connection refused"): that is the reason, not libcurl's empty reply. */
static int ssh_failed(sf_engine_conn *c, const char *path)
{
	sf_buf why = SF_BUF_INIT;
	long long left = c->deadline - sf_engine_now_ms();

	if (!sf_ssh_link_failure(c->ssh, left < 2000 ? left : 2000, &why)) {
		sf_buf_release(&why);
		return 0;
	}
	sf_error_set("cannot get %s from the Docker engine at %s: %s", path,
	             c->host, sf_buf_cstr(&why));
	sf_buf_release(&why);
	return 1;
}

/* The deadline has passed: say how far the collection got. */
static int out_of_time(const sf_engine_conn *c)
{
	sf_buf b = SF_BUF_INIT;

	if (c->listed)
		sf_buf_printf(&b, "%zu of %zu container%s inspected",
		              c->inspected, c->total, c->total == 1 ? "" : "s");
	else
		sf_buf_puts(&b, "no container inspected");
	sf_error_set(
	    "the Docker engine at %s did not finish answering within %ld second%s (%s): raise --collect-timeout or scan a saved file with --evidence",
	    c->host, c->timeout, c->timeout == 1 ? "" : "s", b.ptr);
	sf_buf_release(&b);
	return -1;
}

/* GET path; on success the body is in c->body and the status is 200
 * (or 404 when allow_404 is set and *gone is then 1). Returns
 * SF_DOCKER_UNREACHABLE when the connection found no engine. */
int sf_engine_conn_get(sf_engine_conn *c, const char *path, int allow_404,
                       int *gone)
{
	sf_buf url = SF_BUF_INIT;
	long status = 0, os_errno = 0;
	long long left = c->deadline - sf_engine_now_ms(), limit;
	int unreachable;
	const char *what;
	CURLcode rc;

	if (gone)
		*gone = 0;
	if (left <= 0)
		return out_of_time(c);
	/* the request ends with the collection's time, or sooner */
	limit = left < REQUEST_MS ? left : REQUEST_MS;
	lc.easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, (long)limit);
	sf_buf_clear(&c->body);
	c->too_big = 0;
	c->errbuf[0] = '\0';
	sf_buf_printf(&url, "%s%s", c->base, path);
	lc.easy_setopt(c->curl, CURLOPT_URL, url.ptr);
	rc = lc.easy_perform(c->curl);
	sf_buf_release(&url);
	if (c->too_big)
		return sf_error_set(
		    "the Docker engine at %s sent more than %u MB for GET %s",
		    c->host, MAX_BODY >> 20, path);
	if (rc == CURLE_OPERATION_TIMEDOUT && limit == left)
		return out_of_time(c);
	if (rc != CURLE_OK && c->ssh && ssh_failed(c, path))
		return -1;
	if (rc != CURLE_OK && tls_failed(c, rc, path))
		return -1;
	if (rc != CURLE_OK) {
		lc.easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
		what = advice(c, rc, os_errno, &unreachable);
		sf_error_set(
		    "cannot get %s from the Docker engine at %s: %s; %s", path,
		    c->host, lc.easy_strerror(rc), what);
		return unreachable ? SF_DOCKER_UNREACHABLE : -1;
	}
	lc.easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status == 404 && allow_404) {
		*gone = 1;
		return 0;
	}
	if (status != 200) {
		char *why = reason(c);

		/* Go's TLS server says so to a plain request */
		int tls = status == 400 && strstr(why, "HTTPS server");

		sf_error_set(
		    "the Docker engine at %s answered %ld to GET %s%s%s%s",
		    c->host, status, path, *why ? ": " : "", why,
		    tls ? "; it speaks TLS: give --tlsverify and its CA (--tlscacert), or DOCKER_TLS_VERIFY=1"
		        : "");
		free(why);
		return -1;
	}
	return 0;
}

char *sf_engine_conn_peer(sf_engine_conn *c)
{
	char *ip = NULL;

	/* over ssh, libcurl's peer is the socket handed to it */
	if (c->ssh || !c->curl || lc.easy_getinfo(c->curl, CURLINFO_PRIMARY_IP, &ip) !=
	                    CURLE_OK ||
	    !ip || !*ip)
		return NULL;
	return sf_xstrdup(ip);
}

char *sf_engine_conn_escape(sf_engine_conn *c, const char *s)
{
	char *esc = lc.easy_escape(c->curl, s, 0);
	char *copy = esc ? sf_xstrdup(esc) : NULL;

	if (esc)
		lc.free(esc);
	return copy;
}
