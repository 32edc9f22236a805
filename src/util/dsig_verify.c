/*
 * Verifying a data stream collection's signature (sf_dsig_verify,
 * util/dsig.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include "util/buf.h"
#include "util/dsig.h"
#include "util/dsig_int.h"
#include "util/error.h"
#include "util/xmlq.h"

static void invalid(sf_dsig_report *r, const char *why, const char *what)
{
	sf_buf b = SF_BUF_INIT;

	if (r->state == SF_DSIG_INVALID)
		return;
	sf_buf_puts(&b, why);
	if (what)
		sf_buf_puts(&b, what);
	r->state = SF_DSIG_INVALID;
	r->problem = sf_buf_detach(&b);
}

/* The URI of reference n of the references under parent. */
static const char *reference_uri(xmlNodePtr parent, size_t n)
{
	xmlNodePtr c;

	for (c = parent ? parent->children : NULL; c; c = c->next)
		if (sf_xml_is(c, NS_DSIG, "Reference") && !n--) {
			xmlAttrPtr a = xmlHasProp(c, BAD_CAST "URI");

			return a && a->children
			           ? (const char *)a->children->content
			           : "";
		}
	return NULL;
}

/* SCAP 1.3's layout: the data stream, the properties, the manifest in
 * SignedInfo; every component in the manifest. */
static void check_layout(const sf_dsig_parts *p, xmlNodePtr sig,
                         sf_dsig_report *r)
{
	xmlNodePtr info = sf_dsig_child(sig, NS_DSIG, "SignedInfo"), obj,
	           manifest = NULL;
	const char *uri;
	size_t i, n;

	for (obj = sig->children; obj; obj = obj->next) {
		xmlNodePtr c;

		if (!sf_xml_is(obj, NS_DSIG, "Object"))
			continue;
		for (c = obj->children; c; c = c->next) {
			if (sf_xml_is(c, NS_DSIG, "Manifest"))
				manifest = c;
			if ((sf_xml_is(c, NS_DSIG, "Manifest") ||
			     sf_xml_is(c, NS_DSIG, "SignatureProperties")))
				sf_dsig_make_id(c, "Id");
		}
	}
	sf_dsig_make_id(sig, "Id");
	if (p->other)
		invalid(r, "the signature does not cover the collection's ",
		        (const char *)p->other->name);
	uri = reference_uri(info, 0);
	if (!uri || uri[0] != '#' || strcmp(uri + 1, p->stream_id))
		invalid(r, "its first reference is not the data stream ",
		        p->stream_id);
	if (!manifest || !reference_uri(info, 2))
		invalid(r, "it has no manifest of the components", NULL);
	for (i = 0; i < p->ncomps && manifest; i++) {
		for (n = 0; (uri = reference_uri(manifest, n)) != NULL; n++)
			if (uri[0] == '#' && !strcmp(uri + 1, p->comp_ids[i]))
				break;
		if (!uri)
			invalid(r, "it does not cover the component ",
			        p->comp_ids[i]);
	}
	r->components = p->ncomps;
}

/* Only what a data stream's signature needs is followed. */
static int restrict_transforms(xmlSecDSigCtxPtr ctx)
{
	xmlSecTransformId c14n[] = {
	    xmlSecTransformInclC14N11Id, xmlSecTransformInclC14NId,
	    xmlSecTransformExclC14NId,   xmlSecTransformSha256Id,
	    xmlSecTransformSha384Id,     xmlSecTransformSha512Id};
	xmlSecTransformId sign[] = {
	    xmlSecTransformInclC14N11Id,  xmlSecTransformInclC14NId,
	    xmlSecTransformExclC14NId,    xmlSecTransformRsaSha256Id,
	    xmlSecTransformRsaSha384Id,   xmlSecTransformRsaSha512Id,
	    xmlSecTransformEcdsaSha256Id, xmlSecTransformEcdsaSha384Id,
	    xmlSecTransformEcdsaSha512Id};
	size_t i;

	ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
	for (i = 0; i < sizeof(c14n) / sizeof(*c14n); i++)
		if (xmlSecDSigCtxEnableReferenceTransform(ctx, c14n[i]) < 0)
			return -1;
	for (i = 0; i < sizeof(sign) / sizeof(*sign); i++)
		if (xmlSecDSigCtxEnableSignatureTransform(ctx, sign[i]) < 0)
			return -1;
	return 0;
}

