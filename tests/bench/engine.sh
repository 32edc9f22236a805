#!/usr/bin/env bash
# Benchmark of a scan of a real Docker engine (not a test): starts a
# private dockerd (root; Debian's docker.io), creates N containers from a
# tiny imported image (one in a hundred with --pid=host), then times
#   scapforge scan --docker-host      (collection through the Engine API,
#                                      evaluation and the ARF), and
#   docker inspect $(docker ps -aq)   (the CLI collecting the same evidence)
# with wall time and peak RSS from /usr/bin/time -v.
#   tests/bench/engine.sh [BUILD/scapforge] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
SF=$(realpath "${1:-build/scapforge}")
N=${2:-1000}
DOCKER=/usr/bin/docker
[ "$(id -u)" -eq 0 ] || { echo "engine.sh: needs root for dockerd" >&2; exit 1; }
WORK=$(mktemp -d /tmp/sf-engine-bench.XXXXXX)
SOCK=$WORK/d.sock
dockerd --bridge=none --iptables=false --storage-driver=vfs \
	--data-root "$WORK/data" --exec-root "$WORK/exec" -H "unix://$SOCK" \
	--pidfile "$WORK/d.pid" >"$WORK/log" 2>&1 &
PID=$!
stop() {
	kill "$PID" 2>/dev/null || true
	wait "$PID" 2>/dev/null || true
	{ grep " $WORK" /proc/mounts || true; } | cut -d' ' -f2 | sort -r | xargs -r umount -l
	rm -rf "$WORK"
}
trap stop EXIT
for _ in $(seq 60); do "$DOCKER" -H "unix://$SOCK" version >/dev/null 2>&1 && break; sleep 0.5; done
dk() { "$DOCKER" -H "unix://$SOCK" "$@"; }
mkdir -p "$WORK/rootfs"
echo scapforge >"$WORK/rootfs/hello"
tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .
dk import "$WORK/rootfs.tar" bench:1 >/dev/null
start=$(date +%s)
for i in $(seq "$N"); do
	if [ $((i % 100)) -eq 7 ]; then mode=(--pid=host); else mode=(); fi
	dk create --name "c$i" --network none "${mode[@]}" bench:1 /hello >/dev/null
done
echo "created $N containers in $(($(date +%s) - start)) s"

measure() {
	local name=$1 wall rss
	shift
	/usr/bin/time -v "$@" >"$WORK/out.txt" 2>"$WORK/time.txt" || true
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$WORK/time.txt")
	printf '%-16s %6s containers  %10s wall  %8s MB peak RSS\n' "$name" "$N" "$wall" "$rss"
}
measure "scapforge scan" "$SF" scan --docker-host "unix://$SOCK" \
	--evidence-out "$WORK/evidence.json" --arf "$WORK/arf.xml"
grep -E '^(fail|pass|error)' "$WORK/out.txt" | cut -c1-120
measure "docker inspect" sh -c "'$DOCKER' -H 'unix://$SOCK' inspect \$('$DOCKER' -H 'unix://$SOCK' ps -aq) >'$WORK/cli.json'"
