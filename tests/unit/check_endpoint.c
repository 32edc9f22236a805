/* Suite for src/collect/endpoint: options, environment, the docker
 * context store and defaults resolved to one endpoint, as the docker CLI
 * resolves them. Each test runs in its own process (CK_FORK), so the
 * environment set here stays there. */
#include <stdlib.h>
#include <string.h>

#include "collect/endpoint.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/sha256.h"

/* A clean environment: HOME and DOCKER_CONFIG in a fresh folder with
 * no config.json, nothing else set. Returns the folder (caller frees). */
static char *clean_env(void)
{
	char *dir = sf_test_tmpdir();
	sf_buf b = SF_BUF_INIT;

	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_CONTEXT");
	unsetenv("DOCKER_TLS");
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	unsetenv("DOCKER_CONFIG");
	setenv("HOME", dir, 1);
	sf_buf_printf(&b, "%s/.docker", dir);
	ck_assert_int_eq(sf_mkdir_p(b.ptr), 0);
	sf_buf_release(&b);
	return dir;
}

static void expect_refused(const sf_endpoint_opts *o, const char *msg)
{
	sf_endpoint e;

	ck_assert_int_eq(sf_endpoint_resolve(&e, o), -1);
	ck_assert_str_eq(sf_error_last(), msg);
	ck_assert_ptr_null(e.host);
}

/* Writes the three TLS files into dir/sub. */
static void tls_dir(const char *dir, const char *sub)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "%s/%s", dir, sub);
	ck_assert_int_eq(sf_mkdir_p(b.ptr), 0);
	sf_test_write(b.ptr, "ca.pem", "ca\n");
	sf_test_write(b.ptr, "cert.pem", "cert\n");
	sf_test_write(b.ptr, "key.pem", "key\n");
	sf_buf_release(&b);
}

static char *path(const char *dir, const char *rest)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "%s/%s", dir, rest);
	return sf_buf_detach(&b);
}

START_TEST(test_endpoint__default_and_environment)
{
	char *dir = clean_env();
	sf_endpoint e;
	sf_endpoint_opts o = {0};

	ck_assert_int_eq(sf_endpoint_resolve(&e, NULL), 0);
	ck_assert_str_eq(e.host, "unix:///var/run/docker.sock");
	ck_assert_int_eq(e.transport, SF_TRANSPORT_UNIX);
	ck_assert_str_eq(e.socket, "/var/run/docker.sock");
	ck_assert_str_eq(e.url, "http://localhost");
	sf_endpoint_release(&e);

	setenv("DOCKER_HOST", "tcp://10.0.0.5", 1);
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_int_eq(e.transport, SF_TRANSPORT_TCP);
	ck_assert_str_eq(e.url, "http://10.0.0.5:2375");
	ck_assert_str_eq(sf_transport_name(e.transport), "tcp");
	sf_endpoint_release(&e);

	o.host = "tcp://[::1]:2380/";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.host, "tcp://[::1]:2380/");
	ck_assert_str_eq(e.url, "http://[::1]:2380");
	sf_endpoint_release(&e);
	free(dir);
}
END_TEST

