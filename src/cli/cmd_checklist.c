#include <string.h>

#include "cli/cli.h"
#include "report/checklist.h"
#include "util/error.h"

int sf_cmd_checklist(const sf_command *self, int argc, char **argv)
{
	const char *arg, *ckl = NULL, *cklb = NULL;
	sf_optparse p;
	int k;

	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		const char *name;

		if (k == -2)
			return SF_EXIT_ERROR;
		name = self->options[k].name;
		if (!strcmp(name, "help")) {
			sf_command_help(self, stdout);
			return SF_EXIT_OK;
		}
		if (!strcmp(name, "ckl"))
			ckl = arg;
		else
			cklb = arg;
	}
	if (p.npos != 1 || (!ckl && !cklb)) {
		sf_cli_error("checklist needs one ARF file and --ckl FILE or "
		             "--cklb FILE (see 'scapforge help checklist')");
		return SF_EXIT_ERROR;
	}
	if (sf_checklist_write(argv[1], ckl, cklb) < 0) {
		sf_cli_error("%s", sf_error_last());
		return SF_EXIT_ERROR;
	}
	return SF_EXIT_OK;
}
