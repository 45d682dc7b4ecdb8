#!/bin/sh
# The example register (examples/register.xml) imports with every report
# signed and verified, and holds what the README promises: a failed
# inspection, a superseded report, shipments, all 89 categories.
. "${top_srcdir:-.}/tests/cli/lib.sh"
AGTRACE_DB=$TMP/db
AGTRACE_DATADIR=$top_srcdir/formats
export AGTRACE_DB AGTRACE_DATADIR
EX=$top_srcdir/examples/register.xml
plan 11

$AGTRACE init >/dev/null
check "example register imports, signatures required" $AGTRACE import --require-signatures "$EX"
expect_grep "every report signed and verified" '^reports: 446 signed \(verified\), 0 unsigned$' "$TMP/out"
expect_grep "hundreds of lots" '^lot +445 +0 +0$' "$TMP/out"
expect_grep "tens of suppliers" '^supplier +30 +0 +0$' "$TMP/out"
check "verify --signatures" $AGTRACE verify --signatures
n=$(grep -o 'category="[A-Z][0-9]*"' "$EX" | sort -u | wc -l)
[ "$n" -eq 89 ] && ok "lots in all 89 categories" || not_ok "lots in all 89 categories ($n)"
expect_grep "a failed inspection" '<report [^>]*verdict="fail"' "$EX"
expect_grep "a superseded report" '<report [^>]*supersedes="R2026-001012"' "$EX"
check "re-import changes nothing" $AGTRACE import "$EX"
expect_grep "all unchanged" '^report +0 +0 +446$' "$TMP/out"
# Ed25519 is deterministic: the reports signed again, one agency key at a
# time as examples/make-register.py does, give the same file, byte for byte.
sed '/<signature alg="ed25519">/d' "$EX" > "$TMP/resign.xml"
for k in A01 A02 A03 A04; do
	$AGTRACE sign -k "$top_srcdir/examples/keys/$k.key" "$TMP/resign.xml" \
		> "$TMP/resign2.xml" 2>/dev/null && mv "$TMP/resign2.xml" "$TMP/resign.xml"
done
check "re-signed, the same bytes" cmp "$TMP/resign.xml" "$EX"
done_testing