START_TEST(test_endpoint__tls_as_the_docker_cli)
{
	char *dir = clean_env(), *certs = path(dir, "certs");
	char *ca = path(dir, "certs/ca.pem"), *cert = path(dir, "certs/cert.pem");
	char *key = path(dir, "certs/key.pem"), *dflt = path(dir, ".docker/ca.pem");
	sf_endpoint e;
	sf_endpoint_opts o = {0};
	sf_buf want = SF_BUF_INIT;

	tls_dir(dir, "certs");
	o.host = "tcp://127.0.0.1:2376";
	o.tlsverify = 1;
	/* verifying needs the CA: ~/.docker/ca.pem is not there */
	sf_buf_printf(&want,
	              "cannot read the TLS CA certificate '%s' (the default "
	              "of DOCKER_CERT_PATH): No such file or directory",
	              dflt);
	expect_refused(&o, want.ptr);

	setenv("DOCKER_CERT_PATH", certs, 1);
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_int_eq(e.transport, SF_TRANSPORT_TLS);
	ck_assert_str_eq(sf_transport_name(e.transport), "tls");
	ck_assert_str_eq(e.url, "https://127.0.0.1:2376");
	ck_assert_int_eq(e.verify, 1);
	ck_assert_str_eq(e.cacert, ca);
	ck_assert_str_eq(e.cert, cert);
	ck_assert_str_eq(e.key, key);
	sf_endpoint_release(&e);

	/* DOCKER_TLS_VERIFY alone, and a port added for TLS */
	o.tlsverify = 0;
	o.host = "tcp://engine.example.mil";
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.url, "https://engine.example.mil:2376");
	ck_assert_int_eq(e.verify, 1);
	sf_endpoint_release(&e);
	unsetenv("DOCKER_TLS_VERIFY");

	/* --tls alone: TLS, not verified, the CA not used */
	o.tls = 1;
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_int_eq(e.transport, SF_TRANSPORT_TLS);
	ck_assert_int_eq(e.verify, 0);
	ck_assert_ptr_null(e.cacert);
	ck_assert_str_eq(e.cert, cert);
	sf_endpoint_release(&e);

	/* a file named implies TLS; a missing one is named */
	memset(&o, 0, sizeof(o));
	o.host = "tcp://127.0.0.1:2376";
	o.tlscert = "/nonexistent/cert.pem";
	expect_refused(&o, "cannot read the TLS client certificate "
	                   "'/nonexistent/cert.pem' (--tlscert): No such "
	                   "file or directory");
	o.tlscert = NULL;
	o.tlscacert = certs;
	sf_buf_clear(&want);
	sf_buf_printf(&want,
	              "cannot read the TLS CA certificate '%s' (--tlscacert): "
	              "not a file",
	              certs);
	expect_refused(&o, want.ptr);
	/* a CA named is verified with */
	o.tlscacert = ca;
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_int_eq(e.verify, 1);
	ck_assert_str_eq(e.cacert, ca);
	sf_endpoint_release(&e);

	/* https:// is TLS, verified; the system's CAs without a CA file */
	unsetenv("DOCKER_CERT_PATH");
	memset(&o, 0, sizeof(o));
	o.host = "https://engine.example.mil:2376";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.url, "https://engine.example.mil:2376");
	ck_assert_int_eq(e.verify, 1);
	ck_assert_ptr_null(e.cacert);
	ck_assert_ptr_null(e.cert);
	sf_endpoint_release(&e);

	o.host = "unix:///run/docker.sock";
	o.tlsverify = 1;
	expect_refused(&o, "--tls, --tlsverify, --tlscacert, --tlscert and "
	                   "--tlskey are for tcp:// and https:// engines, "
	                   "not 'unix:///run/docker.sock'");
	sf_buf_release(&want);
	free(dir);
	free(certs);
	free(ca);
	free(cert);
	free(key);
	free(dflt);
}
END_TEST

/* URLs refused, and what is said of each. */
static const char *const bad[][2] = {
    {"ssh://root:secret@engine",
     "Docker host 'ssh://root:secret@engine' holds a password: ssh takes "
     "none in the URL, use a key"},
    {"ssh://engine/var/run",
     "Docker host 'ssh://engine/var/run' has a path: use "
     "ssh://[user@]host[:port]"},
    {"ssh://engine:22x",
     "Docker host 'ssh://engine:22x' has a port that is not a number"},
    {"ssh://-oProxyCommand=x",
     "Docker host 'ssh://-oProxyCommand=x' names a host that begins with "
     "'-'"},
    {"ssh://@engine", "Docker host 'ssh://@engine' has an empty user name"},
    {"tcp://", "Docker host 'tcp://' names no host: use tcp://host:port"},
    {"tcp://h:2375/v1.41",
     "Docker host 'tcp://h:2375/v1.41' has a path: a Docker host URL is "
     "tcp://host:port"},
    {"tcp://u@h:2375",
     "Docker host 'tcp://u@h:2375' holds a user name: a tcp:// engine has "
     "none"},
    {"npipe:////./pipe/docker_engine",
     "unsupported Docker host 'npipe:////./pipe/docker_engine': use "
     "unix:///path/to/docker.sock, tcp://host:port, https://host:port or "
     "ssh://[user@]host[:port]"},
};

START_TEST(test_endpoint__ssh_and_bad_urls)
{
	char *dir = clean_env();
	sf_endpoint e;
	sf_endpoint_opts o = {0};
	size_t i;

	o.host = "ssh://root@10.0.0.5:2222";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_int_eq(e.transport, SF_TRANSPORT_SSH);
	ck_assert_str_eq(e.ssh_user, "root");
	ck_assert_str_eq(e.ssh_host, "10.0.0.5");
	ck_assert_str_eq(e.ssh_port, "2222");
	ck_assert_str_eq(e.url, "http://localhost");
	sf_endpoint_release(&e);
	o.host = "ssh://engine";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_ptr_null(e.ssh_user);
	ck_assert_str_eq(e.ssh_host, "engine");
	ck_assert_ptr_null(e.ssh_port);
	sf_endpoint_release(&e);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.host = bad[i][0];
		expect_refused(&o, bad[i][1]);
	}
	free(dir);
}
END_TEST

