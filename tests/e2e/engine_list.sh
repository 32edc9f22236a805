#!/usr/bin/env bash
# scapforge scan checks an engine's answers against its list (fake_engine.py,
# on a unix socket of its own): an inspect document about another container
# than the one listed is refused; an ID listed twice is assessed once; a
# few containers removed between the list and their inspection are named in
# the reports, too many make the list untrustworthy; and one deadline,
# --collect-timeout, bounds the whole collection. A scan that cannot be done
# exits 1 with one exact message and leaves no results behind.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
AGREES=$SRC/tests/e2e/summary_agrees.py
command -v xmllint >/dev/null || must_run "xmllint (libxml2-utils) is not installed"
[ -f "$DS" ] || { not_ok "the data stream $DS exists"; finish; }
fake_engine_setup

ENGINE=unix://$SOCK
AT="the Docker engine at $ENGINE"

# The containers the fake engine serves: their IDs are the sha256 of their
# names; monitor (the second) runs with --pid=host; vanish_N_G lists N,
# the three then app-03, app-04..., and the last G of them answer 404.
MONITOR=$(cid monitor)
DB=$(cid db)

# scan NAME DIR SCAN-OPTIONS...: runs scapforge scan in DIR (created)
# with the official data stream; sets RC, OUT and ERR (files) and MS (how
# long it took, in milliseconds).
scan() {
	local name=$1 dir=$2 t0
	shift 2
	mkdir -p "$dir"
	OUT=$LOGS/$name.out
	ERR=$LOGS/$name.err
	t0=$(date +%s%N)
	(cd "$dir" && "${TIMEOUT[@]}" "$SF" scan --datastream "$DS" "$@" \
		>"$OUT" 2>"$ERR")
	RC=$?
	MS=$((($(date +%s%N) - t0) / 1000000))
}

