/*
 * SHA-256 (FIPS 180-4), to fingerprint evidence files in reports.
 */
#ifndef SF_UTIL_SHA256_H
#define SF_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sf_sha256 {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
	size_t used;
} sf_sha256;

void sf_sha256_init(sf_sha256 *s);
void sf_sha256_update(sf_sha256 *s, const void *data, size_t len);
/* Writes 64 lower-case hex digits and a NUL. */
void sf_sha256_hex(sf_sha256 *s, char out[65]);

#endif
