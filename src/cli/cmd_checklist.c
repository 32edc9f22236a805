#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "report/checklist.h"
#include "util/error.h"
#include "util/fsio.h"

int sf_cli_checklist_option(const char *name, const char *arg,
                            sf_checklist_opts *o)
{
	if (!strcmp(name, "stig"))
		o->stig = arg;
	else if (!strcmp(name, "role"))
		o->role = arg;
	else if (!strcmp(name, "tech-area"))
		o->tech_area = arg;
	else if (!strcmp(name, "target-comment"))
		o->target_comment = arg;
	else if (!strcmp(name, "web-or-database"))
		o->web_or_database = 1;
	else if (!strcmp(name, "web-db-site"))
		o->web_db_site = arg;
	else if (!strcmp(name, "web-db-instance"))
		o->web_db_instance = arg;
	else
		return 0;
	return 1;
}

typedef struct checklist_args {
	const char *ckl, *cklb, *merge;
	int any_host;   /* --any-host */
	int fresh_only; /* an option only new checklists take was given */
	sf_checklist_opts o;
} checklist_args;

/* Returns 0, 1 after --help, -1 after an error. */
static int parse_args(const sf_command *self, int argc, char **argv,
                      checklist_args *a)
{
	const char *arg;
	sf_optparse p;
	int k;

	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		const char *name;

		if (k == -2)
			return -1;
		name = self->options[k].name;
		if (!strcmp(name, "help")) {
			sf_command_help(self, stdout);
			return 1;
		}
		if (!strcmp(name, "ckl"))
			a->ckl = arg;
		else if (!strcmp(name, "cklb"))
			a->cklb = arg;
		else if (!strcmp(name, "merge"))
			a->merge = arg;
		else if (!strcmp(name, "any-host"))
			a->any_host = 1;
		else if (!strcmp(name, "marking"))
			a->o.marking = arg;
		else
			sf_cli_checklist_option(name, arg, &a->o);
		if (strcmp(name, "ckl") && strcmp(name, "cklb") &&
		    strcmp(name, "merge") && strcmp(name, "any-host"))
			a->fresh_only = 1;
	}
	if (p.npos != 1) {
		sf_cli_error("checklist needs one ARF file (see 'scapforge "
		             "help checklist')");
		return -1;
	}
	return 0;
}

static int is_cklb(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && !strcasecmp(path + n - 5, ".cklb");
}

static void print_written(const char *path, const char *what)
{
	if (path)
		printf("checklist: %s (%s)\n", path, what);
}

int sf_cmd_checklist(const sf_command *self, int argc, char **argv)
{
	sf_pending_set set = SF_PENDING_SET_INIT;
	checklist_args a;
	const char *ckl, *cklb, *merge_to = NULL;
	char *merged = NULL;
	sf_xccdfdoc d;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&d, 0, sizeof(d));
	rc = parse_args(self, argc, argv, &a);
	if (rc != 0)
		return rc > 0 ? SF_EXIT_OK : SF_EXIT_ERROR;
	ckl = a.ckl;
	cklb = a.cklb;
	if (a.merge) {
		/* --ckl or --cklb of the merged file's kind is where it goes;
		 * the other kind is a new checklist */
		merge_to = is_cklb(a.merge) ? cklb : ckl;
		if (is_cklb(a.merge))
			cklb = NULL;
		else
			ckl = NULL;
	} else if (!ckl && !cklb) {
		ckl = cklb = "./"; /* both, here, under DISA's names */
	}
	if (a.merge && !ckl && !cklb && a.fresh_only) {
		sf_cli_error(
		    "--merge keeps the checklist's own asset, marking "
		    "and rules: --stig, --role, --tech-area, "
		    "--target-comment, --web-or-database, --web-db-site, "
		    "--web-db-instance and --marking are for new "
		    "checklists");
		return SF_EXIT_ERROR;
	}
	/* the ARF is read once, for every checklist made */
	rc = sf_checklist_opts_check(&a.o);
	if (rc == 0)
		rc = sf_xccdfdoc_from_arf(&d, argv[1]);
	if (rc == 0 && (ckl || cklb))
		rc = sf_checklist_stage(&set, &d, argv[1], ckl, cklb, &a.o);
	if (rc == 0 && a.merge)
		rc = sf_checklist_merge_stage(&set, &d, argv[1], a.merge,
		                              merge_to, a.any_host, &merged);
	sf_xccdfdoc_release(&d);
	/* all are complete: only now does any replace an earlier file */
	if (rc == 0)
		rc = sf_pending_set_commit(&set);
	if (rc < 0) {
		sf_cli_error("%s", sf_error_last());
	} else {
		print_written(a.o.ckl_written, "CKL");
		print_written(a.o.cklb_written, "CKLB");
		print_written(merged, "merged");
	}
	sf_pending_set_release(&set);
	sf_checklist_opts_release(&a.o);
	free(merged);
	return rc < 0 ? SF_EXIT_ERROR : SF_EXIT_OK;
}
