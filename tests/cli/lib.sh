# lib.sh - TAP helpers for the shell tests; sourced, not run.
# The harness exports top_srcdir, top_builddir, AGTRACE, SHARED_DIR.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${AGTRACE:=$top_builddir/cli/agtrace}"
: "${SHARED_DIR:=$top_srcdir/../shared}"
# The library's modules (agtrace-xml.so, agtrace-media.so) of this build.
: "${AGTRACE_MODULE_DIR:=$top_builddir/lib/.libs}"
export AGTRACE_MODULE_DIR

tap_n=0
tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/agtrace-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# AGTRACE_WRAPPER (e.g. "valgrind -q --error-exitcode=99") runs every
# $AGTRACE call under a tool; libtool resolves its wrapper script to the
# real binary.  AGTRACE_REAL keeps the unwrapped command.
AGTRACE_REAL=$AGTRACE
if [ -n "${AGTRACE_WRAPPER:-}" ]; then
	cat >"$TMP/agtrace" <<EOF_WRAP
#!/bin/sh
exec "$top_builddir/libtool" --mode=execute $AGTRACE_WRAPPER "$AGTRACE_REAL" "\$@"
EOF_WRAP
	chmod +x "$TMP/agtrace"
	AGTRACE=$TMP/agtrace
fi

plan() { echo "1..$1"; }
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
diag() { echo "$*" | sed 's/^/# /'; }

# check DESCRIPTION COMMAND...: ok when COMMAND exits 0.
check() {
	d=$1; shift
	if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "$d"; else
		not_ok "$d"; diag "$(cat "$TMP/err" | head -20)"; fi
}

# expect_exit DESCRIPTION CODE COMMAND...: ok when COMMAND exits CODE.
expect_exit() {
	d=$1; code=$2; shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"; rc=$?
	if [ "$rc" -eq "$code" ]; then ok "$d"; else
		not_ok "$d (exit $rc, wanted $code)"; diag "$(head -20 "$TMP/err")"; fi
}

# expect_grep DESCRIPTION PATTERN FILE: ok when FILE has PATTERN (grep -E).
expect_grep() {
	if grep -Eq -- "$2" "$3"; then ok "$1"; else
		not_ok "$1"; diag "no /$2/ in:"; diag "$(head -20 "$3")"; fi
}

done_testing() { [ "$tap_failed" -eq 0 ]; }
