#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collect/docker.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

#define DEFAULT_HOST "unix:///var/run/docker.sock"
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

typedef struct conn {
	CURL *curl;
	const char *host;
	char *base; /* "http://localhost" or "http://host:port" */
	sf_buf body;
	int too_big;
	long long deadline; /* of the whole collection, ms (monotonic) */
	long timeout;       /* the same, in seconds from the start */
	int listed;         /* the list is in: inspected and total count */
	size_t inspected, total;
} conn;

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
	conn *c = ctx;

	if (c->body.len + size * n > MAX_BODY) {
		c->too_big = 1;
		return 0;
	}
	sf_buf_put(&c->body, data, size * n);
	return size * n;
}

static int open_conn(conn *c, const char *host)
{
	sf_buf base = SF_BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->host = host;
	if (load_libcurl() < 0)
		return -1;
	c->curl = lc.easy_init();
	if (!c->curl)
		return sf_error_set("cannot start libcurl");
	if (!strncmp(host, "unix://", 7) && host[7]) {
		lc.easy_setopt(c->curl, CURLOPT_UNIX_SOCKET_PATH, host + 7);
		sf_buf_puts(&base, "http://localhost");
	} else if (!strncmp(host, "tcp://", 6)) {
		sf_buf_printf(&base, "http://%s", host + 6);
	} else {
		return sf_error_set(
		    "unsupported Docker host '%s': use unix:///path/to/docker.sock or tcp://host:port",
		    host);
	}
	c->base = sf_buf_detach(&base);
	lc.easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_data);
	lc.easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	lc.easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT, 10L);
	lc.easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	lc.easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http");
	return 0;
}

static void close_conn(conn *c)
{
	if (c->curl)
		lc.easy_cleanup(c->curl);
	free(c->base);
	sf_buf_release(&c->body);
}

/* What to do about a failed connection, in the user's words; *unreachable
 * is set when no engine is there for this user (no socket, nothing
 * listening, permission denied), as opposed to a wrong path or an engine
 * that misbehaves. */
static const char *advice(const conn *c, CURLcode rc, long os_errno,
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
static int starts_with(const sf_buf *b, char ch)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (!strchr(" \t\r\n", b->ptr[i]))
			return b->ptr[i] == ch;
	return 0;
}

/* Text from the engine on one line of at most about 200 bytes, with
 * control characters (which could drive the terminal) as spaces. */
static void one_line(sf_buf *b, const char *s)
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
static char *reason(const conn *c)
{
	sf_ypath *yp;
	sf_yvalues v;
	sf_buf b = SF_BUF_INIT;
	const char *s = NULL;

	memset(&v, 0, sizeof(v));
	if (starts_with(&c->body, '{') &&
	    sf_ypath_parse(&yp, ".message") == 0) {
		if (sf_ypath_eval_string(c->body.ptr, c->body.len, &yp, 1,
		                         &v) == 0 &&
		    !v.error && v.count && v.v[0].text)
			s = v.v[0].text;
		sf_ypath_free(yp);
	}
	one_line(&b, s ? s : sf_buf_cstr(&c->body));
	sf_yvalues_release(&v);
	return sf_buf_detach(&b);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The deadline has passed: say how far the collection got. */
static int out_of_time(const conn *c)
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
static int get(conn *c, const char *path, int allow_404, int *gone)
{
	sf_buf url = SF_BUF_INIT;
	long status = 0, os_errno = 0;
	long long left = c->deadline - now_ms(), limit;
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

		sf_error_set(
		    "the Docker engine at %s answered %ld to GET %s%s%s",
		    c->host, status, path, *why ? ": " : "", why);
		free(why);
		return -1;
	}
	return 0;
}

/* The values of one path in a JSON body, which must be an object ('{')
 * or an array ('['). */
static int values(conn *c, const char *path, const char *what, char open,
                  const char *yamlpath, sf_yvalues *out)
{
	sf_ypath *yp;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sf_ypath_parse(&yp, yamlpath) < 0)
		return -1;
	rc = starts_with(&c->body, open)
	         ? sf_ypath_eval_string(c->body.ptr, c->body.len, &yp, 1, out)
	         : -1;
	sf_ypath_free(yp);
	if (rc < 0 || out->error)
		return sf_error_set(
		    "the Docker engine at %s answered GET %s with something that is not %s",
		    c->host, path, what);
	return 0;
}

/* The first value of a path in the answer to GET /version (NULL when
 * there is none). Returns -1 when that answer is not a JSON object. */
static int first(conn *c, const char *yamlpath, char **out)
{
	sf_yvalues v;
	int rc = values(c, "/version", "a JSON object", '{', yamlpath, &v);

	*out =
	    rc == 0 && v.count && v.v[0].text ? sf_xstrdup(v.v[0].text) : NULL;
	sf_yvalues_release(&v);
	return rc;
}

/* An inspect document must be a whole JSON object with an Id: an engine
 * cut short mid-answer is told apart from the evidence it would spoil.
 * And it must be the container asked for: evidence about another one,
 * however well formed, would assess a container twice and this one not
 * at all. */
