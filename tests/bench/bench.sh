#!/usr/bin/env bash
# Benchmark (not a test): scapforge scan --evidence against OpenSCAP's
# oscap xccdf eval on the same data stream and the same evidence (up to
# 10,000 containers; OpenSCAP takes minutes past that), beside the floors
# of the same file: cat, a program that only pulls libyaml's events, and
# one that only pulls the tokens of scapforge's JSON reader
# (tests/bench/floor.c, built as BUILD/tests/bench_floor); and scapforge
# with every report. Wall time and peak RSS from /usr/bin/time, and the
# ratios the goals speak of.
#   tests/bench/bench.sh [BUILD/scapforge] [COUNTS...]   (default 1000 10000)
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

# make N FILE: docker inspect output of N containers, each about 8 KB as
# the docker CLI prints a real one (indented by 4, the same fields); one
# in every 1,000 shares the host PID namespace.
make() {
	python3 - "$1" "$2" <<'PY'
import json, sys
n, path = int(sys.argv[1]), sys.argv[2]
out = []
for i in range(n):
    cid = "%064x" % (0x5cafe0000 + i)
    out.append({
        "Id": cid, "Created": "2026-11-22T10:00:00.000000000Z",
        "Path": "/docker-entrypoint.sh", "Args": ["nginx", "-g", "daemon off;"],
        "State": {"Status": "exited", "Running": False, "Paused": False,
                  "Restarting": False, "OOMKilled": False, "Dead": False,
                  "Pid": 0, "ExitCode": 0, "Error": "",
                  "StartedAt": "2026-11-22T10:00:01Z",
                  "FinishedAt": "2026-11-22T11:00:01Z"},
        "Image": "sha256:" + "%064x" % 7, "Name": "/web-%d" % i,
        "RestartCount": 0, "Driver": "overlay2", "Platform": "linux",
        "HostConfig": {
            "Binds": None, "NetworkMode": "default",
            "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]},
            "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
            "CapAdd": None, "CapDrop": None, "Dns": [], "DnsOptions": [],
            "IpcMode": "private", "Cgroup": "", "Links": None,
            "OomScoreAdj": 0, "PidMode": "host" if i % 1000 == 7 else "",
            "Privileged": False, "PublishAllPorts": False,
            "ReadonlyRootfs": False, "SecurityOpt": None, "UTSMode": "",
            "UsernsMode": "", "ShmSize": 67108864, "Runtime": "runc",
            "Isolation": "", "CpuShares": 0, "Memory": 0, "CgroupParent": "",
            "BlkioWeight": 0, "Devices": [], "PidsLimit": None,
            "MaskedPaths": ["/proc/asound", "/proc/acpi", "/proc/kcore"],
            "ReadonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq"]},
        "ResolvConfPath": "/var/lib/docker/containers/%s/resolv.conf" % cid,
        "HostnamePath": "/var/lib/docker/containers/%s/hostname" % cid,
        "HostsPath": "/var/lib/docker/containers/%s/hosts" % cid,
        "LogPath": "/var/lib/docker/containers/%s/%s-json.log" % (cid, cid),
        "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": "docker-default",
        "ExecIDs": None,
        "GraphDriver": {"Name": "overlay2", "Data": {
            "LowerDir": ":".join("/var/lib/docker/overlay2/%064x/diff" % (i * 8 + k)
                                 for k in range(6)),
            "MergedDir": "/var/lib/docker/overlay2/%s/merged" % cid,
            "UpperDir": "/var/lib/docker/overlay2/%s/diff" % cid,
            "WorkDir": "/var/lib/docker/overlay2/%s/work" % cid}},
        "Mounts": [{"Type": "volume", "Name": "%064x" % (i + 99),
                    "Source": "/var/lib/docker/volumes/%064x/_data" % (i + 99),
                    "Destination": "/var/cache/nginx", "Driver": "local",
                    "Mode": "", "RW": True, "Propagation": ""}],
        "Config": {"Hostname": cid[:12], "User": "", "Tty": False,
                   "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                           "NGINX_VERSION=1.25.3", "NJS_VERSION=0.8.2",
                           "PKG_RELEASE=1~bookworm"],
                   "ExposedPorts": {"80/tcp": {}}, "AttachStdin": False,
                   "AttachStdout": True, "AttachStderr": True,
                   "OpenStdin": False, "StdinOnce": False, "Domainname": "",
                   "Volumes": {"/var/cache/nginx": {}}, "OnBuild": None,
                   "Cmd": ["nginx", "-g", "daemon off;"], "Image": "nginx:1.25",
                   "WorkingDir": "", "Entrypoint": ["/docker-entrypoint.sh"],
                   "Labels": {"maintainer": "NGINX Docker Maintainers"},
                   "StopSignal": "SIGQUIT"},
        "NetworkSettings": {
            "Bridge": "", "SandboxID": "%064x" % i, "HairpinMode": False,
            "LinkLocalIPv6Address": "", "LinkLocalIPv6PrefixLen": 0,
            "Ports": {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"},
                                 {"HostIp": "::", "HostPort": "8080"}]},
            "SandboxKey": "/var/run/docker/netns/%012x" % i,
            "EndpointID": "%064x" % (i + 5), "Gateway": "172.17.0.1",
            "IPAddress": "172.17.%d.%d" % (i // 250 % 250, i % 250 + 2),
            "IPPrefixLen": 16, "MacAddress": "02:42:ac:11:00:02",
            "Networks": {"bridge": {
                "IPAMConfig": None, "Links": None, "Aliases": None,
                "NetworkID": "%064x" % 3, "EndpointID": "%064x" % (i + 5),
                "Gateway": "172.17.0.1",
                "IPAddress": "172.17.%d.%d" % (i // 250 % 250, i % 250 + 2),
                "IPPrefixLen": 16, "IPv6Gateway": "", "GlobalIPv6Address": "",
                "GlobalIPv6PrefixLen": 0, "MacAddress": "02:42:ac:11:00:02",
                "DriverOpts": None}}}})
