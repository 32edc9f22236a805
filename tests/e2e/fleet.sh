#!/usr/bin/env bash
# scapforge scan of many hosts: fake engines (fake_engine.py) that pass,
# fail, carry hostile names, answer garbage or are slow, one that is down,
# and (as root) a private dockerd; each host into its folder, the fleet
# rolled up in fleet.json, fleet.csv and fleet.html, the exit status the
# fleet's. Also the hosts file's errors and --jobs's bounds.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
[ -f "$DS" ] || { not_ok "the data stream $DS exists"; finish; }
fake_engine_setup

# fake NAME SCENARIO: a fake engine on $SOCKDIR/NAME.sock, stopped by its
# PID at exit
FAKE_PIDS=()
fake() {
	local ready=$WORK/$1.ready i
	"$PYTHON" "$FAKE" "$SOCKDIR/$1.sock" "$2" "$ready" 2>>"$LOGS/$1.log" &
	FAKE_PIDS+=($!)
	for i in $(seq 100); do
		[ -s "$ready" ] && return 0
		sleep 0.1
		: "$i"
	done
	not_ok "the fake engine $1 ($2) starts"
}
# shellcheck disable=SC2317 # called from the cleanup hook
stop_fakes() {
	local p
	for p in "${FAKE_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
}
cleanup_hooks+=("stop_fakes")
fake alpha ok
fake beta clean
fake gamma clean
fake hostile hostile
fake garbage garbage_version
fake slow slow_version
printf 'not an engine\n' >"$WORK/notsock"