static int check_container(conn *c, const char *path, const char *id)
{
	sf_yvalues v;
	sf_buf asked = SF_BUF_INIT, got = SF_BUF_INIT;
	const char *other = NULL;
	size_t i;
	int ok = values(c, path, "a container", '{', ".Id", &v) == 0 && v.count;

	for (i = 0; ok && i < v.count; i++)
		if (!v.v[i].text || !*v.v[i].text)
			ok = 0;
		else if (!other && strcmp(v.v[i].text, id))
			other = v.v[i].text;
	if (!ok) {
		sf_yvalues_release(&v);
		return sf_error_set(
		    "the Docker engine at %s answered GET %s with something that is not a container",
		    c->host, path);
	}
	if (other) {
		one_line(&asked, id);
		one_line(&got, other);
		sf_error_set(
		    "the Docker engine at %s listed container %s but answered GET %s with container %s: its answers cannot be trusted",
		    c->host, sf_buf_cstr(&asked), path, sf_buf_cstr(&got));
		sf_buf_release(&asked);
		sf_buf_release(&got);
	}
	sf_yvalues_release(&v);
	return other ? -1 : 0;
}

/* The containers of the list, each ID once, in the list's order. */
typedef struct listing {
	char **ids, **names;
	size_t count;
} listing;

static void listing_release(listing *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		free(l->ids[i]);
		free(l->names[i]);
	}
	free(l->ids);
	free(l->names);
	memset(l, 0, sizeof(*l));
}

typedef struct ranked {
	const char *id;
	size_t at;
} ranked;

static int by_id_then_place(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	int d = strcmp(x->id, y->id);

	return d ? d : (x->at > y->at) - (x->at < y->at);
}

/* Fills l from the ids and names (the first of "Names", by list item)
 * found in the list, leaving out every ID met before: an engine that
 * lists a container twice must not have it assessed twice. */
static void dedupe(listing *l, const sf_yvalues *ids, const sf_yvalues *names)
{
	ranked *r = sf_xcalloc(ids->count ? ids->count : 1, sizeof(*r));
	unsigned char *dup = sf_xcalloc(ids->count ? ids->count : 1, 1);
	size_t i, n = 0;

	for (i = 0; i < ids->count; i++) {
		r[i].id = ids->v[i].text;
		r[i].at = i;
	}
	qsort(r, ids->count, sizeof(*r), by_id_then_place);
	for (i = 1; i < ids->count; i++)
		if (!strcmp(r[i].id, r[i - 1].id))
			dup[r[i].at] = 1;
	l->ids = sf_xcalloc(ids->count ? ids->count : 1, sizeof(char *));
	l->names = sf_xcalloc(ids->count ? ids->count : 1, sizeof(char *));
	for (i = 0; i < ids->count; i++) {
		const char *name = "";

		/* both in the list's order: the name of item k, if any */
		while (n < names->count && names->v[n].item < ids->v[i].item)
			n++;
		if (n < names->count && names->v[n].item == ids->v[i].item &&
		    names->v[n].text)
			name = names->v[n].text + (names->v[n].text[0] == '/');
		if (dup[i])
			continue;
		l->ids[l->count] = sf_xstrdup(ids->v[i].text);
		l->names[l->count++] = sf_xstrdup(name);
	}
	free(r);
	free(dup);
}

/* GET /containers/json?all=1, as a listing. */
static int list_containers(conn *c, listing *out)
{
	static const char path[] = "/containers/json?all=1";
	sf_ypath *yp[2] = {NULL, NULL};
	sf_yvalues v[2];
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(v, 0, sizeof(v));
	if (get(c, path, 0, NULL) < 0)
		return -1;
	if (sf_ypath_parse(&yp[0], "[:].Id") < 0 ||
	    sf_ypath_parse(&yp[1], "[:].Names[0]") < 0)
		goto done;
	if (!starts_with(&c->body, '[') ||
	    sf_ypath_eval_string(c->body.ptr, c->body.len, yp, 2, v) < 0 ||
	    v[0].error || v[1].error) {
		sf_error_set(
		    "the Docker engine at %s answered GET %s with something that is not a list of containers",
		    c->host, path);
		goto done;
	}
	for (i = 0; i < v[0].count; i++)
		if (!v[0].v[i].text || !*v[0].v[i].text) {
			sf_error_set(
			    "the Docker engine at %s answered GET %s with a container without an Id",
			    c->host, path);
			goto done;
		}
	dedupe(out, &v[0], &v[1]);
	rc = 0;
done:
	sf_ypath_free(yp[0]);
	sf_ypath_free(yp[1]);
	sf_yvalues_release(&v[0]);
	sf_yvalues_release(&v[1]);
	return rc;
}

static void vanish(sf_engine_info *info, const char *id, const char *name)
{
	size_t n = info->vanished + 1;

	info->vanished_ids =
	    sf_xrealloc(info->vanished_ids, n * sizeof(char *));
	info->vanished_names =
	    sf_xrealloc(info->vanished_names, n * sizeof(char *));
	info->vanished_ids[info->vanished] = sf_xstrdup(id);
	info->vanished_names[info->vanished] = sf_xstrdup(name);
	info->vanished = n;
}

