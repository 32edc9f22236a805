/*
 * The process pool of a fleet scan (fleet_pool.h). Each child runs the
 * ordinary one-host scan (sf_cmd_scan) into <results-dir>/<folder>/, the
 * reports asked for under fixed names, its JSON summary going to a
 * temporary file the parent reads back (its stderr to another, for the
 * error). A child is a process of its own so that a host that hangs,
 * fails or crashes takes nothing down with it: the parent records it
 * and goes on.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "cli/fleet_pool.h"
#include "cli/scan_print.h"
#include "report/fleet.h"
#include "util/error.h"
#include "util/fsio.h"

/* The host a child scans; NULL in the parent. */
static const sf_fleet_host *child_host;

void sf_cli_fleet_endpoint(sf_endpoint_opts *e)
{
	if (child_host)
		sf_fleet_endpoint(child_host, e);
}

static char *in_folder(const sf_fleet_args *a, const sf_fleet_host *h,
                       const char *file)
{
	char *dir = sf_path_join(a->dir, h->folder);
	char *path = sf_path_join(dir, file);

	free(dir);
	return path;
}

/* The child: the one-host scan of h, its summary on out, its messages
 * on err. Never returns. */
static void run_child(const sf_command *self, const sf_fleet_args *a,
                      const sf_fleet_host *h, FILE *out, FILE *err)
{
	static const struct {
		size_t at; /* offsetof a flag of sf_fleet_args */
		const char *option, *file;
	} reports[] = {
	    {offsetof(sf_fleet_args, html), "--html", "report.html"},
	    {offsetof(sf_fleet_args, ckl), "--ckl", "checklist.ckl"},
	    {offsetof(sf_fleet_args, cklb), "--cklb", "checklist.cklb"},
	    {offsetof(sf_fleet_args, xccdf), "--xccdf-results", "xccdf-results.xml"},
	    {offsetof(sf_fleet_args, json), "--json", "summary.json"},
	};
	char **argv = sf_xcalloc(a->npass + 20, sizeof(*argv));
	int argc = 0, rc;
	size_t i;

	argv[argc++] = sf_xstrdup("scan");
	for (i = 0; i < a->npass; i++)
		argv[argc++] = sf_xstrdup(a->pass[i]);
	argv[argc++] = sf_xstrdup("--quiet");
	argv[argc++] = sf_xstrdup("--arf");
	argv[argc++] = in_folder(a, h, "arf.xml");
	argv[argc++] = sf_xstrdup("--evidence-out");
	argv[argc++] = in_folder(a, h, "evidence.json");
	for (i = 0; i < sizeof(reports) / sizeof(reports[0]); i++)
		if (*(const int *)((const char *)a + reports[i].at)) {
			argv[argc++] = sf_xstrdup(reports[i].option);
			argv[argc++] = in_folder(a, h, reports[i].file);
		}
	if (!a->json) { /* the summary only for the parent */
		argv[argc++] = sf_xstrdup("--json");
		argv[argc++] = sf_xstrdup("-");
	}
	if (dup2(fileno(out), 1) < 0 || dup2(fileno(err), 2) < 0)
		_exit(SF_EXIT_ERROR);
	child_host = h; /* sf_cmd_scan takes its endpoint from here */
	rc = sf_cmd_scan(self, argc, argv);
	fflush(stdout);
	fflush(stderr);
	while (argc)
		free(argv[--argc]);
	free(argv);
	xsltCleanupGlobals();
	xmlCleanupParser();
	exit(rc);
}

static int read_back(FILE *f, sf_buf *out)
{
	char chunk[8192];
	size_t n;

	if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sf_buf_put(out, chunk, n);
	return ferror(f) ? -1 : 0;
}

/* The error the one-host scan printed: its last "scapforge: " line that
 * is no warning, else (it died some other way) its last line. */
