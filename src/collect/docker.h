/*
 * Collection from a Docker engine through its API (libcurl; a unix
 * socket or plain TCP): GET /version, GET /containers/json?all=1 and
 * GET /containers/{id}/json for each container, running or stopped. The
 * inspect documents are written, as the docker CLI prints them, to a
 * file that the evidence filter then reads.
 */
#ifndef SF_COLLECT_DOCKER_H
#define SF_COLLECT_DOCKER_H

#include <stddef.h>

typedef struct sf_engine_info {
	char *host;        /* the URL asked */
	char *version;     /* Engine version */
	char *api_version; /* API version */
	char *os;          /* Os/Arch of the engine */
	size_t containers; /* as listed */
	size_t vanished;   /* listed, then gone before inspection */
} sf_engine_info;

/* Called after each container is inspected, for progress reports. */
typedef void (*sf_progress_fn)(size_t done, size_t total, void *ctx);

/* Returned when no engine can be reached at all: no socket, nothing
 * listening, or a socket this user may not open. */
#define SF_DOCKER_UNREACHABLE (-2)

/*
 * host: "unix:///path" or "tcp://host:port" (NULL: DOCKER_HOST, else
 * unix:///var/run/docker.sock). Writes the array to out_path (atomically).
 * Returns 0, SF_DOCKER_UNREACHABLE, or -1 (an engine that answered badly
 * or went away), with the last error set: what failed and what to do.
 */
int sf_docker_collect(const char *host, const char *out_path,
                      sf_engine_info *info, sf_progress_fn progress, void *ctx);
void sf_engine_info_release(sf_engine_info *info);

#endif
