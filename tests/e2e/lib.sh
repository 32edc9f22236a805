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
# dockerd_start [DOCKERD-ARGS...]: starts it (with these arguments too,
# e.g. a TLS listener) and waits until it answers; 1 when it cannot.
dockerd_start() {
	local rc=0
	DOCKERD_PID=
	dockerd_at "$WORK/docker" "$@" || rc=1
	ENGINE_PID=$DOCKERD_PID
	[ -n "$ENGINE_PID" ] && cleanup_hooks+=("dockerd_stop")
	return $rc
}
# dockerd_at DIR [DOCKERD-ARGS...]: a private dockerd whose data root,
# exec root, pid file, socket (DIR/d.sock) and log are in DIR; its PID in
# DOCKERD_PID (the caller stops it: dockerd_kill); waits until it
# answers, 1 when it cannot start.
dockerd_at() {
	local d=$1 i
	shift
	DOCKERD_PID=
	command -v dockerd >/dev/null && [ -n "$DOCKER" ] || return 1
	mkdir -p "$d"
	dockerd --bridge=none --iptables=false --storage-driver=vfs \
		--data-root "$d/data" --exec-root "$d/exec" -H "unix://$d/d.sock" \
		--pidfile "$d/d.pid" "$@" >"$d/log" 2>&1 &
	DOCKERD_PID=$!
	for i in $(seq 60); do
		"$DOCKER" -H "unix://$d/d.sock" version >/dev/null 2>&1 && return 0
		kill -0 "$DOCKERD_PID" 2>/dev/null || return 1
		sleep 0.5
		: "$i"
	done
	return 1
}
# dockerd_kill PID DIR: stops the dockerd PID (TERM, then KILL after 20
# seconds) and undoes its mounts under DIR.
dockerd_kill() {
	local i
	kill "$1" 2>/dev/null || return 0
	for i in $(seq 40); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.5
		: "$i"
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	grep " $2" /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l
}
# shellcheck disable=SC2317 # called from the cleanup hook
dockerd_stop() { dockerd_kill "$ENGINE_PID" "$WORK/docker"; }
# dk ARGS...: the docker client, talking to the private engine.
dk() { "$DOCKER" -H "unix://$ENGINE_SOCK" "$@"; }
# dockerd_image NAME: imports the image NAME, one static program /wait
# that waits until it is told to stop (SIGTERM).
dockerd_image() {
	rootfs_tar
	dk import "$WORK/rootfs.tar" "$1" >/dev/null || not_ok "docker import $1"
}
# rootfs_tar: $WORK/rootfs.tar, a root file system of that one program.
rootfs_tar() {
	[ -f "$WORK/rootfs.tar" ] && return 0
	mkdir -p "$WORK/rootfs"
	printf '%s\n' '#include <signal.h>' '#include <unistd.h>' \
		'static void bye(int s) { (void)s; _exit(0); }' \
		'int main(void) { signal(SIGTERM, bye); for (;;) pause(); }' >"$WORK/wait.c"
	cc -static -O2 -o "$WORK/rootfs/wait" "$WORK/wait.c" || not_ok "a static program for the image"
	tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
}
# free_port: a TCP port of 127.0.0.1 that nothing listens on now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# arf_view ARF [full]: "STIG-ID RESULT OFFENDERS; ..." of each rule-result,
# the offenders' names ("-" for none); with full, ID=NAME of each, and
# the engine's ID and name facts too.
arf_view() {
	python3 - "$1" "${2:-}" <<'PY'
import sys, xml.etree.ElementTree as ET
full = sys.argv[2] == "full"
out = []
for e in ET.parse(sys.argv[1]).iter():
    if e.tag.endswith("}rule-result"):
        res = [c.text for c in e if c.tag.endswith("}result")][0]
        offs = sorted({("%s=%s" % (o.get("id"), o.get("name"))) if full else o.get("name")
                       for o in e.iter() if o.tag.endswith("}offender")})
        out.append("%s %s %s" % (e.get("version"), res, ",".join(offs) or "-"))
    elif full and e.tag.endswith("}fact") and e.get("name") in (
            "urn:scapforge:fact:docker:id", "urn:scapforge:fact:docker:name"):
        out.append("%s=%s" % (e.get("name").rsplit(":", 1)[1], e.text))
print("; ".join(sorted(out)))
PY
}
# wait_port PORT: until something listens on 127.0.0.1:PORT (at most
# about 10 seconds); 1 if nothing does.
wait_port() {
	local i
	for i in $(seq 100); do
		python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
			"$1" 2>/dev/null && return 0
		sleep 0.1
		: "$i"
	done
	return 1
}

