/*
 * XML digital signatures of SCAP 1.3 source data streams, made and
 * checked with libxmlsec1 over OpenSSL. The layout is SCAP 1.3's, as its
 * Schematron checks it (SRC-284 to SRC-290): one enveloped dsig:Signature,
 * the collection's last child, whose SignedInfo references the data
 * stream first, then its SignatureProperties (a TMSAD signature-info with
 * the signing time and a nonce), then a Manifest that references every
 * component; the signer's certificate in its KeyInfo.
 */
#ifndef SF_UTIL_DSIG_H
#define SF_UTIL_DSIG_H

#include <libxml/tree.h>

/* Signs the data stream collection doc in place with the PEM private key
 * and certificate, and checks the result. Returns 0, or -1 with the last
 * error set (doc is then unusable). */
int sf_dsig_sign(xmlDocPtr doc, const char *key_path, const char *cert_path);

typedef enum sf_dsig_state {
	SF_DSIG_NONE,    /* not signed */
	SF_DSIG_VALID,   /* every reference and the signature value hold */
	SF_DSIG_INVALID  /* something signed was changed, or the layout is
	                    not SCAP 1.3's */
} sf_dsig_state;

typedef struct sf_dsig_report {
	sf_dsig_state state;
	char *signer;  /* the certificate's subject (valid only) */
	char *problem; /* why it is invalid */
	size_t components; /* the components the signature covers */
} sf_dsig_report;

/* Checks doc's signature with the certificate it carries (which is not
 * checked against any trust store: who is trusted is the reader's
 * decision). Only same-document references and canonicalization and
 * digest transforms are followed. Returns 0 with r filled, or -1 with the
 * last error set when the check could not run. */
int sf_dsig_verify(xmlDocPtr doc, sf_dsig_report *r);
void sf_dsig_report_release(sf_dsig_report *r);

#endif
