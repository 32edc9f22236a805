#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "emit/emit.h"
#include "emit/xmlw.h"
#include "load/rules.h"
#include "util/dsig.h"
#include "util/error.h"
#include "util/fsio.h"
#include "util/xmlread.h"
#include "validate/validate.h"

#define OUT_PREFIX "scapforge-docker-stig"

/* The XML documents first (NXML of them: the evidence data stream's,
 * then the portable one's), then the .audit file. */
enum {
	OUT_XCCDF,
	OUT_OVAL,
	OUT_DS,
	OUT_PXCCDF,
	OUT_POVAL,
	OUT_PCPE,
	OUT_PCPE_OVAL,
	OUT_PDS,
	NXML,
	OUT_AUDIT = NXML,
	NOUT
};

static const char *const out_names[NOUT] = {
    OUT_PREFIX "-xccdf.xml",
    OUT_PREFIX "-oval.xml",
    OUT_PREFIX "-ds.xml",
    OUT_PREFIX "-portable-xccdf.xml",
    OUT_PREFIX "-portable-oval.xml",
    OUT_PREFIX "-portable-cpe-dictionary.xml",
    OUT_PREFIX "-portable-cpe-oval.xml",
    OUT_PREFIX "-portable-ds.xml",
    OUT_PREFIX ".audit",
};

static int is_ds(int i)
{
	return i == OUT_DS || i == OUT_PDS;
}

/* The portable data stream: of the rules that name a data root. */
static int emit_portable(xmlDocPtr *docs, const sf_benchmark *b,
                         const sf_emit_opts *o)
{
	sf_emit_opts po = *o;
	size_t i;

	for (i = 0; i < b->nrules && !b->rules[i].check.data_root; i++)
		;
	if (i == b->nrules)
		return 0;
	po.portable = 1;
	po.oval_href = out_names[OUT_POVAL];
	if (sf_emit_xccdf(&docs[OUT_PXCCDF], b, &po) < 0 ||
	    sf_emit_oval_portable(&docs[OUT_POVAL], b, &po) < 0 ||
	    sf_emit_cpe(&docs[OUT_PCPE], &docs[OUT_PCPE_OVAL], b, &po,
	                out_names[OUT_PCPE_OVAL]) < 0)
		return -1;
	return sf_emit_datastream(&docs[OUT_PDS], b, &po, docs[OUT_PXCCDF],
	                          docs[OUT_POVAL], docs[OUT_PCPE],
	                          docs[OUT_PCPE_OVAL]);
}

static void print_diags(sf_diags *d)
{
	sf_buf text = SF_BUF_INIT;

	sf_diags_sort(d);
	sf_diags_format(d, 1, &text);
	fputs(sf_buf_cstr(&text), stderr);
	sf_buf_release(&text);
}

typedef struct build_args {
	const char *rules, *out, *release, *schemas;
	const char *sign_key, *sign_cert;
} build_args;

static int parse_args(const sf_command *self, int argc, char **argv,
                      build_args *a)
{
	sf_optparse p;
	const char *arg;
	int k;

	memset(a, 0, sizeof(*a));
	a->rules = "rules";
	a->out = "output";
	sf_optparse_init(&p, argc, argv);
	while ((k = sf_optparse_next(&p, self, &arg)) != -1) {
		const char *name;

		if (k == -2)
			return -1;
		name = self->options[k].name;
		if (!strcmp(name, "rules"))
			a->rules = arg;
		else if (!strcmp(name, "out"))
			a->out = arg;
		else if (!strcmp(name, "release"))
			a->release = arg;
		else if (!strcmp(name, "schemas"))
			a->schemas = arg;
		else if (!strcmp(name, "sign-key"))
			a->sign_key = arg;
		else if (!strcmp(name, "sign-cert"))
			a->sign_cert = arg;
		else {
			sf_command_help(self, stdout);
			return 1;
		}
	}
	if (p.npos) {
		sf_cli_error(
		    "build takes no arguments besides options, not '%s'",
		    argv[1]);
		return -1;
	}
	if (!a->sign_key != !a->sign_cert) {
		sf_cli_error("--sign-key and --sign-cert go together: a "
		             "signature needs the key and its certificate");
		return -1;
	}
	return 0;
}

/* Replaces the data stream's bytes in ds with the same, signed: read
 * back as they are, so that the signature covers the very text written. */
static int sign_bytes(sf_buf *ds, const build_args *a)
{
	xmlDocPtr doc = NULL;
	xmlChar *mem = NULL;
	int len = 0, rc = -1;

	if (sf_xml_read(&doc, "the data stream", ds->ptr, ds->len) != 0)
		return -1;
	if (sf_dsig_sign(doc, a->sign_key, a->sign_cert) == 0) {
		xmlDocDumpMemoryEnc(doc, &mem, &len, "UTF-8");
		if (mem && len > 0) {
			sf_buf_clear(ds);
			sf_buf_put(ds, (const char *)mem, (size_t)len);
			rc = 0;
		} else {
			sf_error_set("cannot serialize the signed data stream");
		}
		xmlFree(mem);
	}
	xmlFreeDoc(doc);
	return rc;
}

