#define _DEFAULT_SOURCE /* IFF_LOOPBACK, AF_PACKET */
#include <arpa/inet.h>
#include <ctype.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netpacket/packet.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/host.h"
#include "util/buf.h"
#include "util/error.h"

/* The value of KEY= in os-release, unquoted, or NULL. */
static char *os_release(const char *key)
{
	FILE *f = fopen("/etc/os-release", "r");
	char line[512], *v = NULL;
	size_t klen = strlen(key), n;

	if (!f)
		f = fopen("/usr/lib/os-release", "r");
	if (!f)
		return NULL;
	while (!v && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) || line[klen] != '=')
			continue;
		v = line + klen + 1;
		n = strcspn(v, "\r\n");
		v[n] = '\0';
		if (n >= 2 && (*v == '"' || *v == '\'') && v[n - 1] == *v) {
			v[n - 1] = '\0';
			v++;
		}
		v = sf_xstrdup(v);
	}
	fclose(f);
	return v;
}

static char *mac_of(struct ifaddrs *all, const char *name)
{
	struct ifaddrs *a;
	sf_buf b = SF_BUF_INIT;

	for (a = all; a; a = a->ifa_next) {
		const struct sockaddr_ll *ll;
		int i;

		if (!a->ifa_addr || a->ifa_addr->sa_family != AF_PACKET ||
		    strcmp(a->ifa_name, name))
			continue;
		ll = (const struct sockaddr_ll *)(const void *)a->ifa_addr;
		for (i = 0; i < ll->sll_halen && i < 8; i++)
			sf_buf_printf(&b, "%s%02X", i ? ":" : "",
			              ll->sll_addr[i]);
		break;
	}
	return b.len ? sf_buf_detach(&b) : sf_xstrdup("");
}

static int rank(const sf_host_if *i)
{
	return i->loopback * 2 + i->ipv6;
}

static void add_interfaces(sf_host *h)
{
	struct ifaddrs *all, *a;
	size_t i, j;

	if (getifaddrs(&all) < 0)
		return;
	for (a = all; a; a = a->ifa_next) {
		char text[INET6_ADDRSTRLEN];
		const void *addr;
		sf_host_if *it;
		int fam;

		if (!a->ifa_addr)
			continue;
		fam = a->ifa_addr->sa_family;
		if (fam == AF_INET)
			addr = &((const struct sockaddr_in *)(const void *)
			             a->ifa_addr)
			            ->sin_addr;
		else if (fam == AF_INET6)
			addr = &((const struct sockaddr_in6 *)(const void *)
			             a->ifa_addr)
			            ->sin6_addr;
		else
			continue;
		if (!inet_ntop(fam, addr, text, sizeof(text)))
			continue;
		h->ifs = sf_xrealloc(h->ifs, (h->nifs + 1) * sizeof(*h->ifs));
		it = &h->ifs[h->nifs++];
		it->name = sf_xstrdup(a->ifa_name);
		it->address = sf_xstrdup(text);
		it->ipv6 = fam == AF_INET6;
		it->loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
		it->mac = mac_of(all, a->ifa_name);
	}
	freeifaddrs(all);
	/* a stable insertion sort: the host's own addresses first */
	for (i = 1; i < h->nifs; i++) {
		sf_host_if t = h->ifs[i];

		for (j = i; j > 0 && rank(&h->ifs[j - 1]) > rank(&t); j--)
			h->ifs[j] = h->ifs[j - 1];
		h->ifs[j] = t;
	}
}

void sf_host_gather(sf_host *h)
{
	char name[256];
	struct addrinfo hints, *res = NULL;
	struct utsname u;
	struct passwd *pw;

	memset(h, 0, sizeof(*h));
	h->kind = SF_TARGET_LOCAL;
	if (gethostname(name, sizeof(name)) < 0)
		strcpy(name, "unknown");
	name[sizeof(name) - 1] = '\0';
	h->hostname = sf_xstrdup(name);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_CANONNAME;
	hints.ai_family = AF_UNSPEC;
	if (getaddrinfo(name, NULL, &hints, &res) == 0 && res &&
	    res->ai_canonname && *res->ai_canonname)
		h->fqdn = sf_xstrdup(res->ai_canonname);
	else
		h->fqdn = sf_xstrdup(name);
	if (res)
		freeaddrinfo(res);
	h->os_name = os_release("NAME");
	h->os_version = os_release("VERSION");
	if (!h->os_name)
		h->os_name = sf_xstrdup("unknown");
	if (!h->os_version)
		h->os_version = sf_xstrdup("unknown");
	h->arch = sf_xstrdup(uname(&u) == 0 ? u.machine : "unknown");
	h->kernel = uname(&u) == 0 ? sf_xstrdup(u.release) : NULL;
	pw = getpwuid(geteuid());
	h->user = sf_xstrdup(pw && pw->pw_name ? pw->pw_name : "unknown");
	h->privileged = geteuid() == 0;
	add_interfaces(h);
}

