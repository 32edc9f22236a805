#!/usr/bin/env bash
# scapforge scan against a fake Docker engine (fake_engine.py, on a unix
# socket of its own): a healthy one, and ones that fail, lie, send garbage,
# go away mid-scan or are not there. A scan that cannot be done exits 1
# with one message naming what failed, does not crash, and leaves no
# results behind: no evidence, no ARF, no temporary or collected files,
# and earlier results untouched.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
[ -f "$DS" ] || { not_ok "the data stream $DS exists"; finish; }
fake_engine_setup

# The containers the fake engine serves: their IDs are the sha256 of
# their names; monitor (the second) runs with --pid=host.
MONITOR=$(cid monitor)

# scan NAME DIR [ENV=VALUE...] -- SCAN-OPTIONS...: runs scapforge scan in
# DIR (created), with the official data stream; sets RC, OUT and ERR
# (files).
scan() {
	local name=$1 dir=$2 envs=()
	shift 2
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	mkdir -p "$dir"
	OUT=$LOGS/$name.out
	ERR=$LOGS/$name.err
	(cd "$dir" && env "${envs[@]}" "${TIMEOUT[@]}" "$SF" scan \
		--datastream "$DS" "$@" >"$OUT" 2>"$ERR")
	RC=$?
}

# files DIR: the files under DIR, one a line, sorted (empty: none).
files() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# refused NAME DIR EXPECTED-FILES MESSAGE...: the scan just run exited 1,
# printed nothing on stdout and one line on stderr, with every MESSAGE
# fragment in it, did not crash, and DIR holds exactly EXPECTED-FILES
# (|-separated) afterwards: no evidence.json, arf.xml, *.tmp, *.collected
# or temporary file left.
refused() {
	local name=$1 dir=$2 expected=$3 msg lines
	shift 3
	expect_eq "$name: exit status 1" 1 "$RC"
	no_crash "$name"
	lines=$(grep -c '' "$ERR")
	if [ "$lines" -eq 1 ] && grep -q '^scapforge: ' "$ERR"; then
		ok "$name: one message on stderr"
	else
		not_ok "$name: one message on stderr" "$(head -20 "$ERR")"
	fi
	for msg in "$@"; do
		if grep -qF -- "$msg" "$ERR"; then ok "$name: says '$msg'"; else
			not_ok "$name: says '$msg'" "stderr: $(head -5 "$ERR")"
		fi
	done
	expect_eq "$name: nothing on stdout" "" "$(head -c 300 "$OUT")"
	expect_eq "$name: no results left" "$expected" "$(files "$dir" | paste -sd'|')"
	if find "$dir" \( -name evidence.json -o -name arf.xml -o -name '*.tmp' \
		-o -name '*.collected' -o -name '*.collected.*' \) -newer "$LOGS/start" |
		grep -q .; then
		not_ok "$name: no evidence.json, arf.xml, *.tmp or *.collected written" \
			"$(find "$dir" -newer "$LOGS/start")"
	else
		ok "$name: no evidence.json, arf.xml, *.tmp or *.collected written"
	fi
}

# A good run first: its evidence and ARF are the earlier results that a
# failing scan must leave as they were.
touch "$LOGS/start"
start_engine ok || finish
GOOD=$WORK/runs/good
scan ok-default "$GOOD" -- --docker-host "unix://$SOCK"
expect_eq "ok: exit status 2 (a container runs with --pid=host)" 2 "$RC"
no_crash ok
expect_eq "ok: the offender is named in the table" "fail DKER-EE-001240 monitor" \
	"$(awk '$2 == "DKER-EE-001240" {print $1, $2, $4}' "$OUT")"
expect_eq "ok: the IPC rule passes" "pass DKER-EE-001250" \
	"$(awk '$2 == "DKER-EE-001250" {print $1, $2}' "$OUT")"
expect_eq "ok: the engine line" \
	"engine: unix://$SOCK, Docker 27.3.1 (API 1.47, linux/amd64); 3 containers listed" \
	"$(grep '^engine: ' "$OUT")"
expect_eq "ok: every container assessed" 1 \
	"$(grep -c '^evidence: 3 containers assessed, 0 excluded; scapforge-results/evidence.json' "$OUT")"
expect_eq "ok: the ARF and the evidence are written (default paths)" \
	"scapforge-results/arf.xml|scapforge-results/evidence.json" "$(files "$GOOD" | paste -sd'|')"
expect_eq "ok: the evidence holds the three containers" \
	"/web|/monitor|/db" \
	"$("$PYTHON" -c 'import json,sys; print("|".join(c["Name"] for c in json.load(open(sys.argv[1]))))' \
		"$GOOD/scapforge-results/evidence.json" 2>&1)"

