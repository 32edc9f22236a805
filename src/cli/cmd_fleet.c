/*
 * scapforge scan of many hosts (--hosts FILE, or --docker-host more than
 * once): the options and the hosts, checked before anything is scanned;
 * the scans (fleet_pool.c); then fleet.json, fleet.csv and fleet.html,
 * renamed into place together.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/fleet_pool.h"
#include "report/fleet.h"
#include "util/error.h"
#include "util/fsio.h"

#define DEFAULT_JOBS 4
#define MAX_JOBS 64
#define DEFAULT_RESULTS "scapforge-results"

/* Whether argv asks for a fleet scan: --hosts, or --docker-host twice.
 * A walk that knows which options take a value, saying nothing of bad
 * ones (the real parse does). */
int sf_cli_fleet_wanted(const sf_command *self, int argc, char **argv)
{
	int i, k, hosts = 0, engines = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		const char *a = argv[i], *eq = NULL;
		size_t len = 0;

		if (a[0] != '-' || !a[1])
			continue;
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		}
		for (k = 0; self->options[k].name; k++) {
			const sf_option *o = &self->options[k];

			if (a[1] == '-' ? strlen(o->name) != len ||
			                      strncmp(o->name, a + 2, len)
			                : o->short_name != a[1])
				continue;
			hosts += !strcmp(o->name, "hosts");
			engines += !strcmp(o->name, "docker-host");
			if (o->arg && !eq && !(a[1] != '-' && a[2]))
				i++;
			break;
		}
	}
	return hosts || engines > 1;
}

static void pass_on(sf_fleet_args *a, const char *name, const char *arg)
{
	a->pass = sf_xrealloc(a->pass, (a->npass + 2) * sizeof(*a->pass));
	a->pass[a->npass] = sf_xmalloc(strlen(name) + 3);
	sprintf(a->pass[a->npass++], "--%s", name);
	if (arg)
		a->pass[a->npass++] = sf_xstrdup(arg);
}

static const char *const one_host_only[] = {
    "evidence", "target-name", "target-fqdn", "target-ip", "target-mac",
    "arf", "evidence-out", "fallback-evidence", "context", NULL};

static int parse_args(const sf_command *self, int argc, char **argv,
                      sf_fleet_args *a)
{
	sf_optparse p;
	const char *arg;
	char *end;
	int k, i;

	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		const char *name;

		if (k == -2)
			return -1;
		name = self->options[k].name;
		for (i = 0; one_host_only[i] && strcmp(one_host_only[i], name);
		     i++)
			;
		if (one_host_only[i]) {
			sf_cli_error("--%s is for the scan of one host; a scan "
			             "of many names each host's outputs in its "
			             "folder of --results-dir",
			             name);
			return -1;
		}
		if (!strcmp(name, "hosts"))
			a->hosts_file = arg;
		else if (!strcmp(name, "docker-host")) {
			a->urls = sf_xrealloc(a->urls,
			                      (a->nurls + 1) * sizeof(*a->urls));
			a->urls[a->nurls++] = arg;
		} else if (!strcmp(name, "jobs")) {
			errno = 0;
			a->jobs = strtol(arg, &end, 10);
			if (errno || end == arg || *end || a->jobs < 1 ||
			    a->jobs > MAX_JOBS) {
				sf_cli_error("option '--jobs' takes a whole "
				             "number of engines from 1 to %d, "
				             "not '%s'",
				             MAX_JOBS, arg);
				return -1;
			}
		} else if (!strcmp(name, "results-dir"))
			a->dir = arg;
		else if (!strcmp(name, "html"))
			a->html = 1;
		else if (!strcmp(name, "ckl"))
			a->ckl = 1;
		else if (!strcmp(name, "cklb"))
			a->cklb = 1;
		else if (!strcmp(name, "xccdf-results"))
			a->xccdf = 1;
		else if (!strcmp(name, "json"))
			a->json = 1;
		else if (!strcmp(name, "quiet"))
			a->quiet = 1;
		else if (!strcmp(name, "help")) {
			sf_command_help(self, stdout);
			return 1;
		} else
			pass_on(a, name, arg);
	}
	if (p.npos) {
		sf_cli_error(
		    "scan takes no arguments besides options, not '%s'",
		    argv[1]);
		return -1;
	}
	return 0;
}

/* The hosts: the file's, then those of --docker-host. */
static int load_hosts(const sf_fleet_args *a, sf_fleet *f)
{
	sf_buf text = SF_BUF_INIT;
	size_t i;
	int rc = 0;

	if (a->hosts_file &&
	    (sf_file_read(a->hosts_file, &text) < 0 ||
	     sf_fleet_parse(f, a->hosts_file, text.ptr ? text.ptr : "",
	                    text.len) < 0))
		rc = -1;
	for (i = 0; rc == 0 && i < a->nurls; i++)
		if (sf_fleet_add(f, a->urls[i], NULL, NULL) < 0)
			rc = -1;
	sf_buf_release(&text);
	return rc;
}

static void print_summary(const sf_fleet_args *a, const sf_fleet *f)
{
	size_t i, pass = 0, finding = 0, containers = 0;

	for (i = 0; i < f->n; i++) {
		pass += f->hosts[i].status == SF_FLEET_PASS;
		finding += f->hosts[i].status == SF_FLEET_FINDING;
		containers += f->hosts[i].containers;
	}
	printf("fleet: %zu hosts: %zu passed, %zu with findings, %zu not "
	       "scanned; %zu containers assessed\n",
	       f->n, pass, finding, f->n - pass - finding, containers);
	printf("report: %s/fleet.json, fleet.csv, fleet.html\n", a->dir);
}

int sf_cmd_fleet(const sf_command *self, int argc, char **argv)
{
	sf_fleet_args a;
	sf_fleet f = {NULL, 0};
	sf_pending_set out = SF_PENDING_SET_INIT;
	int rc = SF_EXIT_ERROR, parsed;
	size_t i;

	memset(&a, 0, sizeof(a));
	a.jobs = DEFAULT_JOBS;
	a.dir = DEFAULT_RESULTS;
	parsed = parse_args(self, argc, argv, &a);
	if (parsed != 0) {
		rc = parsed > 0 ? SF_EXIT_OK : SF_EXIT_ERROR;
		goto done;
	}
	/* every host is known good before the first is scanned */
	if (load_hosts(&a, &f) < 0 || sf_mkdir_p(a.dir) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	sf_fleet_pool_run(self, &a, &f);
	if (sf_fleet_stage(&out, &f, a.dir, a.html) < 0 ||
	    sf_pending_set_commit(&out) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	if (!a.quiet)
		print_summary(&a, &f);
	rc = sf_fleet_verdict(&f);
done:
	sf_pending_set_release(&out);
	sf_fleet_release(&f);
	for (i = 0; i < a.npass; i++)
		free(a.pass[i]);
	free(a.pass);
	free(a.urls);
	return rc;
}
