#!/bin/sh
# The shared library exports exactly the committed symbol list, all agt_*.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 2
SO=$top_builddir/lib/.libs/libagtrace.so
nm -D --defined-only "$SO" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' |
	grep -v '^_' | sort > "$TMP/actual"
if grep -qv '^agt_' "$TMP/actual"; then
	not_ok "every exported symbol starts with agt_"
	diag "$(grep -v '^agt_' "$TMP/actual")"
else
	ok "every exported symbol starts with agt_"
fi
if diff -u "$top_srcdir/lib/libagtrace.sym" "$TMP/actual" > "$TMP/diff"; then
	ok "exported symbols match lib/libagtrace.sym"
else
	not_ok "exported symbols match lib/libagtrace.sym"
	diag "$(cat "$TMP/diff")"
fi
done_testing