static char *subject_of(xmlSecKeyPtr key)
{
	xmlSecKeyDataPtr data =
	    key ? xmlSecKeyGetData(key, xmlSecOpenSSLKeyDataX509Id) : NULL;
	X509 *cert = data ? xmlSecOpenSSLKeyDataX509GetKeyCert(data) : NULL;
	char *line, *out;

	if (!cert)
		return sf_xstrdup("a key without a certificate");
	line = X509_NAME_oneline(X509_get_subject_name(cert), NULL, 0);
	out = sf_xstrdup(line ? line : "?");
	OPENSSL_free(line);
	return out;
}

static void check_value(xmlSecDSigCtxPtr ctx, xmlNodePtr sig, sf_dsig_report *r)
{
	xmlSecSize i;

	if (xmlSecDSigCtxVerify(ctx, sig) < 0) {
		invalid(r, "it cannot be checked: ",
		        sf_dsig_cause[0] ? sf_dsig_cause : "failed");
		return;
	}
	for (i = 0; i < xmlSecPtrListGetSize(&ctx->signedInfoReferences); i++) {
		xmlSecDSigReferenceCtxPtr ref =
		    xmlSecPtrListGetItem(&ctx->signedInfoReferences, i);

		if (ref->status != xmlSecDSigStatusSucceeded)
			invalid(r, "what it references was changed: ",
			        ref->uri ? (const char *)ref->uri : "?");
	}
	/* libxmlsec1 leaves the manifest's references to the application */
	for (i = 0; i < xmlSecPtrListGetSize(&ctx->manifestReferences); i++) {
		xmlSecDSigReferenceCtxPtr ref =
		    xmlSecPtrListGetItem(&ctx->manifestReferences, i);

		if (ref->status != xmlSecDSigStatusSucceeded)
			invalid(r, "a component was changed: ",
			        ref->uri ? (const char *)ref->uri + 1 : "?");
	}
	if (ctx->status != xmlSecDSigStatusSucceeded)
		invalid(r, "the signature value does not match", NULL);
	if (r->state != SF_DSIG_INVALID) {
		r->state = SF_DSIG_VALID;
		r->signer = subject_of(ctx->signKey);
	}
}

int sf_dsig_verify(xmlDocPtr doc, sf_dsig_report *r)
{
	xmlSecKeysMngrPtr mngr = NULL;
	xmlSecDSigCtxPtr ctx = NULL;
	xmlNodePtr sig;
	sf_dsig_parts p;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (sf_dsig_find_parts(doc, &p) < 0)
		return -1;
	sig = p.sig;
	if (!sig) {
		free(p.comp_ids);
		return 0;
	}
	check_layout(&p, sig, r);
	if (sf_dsig_start() < 0) {
		free(p.comp_ids);
		return -1;
	}
	mngr = xmlSecKeysMngrCreate();
	if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0 ||
	    !(ctx = xmlSecDSigCtxCreate(mngr)) ||
	    restrict_transforms(ctx) < 0) {
		sf_error_set("cannot start checking the signature");
		goto done;
	}
	ctx->keyInfoReadCtx.flags |=
	    XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
	check_value(ctx, sig, r);
	rc = 0;
done:
	if (ctx)
		xmlSecDSigCtxDestroy(ctx);
	if (mngr)
		xmlSecKeysMngrDestroy(mngr);
	sf_dsig_stop();
	free(p.comp_ids);
	return rc;
}

void sf_dsig_report_release(sf_dsig_report *r)
{
	free(r->signer);
	free(r->problem);
	memset(r, 0, sizeof(*r));
}
