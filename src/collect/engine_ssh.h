/*
 * The ssh program that carries the Engine API to an ssh:// engine, as
 * the docker CLI does it: `ssh -o BatchMode=yes [-l user] [-p port] --
 * host docker system dial-stdio`, its standard input and output the
 * accepted end of a unix socket libcurl connects to and speaks HTTP on. Its stderr is
 * kept, to say why it failed; it is ended and reaped when libcurl closes
 * the connection. SCAPFORGE_SSH names another ssh program (a wrapper
 * that passes -F CONFIG, say: ssh reads ~/.ssh from the password
 * database, not from $HOME).
 */
#ifndef SF_COLLECT_ENGINE_SSH_H
#define SF_COLLECT_ENGINE_SSH_H

#include "collect/endpoint.h"
#include "util/buf.h"

typedef struct sf_ssh_link sf_ssh_link;

/* A link to ep's host, with no ssh running yet: a unix socket listening
 * on an abstract name. Returns 0, or -1 with the last error set. */
int sf_ssh_link_open(sf_ssh_link **out, const sf_endpoint *ep);
/* The name libcurl connects to (CURLOPT_ABSTRACT_UNIX_SOCKET). */
const char *sf_ssh_link_name(const sf_ssh_link *l);
/* Once libcurl has connected (before each request): a new connection is
 * taken and ssh started on it (libcurl's socket curl_fd); nothing to do
 * for one kept from an earlier request. Returns 0 or -1 (the reason
 * kept for sf_ssh_link_failure). */
int sf_ssh_link_start(sf_ssh_link *l, int curl_fd);
/* libcurl is done with fd: it is closed, and ssh ended and reaped. */
void sf_ssh_link_closed(sf_ssh_link *l, int fd);
/* After a failed request: 1 with why (ssh's exit and its last words)
 * when ssh has ended or ends within wait_ms, else 0 (it still runs: the
 * failure is the engine's). */
int sf_ssh_link_failure(sf_ssh_link *l, long long wait_ms, sf_buf *why);
/* Ends ssh, if it runs, and frees l (NULL is fine). */
void sf_ssh_link_free(sf_ssh_link *l);

#endif
