/*
 * Which Docker engine to reach and how, as the docker CLI says it: the
 * host URL (unix://, tcp://, https://, ssh://), a docker context, the TLS
 * files. What is not given comes from the environment as the docker CLI
 * takes it (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS, DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH, DOCKER_CONFIG), else unix:///var/run/docker.sock.
 */
#ifndef SF_COLLECT_ENDPOINT_H
#define SF_COLLECT_ENDPOINT_H

typedef struct sf_endpoint_opts {
	const char *host;    /* --docker-host URL, or NULL */
	const char *context; /* --context NAME, or NULL: DOCKER_CONTEXT */
	int tls;             /* --tls: TLS without verifying the engine */
	int tlsverify;       /* --tlsverify: 1; 0: not given */
	const char *tlscacert, *tlscert, *tlskey; /* or NULL: the defaults */
} sf_endpoint_opts;

typedef enum sf_transport {
	SF_TRANSPORT_UNIX, /* a unix socket */
	SF_TRANSPORT_TCP,  /* plain HTTP over TCP */
	SF_TRANSPORT_TLS,  /* HTTPS over TCP */
	SF_TRANSPORT_SSH   /* HTTP over `ssh host docker system dial-stdio` */
} sf_transport;

/* An endpoint resolved: everything a connection needs, nothing left to
 * look up. */
typedef struct sf_endpoint {
	char *host;     /* the engine's URL, as reports name it */
	char *context;  /* the docker context it came from, or NULL */
	sf_transport transport;
	char *url;      /* libcurl's base URL: "https://10.0.0.5:2376" */
	char *socket;   /* unix: the socket's path */
	int verify;     /* TLS: the engine's certificate must verify */
	char *cacert, *cert, *key; /* TLS files, or NULL: none */
	char *ssh_user, *ssh_host, *ssh_port; /* ssh (user, port or NULL) */
} sf_endpoint;

/* The engine the options name (o NULL: none given), with the environment
 * and the docker CLI's context store for what they leave out. Every file
 * it names is checked readable. Returns 0, or -1 with the last error set
 * (a bad URL, an unknown context, a missing file: nothing was asked). */
int sf_endpoint_resolve(sf_endpoint *out, const sf_endpoint_opts *o);
void sf_endpoint_release(sf_endpoint *e);
/* The docker CLI's name of the transport: "unix", "tcp", "tls", "ssh". */
const char *sf_transport_name(sf_transport t);

#endif
