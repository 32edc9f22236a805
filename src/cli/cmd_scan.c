#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/scan_print.h"
#include "emit/emit.h"
#include "report/arf.h"
#include "report/checklist.h"
#include "report/html.h"
#include "report/summary.h"
#include "report/xccdfres.h"
#include "scan/scan.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/host.h"
#include "util/fsio.h"

#define DEFAULT_DS "output/scapforge-docker-stig-ds.xml"
#define DEFAULT_EVIDENCE_OUT "scapforge-results/evidence.json"
#define DEFAULT_ARF "scapforge-results/arf.xml"

typedef struct scan_args {
	sf_scan_opts o;
	const char *datastream;
	const char *arf;
	const char *html, *json, *ckl, *cklb, *xccdf; /* more, or NULL */
	const char *marking;
	const char *fallback; /* evidence to scan when no engine answers */
	int quiet, allow_empty;
	const char **rules, **sets;
	sf_target_opts target;
	sf_endpoint_opts endpoint; /* --docker-host, --context, --tls... */
	sf_checklist_opts checklist; /* --stig, --role... of the checklists */
	const char **ips, **macs;
} scan_args;

static void push(const char ***v, size_t *n, const char *s)
{
	*v = sf_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

/* The longest --collect-timeout taken: a day. */
#define MAX_COLLECT_TIMEOUT 86400L

static int parse_seconds(const char *arg, long *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > MAX_COLLECT_TIMEOUT) {
		sf_cli_error("option '--collect-timeout' takes a whole number "
		             "of seconds from 1 to %ld, not '%s'",
		             MAX_COLLECT_TIMEOUT, arg);
		return -1;
	}
	*out = n;
	return 0;
}

static int parse_args(const sf_command *self, int argc, char **argv,
                      scan_args *a)
{
	sf_optparse p;
	const char *arg;
	int k;

	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		const char *name;

		if (k == -2)
			return -1;
		name = self->options[k].name;
		if (!strcmp(name, "datastream"))
			a->datastream = arg;
		else if (!strcmp(name, "profile"))
			a->o.profile = arg;
		else if (!strcmp(name, "rule"))
			push(&a->rules, &a->o.nrules, arg);
		else if (!strcmp(name, "set-value"))
			push(&a->sets, &a->o.nset_values, arg);
		else if (!strcmp(name, "evidence"))
			a->o.evidence_in = arg;
		else if (!strcmp(name, "data-root"))
			a->o.data_root = arg;
		else if (!strcmp(name, "docker-host"))
			a->endpoint.host = arg;
		else if (!strcmp(name, "context"))
			a->endpoint.context = arg;
		else if (!strcmp(name, "tls"))
			a->endpoint.tls = 1;
		else if (!strcmp(name, "tlsverify"))
			a->endpoint.tlsverify = 1;
		else if (!strcmp(name, "tlscacert"))
			a->endpoint.tlscacert = arg;
		else if (!strcmp(name, "tlscert"))
			a->endpoint.tlscert = arg;
		else if (!strcmp(name, "tlskey"))
			a->endpoint.tlskey = arg;
		else if (!strcmp(name, "target-name"))
			a->target.name = arg;
		else if (!strcmp(name, "target-fqdn"))
			a->target.fqdn = arg;
		else if (!strcmp(name, "target-ip"))
			push(&a->ips, &a->target.nips, arg);
		else if (!strcmp(name, "target-mac"))
			push(&a->macs, &a->target.nmacs, arg);
		else if (!strcmp(name, "collect-timeout")) {
			if (parse_seconds(arg, &a->o.collect_timeout) < 0)
				return -1;
		} else if (!strcmp(name, "evidence-out"))
			a->o.evidence_out = arg;
		else if (!strcmp(name, "arf"))
			a->arf = arg;
		else if (!strcmp(name, "html"))
			a->html = arg;
		else if (!strcmp(name, "json"))
			a->json = arg;
		else if (!strcmp(name, "ckl"))
			a->ckl = arg;
		else if (!strcmp(name, "cklb"))
			a->cklb = arg;
		else if (!strcmp(name, "xccdf-results"))
			a->xccdf = arg;
		else if (!strcmp(name, "marking"))
			a->marking = arg;
		else if (!strcmp(name, "fallback-evidence"))
			a->fallback = arg;
		else if (!strcmp(name, "quiet"))
			a->quiet = 1;
		else if (!strcmp(name, "keep-env"))
			a->o.keep_env = 1;
		else if (!strcmp(name, "allow-empty"))
			a->allow_empty = 1;
		else if (sf_cli_checklist_option(name, arg, &a->checklist))
			continue;
		else if (!strcmp(name, "jobs") || !strcmp(name, "results-dir")) {
			sf_cli_error("--%s is for a scan of many hosts (--hosts, "
			             "or --docker-host more than once)",
			             name);
			return -1;
		}
		else {
			sf_command_help(self, stdout);
			return 1;
		}
	}
	a->o.rules = a->rules;
	a->o.set_values = a->sets;
	a->target.ips = a->ips;
	a->target.macs = a->macs;
	a->o.target = &a->target;
	sf_cli_fleet_endpoint(&a->endpoint); /* a fleet's host, if one */
	a->o.endpoint = &a->endpoint;
	if (sf_target_check(&a->target) < 0 ||
	    sf_checklist_opts_check(&a->checklist) < 0) {
		sf_cli_error("%s", sf_error_last());
		return -1;
	}
	if (p.npos) {
		sf_cli_error(
		    "scan takes no arguments besides options, not '%s'",
		    argv[1]);
		return -1;
	}
	return 0;
}