/* Inspects one listed container: appends its document to the evidence
 * (after *written others), or records it as vanished. */
static int inspect(conn *c, const char *id, const char *name,
                   sf_pending_file *pf, size_t *written, sf_engine_info *info)
{
	sf_buf path = SF_BUF_INIT;
	char *esc = lc.easy_escape(c->curl, id, 0);
	int rc, gone;

	sf_buf_printf(&path, "/containers/%s/json", esc ? esc : "");
	lc.free(esc);
	rc = get(c, path.ptr, 1, &gone) < 0 ? -1 : 0;
	if (rc == 0 && gone)
		vanish(info, id, name);
	else if (rc == 0)
		rc = check_container(c, path.ptr, id);
	if (rc == 0 && !gone) {
		if ((*written && sf_pending_file_append(pf, ",\n", 2) < 0) ||
		    sf_pending_file_append(pf, c->body.ptr, c->body.len) < 0)
			rc = -1;
		else
			(*written)++;
	}
	sf_buf_release(&path);
	return rc;
}

/* A few containers removed while the scan runs are normal; many mean a
 * list that does not describe the engine, whose evidence would pass
 * containers it never showed. */
static int check_vanished(const conn *c, const sf_engine_info *info)
{
	if (info->vanished * 100 <=
	        info->containers * SF_DOCKER_VANISHED_SHARE &&
	    info->vanished <= SF_DOCKER_VANISHED_MAX)
		return 0;
	return sf_error_set(
	    "%zu of %zu container%s listed by the Docker engine at %s vanished before they could be inspected (tolerated: at most %d%% and at most %d): the engine's list cannot be trusted",
	    info->vanished, info->containers, info->containers == 1 ? "" : "s",
	    c->host, SF_DOCKER_VANISHED_SHARE, SF_DOCKER_VANISHED_MAX);
}

/* GET /version: the engine's version, API version and platform. */
static int describe_engine(conn *c, sf_engine_info *info)
{
	char *os, *arch;
	sf_buf b = SF_BUF_INIT;
	/* only the first request can find no engine: a failure after it is
	 * an engine that went away */
	int rc = get(c, "/version", 0, NULL);

	if (rc < 0)
		return rc;
	if (first(c, ".Version", &info->version) < 0 ||
	    first(c, ".ApiVersion", &info->api_version) < 0)
		return -1;
	if (!info->version || !info->api_version)
		return sf_error_set(
		    "the Docker engine at %s answered GET /version without a version: is it a Docker engine?",
		    c->host);
	first(c, ".Os", &os);
	first(c, ".Arch", &arch);
	sf_buf_printf(&b, "%s/%s", os ? os : "?", arch ? arch : "?");
	info->os = sf_buf_detach(&b);
	free(os);
	free(arch);
	return 0;
}

int sf_docker_collect(const char *host, long timeout, const char *out_path,
                      sf_engine_info *info, sf_progress_fn progress, void *ctx)
{
	long long start = now_ms();
	sf_pending_file pf;
	listing list;
	conn c;
	size_t i, written = 0;
	int rc = -1;

	memset(info, 0, sizeof(*info));
	memset(&list, 0, sizeof(list));
	memset(&pf, 0, sizeof(pf));
	pf.fd = -1;
	if (!host || !*host)
		host = getenv("DOCKER_HOST");
	if (!host || !*host)
		host = DEFAULT_HOST;
	if (timeout <= 0)
		timeout = SF_DOCKER_COLLECT_TIMEOUT;
	info->host = sf_xstrdup(host);
	if (open_conn(&c, host) < 0)
		goto done;
	c.timeout = timeout;
	c.deadline = start + (long long)timeout * 1000;
	rc = describe_engine(&c, info);
	if (rc < 0)
		goto done;
	rc = -1;
	if (list_containers(&c, &list) < 0)
		goto done;
	info->containers = list.count;
	c.listed = 1;
	c.total = list.count;
	if (sf_pending_file_open(&pf, out_path) < 0 ||
	    sf_pending_file_append(&pf, "[", 1) < 0)
		goto done;
	for (i = 0; i < list.count; i++) {
		if (inspect(&c, list.ids[i], list.names[i], &pf, &written,
		            info) < 0)
			goto done;
		c.inspected++;
		if (progress)
			progress(c.inspected, c.total, ctx);
	}
	if (check_vanished(&c, info) < 0 ||
	    sf_pending_file_append(&pf, "]\n", 2) < 0 ||
	    sf_pending_file_commit(&pf) < 0)
		goto done;
	rc = 0;
done:
	sf_pending_file_release(&pf);
	listing_release(&list);
	close_conn(&c);
	if (rc < 0)
		sf_engine_info_release(info);
	return rc;
}

void sf_engine_info_release(sf_engine_info *info)
{
	size_t i;

	for (i = 0; i < info->vanished; i++) {
		free(info->vanished_ids[i]);
		free(info->vanished_names[i]);
	}
	free(info->vanished_ids);
	free(info->vanished_names);
	free(info->host);
	free(info->version);
	free(info->api_version);
	free(info->os);
	memset(info, 0, sizeof(*info));
}
