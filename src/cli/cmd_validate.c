#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/dsig.h"
#include "util/error.h"
#include "validate/validate.h"

/* What the signature of doc, a data stream, says, as the end of its
 * line ("" for other documents, and for none: what could not be read,
 * the validation has reported); -1 when it does not hold or cannot be
 * checked. */
static int signature_of(xmlDocPtr doc, sf_buf *say)
{
	sf_dsig_report r;
	int rc = 0;

	if (!doc || sf_doc_kind_of(doc) != SF_DOC_DATASTREAM)
		return 0;
	if (sf_dsig_verify(doc, &r) < 0) {
		sf_buf_printf(say, "; its signature cannot be checked: %s",
		              sf_error_last());
		rc = -1;
	} else if (r.state == SF_DSIG_VALID) {
		sf_buf_printf(say,
		              "; signed by %s, the signature holding for the "
		              "data stream and its %zu components (the "
		              "certificate is not checked against a trust store)",
		              r.signer, r.components);
	} else if (r.state == SF_DSIG_INVALID) {
		sf_buf_printf(say, "; signature INVALID: %s", r.problem);
		rc = -1;
	} else {
		sf_buf_puts(say, " (not signed)");
	}
	sf_dsig_report_release(&r);
	return rc;
}

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
		sf_buf text = SF_BUF_INIT, say = SF_BUF_INIT;
		xmlDocPtr doc = NULL;
		int ran, signed_ok;

		sf_diags_init(&d);
		ran = sf_validate_file_doc(v, path, &d, &doc) == 0 || d.errors;
		if (!ran)
			sf_cli_error("%s: %s", path, sf_error_last());
		sf_diags_format(&d, 0, &text);
		fputs(sf_buf_cstr(&text), stderr);
		signed_ok = signature_of(doc, &say) == 0;
		xmlFreeDoc(doc);
		if (d.errors)
			printf("%s: invalid (%zu error%s)%s\n", path, d.errors,
			       d.errors == 1 ? "" : "s", sf_buf_cstr(&say));
		else if (ran)
			printf("%s: %s%s\n", path,
			       signed_ok ? "valid" : "schema-valid",
			       sf_buf_cstr(&say));
		if (!ran || d.errors || !signed_ok)
			rc = SF_EXIT_ERROR;
		sf_buf_release(&say);
		sf_buf_release(&text);
		sf_diags_release(&d);
	}
	sf_validator_free(v);
	return rc;
}