static void show_progress(size_t done, size_t total, void *ctx)
{
	(void)ctx;
	if (done == total || done % 50 == 0)
		fprintf(stderr,
		        "\rcollecting: %zu of %zu containers inspected%s", done,
		        total, done == total ? "\n" : "");
}

static int to_stdout(const char *path)
{
	return path && !strcmp(path, "-");
}

/* The reports made besides the ARF, into set with it: the XCCDF results
 * of the scan, read back as they are written into the small tree the
 * HTML page and the checklists are made from (never the ARF, and never
 * their whole text); the JSON summary from the scan (left in json when
 * it goes to stdout, printed once all is in place). */
static int stage_extras(sf_pending_set *set, scan_args *a, const sf_scan *s,
                        const sf_host *host, const sf_arf_opts *ao,
                        int verdict, sf_buf *json)
{
	sf_pending_file pf = SF_PENDING_FILE_INIT;
	sf_xccdfdoc_reader *r = NULL;
	sf_xccdfdoc d;
	int rc = -1, tree = a->html || a->ckl || a->cklb;

	memset(&d, 0, sizeof(d));
	if (tree && !(r = sf_xccdfdoc_begin("the scan's XCCDF results", 1)))
		goto done;
	if ((a->xccdf || tree) &&
	    sf_xccdfres_stream(set, a->xccdf, s, host, ao,
	                       r ? sf_xccdfdoc_push : NULL, r) < 0)
		goto done;
	if (r) {
		sf_xccdfdoc_reader *read = r;

		r = NULL;
		if (sf_xccdfdoc_end(read, &d) < 0)
			goto done;
	}
	if (a->html && sf_html_stage(set, &d, a->arf, a->html) < 0)
		goto done;
	if ((a->ckl || a->cklb) &&
	    sf_checklist_stage(set, &d, a->arf, a->ckl, a->cklb,
	                       &a->checklist) < 0)
		goto done;
	rc = 0;
	/* the tree is no more needed: its room is the summary's */
	sf_xccdfdoc_release(&d);
	if (a->json && to_stdout(a->json)) {
		sf_summary_json(s, host, ao, a->arf, verdict, json, NULL);
	} else if (a->json) {
		/* written as it is made: json holds a piece at a time */
		rc = sf_pending_file_open(&pf, a->json);
		if (rc == 0)
			rc = sf_summary_json(s, host, ao, a->arf, verdict, json,
			                     &pf);
		if (rc == 0)
			rc = sf_pending_set_take(set, &pf);
	}
done:
	/* what failed has said why: the reader is only let go */
	sf_xccdfdoc_cancel(r);
	sf_pending_file_release(&pf);
	sf_xccdfdoc_release(&d);
	return rc;
}

static void print_outputs(const scan_args *a)
{
	printf("report: %s (ARF 1.1)\n", a->arf);
	if (a->html)
		printf("report: %s (HTML)\n", a->html);
	/* the file names, which DISA's convention gives for a folder */
	if (a->checklist.ckl_written)
		printf("report: %s (STIG Viewer checklist, CKL)\n",
		       a->checklist.ckl_written);
	if (a->checklist.cklb_written)
		printf("report: %s (STIG Viewer checklist, CKLB)\n",
		       a->checklist.cklb_written);
	if (a->xccdf)
		printf("report: %s (XCCDF 1.2 results)\n", a->xccdf);
	if (a->json)
		printf("report: %s (JSON summary)\n", a->json);
}

