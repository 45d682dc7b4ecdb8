#!/bin/sh
# agtrace scan: labels of every symbology, written by agtrace label, decoded
# and looked up in the sample register, give the same lot.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 15
R=$TMP/reg
check "sample register" "$top_builddir/tests/tools/mkregister" "$R"
GTIN=06901234567892

for sym in qr datamatrix gs1-128 databar-expanded; do
	"$AGTRACE" label --gtin $GTIN --lot L2024-001 --expires 2024-12-31 \
	    --symbology $sym -o "$TMP/$sym.png" 2>"$TMP/err" || diag "$(cat "$TMP/err")"
	expect_exit "scan a $sym label" 0 "$AGTRACE" -d "$R" scan --at 2024-09-10 "$TMP/$sym.png"
	expect_grep "$sym: the lot" '^SELL  Fuji apples  \(lot 06901234567892/L2024-001\)$' "$TMP/out"
done
"$AGTRACE" label --gtin $GTIN --symbology ean13 -o "$TMP/ean13.png"
expect_exit "scan an EAN-13 label" 0 "$AGTRACE" -d "$R" scan "$TMP/ean13.png"
expect_grep "ean13: the product's lots" '^other lot:  06901234567892/L2024-001$' "$TMP/out"

expect_exit "scan --json" 0 "$AGTRACE" -d "$R" scan --json --at 2024-09-10 "$TMP/datamatrix.png"
expect_grep "JSON provenance of the symbol" '"provenance": \{' "$TMP/out"
"$AGTRACE" label --gtin $GTIN --lot NOPE -o "$TMP/nope.png"
expect_exit "unknown lot: exit 1" 1 "$AGTRACE" -d "$R" scan "$TMP/nope.png"
expect_exit "missing image: exit 66" 66 "$AGTRACE" -d "$R" scan "$TMP/none.png"
done_testing
