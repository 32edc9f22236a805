#!/usr/bin/env bash
# Benchmark (not a test): scapforge scan --evidence against OpenSCAP's
# oscap xccdf eval on the same data stream and the same evidence (up to
# 10,000 containers; OpenSCAP takes minutes past that), beside the floors
# of the same file: cat, a program that only pulls libyaml's events, and
# one that only pulls the tokens of scapforge's JSON reader
# (tests/bench/floor.c, built as BUILD/tests/bench_floor); and scapforge
# with every report (HTML, CKL, CKLB, JSON, XCCDF results), with 1% of the
# containers offending and with all of them. Each is run 5 times (RUNS=N
# says otherwise; OpenSCAP once), writing its outputs afresh each time:
# the best and the median wall time, the largest peak RSS (from
# /usr/bin/time), and the ratios the goals speak of, of the best times;
# with 10000 and 100000 among the counts, how the time and memory scale
# between them.
#   tests/bench/bench.sh [BUILD/scapforge] [COUNTS...]   (default 1000 10000)
# (100,000 containers take about 800 MB of disk for the evidence and its
# copy, and OpenSCAP is not run on them.)
# Needs python3 (to make the evidence), oscap and /usr/bin/time (Debian's
# openscap-scanner and time packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
SF=$(realpath "${1:-build/scapforge}")
FLOOR=$(dirname "$SF")/tests/bench_floor
shift || true
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1000 10000)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scapforge-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DS=$WORK/ds.xml
"$SF" build --out "$WORK/content" >/dev/null
cp "$WORK/content/scapforge-docker-stig-ds.xml" "$DS"

# make N FILE SHARE: docker inspect output of N containers as the docker
# CLI prints it (an array, indented by 4). Each is a real inspect object
# of the corpus (../shared/corpus/inspect: Docker 1.x to swarm tasks, 5
# to 13 KB each, in turn), or, without the corpus, one modelled on an
# nginx container (7 KB); each with its own Id and Name. One in SHARE
# shares the host PID namespace (1: all of them, and the IPC namespace
# too).
TEMPLATES=()
for f in 005-insights-core-docker1.x-rhel-hehe2 011-moby-apidocs-v1.24-inspect-example \
	014-docker-java-inspectContainerResponse_full 018-python-on-whales-0-gabriel_work_env-pidhost \
	020-python-on-whales-4-swarm-traefik-task 025-lindeci-welcome-k8s-pause-sandbox-shareable \
	028-inspec-fixture-docker-inspect-trusting_williams; do
	[ -f "../shared/corpus/inspect/$f.json" ] && TEMPLATES+=("../shared/corpus/inspect/$f.json")
