#define _GNU_SOURCE /* pipe2 */
/*
 * The ssh program behind an ssh:// engine. libcurl connects to a unix
 * socket we listen on (an abstract name, nothing on disk), and the
 * accepted end becomes ssh's standard input and output; ssh runs `docker system dial-stdio` on the engine's host, which
 * joins that stream to the engine's socket there. (Handing libcurl a
 * socket pair as already connected does not work with libcurl 7.88,
 * Debian 12's, which connects it anyway; and one given through its
 * open-socket callback is never reused.) Only a connection from this
 * process is taken (SO_PEERCRED): another user cannot slip in and ride
 * on our ssh. ssh's stderr goes to a pipe of ours: when a request fails
 * because ssh ended, its last line is the reason ("Permission denied
 * (publickey)", "Connection refused").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collect/engine_http.h"
#include "collect/engine_ssh.h"
#include "util/buf.h"
#include "util/error.h"

/* What is kept of ssh's stderr: its last words matter, not a flood. */
#define MAX_STDERR 8192

struct sf_ssh_link {
	const sf_endpoint *ep;
	pid_t pid;    /* the ssh running, or 0 */
	int fd;       /* libcurl's end of its connection, or -1 */
	int listener; /* where libcurl connects */
	char name[80]; /* the listener's abstract name, without its NUL */
	int err;      /* the read end of its stderr, or -1 */
	int ran;      /* an ssh was started for the last connection */
	int ended;    /* ... and has ended, with status */
	int status;
	sf_buf said;  /* what it wrote on stderr */
	char *failed; /* why it could not be started */
};