scan ok-explicit "$GOOD/explicit" -- --docker-host "unix://$SOCK" \
	--evidence-out "$GOOD/explicit/out/evidence.json" --arf "$GOOD/explicit/out/arf.xml"
expect_eq "ok, --evidence-out and --arf: exit status 2" 2 "$RC"
no_crash "ok, --evidence-out and --arf"
expect_eq "ok, --evidence-out and --arf: the evidence and the ARF, nothing else" \
	"out/arf.xml|out/evidence.json" "$(files "$GOOD/explicit" | paste -sd'|')"
if command -v xmllint >/dev/null && [ -s "$GOOD/explicit/out/arf.xml" ]; then
	expect_true "ok, --arf: the ARF is well-formed XML" \
		xmllint --noout "$GOOD/explicit/out/arf.xml"
fi

# The earlier results for the "kept" runs: those of the explicit run, or
# (without ARF output) the evidence of the default one.
KEPT=$WORK/kept
mkdir -p "$KEPT"
if [ -s "$GOOD/explicit/out/evidence.json" ]; then
	cp -p "$GOOD/explicit/out/evidence.json" "$KEPT/"
else
	cp -p "$GOOD/scapforge-results/evidence.json" "$KEPT/"
fi
[ -s "$GOOD/explicit/out/arf.xml" ] && cp -p "$GOOD/explicit/out/arf.xml" "$KEPT/"
KEPT_FILES=$(files "$KEPT" | paste -sd'|')

