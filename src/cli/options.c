#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"

void sf_cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("scapforge: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void sf_optparse_init(sf_optparse *p, int argc, char **argv)
{
	p->argc = argc;
	p->argv = argv;
	p->i = 1;
	p->npos = 0;
	p->done = 0;
}

static int take_argument(sf_optparse *p, const sf_command *c, int idx,
                         const char *inline_arg, const char **arg)
{
	const sf_option *o = &c->options[idx];

	if (!o->arg) {
		if (inline_arg) {
			sf_cli_error("option '--%s' takes no value", o->name);
			return -2;
		}
		*arg = NULL;
		return idx;
	}
	if (inline_arg) {
		*arg = inline_arg;
		return idx;
	}
	if (p->i >= p->argc) {
		sf_cli_error("option '--%s' needs a value (%s)", o->name,
		             o->arg);
		return -2;
	}
	*arg = p->argv[p->i++];
	return idx;
}

int sf_optparse_next(sf_optparse *p, const sf_command *c, const char **arg)
{
	while (p->i < p->argc) {
		char *a = p->argv[p->i++];
		const char *eq;
		size_t len;
		int k;

		if (p->done || a[0] != '-' || a[1] == '\0') {
			p->argv[1 + p->npos++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			p->done = 1;
			continue;
		}
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (k = 0; c->options[k].name; k++)
				if (strlen(c->options[k].name) == len &&
				    !strncmp(c->options[k].name, a + 2, len))
					return take_argument(
					    p, c, k, eq ? eq + 1 : NULL, arg);
			sf_cli_error(
			    "unknown option '%s' for '%s' (see 'scapforge help %s')",
			    a, c->name, c->name);
			return -2;
		}
		for (k = 0; c->options[k].name; k++)
			if (c->options[k].short_name == a[1])
				return take_argument(p, c, k,
				                     a[2] ? a + 2 : NULL, arg);
		sf_cli_error(
		    "unknown option '%s' for '%s' (see 'scapforge help %s')", a,
		    c->name, c->name);
		return -2;
	}
	return -1;
}

void sf_command_help(const sf_command *c, FILE *out)
{
	const sf_option *o;
	char left[64];

	fprintf(out, "usage: %s\n\n%s\n", c->usage, c->description);
	if (!c->options[0].name)
		return;
	fputs("\noptions:\n", out);
	for (o = c->options; o->name; o++) {
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
			         o->short_name, o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
}
