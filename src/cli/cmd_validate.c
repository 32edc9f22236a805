#include <string.h>

#include "cli/cli.h"
#include "util/error.h"
#include "validate/validate.h"

int sf_cmd_validate(const sf_command *self, int argc, char **argv)
{
	const char *arg, *schemas = NULL;
	int strict = 0;
	sf_validator *v = NULL;
	sf_optparse p;
	int k, i, rc = SF_EXIT_OK;

	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		if (k == -2)
			return SF_EXIT_ERROR;
		if (!strcmp(self->options[k].name, "help")) {
			sf_command_help(self, stdout);
			return SF_EXIT_OK;
		}
		if (!strcmp(self->options[k].name, "strict"))
			strict = 1;
		else
			schemas = arg;
	}
	if (p.npos == 0) {
		sf_cli_error(
		    "validate needs at least one file (see 'scapforge help validate')");
		return SF_EXIT_ERROR;
	}
	if (sf_validator_new(&v, schemas) < 0) {
		sf_cli_error("%s", sf_error_last());
		return SF_EXIT_ERROR;
	}
	sf_validator_set_strict(v, strict);
	for (i = 1; i <= p.npos; i++) {
		const char *path = argv[i];
		sf_diags d;
		sf_buf text = SF_BUF_INIT;

		sf_diags_init(&d);
		if (sf_validate_file(v, path, &d) < 0) {
			rc = SF_EXIT_ERROR;
			if (d.errors == 0)
				sf_cli_error("%s: %s", path, sf_error_last());
		}
		sf_diags_format(&d, 0, &text);
		fputs(sf_buf_cstr(&text), stderr);
		if (d.errors == 0 && rc == SF_EXIT_OK)
			printf("%s: valid\n", path);
		else if (d.errors)
			printf("%s: invalid (%zu error%s)\n", path, d.errors,
			       d.errors == 1 ? "" : "s");
		sf_buf_release(&text);
		sf_diags_release(&d);
	}
	sf_validator_free(v);
	return rc;
}
