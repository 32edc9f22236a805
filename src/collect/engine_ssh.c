#define _GNU_SOURCE /* pipe2 */
/*
 * The ssh program behind an ssh:// engine. libcurl gets one end of a
 * socket pair as an already connected socket; ssh gets the other end as
 * its standard input and output, and runs `docker system dial-stdio` on
 * the engine's host, which joins that stream to the engine's socket
 * there. ssh's stderr goes to a pipe of ours: when a request fails
 * because ssh ended, its last line is the reason ("Permission denied
 * (publickey)", "Connection refused").
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
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
	int err;      /* the read end of its stderr, or -1 */
	int ran;      /* an ssh was started for the last connection */
	int ended;    /* ... and has ended, with status */
	int status;
	sf_buf said;  /* what it wrote on stderr */
	char *failed; /* why it could not be started */
};

sf_ssh_link *sf_ssh_link_new(const sf_endpoint *ep)
{
	sf_ssh_link *l = sf_xcalloc(1, sizeof(*l));

	l->ep = ep;
	l->fd = -1;
	l->err = -1;
	return l;
}

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

/* ssh is told it is done by the end of its input; one that lingers is
 * terminated, then killed. Then its stderr is closed. */
static void end_ssh(sf_ssh_link *l)
{
	if (l->pid && !reap(l, 1000)) {
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

int sf_ssh_link_fd(sf_ssh_link *l)
{
	const char *argv[14];
	int sv[2], ep[2];
	sf_buf b = SF_BUF_INIT;

	end_ssh(l); /* a connection before this one */
	sf_buf_clear(&l->said);
	free(l->failed);
	l->failed = NULL;
	l->ran = l->ended = l->status = 0;
	ssh_argv(l->ep, argv);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		sf_buf_printf(&b, "cannot make a socket pair for ssh: %s",
		              strerror(errno));
		l->failed = sf_buf_detach(&b);
		return -1;
	}
	if (pipe2(ep, O_CLOEXEC) < 0 || (l->pid = fork()) < 0) {
		sf_buf_printf(&b, "cannot start ssh: %s", strerror(errno));
		l->failed = sf_buf_detach(&b);
		close(sv[0]);
		close(sv[1]);
		l->pid = 0;
		return -1;
	}
	if (l->pid == 0)
		run_ssh(argv, sv[1], ep[1]);
	close(sv[1]);
	close(ep[1]);
	fcntl(ep[0], F_SETFL, O_NONBLOCK);
	l->err = ep[0];
	l->fd = sv[0];
	l->ran = 1;
	return l->fd;
}

void sf_ssh_link_closed(sf_ssh_link *l, int fd)
{
	close(fd);
	if (fd == l->fd) {
		l->fd = -1;
		end_ssh(l);
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
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	end_ssh(l);
	sf_buf_release(&l->said);
	free(l->failed);
	free(l);
}