/* The folders a scan made for its outputs, removed again (when still
 * empty) if the scan cannot be done. */
typedef struct made_dirs {
	char *dir[7];
	size_t n;
} made_dirs;

/* The folder of a file, created if missing (and then remembered). */
static int make_parent(made_dirs *made, const char *path)
{
	char *dir = sf_xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int rc = 0;

	if (slash) {
		*slash = '\0';
		if (*dir && stat(dir, &st) < 0) {
			if (sf_mkdir_p(dir) < 0)
				rc = -1;
			else if (made->n < 7)
				made->dir[made->n++] = sf_xstrdup(dir);
		}
	}
	free(dir);
	return rc;
}

static void unmake(made_dirs *made, int remove)
{
	while (made->n) {
		char *d = made->dir[--made->n];

		if (remove)
			rmdir(d); /* only an empty one goes */
		free(d);
	}
}

static void describe_source(const scan_args *a, const sf_scan *s, sf_buf *out)
{
	if (s->data_root)
		sf_buf_printf(out,
		              "Docker's container files under the data root %s, "
		              "read by the portable data stream's checks",
		              s->evidence_path);
	else if (s->collected)
		sf_buf_printf(
		    out,
		    "collected from the Docker engine at %s (Docker %s, "
		    "API %s) with the Engine API",
		    s->engine.host, s->engine.version, s->engine.api_version);
	else if (a->o.evidence_in == a->fallback && a->fallback)
		sf_buf_printf(out,
		              "the bundled example evidence %s, because no "
		              "Docker engine was reachable",
		              a->fallback);
	else
		sf_buf_printf(out, "docker inspect output read from %s",
		              strcmp(a->o.evidence_in, "-") ? a->o.evidence_in
		                                            : "standard input");
}

/* A warning (if any) on the terminal, and added to those the reports
 * carry. */
static void warn(sf_buf *warnings, const char *text)
{
	if (!text)
		return;
	fprintf(stderr, "scapforge: WARNING: %s\n", text);
	sf_buf_printf(warnings, "%sWARNING: %s", warnings->len ? " " : "",
	              text);
}

/* What the evidence data stream's options mean nothing to. */
static int portable_args(const scan_args *a)
{
	const sf_endpoint_opts *ep = &a->endpoint;

	if (a->o.evidence_in || a->fallback || ep->host || ep->context ||
	    ep->tls || ep->tlsverify || ep->tlscacert || ep->tlscert ||
	    ep->tlskey || a->o.keep_env || a->o.collect_timeout) {
		sf_cli_error("the portable data stream reads Docker's own files "
		             "under the data root (--data-root): no engine is "
		             "asked and no evidence read, so --evidence, "
		             "--fallback-evidence, --docker-host, --context, "
		             "--tls*, --keep-env and --collect-timeout do not "
		             "go with it");
		return -1;
	}
	return 0;
}

