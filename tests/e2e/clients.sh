#!/usr/bin/env bash
# The clients import what scapforge scan writes. STIG Manager's own
# import code (@nuwcdivnpt/stig-manager-client-modules: reviewsFromCkl,
# reviewsFromCklb, reviewsFromScc, TaskObject) and MITRE SAF (saf convert
# ckl2hdf, xccdf_results2hdf) read the CKL, CKLB and XCCDF results of
# scans with offenders on both rules, none, two on one rule and hostile
# container names: each import must succeed, land on the Docker STIG
# with both rules and their results, submit the findings, keep every
# offender's name and ID in the detail and map the asset to the target.
# The pinned packages (tests/e2e/clients/package-lock.json) install once
# into BUILD/npm-cache/clients-HASH; an unreachable npm registry skips the
# test, except under CI=true.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

DS=$SRC/output/scapforge-docker-stig-ds.xml
CLIENTS=$SRC/tests/e2e/clients
SCENARIOS=$CLIENTS/scenarios.json
DATA=$SRC/tests/data/clients
BUILD=$(dirname "$SF")
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	must_run "node and npm are not installed (.ci/deps installs Debian's nodejs and npm)"
fi
echo "note: node $(node --version), npm $(npm --version)"

# The packages, installed from the lock file and kept while it is the
# same; npm's own cache and logs stay in the build tree too.
NPM_CACHE=$BUILD/npm-cache
CACHE=$NPM_CACHE/clients-$(sha256sum "$CLIENTS/package-lock.json" | cut -c1-12)
MODULES=$CACHE/node_modules
export npm_config_update_notifier=false npm_config_cache=$NPM_CACHE/_npm
if [ ! -e "$CACHE/installed" ]; then
	if ! timeout 60 npm ping --fetch-retries=0 --fetch-timeout=20000 >"$WORK/ping.log" 2>&1; then
		must_run "the npm registry is unreachable: $(grep -m1 -o 'request to .*' "$WORK/ping.log" ||
			echo "npm ping had no answer within 60 s")"
	fi
	echo "note: installing the clients into $CACHE (about 450 MB, a minute)"
	staging=$CACHE.partial.$$
	cleanup_hooks+=("rm -rf '$staging'")
	rm -rf "$staging"
	mkdir -p "$staging"
	cp "$CLIENTS/package.json" "$CLIENTS/package-lock.json" "$staging/"
	if ! (cd "$staging" && timeout 600 npm ci --ignore-scripts --no-audit --no-fund) \
		>"$WORK/npm.log" 2>&1; then
		rm -rf "$staging"
		not_ok "npm ci installs the pinned clients" "$(tail -20 "$WORK/npm.log")"
		finish
	fi
	touch "$staging/installed"
	rm -rf "$CACHE"
	mv "$staging" "$CACHE" || { rm -rf "$staging"; not_ok "the clients move into $CACHE"; finish; }
fi
expect_eq "STIG Manager's client modules are 1.6.7" 1.6.7 \
	"$(node -p 'require(process.argv[1]).version' \
		"$MODULES/@nuwcdivnpt/stig-manager-client-modules/package.json")"
expect_eq "saf --version" "@mitre/saf/1.5.3" \
	"$("$MODULES/.bin/saf" --version 2>&1 | grep -o '@mitre/saf/[0-9.]*')"

# checks DESCRIPTION COMMAND...: runs a checker that prints "ok|what" or
# "fail|what|detail" lines and counts them.
checks() {
	local desc=$1 line what detail n=0
	shift
	while IFS='|' read -r line what detail; do
		n=$((n + 1))
		case $line in
		ok) ok "$what" ;;
		fail) not_ok "$what" "$detail" ;;
		*) not_ok "$desc: a line of the checker" "$line|$what|$detail" ;;
		esac
	done < <("$@" 2>"$WORK/checker.err" || echo "fail|$desc: the checker ran|$(head -c 2000 "$WORK/checker.err")")
	[ "$n" -gt 0 ] || not_ok "$desc: the checker checked something"
}

# saf_convert NAME CONVERTER IN OUT: MITRE SAF converts IN to HDF. saf
# says what it refused (an FQDN, IP or MAC its checks reject, an input it
# does not recognise) and exits 0 all the same: the HDF must be there and
# saf must have refused nothing. (On Node 18 saf also warns that some
# commands other than convert cannot load: not an error of the input.)
saf_convert() {
	local name=$1 conv=$2 in=$3 out=$4
	rm -f "$out"
	"$MODULES/.bin/saf" convert "$conv" -i "$in" -o "$out" >"$out.log" 2>&1
	expect_eq "$name: saf convert $conv: exit status" 0 $?
	expect_eq "$name: saf convert $conv: nothing refused (its FQDN, IP and MAC checks pass)" "" \
		"$(grep -E -A3 'Error converting|Invalid checklist|Unable to process' "$out.log")"
	expect_true "$name: saf convert $conv: wrote the HDF" test -s "$out"
}

# scenario NAME EVIDENCE EXIT: scans tests/data/clients/EVIDENCE as the
# asset that scenarios.json names for NAME, at 192.0.2.10, and has each
# client import the results.
scenario() {
	local name=$1 evidence=$DATA/$2 want=$3 out=$WORK/$1 target
	target=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1])).scenarios[process.argv[2]].target' \
		"$SCENARIOS" "$name")
	mkdir -p "$out"
	(cd "$WORK" && "$SF" scan --quiet --datastream "$DS" --evidence "$evidence" \
		--target-name "$target" --target-ip 192.0.2.10 \
		--target-mac 02:00:00:00:00:0a --arf "$out/x.arf" \
		--evidence-out "$out/evidence.json" --ckl "$out/x.ckl" \
		--cklb "$out/x.cklb" --xccdf-results "$out/x.xml" \
		>"$out/stdout" 2>"$out/stderr")
	expect_eq "$name: scapforge scan exit status" "$want" "$?"
	expect_eq "$name: scapforge scan: nothing on stderr" "" "$(head -5 "$out/stderr")"
	checks "$name: STIG Manager" node "$CLIENTS/stigman.mjs" "$MODULES" "$SCENARIOS" \
		"$name" "ckl=$out/x.ckl" "cklb=$out/x.cklb" "xccdf=$out/x.xml"
	saf_convert "$name" ckl2hdf "$out/x.ckl" "$out/ckl-hdf.json"
	checks "$name: SAF ckl2hdf" node "$CLIENTS/hdf.mjs" "$SCENARIOS" "$name" ckl "$out/ckl-hdf.json"
	saf_convert "$name" xccdf_results2hdf "$out/x.xml" "$out/xccdf-hdf.json"
	checks "$name: SAF xccdf_results2hdf" node "$CLIENTS/hdf.mjs" "$SCENARIOS" "$name" xccdf "$out/xccdf-hdf.json"
}

scenario offenders offenders.json 2
scenario clean clean.json 0
scenario two-offenders two-offenders.json 2
scenario hostile hostile.json 2
# a name that is no FQDN: the checklists leave HOST_FQDN empty, which SAF
# takes, and STIG Manager gets no FQDN
scenario short-name offenders.json 2
finish
