#!/bin/sh
# inputs.sh - every command that reads a file named on its command line
# exits 66 when the file is missing or cannot be opened (no permission, a
# directory) and 74 when reading the opened file fails, naming the file
# and the system's reason (agtrace(1) EXIT STATUS); none of it moves the
# register.  A file without a size (a pipe, a FIFO, /dev/stdin) is read
# to its end: decode, scan, import and key files from pipes.
. "$top_srcdir/tests/cli/lib.sh"

CODE='(01)06921037001003(10)L20261108A'
W=$TMP/w
mkdir "$W" "$W/dir" "$W/pub"
A=$AGTRACE_REAL
{ "$A" -d "$W/reg" init && "$A" -d "$W/reg" import "$top_srcdir/examples/register.xml" &&
  "$A" keygen -o "$W/op.key" >"$W/op.pub" &&
  "$A" -d "$W/reg" checkpoint --sign "$W/op.key" >"$W/cp" &&
  "$A" -d "$W/reg" prove --sign "$W/op.key" -o "$W/proof.json" "$CODE"; } \
	>/dev/null 2>"$TMP/setup.err" ||
	{ echo "Bail out! setup failed: $(head -3 "$TMP/setup.err")"; exit 1; }
cp "$top_srcdir/examples/register.xml" "$W/batch.xml"
cp "$top_srcdir/examples/labels/choy-sum-qr.png" "$W/img.png"
: >"$W/noperm"
chmod 000 "$W/noperm"

# X stands for the input under test.
set -- \
	"-d $W/reg import X" \
	"-d $W/reg import --dry-run $W/batch.xml X" \
	"sign -k $W/op.key X" \
	"sign -k X $W/batch.xml" \
	"keygen --public X" \
	"decode X" \
	"-d $W/reg scan X" \
	"-d $W/reg checkpoint --sign X" \
	"-d $W/reg prove --sign X $CODE" \
	"-d $W/reg prove --checkpoint X $CODE" \
	"-d $W/reg lookup --proof --checkpoint X $CODE" \
	"-d $W/reg publish --sign X $W/pub/log" \
	"verify-proof --key X $W/proof.json" \
	"verify-proof --key $W/op.pub X" \
	"-d $W/rep mirror --key X $W/pub/log"

# Who cannot read a mode 000 file: root reads it; nobody, through setpriv,
# does not (the tree is theirs, so only the file is refused).
as_user=
if [ "$(id -u)" != 0 ]; then
	as_user=" "
elif command -v setpriv >/dev/null 2>&1 && chmod 711 "$TMP" &&
    chown -R nobody "$W" 2>/dev/null; then
	as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
# A read of /proc/self/mem at offset 0 fails with EIO: an opened file
# that cannot be read.
eio=
dd if=/proc/self/mem of=/dev/null bs=1 count=1 2>&1 | grep -q "Input/output error" &&
	eio=/proc/self/mem

# The register before every bad input: it must not move.
"$A" -d "$W/reg" stats >"$TMP/stats.before" 2>&1

# Cases this machine cannot set up are not run (no TAP line, not a SKIP).
per=2
if [ -n "$as_user" ]; then per=$((per + 1)); else
	echo "# no permission: not run (root without setpriv reads any file)"; fi
if [ -n "$eio" ]; then per=$((per + 1)); else
	echo "# read error: not run (/proc/self/mem gives no EIO here)"; fi