# fleet NAME ARGS...: a fleet scan in $WORK/NAME; sets D, RC, OUT, ERR
fleet() {
	local name=$1
	shift
	D=$WORK/$name
	mkdir -p "$D"
	OUT=$D/stdout
	ERR=$D/stderr
	(cd "$D" && "${TIMEOUT[@]}" "$SF" scan --datastream "$DS" "$@" \
		>stdout 2>stderr)
	RC=$?
}
U=unix://$SOCKDIR
# jq-like: python expression over fleet.json as j
fj() { "$PYTHON" -c 'import json,sys
j=json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$D/scapforge-results/fleet.json" "$1"; }

# -- the hosts file's errors, before anything is scanned
bad() {
	printf '%b' "$2" >"$WORK/hosts-$1"
	fleet "bad-$1" --hosts "$WORK/hosts-$1"
	expect_eq "hosts file $1: exit 1" 1 "$RC"
	expect_eq "hosts file $1: the message" "scapforge: $WORK/hosts-$1$3" "$(cat "$ERR")"
	expect_eq "hosts file $1: nothing scanned, no results folder" no \
		"$([ -e "$D/scapforge-results" ] && echo yes || echo no)"
}
bad url "# fleet\n\n$U/alpha.sock\nhttp://example.com name=x\n" \
	":4:1: 'http://example.com' is not an engine URL (unix:///path, tcp://host:port, https://host:port or ssh://[user@]host)"
bad key "$U/alpha.sock  name=a colour=blue\n" \
	":1:$((${#U} + 21)): 'colour=blue' is neither name=NAME nor tls=DIR"
bad twice "$U/alpha.sock name=a name=b\n" \
	":1:$((${#U} + 20)): 'name=b': name= is given twice"
bad dup "$U/alpha.sock name=a\n\t$U/beta.sock name=a # again\n" \
	":2:2: two hosts are named 'a' (give each a name=NAME of its own)"
bad derived "$U/alpha.sock\n$U/other/alpha.sock\n" \
	":2:1: two hosts are named 'alpha' (give each a name=NAME of its own)"
bad empty "# nothing\n\n" ": names no host"

# -- --jobs and the options of one host
for j in 0 65 x; do
	fleet "jobs-$j" -H "$U/alpha.sock" -H "$U/beta.sock" --jobs "$j"
	expect_eq "--jobs $j refused" "1|scapforge: option '--jobs' takes a whole number of engines from 1 to 64, not '$j'" \
		"$RC|$(cat "$ERR")"
done
fleet jobs-one -H "$U/alpha.sock" --jobs 2
expect_eq "--jobs with one host refused" \
	"1|scapforge: --jobs is for a scan of many hosts (--hosts, or --docker-host more than once)" "$RC|$(cat "$ERR")"
fleet arf-many -H "$U/alpha.sock" -H "$U/beta.sock" --arf x.xml
expect_eq "--arf with many hosts refused" \
	"1|scapforge: --arf is for the scan of one host; a scan of many names each host's outputs in its folder of --results-dir" \
	"$RC|$(cat "$ERR")"

# -- a fleet: a finding, a pass, hostile names, garbage, one down
HOSTILE_HOST="<i>h&amp;</i>,\"q"
cat >"$WORK/hosts" <<EOT
# the fleet
$U/alpha.sock
$U/beta.sock   name=beta   # every rule passes
$U/hostile.sock name=$HOSTILE_HOST

$U/garbage.sock name=garbage
$U/nothere.sock name=down
EOT
fleet main --hosts "$WORK/hosts" --jobs 3 --html h --json j --xccdf-results x
R=$D/scapforge-results
expect_eq "fleet: exit 2 (a finding, hosts not scanned)" 2 "$RC"
no_crash "fleet"
for h in alpha beta _i_h_amp___i___q; do
	for f in arf.xml evidence.json report.html summary.json xccdf-results.xml; do
		expect_true "fleet: $h/$f" test -s "$R/$h/$f"
	done
done
expect_eq "fleet: the hosts not scanned have no folder" "" \
	"$(ls -d "$R/garbage" "$R/down" 2>/dev/null)"
expect_eq "fleet: the ARF names the engine's host" "$(hostname)" \
	"$(xpath "$R/alpha/arf.xml" "string(//*[local-name()='TestResult']/*[local-name()='target'])")"
expect_eq "fleet.json: counts" "{'hosts': 5, 'pass': 1, 'finding': 2, 'error': 2, 'containers': 9}" "$(fj 'j["counts"]')"
expect_eq "fleet.json: exit status, hosts in the file's order" "2 ['alpha', 'beta', '$HOSTILE_HOST', 'garbage', 'down']" \
	"$(fj 'j["exit_status"], [h["name"] for h in j["hosts"]]' | tr -d '()' | sed 's/^2, /2 /')"
expect_eq "fleet.json: per host status and results" \
	"alpha finding DKER-EE-001240:fail:monitor DKER-EE-001250:pass:
beta pass DKER-EE-001240:pass: DKER-EE-001250:pass:
$HOSTILE_HOST finding DKER-EE-001240:fail:=cmd|' /C calc'!A0,<b>x</b>&amp; DKER-EE-001250:fail:a,\"b
garbage error
down error" \
	"$(fj '"\n".join(" ".join([h["name"], h["status"]] + ["%s:%s:%s" % (r["stig_id"], r["result"], ",".join(o["name"] for o in r["offenders"])) for r in h["rules"]]) for h in j["hosts"])')"
expect_eq "fleet.json: the offender's ID" "$(cid monitor)" \
	"$(fj 'j["hosts"][0]["rules"][0]["offenders"][0]["id"]')"
expect_eq "fleet.json: the engine's identity and endpoint" \
	"$(hostname) 27.3.1 $U/alpha.sock" \
	"$(fj '" ".join([j["hosts"][0]["engine"]["name"], j["hosts"][0]["engine"]["version"], j["hosts"][0]["endpoint"]])')"
expect_eq "fleet.json: the host down, its error, no engine, not passing" \
	"error|None|1|cannot get /version from the Docker engine at $U/nothere.sock: Couldn't connect to server; no socket there: is dockerd running? set DOCKER_HOST or --docker-host, or scan a saved file with --evidence" \
	"$(fj '"|".join(str(x) for x in (j["hosts"][4]["status"], j["hosts"][4]["engine"], j["hosts"][4]["exit_status"], j["hosts"][4]["error"]))')"
expect_eq "fleet.json: the garbage one's error" \
	"the Docker engine at $U/garbage.sock answered GET /version with something that is not a JSON object" \
	"$(fj 'j["hosts"][3]["error"]')"
printf '%s\r\n' 'host,endpoint,status,engine,containers,stig_id,result,offenders,error' \
	"alpha,$U/alpha.sock,finding,$(hostname),3,DKER-EE-001240,fail,monitor," \
	"alpha,$U/alpha.sock,finding,$(hostname),3,DKER-EE-001250,pass,," \
	"beta,$U/beta.sock,pass,$(hostname),3,DKER-EE-001240,pass,," \
	"beta,$U/beta.sock,pass,$(hostname),3,DKER-EE-001250,pass,," \
	"\"<i>h&amp;</i>,\"\"q\",$U/hostile.sock,finding,$(hostname),3,DKER-EE-001240,fail,'=cmd|' /C calc'!A0; <b>x</b>&amp;," \
	"\"<i>h&amp;</i>,\"\"q\",$U/hostile.sock,finding,$(hostname),3,DKER-EE-001250,fail,\"a,\"\"b\"," \
	"garbage,$U/garbage.sock,error,,,,,,the Docker engine at $U/garbage.sock answered GET /version with something that is not a JSON object" \
	"down,$U/nothere.sock,error,,,,,,\"cannot get /version from the Docker engine at $U/nothere.sock: Couldn't connect to server; no socket there: is dockerd running? set DOCKER_HOST or --docker-host, or scan a saved file with --evidence\"" \
	>"$WORK/expected.csv"
if cmp -s "$WORK/expected.csv" "$R/fleet.csv"; then ok "fleet.csv: the exact rows"; else
	not_ok "fleet.csv: the exact rows" "$(diff "$WORK/expected.csv" "$R/fleet.csv")"; fi
expect_eq "fleet.csv: Python's csv reads 9 rows of 9 fields, the formula neutralised" \
	"9 {9} '=cmd|' /C calc'!A0; <b>x</b>&amp;" \
	"$("$PYTHON" -c 'import csv,sys
r=list(csv.reader(open(sys.argv[1], newline="")))
print(len(r), {len(x) for x in r}, r[5][7])' "$R/fleet.csv")"
expect_true "fleet.html parses (xmllint --html)" xmllint --html --noout "$R/fleet.html"
expect_eq "fleet.html: the hostile names as text" \
	"<i>h&amp;</i>,\"q|=cmd|' /C calc'!A0<b>x</b>&amp;" \
	"$(xmllint --html --xpath 'concat(//tr[@class="host"][3]/td[@class="name"], "|", //tr[@class="host"][3]/td[contains(@class, "rule")][1]/span[1], //tr[@class="host"][3]/td[contains(@class, "rule")][1]/span[2])' "$R/fleet.html" 2>/dev/null)"
expect_true "fleet.html: the markup escaped" grep -qF '&lt;b&gt;x&lt;/b&gt;&amp;amp;' "$R/fleet.html"
expect_eq "fleet.html: links to the hosts' reports, none for those not scanned" \
	"alpha/report.html beta/report.html _i_h_amp___i___q/report.html" \
	"$(xmllint --html --xpath '//td[@class="report"]/a/@href' "$R/fleet.html" 2>/dev/null | sed 's/ *href="\([^"]*\)"/\1/' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "fleet.html: counts" "5 hosts: 1 passed, 2 with findings, 2 not scanned" \
	"$(xmllint --html --xpath 'normalize-space(//p[@id="counts"])' "$R/fleet.html" 2>/dev/null)"
expect_eq "terminal: one line per host and the summary" \
	"host <i>h&amp;</i>,\"q: finding, 3 containers (DKER-EE-001240 fail: =cmd|' /C calc'!A0, <b>x</b>&amp;; DKER-EE-001250 fail: a,\"b)
host alpha: finding, 3 containers (DKER-EE-001240 fail: monitor; DKER-EE-001250 pass)
host beta: pass, 3 containers (DKER-EE-001240 pass; DKER-EE-001250 pass)
host down: error: cannot get /version from the Docker engine at $U/nothere.sock: Couldn't connect to server; no socket there: is dockerd running? set DOCKER_HOST or --docker-host, or scan a saved file with --evidence
host garbage: error: the Docker engine at $U/garbage.sock answered GET /version with something that is not a JSON object
fleet: 5 hosts: 1 passed, 2 with findings, 2 not scanned; 9 containers assessed
report: scapforge-results/fleet.json, fleet.csv, fleet.html" \
	"$(head -5 "$OUT" | sort; tail -2 "$OUT")"
expect_eq "no progress line when stderr is no terminal" "" "$(cat "$ERR")"

# -- --docker-host repeated, every host passing: exit 0; names derived
fleet pass -H "$U/beta.sock" --docker-host "$U/gamma.sock" --results-dir out
expect_eq "all pass: exit 0" 0 "$RC"
expect_eq "all pass: the folders named from the sockets, under --results-dir" \
	"beta fleet.csv fleet.html fleet.json gamma" "$(ls "$D/out" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "all pass: fleet.json" "0 ['beta', 'gamma'] ['pass', 'pass']" \
	"$("$PYTHON" -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["exit_status"], [h["name"] for h in j["hosts"]], [h["status"] for h in j["hosts"]])' "$D/out/fleet.json")"

# -- no host reachable: exit 1, both listed
fleet none -H "$U/nothere.sock" -H "unix://$WORK/notsock" --jobs 1
expect_eq "none reachable: exit 1" 1 "$RC"
expect_eq "none reachable: both listed as errors, none passing" \
	"{'hosts': 2, 'pass': 0, 'finding': 0, 'error': 2, 'containers': 0} ['error', 'error']" \
	"$(fj 'j["counts"], [h["status"] for h in j["hosts"]]' | tr -d '()' | sed 's/}, \[/} [/')"
expect_true "none reachable: the summary line says so" \
	grep -qx 'fleet: 2 hosts: 0 passed, 0 with findings, 2 not scanned; 0 containers assessed' "$OUT"

# -- a slow host: its collect timeout ends it, the others go on
T0=$(date +%s)
fleet slow -H "$U/slow.sock" -H "$U/alpha.sock" -H "$U/beta.sock" --jobs 2 --collect-timeout 3
T1=$(date +%s)
expect_eq "slow: exit 2" 2 "$RC"
expect_eq "slow: the others scanned, the slow one an error" "error finding pass" \
	"$(fj '" ".join(h["status"] for h in j["hosts"])')"
expect_true "slow: its error is the timeout" grep -q '^host slow: error: .*3 s' "$OUT"
expect_true "slow: done within the timeout, not the engine's 30 s ($((T1 - T0)) s)" test $((T1 - T0)) -lt 20

# -- a child that crashes is that host's error
( cd "$WORK" && exec "$SF" scan --datastream "$DS" -H "$U/slow.sock" -H "$U/alpha.sock" \
	--results-dir crash >"$WORK/crash.out" 2>&1 ) &
PARENT=$!
for i in $(seq 100); do
	grep -q '^host alpha' "$WORK/crash.out" 2>/dev/null && break
	sleep 0.1
	: "$i"
done
# alpha done, the one child left scans the slow host
CHILD=$(pgrep -P "$PARENT" | head -1)
# SIGKILL: a sanitizer cannot catch it and exit in its own way
[ -n "$CHILD" ] && kill -KILL "$CHILD"
wait "$PARENT"
expect_eq "crash: exit 2, the crash recorded" \
	"2|host slow: error: its scan died of signal 9 (Killed)" \
	"$?|$(grep '^host slow' "$WORK/crash.out")"
expect_eq "crash: fleet.json, an error with no exit status, the other scanned" "error None finding" \
	"$("$PYTHON" -c 'import json,sys; h=json.load(open(sys.argv[1]))["hosts"]; print(h[0]["status"], h[0]["exit_status"], h[1]["status"])' "$WORK/crash/fleet.json")"

# -- progress on a terminal (script gives one)
if command -v script >/dev/null; then
	(cd "$WORK" && script -qec "'$SF' scan --datastream '$DS' -H '$U/alpha.sock' -H '$U/beta.sock' --jobs 1 --results-dir tty >/dev/null" /dev/null >"$WORK/tty.out" 2>&1)
	expect_true "progress: the line on the terminal, updated in place" \
		grep -q $'\rfleet: 2 of 2 hosts done, 6 containers inspected' "$WORK/tty.out"
fi

# -- a real engine among fake ones: a private dockerd (root)
if [ "$(id -u)" -ne 0 ]; then
	[ "${CI:-}" = true ] && not_ok "a private dockerd (CI must run this: not root)"
	printf 'SKIP the private dockerd part: not root\n'
elif ! dockerd_start; then
	not_ok "a private dockerd starts" "$(tail -3 "$WORK/docker/log" 2>/dev/null)"
else
	dockerd_image scapforge-test:1
	dk create --network none --name pidhost --pid=host scapforge-test:1 /wait >/dev/null ||
		not_ok "docker create pidhost"
	dk create --network none --name quiet scapforge-test:1 /wait >/dev/null ||
		not_ok "docker create quiet"
	fleet real -H "unix://$ENGINE_SOCK" -H "$U/beta.sock" --html h
	expect_eq "dockerd: exit 2 (its --pid=host container)" 2 "$RC"
	expect_eq "dockerd: its results and offender, the fake one passing" \
		"d finding DKER-EE-001240:fail:pidhost DKER-EE-001250:pass:|beta pass DKER-EE-001240:pass: DKER-EE-001250:pass:" \
		"$(fj '"|".join(" ".join([h["name"], h["status"]] + ["%s:%s:%s" % (r["stig_id"], r["result"], ",".join(o["name"] for o in r["offenders"])) for r in h["rules"]]) for h in j["hosts"])')"
	expect_eq "dockerd: its identity from GET /info" "$(dk info --format '{{.Name}} {{.ID}}')" \
		"$(fj 'j["hosts"][0]["engine"]["name"] + " " + j["hosts"][0]["engine"]["id"]')"
	expect_true "dockerd: its report" test -s "$D/scapforge-results/d/report.html"
fi
finish
