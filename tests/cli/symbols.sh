#!/bin/sh
# The shared library exports exactly the committed symbol lists: the API,
# all agt_*, under AGTRACE_0 (lib/libagtrace.sym), and the internal
# functions its modules call under AGTRACE_PRIVATE_0
# (lib/libagtrace.private.sym).  Each module exports its table only.
# Every API function is named in a man page.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 7
SO=$top_builddir/lib/.libs/libagtrace.so
# "agt_put@@AGTRACE_0" (binutils 2.35 and later) or "agt_put".
nm -D --defined-only "$SO" | awk '$2 ~ /^[TDBRVW]$/ { print $3 }' |
	grep -v '^_' > "$TMP/all"
sed -n 's/@@*AGTRACE_PRIVATE_0$//p' "$TMP/all" | sort > "$TMP/private"
grep -v '@@*AGTRACE_PRIVATE_0$' "$TMP/all" | sed 's/@.*//' | sort > "$TMP/actual"
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
# Every function of the API is named by a man page (its .Nm lines).
for s in $(cat "$top_srcdir/lib/libagtrace.sym"); do
	grep -Eqx "\.Nm $s( ,)?" "$top_srcdir"/man/*.3 || echo "$s"
done > "$TMP/undocumented"
if [ -s "$TMP/undocumented" ]; then
	not_ok "every API function has a man page"
	diag "$(cat "$TMP/undocumented")"
else
	ok "every API function has a man page"
fi
if diff -u "$top_srcdir/lib/libagtrace.private.sym" "$TMP/private" > "$TMP/diff"
then
	ok "AGTRACE_PRIVATE_0 matches lib/libagtrace.private.sym"
else
	not_ok "AGTRACE_PRIVATE_0 matches lib/libagtrace.private.sym"
	diag "$(cat "$TMP/diff")"
fi
# ... and it is what the modules call, no more: a helper a module starts
# to use is added to the list (and AGTI_MODULE_API to its declaration).
for m in xml media; do
	nm -D --undefined-only "$top_builddir/lib/.libs/agtrace-$m.so" |
		awk '{ print $2 }' | sed 's/@.*//' | grep '^agti_'
done | sort -u > "$TMP/needed"
if diff -u "$top_srcdir/lib/libagtrace.private.sym" "$TMP/needed" > "$TMP/diff"
then
	ok "the modules call exactly lib/libagtrace.private.sym"
else
	not_ok "the modules call exactly lib/libagtrace.private.sym"
	diag "$(cat "$TMP/diff")"
fi
for m in xml media; do
	got=$(nm -D --defined-only "$top_builddir/lib/.libs/agtrace-$m.so" |
		awk '$2 ~ /^[TDBRVW]$/ { print $3 }' | grep -v '^_')
	[ "$got" = "agti_${m}_module" ] && ok "agtrace-$m.so exports its table only" ||
		not_ok "agtrace-$m.so exports its table only ($got)"
done
done_testing
