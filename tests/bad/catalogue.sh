#!/bin/sh
# catalogue.sh - the bad-input catalogue: every hostile or broken input in
# tests/bad/MANIFEST.tsv gets its expected exit status and message
# fragment, and leaves the register byte-for-byte unchanged, and no file
# appears in the working directory.  One TAP line per input.
#
# MANIFEST.tsv: tab-separated "input  exit  fragment  arguments", # comments.
#   input      a file under tests/bad/, or gen:NAME for an input that
#              tests/bad/gen.py NAME makes at run time (big or directories)
#   exit       the expected exit status of agtrace
#   fragment   text that stdout or stderr must contain (grep -F)
#   arguments  agtrace's arguments; $IN is the input, $DB the register,
#              $BAD the tests/bad directory; evaluated by the shell.
. "$top_srcdir/tests/cli/lib.sh"

BAD=$top_srcdir/tests/bad
MANIFEST=$BAD/MANIFEST.tsv
DB=$TMP/register
WORK=$TMP/cwd
mkdir -p "$WORK" "$TMP/gen"

fingerprint() {
	(cd "$DB" && find . -type f ! -name lock.mdb | LC_ALL=C sort |
		xargs sha256sum; ls -la . | sed 1d | awk '{print $1, $NF}')
}

# A register with content: the categories and the example register, so
# "unchanged" means something and batches may name S0001, A01, P0001, V05.
MKREG=$top_builddir/tests/tools/mkregister
TAMPER=$top_builddir/tests/tools/tamper
export MKREG TAMPER
{ "$AGTRACE_REAL" -d "$DB" init &&
  "$AGTRACE_REAL" -d "$DB" import "$top_srcdir/examples/register.xml"; } \
	>/dev/null || { echo "Bail out! cannot build the register"; exit 1; }
fingerprint >"$TMP/before"

entries=$(grep -v '^#' "$MANIFEST" | grep -c .)
plan "$entries"
grep -v '^#' "$MANIFEST" | grep . | while IFS='	' read -r input code fragment args; do
	case $input in
	gen:*)	IN=$TMP/gen/${input#gen:}
		[ -e "$IN" ] || python3 "$BAD/gen.py" "${input#gen:}" "$IN" ;;
	*)	IN=$BAD/$input ;;
	esac
	export IN DB BAD
	(cd "$WORK" && eval "\"\$AGTRACE\" $args" </dev/null >"$TMP/out" 2>"$TMP/err")
	rc=$?
	why=
	[ "$rc" -eq "$code" ] || why="exit $rc, wanted $code;"
	cat "$TMP/out" "$TMP/err" | grep -Fq -- "$fragment" ||
		why="$why no \"$fragment\" in output;"
	# No raw escape character may reach the user's terminal.
	! cat "$TMP/out" "$TMP/err" | grep -q "$(printf '\033')" ||
		why="$why raw ESC in output;"
	fingerprint >"$TMP/after"
	cmp -s "$TMP/before" "$TMP/after" || why="$why register changed;"
	[ -z "$(ls -A "$WORK")" ] || { why="$why wrote $(ls -A "$WORK");"; rm -rf "$WORK"/* "$WORK"/.[!.]*; }
	if [ -z "$why" ]; then
		ok "$input: $args"
	else
		not_ok "$input: $args: $why"
		diag "$(head -c 2000 "$TMP/err")"
	fi
done
