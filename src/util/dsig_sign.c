/*
 * Signing a data stream collection (sf_dsig_sign, util/dsig.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include "util/buf.h"
#include "util/dsig.h"
#include "util/dsig_int.h"
#include "util/error.h"
#include "util/ns.h"

static char *fragment(const char *id)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "#%s", id);
	return sf_buf_detach(&b);
}

static int add_reference(xmlNodePtr parent, int manifest, const char *id,
                         const char *type)
{
	char *uri = fragment(id);
	xmlNodePtr ref =
	    manifest
	        ? xmlSecTmplManifestAddReference(parent,
	                                         xmlSecTransformSha256Id, NULL,
	                                         BAD_CAST uri, BAD_CAST type)
	        : xmlSecTmplSignatureAddReference(parent,
	                                          xmlSecTransformSha256Id, NULL,
	                                          BAD_CAST uri, BAD_CAST type);

	free(uri);
	return ref && xmlSecTmplReferenceAddTransform(
	                  ref, xmlSecTransformInclC14N11Id)
	           ? 0
	           : -1;
}

/* The TMSAD signature-info: when, and a nonce. */
static int add_properties(xmlNodePtr sig)
{
	xmlNodePtr obj = xmlSecTmplSignatureAddObject(sig, NULL, NULL, NULL);
	xmlNodePtr props, prop, info;
	xmlNsPtr tmsad, dc;
	unsigned char nonce[16];
	char hex[2 * sizeof(nonce) + 1], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	if (!obj || RAND_bytes(nonce, sizeof(nonce)) != 1)
		return -1;
	for (i = 0; i < sizeof(nonce); i++)
		snprintf(hex + 2 * i, 3, "%02x", nonce[i]);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	props = xmlNewChild(obj, sig->ns, BAD_CAST "SignatureProperties", NULL);
	xmlSetProp(props, BAD_CAST "Id", BAD_CAST PROPS_ID);
	prop = xmlNewChild(props, sig->ns, BAD_CAST "SignatureProperty", NULL);
	xmlSetProp(prop, BAD_CAST "Target", BAD_CAST "#" SIG_ID);
	info = xmlNewChild(prop, NULL, BAD_CAST "signature-info", NULL);
	tmsad = xmlNewNs(info, BAD_CAST NS_TMSAD, BAD_CAST "tmsad");
	dc = xmlNewNs(info, BAD_CAST SF_NS_DC, BAD_CAST "dc");
	xmlSetNs(info, tmsad);
	xmlNewTextChild(info, dc, BAD_CAST "date", BAD_CAST stamp);
	xmlNewTextChild(info, tmsad, BAD_CAST "nonce", BAD_CAST hex);
	return sf_dsig_make_id(props, "Id") ? 0 : -1;
}

/* The signature template, the collection's last child. */
static xmlNodePtr add_template(const sf_dsig_parts *p)
{
	xmlNodePtr sig, obj, manifest, ki, x509;
	size_t i;

	sig = xmlSecTmplSignatureCreate(
	    p->root->doc, xmlSecTransformInclC14N11Id,
	    xmlSecTransformRsaSha256Id, BAD_CAST SIG_ID);
	if (!sig)
		return NULL;
	xmlAddChild(p->root, sig);
	if (add_reference(sig, 0, p->stream_id, NULL) < 0 ||
	    add_reference(sig, 0, PROPS_ID, NS_DSIG "SignatureProperties") <
	        0 ||
	    add_reference(sig, 0, MANIFEST_ID, NS_DSIG "Manifest") < 0)
		return NULL;
	/* the certificate, and the bare key after it for scanners that take
	 * no certificate without a trust store of their own (OpenSCAP) */
	ki = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
	x509 = ki ? xmlSecTmplKeyInfoAddX509Data(ki) : NULL;
	if (!x509 || !xmlSecTmplX509DataAddCertificate(x509) ||
	    !xmlSecTmplKeyInfoAddKeyValue(ki) || add_properties(sig) < 0)
		return NULL;
	obj = xmlSecTmplSignatureAddObject(sig, NULL, NULL, NULL);
	manifest =
	    obj ? xmlSecTmplObjectAddManifest(obj, BAD_CAST MANIFEST_ID) : NULL;
	if (!manifest || !sf_dsig_make_id(manifest, "Id") ||
	    !sf_dsig_make_id(sig, "Id"))
		return NULL;
	for (i = 0; i < p->ncomps; i++)
		if (add_reference(manifest, 1, p->comp_ids[i], NULL) < 0)
			return NULL;
	return sig;
}

/* Whether the file can be opened, asked first: libxmlsec1 loses memory
 * on a file it cannot open. */
static int readable(const char *what, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return sf_error_set("cannot read the %s '%s': %s", what, path,
		                    strerror(errno));
	fclose(f);
	return 0;
}

static int unusable(const char *what, const char *path, const char *is_not)
{
	return sf_error_set("cannot use the %s '%s': it is not %s (%s)", what,
	                    path, is_not,
	                    sf_dsig_cause[0] ? sf_dsig_cause : "unreadable");
}

int sf_dsig_sign(xmlDocPtr doc, const char *key_path, const char *cert_path)
{
	xmlSecDSigCtxPtr ctx = NULL;
	xmlNodePtr sig;
	sf_dsig_report r;
	sf_dsig_parts p;
	int rc = -1;

	if (readable("signing key", key_path) < 0 ||
	    readable("signing certificate", cert_path) < 0 ||
	    sf_dsig_find_parts(doc, &p) < 0)
		return -1;
	if (p.sig) {
		free(p.comp_ids);
		return sf_error_set("the data stream is signed already");
	}
	if (sf_dsig_start() < 0) {
		free(p.comp_ids);
		return -1;
	}
	sig = add_template(&p);
	if (!sig) {
		sf_error_set("cannot make the signature's template");
		goto done;
	}
	ctx = xmlSecDSigCtxCreate(NULL);
	if (!ctx) {
		sf_error_set("cannot start signing");
		goto done;
	}
	ctx->signKey = xmlSecCryptoAppKeyLoad(key_path, xmlSecKeyDataFormatPem,
	                                      NULL, NULL, NULL);
	if (!ctx->signKey) {
		unusable("signing key", key_path, "a PEM private key");
		goto done;
	}
	sf_dsig_cause[0] = '\0';
	if (xmlSecCryptoAppKeyCertLoad(ctx->signKey, cert_path,
	                               xmlSecKeyDataFormatPem) < 0) {
		unusable("signing certificate", cert_path,
		         "a PEM X.509 certificate");
		goto done;
	}
	sf_dsig_cause[0] = '\0';
	if (xmlSecDSigCtxSign(ctx, sig) < 0) {
		sf_error_set("cannot sign with the key '%s': %s", key_path,
		             sf_dsig_cause[0] ? sf_dsig_cause : "failed");
		goto done;
	}
	rc = 0;
done:
	if (ctx)
		xmlSecDSigCtxDestroy(ctx);
	sf_dsig_stop();
	free(p.comp_ids);
	if (rc < 0)
		return -1;
	/* a key that is not the certificate's makes a signature no one can
	 * check: refused here rather than found by a reader */
	if (sf_dsig_verify(doc, &r) < 0)
		return -1;
	if (r.state != SF_DSIG_VALID) {
		sf_error_set("the signature made does not verify (%s): is '%s' "
		             "the key of '%s'?",
		             r.problem ? r.problem : "unknown", key_path,
		             cert_path);
		rc = -1;
	}
	sf_dsig_report_release(&r);
	return rc;
}

/* The first problem found: why, and what it is about (NULL: nothing). */