int sf_cmd_scan(const sf_command *self, int argc, char **argv)
{
	scan_args a;
	sf_content *c = NULL;
	sf_scan *s = NULL;
	sf_buf source = SF_BUF_INIT, warning = SF_BUF_INIT, json = SF_BUF_INIT;
	sf_pending_set out = SF_PENDING_SET_INIT; /* every output, at once */
	sf_arf_opts ao;
	made_dirs made = {{NULL}, 0};
	int rc = SF_EXIT_ERROR, parsed, verdict, ran, all_excluded;
	size_t i;

	if (sf_cli_fleet_wanted(self, argc, argv))
		return sf_cmd_fleet(self, argc, argv);
	memset(&a, 0, sizeof(a));
	a.datastream = DEFAULT_DS;
	a.arf = DEFAULT_ARF;
	a.o.evidence_out = DEFAULT_EVIDENCE_OUT;
	a.o.commit = &out;
	parsed = parse_args(self, argc, argv, &a);
	if (parsed != 0) {
		rc = parsed > 0 ? SF_EXIT_OK : SF_EXIT_ERROR;
		goto done;
	}
	if (a.fallback && a.o.evidence_in) {
		sf_cli_error("--fallback-evidence is for engine scans; it "
		             "cannot go with --evidence");
		goto done;
	}
	if (!a.quiet && !a.o.evidence_in && isatty(2))
		a.o.progress = show_progress;
	if (make_parent(&made, a.o.evidence_out) < 0 ||
	    make_parent(&made, a.arf) < 0 ||
	    (a.html && make_parent(&made, a.html) < 0) ||
	    (a.ckl && make_parent(&made, a.ckl) < 0) ||
	    (a.cklb && make_parent(&made, a.cklb) < 0) ||
	    (a.xccdf && make_parent(&made, a.xccdf) < 0) ||
	    (a.json && !to_stdout(a.json) && make_parent(&made, a.json) < 0)) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	if (sf_content_load(&c, a.datastream) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	/* (--data-root with the evidence data stream: sf_scan_run says no) */
	if (sf_content_reads_data_root(c) && portable_args(&a) < 0)
		goto done;
	ran = sf_scan_run(&s, c, &a.o);
	if (ran < 0) {
		/* only an engine that cannot be reached at all gives way to
		 * the fallback, never one that answered badly */
		if (!a.fallback || ran != SF_DOCKER_UNREACHABLE) {
			sf_cli_error("%s", sf_error_last());
			goto done;
		}
		sf_buf_printf(&warning,
		              "WARNING: no Docker engine was reachable (%s). "
		              "These results evaluate the bundled example "
		              "evidence %s, NOT the containers of this host.",
		              sf_error_last(), a.fallback);
		fprintf(stderr, "scapforge: %s\n", sf_buf_cstr(&warning));
		a.o.evidence_in = a.fallback;
		a.o.progress = NULL;
		a.target.example = 1;
		if (sf_scan_run(&s, c, &a.o) < 0) {
			sf_cli_error("%s", sf_error_last());
			goto done;
		}
	}
	all_excluded = !s->evidence.nassessed &&
	               s->evidence.nexcluded >
	                   sf_evidence_inapplicable(&s->evidence);
	if (all_excluded) {
		sf_buf empty = SF_BUF_INIT;

		sf_buf_printf(&empty,
		              "WARNING: the exclusion pattern '%s' left out "
		              "every container (%zu excluded, none assessed): "
		              "these results say nothing about them.",
		              sf_scan_role_value(s, "exclusion-pattern"),
		              s->evidence.nexcluded);
		fprintf(stderr, "scapforge: %s%s\n", sf_buf_cstr(&empty),
		        a.allow_empty ? "" : " (exit 2; --allow-empty accepts it)");
		sf_buf_printf(&warning, "%s%s", warning.len ? " " : "",
		              sf_buf_cstr(&empty));
		sf_buf_release(&empty);
	}
	warn(&warning, s->problems);
	warn(&warning, s->target_warning);
	describe_source(&a, s, &source);
	ao.evidence_path = s->evidence_path;
	ao.source = sf_buf_cstr(&source);
	ao.warning = warning.len ? sf_buf_cstr(&warning) : NULL;
	ao.marking = a.marking;
	verdict = SF_EXIT_OK;
	for (i = 0; i < s->noutcomes; i++)
		if (s->outcomes[i].result != SF_XR_PASS &&
		    s->outcomes[i].result != SF_XR_NOTAPPLICABLE)
			verdict = SF_EXIT_FAILED;
	if (all_excluded && !a.allow_empty)
		verdict = SF_EXIT_FAILED;
	/* nothing replaces an earlier file until every output is made */
	if (sf_arf_stage(&out, s, &s->target, &ao, a.arf) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	sf_scan_drop_oval(s); /* the ARF's alone: its room is the others' */
	if (stage_extras(&out, &a, s, &s->target, &ao, verdict, &json) < 0 ||
	    sf_pending_set_commit(&out) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	if (to_stdout(a.json))
		fputs(sf_buf_cstr(&json), stdout);
	if (!a.quiet && !to_stdout(a.json)) {
		sf_scan_print_table(s);
		sf_scan_print_evidence(s, a.o.evidence_out);
		print_outputs(&a);
		if (warning.len)
			printf("%s\n", sf_buf_cstr(&warning));
	}
	rc = verdict;
done:
	sf_pending_set_release(&out); /* before the folders that held it go */
	unmake(&made, rc == SF_EXIT_ERROR);
	sf_buf_release(&source);
	sf_buf_release(&warning);
	sf_buf_release(&json);
	sf_scan_free(s);
	sf_content_free(c);
	free(a.rules);
	free(a.sets);
	free(a.ips);
	free(a.macs);
	sf_checklist_opts_release(&a.checklist);
	return rc;
}
