/*
 * A fleet scan: many Docker engines scanned in one run, each into a
 * folder of its own. The hosts come from a hosts file (one endpoint a
 * line) or from --docker-host repeated; each ends with an outcome read
 * back from its one-host scan, for the roll-up (report/fleet.h).
 */
#ifndef SF_SCAN_FLEET_H
#define SF_SCAN_FLEET_H

#include <stddef.h>

#include "collect/endpoint.h"

/* What became of a host. */
typedef enum sf_fleet_status {
	SF_FLEET_PENDING, /* not scanned (yet) */
	SF_FLEET_PASS,    /* every rule passed or was not applicable */
	SF_FLEET_FINDING, /* a rule failed, erred or is unknown */
	SF_FLEET_ERROR    /* the host could not be scanned */
} sf_fleet_status;

typedef struct sf_fleet_offender {
	char *id, *name;
} sf_fleet_offender;

typedef struct sf_fleet_rule {
	char *stig_id, *rule_id, *result;
	sf_fleet_offender *offenders;
	size_t noffenders;
} sf_fleet_rule;

typedef struct sf_fleet_host {
	char *name;   /* as the user named it (any text), or derived */
	char *folder; /* name made safe for a file name: its folder */
	char *url;
	char *tls_dir; /* tls=DIR: DIR/ca.pem, cert.pem, key.pem; or NULL */
	char *cacert, *cert, *key;
	/* the outcome */
	sf_fleet_status status;
	int exit_status;     /* the one-host scan's, or -1 (it crashed) */
	char *error;         /* why it could not be scanned, or NULL */
	char *engine_name;   /* the engine's host (GET /info), or NULL */
	char *engine_id, *engine_version;
	size_t containers;   /* assessed */
	sf_fleet_rule *rules;
	size_t nrules;
} sf_fleet_host;

typedef struct sf_fleet {
	sf_fleet_host *hosts;
	size_t n;
} sf_fleet;

/* Adds a host; name NULL: derived from the URL's host[:port] (a unix
 * socket: its file name without .sock). Returns 0, or -1 with the last
 * error set when the URL is not one of unix://, tcp://, ssh://, or when
 * another host already has this name or folder. */
int sf_fleet_add(sf_fleet *f, const char *url, const char *name,
                 const char *tls_dir);

/* Reads a hosts file's text (named file in messages): one host a line,
 * "URL [name=NAME] [tls=DIR]", blank lines and '#' comments skipped.
 * Returns 0, or -1 with the last error "FILE:LINE:COLUMN: what is wrong"
 * for the first bad line (the hosts before it stay in f). */
int sf_fleet_parse(sf_fleet *f, const char *file, const char *text,
                   size_t len);

/* The endpoint of a host (its strings borrowed from it). */
void sf_fleet_endpoint(const sf_fleet_host *h, sf_endpoint_opts *e);

/* Drops a host's outcome, e.g. before a new one is read. */
void sf_fleet_host_clear(sf_fleet_host *h);
void sf_fleet_release(sf_fleet *f);

const char *sf_fleet_status_name(sf_fleet_status s);

#endif