void sf_host_named(sf_host *h, const char *kind, const char *name)
{
	struct passwd *pw;

	memset(h, 0, sizeof(*h));
	h->kind = kind;
	h->hostname = sf_xstrdup(name);
	h->fqdn = sf_xstrdup("");
	h->os_name = sf_xstrdup("unknown");
	h->os_version = sf_xstrdup("unknown");
	h->arch = sf_xstrdup("unknown");
	pw = getpwuid(geteuid());
	h->user = sf_xstrdup(pw && pw->pw_name ? pw->pw_name : "unknown");
	h->privileged = geteuid() == 0;
}

void sf_host_add_address(sf_host *h, const char *ip, const char *mac)
{
	sf_host_if *it;

	h->ifs = sf_xrealloc(h->ifs, (h->nifs + 1) * sizeof(*h->ifs));
	it = &h->ifs[h->nifs++];
	it->name = sf_xstrdup("");
	it->address = sf_xstrdup(ip);
	it->ipv6 = sf_host_ip_version(ip) == 6;
	it->loopback = sf_host_ip_loopback(ip);
	it->mac = sf_xstrdup(mac ? mac : "");
}

int sf_host_ip_version(const char *s)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, s, b) == 1)
		return 4;
	return inet_pton(AF_INET6, s, b) == 1 ? 6 : 0;
}

int sf_host_ip_loopback(const char *s)
{
	unsigned char b[16];
	static const unsigned char one[16] = {[15] = 1};

	if (inet_pton(AF_INET, s, b) == 1)
		return b[0] == 127;
	if (inet_pton(AF_INET6, s, b) != 1)
		return 0;
	if (!memcmp(b, one, 16))
		return 1;
	/* ::ffff:127.x.x.x */
	return !memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) && b[12] == 127;
}

static int label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

int sf_host_is_fqdn(const char *s)
{
	size_t label = 0, labels = 0, n = s ? strlen(s) : 0;
	const char *p;

	if (!n)
		return 0;
	if (sf_host_ip_version(s))
		return 1;
	if (n && s[n - 1] == '.')
		n--; /* the root's dot */
	if (!n || n > 253)
		return 0;
	for (p = s; p < s + n; p++) {
		if (*p == '.') {
			if (!label || p[-1] == '-')
				return 0;
			label = 0;
			labels++;
			continue;
		}
		if (!label_char(*p) || (!label && *p == '-') || ++label > 63)
			return 0;
	}
	return label && p[-1] != '-' && labels >= 1;
}

int sf_host_is_mac(const char *s)
{
	int i;

	for (i = 0; i < 6; i++, s += 3) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]))
			return 0;
		if (i < 5 && s[2] != ':' && s[2] != '-')
			return 0;
	}
	return s[-1] == '\0';
}

void sf_host_ipv6_full(const char *addr, char out[48])
{
	unsigned char b[16];
	int i, n = 0;

	if (inet_pton(AF_INET6, addr, b) != 1) {
		snprintf(out, 48, "%s", addr);
		return;
	}
	for (i = 0; i < 16; i += 2)
		n += snprintf(out + n, (size_t)(48 - n), "%s%x", i ? ":" : "",
		              (unsigned)(b[i] << 8 | b[i + 1]));
}

const sf_host_if *sf_host_primary(const sf_host *h)
{
	return h->nifs && !h->ifs[0].loopback ? &h->ifs[0] : NULL;
}

int sf_host_mac_useful(const char *mac)
{
	return mac && sf_host_is_mac(mac) && strspn(mac, "0:-") != strlen(mac);
}

void sf_host_release(sf_host *h)
{
	size_t i;

	for (i = 0; i < h->nifs; i++) {
		free(h->ifs[i].name);
		free(h->ifs[i].address);
		free(h->ifs[i].mac);
	}
	free(h->ifs);
	free(h->hostname);
	free(h->fqdn);
	free(h->os_name);
	free(h->os_version);
	free(h->arch);
	free(h->kernel);
	free(h->user);
	memset(h, 0, sizeof(*h));
}
