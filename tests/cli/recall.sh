#!/bin/sh
# agtrace recall, release, recalls, trace: holds and tracing from the
# command line, on the sample register (tests/tools/mkregister).
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 39
R=$TMP/reg
L1=06901234567892/L2024-001
"$top_builddir/tests/tools/mkregister" "$R" 5 || { not_ok "mkregister"; exit 1; }
A() { "$AGTRACE" -d "$R" "$@"; }

# Usage errors exit 64; --help exits 0.
expect_exit "recall --help" 0 A recall --help
expect_grep "recall --help prints usage" "usage: agtrace recall" "$TMP/out"
expect_exit "recall without a target" 64 A recall --reason x
expect_exit "recall with two targets" 64 A recall --lot "$L1" --gtin 06901234567892 --reason x
expect_exit "recall without a reason" 64 A recall --lot "$L1"
expect_exit "trace with a bad direction" 64 A trace sideways "$L1"
# Bad data exits 65, unknown targets 1; the register is unchanged.
A stats > "$TMP/before" 2>&1
expect_exit "recall of a bad GTIN" 65 A recall --lot 06901234567891/L1 --reason x
expect_grep "names the field" "recall target" "$TMP/err"
expect_exit "recall of an unknown lot" 1 A recall --lot 06901234567892/NOPE --reason x
expect_grep "names the lot" "unknown lot" "$TMP/err"
expect_exit "release of what was never recalled" 1 A release --supplier S001 --reason x
A stats > "$TMP/after" 2>&1
check "the register is unchanged" cmp "$TMP/before" "$TMP/after"

# Recall, list, release.
expect_exit "recall a lot" 0 A recall --lot 6901234567892/L2024-001 --reason "residue over limit" --issuer "QA office"
expect_grep "prints the stored recall" "^recalled lot 06901234567892/L2024-001 at .* by QA office: residue over limit" "$TMP/out"
CODE='(01)06901234567892(10)L2024-001'
A lookup "$CODE" > "$TMP/look" 2>&1
check "a held lot's first line is a do-not-sell instruction" \
	sh -c "head -1 '$TMP/look' | grep -q '^DO NOT SELL: RECALLED - lot:06901234567892/L2024-001 since .*: residue over limit'"
A lookup --json "$CODE" > "$TMP/lookj" 2>&1
expect_grep "lookup JSON: POS status do-not-sell" '"status": "do-not-sell"' "$TMP/lookj"
expect_grep "lookup JSON: the hold" '"warning": "held by a recall"' "$TMP/lookj"
expect_exit "recalls --active" 0 A recalls --active
expect_grep "lists the hold" "^ACTIVE lot 06901234567892/L2024-001" "$TMP/out"
expect_exit "recalls --json" 0 A recalls --json
expect_grep "JSON says active" '"active": true' "$TMP/out"
expect_exit "release it" 0 A release --lot "$L1" --reason "retest passed" --json
expect_grep "release JSON" '"reason": "retest passed"' "$TMP/out"
A lookup "$CODE" > "$TMP/look" 2>&1
check "a release lifts the hold at the POS" sh -c "! grep -q 'RECALLED' '$TMP/look'"
A lookup --json "$CODE" > "$TMP/lookj" 2>&1
expect_grep "lookup JSON: sell again" '"status": "sell"' "$TMP/lookj"
A recalls --active > "$TMP/active"
check "no active hold after the release" test ! -s "$TMP/active"
expect_exit "recall a supplier" 0 A recall --supplier S002 --reason "licence suspended" --time 2024-10-01T08:00:00Z

A lookup --json '(01)06901234567908(10)H-7' > "$TMP/lookj" 2>&1
expect_grep "a supplier recall holds its lots" '"detail": "supplier:S002 since 2024-10-01T08:00:00Z: licence suspended"' "$TMP/lookj"

# Trace forward and back.
expect_exit "trace forward" 0 A trace forward "$L1"
expect_grep "forward: the shipment and its sales point" "^    sales-point SP01 \"Market Street Store\"" "$TMP/out"
expect_exit "trace back --json" 0 A trace back 06901234567908/H-7 --json
expect_grep "back: the active supplier recall" '"key": "supplier:S002"|"id": "supplier:S002"' "$TMP/out"
expect_exit "trace forward --csv" 0 A trace forward --report R-2024-0001 --csv
expect_grep "CSV header" "^depth,type,key,name,date,quantity,unit,supplier,salespoint,agency,verdict,ledger_seq,ledger_hash" "$TMP/out"
expect_exit "trace of an unknown lot" 1 A trace back 06901234567892/NOPE
expect_exit "trace of a scanned code" 0 A trace forward '(01)06901234567892(10)L2024-001'
expect_grep "the code's lot" "^lot 06901234567892/L2024-001 " "$TMP/out"
expect_exit "trace of a bare GTIN" 65 A trace forward 06901234567892
check "verify after recalls" A verify
done_testing
