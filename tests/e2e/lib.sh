# shellcheck shell=bash
# Shared helpers of the end-to-end tests. Each test script is run as
#   bash tests/e2e/NAME.sh BUILD/scapforge SOURCE_DIR
# and exits 0 (pass), 1 (fail) or 77 (skipped; never under CI=true for
# what CI must run). Sourced, not run.
set -u
SF=${1:?usage: $0 SCAPFORGE SOURCE_DIR}
SRC=${2:?usage: $0 SCAPFORGE SOURCE_DIR}
SF=$(cd "$(dirname "$SF")" && pwd)/$(basename "$SF")
SRC=$(cd "$SRC" && pwd)
# shellcheck disable=SC2034 # used by the tests that source this file
SHARED=$(cd "$SRC/.." && pwd)/shared
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scapforge-e2e.XXXXXX")
FAILURES=0
CHECKS=0
cleanup_hooks=()
cleanup() {
	local h
	for h in "${cleanup_hooks[@]}"; do eval "$h"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# ok DESCRIPTION: counts a passing check.
ok() { CHECKS=$((CHECKS + 1)); printf 'ok   %s\n' "$1"; }
# not_ok DESCRIPTION [DETAIL]: counts a failing check and goes on.
not_ok() {
	CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1))
	printf 'FAIL %s\n' "$1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /'
	return 0
}
# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1" "expected: $2
actual:   $3"; fi
}
# expect_true DESCRIPTION COMMAND...: the command must succeed.
expect_true() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "command failed: $*"; fi
}
# must_run REASON: what CI must run fails there; elsewhere it skips.
must_run() {
	if [ "${CI:-}" = true ]; then
		not_ok "$1 (CI must run this)"
		finish
	fi
	skip "$1"
}
# skip REASON: the whole test is skipped, loudly.
skip() { printf 'SKIP %s\n' "$1"; exit 77; }
# finish: the closing line and exit status.
finish() {
	printf '%s: %d passed, %d failed\n' "$(basename "$0" .sh)" \
		$((CHECKS - FAILURES)) "$FAILURES"
	[ "$CHECKS" -gt 0 ] || { echo "no check ran"; exit 1; }
	[ "$FAILURES" -eq 0 ]
	exit $?
}
# xpath FILE EXPR: string value of an XPath expression (local-name based).
xpath() { xmllint --xpath "$2" "$1" 2>/dev/null; }

# A private Docker engine (root; Debian's docker.io) for the tests that
# make real containers: its data root, exec root and socket ($ENGINE_SOCK)
# under $WORK/docker, its log in $WORK/docker/log; stopped by its PID, and
# its mounts undone, at exit. Debian's client is /usr/bin/docker (another
# docker may come first on PATH).
DOCKER=/usr/bin/docker
[ -x "$DOCKER" ] || DOCKER=$(command -v docker || true)
ENGINE_SOCK=$WORK/docker/d.sock
# dockerd_start: starts it and waits until it answers; 1 when it cannot.
dockerd_start() {
	local d=$WORK/docker i
	command -v dockerd >/dev/null && [ -n "$DOCKER" ] || return 1
	mkdir -p "$d"
	dockerd --bridge=none --iptables=false --storage-driver=vfs \
		--data-root "$d/data" --exec-root "$d/exec" -H "unix://$ENGINE_SOCK" \
		--pidfile "$d/d.pid" >"$d/log" 2>&1 &
	ENGINE_PID=$!
	cleanup_hooks+=("dockerd_stop")
	for i in $(seq 60); do
		dk version >/dev/null 2>&1 && return 0
		kill -0 "$ENGINE_PID" 2>/dev/null || return 1
		sleep 0.5
		: "$i"
	done
	return 1
}
# shellcheck disable=SC2317 # called from the cleanup hook
dockerd_stop() {
	local i
	kill "$ENGINE_PID" 2>/dev/null || return 0
	for i in $(seq 40); do
		kill -0 "$ENGINE_PID" 2>/dev/null || break
		sleep 0.5
		: "$i"
	done
	kill -9 "$ENGINE_PID" 2>/dev/null
	wait "$ENGINE_PID" 2>/dev/null
	grep " $WORK/docker" /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l
}
# dk ARGS...: the docker client, talking to the private engine.
dk() { "$DOCKER" -H "unix://$ENGINE_SOCK" "$@"; }
# dockerd_image NAME: imports the image NAME, one static program /wait
# that waits until it is told to stop (SIGTERM).
dockerd_image() {
	mkdir -p "$WORK/rootfs"
	printf '%s\n' '#include <signal.h>' '#include <unistd.h>' \
		'static void bye(int s) { (void)s; _exit(0); }' \
		'int main(void) { signal(SIGTERM, bye); for (;;) pause(); }' >"$WORK/wait.c"
	cc -static -O2 -o "$WORK/rootfs/wait" "$WORK/wait.c" || not_ok "a static program for the image"
	tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
	dk import "$WORK/rootfs.tar" "$1" >/dev/null || not_ok "docker import $1"
}