plan $(($# * per + 17))
# run DESCRIPTION CODE FRAGMENT PREFIX TEMPLATE FILE
run() {
	d=$1 code=$2 frag=$3 prefix=$4 file=$6
	# The word X, not the letter: mktemp may put an X in $TMP.
	args=
	for w in $5; do [ "$w" = X ] && w=$file; args="$args $w"; done
	# shellcheck disable=SC2086 # the arguments are words, the prefix a command
	(cd "$W" && $prefix "$A" $args </dev/null >"$TMP/out" 2>"$TMP/err")
	rc=$?
	if [ "$rc" -ne "$code" ]; then
		not_ok "$d: $5 (exit $rc, wanted $code)"; diag "$(head -5 "$TMP/err")"
	elif ! grep -Fq -- "$file" "$TMP/err" || ! grep -Fq -- "$frag" "$TMP/err"; then
		not_ok "$d: $5 (no '$file' or '$frag' in the message)"; diag "$(head -5 "$TMP/err")"
	else
		ok "$d: $5"
	fi
}
for t in "$@"; do
	run "missing" 66 "No such file or directory" "" "$t" "$W/missing"
	run "a directory" 66 "Is a directory" "" "$t" "$W/dir"
	[ -z "$as_user" ] ||
		run "no permission" 66 "Permission denied" "$as_user" "$t" "$W/noperm"
	[ -z "$eio" ] ||
		run "read error" 74 "Input/output error" "" "$t" "$eio"
done
"$A" -d "$W/reg" stats >"$TMP/stats.after" 2>&1
if cmp -s "$TMP/stats.before" "$TMP/stats.after"; then
	ok "the register is unchanged after every bad input"
else
	not_ok "the register is unchanged after every bad input"
	diag "$(diff "$TMP/stats.before" "$TMP/stats.after")"
fi

# Pipes: read to the end, through $AGTRACE (valgrind in check-valgrind).
# same DESCRIPTION NAME: ok when $TMP/out is $TMP/want with NAME for the file.
same() {
	if sed "s#^$2:#FILE:#" "$TMP/out" | cmp -s - "$TMP/want"; then ok "$1"; else
		not_ok "$1"; diag "$(sed "s#^$2:#FILE:#" "$TMP/out" | diff "$TMP/want" - | head -10)"; fi
}
"$A" decode "$W/img.png" 2>/dev/null | sed "s#^$W/img.png:#FILE:#" >"$TMP/want"
cat "$W/img.png" | $AGTRACE decode /dev/stdin >"$TMP/out" 2>"$TMP/err"
same "decode /dev/stdin from a pipe: the file's symbols" /dev/stdin
mkfifo "$W/fifo"
cat "$W/img.png" >"$W/fifo" &
$AGTRACE -d "$W/reg" scan "$W/fifo" >"$TMP/out" 2>"$TMP/err"
wait
expect_grep "scan a FIFO" "^$W/fifo: QRCode .*L20261115A" "$TMP/out"
"$A" -d "$W/p" init >/dev/null
cat "$W/batch.xml" | $AGTRACE -d "$W/p" import /dev/stdin >"$TMP/out" 2>"$TMP/err"
"$A" -d "$W/p" stats 2>/dev/null | grep "^ledger" >"$TMP/out"
"$A" -d "$W/reg" stats 2>/dev/null | grep "^ledger" >"$TMP/want"
# $W/reg imported the same file (then added checkpoint and proof, no entry)
same "import /dev/stdin from a pipe: the ledger of the file's import" ledger
cat "$W/batch.xml" >"$W/fifo" &
"$A" -d "$W/p" import --dry-run "$W/fifo" >"$TMP/out" 2>&1
wait
expect_grep "import --dry-run a FIFO: every record read" \
	'^checked 1855 records \(500416 bytes\)' "$TMP/out"
# An EPCIS document longer than the 4 KiB that tell it from a batch.
"$A" -d "$W/reg" export --format epcis-json --lot 06921037001003/L20261108A \
	--lot 06921037001096/L20261102D --lot 06921037001102/L20261116A >"$W/ev.json" 2>/dev/null
"$A" -d "$W/p" import --dry-run "$W/ev.json" >"$TMP/want" 2>&1
cat "$W/ev.json" | $AGTRACE -d "$W/p" import --dry-run /dev/stdin >"$TMP/out" 2>&1
same "import an EPCIS document ($(wc -c <"$W/ev.json") bytes) from a pipe" x
# The same in XML, from a FIFO and from a pipe named /dev/fd/3 (what a
# shell's <(command) gives): read once, whole.
"$A" -d "$W/reg" export --format epcis-xml --lot 06921037001003/L20261108A \
	--lot 06921037001096/L20261102D >"$W/ev.xml" 2>/dev/null
"$A" -d "$W/p" import --dry-run "$W/ev.xml" 2>&1 | sed "s#$W/ev.xml#FILE#" >"$TMP/want"
cat "$W/ev.xml" >"$W/fifo" &
$AGTRACE -d "$W/p" import --dry-run "$W/fifo" 2>&1 | sed "s#$W/fifo#FILE#" >"$TMP/out"
wait
same "import an EPCIS document ($(wc -c <"$W/ev.xml") bytes) from a FIFO" x
cat "$W/ev.xml" | { $AGTRACE -d "$W/p" import --dry-run /dev/fd/3 3<&0 </dev/null 2>&1; } |
	sed "s#/dev/fd/3#FILE#" >"$TMP/out"
same "import an EPCIS document from a pipe as /dev/fd/3" x
"$A" -d "$W/p" stats >"$TMP/stats.before" 2>&1
head -c 1000 "$W/batch.xml" | $AGTRACE -d "$W/p" import /dev/stdin >"$TMP/out" 2>"$TMP/err"
rc=$?
"$A" -d "$W/p" stats >"$TMP/stats.after" 2>&1
if [ "$rc" -eq 65 ] && grep -q 'truncated' "$TMP/err" &&
    cmp -s "$TMP/stats.before" "$TMP/stats.after"; then
	ok "a batch cut short in a pipe: 65, the register unchanged"
else
	not_ok "a batch cut short in a pipe: 65, the register unchanged (exit $rc)"
	diag "$(head -3 "$TMP/err")"
fi
head -c 20000 /dev/zero | $AGTRACE keygen --public /dev/stdin >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 65 ] && grep -q '/dev/stdin: .*over 16 KiB' "$TMP/err"; then
	ok "a key file over 16 KiB from a pipe: 65"
else
	not_ok "a key file over 16 KiB from a pipe: 65 (exit $rc)"; diag "$(cat "$TMP/err")"
fi
# over LIMIT BYTES DESCRIPTION COMMAND...: the input of BYTES zeros
# from a pipe is over LIMIT: 65, the message names /dev/stdin.
over() {
	limit=$1 bytes=$2 d=$3; shift 3
	head -c "$bytes" /dev/zero | "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 65 ] && grep -q "^agtrace: /dev/stdin: over $limit, the most" "$TMP/err"; then
		ok "$d over $limit from a pipe: 65"
	else
		not_ok "$d over $limit from a pipe: 65 (exit $rc)"; diag "$(head -3 "$TMP/err")"
	fi
}
over "256 MiB" $((256 * 1048576 + 1)) "a batch to sign" \
	"$A" sign -k "$W/op.key" /dev/stdin
over "64 MiB" $((64 * 1048576 + 1)) "a proof" \
	"$A" verify-proof --key "$W/op.pub" /dev/stdin
over "64 KiB" 65537 "a checkpoint" \
	$AGTRACE -d "$W/reg" prove --checkpoint /dev/stdin "$CODE"
# 64 KiB is not over: the note is read, then refused for what it is.
head -c 65536 /dev/zero | $AGTRACE -d "$W/reg" prove --checkpoint /dev/stdin "$CODE" \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 65 ] && ! grep -q "over" "$TMP/err"; then
	ok "a checkpoint of 64 KiB is read whole (refused as a note)"
else
	not_ok "a checkpoint of 64 KiB is read whole (exit $rc)"; diag "$(head -3 "$TMP/err")"
fi
# Codes read from standard input: a read that fails is 74, not the end.
for c in "parse" "-d $W/reg lookup"; do
	# shellcheck disable=SC2086 # the command is words
	$AGTRACE $c <"$W/dir" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 74 ] && grep -q '^agtrace: standard input: cannot read: Is a directory$' "$TMP/err"; then
		ok "$c from a directory on standard input: 74"
	else
		not_ok "$c from a directory on standard input: 74 (exit $rc)"; diag "$(head -3 "$TMP/err")"
	fi
done
cat "$W/op.key" | $AGTRACE keygen --public /dev/stdin >"$TMP/out" 2>"$TMP/err"
cp "$W/op.pub" "$TMP/want"
same "keygen --public /dev/stdin from a pipe: the key's public key" x
done_testing
