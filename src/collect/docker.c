#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "collect/docker.h"
#include "collect/engine_http.h"
#include "eval/ypath.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsio.h"

/* The values of one path in a JSON body, which must be an object ('{')
 * or an array ('['). */
static int values(sf_engine_conn *c, const char *path, const char *what, char open,
                  const char *yamlpath, sf_yvalues *out)
{
	sf_ypath *yp;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sf_ypath_parse(&yp, yamlpath) < 0)
		return -1;
	rc = sf_engine_body_starts(&c->body, open)
	         ? sf_ypath_eval_string(c->body.ptr, c->body.len, &yp, 1, out)
	         : -1;
	sf_ypath_free(yp);
	if (rc < 0 || out->error)
		return sf_error_set(
		    "the Docker engine at %s answered GET %s with something that is not %s",
		    c->host, path, what);
	return 0;
}

/* The first value of a path in the answer to GET what, the body now
 * held (NULL when there is none). Returns -1 when that answer is not a
 * JSON object. */
static int first(sf_engine_conn *c, const char *what, const char *yamlpath,
                 char **out)
{
	sf_yvalues v;
	int rc = values(c, what, "a JSON object", '{', yamlpath, &v);

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
static int check_container(sf_engine_conn *c, const char *path, const char *id)
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
		sf_engine_one_line(&asked, id);
		sf_engine_one_line(&got, other);
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
static int list_containers(sf_engine_conn *c, listing *out)
{
	static const char path[] = "/containers/json?all=1";
	sf_ypath *yp[2] = {NULL, NULL};
	sf_yvalues v[2];
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(v, 0, sizeof(v));
	if (sf_engine_conn_get(c, path, 0, NULL) < 0)
		return -1;
	if (sf_ypath_parse(&yp[0], "[:].Id") < 0 ||
	    sf_ypath_parse(&yp[1], "[:].Names[0]") < 0)
		goto done;
	if (!sf_engine_body_starts(&c->body, '[') ||
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
static int inspect(sf_engine_conn *c, const char *id, const char *name,
                   sf_pending_file *pf, size_t *written, sf_engine_info *info)
{
	sf_buf path = SF_BUF_INIT;
	char *esc = sf_engine_conn_escape(c, id);
	int rc, gone;

	sf_buf_printf(&path, "/containers/%s/json", esc ? esc : "");
	free(esc);
	rc = sf_engine_conn_get(c, path.ptr, 1, &gone) < 0 ? -1 : 0;
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
static int check_vanished(const sf_engine_conn *c, const sf_engine_info *info)
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

/* GET /info: who the engine says it is. An engine too old to answer
 * (404) says nothing; one that answers garbage cannot be trusted. */
static int identify_engine(sf_engine_conn *c, sf_engine_info *info)
{
	static const struct {
		const char *path;
		size_t at;
	} keys[] = {
	    {".Name", offsetof(sf_engine_info, name)},
	    {".ID", offsetof(sf_engine_info, id)},
	    {".OperatingSystem", offsetof(sf_engine_info, operating_system)},
	    {".OSType", offsetof(sf_engine_info, os_type)},
	    {".KernelVersion", offsetof(sf_engine_info, kernel)},
	    {".ServerVersion", offsetof(sf_engine_info, server_version)},
	};
	int gone = 0, rc = sf_engine_conn_get(c, "/info", 1, &gone);
	size_t i;

	if (rc < 0 || gone)
		return rc == SF_DOCKER_UNREACHABLE ? -1 : rc;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (first(c, "/info", keys[i].path,
		          (char **)((char *)info + keys[i].at)) < 0)
			return -1;
	info->peer = sf_engine_conn_peer(c);
	return 0;
}

/* GET /version: the engine's version, API version, edition and
 * platform. */
static int describe_engine(sf_engine_conn *c, sf_engine_info *info)
{
	char *os, *arch;
	sf_buf b = SF_BUF_INIT;
	/* only the first request can find no engine: a failure after it is
	 * an engine that went away */
	int rc = sf_engine_conn_get(c, "/version", 0, NULL);

	if (rc < 0)
		return rc;
	if (first(c, "/version", ".Version", &info->version) < 0 ||
	    first(c, "/version", ".ApiVersion", &info->api_version) < 0)
		return -1;
	if (!info->version || !info->api_version)
		return sf_error_set(
		    "the Docker engine at %s answered GET /version without a version: is it a Docker engine?",
		    c->host);
	first(c, "/version", ".Platform.Name", &info->edition);
	first(c, "/version", ".Os", &os);
	first(c, "/version", ".Arch", &arch);
	sf_buf_printf(&b, "%s/%s", os ? os : "?", arch ? arch : "?");
	info->os = sf_buf_detach(&b);
	free(os);
	free(arch);
	return identify_engine(c, info);
}

int sf_docker_collect(const sf_endpoint_opts *where, long timeout,
                      const char *out_path, sf_engine_info *info,
                      sf_progress_fn progress, void *ctx)
{
	sf_endpoint ep;
	long long start = sf_engine_now_ms();
	sf_pending_file pf;
	listing list;
	sf_engine_conn c;
	size_t i, written = 0;
	int rc = -1;

	memset(info, 0, sizeof(*info));
	memset(&list, 0, sizeof(list));
	memset(&pf, 0, sizeof(pf));
	pf.fd = -1;
	memset(&c, 0, sizeof(c));
	/* a wrong name, file or context is said before anything is asked */
	if (sf_endpoint_resolve(&ep, where) < 0)
		return -1;
	if (timeout <= 0)
		timeout = SF_DOCKER_COLLECT_TIMEOUT;
	info->host = sf_xstrdup(ep.host);
	if (sf_engine_conn_open(&c, &ep) < 0)
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
	sf_engine_conn_close(&c);
	sf_endpoint_release(&ep);
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
	free(info->edition);
	free(info->name);
	free(info->id);
	free(info->operating_system);
	free(info->os_type);
	free(info->kernel);
	free(info->server_version);
	free(info->peer);
	memset(info, 0, sizeof(*info));
}
