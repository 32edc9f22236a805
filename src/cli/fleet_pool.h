/*
 * The process pool of a scan of many hosts (cmd_fleet.c): one child per
 * host running the one-host scan, at most --jobs at once.
 */
#ifndef SF_CLI_FLEET_POOL_H
#define SF_CLI_FLEET_POOL_H

#include <stddef.h>

#include "cli/cli.h"
#include "scan/fleet.h"

/* What a fleet scan was asked for. */
typedef struct sf_fleet_args {
	const char *hosts_file, *dir;
	const char **urls;
	size_t nurls;
	long jobs;
	int html, ckl, cklb, xccdf, json, quiet;
	char **pass; /* the options every host's scan takes, as given */
	size_t npass;
} sf_fleet_args;

/* Scans every host of f, filling in its outcome; each host is printed
 * as it ends (unless a->quiet), with a progress line on a terminal. */
void sf_fleet_pool_run(const sf_command *self, const sf_fleet_args *a,
                       sf_fleet *f);

#endif
