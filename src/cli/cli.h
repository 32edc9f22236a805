/*
 * The command-line tool: git-style verbs, each with one option table that
 * both parses its arguments and produces its help. Only this layer prints
 * to the terminal or chooses an exit code.
 */
#ifndef SF_CLI_CLI_H
#define SF_CLI_CLI_H

#include <stdio.h>

/* Exit codes, as OpenSCAP uses them. */
#define SF_EXIT_OK 0     /* success; every rule passed */
#define SF_EXIT_ERROR 1  /* the job could not be done */
#define SF_EXIT_FAILED 2 /* evaluated, and a rule failed or erred */

typedef struct sf_option {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0 for none */
	const char *arg;  /* name of its argument, NULL for a flag */
	const char *help;
} sf_option;

typedef struct sf_command {
	const char *name;
	const char *summary;
	const char *usage;
	const char *description;
	const sf_option *options; /* ends with a NULL name */
	int (*run)(const struct sf_command *self, int argc, char **argv);
} sf_command;

extern const sf_command sf_commands[];

const sf_command *sf_command_find(const char *name);
void sf_command_help(const sf_command *c, FILE *out);

/* Walks argv like getopt_long. Returns the index of the option found
 * (its argument in *arg), -1 at the end (positional arguments are moved
 * to the front and counted in p->npos), or -2 after printing an error. */
typedef struct sf_optparse {
	int argc;
	char **argv;
	int i;
	int npos;
	int done;
} sf_optparse;

void sf_optparse_init(sf_optparse *p, int argc, char **argv);
int sf_optparse_next(sf_optparse *p, const sf_command *c, const char **arg);

/* Prints "scapforge: message" to stderr. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void sf_cli_error(const char *fmt, ...);

/* Takes an option of SF_CHECKLIST_OPTIONS (main.c) into o; returns
 * whether name is one. */
struct sf_checklist_opts;
int sf_cli_checklist_option(const char *name, const char *arg,
                            struct sf_checklist_opts *o);

int sf_cmd_build(const sf_command *self, int argc, char **argv);
int sf_cmd_validate(const sf_command *self, int argc, char **argv);
int sf_cmd_scan(const sf_command *self, int argc, char **argv);
/* A scan of many hosts (cmd_fleet.c): whether argv asks for one (--hosts,
 * or --docker-host more than once), the scan itself, and the endpoint of
 * the host a fleet's child process scans filled into e (nothing outside
 * such a child). */
int sf_cli_fleet_wanted(const sf_command *self, int argc, char **argv);
int sf_cmd_fleet(const sf_command *self, int argc, char **argv);
struct sf_endpoint_opts;
void sf_cli_fleet_endpoint(struct sf_endpoint_opts *e);
int sf_cmd_report(const sf_command *self, int argc, char **argv);
int sf_cmd_checklist(const sf_command *self, int argc, char **argv);
int sf_cmd_help(const sf_command *self, int argc, char **argv);

#endif
