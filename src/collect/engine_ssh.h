/*
 * The ssh program that carries the Engine API to an ssh:// engine, as
 * the docker CLI does it: `ssh -o BatchMode=yes [-l user] [-p port] --
 * host docker system dial-stdio`, its standard input and output one end
 * of a socket pair whose other end libcurl speaks HTTP on. Its stderr is
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

/* A link to ep's host, with no ssh running yet. */
sf_ssh_link *sf_ssh_link_new(const sf_endpoint *ep);
/* Starts ssh and returns libcurl's end of the connection, or -1 (the
 * reason kept for sf_ssh_link_failure). */
int sf_ssh_link_fd(sf_ssh_link *l);
/* libcurl is done with fd: it is closed, and ssh ended and reaped. */
void sf_ssh_link_closed(sf_ssh_link *l, int fd);
/* After a failed request: 1 with why (ssh's exit and its last words)
 * when ssh has ended or ends within wait_ms, else 0 (it still runs: the
 * failure is the engine's). */
int sf_ssh_link_failure(sf_ssh_link *l, long long wait_ms, sf_buf *why);
/* Ends ssh, if it runs, and frees l (NULL is fine). */
void sf_ssh_link_free(sf_ssh_link *l);

#endif
