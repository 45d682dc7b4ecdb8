#!/bin/sh
# The regulator exports of a register with recalls and a tricky lot are
# valid: EPCIS 2.0 XML against GS1's XSD, JSON-LD against GS1's JSON
# Schema (offline), and the FSMA 204 CSV opens as a table (python's csv
# module: a header, the same number of fields in every row, UTF-8).
. "${top_srcdir:-.}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/epcis-lib.sh"
plan 7
R=$TMP/reg
"$top_builddir/tests/tools/mkregister" "$R" 20 || { not_ok "mkregister"; exit 1; }
A() { "$AGTRACE" -d "$R" "$@"; }
X() { "$top_builddir/tests/tools/regexport" "$R" "$@"; }
A recall --supplier S002 --reason 'residue "over" limit, re-test' >/dev/null &&
A recall --lot 06901234567892/L2024-002 --reason x --time 2024-10-01T08:00:00Z >/dev/null &&
A release --lot 06901234567892/L2024-002 --reason y --time 2024-10-02T08:00:00Z >/dev/null ||
	not_ok "recalls"

X epcis-xml > "$TMP/doc.xml"
check "the XML validates against GS1's EPCIS 2.0 XSD" epcis_xml_valid "$TMP/doc.xml"
expect_grep "a recalled disposition" "<disposition>urn:epcglobal:cbv:disp:recalled</disposition>" "$TMP/doc.xml"
X epcis-json > "$TMP/doc.jsonld"
check "the JSON-LD validates against GS1's EPCIS 2.0 JSON Schema" epcis_json_valid "$TMP/doc.jsonld"
expect_grep "an inspecting event" '"bizStep":"inspecting"' "$TMP/doc.jsonld"

X fsma204 > "$TMP/fsma.csv"
PY=$(epcis_python || echo python3)
cat > "$TMP/csvcheck.py" <<'PYEOF'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
head = rows[0]
assert head[0] == 'Traceability Lot Code' and len(head) == 16, head
assert all(len(r) == len(head) for r in rows), 'ragged rows'
types = {r[6] for r in rows[1:]}
assert types == {'harvesting', 'initial packing', 'shipping'}, types
print(len(rows) - 1)
PYEOF
check "the FSMA 204 CSV opens as a table" "$PY" "$TMP/csvcheck.py" "$TMP/fsma.csv"
expect_grep "one row per event: 23 lots, 46 + 2 rows" "^48$" "$TMP/out"
check "CRLF record ends (RFC 4180)" sh -c "head -1 '$TMP/fsma.csv' | od -c | grep -q '\\\\r  \\\\n'"
done_testing
