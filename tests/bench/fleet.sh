#!/usr/bin/env bash
# Benchmark of a fleet scan (not a test): starts E private dockerds (root;
# Debian's docker.io), each with N containers from a tiny imported image
# (one in a hundred with --pid=host), then times
#   scapforge scan --hosts FILE --jobs 1     (one engine after the other)
#   scapforge scan --hosts FILE --jobs E     (all at once)
# with wall time and peak RSS from /usr/bin/time, and the speed-up.
#   tests/bench/fleet.sh [BUILD/scapforge] [E] [N]   (default 8 engines, 200)
set -euo pipefail
cd "$(dirname "$0")/../.."
SF=$(realpath "${1:-build/scapforge}")
E=${2:-8}
N=${3:-200}
DS=$(pwd)/output/scapforge-docker-stig-ds.xml
DOCKER=/usr/bin/docker
[ "$(id -u)" -eq 0 ] || { echo "fleet.sh: needs root for dockerd" >&2; exit 1; }
WORK=$(mktemp -d /tmp/sf-fleet-bench.XXXXXX)
PIDS=()
stop() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	grep " $WORK" /proc/mounts | cut -d' ' -f2 | sort -r | xargs -r umount -l
	rm -rf "$WORK"
}
trap stop EXIT

mkdir -p "$WORK/rootfs"
printf '%s\n' '#include <signal.h>' '#include <unistd.h>' \
	'static void bye(int s) { (void)s; _exit(0); }' \
	'int main(void) { signal(SIGTERM, bye); for (;;) pause(); }' >"$WORK/wait.c"
cc -static -O2 -o "$WORK/rootfs/wait" "$WORK/wait.c"
tar -C "$WORK/rootfs" -cf "$WORK/rootfs.tar" .

: >"$WORK/hosts"
for e in $(seq "$E"); do
	d=$WORK/e$e
	mkdir -p "$d"
	dockerd --bridge=none --iptables=false --storage-driver=vfs \
		--data-root "$d/data" --exec-root "$d/exec" -H "unix://$d/d.sock" \
		--pidfile "$d/d.pid" >"$d/log" 2>&1 &
	PIDS+=($!)
	echo "unix://$d/d.sock name=engine$e" >>"$WORK/hosts"
done
for e in $(seq "$E"); do
	s=unix://$WORK/e$e/d.sock
	for _ in $(seq 60); do "$DOCKER" -H "$s" version >/dev/null 2>&1 && break; sleep 0.5; done
	"$DOCKER" -H "$s" import "$WORK/rootfs.tar" bench:1 >/dev/null
done
echo "creating $N containers on each of $E engines..."
CREATORS=()
for e in $(seq "$E"); do
	(
		s=unix://$WORK/e$e/d.sock
		for i in $(seq "$N"); do
			extra=()
			[ $((i % 100)) -eq 7 ] && extra=(--pid=host)
			"$DOCKER" -H "$s" create --network none "${extra[@]}" --name "c$i" bench:1 /wait >/dev/null
		done
	) &
	CREATORS+=($!)
done
wait "${CREATORS[@]}"

run() { # JOBS
	local out=$WORK/out-$1
	/usr/bin/time -f "%e %M" -o "$WORK/time-$1" "$SF" scan --datastream "$DS" \
		--hosts "$WORK/hosts" --jobs "$1" --results-dir "$out" --quiet >/dev/null 2>&1 || true
	read -r wall rss < <(tail -1 "$WORK/time-$1") # after "Command exited..."
	printf '%-28s %6.2f s wall %8.1f MB peak RSS (largest process)  %s\n' \
		"scapforge --jobs $1" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
		"$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["counts"]; print("%d hosts, %d containers, %d with findings" % (c["hosts"], c["containers"], c["finding"]))' "$out/fleet.json")"
	eval "T$1=$wall"
}
echo "fleet: $E engines, $N containers each, $(nproc) cores"
run 1
run "$E"
TE=$(eval echo "\$T$E")
printf 'speed-up   --jobs %s / --jobs 1: %.2f\n' "$E" "$(awk -v a="$T1" -v b="$TE" 'BEGIN { print a / b }')"
