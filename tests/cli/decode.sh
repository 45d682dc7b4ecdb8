#!/bin/sh
# agtrace decode and label: images made by the zint and qrencode tools,
# labels of every symbology read back, and exit codes.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 27

GTIN=06901234567892
ELEM="01${GTIN}1726123110LOT-7"

# decode_is DESCRIPTION FILE EXPECTED-LINE
decode_is() {
	if "$AGTRACE" decode "$2" >"$TMP/out" 2>"$TMP/err" &&
	    grep -qxF -- "$2: $3" "$TMP/out"; then ok "$1"; else
		not_ok "$1"; diag "$(cat "$TMP/out" "$TMP/err")"; fi
}

# Images made by other tools.
zint -b DATAMATRIX --gs1 -d "[01]${GTIN}[17]261231[10]LOT-7" -o "$TMP/dm.png" >/dev/null
decode_is "zint GS1 Data Matrix" "$TMP/dm.png" "DataMatrix $ELEM"
zint -b GS1_128 -d "[01]${GTIN}[10]LOT-7[17]261231" -o "$TMP/c128.png" >/dev/null
decode_is "zint GS1-128, FNC1 after the lot" "$TMP/c128.png" "Code128 01${GTIN}10LOT-7<GS>17261231"
zint -b DBAR_EXP -d "[01]${GTIN}[17]261231[10]LOT-7" -o "$TMP/dbar.png" >/dev/null
decode_is "zint DataBar Expanded as an element string" "$TMP/dbar.png" "DataBarExpanded $ELEM"
zint -b EANX -d 690123456789 -o "$TMP/ean.png" >/dev/null
decode_is "zint EAN-13" "$TMP/ean.png" "EAN-13 6901234567892"
zint -b DBAR_OMN -d 0690123456789 -o "$TMP/omni.png" >/dev/null
decode_is "zint DataBar as 01 + GTIN" "$TMP/omni.png" "DataBar 01${GTIN}"
qrencode -o "$TMP/qr.png" "https://id.gs1.org/01/${GTIN}/10/LOT-7"
decode_is "qrencode QR code" "$TMP/qr.png" "QRCode https://id.gs1.org/01/${GTIN}/10/LOT-7"
qrencode -t PNG32 -o "$TMP/qr32.png" "hello"
decode_is "qrencode RGBA PNG" "$TMP/qr32.png" "QRCode hello"

# Labels of every symbology read back.
for sym in qr datamatrix gs1-128 databar-expanded ean13; do
	"$AGTRACE" label --gtin $GTIN --lot LOT-7 --expires 2026-12-31 \
	    --symbology $sym -o "$TMP/$sym.png" 2>"$TMP/err" ||
		diag "$(cat "$TMP/err")"
done
decode_is "label qr" "$TMP/qr.png" "QRCode https://id.gs1.org/01/${GTIN}/10/LOT-7?17=261231"
decode_is "label datamatrix" "$TMP/datamatrix.png" "DataMatrix $ELEM"
decode_is "label gs1-128" "$TMP/gs1-128.png" "Code128 $ELEM"
decode_is "label databar-expanded" "$TMP/databar-expanded.png" "DataBarExpanded $ELEM"
decode_is "label ean13" "$TMP/ean13.png" "EAN-13 6901234567892"
"$AGTRACE" label --gtin $GTIN --lot LOT-7 -o "$TMP/l.svg" 2>/dev/null
expect_grep "label -o x.svg writes SVG" "<svg" "$TMP/l.svg"
"$AGTRACE" label --gtin $GTIN --lot LOT-7 --print-payload > "$TMP/out"
expect_grep "label --print-payload" "^https://id.gs1.org/01/${GTIN}/10/LOT-7$" "$TMP/out"
"$AGTRACE" label --gtin $GTIN --lot LOT-7 --symbology datamatrix -o - > "$TMP/stdout.png"
decode_is "label -o - writes the PNG to standard output" "$TMP/stdout.png" "DataMatrix 01${GTIN}10LOT-7"
# --print-payload with -o -: the text went into the PNG on standard output.
"$AGTRACE" label --gtin $GTIN --lot LOT-7 --symbology datamatrix --print-payload -o - \
	> "$TMP/both.png" 2> "$TMP/both.err"
decode_is "label --print-payload -o -: a clean PNG" "$TMP/both.png" "DataMatrix 01${GTIN}10LOT-7"
expect_grep "and the payload on standard error" "^01${GTIN}10LOT-7$" "$TMP/both.err"
expect_exit "label with a bad check digit" 65 \
	"$AGTRACE" label --gtin 06901234567893 --lot L -o "$TMP/x.png"
expect_grep "names the GTIN" "gtin 06901234567893" "$TMP/err"
expect_exit "label into a missing directory" 73 \
	"$AGTRACE" label --gtin $GTIN --lot L -o "$TMP/no/x.png"
expect_exit "label without --lot" 64 "$AGTRACE" label --gtin $GTIN -o "$TMP/x.png"

# JSON and exit codes.
"$AGTRACE" decode --json "$TMP/datamatrix.png" > "$TMP/out"
expect_grep "JSON text with the raw GS1 string" "\"text\": \"01${GTIN}1726123110LOT-7\"" "$TMP/out"
printf 'P5\n8 8\n255\n' > "$TMP/trunc.pgm"
expect_exit "truncated image: 65" 65 "$AGTRACE" decode "$TMP/trunc.pgm"
expect_grep "says truncated" "trunc.pgm: truncated" "$TMP/err"
expect_exit "missing file: 66" 66 "$AGTRACE" decode "$TMP/none.png"
{ printf 'P5\n8 8\n255\n'; printf '%64s' '' | tr ' ' '\377'; } > "$TMP/white.pgm"
expect_exit "no barcode: 1" 1 "$AGTRACE" decode "$TMP/white.pgm"
expect_exit "found in one of two: 0" 0 "$AGTRACE" decode "$TMP/white.pgm" "$TMP/ean.png"
done_testing
