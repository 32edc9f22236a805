#!/usr/bin/env bash
# DISA's exclusion on a real, private Docker engine: scapforge leaves out
# exactly the containers that `docker ps --all | grep -iv "ucp\|kube\|dtr"`
# leaves out (a user container whose name holds "dtr", a command whose
# "kube" stands past docker ps's cut, an image that names ucp), names
# every excluded container that would be a finding in every output, and
# never gives a plain green report when the exclusion leaves out every
# container.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || must_run "not root: a private dockerd needs it"
DS=$SRC/output/scapforge-docker-stig-ds.xml
if ! dockerd_start; then
	must_run "a private dockerd does not start: $(tail -3 "$WORK/docker/log" 2>/dev/null)"
fi
dockerd_image scapforge-test:1
dockerd_image docker/ucp-agent:3.2
mk() { dk create --network none "$@" >/dev/null || not_ok "docker create $*"; }
mk --name wordtrain-web --pid=host scapforge-test:1 /wait
mk --name late-cmd --pid=host scapforge-test:1 /wait --flag=aaaaaaaaaaaa kube
mk --name kubelet-proxy scapforge-test:1 /wait
mk --name agent --ipc=host docker/ucp-agent:3.2 /wait
mk --name plain scapforge-test:1 /wait
dk start plain >/dev/null || not_ok "docker start plain"

# What DISA's own pipeline keeps: the NAMES column of the lines grep
# leaves, header excepted.
disa=$(dk ps --all | grep -iv "ucp\|kube\|dtr" | awk 'NR > 1 {print $NF}' | sort | paste -sd' ')
expect_eq "DISA's pipeline keeps these containers" "late-cmd plain" "$disa"
cmd=$(dk ps --all --filter name=late-cmd --format '{{.Command}}')
expect_eq "docker ps cuts late-cmd's command before kube ($cmd)" "" \
	"$(printf '%s' "$cmd" | grep -i kube)"

R=$WORK/r
scan() {
	rm -rf "$R"
	OUT=$("$SF" scan --datastream "$DS" --docker-host "unix://$ENGINE_SOCK" \
		--evidence-out "$R/evidence.json" --arf "$R/arf.xml" --json "$R/summary.json" \
		--html "$R/report.html" --ckl "$R/checklist.ckl" --cklb "$R/checklist.cklb" \
		"$@" 2>"$WORK/err")
	RC=$?
}
scan
expect_eq "scapforge assesses what DISA's pipeline keeps" "late-cmd plain" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted(c["Name"].lstrip("/") for c in json.load(open(sys.argv[1])))))' "$R/evidence.json")"
short() { dk inspect --format '{{.Id}}' "$1" | cut -c1-12; }
expect_eq "the excluded containers and why, with those that would be findings" \
	"excluded: agent ($(short agent)): image 'docker/ucp-agent:3.2'; would be a finding of DKER-EE-001250 (HostConfig.IpcMode is host)|excluded: kubelet-proxy ($(short kubelet-proxy)): name 'kubelet-proxy'|excluded: wordtrain-web ($(short wordtrain-web)): name 'wordtrain-web'; would be a finding of DKER-EE-001240 (HostConfig.PidMode is host)" \
	"$(printf '%s\n' "$OUT" | grep '^excluded:' | sort | paste -sd'|')"
expect_eq "late-cmd is assessed and at fault" "fail DKER-EE-001240 late-cmd" \
	"$(printf '%s\n' "$OUT" | awk '$2 == "DKER-EE-001240" {print $1, $2, $4}')"
expect_eq "the JSON summary agrees with the ARF" agree \
	"$(python3 "$SRC/tests/e2e/summary_agrees.py" "$R/summary.json" "$R/arf.xml" "$RC" 2>&1)"
expect_eq "the ARF lists the excluded would-be findings per rule" \
	"wordtrain-web HostConfig.PidMode host|agent HostConfig.IpcMode host" \
	"$(for r in 235784 235785; do xpath "$R/arf.xml" "concat(//*[local-name()='rule-result'][contains(@idref, '$r')]//*[local-name()='excluded-offender']/@name, ' ', //*[local-name()='rule-result'][contains(@idref, '$r')]//*[local-name()='excluded-offender']/@setting, ' ', //*[local-name()='rule-result'][contains(@idref, '$r')]//*[local-name()='excluded-offender']/@value)"; done | paste -sd'|')"
# in_cklb FILE TEXT: how many of the CKLB's finding details hold TEXT
in_cklb() {
	python3 -c 'import json,sys; print(sum(sys.argv[2] in r["finding_details"] for s in json.load(open(sys.argv[1]))["stigs"] for r in s["rules"]))' "$1" "$2"
}
web="- wordtrain-web ($(short wordtrain-web), image scapforge-test:1): HostConfig.PidMode is host"
agent="- agent ($(short agent), image docker/ucp-agent:3.2): HostConfig.IpcMode is host"
expect_eq "the CKL and CKLB finding details name them" "1 1 1 1" \
	"$(grep -cF -- "$web" "$R/checklist.ckl") $(grep -cF -- "$agent" "$R/checklist.ckl") $(in_cklb "$R/checklist.cklb" "$web") $(in_cklb "$R/checklist.cklb" "$agent")"
expect_eq "the HTML report lists them under the rule" 2 \
	"$(grep -o 'would-fail' "$R/report.html" | wc -l)"

# Everything left out: flagged in every output, exit 2 unless accepted.
WARN="WARNING: the exclusion pattern '.' left out every container (5 excluded, none assessed): these results say nothing about them."
scan --set-value container_exclusion_pattern=.
expect_eq "pattern '.': exit 2, both rules pass, the warning on stderr" \
	"2 pass pass|scapforge: $WARN (exit 2; --allow-empty accepts it)" \
	"$RC $(printf '%s\n' "$OUT" | awk '$2 ~ /^DKER/ {print $1}' | paste -sd' ')|$(cat "$WORK/err")"
expect_eq "pattern '.': the last line of the output" "$WARN" "$(printf '%s\n' "$OUT" | tail -1)"
expect_eq "pattern '.': the ARF's first remark" "$WARN" \
	"$(xpath "$R/arf.xml" "string(//*[local-name()='TestResult']/*[local-name()='remark'][1])")"
expect_eq "pattern '.': the JSON summary's warning and exit status" "$WARN 2" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["warning"], d["exit_status"])' "$R/summary.json")"
expect_eq "pattern '.': the HTML banner" "$WARN" \
	"$(python3 -c 'import html,re,sys; print(html.unescape(re.search(r"id=\"warning\">([^<]*)<", open(sys.argv[1]).read()).group(1)))' "$R/report.html")"
cklb_warn=$(python3 -c 'import json,sys; print(sum(r["finding_details"].startswith(sys.argv[2]) for s in json.load(open(sys.argv[1]))["stigs"] for r in s["rules"]))' "$R/checklist.cklb" "$WARN")
expect_eq "pattern '.': every CKL and CKLB finding detail opens with it" "2 2" \
	"$(grep -cF "<FINDING_DETAILS>$WARN" "$R/checklist.ckl") $cklb_warn"
scan --set-value container_exclusion_pattern=. --allow-empty
expect_eq "pattern '.' with --allow-empty: exit 0, still flagged" "0|$WARN" \
	"$RC|$(printf '%s\n' "$OUT" | tail -1)"
finish
