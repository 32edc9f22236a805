#!/usr/bin/env bash
# All outputs or none: a scan writes its evidence, ARF and every report
# to temporary files and renames them into place only when all are
# complete. A scan that fails (an unknown rule, a full disk, a folder in
# the way of a report, a folder that cannot hold one) exits 1 with one
# message that says why, leaves every earlier output byte for byte as it
# was and no temporary file behind. A data stream, ARF or document to
# validate that declares a DTD (entities, a billion laughs) is refused at
# once. Root: a full disk is a small tmpfs mounted here.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || must_run "not root: the test mounts a small tmpfs"
command -v python3 >/dev/null || must_run "python3 is not installed"

DS=$SRC/output/scapforge-docker-stig-ds.xml
EXAMPLE=$SRC/rules/examples/docker-inspect.json
PROFILE=xccdf_mil.disa.stig_profile_MAC-1_Classified
OUTPUTS=(arf.xml checklist.ckl checklist.cklb evidence.json report.html summary.json)
NAMES=$(printf '%s\n' "${OUTPUTS[@]}")

# scan DIR [ARGS...]: a scan of the example writing every output into
# DIR (later arguments win); sets RC, ERR (stderr) and STDOUT. The scans
# meant to fail read other evidence (small.json), so that an output they
# replaced would differ from the earlier one.
scan() {
	local dir=$1
	shift
	STDOUT=$("$SF" scan --datastream "$DS" --evidence "$EXAMPLE" \
		--evidence-out "$dir/evidence.json" --arf "$dir/arf.xml" \
		--html "$dir/report.html" --ckl "$dir/checklist.ckl" \
		--cklb "$dir/checklist.cklb" --json "$dir/summary.json" "$@" \
		2>"$WORK/stderr")
	RC=$?
	ERR=$(cat "$WORK/stderr")
}
# sums DIR: the SHA-256 of each output in DIR.
sums() { (cd "$1" && sha256sum "${OUTPUTS[@]}" 2>&1); }
# listing DIR: every name in DIR, temporary files included.
listing() { (cd "$1" && find . -mindepth 1 -maxdepth 1 -printf '%f\n' | sort); }
# untouched WHAT DIR SUMS [NAMES]: the outputs in DIR are those of SUMS
# and DIR holds nothing else (NAMES: the names it holds, if others).
untouched() {
	expect_eq "$1: every earlier output is unchanged" "$3" "$(sums "$2")"
	expect_eq "$1: no temporary file is left" "${4:-$NAMES}" "$(listing "$2")"
}

# The good scan whose outputs the failures below must leave alone.
R=$WORK/results
scan "$R"
expect_eq "a good scan writes every output (exit 2: a rule fails)" "2 |$NAMES" \
	"$RC $ERR|$(listing "$R")"
GOOD=$(sums "$R")

# The checks read the evidence before it is in place: a first scan into
# an empty folder gives the verdicts of the evidence (one compliant
# container, web: exit 0), and every report names where it will be.
python3 - "$EXAMPLE" "$WORK" <<'PY'
import copy, json, sys
example = json.load(open(sys.argv[1]))
json.dump([c for c in example if c["Name"] == "/web"],
          open(sys.argv[2] + "/small.json", "w"))
big = []
for i in range(300):
    c = copy.deepcopy(example[i % len(example)])
    c["Id"] = "%064x" % (i + 1)
    c["Name"] = "/container-%d" % i
    big.append(c)
json.dump(big, open(sys.argv[2] + "/big.json", "w"), indent=1)
PY
scan "$WORK/first" --evidence "$WORK/small.json"
expect_eq "a first scan into an empty folder: the evidence's verdicts" "0 " "$RC $ERR"
expect_eq "the summary names the evidence where it is now" "$WORK/first/evidence.json" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["evidence"]["path"])' "$WORK/first/summary.json")"
expect_eq "no report names a temporary file" "" \
	"$(cd "$WORK/first" && grep -l 'evidence\.json\.[A-Za-z0-9]\{6\}\|arf\.xml\.[A-Za-z0-9]\{6\}' "${OUTPUTS[@]}")"

# (1) An unknown --rule: found after the evidence was made.
scan "$R" --evidence "$WORK/small.json" --rule DKER-EE-999999
expect_eq "unknown rule: exit 1 and why" \
	"1 scapforge: some of the rules named are not in profile '$PROFILE'" "$RC $ERR"
untouched "unknown rule" "$R" "$GOOD"