/* A context as `docker context create` stores it. */
static void make_context(const char *cfg, const char *name, const char *json,
                         int tls)
{
	sf_sha256 h;
	char id[65];
	sf_buf b = SF_BUF_INIT;

	sf_sha256_init(&h);
	sf_sha256_update(&h, name, strlen(name));
	sf_sha256_hex(&h, id);
	sf_buf_printf(&b, "%s/contexts/meta/%s", cfg, id);
	ck_assert_int_eq(sf_mkdir_p(b.ptr), 0);
	sf_test_write(b.ptr, "meta.json", json);
	sf_buf_clear(&b);
	if (tls) {
		sf_buf_printf(&b, "contexts/tls/%s/docker", id);
		tls_dir(cfg, b.ptr);
	}
	sf_buf_release(&b);
}

START_TEST(test_endpoint__contexts)
{
	char *dir = clean_env(), *cfg = path(dir, ".docker");
	sf_endpoint e;
	sf_endpoint_opts o = {0};
	sf_buf want = SF_BUF_INIT;

	make_context(cfg, "prod",
	             "{\"Name\":\"prod\",\"Metadata\":{},\"Endpoints\":"
	             "{\"docker\":{\"Host\":\"tcp://10.0.0.9:2376\","
	             "\"SkipTLSVerify\":false}}}",
	             1);
	make_context(cfg, "lab",
	             "{\"Name\":\"lab\",\"Endpoints\":{\"docker\":"
	             "{\"Host\":\"ssh://ops@lab\"}}}",
	             0);
	o.context = "prod";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.context, "prod");
	ck_assert_str_eq(e.host, "tcp://10.0.0.9:2376");
	ck_assert_int_eq(e.transport, SF_TRANSPORT_TLS);
	ck_assert_int_eq(e.verify, 1);
	ck_assert_ptr_nonnull(strstr(e.cacert, "/contexts/tls/"));
	ck_assert_ptr_nonnull(strstr(e.key, "/docker/key.pem"));
	sf_endpoint_release(&e);

	/* DOCKER_CONTEXT, then config.json's currentContext */
	o.context = NULL;
	setenv("DOCKER_CONTEXT", "lab", 1);
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.host, "ssh://ops@lab");
	sf_endpoint_release(&e);
	unsetenv("DOCKER_CONTEXT");
	sf_test_write(cfg, "config.json",
	              "{\"auths\":{},\"currentContext\":\"prod\"}");
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.host, "tcp://10.0.0.9:2376");
	sf_endpoint_release(&e);
	/* DOCKER_HOST and --docker-host beat both; "default" is them */
	setenv("DOCKER_CONTEXT", "lab", 1);
	setenv("DOCKER_HOST", "tcp://10.1.1.1:2375", 1);
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.host, "tcp://10.1.1.1:2375");
	ck_assert_ptr_null(e.context);
	sf_endpoint_release(&e);
	o.context = "default";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.host, "tcp://10.1.1.1:2375");
	sf_endpoint_release(&e);
	/* --context beats DOCKER_HOST */
	o.context = "prod";
	ck_assert_int_eq(sf_endpoint_resolve(&e, &o), 0);
	ck_assert_str_eq(e.host, "tcp://10.0.0.9:2376");
	sf_endpoint_release(&e);

	o.host = "tcp://x:1";
	expect_refused(&o, "--context and --docker-host both name the "
	                   "engine: give one of them");
	o.host = NULL;
	o.tlsverify = 1;
	expect_refused(&o, "docker context 'prod' has its own TLS files: "
	                   "--tls, --tlsverify, --tlscacert, --tlscert and "
	                   "--tlskey go with --docker-host");
	o.tlsverify = 0;
	o.context = "nope";
	sf_buf_printf(&want,
	              "docker context 'nope' not found: there is no "
	              "'%s/contexts/meta/ca3704aa0b06f5954c79ee837faa152d"
	              "84d6b2d42838f0637a15eda8337dbdce/meta.json'",
	              cfg);
	expect_refused(&o, want.ptr);
	sf_buf_clear(&want);
	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_CONTEXT");
	sf_test_write(cfg, "config.json", "{\"currentContext\": 1}");
	o.context = NULL;
	sf_buf_clear(&want);
	sf_buf_printf(&want, "'%s/config.json': \"currentContext\" is not a "
	                     "string",
	              cfg);
	expect_refused(&o, want.ptr);
	sf_buf_release(&want);
	free(cfg);
	free(dir);
}
END_TEST

static Suite *endpoint_suite(void)
{
	Suite *s = suite_create("endpoint");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_endpoint__default_and_environment);
	tcase_add_test(tc, test_endpoint__tls_as_the_docker_cli);
	tcase_add_test(tc, test_endpoint__ssh_and_bad_urls);
	tcase_add_test(tc, test_endpoint__contexts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return sf_test_run(endpoint_suite());
}