# fails NAME MESSAGE SCAN-OPTIONS...: two scans that must exit 1 with
# exactly "scapforge: MESSAGE" on stderr and nothing on stdout: one with
# every report asked for in a fresh folder, which stays empty; one where
# earlier results are, which stay as they were.
fails() {
	local name=$1 msg=$2 d sums
	shift 2
	d=$WORK/runs/$name
	scan "$name" "$d" "$@" --json scapforge-results/summary.json \
		--html scapforge-results/report.html \
		--ckl scapforge-results/checklist.ckl
	expect_eq "$name: exit status 1" 1 "$RC"
	no_crash "$name"
	expect_eq "$name: the message" "scapforge: $msg" "$(cat "$ERR")"
	expect_eq "$name: nothing on stdout" "" "$(head -c 300 "$OUT")"
	expect_eq "$name: no results, no folder left" "" \
		"$(find "$d" -mindepth 1 -print)"

	d=$WORK/runs/$name-kept
	mkdir -p "$d/out"
	cp -p "$KEPT"/* "$d/out/"
	sums=$(cd "$d/out" && sha256sum -- *)
	scan "$name-kept" "$d" "$@" --evidence-out "$d/out/evidence.json" \
		--arf "$d/out/arf.xml" --json "$d/out/summary.json"
	expect_eq "$name (earlier results there): exit 1, the message" \
		"1 scapforge: $msg" "$RC $(cat "$ERR")"
	expect_eq "$name (earlier results there): they are untouched" "$sums" \
		"$(cd "$d/out" && sha256sum -- * 2>&1)"
}

# json DIR EXPR: a Python expression over the JSON summary j of the scan
# in DIR (scapforge-results/summary.json).
json() {
	"$PYTHON" -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1/scapforge-results/summary.json" "$2" 2>&1
}
# arf DIR XPATH: the string value of an XPath over the scan's ARF.
arf() { xpath "$1/scapforge-results/arf.xml" "$2"; }
TR="//*[local-name()='TestResult']"
SCANMD="$TR/*[local-name()='metadata']/*[local-name()='scan']"
ENGMD="$SCANMD/*[local-name()='engine']"
# fact DIR NAME: the values of the ARF's facts NAME, |-separated.
fact() {
	"$PYTHON" -c 'import sys, xml.etree.ElementTree as ET
X = "{http://checklists.nist.gov/xccdf/1.2}"
t = ET.parse(sys.argv[1]).getroot().find(".//" + X + "TestResult")
print("|".join(f.text or "" for f in t.iter(X + "fact") if f.get("name") == sys.argv[2]))' \
		"$1/scapforge-results/arf.xml" "$2" 2>&1
}
# requests PATH: how many times the engine was asked GET PATH.
requests() { grep -c "\"GET $1 HTTP" "$ENGINE_LOG"; }

# --collect-timeout is in the help and takes whole seconds only.
expect_eq "help scan: --collect-timeout" 1 "$("$SF" help scan |
	grep -cxF '      --collect-timeout SECONDS give up when the engine has not answered everything within this time (default: 300)')"
for bad in 0 -3 abc 10x 86401 '' 1.5; do
	scan "bad-timeout" "$WORK/runs/bad-timeout" -H "unix://$SOCKDIR/none.sock" \
		--collect-timeout "$bad"
	expect_eq "--collect-timeout '$bad' is refused" \
		"1 scapforge: option '--collect-timeout' takes a whole number of seconds from 1 to 86400, not '$bad'" \
		"$RC $(cat "$ERR")"
done
expect_eq "refused timeouts write nothing" "" "$(find "$WORK/runs/bad-timeout" -mindepth 1)"

# A healthy engine within a short deadline: the earlier results that the
# failing scans must leave as they were.
start_engine ok || finish
d=$WORK/runs/ok
scan ok "$d" -H "$ENGINE" --collect-timeout=2 --json scapforge-results/summary.json
expect_eq "ok, --collect-timeout=2: exit status 2 (monitor runs with --pid=host)" 2 "$RC"
no_crash ok
expect_eq "ok: nothing on stderr" "" "$(cat "$ERR")"
expect_eq "ok: three containers assessed" 1 \
	"$(grep -c '^evidence: 3 containers assessed, 0 excluded; ' "$OUT")"
expect_eq "ok: JSON engine: listed 3, vanished 0, no vanished containers" \
	"3 0 []" "$(json "$d" 'j["engine"]["listed"], j["engine"]["vanished"], j["engine"]["vanished_containers"]' | tr -d '(),')"
expect_eq "ok: ARF: no vanished container" "0|0|" \
	"$(fact "$d" urn:scapforge:fact:containers:vanished)|$(arf "$d" "string($ENGMD/@vanished)")|$(fact "$d" urn:scapforge:fact:containers:vanished:container)"
KEPT=$WORK/kept
mkdir -p "$KEPT"
cp -p "$d"/scapforge-results/* "$KEPT/"

# An inspect document about another container than the one asked for.
start_engine inspect_other &&
	fails inspect_other "$AT listed container $MONITOR but answered GET /containers/$MONITOR/json with container $DB: its answers cannot be trusted" \
		-H "$ENGINE"

# Each container listed twice, monitor three times: each is inspected
# and assessed once.
# Answers the evidence reader refuses are named by the engine they came
# from, not by a file of scapforge's own.
start_engine inspect_types || finish
fails inspect_types "container 2 of evidence 'the docker inspect answers of $ENGINE' (line 3): 'HostConfig.PidMode' at line 3, column 519 is a number, where Docker writes a string" \
	-H "$ENGINE"

# An engine that runs Windows containers: the rules are not applicable.
start_engine windows || finish
d=$WORK/runs/windows
scan windows "$d" -H "$ENGINE" --json scapforge-results/summary.json
expect_eq "windows: exit 0, both rules not applicable" \
	"0 notapplicable notapplicable" \
	"$RC $(json "$d" '" ".join(r["result"] for r in j["rules"])')"
expect_eq "windows: every container named as not applicable" \
	"evidence: 0 containers assessed, 0 excluded, 3 not applicable|3" \
	"$(grep '^evidence:' "$OUT" | sed 's/;.*//')|$(grep -c "^excluded: .*: not applicable: the engine runs Windows containers (Os 'windows/amd64')$" "$OUT")"

start_engine duplicates || finish
d=$WORK/runs/duplicates
scan duplicates "$d" -H "$ENGINE" --json scapforge-results/summary.json
expect_eq "duplicates: exit status 2" 2 "$RC"
no_crash duplicates
expect_eq "duplicates: nothing on stderr" "" "$(cat "$ERR")"
expect_eq "duplicates: the engine lists 7 entries, 3 IDs" "7 3" \
	"$("$PYTHON" -c 'import http.client, json, socket, sys
class C(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(sys.argv[1])
c = C("localhost")
c.request("GET", "/containers/json?all=1")
ids = [x["Id"] for x in json.load(c.getresponse())]
print(len(ids), len(set(ids)))' "$SOCK" 2>&1)"
expect_eq "duplicates: each container inspected once" "1 1 1" \
	"$(requests "/containers/$(cid web)/json") $(requests "/containers/$MONITOR/json") $(requests "/containers/$DB/json")"
expect_eq "duplicates: 3 containers assessed" 1 \
	"$(grep -c '^evidence: 3 containers assessed, 0 excluded; ' "$OUT")"
expect_eq "duplicates: the engine line counts 3" \
	"engine: $ENGINE, Docker 27.3.1 (API 1.47, linux/amd64); 3 containers listed" \
	"$(grep '^engine: ' "$OUT")"
expect_eq "duplicates: the evidence holds each container once" "/web|/monitor|/db" \
	"$("$PYTHON" -c 'import json,sys; print("|".join(c["Name"] for c in json.load(open(sys.argv[1]))))' \
		"$d/scapforge-results/evidence.json" 2>&1)"
expect_eq "duplicates: monitor is one offender" "1 $MONITOR" \
	"$(json "$d" '" ".join([str(len(j["rules"][0]["offenders"]))] + [o["id"] for o in j["rules"][0]["offenders"]])')"
expect_eq "duplicates: the ARF names monitor once" 1 \
	"$(arf "$d" "count($TR/*[local-name()='rule-result']/*[local-name()='instance'])")"
expect_eq "duplicates: JSON listed 3, assessed 3" "3 3" \
	"$(json "$d" 'j["engine"]["listed"], j["evidence"]["assessed"]' | tr -d '(),')"

# Too many vanished: every one of 40, 3 of 40 (over 5%), 11 of 400 (over
# 10, though under 5%).
start_engine vanish_40_40 &&
	fails vanish_40_40 "40 of 40 containers listed by $AT vanished before they could be inspected (tolerated: at most 5% and at most 10): the engine's list cannot be trusted" \
		-H "$ENGINE"
start_engine vanish_40_3 &&
	fails vanish_40_3 "3 of 40 containers listed by $AT vanished before they could be inspected (tolerated: at most 5% and at most 10): the engine's list cannot be trusted" \
		-H "$ENGINE"
start_engine vanish_400_11 &&
	fails vanish_400_11 "11 of 400 containers listed by $AT vanished before they could be inspected (tolerated: at most 5% and at most 10): the engine's list cannot be trusted" \
		-H "$ENGINE"

# tolerated NAME LISTED GONE-NAMES...: a scan of vanish_LISTED_G (G the
# number of names) that succeeds, with monitor at fault, and names the
# containers gone in the ARF and the JSON summary.
tolerated() {
	local name=$1 listed=$2 n v pairs="" facts="" md="" assessed
	shift 2
	n=$#
	assessed=$((listed - n))
	for v in "$@"; do
		pairs="$pairs${pairs:+|}$(cid "$v") $v"
		facts="$facts${facts:+|}$v ($(cid "$v"))"
	done
	start_engine "$name" || return 0
	d=$WORK/runs/$name
	scan "$name" "$d" -H "$ENGINE" --json scapforge-results/summary.json
	expect_eq "$name: exit status 2 (monitor runs with --pid=host)" 2 "$RC"
	no_crash "$name"
	expect_eq "$name: nothing on stderr" "" "$(cat "$ERR")"
	expect_eq "$name: the offender is named" "fail DKER-EE-001240 monitor" \
		"$(awk '$2 == "DKER-EE-001240" {print $1, $2, $4}' "$OUT")"
	expect_eq "$name: the terminal names each vanished container" \
		"$(for v in "$@"; do printf 'vanished: %s (%s): listed, then gone before its inspection\n' "$v" "$(cid "$v" | cut -c1-12)"; done)" \
		"$(grep '^vanished:' "$OUT")"
	expect_eq "$name: $assessed containers assessed" 1 \
		"$(grep -c "^evidence: $assessed containers assessed, 0 excluded; " "$OUT")"
	expect_eq "$name: the evidence holds $assessed containers" "$assessed" \
		"$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
			"$d/scapforge-results/evidence.json" 2>&1)"
	expect_eq "$name: ARF facts: $n vanished, each named" "$n|$facts" \
		"$(fact "$d" urn:scapforge:fact:containers:vanished)|$(fact "$d" urn:scapforge:fact:containers:vanished:container)"
	for v in "$@"; do
		md="$md${md:+|}$(arf "$d" "string($ENGMD/*[local-name()='vanished'][@id='$(cid "$v")']/@name)")"
	done
	expect_eq "$name: ARF metadata: listed $listed, vanished $n, each by ID and name" \
		"$listed $n $n $(printf '%s|' "$@" | sed 's/|$//')" \
		"$(arf "$d" "string($ENGMD/@listed)") $(arf "$d" "string($ENGMD/@vanished)") $(arf "$d" "count($ENGMD/*[local-name()='vanished'])") $md"
	expect_eq "$name: JSON engine: listed $listed, vanished $n" "$listed $n" \
		"$(json "$d" 'j["engine"]["listed"], j["engine"]["vanished"]' | tr -d '(),')"
	expect_eq "$name: JSON engine: the vanished containers" "$pairs" \
		"$(json "$d" '"|".join(c["id"] + " " + c["name"] for c in j["engine"]["vanished_containers"])')"
	expect_eq "$name: JSON evidence: $assessed assessed" "$assessed" \
		"$(json "$d" 'j["evidence"]["assessed"]')"
	expect_eq "$name: the JSON summary agrees with the ARF" agree \
		"$("$PYTHON" "$AGREES" "$d/scapforge-results/summary.json" \
			"$d/scapforge-results/arf.xml" "$RC" 2>&1)"
	expect_true "$name: the ARF is valid" "$SF" validate "$d/scapforge-results/arf.xml"
}
# 1 of 40; 2 of 40 (5%, the most tolerated); 10 of 400 (10, the most)
tolerated vanish_40_1 40 app-39
tolerated vanish_40_2 40 app-38 app-39
tolerated vanish_400_10 400 app-390 app-391 app-392 app-393 app-394 \
	app-395 app-396 app-397 app-398 app-399

# The deadline bounds the whole collection: an engine that never answers
# GET /version, one that hangs on the third inspection, and one whose
# every inspection takes 1.5 s (each within the deadline, not all).
# Each fails after 2 s, not before, and well before the 30 s it waits.
timed() {
	local name=$1 msg=$2
	start_engine "$name" || return 0
	scan "$name-timed" "$WORK/runs/$name-timed" -H "$ENGINE" --collect-timeout 2
	expect_eq "$name: exit 1, the message" "1 scapforge: $msg" "$RC $(cat "$ERR")"
	if [ "$MS" -ge 2000 ] && [ "$MS" -lt 6000 ]; then
		ok "$name: gave up after 2 s (${MS} ms)"
	else
		not_ok "$name: gave up after 2 s" "it took $MS ms"
	fi
	fails "$name" "$msg" -H "$ENGINE" --collect-timeout 2
}
timed slow_version "$AT did not finish answering within 2 seconds (no container inspected): raise --collect-timeout or scan a saved file with --evidence"
timed slow_inspect "$AT did not finish answering within 2 seconds (2 of 3 containers inspected): raise --collect-timeout or scan a saved file with --evidence"
timed slow_each "$AT did not finish answering within 2 seconds (1 of 3 containers inspected): raise --collect-timeout or scan a saved file with --evidence"

# An engine too slow is there: never replaced by --fallback-evidence.
start_engine slow_version || finish
scan slow_fallback "$WORK/runs/slow_fallback" -H "$ENGINE" --collect-timeout 1 \
	--fallback-evidence "$SRC/rules/examples/docker-inspect.json"
expect_eq "slow_version, --fallback-evidence: exit 1, no fallback" \
	"1 scapforge: $AT did not finish answering within 1 second (no container inspected): raise --collect-timeout or scan a saved file with --evidence" \
	"$RC $(cat "$ERR")"
expect_eq "slow_version, --fallback-evidence: no results" "" \
	"$(find "$WORK/runs/slow_fallback" -mindepth 1)"

# Given the time, the engine whose inspections take 1.5 s each is scanned.
start_engine slow_each || finish
scan slow_each_in_time "$WORK/runs/slow_each_in_time" -H "$ENGINE" --collect-timeout 10
expect_eq "slow_each, --collect-timeout 10: exit status 2" 2 "$RC"
expect_eq "slow_each, --collect-timeout 10: 3 containers assessed" 1 \
	"$(grep -c '^evidence: 3 containers assessed, 0 excluded; ' "$OUT")"
stop_engine

finish