# OpenSCAP and the evidence at the content's default path ($EVIDENCE).
PROFILE=xccdf_mil.disa.stig_profile_MAC-1_Classified
PID_RULE=xccdf_mil.disa.stig_rule_SV-235784r960804_rule
IPC_RULE=xccdf_mil.disa.stig_rule_SV-235785r960804_rule
EVIDENCE=/var/lib/scapforge/docker-inspect.json
# tailoring DS NAME VALUE TEXT [VALUE TEXT]...: an XCCDF tailoring of
# data stream DS whose profile xccdf_scapforge.test_profile_NAME extends
# $PROFILE and sets each Value xccdf_mil.disa.stig_value_VALUE to TEXT.
tailoring() {
	local ds=$1 name=$2
	shift 2
	cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_scapforge.test_tailoring_$name">
  <benchmark href="$ds"/>
  <version time="2026-01-01T00:00:00">1</version>
  <Profile id="xccdf_scapforge.test_profile_$name" extends="$PROFILE">
    <title>$name</title>
XML
	while [ $# -ge 2 ]; do
		printf '    <set-value idref="xccdf_mil.disa.stig_value_%s">%s</set-value>\n' "$1" "$2"
		shift 2
	done
	printf '  </Profile>\n</Tailoring>\n'
}
# oscap_setup: OpenSCAP and root are there (or the test skips, and
# fails under CI), the content is built from the rules into $DS, and
# the default path is claimed.
oscap_setup() {
	command -v oscap >/dev/null || must_run "oscap (openscap-scanner) is not installed"
	[ "$(id -u)" -eq 0 ] || must_run "not root: the evidence goes to $EVIDENCE"
	"$SF" build --rules "$SRC/rules" --out "$WORK/out" >/dev/null || not_ok "build"
	DS=$WORK/out/scapforge-docker-stig-ds.xml
	evidence_path_claim
}
# evidence_path_claim: whatever the host had at $EVIDENCE comes back at
# exit (root). Tests of other runs that use the path wait their turn (a
# lock held until this test exits).
evidence_path_claim() {
	local lockdir=/run/lock
	[ -d "$lockdir" ] || lockdir=/tmp
	exec 9>"$lockdir/scapforge-default-evidence.lock"
	flock -w 900 9 || not_ok "the default evidence path is free within 15 minutes"
	if [ -e "$EVIDENCE" ]; then
		cp -p "$EVIDENCE" "$WORK/evidence.saved"
		cleanup_hooks+=("cp -p '$WORK/evidence.saved' '$EVIDENCE'")
	elif [ -d "$(dirname "$EVIDENCE")" ]; then
		cleanup_hooks+=("rm -f '$EVIDENCE'")
	else
		cleanup_hooks+=("rm -rf '$(dirname "$EVIDENCE")'")
	fi
	mkdir -p "$(dirname "$EVIDENCE")"
}
# evaluate FILE [TAILORING PROFILE]: places FILE at the default path (or
# removes the evidence for "-"), runs oscap on $DS and sets RC, PID and
# IPC.
evaluate() {
	local file=$1 tailoring=${2:-} profile=${3:-$PROFILE} arf=$WORK/arf.xml
	rm -f "$EVIDENCE" "$arf"
	[ "$file" = - ] || cp "$file" "$EVIDENCE"
	if [ -n "$tailoring" ]; then
		oscap xccdf eval --tailoring-file "$tailoring" --profile "$profile" \
			--results-arf "$arf" "$DS" >"$WORK/oscap.out" 2>&1
	else
		oscap xccdf eval --profile "$profile" --results-arf "$arf" "$DS" \
			>"$WORK/oscap.out" 2>&1
	fi
	RC=$?
	PID=$(xpath "$arf" "string(//*[local-name()='rule-result'][@idref='$PID_RULE']/*[local-name()='result'])")
	IPC=$(xpath "$arf" "string(//*[local-name()='rule-result'][@idref='$IPC_RULE']/*[local-name()='result'])")
	if ! xmllint --noout "$arf" 2>/dev/null; then
		not_ok "$file: the ARF parses" "$(cat "$WORK/oscap.out")"
	fi
}

# A fake Docker engine (fake_engine.py) on a unix socket of its own, for
# the tests of what scapforge does with an engine's answers.
# fake_engine_setup: finds python3 (skips, or fails under CI, without
# it) and sets SOCK, LOGS and the helpers below.
fake_engine_setup() {
	FAKE=$SRC/tests/e2e/fake_engine.py
	PYTHON=/usr/bin/python3
	[ -x "$PYTHON" ] || PYTHON=$(command -v python3 || true)
	if [ -z "$PYTHON" ]; then
		[ "${CI:-}" = true ] && { not_ok "python3 is installed (CI must run this)"; finish; }
		skip "python3 is not installed"
	fi
	unset DOCKER_HOST
	# a unix socket's path has room for about 100 bytes
	SOCKDIR=$WORK
	if [ "${#WORK}" -gt 80 ]; then
		SOCKDIR=$(mktemp -d /tmp/sf-engine.XXXXXX)
		cleanup_hooks+=("rm -rf '$SOCKDIR'")
	fi
	SOCK=$SOCKDIR/engine.sock
	LOGS=$WORK/logs
	mkdir -p "$LOGS" "$WORK/runs"
	ENGINE_PID=
	cleanup_hooks+=("stop_engine")
	# at most a minute a scan, should a scan hang
	TIMEOUT=()
	command -v timeout >/dev/null && TIMEOUT=(timeout -k 5 60)
}
# cid NAME: the ID the fake engine gives the container NAME.
cid() { printf '%s' "$1" | sha256sum | cut -c1-64; }
# start_engine SCENARIO: the fake engine, in the background, logging its
# requests to $LOGS/engine-SCENARIO.log, until stop_engine (also a
# cleanup hook) kills it by its PID.
start_engine() {
	local ready=$WORK/engine.ready i
	stop_engine
	rm -f "$ready"
	ENGINE_LOG=$LOGS/engine-$1.log
	"$PYTHON" "$FAKE" "$SOCK" "$1" "$ready" 2>>"$ENGINE_LOG" &
	ENGINE_PID=$!
	for i in $(seq 100); do
		[ -s "$ready" ] && return 0
		kill -0 "$ENGINE_PID" 2>/dev/null || break
		sleep 0.1
		: "$i"
	done
	not_ok "the fake engine starts ($1)" "$(tail -5 "$ENGINE_LOG")"
	return 1
}
# shellcheck disable=SC2317 # also called from the cleanup hook
stop_engine() {
	[ -n "${ENGINE_PID:-}" ] || return 0
	kill "$ENGINE_PID" 2>/dev/null
	wait "$ENGINE_PID" 2>/dev/null
	ENGINE_PID=
}
# no_crash NAME: nothing on stderr ($ERR) says the program crashed.
no_crash() {
	if grep -qE 'Sanitizer|runtime error:|Segmentation|core dumped|Aborted|double free|malloc\(\)' "$ERR"; then
		not_ok "$1: no crash" "$(head -20 "$ERR")"
	else
		ok "$1: no crash"
	fi
}
