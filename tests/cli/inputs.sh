#!/bin/sh
# inputs.sh - every command that reads a file named on its command line
# exits 66 when the file is missing or cannot be opened (no permission, a
# directory) and 74 when reading the opened file fails, naming the file
# and the system's reason (agtrace(1) EXIT STATUS).
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

plan $(($# * 4))
# run DESCRIPTION CODE FRAGMENT PREFIX TEMPLATE FILE
run() {
	d=$1 code=$2 frag=$3 prefix=$4 file=$6
	args=$(printf '%s\n' "$5" | sed "s#X#$file#")
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
	if [ -n "$as_user" ]; then
		run "no permission" 66 "Permission denied" "$as_user" "$t" "$W/noperm"
	else
		ok "# SKIP no permission: root without setpriv reads any file"
	fi
	case $t in
	*decode*|*scan*) # read as many bytes as fstat says: none here
		ok "# SKIP read error: /proc/self/mem has size 0 for $t";;
	*)	if [ -n "$eio" ]; then
			run "read error" 74 "Input/output error" "" "$t" "$eio"
		else
			ok "# SKIP read error: /proc/self/mem gives no EIO here"
		fi;;
	esac
done
done_testing