done
make() {
	python3 - "$1" "$2" "$3" "${TEMPLATES[@]}" <<'PY'
import copy, json, sys
n, path, share = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
templates = []
for t in sys.argv[4:]:
    d = json.load(open(t))
    templates.append(d[0] if isinstance(d, list) else d)
if not templates:
    templates.append({
        "Id": "", "Created": "2026-11-22T10:00:00.000000000Z",
        "Path": "/docker-entrypoint.sh", "Args": ["nginx", "-g", "daemon off;"],
        "State": {"Status": "exited", "Running": False, "Paused": False,
                  "Restarting": False, "OOMKilled": False, "Dead": False,
                  "Pid": 0, "ExitCode": 0, "Error": "",
                  "StartedAt": "2026-11-22T10:00:01Z",
                  "FinishedAt": "2026-11-22T11:00:01Z"},
        "Image": "sha256:" + "%064x" % 7, "Name": "",
        "RestartCount": 0, "Driver": "overlay2", "Platform": "linux",
        "HostConfig": {
            "Binds": None, "NetworkMode": "default",
            "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]},
            "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
            "CapAdd": None, "CapDrop": None, "Dns": [], "DnsOptions": [],
            "IpcMode": "private", "Cgroup": "", "Links": None,
            "OomScoreAdj": 0, "PidMode": "", "Privileged": False,
            "PublishAllPorts": False, "ReadonlyRootfs": False,
            "SecurityOpt": None, "UTSMode": "", "UsernsMode": "",
            "ShmSize": 67108864, "Runtime": "runc", "Isolation": "",
            "CpuShares": 0, "Memory": 0, "CgroupParent": "",
            "BlkioWeight": 0, "Devices": [], "PidsLimit": None,
            "MaskedPaths": ["/proc/asound", "/proc/acpi", "/proc/kcore"],
            "ReadonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq"]},
        "GraphDriver": {"Name": "overlay2", "Data": {
            "LowerDir": ":".join("/var/lib/docker/overlay2/%064x/diff" % k
                                 for k in range(6)),
            "MergedDir": "/var/lib/docker/overlay2/%064x/merged" % 9,
            "UpperDir": "/var/lib/docker/overlay2/%064x/diff" % 9,
            "WorkDir": "/var/lib/docker/overlay2/%064x/work" % 9}},
        "Mounts": [{"Type": "volume", "Name": "%064x" % 99,
                    "Source": "/var/lib/docker/volumes/%064x/_data" % 99,
                    "Destination": "/var/cache/nginx", "Driver": "local",
                    "Mode": "", "RW": True, "Propagation": ""}],
        "Config": {"Hostname": "web", "User": "", "Tty": False,
                   "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                           "NGINX_VERSION=1.25.3", "NJS_VERSION=0.8.2"],
                   "ExposedPorts": {"80/tcp": {}}, "Cmd": ["nginx", "-g", "daemon off;"],
                   "Image": "nginx:1.25", "WorkingDir": "",
                   "Entrypoint": ["/docker-entrypoint.sh"],
                   "Labels": {"maintainer": "NGINX Docker Maintainers"},
                   "StopSignal": "SIGQUIT"},
        "NetworkSettings": {"Bridge": "", "SandboxID": "%064x" % 1,
            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]},
            "Gateway": "172.17.0.1", "IPAddress": "172.17.0.2",
            "IPPrefixLen": 16, "MacAddress": "02:42:ac:11:00:02"}})
with open(path, "w") as out:
    out.write("[\n")
    for i in range(n):
        c = copy.deepcopy(templates[i % len(templates)])
        c["Id"] = "%064x" % (0x5cafe0000 + i)
        c["Name"] = "/bench-%d" % i
        hc = c.setdefault("HostConfig", {})
        offends = i % share == 7 % share
        hc["PidMode"] = "host" if offends else ""
        hc["IpcMode"] = "host" if offends and share == 1 else "private"
        text = json.dumps(c, indent=4)
        out.write(("" if i == 0 else ",\n") +
                  "\n".join("    " + line for line in text.split("\n")))
    out.write("\n]\n")
PY
}

# measure NAME CMD...: runs CMD RUNS times (5 unless RUNS says; the
# machines this runs on are shared, and noise only ever adds time),
# each time with the files it writes removed first, so that every run
# writes its outputs afresh; prints the best and the median wall time
# and the largest peak RSS; sets SECS (the best wall time, in seconds)
# and RSS (MB).
measure() {
	local name=$1 runs=${RUNS:-5} i a prev="" t0 t1 walls=() rss=0 r
	shift
	for ((i = 0; i < runs; i++)); do
		for a in "$@"; do
			case $prev in
			--evidence-out | --arf | --html | --ckl | --cklb | --json | --xccdf-results | --results-arf)
				rm -f "$a" ;;
			esac
			prev=$a
		done
		t0=$EPOCHREALTIME
		/usr/bin/time -f '%M' -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
		r=$(tail -1 "$WORK/time.txt")
		[ "$r" -gt "$rss" ] && rss=$r
	done
	SECS=$(printf '%s\n' "${walls[@]}" | sort -n | head -1)
	RSS=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
	printf '%-22s %8s containers  %7s s best, %7s s median of %d  %8s MB peak RSS\n' \
		"$name" "$N" "$SECS" "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")" \
		"$runs" "$RSS"
}
# ratio A B: A / B to two places.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# verdicts ARF: the two rule results, "fail/pass" and the like.
verdicts() {
	xmllint --xpath "concat(//*[local-name()='rule-result'][@version='DKER-EE-001240']/*[local-name()='result'], '/', //*[local-name()='rule-result'][@version='DKER-EE-001250']/*[local-name()='result'])" "$1" 2>/dev/null
}

