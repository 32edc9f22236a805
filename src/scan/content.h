/*
 * A SCAP source data stream as the scanner needs it: the Benchmark with
 * its profiles, Values and Rules, and the OVAL definitions its checks
 * name (resolved through the checklist's catalog). Strings are borrowed
 * from the libxml2 document the content owns.
 */
#ifndef SF_SCAN_CONTENT_H
#define SF_SCAN_CONTENT_H

#include <stddef.h>

#include <libxml/tree.h>

typedef struct sf_export {
	const char *value_id;
	const char *export_name;
} sf_export;

typedef struct sf_xrule {
	const char *id;
	const char *version; /* the STIG ID */
	const char *title;
	const char *severity;
	xmlNodePtr node;
	sf_export *exports;
	size_t nexports;
	const char *oval_href;
	const char *oval_def; /* NULL: no OVAL check */
} sf_xrule;

typedef struct sf_xvalue {
	const char *id;
	const char *role; /* sf:role, or NULL */
	xmlNodePtr node;
} sf_xvalue;

/* A platform of the Benchmark, as the data stream's CPE dictionary
 * checks it: an OVAL definition in a component of its own. */
typedef struct sf_platform {
	const char *cpe;  /* the platform's idref */
	xmlNodePtr oval;  /* the oval_definitions the check names, or NULL
	                     when the dictionary has no check for it */
	const char *def;  /* the definition's ID */
} sf_platform;

typedef struct sf_content {
	xmlDocPtr doc;
	xmlNodePtr benchmark;
	xmlNodePtr oval; /* the oval_definitions element */
	sf_platform *platforms; /* the Benchmark's own platform elements */
	size_t nplatforms;
	sf_xrule *rules;
	size_t nrules;
	sf_xvalue *values;
	size_t nvalues;
} sf_content;

/* Loads a source data stream; -1 with the last error set when the file
 * cannot be read or is not one scapforge can scan with. */
int sf_content_load(sf_content **out, const char *path);
void sf_content_free(sf_content *c);

/* The Profile element by ID (NULL: the first profile), or NULL. */
xmlNodePtr sf_content_profile(const sf_content *c, const char *id);
const sf_xvalue *sf_content_value(const sf_content *c, const char *id);
/* Whether the checks read Docker's data root rather than an evidence
 * file (the portable data stream): a Value of the data-root role, none
 * of the evidence-path role. */
int sf_content_reads_data_root(const sf_content *c);

#endif
