/*
 * Validation of SCAP documents against the official schemas of Debian's
 * openscap-common (never copies of them): the XSDs of every namespace the
 * document uses, then, where NIST or MITRE publish one, the Schematron
 * compiled to XSLT and applied with libxslt. Problems become diagnostics
 * with the document's line numbers.
 */
#ifndef SF_VALIDATE_VALIDATE_H
#define SF_VALIDATE_VALIDATE_H

#include <libxml/tree.h>

#include "util/diag.h"

typedef enum sf_doc_kind {
	SF_DOC_UNKNOWN,
	SF_DOC_XCCDF,
	SF_DOC_OVAL_DEFINITIONS,
	SF_DOC_OVAL_RESULTS,
	SF_DOC_DATASTREAM,
	SF_DOC_ARF,
	SF_DOC_CPE_DICTIONARY
} sf_doc_kind;

typedef struct sf_validator sf_validator;

/* schema_dir: where the official schemas are (NULL: the build's default,
 * or SCAPFORGE_SCHEMA_DIR from the environment). */
int sf_validator_new(sf_validator **out, const char *schema_dir);
void sf_validator_free(sf_validator *v);
/* With strict set, the accepted deviations from the SCAP 1.3 Schematron
 * (see validate.c) are errors too. */
void sf_validator_set_strict(sf_validator *v, int strict);

sf_doc_kind sf_doc_kind_of(xmlDocPtr doc);
const char *sf_doc_kind_name(sf_doc_kind k);

/* Validates doc, named name in messages. Returns 0 when valid, -1 when d
 * got errors (or, with the last error set, when validation could not
 * run). */
int sf_validate_doc(sf_validator *v, xmlDocPtr doc, const char *name,
                    sf_diags *d);

/* Parses and validates a file; with doc not NULL, hands the parsed
 * document over there (NULL when the file could not be read; the caller
 * frees it). */
int sf_validate_file(sf_validator *v, const char *path, sf_diags *d);
int sf_validate_file_doc(sf_validator *v, const char *path, sf_diags *d,
                         xmlDocPtr *doc);
/* Parses and validates a document held in memory, named name. */
int sf_validate_memory(sf_validator *v, const char *data, size_t len,
                       const char *name, sf_diags *d);

#endif
