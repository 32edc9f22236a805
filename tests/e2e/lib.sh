# shellcheck shell=bash
# Shared helpers of the end-to-end tests. Each test script is run as
#   bash tests/e2e/NAME.sh BUILD/scapforge SOURCE_DIR
# and exits 0 (pass), 1 (fail) or 77 (skipped; never under CI=true for
# what CI must run). Sourced, not run.
set -u
SF=${1:?usage: $0 SCAPFORGE SOURCE_DIR}
SRC=${2:?usage: $0 SCAPFORGE SOURCE_DIR}
SF=$(cd "$(dirname "$SF")" && pwd)/$(basename "$SF")
SRC=$(cd "$SRC" && pwd)
# shellcheck disable=SC2034 # used by the tests that source this file
SHARED=$(cd "$SRC/.." && pwd)/shared
WORK=$(mktemp -d "${TMPDIR:-/tmp}/scapforge-e2e.XXXXXX")
FAILURES=0
CHECKS=0
cleanup_hooks=()
cleanup() {
	local h
	for h in "${cleanup_hooks[@]}"; do eval "$h"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# ok DESCRIPTION: counts a passing check.
ok() { CHECKS=$((CHECKS + 1)); printf 'ok   %s\n' "$1"; }
# not_ok DESCRIPTION [DETAIL]: counts a failing check and goes on.
not_ok() {
	CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1))
	printf 'FAIL %s\n' "$1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /'
	return 0
}
# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1" "expected: $2
actual:   $3"; fi
}
# expect_true DESCRIPTION COMMAND...: the command must succeed.
expect_true() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc" "command failed: $*"; fi
}
# must_run REASON: what CI must run fails there; elsewhere it skips.
must_run() {
	if [ "${CI:-}" = true ]; then
		not_ok "$1 (CI must run this)"
		finish
	fi
	skip "$1"
}
# skip REASON: the whole test is skipped, loudly.
skip() { printf 'SKIP %s\n' "$1"; exit 77; }
# finish: the closing line and exit status.
finish() {
	printf '%s: %d passed, %d failed\n' "$(basename "$0" .sh)" \
		$((CHECKS - FAILURES)) "$FAILURES"
	[ "$CHECKS" -gt 0 ] || { echo "no check ran"; exit 1; }
	[ "$FAILURES" -eq 0 ]
	exit $?
}
# xpath FILE EXPR: string value of an XPath expression (local-name based).
xpath() { xmllint --xpath "$2" "$1" 2>/dev/null; }
