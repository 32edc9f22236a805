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

/* Whom the results are about (sf_host.kind). */
#define SF_TARGET_LOCAL "local"       /* this host, through its socket */
#define SF_TARGET_ENGINE "engine"     /* the engine's host, by its word */
#define SF_TARGET_EVIDENCE "evidence" /* saved evidence, named */
#define SF_TARGET_EXAMPLE "example"   /* the bundled example: no host */
#define SF_TARGET_UNKNOWN "unknown"   /* saved evidence, unnamed */

typedef struct sf_host {
	const char *kind; /* SF_TARGET_*: a host gathered is "local" */
	char *hostname;
	char *fqdn;
	char *os_name; /* PRETTY_NAME's parts of /etc/os-release */
	char *os_version;
	char *arch;
	char *kernel; /* the kernel's release, or NULL */
	char *user;   /* who ran the scan (not the target's) */
	int privileged;  /* effective UID 0 */
	sf_host_if *ifs; /* addresses, the host's own before loopback */
	size_t nifs;
} sf_host;

/* Never fails: what cannot be found is left empty (or "unknown"). */
void sf_host_gather(sf_host *h);
/* A target known only by name (and kind): no address, an OS "unknown";
 * the user is the one running this process. */
void sf_host_named(sf_host *h, const char *kind, const char *name);
/* Adds an address (IPv4 or IPv6, loopback or not as it is) and its MAC
 * ("" for none), after those already there. */
void sf_host_add_address(sf_host *h, const char *ip, const char *mac);
/* 4 or 6 for an IP address in text, else 0. */
int sf_host_ip_version(const char *s);
/* Whether an IP address is a loopback one (127/8, ::1). */
int sf_host_ip_loopback(const char *s);
/* Whether s is a fully qualified name as checklists want it: a dotted
 * DNS name (labels of letters, digits and hyphens), or an IP address. */
int sf_host_is_fqdn(const char *s);
/* Whether s is a MAC address: six pairs of hex digits joined by ':' or
 * '-'. */
int sf_host_is_mac(const char *s);
/* Whether a MAC address says something: six bytes, not all zeros. */
int sf_host_mac_useful(const char *mac);
void sf_host_release(sf_host *h);

/* An IPv6 address as eight groups without "::" (as Asset Identification
 * requires: "0:0:0:0:0:0:0:1"); other text is copied. */
void sf_host_ipv6_full(const char *addr, char out[48]);

/* The first address that is not loopback (IPv4 first), or NULL. */
const sf_host_if *sf_host_primary(const sf_host *h);

#endif
