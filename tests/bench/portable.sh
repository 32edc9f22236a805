#!/usr/bin/env bash
# Benchmark (not a test): the portable data stream over a data root of N
# containers, scapforge scan --datastream ...portable... --data-root
# against OpenSCAP's oscap xccdf eval of the same data stream with the
# data root Value pointed at the same folder (up to 1,000 containers by
# default: OpenSCAP takes a minute or more past that). Wall time and peak
# RSS from /usr/bin/time, the ratio, and that the verdicts agree.
#   tests/bench/portable.sh [BUILD/scapforge] [COUNTS...]  (default 100 1000)
#   OSCAP_MAX=N: run OpenSCAP up to N containers (default 1000)
# Each container's hostconfig.json and config.v2.json are made, compact
# and in Docker's key order, from a real inspect object of the corpus
# (../shared/corpus/inspect, in turn), or without it from one modelled on
# an nginx container; one in 100 shares the host's PID namespace, one in
# 50 joins the one before it, one in 10 is excluded by image.
# Needs python3, oscap and /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
SF=$(realpath "${1:-build/scapforge}")
shift || true
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(100 1000)
OSCAP_MAX=${OSCAP_MAX:-1000}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scapforge-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
"$SF" build --out "$WORK/content" >/dev/null
DS=$WORK/content/scapforge-docker-stig-portable-ds.xml
PROFILE=$(grep -o 'Profile id="[^"]*"' "$DS" | head -1 | cut -d'"' -f2)

TEMPLATES=()
for f in 005-insights-core-docker1.x-rhel-hehe2 011-moby-apidocs-v1.24-inspect-example \
	014-docker-java-inspectContainerResponse_full 018-python-on-whales-0-gabriel_work_env-pidhost \
	020-python-on-whales-4-swarm-traefik-task 028-inspec-fixture-docker-inspect-trusting_williams; do
	[ -f "../shared/corpus/inspect/$f.json" ] && TEMPLATES+=("../shared/corpus/inspect/$f.json")
done

# make N ROOT: Docker's data root of N containers
make() {
	python3 - "$1" "$2" "${TEMPLATES[@]}" <<'PY'
import copy, hashlib, json, os, sys
n, root = int(sys.argv[1]), sys.argv[2]
templates = []
for t in sys.argv[3:]:
    d = json.load(open(t))
    templates.append(d[0] if isinstance(d, list) else d)
if not templates:
    templates.append({
        "Path": "/docker-entrypoint.sh", "Args": ["nginx", "-g", "daemon off;"],
        "State": {"Running": True, "Paused": False, "Pid": 4242, "ExitCode": 0,
                  "Error": "", "StartedAt": "2026-11-22T10:00:01Z"},
        "Created": "2026-11-22T10:00:00Z", "Image": "sha256:" + "0" * 64,
        "Config": {"Hostname": "web", "Env": ["PATH=/usr/local/sbin:/usr/bin",
                   "NGINX_VERSION=1.25.3"], "Cmd": ["nginx", "-g", "daemon off;"],
                   "Image": "nginx:1.25", "Labels": {"maintainer": "NGINX"}},
        "HostConfig": {"Binds": None, "LogConfig": {"Type": "json-file", "Config": {}},
                       "NetworkMode": "bridge", "IpcMode": "private", "PidMode": ""},
        "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}}})
compact = dict(separators=(",", ":"))
def cid(i):
    return hashlib.sha256(b"bench-%d" % i).hexdigest()
for i in range(n):
    t = templates[i % len(templates)]
    host = copy.deepcopy(t.get("HostConfig") or {})
    host["PidMode"] = "host" if i % 100 == 7 else \
        "container:" + cid(i - 1) if i % 50 == 3 else ""
    host.setdefault("IpcMode", "private")
    config = copy.deepcopy(t.get("Config") or {})
    if i % 10 == 9:
        config["Image"] = "registry.local/ucp-agent:1"
    v2 = {"StreamConfig": {}, "State": t.get("State") or {}, "ID": cid(i),
          "Created": t.get("Created", ""), "Managed": False,
          "Path": t.get("Path", ""), "Args": t.get("Args") or [],
          "Config": config, "Image": t.get("Image", ""),
          "NetworkSettings": t.get("NetworkSettings") or {},
          "LogPath": "", "Name": "/bench-%d" % i, "Driver": "overlay2",
          "OS": "linux", "MountPoints": {}}
    d = os.path.join(root, "containers", cid(i))
    os.makedirs(d)
    with open(os.path.join(d, "hostconfig.json"), "w") as f:
        json.dump(host, f, **compact)
    with open(os.path.join(d, "config.v2.json"), "w") as f:
        json.dump(v2, f, **compact)
PY
}

# verdicts XCCDF-RESULTS: "pass fail" of the rule-results
verdicts() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
print(" ".join(c.text for e in ET.parse(sys.argv[1]).iter()
               if e.tag.endswith("}rule-result")
               for c in e if c.tag.endswith("}result")))
PY
}

# measure NAME CMD...: "seconds KB" of one run
measure() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" >/dev/null 2>&1 || true
	tail -1 "$WORK/$name.time" # the first line says a status other than 0
}

printf '%-8s %-9s %-22s %-22s %s\n' containers size scapforge OpenSCAP "ratio, verdicts"
for n in "${COUNTS[@]}"; do
	root=$WORK/root-$n
	make "$n" "$root"
	size=$(du -sh "$root" | cut -f1)
	read -r st sm < <(measure sf "$SF" scan --datastream "$DS" --data-root "$root" \
		--set-value "container_exclusion_pattern=ucp|kube|dtr" \
		--arf "$WORK/sf-arf.xml" --xccdf-results "$WORK/sf.xml" --quiet)
	sfv=$(verdicts "$WORK/sf.xml")
	if [ "$n" -le "$OSCAP_MAX" ]; then
		cat >"$WORK/tailoring.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_scapforge.bench_tailoring_portable">
  <benchmark href="$DS"/>
  <version time="2026-01-01T00:00:00">1</version>
  <Profile id="xccdf_scapforge.bench_profile_portable" extends="$PROFILE">
    <title>bench</title>
    <set-value idref="xccdf_mil.disa.stig_value_docker_data_root">$root</set-value>
    <set-value idref="xccdf_mil.disa.stig_value_container_exclusion_pattern">ucp|kube|dtr</set-value>
  </Profile>
</Tailoring>
XML
		read -r ot om < <(cd "$WORK" && measure oscap oscap xccdf eval \
			--tailoring-file tailoring.xml --profile xccdf_scapforge.bench_profile_portable \
			--results oscap.xml "$DS")
		osv=$(verdicts "$WORK/oscap.xml")
		printf '%-8s %-9s %-22s %-22s %s\n' "$n" "$size" "$st s, $((sm / 1024)) MB" \
			"$ot s, $((om / 1024)) MB" \
			"$(python3 -c "print('%.1fx' % ($ot / max($st, 0.001)))"), $sfv / $osv$([ "$sfv" = "$osv" ] && echo ' (agree)' || echo ' (DISAGREE)')"
	else
		printf '%-8s %-9s %-22s %-22s %s\n' "$n" "$size" "$st s, $((sm / 1024)) MB" "-" "$sfv"
	fi
	rm -rf "$root"
done