# (2) A full disk: a 256 KiB tmpfs holding an earlier small result set,
# and evidence that does not fit (big.json, about 1 MB).
FULL=$WORK/full
mkdir -p "$FULL" "$WORK/elsewhere"
if mount -t tmpfs -o size=256k scapforge-e2e "$FULL"; then
	cleanup_hooks+=("umount '$FULL' 2>/dev/null")
	scan "$FULL" --evidence "$WORK/small.json"
	expect_eq "full disk: the earlier small result set fits" "0 |$NAMES" \
		"$RC $ERR|$(listing "$FULL")"
	SMALL=$(sums "$FULL")
	scan "$FULL" --evidence "$WORK/big.json"
	expect_eq "full disk: exit 1, the evidence cannot be written" \
		"1 scapforge: cannot write '$FULL/evidence.json': No space left on device" \
		"$RC $ERR"
	untouched "full disk" "$FULL" "$SMALL"
	# the evidence fits elsewhere, a report does not
	scan "$FULL" --evidence "$WORK/big.json" \
		--evidence-out "$WORK/elsewhere/evidence.json"
	case $ERR in
	"scapforge: cannot write '$FULL/"*"': No space left on device") said=yes ;;
	*) said="no: $ERR" ;;
	esac
	expect_eq "full disk, evidence elsewhere: exit 1 and why" "1 yes" "$RC $said"
	untouched "full disk, evidence elsewhere" "$FULL" "$SMALL"
	expect_eq "full disk, evidence elsewhere: no evidence written there" "" \
		"$(listing "$WORK/elsewhere")"
	umount "$FULL" || not_ok "umount the tmpfs"
else
	not_ok "mount a 256 KiB tmpfs on $FULL"
fi

# (3) A folder in the place of the CKLB; the JSON summary, asked on
# standard output, is not printed either.
mkdir "$R/in-the-way.cklb"
scan "$R" --evidence "$WORK/small.json" --cklb "$R/in-the-way.cklb"
expect_eq "folder in the place of the CKLB: exit 1 and why" \
	"1 scapforge: cannot write '$R/in-the-way.cklb': it is a folder" "$RC $ERR"
untouched "folder in the place of the CKLB" "$R" "$GOOD" \
	"$(printf '%s\nin-the-way.cklb\n' "$NAMES" | sort)"
rmdir "$R/in-the-way.cklb"
scan "$R" --evidence "$WORK/small.json" \
	--cklb "$R/checklist.cklb/x.cklb" --json -
expect_eq "a report under a file, JSON on stdout: exit 1, nothing printed" \
	"1 scapforge: cannot create a file beside '$R/checklist.cklb/x.cklb': Not a directory|" \
	"$RC $ERR|$STDOUT"
untouched "a report under a file" "$R" "$GOOD"

# (4) A report folder that cannot hold the report: under a file, and a
# read-only mount.
: >"$WORK/a-file"
scan "$R" --evidence "$WORK/small.json" --html "$WORK/a-file/report.html"
expect_eq "HTML folder is a file: exit 1 and why" \
	"1 scapforge: cannot create a file beside '$WORK/a-file/report.html': Not a directory" \
	"$RC $ERR"
untouched "HTML folder is a file" "$R" "$GOOD"
RO=$WORK/read-only
mkdir -p "$RO"
if mount --bind "$RO" "$RO" && mount -o remount,ro,bind "$RO"; then
	cleanup_hooks+=("umount '$RO' 2>/dev/null")
	scan "$R" --evidence "$WORK/small.json" --html "$RO/report.html"
	expect_eq "read-only report folder: exit 1 and why" \
		"1 scapforge: cannot create a file beside '$RO/report.html': Read-only file system" \
		"$RC $ERR"
	untouched "read-only report folder" "$R" "$GOOD"
	umount "$RO" || not_ok "umount the read-only bind mount"
else
	not_ok "a read-only bind mount on $RO"
fi

# After all that, a good scan replaces every output at once (the hostile
# data streams below then read the example: other evidence again).
scan "$R" --evidence "$WORK/small.json"
changed=$(paste <(printf '%s\n' "$GOOD") <(sums "$R") |
	awk '$1 == $3 { print $2 }' | paste -sd' ')
expect_eq "a good scan again: every output replaced, nothing left over" \
	"0 ||$NAMES" "$RC $ERR|$changed|$(listing "$R")"
GOOD=$(sums "$R")

# Hostile data streams: an entity of an internal DTD used in a title, and
# a billion laughs (entities that would expand to 1 GB).
python3 - "$DS" "$WORK" <<'PY'
import re, sys
ds = open(sys.argv[1]).read()
decl = ds.index("?>") + 2
def hostile(subset, ref):
    text = ds[:decl] + "\n<!DOCTYPE ds:data-stream-collection [\n" + subset + "]>" + ds[decl:]
    title = re.compile(r"<[\w.:-]*title\b[^>]*>").search(text, text.index("]>"))
    return text[:title.end()] + ref + text[title.end():]
open(sys.argv[2] + "/entity-ds.xml", "w").write(
    hostile('<!ENTITY who "an entity">\n', "&who;"))
laughs = '<!ENTITY e0 "aaaaaaaaaa">\n' + "".join(
    '<!ENTITY e%d "%s">\n' % (i, ("&e%d;" % (i - 1)) * 10) for i in range(1, 10))
