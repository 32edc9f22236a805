/*
 * scapforge: generates SCAP content for DISA STIG controls of Docker hosts
 * and checks it. Dispatches to one function per verb.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxslt/xslt.h>

#include "cli/cli.h"

static const sf_option build_options[] = {
    {"rules", 'r', "DIR", "rule files to compile (default: rules)"},
    {"out", 'o', "DIR", "where to write the content (default: output)"},
    {"release", 0, "NAME",
     "STIG release whose IDs are primary: V1R1, V2R1 or V2R2 (default: the rules' default_release)"},
    {"schemas", 0, "DIR", "official SCAP schemas (default: openscap-common's)"},
    {"sign-key", 0, "FILE",
     "sign the data stream with this PEM private key (with --sign-cert)"},
    {"sign-cert", 0, "FILE",
     "the PEM X.509 certificate of --sign-key, carried in the signature"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const sf_option validate_options[] = {
    {"schemas", 0, "DIR", "official SCAP schemas (default: openscap-common's)"},
    {"strict", 0, NULL,
     "treat the accepted Schematron deviation SRC-216-1 (OVAL 5.11.3) as an error"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

/* What a new checklist says besides the results: scan and checklist
 * both take these (cmd_checklist.c, sf_cli_checklist_option). */
#define SF_CHECKLIST_OPTIONS \
    {"stig", 0, "FILE", \
     "checklists of DISA's whole STIG: its manual XCCDF of the release scanned (rules/disa/ has V2R2's); the other rules Not_Reviewed"}, \
    {"role", 0, "ROLE", \
     "the asset's role: None (default), Workstation, Member Server or Domain Controller"}, \
    {"tech-area", 0, "TEXT", "the asset's technology area"}, \
    {"target-comment", 0, "TEXT", "a comment on the asset"}, \
    {"web-or-database", 0, NULL, \
     "the asset is a web or database server (see the next two)"}, \
    {"web-db-site", 0, "TEXT", "its web or database site"}, \
    {"web-db-instance", 0, "TEXT", "its web or database instance"},

