/*
 * Collection from a Docker engine through its API (libcurl; a unix
 * socket, TCP, TLS or ssh): GET /version, GET /info, GET
 * /containers/json?all=1 and
 * GET /containers/{id}/json for each container, running or stopped. The
 * inspect documents are written, as the docker CLI prints them, to a
 * file that the evidence filter then reads.
 *
 * Every answer is checked against the list: an ID listed twice is
 * inspected once; an inspect document must describe the container asked
 * for (its "Id" is the ID listed), never another; a container gone
 * between the list and its inspection (404) is recorded, and tolerated
 * only while few are: more than SF_DOCKER_VANISHED_SHARE percent of the
 * listed containers, or more than SF_DOCKER_VANISHED_MAX, and the list is
 * not trusted. One deadline bounds the whole collection.
 */
#ifndef SF_COLLECT_DOCKER_H
#define SF_COLLECT_DOCKER_H

#include <stddef.h>

#include "collect/endpoint.h"

typedef struct sf_engine_info {
	char *host;            /* the URL asked */
	char *version;         /* Engine version */
	char *api_version;     /* API version */
	char *os;              /* Os/Arch of the engine */
	char *edition;         /* Platform.Name: "Docker Engine - Community" */
	/* what GET /info says (NULL where it says nothing) */
	char *name;             /* Name: the engine's host name */
	char *id;               /* ID */
	char *operating_system; /* OperatingSystem: "Debian GNU/Linux 12" */
	char *os_type;          /* OSType: "linux" */
	char *kernel;           /* KernelVersion */
	char *server_version;   /* ServerVersion */
	char *peer;             /* the IP address reached (tcp://), or NULL */
	size_t containers;     /* as listed, each ID counted once */
	size_t vanished;       /* listed, then gone before inspection */
	char **vanished_ids;   /* their IDs, in the list's order */
	char **vanished_names; /* their names as listed, without the '/'
	                          ("" when the list gave none) */
} sf_engine_info;

/* Called after each container is inspected, for progress reports. */
typedef void (*sf_progress_fn)(size_t done, size_t total, void *ctx);

/* Returned when no engine can be reached at all: no socket, nothing
 * listening, or a socket this user may not open. */
#define SF_DOCKER_UNREACHABLE (-2)

/* The deadline of a whole collection when none is given, in seconds. */
#define SF_DOCKER_COLLECT_TIMEOUT 300
/* How many vanished containers a collection tolerates: at most this
 * percentage of those listed, and at most this many. */
#define SF_DOCKER_VANISHED_SHARE 5
#define SF_DOCKER_VANISHED_MAX 10

/*
 * where: the engine as the options name it (NULL: as the environment
 * does), resolved by sf_endpoint_resolve. timeout: seconds the whole collection may
 * take (0 or less: SF_DOCKER_COLLECT_TIMEOUT). Writes the array to
 * out_path (atomically). Returns 0, SF_DOCKER_UNREACHABLE, or -1 (an
 * engine that answered badly, too slowly, or went away), with the last
 * error set: what failed and what to do. On failure info is released.
 */
int sf_docker_collect(const sf_endpoint_opts *where, long timeout,
                      const char *out_path, sf_engine_info *info,
                      sf_progress_fn progress, void *ctx);
void sf_engine_info_release(sf_engine_info *info);

#endif
