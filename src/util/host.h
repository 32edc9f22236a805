/*
 * Facts about the host a scan runs on, for the reports: its names, its
 * network interfaces (address and MAC), the operating system and the
 * user who ran the scan.
 */
#ifndef SF_UTIL_HOST_H
#define SF_UTIL_HOST_H

#include <stddef.h>

typedef struct sf_host_if {
	char *name;
	char *address; /* IPv4 dotted or IPv6 in its short form */
	int ipv6;
	char *mac; /* "02:42:AC:11:00:02", or "" when it has none */
	int loopback;
} sf_host_if;

typedef struct sf_host {
	char *hostname;
	char *fqdn;
	char *os_name; /* PRETTY_NAME's parts of /etc/os-release */
	char *os_version;
	char *arch;
	char *user;
	int privileged;  /* effective UID 0 */
	sf_host_if *ifs; /* addresses, the host's own before loopback */
	size_t nifs;
} sf_host;

/* Never fails: what cannot be found is left empty (or "unknown"). */
void sf_host_gather(sf_host *h);
void sf_host_release(sf_host *h);

/* An IPv6 address as eight groups without "::" (as Asset Identification
 * requires: "0:0:0:0:0:0:0:1"); other text is copied. */
void sf_host_ipv6_full(const char *addr, char out[48]);

/* The first address that is not loopback (IPv4 first), or NULL. */
const sf_host_if *sf_host_primary(const sf_host *h);

#endif