json.dump(out, open(path, "w"), indent=4)
PY
}
# (at 100,000 containers the evidence is about 700 MB; the list above is
# built in memory, so python needs a few GB)

# measure NAME CMD...: prints wall seconds and peak RSS in MB; sets SECS.
measure() {
	local name=$1 wall rss
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || true
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$WORK/time.txt")
	SECS=$(printf '%s\n' "$wall" | awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s}')
	printf '%-22s %8s containers  %10s wall  %8s MB peak RSS\n' "$name" "$N" "$wall" "$rss"
}
# ratio A B: A / B to two places.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# verdicts ARF: the two rule results, "fail/pass" and the like.
verdicts() {
	xmllint --xpath "concat(//*[local-name()='rule-result'][@version='DKER-EE-001240']/*[local-name()='result'], '/', //*[local-name()='rule-result'][@version='DKER-EE-001250']/*[local-name()='result'])" "$1" 2>/dev/null
}

for N in "${COUNTS[@]}"; do
	make "$N" "$WORK/ev-$N.json"
	printf '%s: %s containers, %s MB of evidence\n' "evidence" "$N" \
		"$(du -m "$WORK/ev-$N.json" | cut -f1)"
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
	measure "JSON tokens only" "$FLOOR" json "$WORK/ev-$N.json"
	json_floor=$SECS
	# both write an ARF 1.1 report (scapforge: with a message per
	# offending container; OpenSCAP: without)
	measure "scapforge (ARF)" "$SF" scan --datastream "$DS" --evidence "$WORK/ev-$N.json" \
		--evidence-out "$WORK/out-$N.json" --arf "$WORK/sf-arf.xml" --quiet
	sf=$SECS
	measure "scapforge (all reports)" "$SF" scan --datastream "$DS" --evidence "$WORK/ev-$N.json" \
		--evidence-out "$WORK/out-$N.json" --arf "$WORK/sf-arf2.xml" --html "$WORK/r.html" \
		--ckl "$WORK/r.ckl" --cklb "$WORK/r.cklb" --json "$WORK/r.json" --quiet
	all=$SECS
	printf 'ratios     scapforge / JSON floor %s, all reports / ARF only %s\n' \
		"$(ratio "$sf" "$json_floor")" "$(ratio "$all" "$sf")"
	if [ "$N" -le 10000 ]; then
		measure oscap oscap xccdf eval --tailoring-file "$WORK/tailoring.xml" \
			--profile xccdf_scapforge.bench_profile_bench --results-arf "$WORK/oscap-arf.xml" "$DS"
		printf 'verdicts   scapforge %s, oscap %s (DKER-EE-001240/001250); ARF %s KB / %s KB; oscap / scapforge %s\n' \
			"$(verdicts "$WORK/sf-arf.xml")" "$(verdicts "$WORK/oscap-arf.xml")" \
			"$(du -k "$WORK/sf-arf.xml" | cut -f1)" "$(du -k "$WORK/oscap-arf.xml" | cut -f1)" \
			"$(ratio "$SECS" "$sf")"
	fi
	rm -f "$WORK"/ev-"$N".json "$WORK"/out-"$N".json "$WORK"/*arf*.xml "$WORK"/r.*
done