static const sf_option scan_options[] = {
    {"datastream", 'd', "FILE",
     "the source data stream (default: output/scapforge-docker-stig-ds.xml)"},
    {"profile", 'p', "ID", "the profile (default: the first one)"},
    {"rule", 'r', "ID",
     "evaluate only this rule (XCCDF ID, Rule ID or STIG ID); repeatable"},
    {"docker-host", 'H', "URL",
     "the engine to scan: unix:///path, tcp://host:port, https://host:port or ssh://[user@]host[:port] (default: DOCKER_HOST, else the docker context, else unix:///var/run/docker.sock); more than once: many hosts"},
    {"context", 0, "NAME",
     "the engine of this docker context (~/.docker/contexts; default: DOCKER_CONTEXT, else config.json's currentContext)"},
    {"tls", 0, NULL, "TLS to a tcp:// engine, without verifying it (default: DOCKER_TLS)"},
    {"tlsverify", 0, NULL,
     "TLS to a tcp:// engine, verified with the CA (default: DOCKER_TLS_VERIFY)"},
    {"tlscacert", 0, "FILE",
     "the CA the engine's certificate must be signed by (default: DOCKER_CERT_PATH/ca.pem, DOCKER_CERT_PATH defaulting to ~/.docker); implies --tlsverify"},
    {"tlscert", 0, "FILE", "the client certificate (default: DOCKER_CERT_PATH/cert.pem, if there)"},
    {"tlskey", 0, "FILE", "the client key (default: DOCKER_CERT_PATH/key.pem, if there)"},
    {"hosts", 0, "FILE",
     "scan many engines: one a line, URL [name=NAME] [tls=DIR] (see README, Many hosts)"},
    {"jobs", 'j', "N", "with many hosts, scan this many engines at once, 1 to 64 (default: 4)"},
    {"results-dir", 0, "DIR",
     "with many hosts, each host's outputs go to DIR/NAME/, the fleet's to DIR (default: scapforge-results)"},
    {"evidence", 'e', "FILE",
     "scan saved docker inspect output instead of an engine: an array, or one object; - for stdin"},
    {"data-root", 0, "DIR",
     "with the portable data stream: Docker's data root to read (default: its Value, /var/lib/docker), e.g. a powered-off host's disk mounted here"},
    {"target-name", 0, "NAME",
     "the asset the results are about (default: the engine's host; for --evidence, what scapforge recorded in it, else unknown)"},
    {"target-fqdn", 0, "FQDN", "the asset's fully qualified name (or an IP address)"},
    {"target-ip", 0, "IP", "an address of the asset, primary first; repeatable"},
    {"target-mac", 0, "MAC",
     "a MAC address of the asset, paired with the --target-ip of its rank; repeatable"},
    {"collect-timeout", 0, "SECONDS",
     "give up when the engine has not answered everything within this time (default: 300)"},
    {"evidence-out", 0, "FILE",
     "where the assessed containers go (default: scapforge-results/evidence.json, mode 0600)"},
    {"keep-env", 0, NULL,
     "keep the containers' environment values in the evidence (default: replaced by a marker, as they often hold secrets)"},
    {"arf", 'a', "FILE",
     "where the ARF 1.1 report goes (default: scapforge-results/arf.xml)"},
    {"html", 0, "FILE", "also write the HTML report"},
    {"ckl", 0, "FILE",
     "also write a STIG Viewer checklist (CKL, STIG Viewer 2)"},
    {"cklb", 0, "FILE",
     "also write a STIG Viewer checklist (CKLB, STIG Viewer 3)"},
    SF_CHECKLIST_OPTIONS
    {"xccdf-results", 0, "FILE",
     "also write XCCDF 1.2 results (the Benchmark holding its TestResult), as STIG Manager and SAF import them"},
    {"marking", 0, "TEXT",
     "the results' marking (e.g. CUI), shown as a banner in the HTML and the checklists (default: none)"},
    {"json", 0, "FILE",
     "also write the JSON summary; - for stdout (then nothing else goes there)"},
    {"fallback-evidence", 0, "FILE",
     "when no Docker engine is reachable, scan this saved evidence instead, saying so loudly"},
    {"set-value", 0, "ID=VALUE",
     "tailor a Value (full ID or short name); repeatable"},
    {"allow-empty", 0, NULL,
     "accept a scan in which the exclusion left out every container (still flagged; exit 0 when every rule passed)"},
    {"quiet", 'q', NULL, "print nothing; the exit status tells"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const sf_option report_options[] = {
    {"output", 'o', "FILE", "the HTML page to write"},
    {"xccdf-results", 0, "FILE",
     "write the ARF's results as XCCDF 1.2 results (the Benchmark holding its TestResult)"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const sf_option checklist_options[] = {
    {"ckl", 0, "FILE",
     "the CKL to write (STIG Viewer 2); DIR/: in DIR, named HOST_STIGID_VxRy.ckl"},
    {"cklb", 0, "FILE",
     "the CKLB to write (STIG Viewer 3); DIR/: in DIR, named HOST_STIGID_VxRy.cklb"},
    {"merge", 0, "CHECKLIST",
     "fill the results into this CKL or CKLB of the same STIG and release, changing nothing else (in place, or to --ckl/--cklb of its kind)"},
    {"any-host", 0, NULL,
     "--merge even into a checklist whose HOST_NAME is not the results' target"},
    SF_CHECKLIST_OPTIONS
    {"marking", 0, "TEXT",
     "the marking (e.g. CUI) in the checklists (default: the scan's; \"\" for none)"},
    {"help", 'h', NULL, "show this help"},
    {NULL, 0, NULL, NULL},
};

static const sf_option help_options[] = {
    {NULL, 0, NULL, NULL},
};

const sf_command sf_commands[] = {
    {"build", "compile the YAML rules into XCCDF, OVAL and a data stream",
     "scapforge build [--rules DIR] [--out DIR] [--release NAME] [--sign-key KEY --sign-cert CERT]",
     "Loads every rule of the rules folder, reports every problem in every\n"
     "file as FILE:LINE:COLUMN, then writes an XCCDF 1.2 benchmark, its OVAL\n"
     "definitions, a SCAP 1.3 source data stream holding both (the evidence\n"
     "data stream, over saved docker inspect output), the same three for the\n"
     "portable data stream (OVAL 5.11.2 over Docker's own container files,\n"
     "for any SCAP 1.3 scanner run as root on the host), and a Tenable\n"
     "Nessus .audit file with the same checks. Each XML file is validated\n"
     "against the official schemas and Schematron before any file replaces\n"
     "the earlier one; on any error no file is changed.\n"
     "Time stamps come from SOURCE_DATE_EPOCH or the rules' date, so the\n"
     "same rules always give the same bytes.\n"
     "With --sign-key and --sign-cert each data stream gets an enveloped XML\n"
     "signature as SCAP 1.3 lays it out (the data stream, the signing time\n"
     "and a manifest of every component signed, the certificate carried),\n"
     "which scanners check (oscap xccdf eval --enforce-signature); a signed\n"
     "data stream carries its signing time, so it differs from build to build.",
     build_options, sf_cmd_build},
    {"validate", "check SCAP files against the official schemas",
     "scapforge validate [--schemas DIR] FILE...",
     "Checks each XCCDF benchmark, OVAL definitions or results document,\n"
     "SCAP source data stream or ARF report against the official XSDs and,\n"
     "where one is published, its Schematron, and the XML signature of a\n"
     "signed data stream (with the certificate it carries, which is not\n"
     "checked against any trust store). Exits 0 when every file is valid\n"
     "(and every signature holds), 1 otherwise.",
     validate_options, sf_cmd_validate},
    {"scan", "scan a Docker engine (or saved evidence) with the data stream",
     "scapforge scan [--docker-host URL [--tlsverify --tlscacert FILE --tlscert FILE --tlskey FILE] | --context NAME | --evidence FILE] [--profile ID] [--rule ID]... [--set-value ID=VALUE]...\n"
     "       scapforge scan --hosts FILE | --docker-host URL --docker-host URL... [--jobs N] [--results-dir DIR]\n"
     "       scapforge scan --datastream output/scapforge-docker-stig-portable-ds.xml [--data-root DIR]",
     "Inspects every container of a Docker engine, running or stopped, or\n"
     "reads saved docker inspect output; leaves out the containers the exclusion\n"
     "Value names (listing them), writes the others to the evidence file the\n"
     "OVAL checks read, and evaluates the profile's rules with scapforge's own\n"
     "OVAL engine. Prints each rule's result and the containers at fault, and\n"
     "writes an ARF 1.1 report (XCCDF TestResult, OVAL results, host facts).\n"
     "With the portable data stream, its checks read Docker's own container\n"
     "files under the data root instead (run as root; no engine is asked).\n"
     "Exit status: 0 every rule passed or was not applicable, 2 a rule failed\n"
     "or ended in error or unknown, 1 the scan could not be done (then no\n"
     "results file is written and earlier ones are left as they were).\n"
     "With many hosts, each is scanned into its folder of --results-dir and\n"
     "the fleet summed up in fleet.json, fleet.csv and fleet.html: exit 0\n"
     "every host passed, 2 a host has a finding or could not be scanned,\n"
     "1 no host could be scanned.",
     scan_options, sf_cmd_scan},
    {"report", "turn an ARF written by scan into an HTML report or XCCDF results",
     "scapforge report ARF [-o FILE.html] [--xccdf-results FILE.xml]",
     "Writes one self-contained HTML page (no script, no network) from an\n"
     "ARF that scapforge scan wrote: host and engine facts, the time of the\n"
     "scan, the profile and Values in force, a summary, and per rule its\n"
     "identifiers, result, offending and excluded containers, check and fix.\n"
     "With --xccdf-results, also (or instead) the XCCDF 1.2 results: the\n"
     "Benchmark holding the ARF's TestResult, the form STIG Manager and\n"
     "MITRE SAF import. Exits 0 when every file was written, 1 otherwise.",
     report_options, sf_cmd_report},
    {"checklist", "turn an ARF written by scan into STIG Viewer checklists",
     "scapforge checklist ARF [--ckl FILE] [--cklb FILE] [--stig XCCDF] [--merge CHECKLIST [--any-host]]",
     "Writes a STIG Viewer 2 checklist (CKL) and/or a STIG Viewer 3 one\n"
     "(CKLB) from an ARF that scapforge scan wrote, for eMASS, STIG Manager\n"
     "and STIG Viewer: the host, the STIG, and per rule DISA's fields, its\n"
     "status (pass: NotAFinding, fail: Open, notapplicable: Not_Applicable,\n"
     "otherwise Not_Reviewed), in the finding details what DISA's check\n"
     "shows of each container, the offenders, exclusions, tailoring and\n"
     "evidence; the comments are the assessor's (one line on an Open rule).\n"
     "With --stig, every rule of DISA's STIG. Without --ckl, --cklb or\n"
     "--merge, both into this folder, named HOST_STIGID_VxRy.ckl(b).\n"
     "--merge fills the results into an existing checklist and changes\n"
     "nothing else in it; one of another STIG, release or host (unless\n"
     "--any-host) is refused.\n"
     "Exits 0 when every file was written, 1 otherwise (then none is).",
     checklist_options, sf_cmd_checklist},
    {"help", "show help for scapforge or one of its commands",
     "scapforge help [COMMAND]", "Shows what a command does and its options.",
     help_options, sf_cmd_help},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const sf_command *sf_command_find(const char *name)
{
	const sf_command *c;

	for (c = sf_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void main_help(FILE *out)
{
	const sf_command *c;

	fputs(
	    "usage: scapforge [--version] [--help] COMMAND [ARGS]\n\n"
	    "Generates and checks SCAP content for the DISA STIG controls of\n"
	    "Docker hosts (DKER-EE-001240, DKER-EE-001250).\n\ncommands:\n",
	    out);
	for (c = sf_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fputs(
	    "\nexit status: 0 success, 1 error, 2 evaluated and a rule failed\n"
	    "'scapforge help COMMAND' shows a command's options.\n",
	    out);
}

int sf_cmd_help(const sf_command *self, int argc, char **argv)
{
	const sf_command *c;

	(void)self;
	if (argc < 2) {
		main_help(stdout);
		return SF_EXIT_OK;
	}
	c = sf_command_find(argv[1]);
	if (!c) {
		sf_cli_error("no command called '%s'", argv[1]);
		return SF_EXIT_ERROR;
	}
	sf_command_help(c, stdout);
	return SF_EXIT_OK;
}

int main(int argc, char **argv)
{
	const sf_command *c;
	int rc;

	if (argc < 2) {
		main_help(stderr);
		return SF_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		main_help(stdout);
		return SF_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("scapforge %s\n", SF_VERSION);
		return SF_EXIT_OK;
	}
	c = sf_command_find(argv[1]);
	if (!c) {
		sf_cli_error(
		    "'%s' is not a scapforge command (see 'scapforge --help')",
		    argv[1]);
		return SF_EXIT_ERROR;
	}
	xmlInitParser();
	rc = c->run(c, argc - 1, argv + 1);
	xsltCleanupGlobals();
	xmlCleanupParser();
	return rc;
}