declare -A ARF_SECS ARF_MB
for N in "${COUNTS[@]}"; do
	make "$N" "$WORK/ev-$N.json" 100
	printf '%s: %s containers, %s MB of evidence (%s)\n' "evidence" "$N" \
		"$(du -m "$WORK/ev-$N.json" | cut -f1)" \
		"$([ ${#TEMPLATES[@]} -gt 0 ] && echo "${#TEMPLATES[@]} real objects of the corpus in turn" || echo "a modelled nginx container")"
	cat >"$WORK/tailoring.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_scapforge.bench_tailoring_bench">
  <benchmark href="$DS"/>
  <version time="2026-01-01T00:00:00">1</version>
  <Profile id="xccdf_scapforge.bench_profile_bench" extends="xccdf_mil.disa.stig_profile_MAC-1_Classified">
    <title>bench</title>
    <set-value idref="xccdf_mil.disa.stig_value_docker_inspect_path">$WORK/ev-$N.json</set-value>
  </Profile>
</Tailoring>
XML
	measure "cat" cat "$WORK/ev-$N.json"
	measure "libyaml events only" "$FLOOR" yaml "$WORK/ev-$N.json"
	YAML_SECS=$SECS
	measure "JSON tokens only" "$FLOOR" json "$WORK/ev-$N.json"
	json_floor=$SECS
	# both write an ARF 1.1 report (scapforge: with a message per
	# offending container; OpenSCAP: without)
	measure "scapforge (ARF)" "$SF" scan --datastream "$DS" --evidence "$WORK/ev-$N.json" \
		--evidence-out "$WORK/out-$N.json" --arf "$WORK/sf-arf.xml" --quiet
	sf=$SECS
	ARF_SECS[$N]=$SECS
	ARF_MB[$N]=$RSS
	all_reports() {
		measure "$1" "$SF" scan --datastream "$DS" --evidence "$2" \
			--evidence-out "$WORK/out-$N.json" --arf "$WORK/sf-arf2.xml" --html "$WORK/r.html" \
			--ckl "$WORK/r.ckl" --cklb "$WORK/r.cklb" --json "$WORK/r.json" \
			--xccdf-results "$WORK/r.xml" --quiet
	}
	all_reports "scapforge (all, 1%)" "$WORK/ev-$N.json"
	all=$SECS
	printf 'ratios     scapforge / JSON floor %s, / libyaml floor %s; all reports / ARF only %s\n' \
		"$(ratio "$sf" "$json_floor")" "$(ratio "$sf" "$YAML_SECS")" "$(ratio "$all" "$sf")"
	if [ "$N" -le 10000 ]; then
		RUNS=1 measure oscap oscap xccdf eval --tailoring-file "$WORK/tailoring.xml" \
			--profile xccdf_scapforge.bench_profile_bench --results-arf "$WORK/oscap-arf.xml" "$DS"
		printf 'verdicts   scapforge %s, oscap %s (DKER-EE-001240/001250); ARF %s KB / %s KB; oscap / scapforge %s\n' \
			"$(verdicts "$WORK/sf-arf.xml")" "$(verdicts "$WORK/oscap-arf.xml")" \
			"$(du -k "$WORK/sf-arf.xml" | cut -f1)" "$(du -k "$WORK/oscap-arf.xml" | cut -f1)" \
			"$(ratio "$SECS" "$sf")"
	fi
	rm -f "$WORK/ev-$N.json"
	make "$N" "$WORK/ev-$N.json" 1
	measure "scapforge (ARF, 100%)" "$SF" scan --datastream "$DS" --evidence "$WORK/ev-$N.json" \
		--evidence-out "$WORK/out-$N.json" --arf "$WORK/sf-arf.xml" --quiet
	sf100=$SECS
	all_reports "scapforge (all, 100%)" "$WORK/ev-$N.json"
	printf 'ratios     100%% offenders: all reports / ARF only %s; verdicts %s\n' \
		"$(ratio "$SECS" "$sf100")" "$(verdicts "$WORK/sf-arf2.xml")"
	rm -f "$WORK"/ev-"$N".json "$WORK"/out-"$N".json "$WORK"/*arf*.xml "$WORK"/r.*
done
if [ -n "${ARF_SECS[10000]:-}" ] && [ -n "${ARF_SECS[100000]:-}" ]; then
	printf 'scaling    100,000 / 10,000 containers: time %s (linear: 10), peak RSS %s MB -> %s MB\n' \
		"$(ratio "${ARF_SECS[100000]}" "${ARF_SECS[10000]}")" "${ARF_MB[10000]}" "${ARF_MB[100000]}"
fi
