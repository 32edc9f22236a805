/*
 * Turns the model into SCAP documents: an XCCDF 1.2 Benchmark, the OVAL
 * 5.11.3 definitions its rules check, and a SCAP 1.3 source data stream
 * holding both; and into a Tenable Nessus compliance file (.audit) with
 * the same checks. Output depends only on the model and the options,
 * never on the clock, so that builds are reproducible.
 */
#ifndef SF_EMIT_EMIT_H
#define SF_EMIT_EMIT_H

#include <libxml/tree.h>

#include "model/model.h"
#include "util/buf.h"
#include "util/ns.h"

/* Roles of Values, in <sf:role> of their metadata, for scanners that
 * collect the docker inspect evidence themselves. */
#define SF_ROLE_EVIDENCE_PATH "evidence-path"
#define SF_ROLE_EXCLUSION_PATTERN "exclusion-pattern"
/* and for scanners that read Docker's own files (the portable data
 * stream) */
#define SF_ROLE_DATA_ROOT "data-root"

/* OpenSCAP's --stig-viewer keeps rules that carry this reference. */
#define SF_STIG_VIEWER_HREF "https://public.cyber.mil/stigs/srg-stig-tools/"

typedef struct sf_emit_opts {
	const char *release;   /* whose identifiers are primary */
	long long timestamp;   /* seconds since 1970, UTC */
	const char *oval_href; /* the OVAL file name the XCCDF refers to */
	int portable; /* the portable data stream's documents */
} sf_emit_opts;

/* The time stamp of the content: SOURCE_DATE_EPOCH when set, else the
 * benchmark's date at midnight UTC. Returns -1 for a bad value. */
int sf_emit_timestamp(const sf_benchmark *b, const char *source_date_epoch,
                      long long *out);

int sf_emit_xccdf(xmlDocPtr *out, const sf_benchmark *b, const sf_emit_opts *o);
int sf_emit_oval(xmlDocPtr *out, const sf_benchmark *b, const sf_emit_opts *o);
/* The portable OVAL 5.11.2 definitions of the rules that name a data
 * root: they read Docker's own container files (see oval_portable.c). */
int sf_emit_oval_portable(xmlDocPtr *out, const sf_benchmark *b,
                          const sf_emit_opts *o);
/* The portable data stream's platform: a CPE dictionary naming Docker
 * Engine, and the OVAL inventory check it points at as oval_href. */
#define SF_CPE_DOCKER_ENGINE "cpe:/a:docker:engine"
/* the same in CPE 2.3's formatted string binding */
#define SF_CPE23_DOCKER_ENGINE "cpe:2.3:a:docker:engine:*:*:*:*:*:*:*:*"
int sf_emit_cpe(xmlDocPtr *dictionary, xmlDocPtr *oval, const sf_benchmark *b,
                const sf_emit_opts *o, const char *oval_href);
/* Wraps copies of the documents in a source data stream: the Benchmark
 * as its checklist, the OVAL definitions as its check, and, when
 * cpe_dict is not NULL, the CPE dictionary and its OVAL check. */
int sf_emit_datastream(xmlDocPtr *out, const sf_benchmark *b,
                       const sf_emit_opts *o, xmlDocPtr xccdf, xmlDocPtr oval,
                       xmlDocPtr cpe_dict, xmlDocPtr cpe_oval);
/* Appends the Unix .audit file: one CMD_EXEC custom_item per rule, with
 * the release's identifiers; only o->release is read. */
int sf_emit_audit(sf_buf *out, const sf_benchmark *b, const sf_emit_opts *o);

/* IDs shared by the emitters. The caller frees. */
char *sf_xccdf_id(const sf_benchmark *b, const char *type, const char *name);
char *sf_oval_id(const sf_benchmark *b, const char *type, unsigned long n);

#endif
