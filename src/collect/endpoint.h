/*
 * Which Docker engine to reach and how, as the docker CLI says it: the
 * host URL (unix://, tcp://, ssh://), a docker context, the TLS files.
 * What is not given comes from the environment as the docker CLI takes
 * it (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH),
 * else unix:///var/run/docker.sock.
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

#endif
