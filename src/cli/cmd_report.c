#include <string.h>

#include "cli/cli.h"
#include "report/html.h"
#include "report/xccdfres.h"
#include "util/error.h"

int sf_cmd_report(const sf_command *self, int argc, char **argv)
{
	const char *arg, *out = NULL, *xccdf = NULL;
	sf_optparse p;
	sf_xccdfdoc d;
	int k;

	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		if (k == -2)
			return SF_EXIT_ERROR;
		if (!strcmp(self->options[k].name, "help")) {
			sf_command_help(self, stdout);
			return SF_EXIT_OK;
		}
		if (!strcmp(self->options[k].name, "xccdf-results"))
			xccdf = arg;
		else
			out = arg;
	}
	if (p.npos != 1 || (!out && !xccdf)) {
		sf_cli_error("report needs one ARF file and -o FILE.html or "
		             "--xccdf-results FILE.xml (see 'scapforge help "
		             "report')");
		return SF_EXIT_ERROR;
	}
	/* the ARF is read once, for both */
	if (sf_xccdfdoc_from_arf(&d, argv[1]) < 0 ||
	    (xccdf && sf_xccdfres_write_doc(&d, xccdf) < 0) ||
	    (out && sf_html_stage(NULL, &d, argv[1], out) < 0)) {
		sf_cli_error("%s", sf_error_last());
		sf_xccdfdoc_release(&d);
		return SF_EXIT_ERROR;
	}
	sf_xccdfdoc_release(&d);
	return SF_EXIT_OK;
}
