/*
 * One conversation with a Docker engine over HTTP (a unix socket or
 * plain TCP), for collect/docker: libcurl, loaded when an engine is first
 * asked; GET with the collection's deadline; and every failure said in
 * the user's words (what failed, what to do).
 */
#ifndef SF_COLLECT_ENGINE_HTTP_H
#define SF_COLLECT_ENGINE_HTTP_H

#include <stddef.h>

#include "util/buf.h"

typedef struct sf_engine_conn {
	void *curl; /* libcurl's CURL, loaded when first needed */
	const char *host;
	char *base; /* "http://localhost" or "http://host:port" */
	sf_buf body;
	int too_big;
	long long deadline; /* of the whole collection, ms (monotonic) */
	long timeout;       /* the same, in seconds from the start */
	int listed;         /* the list is in: inspected and total count */
	size_t inspected, total;
} sf_engine_conn;

/* host: "unix:///path" or "tcp://host:port". Returns 0, or -1 with the
 * last error set. */
int sf_engine_conn_open(sf_engine_conn *c, const char *host);
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
