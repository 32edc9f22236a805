#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/sha256.h"

/* libcrypto fails only for want of memory: then, as every allocation
 * here, the program cannot go on. */
static void must(int ok)
{
	if (!ok) {
		fputs("scapforge: libcrypto cannot compute SHA-256\n", stderr);
		abort();
	}
}

void sf_sha256_init(sf_sha256 *s)
{
	static int ready;

	/* openssl.cnf has nothing a digest needs: not read */
	if (!ready)
		ready = OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	s->ctx = EVP_MD_CTX_new();
	must(s->ctx != NULL);
	must(EVP_DigestInit_ex(s->ctx, EVP_sha256(), NULL));
}

void sf_sha256_update(sf_sha256 *s, const void *data, size_t len)
{
	must(EVP_DigestUpdate(s->ctx, data, len));
}

void sf_sha256_hex(sf_sha256 *s, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0, i;

	must(EVP_DigestFinal_ex(s->ctx, md, &n) && n == 32);
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	sf_sha256_release(s);
}

void sf_sha256_release(sf_sha256 *s)
{
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
}