static char *scan_error(FILE *err)
{
	sf_buf text = SF_BUF_INIT;
	char *line, *save = NULL, *last = NULL, *any = NULL;

	if (read_back(err, &text) == 0 && text.len)
		for (line = strtok_r(text.ptr, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			if (!strncmp(line, "scapforge: ", 11) &&
			    strncmp(line + 11, "WARNING", 7)) {
				free(last);
				last = sf_xstrdup(line + 11);
			}
			free(any);
			any = sf_xstrdup(line);
		}
	sf_buf_release(&text);
	if (last) {
		free(any);
		return last;
	}
	return any;
}

/* What became of h, from its child's wait status. */
static void finish(const sf_fleet_args *a, sf_fleet_host *h, int status,
                   FILE *out, FILE *err)
{
	sf_buf summary = SF_BUF_INIT;
	char *path = NULL;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

	sf_fleet_host_clear(h);
	if (code == SF_EXIT_OK || code == SF_EXIT_FAILED) {
		int got;

		if (a->json) {
			path = in_folder(a, h, "summary.json");
			got = sf_file_read(path, &summary);
		} else {
			got = read_back(out, &summary);
		}
		if (got == 0 && sf_fleet_outcome_read(h, summary.ptr ? summary.ptr : "",
		                                      summary.len, code) == 0)
			goto done;
		sf_fleet_host_clear(h);
		h->error = sf_xstrdup("its scan left no summary to read");
	} else if (WIFSIGNALED(status)) {
		sf_buf why = SF_BUF_INIT;

		sf_buf_printf(&why, "its scan died of signal %d (%s)",
		              WTERMSIG(status), strsignal(WTERMSIG(status)));
		h->error = sf_buf_detach(&why);
	} else {
		h->error = scan_error(err);
		if (!h->error)
			h->error = sf_xstrdup("its scan failed");
	}
	h->status = SF_FLEET_ERROR;
	h->exit_status = code;
	{
		/* a host not scanned leaves no empty folder behind */
		char *dir = sf_path_join(a->dir, h->folder);

		rmdir(dir);
		free(dir);
	}
done:
	free(path);
	sf_buf_release(&summary);
}

static void print_host(const sf_fleet_host *h)
{
	sf_buf b = SF_BUF_INIT;
	size_t i, k;

	sf_buf_puts(&b, "host ");
	sf_scan_print_safe(&b, h->name);
	sf_buf_printf(&b, ": %s", sf_fleet_status_name(h->status));
	if (h->status == SF_FLEET_ERROR) {
		sf_buf_puts(&b, ": ");
		sf_scan_print_safe(&b, h->error);
	} else {
		sf_buf_printf(&b, ", %zu container%s (", h->containers,
		              h->containers == 1 ? "" : "s");
		for (i = 0; i < h->nrules; i++) {
			const sf_fleet_rule *r = &h->rules[i];

			sf_buf_puts(&b, i ? "; " : "");
			sf_scan_print_safe(&b, r->stig_id ? r->stig_id : r->rule_id);
			sf_buf_printf(&b, " %s", r->result);
			for (k = 0; k < r->noffenders; k++) {
				sf_buf_puts(&b, k ? ", " : ": ");
				sf_scan_print_safe(&b, r->offenders[k].name);
			}
		}
		sf_buf_putc(&b, ')');
	}
	puts(sf_buf_cstr(&b));
	fflush(stdout);
	sf_buf_release(&b);
}

typedef struct slot {
	pid_t pid;
	size_t host;
	FILE *out, *err;
} slot;

/* Starts the scan of host i in s; a host whose folder cannot be made
 * is done at once (returns 0 then, 1 when a child runs). */
static int start(const sf_command *self, const sf_fleet_args *a, sf_fleet *f,
                 size_t i, slot *s)
{
	sf_fleet_host *h = &f->hosts[i];
	char *dir = sf_path_join(a->dir, h->folder);

	s->host = i;
	s->out = tmpfile();
	s->err = tmpfile();
	if (sf_mkdir_p(dir) < 0 || !s->out || !s->err) {
		h->error = sf_xstrdup(s->out && s->err ? sf_error_last()
		                                       : "no temporary file");
		h->status = SF_FLEET_ERROR;
		h->exit_status = -1;
		free(dir);
		return 0;
	}
	free(dir);
	fflush(stdout);
	fflush(stderr);
	s->pid = fork();
	if (s->pid == 0)
		run_child(self, a, h, s->out, s->err);
	if (s->pid < 0) {
		h->error = sf_xstrdup("cannot start its scan (fork)");
		h->status = SF_FLEET_ERROR;
		h->exit_status = -1;
		return 0;
	}
	return 1;
}

static void close_slot(slot *s)
{
	if (s->out)
		fclose(s->out);
	if (s->err)
		fclose(s->err);
	s->out = s->err = NULL;
	s->pid = 0;
}

static void progress(int on, const sf_fleet *f, size_t done)
{
	size_t i, containers = 0;

	if (!on)
		return;
	for (i = 0; i < f->n; i++)
		containers += f->hosts[i].containers;
	fprintf(stderr, "\rfleet: %zu of %zu hosts done, %zu containers "
	                "inspected\033[K%s",
	        done, f->n, containers, done == f->n ? "\n" : "");
}

/* Scans every host, at most a->jobs at once; each one done is printed
 * as it ends. */
void sf_fleet_pool_run(const sf_command *self, const sf_fleet_args *a,
                       sf_fleet *f)
{
	slot *slots = sf_xcalloc((size_t)a->jobs, sizeof(*slots));
	size_t next = 0, done = 0, running = 0, k;
	int on = !a->quiet && f->n > 1 && isatty(2), status;
	pid_t pid;

	progress(on, f, 0);
	while (done < f->n) {
		for (k = 0; running < (size_t)a->jobs && next < f->n &&
		            k < (size_t)a->jobs;
		     k++) {
			if (slots[k].pid)
				continue;
			if (start(self, a, f, next++, &slots[k])) {
				running++;
				continue;
			}
			close_slot(&slots[k]);
			done++;
			if (on)
				fputs("\r\033[K", stderr);
			if (!a->quiet)
				print_host(&f->hosts[next - 1]);
			progress(on, f, done);
		}
		if (!running)
			continue;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break; /* no child left: cannot happen while running */
		}
		for (k = 0; k < (size_t)a->jobs && slots[k].pid != pid; k++)
			;
		if (k == (size_t)a->jobs)
			continue; /* not one of ours */
		finish(a, &f->hosts[slots[k].host], status, slots[k].out,
		       slots[k].err);
		running--;
		done++;
		if (on)
			fputs("\r\033[K", stderr);
		if (!a->quiet)
			print_host(&f->hosts[slots[k].host]);
		close_slot(&slots[k]);
		progress(on, f, done);
	}
	free(slots);
}