int sf_cmd_build(const sf_command *self, int argc, char **argv)
{
	sf_benchmark *b = NULL;
	sf_validator *v = NULL;
	sf_diags d;
	sf_emit_opts o;
	build_args a;
	xmlDocPtr docs[NXML];
	sf_buf bytes[NOUT];
	sf_pending_file files[NOUT];
	char *paths[NOUT];
	int rc = SF_EXIT_ERROR, i, parsed;

	memset(docs, 0, sizeof(docs));
	memset(bytes, 0, sizeof(bytes));
	memset(paths, 0, sizeof(paths));
	memset(files, 0, sizeof(files));
	for (i = 0; i < NOUT; i++)
		files[i].fd = files[i].dir = -1;
	sf_diags_init(&d);
	parsed = parse_args(self, argc, argv, &a);
	if (parsed != 0)
		return parsed > 0 ? SF_EXIT_OK : SF_EXIT_ERROR;

	if (sf_rules_load(&b, a.rules, &d) < 0) {
		print_diags(&d);
		sf_cli_error("%zu error%s in '%s'; nothing was written",
		             d.errors, d.errors == 1 ? "" : "s", a.rules);
		goto done;
	}
	print_diags(&d); /* warnings */
	sf_diags_release(&d);
	sf_diags_init(&d);
	memset(&o, 0, sizeof(o));
	o.release = a.release ? a.release : b->default_release;
	o.oval_href = out_names[OUT_OVAL];
	if (!sf_benchmark_release(b, o.release)) {
		sf_cli_error(
		    "unknown release '%s' (the rules define %s%s%s)", o.release,
		    b->releases[0].name, b->nreleases > 1 ? " to " : "",
		    b->nreleases > 1 ? b->releases[b->nreleases - 1].name : "");
		goto done;
	}
	if (sf_emit_timestamp(b, getenv("SOURCE_DATE_EPOCH"), &o.timestamp) <
	        0 ||
	    sf_emit_xccdf(&docs[OUT_XCCDF], b, &o) < 0 ||
	    sf_emit_oval(&docs[OUT_OVAL], b, &o) < 0 ||
	    sf_emit_datastream(&docs[OUT_DS], b, &o, docs[OUT_XCCDF],
	                       docs[OUT_OVAL], NULL, NULL) < 0 ||
	    emit_portable(docs, b, &o) < 0 ||
	    sf_emit_audit(&bytes[OUT_AUDIT], b, &o) < 0 ||
	    sf_validator_new(&v, a.schemas) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	for (i = 0; i < NOUT; i++)
		if (i == OUT_AUDIT || docs[i])
			paths[i] = sf_path_join(a.out, out_names[i]);
	for (i = 0; i < NXML; i++) {
		if (!docs[i])
			continue;
		if (sf_xml_serialize(docs[i], &bytes[i]) < 0 ||
		    (is_ds(i) && a.sign_key && sign_bytes(&bytes[i], &a) < 0)) {
			sf_cli_error("%s", sf_error_last());
			goto done;
		}
		/* Validating the bytes, not the tree, gives messages the line
		 * numbers of the file that would be written. */
		if (sf_validate_memory(v, bytes[i].ptr, bytes[i].len, paths[i],
		                       &d) < 0 &&
		    d.errors == 0) {
			sf_cli_error("%s", sf_error_last());
			goto done;
		}
	}
	if (d.errors) {
		print_diags(&d);
		sf_cli_error(
		    "the generated content is not valid; nothing was written");
		goto done;
	}
	if (sf_mkdir_p(a.out) < 0) {
		sf_cli_error("%s", sf_error_last());
		goto done;
	}
	/* Write every file aside first, then rename them all: a failure
	 * leaves the earlier files as they were. */
	for (i = 0; i < NOUT; i++)
		if (paths[i] && sf_pending_file_write(&files[i], paths[i],
		                                      bytes[i].ptr,
		                                      bytes[i].len) < 0) {
			sf_cli_error("%s", sf_error_last());
			goto done;
		}
	for (i = 0; i < NOUT; i++)
		if (paths[i] && sf_pending_file_commit(&files[i]) < 0) {
			sf_cli_error("%s", sf_error_last());
			goto done;
		}
	for (i = 0; i < NOUT; i++)
		if (paths[i])
			printf("wrote %s%s\n", paths[i],
			       is_ds(i) && a.sign_key ? " (signed)" : "");
	if (d.count)
		printf(
		    "validation gave %zu warning%s; 'scapforge validate %s%s%s' lists them\n",
		    d.count, d.count == 1 ? "" : "s", paths[OUT_DS],
		    paths[OUT_PDS] ? " " : "",
		    paths[OUT_PDS] ? paths[OUT_PDS] : "");
	printf("%zu rules, release %s\n", b->nrules, o.release);
	rc = SF_EXIT_OK;
done:
	for (i = 0; i < NOUT; i++) {
		sf_pending_file_release(&files[i]);
		sf_buf_release(&bytes[i]);
		free(paths[i]);
	}
	for (i = 0; i < NXML; i++)
		xmlFreeDoc(docs[i]);
	sf_validator_free(v);
	sf_benchmark_free(b);
	sf_diags_release(&d);
	return rc;
}