static void drain(sf_ssh_link *l)
{
	char chunk[1024];
	ssize_t n;

	while (l->err >= 0 && (n = read(l->err, chunk, sizeof(chunk))) > 0) {
		sf_buf_put(&l->said, chunk, (size_t)n);
		if (l->said.len > MAX_STDERR) {
			size_t cut = l->said.len - MAX_STDERR / 2;

			memmove(l->said.ptr, l->said.ptr + cut,
			        l->said.len - cut + 1);
			l->said.len -= cut;
		}
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Whether ssh has ended (reaped) within wait_ms. */
static int reap(sf_ssh_link *l, long long wait_ms)
{
	long long until = sf_engine_now_ms() + wait_ms;

	for (;;) {
		pid_t r = waitpid(l->pid, &l->status, WNOHANG);

		drain(l);
		if (r == l->pid || (r < 0 && errno != EINTR)) {
			l->pid = 0;
			l->ended = 1;
			return 1;
		}
		if (sf_engine_now_ms() >= until)
			return 0;
		sleep_ms(10);
	}
}

/* ssh is told it is done by the end of its input (patient: it is given
 * a second to go); one that lingers is terminated, then killed. Then
 * its stderr is closed. */
static void end_ssh(sf_ssh_link *l, int patient)
{
	if (l->pid && !reap(l, patient ? 1000 : 0)) {
		kill(l->pid, SIGTERM);
		if (!reap(l, 1000)) {
			kill(l->pid, SIGKILL);
			while (waitpid(l->pid, &l->status, 0) < 0 &&
			       errno == EINTR)
				;
			l->pid = 0;
			l->ended = 1;
		}
	}
	drain(l);
	if (l->err >= 0)
		close(l->err);
	l->err = -1;
}

/* The program and its arguments, as the docker CLI runs them. */
static void ssh_argv(const sf_endpoint *ep, const char *argv[14])
{
	const char *prog = getenv("SCAPFORGE_SSH");
	size_t n = 0;

	argv[n++] = prog && *prog ? prog : "ssh";
	argv[n++] = "-o";
	argv[n++] = "BatchMode=yes";
	if (ep->ssh_user) {
		argv[n++] = "-l";
		argv[n++] = ep->ssh_user;
	}
	if (ep->ssh_port) {
		argv[n++] = "-p";
		argv[n++] = ep->ssh_port;
	}
	argv[n++] = "--";
	argv[n++] = ep->ssh_host;
	argv[n++] = "docker";
	argv[n++] = "system";
	argv[n++] = "dial-stdio";
	argv[n] = NULL;
}

/* In the child: only calls that are safe after fork. */
static void run_ssh(const char *const argv[], int io, int err)
{
	static const char cannot[] = "cannot run '";

	if (dup2(io, 0) < 0 || dup2(io, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	execvp(argv[0], (char *const *)argv);
	if (write(2, cannot, sizeof(cannot) - 1) < 0 ||
	    write(2, argv[0], strlen(argv[0])) < 0 || write(2, "'\n", 2) < 0)
		_exit(127);
	_exit(127);
}

static void fail(sf_ssh_link *l, const char *what)
{
	sf_buf b = SF_BUF_INIT;

	sf_buf_printf(&b, "%s: %s", what, strerror(errno));
	free(l->failed);
	l->failed = sf_buf_detach(&b);
}

int sf_ssh_link_open(sf_ssh_link **out, const sf_endpoint *ep)
{
	static unsigned serial;
	sf_ssh_link *l = sf_xcalloc(1, sizeof(*l));
	struct sockaddr_un un;
	unsigned char rnd[8];
	socklen_t len;

	l->ep = ep;
	l->fd = -1;
	l->err = -1;
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		memset(rnd, 0, sizeof(rnd));
	snprintf(l->name, sizeof(l->name),
	         "scapforge-ssh.%ld.%u.%02x%02x%02x%02x%02x%02x%02x%02x",
	         (long)getpid(), serial++, rnd[0], rnd[1], rnd[2], rnd[3],
	         rnd[4], rnd[5], rnd[6], rnd[7]);
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	/* un.sun_path[0] stays 0: an abstract name */
	memcpy(un.sun_path + 1, l->name, strlen(l->name));
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	                  strlen(l->name));
	l->listener =
	    socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l->listener < 0 ||
	    bind(l->listener, (struct sockaddr *)&un, len) < 0 ||
	    listen(l->listener, 1) < 0) {
		sf_error_set("cannot make a socket for ssh: %s",
		             strerror(errno));
		sf_ssh_link_free(l);
		*out = NULL;
		return -1;
	}
	*out = l;
	return 0;
}

const char *sf_ssh_link_name(const sf_ssh_link *l)
{
	return l->name;
}

int sf_ssh_link_start(sf_ssh_link *l, int curl_fd)
{
	const char *argv[14];
	struct ucred cred;
	socklen_t n = sizeof(cred);
	int io, ep[2];

	io = accept4(l->listener, NULL, NULL, SOCK_CLOEXEC);
	if (io < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && l->pid)
		return 0; /* a connection kept from an earlier request */
	/* libcurl has given up the connection before this one (libcurl
	 * 7.88 reuses none to a unix socket): its ssh goes now */
	end_ssh(l, 0);
	sf_buf_clear(&l->said);
	free(l->failed);
	l->failed = NULL;
	l->ran = l->ended = l->status = 0;
	if (io < 0) {
		fail(l, "cannot take the connection to ssh");
		return -1;
	}
	if (getsockopt(io, SOL_SOCKET, SO_PEERCRED, &cred, &n) < 0 ||
	    cred.pid != getpid()) {
		errno = EPERM;
		fail(l, "the connection to ssh is not scapforge's own");
		close(io);
		return -1;
	}
	l->fd = curl_fd;
	ssh_argv(l->ep, argv);
	if (pipe2(ep, O_CLOEXEC) < 0) {
		fail(l, "cannot start ssh");
		close(io);
		return -1;
	}
	if ((l->pid = fork()) < 0) {
		fail(l, "cannot start ssh");
		l->pid = 0;
		close(io);
		close(ep[0]);
		close(ep[1]);
		return -1;
	}
	if (l->pid == 0)
		run_ssh(argv, io, ep[1]);
	close(io);
	close(ep[1]);
	fcntl(ep[0], F_SETFL, O_NONBLOCK);
	l->err = ep[0];
	l->ran = 1;
	return 0;
}

void sf_ssh_link_closed(sf_ssh_link *l, int fd)
{
	close(fd);
	if (fd == l->fd || l->fd < 0) {
		l->fd = -1;
		end_ssh(l, 1);
	}
}

/* The last line ssh wrote that is not empty. */
static void last_line(const sf_buf *said, sf_buf *out)
{
	const char *s = sf_buf_cstr(said), *end = s + said->len, *start;
	char *line;

	while (end > s && strchr("\r\n \t", end[-1]))
		end--;
	start = end;
	while (start > s && start[-1] != '\n')
		start--;
	line = sf_xstrndup(start, (size_t)(end - start));
	sf_engine_one_line(out, line);
	free(line);
}

int sf_ssh_link_failure(sf_ssh_link *l, long long wait_ms, sf_buf *why)
{
	sf_buf said = SF_BUF_INIT;

	if (l->failed) {
		sf_buf_puts(why, l->failed);
		return 1;
	}
	if (!l->ran || (l->pid && !reap(l, wait_ms > 0 ? wait_ms : 0)))
		return 0;
	if (WIFSIGNALED(l->status))
		sf_buf_printf(why, "ssh was ended by signal %d",
		              WTERMSIG(l->status));
	else
		sf_buf_printf(why, "ssh exited with status %d",
		              WEXITSTATUS(l->status));
	last_line(&l->said, &said);
	if (said.len)
		sf_buf_printf(why, ": %s", said.ptr);
	else
		sf_buf_puts(why, " and said nothing: does `docker system "
		                 "dial-stdio` run there?");
	sf_buf_release(&said);
	return 1;
}

void sf_ssh_link_free(sf_ssh_link *l)
{
	if (!l)
		return;
	if (l->listener >= 0)
		close(l->listener);
	end_ssh(l, 1);
	sf_buf_release(&l->said);
	free(l->failed);
	free(l);
}
