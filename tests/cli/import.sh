#!/bin/sh
# agtrace import: one transaction per invocation, every error listed as
# FILE:LINE:COL, idempotence, revisions, forward references, dry runs.
. "${top_srcdir:-.}/tests/cli/lib.sh"
GEN=$top_builddir/tests/tools/gen-batch
AGTRACE_DB=$TMP/db
AGTRACE_DATADIR=$top_srcdir/formats
export AGTRACE_DB AGTRACE_DATADIR
plan 32

head_of() { $AGTRACE stats | grep '^ledger'; }

check "init loads the categories" $AGTRACE init
$AGTRACE stats > "$TMP/stats"
expect_grep "89 categories" '^category +89$' "$TMP/stats"
expect_exit "import --help" 0 $AGTRACE import --help
expect_exit "import without files" 64 $AGTRACE import
expect_exit "missing file" 66 $AGTRACE import "$TMP/nope.xml"
expect_grep "missing file named" 'nope.xml: No such file' "$TMP/err"

# One bad record in the middle of 10,000 lots: nothing is kept.
$GEN -l 10000 -b 5000 > "$TMP/bad.xml"
before=$(head_of)
expect_exit "bad check digit in lot 5000 of 10000" 65 $AGTRACE import "$TMP/bad.xml"
line=$(grep -n 'lot="L00005000"' "$TMP/bad.xml" | head -1 | cut -d: -f1)
expect_grep "error names file, line and column" "bad.xml:$line:3: lot 0690123000050./L00005000" "$TMP/err"
expect_grep "the report of that lot too" "bad.xml:$((line + 1)):3: report R000005000" "$TMP/err"
expect_grep "nothing imported" 'nothing imported: 2 errors' "$TMP/err"
[ "$(head_of)" = "$before" ] && ok "ledger head unchanged" || not_ok "ledger head unchanged"
$AGTRACE stats > "$TMP/stats"
expect_grep "no lot kept" '^lot +0$' "$TMP/stats"

$GEN -l 10000 -b 7000 -B schema > "$TMP/bad2.xml"
expect_exit "schema violation" 65 $AGTRACE import "$TMP/bad2.xml"
expect_grep "schema error located" "bad2.xml:[0-9]+:3: Element 'lot', attribute 'harvested'" "$TMP/err"
$GEN -l 100 -b 50 -B supplier > "$TMP/bad3.xml"
expect_exit "unknown supplier" 65 $AGTRACE import "$TMP/bad3.xml"
expect_grep "unknown supplier named" 'unknown supplier S9999' "$TMP/err"
[ "$(head_of)" = "$before" ] && ok "ledger head still unchanged" || not_ok "ledger head still unchanged"

# Good batches, idempotence, revisions.
$GEN -l 10000 -S 1 > "$TMP/good.xml"
check "10,000 lots with reports and shipments" $AGTRACE import "$TMP/good.xml"
expect_grep "summary counts lots" '^lot +10000 +0 +0$' "$TMP/out"
after=$(head_of)
check "re-import" $AGTRACE import "$TMP/good.xml"
expect_grep "re-import: all unchanged" '^lot +0 +0 +10000$' "$TMP/out"
[ "$(head_of)" = "$after" ] && ok "re-import adds no ledger entry" || not_ok "re-import adds no ledger entry"
$GEN -l 10 -R 1 > "$TMP/rev.xml"
check "revised lots" $AGTRACE import --json "$TMP/rev.xml"
expect_grep "JSON counts revisions" '"revised": 10' "$TMP/out"

# Forward references, stdin, dry run, several files in one transaction.
$GEN -l 100 --start 20000 -f > "$TMP/fwd.xml"
check "forward references (lots before suppliers)" $AGTRACE import "$TMP/fwd.xml"
$GEN -l 10 --start 30000 > "$TMP/dry.xml"
h=$(head_of)
check "dry run" $AGTRACE import --dry-run "$TMP/dry.xml"
expect_grep "dry run says so" 'dry run, nothing written' "$TMP/out"
[ "$(head_of)" = "$h" ] && ok "dry run writes nothing" || not_ok "dry run writes nothing"
$GEN -l 10 --start 40000 > "$TMP/one.xml"
expect_exit "good file + bad file" 65 $AGTRACE import "$TMP/one.xml" "$TMP/bad3.xml"
[ "$(head_of)" = "$h" ] && ok "the good file is not kept either" || not_ok "the good file is not kept either"
check "standard input" sh -c "$AGTRACE import - < '$TMP/one.xml'"
expect_grep "standard input imported" '^lot +10 +0 +0$' "$TMP/out"
done_testing
