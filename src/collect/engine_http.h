/*
 * One conversation with a Docker engine over HTTP (a unix socket, plain
 * TCP, TLS, or ssh running `docker system dial-stdio`), for
 * collect/docker: libcurl, loaded when an engine is first asked; GET
 * with the collection's deadline; and every failure said in the user's
 * words (what failed, what to do).
 */
#ifndef SF_COLLECT_ENGINE_HTTP_H
#define SF_COLLECT_ENGINE_HTTP_H

#include <stddef.h>

#include "collect/endpoint.h"
#include "util/buf.h"

struct sf_ssh_link;

typedef struct sf_engine_conn {
	void *curl; /* libcurl's CURL, loaded when first needed */
	const sf_endpoint *ep;
	const char *host; /* ep->host, the URL reports name */
	char *base; /* "http://localhost", "https://host:port"... */
	char errbuf[256]; /* libcurl's own words (CURLOPT_ERRORBUFFER) */
	struct sf_ssh_link *ssh; /* the ssh program carrying the requests */
	sf_buf body;
	int too_big;
	long long deadline; /* of the whole collection, ms (monotonic) */
	long timeout;       /* the same, in seconds from the start */
	int listed;         /* the list is in: inspected and total count */
	size_t inspected, total;
} sf_engine_conn;

/* Opens a conversation with the resolved endpoint ep, which must outlive
 * it. Returns 0, or -1 with the last error set. */
int sf_engine_conn_open(sf_engine_conn *c, const sf_endpoint *ep);
void sf_engine_conn_close(sf_engine_conn *c);
/* GET path; on success the body is in c->body and the status is 200
 * (or 404 when allow_404 is set and *gone is then 1). Returns 0, -1 with
 * the last error set, or SF_DOCKER_UNREACHABLE when the connection found
 * no engine. */
int sf_engine_conn_get(sf_engine_conn *c, const char *path, int allow_404,
                       int *gone);
/* The IP address the last request reached, or NULL (a unix socket has
 * none); the caller frees. */
char *sf_engine_conn_peer(sf_engine_conn *c);
/* s escaped for a URL path; the caller frees. */
char *sf_engine_conn_escape(sf_engine_conn *c, const char *s);
/* Whether a JSON body begins with ch ('{' or '['). */
int sf_engine_body_starts(const sf_buf *b, char ch);
/* Text from the engine on one line of at most about 200 bytes, control
 * characters as spaces. */
void sf_engine_one_line(sf_buf *b, const char *s);
/* A monotonic clock, in milliseconds. */
long long sf_engine_now_ms(void);

#endif
