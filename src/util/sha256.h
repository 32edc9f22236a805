/*
 * SHA-256 (FIPS 180-4), to fingerprint evidence files in reports and to
 * derive checklist UUIDs: OpenSSL's libcrypto, which uses the CPU's SHA
 * instructions where there are any.
 */
#ifndef SF_UTIL_SHA256_H
#define SF_UTIL_SHA256_H

#include <stddef.h>

typedef struct sf_sha256 {
	void *ctx; /* OpenSSL's SHA256_CTX; NULL once finished */
} sf_sha256;

void sf_sha256_init(sf_sha256 *s);
void sf_sha256_update(sf_sha256 *s, const void *data, size_t len);
/* Writes 64 lower-case hex digits and a NUL, and frees the state. */
void sf_sha256_hex(sf_sha256 *s, char out[65]);
/* Frees a state that will not be finished (accepts a finished one). */
void sf_sha256_release(sf_sha256 *s);

#endif
