#!/usr/bin/env bash
# Containers that join others' namespaces on a real, private Docker
# engine: chains of --pid=container: to a --pid=host donor, running and
# never started, through a donor the exclusion leaves out, and joiners of
# private namespaces. scapforge names each joiner with its chain, as the
# engine recorded it, and OpenSCAP agrees on the evidence it wrote.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

oscap_setup
if ! dockerd_start; then
	must_run "a private dockerd does not start: $(tail -3 "$WORK/docker/log" 2>/dev/null)"
fi
dockerd_image scapforge-test:1
make() {
	dk create --name "$1" --network none "${@:2}" scapforge-test:1 /wait >/dev/null ||
		not_ok "docker create $*"
}
make root-shell --pid=host
make ops-debug --pid=container:root-shell
make web --pid=container:ops-debug
make ucp-agent --pid=host --ipc=shareable
make metrics --pid=container:ucp-agent --ipc=container:ucp-agent
make plain
make sidecar --pid=container:plain --ipc=container:plain
make old-debug --pid=host
make batch --pid=container:old-debug
# donors running (root-shell, ucp-agent, plain) and a joiner running
# (ops-debug); web, metrics, sidecar, the donor old-debug and its joiner
# batch are never started
dk start root-shell ucp-agent plain >/dev/null || not_ok "docker start the donors"
dk start ops-debug >/dev/null || not_ok "docker start ops-debug"
cid() { dk inspect --format '{{.Id}}' "$1"; }
expect_eq "engine: the modes docker recorded" \
	"container:$(cid root-shell)|container:$(cid ops-debug)|container:$(cid ucp-agent)|container:$(cid plain)|container:$(cid old-debug)" \
	"$(dk inspect --format '{{.HostConfig.PidMode}}' ops-debug web metrics sidecar batch | paste -sd'|')"
expect_eq "engine: four running, five never started" "4 9" \
	"$(dk ps --quiet | wc -l) $(dk ps --all --quiet | wc -l)"

R=$WORK/scan
out=$("$SF" scan --datastream "$DS" --docker-host "unix://$ENGINE_SOCK" \
	--evidence-out "$R/evidence.json" --arf "$R/arf.xml" --json "$R/summary.json" 2>"$WORK/err")
expect_eq "scan exits 2" 2 $?
short() { cid "$1" | cut -c1-12; }
rr="//*[local-name()='rule-result']"
messages() {
	xpath "$R/arf.xml" "$rr[@idref='$1'][*[local-name()='result']='fail']/*[local-name()='message'][@severity='info']" |
		sed -e 's/<message[^>]*>//g' -e 's/<\/message>/\n/g' | sed '/^$/d' | sort | paste -sd'|'
}
expect_eq "DKER-EE-001240 names every container in the host's PID namespace, with its chain" \
	"$(printf '%s\n' \
		"container batch ($(short batch), image scapforge-test:1): HostConfig.PidMode is container:$(cid old-debug), which is host" \
		"container metrics ($(short metrics), image scapforge-test:1): HostConfig.PidMode is container:$(cid ucp-agent), which is host" \
		"container old-debug ($(short old-debug), image scapforge-test:1): HostConfig.PidMode is host" \
		"container ops-debug ($(short ops-debug), image scapforge-test:1): HostConfig.PidMode is container:$(cid root-shell), which is host" \
		"container root-shell ($(short root-shell), image scapforge-test:1): HostConfig.PidMode is host" \
		"container web ($(short web), image scapforge-test:1): HostConfig.PidMode is container:$(cid ops-debug), which is container:$(cid root-shell), which is host" |
		sort | paste -sd'|')" \
	"$(messages "$PID_RULE")"
expect_eq "DKER-EE-001250 passes: the joiners of shareable and private namespaces share nothing with the host" \
	"pass|" "$(xpath "$R/arf.xml" "string($rr[@idref='$IPC_RULE']/*[local-name()='result'])")|$(messages "$IPC_RULE")"
expect_eq "the excluded donor is listed, not assessed" \
	"evidence: 8 containers assessed, 1 excluded|excluded: ucp-agent ($(short ucp-agent)): name 'ucp-agent'; would be a finding of DKER-EE-001240 (HostConfig.PidMode is host)" \
	"$(printf '%s\n' "$out" | grep -E '^(evidence|excluded):' | sed '/^evidence:/s/;.*//' | paste -sd'|')"
expect_eq "the JSON summary gives each chain as the detail" \
	"batch:container:$(cid old-debug), which is host|metrics:container:$(cid ucp-agent), which is host|old-debug:None|ops-debug:container:$(cid root-shell), which is host|root-shell:None|web:container:$(cid ops-debug), which is container:$(cid root-shell), which is host" \
	"$(python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print("|".join(sorted("%s:%s" % (o["name"], o["detail"]) for r in d["rules"] for o in r["offenders"])))' "$R/summary.json")"
evaluate "$R/evidence.json"
expect_eq "OpenSCAP agrees on scapforge's evidence" "fail/pass" "$PID/$IPC"
# shellcheck disable=SC2046 # one argument per container
dk inspect $(dk ps --all --quiet) >"$WORK/raw.json"
evaluate "$WORK/raw.json"
expect_eq "OpenSCAP on the raw docker inspect output: fail, joiners unresolved" "fail/fail" "$PID/$IPC"
finish