open(sys.argv[2] + "/laughs-ds.xml", "w").write(hostile(laughs, "&e9;"))
PY
for name in entity laughs; do
	hostile=$WORK/$name-ds.xml
	start=$(date +%s%N)
	STDOUT=$(timeout 20 "$SF" scan --datastream "$hostile" \
		--evidence "$EXAMPLE" \
		--evidence-out "$R/evidence.json" --arf "$R/arf.xml" \
		--html "$R/report.html" 2>"$WORK/stderr")
	RC=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	expect_eq "$name data stream: exit 1, the DTD refused" \
		"1 scapforge: '$hostile' declares a DTD, which scapforge refuses" \
		"$RC $(cat "$WORK/stderr")"
	expect_eq "$name data stream: refused within a second" yes \
		"$([ "$ms" -lt 1000 ] && echo yes || echo "no: $ms ms")"
	untouched "$name data stream (no ARF written)" "$R" "$GOOD"
	STDOUT=$(timeout 20 "$SF" scan --datastream "$hostile" --evidence "$EXAMPLE" \
		--evidence-out "$WORK/$name/evidence.json" --arf "$WORK/$name/arf.xml" 2>&1)
	expect_eq "$name data stream: no ARF, no folder made for it" "1 absent" \
		"$? $([ -e "$WORK/$name" ] && echo present || echo absent)"
	out=$(timeout 20 "$SF" validate "$hostile" 2>&1)
	expect_eq "$name data stream: validate refuses the DTD" \
		"1 $hostile: error: the document declares a DTD, which scapforge refuses
$hostile: invalid (1 error)" "$? $out"
done

# Files as root: reports follow the umask, the evidence is 0600, and a
# results folder reached through a symbolic link that another user made,
# or into another user's folder, is refused, not followed.
rm -rf "$WORK/umask"
(umask 027 && scan "$WORK/umask")
expect_eq "under umask 027: reports 640, the evidence 600" \
	"600 640 640 640 640 640" \
	"$(cd "$WORK/umask" && stat -c %a evidence.json arf.xml report.html checklist.ckl checklist.cklb summary.json | paste -sd' ')"
mkdir -p "$WORK/theirs" "$WORK/links"
chown 65534 "$WORK/theirs"
ln -s "$WORK/theirs" "$WORK/links/planted"
chown -h 65534 "$WORK/links/planted"
scan "$WORK/links/planted"
expect_eq "a results folder through a link another user made is refused" \
	"1 scapforge: cannot write '$WORK/links/planted/evidence.json': its folder '$WORK/links/planted' is a symbolic link another user made, and scapforge does not follow it|" \
	"$RC $ERR|$(ls -A "$WORK/theirs")"
ln -s "$WORK/theirs" "$WORK/links/mine"
scan "$WORK/links/mine"
expect_eq "a link of ours into another user's folder is refused" \
	"1 scapforge: cannot write '$WORK/links/mine/evidence.json': its folder '$WORK/links/mine' is a symbolic link into a folder of another user, and scapforge does not follow it|" \
	"$RC $ERR|$(ls -A "$WORK/theirs")"
mkdir -p "$WORK/ours"
ln -s "$WORK/ours" "$WORK/links/ours"
scan "$WORK/links/ours"
expect_eq "a link of ours into our own folder is followed" "2 |$NAMES" \
	"$RC $ERR|$(listing "$WORK/ours")"

# An ARF that declares a DTD: report and checklist refuse it too.
python3 - "$R/arf.xml" "$WORK/dtd-arf.xml" <<'PY'
import sys
arf = open(sys.argv[1]).read()
decl = arf.index("?>") + 2
open(sys.argv[2], "w").write(arf[:decl] + '\n<!DOCTYPE arf:asset-report-collection [<!ENTITY x "x">]>' + arf[decl:])
PY
out=$("$SF" report "$WORK/dtd-arf.xml" -o "$WORK/dtd.html" 2>&1)
expect_eq "report refuses an ARF with a DTD" \
	"1 scapforge: '$WORK/dtd-arf.xml' declares a DTD, which scapforge refuses|absent" \
	"$? $out|$([ -e "$WORK/dtd.html" ] && echo present || echo absent)"
out=$("$SF" checklist "$WORK/dtd-arf.xml" --ckl "$WORK/dtd.ckl" 2>&1)
expect_eq "checklist refuses an ARF with a DTD" \
	"1 scapforge: '$WORK/dtd-arf.xml' declares a DTD, which scapforge refuses|absent" \
	"$? $out|$([ -e "$WORK/dtd.ckl" ] && echo present || echo absent)"
out=$("$SF" validate "$WORK/dtd-arf.xml" 2>&1)
expect_eq "validate refuses an ARF with a DTD" \
	"1 $WORK/dtd-arf.xml: error: the document declares a DTD, which scapforge refuses
$WORK/dtd-arf.xml: invalid (1 error)" "$? $out"
finish