# fails NAME [ENV=VALUE...] -- HOST-OPTIONS -- MESSAGE...: three scans
# that must fail with MESSAGE: with default output paths in a fresh
# folder; with --evidence-out and --arf in a fresh folder; and with the
# same where the good run's results already are, which stay as they were.
fails() {
	local name=$1 envs=() host=() d sums
	shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	while [ "$1" != -- ]; do host+=("$1"); shift; done
	shift
	touch "$LOGS/start"

	d=$WORK/runs/$name-default
	scan "$name-default" "$d" "${envs[@]}" -- "${host[@]}"
	refused "$name" "$d" "" "$@"
	expect_eq "$name: no results folder left behind" "" \
		"$(find "$d" -mindepth 1 -print)"

	d=$WORK/runs/$name-explicit
	scan "$name-explicit" "$d" "${envs[@]}" -- "${host[@]}" \
		--evidence-out "$d/out/evidence.json" --arf "$d/out/arf.xml"
	refused "$name (--evidence-out, --arf)" "$d" "" "$@"

	d=$WORK/runs/$name-kept
	mkdir -p "$d/out"
	cp -p "$KEPT"/* "$d/out/"
	sums=$(cd "$d/out" && sha256sum -- *)
	scan "$name-kept" "$d" "${envs[@]}" -- "${host[@]}" \
		--evidence-out "$d/out/evidence.json" --arf "$d/out/arf.xml"
	refused "$name (earlier results there)" "$d/out" "$KEPT_FILES" "$@"
	expect_eq "$name: the earlier results are untouched" "$sums" \
		"$(cd "$d/out" && sha256sum -- * 2>&1)"
}

ENGINE=unix://$SOCK
AT="the Docker engine at $ENGINE"
INSPECT=/containers/$MONITOR/json

start_engine version_500 && fails version_500 -- -H "$ENGINE" -- \
	"$AT answered 500 to GET /version: Internal Server Error: the daemon's store is locked"
start_engine list_500 && fails list_500 -- -H "$ENGINE" -- \
	"$AT answered 503 to GET /containers/json?all=1: the daemon is shutting down"
start_engine garbage_version && fails garbage_version -- -H "$ENGINE" -- \
	"$AT answered GET /version with something that is not a JSON object"
start_engine garbage_list && fails garbage_list -- -H "$ENGINE" -- \
	"$AT answered GET /containers/json?all=1 with something that is not a list of containers"
start_engine inspect_garbage && fails inspect_garbage -- -H "$ENGINE" -- \
	"$AT answered GET $INSPECT with something that is not a container"
start_engine inspect_500 && fails inspect_500 -- -H "$ENGINE" -- \
	"$AT answered 500 to GET $INSPECT: container $MONITOR: driver failed"
start_engine going_away && fails going_away -- -H "$ENGINE" -- \
	"cannot get $INSPECT from $AT" \
	"the engine went away or answered something that is not HTTP"
start_engine not_docker && fails not_docker -- -H "$ENGINE" -- \
	"$AT answered GET /version without a version: is it a Docker engine?"
start_engine huge && fails huge -- -H "$ENGINE" -- \
	"$AT sent more than 64 MB for GET $INSPECT"
stop_engine

# No engine at all.
fails no_socket -- -H "unix://$SOCKDIR/none.sock" -- \
	"cannot get /version from the Docker engine at unix://$SOCKDIR/none.sock" \
	"no socket there: is dockerd running? set DOCKER_HOST or --docker-host, or scan a saved file with --evidence"
mkdir -p "$SOCKDIR/sockdir"
fails socket_is_a_directory -- -H "unix://$SOCKDIR/sockdir" -- \
	"cannot get /version from the Docker engine at unix://$SOCKDIR/sockdir" \
	"that is a directory, not a socket: set DOCKER_HOST or --docker-host to the engine's socket, or scan a saved file with --evidence"
# A socket left by an engine that died: nobody listens.
"$PYTHON" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
	"$SOCKDIR/stale.sock"
fails stale_socket -- -H "unix://$SOCKDIR/stale.sock" -- \
	"cannot get /version from the Docker engine at unix://$SOCKDIR/stale.sock" \
	"the engine refused the connection: is dockerd running?"
fails unsupported_scheme -- -H npipe://x -- \
	"unsupported Docker host 'npipe://x': use unix:///path/to/docker.sock, tcp://host:port, https://host:port or ssh://[user@]host[:port]"
fails unsupported_scheme_in_DOCKER_HOST DOCKER_HOST=fd://user@host -- -- \
	"unsupported Docker host 'fd://user@host': use unix:///path/to/docker.sock, tcp://host:port, https://host:port or ssh://[user@]host[:port]"
fails no_socket_in_DOCKER_HOST "DOCKER_HOST=unix://$SOCKDIR/none.sock" -- -- \
	"cannot get /version from the Docker engine at unix://$SOCKDIR/none.sock" \
	"no socket there"

# A container removed between the list and its inspection is tolerated
# only as the exception (engine_list.sh tests how few): one of three is
# too many, and the list cannot be trusted.
start_engine vanished && fails vanished -- -H "$ENGINE" -- \
	"1 of 3 containers listed by $AT vanished before they could be inspected (tolerated: at most 5% and at most 10): the engine's list cannot be trusted"

# DOCKER_HOST is honoured without --docker-host, and --docker-host wins.
start_engine ok || finish
d=$WORK/runs/docker_host
scan docker_host "$d" "DOCKER_HOST=$ENGINE" --
expect_eq "DOCKER_HOST: exit status 2" 2 "$RC"
no_crash DOCKER_HOST
expect_eq "DOCKER_HOST: the engine it names is scanned" \
	"engine: $ENGINE, Docker 27.3.1 (API 1.47, linux/amd64); 3 containers listed" \
	"$(grep '^engine: ' "$OUT")"
expect_eq "DOCKER_HOST: the offender is named" "fail DKER-EE-001240 monitor" \
	"$(awk '$2 == "DKER-EE-001240" {print $1, $2, $4}' "$OUT")"
d=$WORK/runs/docker_host_overridden
scan docker_host_overridden "$d" DOCKER_HOST=ssh://elsewhere -- -H "$ENGINE"
expect_eq "--docker-host wins over DOCKER_HOST: exit status 2" 2 "$RC"
expect_eq "--docker-host wins over DOCKER_HOST: its engine is scanned" 1 \
	"$(grep -c "^engine: $ENGINE, " "$OUT")"
stop_engine

# Progress goes to stderr when it is a terminal (script gives one), and
# never into output that is not.
if command -v script >/dev/null; then
	start_engine ok || finish
	d=$WORK/runs/progress
	mkdir -p "$d"
	(cd "$d" && script -qec "'$SF' scan --datastream '$DS' -H '$ENGINE' >/dev/null" /dev/null \
		>"$LOGS/progress.tty" 2>&1)
	expect_eq "progress on a terminal" "collecting: 3 of 3 containers inspected" \
		"$(tr '\r' '\n' <"$LOGS/progress.tty" | grep -a 'collecting' | tr -d '\n')"
	scan progress_pipe "$WORK/runs/progress_pipe" -- -H "$ENGINE"
	expect_eq "no progress when stderr is not a terminal" "" "$(cat "$ERR")"
	stop_engine
else
	echo "SKIP the progress test: script (bsdutils) is missing"
fi

# A socket the user may not open: the message says what to do. Only root
# can make that user; elsewhere this part is skipped, loudly.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	start_engine ok || finish
	chmod 600 "$SOCK"
	d=$(mktemp -d /tmp/sf-denied.XXXXXX)
	chmod 777 "$d"
	cleanup_hooks+=("rm -rf '$d'")
	# what nobody runs and reads, copied where nobody can read it: the
	# clone may sit in a home folder of mode 0700
	u=$(mktemp -d /tmp/sf-nobody.XXXXXX)
	cleanup_hooks+=("rm -rf '$u'")
	cp "$SF" "$DS" "$SRC/rules/examples/docker-inspect.json" "$u/"
	chmod 755 "$u" "$u/$(basename "$SF")"
	chmod 644 "$u/$(basename "$DS")" "$u/docker-inspect.json"
	NSF=$u/$(basename "$SF") NDS=$u/$(basename "$DS")
	(cd "$d" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NSF" scan --datastream "$NDS" -H "$ENGINE" >"$LOGS/denied.out" 2>"$LOGS/denied.err")
	expect_eq "permission denied: exit 1 and what to do" \
		"1 scapforge: cannot get /version from the Docker engine at $ENGINE: Couldn't connect to server; permission denied: run as root or as a member of the docker group" \
		"$? $(cat "$LOGS/denied.err")"
	expect_eq "permission denied: no results" "" "$(find "$d" -type f)"
	# with --fallback-evidence (the README's main command), the example
	# is scanned instead, saying why
	(cd "$d" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$NSF" scan --datastream "$NDS" -H "$ENGINE" \
		--fallback-evidence "$u/docker-inspect.json" \
		>"$LOGS/denied-fallback.out" 2>"$LOGS/denied-fallback.err")
	expect_eq "permission denied with --fallback-evidence: the example, and why" \
		"2 scapforge: WARNING: no Docker engine was reachable (cannot get /version from the Docker engine at $ENGINE: Couldn't connect to server; permission denied: run as root or as a member of the docker group). These results evaluate the bundled example evidence $u/docker-inspect.json, NOT the containers of this host." \
		"$? $(cat "$LOGS/denied-fallback.err")"
	stop_engine
else
	echo "SKIP the permission test: it needs root (to run scapforge as nobody) and setpriv"
fi

# --fallback-evidence: with no engine there at all, the bundled example
# is scanned instead, and the terminal and the ARF say so plainly.
EXAMPLE=$SRC/rules/examples/docker-inspect.json
d=$WORK/runs/fallback
scan fallback "$d" -- -H "unix://$SOCKDIR/none.sock" --fallback-evidence "$EXAMPLE"
expect_eq "fallback: exit status 2 (the example has findings)" 2 "$RC"
no_crash fallback
WARN="WARNING: no Docker engine was reachable (cannot get /version from the Docker engine at unix://$SOCKDIR/none.sock: Couldn't connect to server; no socket there: is dockerd running? set DOCKER_HOST or --docker-host, or scan a saved file with --evidence). These results evaluate the bundled example evidence $EXAMPLE, NOT the containers of this host."
expect_eq "fallback: stderr warns" "scapforge: $WARN" "$(cat "$ERR")"
expect_eq "fallback: stdout ends with the warning" "$WARN" "$(tail -1 "$OUT")"
expect_eq "fallback: the example's offenders are named" \
	"fail DKER-EE-001240 metrics-agent|fail DKER-EE-001250 shm-cache" \
	"$(awk '$2 ~ /^DKER/ {print $1, $2, $4}' "$OUT" | paste -sd'|')"
arf=$d/scapforge-results/arf.xml
expect_eq "fallback: the ARF's first remark is the warning" "$WARN" \
	"$(xpath "$arf" "string(//*[local-name()='TestResult']/*[local-name()='remark'][1])")"
expect_eq "fallback: the ARF's evidence source says it is the example" \
	"the bundled example evidence $EXAMPLE, because no Docker engine was reachable" \
	"$(xpath "$arf" "string(//*[local-name()='fact'][@name='urn:scapforge:fact:evidence:source'])")"
expect_true "fallback: the ARF is valid" "$SF" validate "$arf"
# An engine that is there but fails is never glossed over.
start_engine version_500 || finish
d=$WORK/runs/fallback_not_for_failures
scan fallback_not_for_failures "$d" -- -H "$ENGINE" --fallback-evidence "$EXAMPLE"
expect_eq "fallback: not taken when the engine answers 500 (exit 1)" 1 "$RC"
expect_eq "fallback: no results then" "" "$(files "$d")"
stop_engine
scan fallback_with_evidence "$WORK/runs/fallback_with_evidence" -- \
	--evidence "$EXAMPLE" --fallback-evidence "$EXAMPLE"
expect_eq "fallback: refused with --evidence" \
	"1 scapforge: --fallback-evidence is for engine scans; it cannot go with --evidence" \
	"$RC $(cat "$ERR")"

finish
