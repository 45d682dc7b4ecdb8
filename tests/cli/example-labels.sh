#!/bin/sh
# The example labels (examples/labels/) scan to their lots in the example
# register (examples/register.xml), and remaking them gives the same payloads.
. "${top_srcdir:-.}/tests/cli/lib.sh"
AGTRACE_DB=$TMP/db
AGTRACE_DATADIR=$top_srcdir/formats
export AGTRACE_DB AGTRACE_DATADIR
L=$top_srcdir/examples/labels
plan 10

$AGTRACE init >/dev/null
check "example register imports" $AGTRACE import "$top_srcdir/examples/register.xml"

# scan_lot LABEL DATE LOT-KEY
scan_lot() {
	expect_exit "scan $1" 0 $AGTRACE scan --at "$2" "$L/$1"
	expect_grep "$1 is lot $3" "^SELL  .*\(lot $3\)$" "$TMP/out"
}
scan_lot choy-sum-qr.png 2026-11-16 06921481001048/L20261115A
scan_lot choy-sum-datamatrix.png 2026-11-16 06921481001048/L20261115A
scan_lot spinach-gs1-128.png 2026-11-06 06921148001015/L20261105A
scan_lot lettuce-databar-expanded.png 2026-11-03 06921259001027/L20261102A

mkdir "$TMP/labels"
cp "$L/make-labels.sh" "$TMP/labels/"
"$TMP/labels/make-labels.sh" "$AGTRACE" 2>"$TMP/err" || diag "$(cat "$TMP/err")"
(cd "$L" && $AGTRACE decode *.png) > "$TMP/committed"
(cd "$TMP/labels" && $AGTRACE decode *.png) > "$TMP/remade"
if cmp -s "$TMP/committed" "$TMP/remade"; then ok "make-labels.sh remakes the same payloads"
else not_ok "make-labels.sh remakes the same payloads"; diag "$(diff "$TMP/committed" "$TMP/remade")"; fi
done_testing
