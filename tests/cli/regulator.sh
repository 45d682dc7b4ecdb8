#!/bin/sh
# agtrace export --format fsma204|epcis-xml|epcis-json, agtrace import of
# EPCIS 2.0 documents (GS1's examples, our own exports; atomic and
# idempotent), and <recall>/<release> in batch files.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 37
R=$TMP/reg
"$top_builddir/tests/tools/mkregister" "$R" 4 || { not_ok "mkregister"; exit 1; }
A() { "$AGTRACE" -d "$R" "$@"; }
L1=06901234567892/L2024-001
EPCIS=$SHARED_DIR/standards/epcis-2.0

# Export: formats, filters, bad usage.
expect_exit "export --format fsma204" 0 A export --format fsma204
expect_grep "FSMA header" "^Traceability Lot Code,Product Description,GTIN,Lot Code,Quantity,Unit of Measure,Event Type,Event Date," "$TMP/out"
expect_exit "export --format fsma204 --lot" 0 A export --format fsma204 --lot "$L1"
cp "$TMP/out" "$TMP/lot.csv"
check "--lot: 3 events of one lot" sh -c "test \$(grep -c 'L2024-001' '$TMP/lot.csv') -eq 3"
expect_exit "export --format epcis-json --from --to" 0 A export --format=epcis-json --from 2024-09-06 --to 2024-09-06
cp "$TMP/out" "$TMP/range.jsonld"
check "--from/--to: one event" sh -c "test \$(grep -c '\"type\":\"ObjectEvent\"' '$TMP/range.jsonld') -eq 1"
expect_exit "export of an unknown format" 64 A export --format csv
# The command line is checked before the register is opened.
expect_exit "export --format fsma204 --help without a register" 0 \
	"$AGTRACE" -d "$TMP/none" export --format fsma204 --help
expect_grep "its help" "usage: agtrace export --format fsma204" "$TMP/out"
expect_exit "unknown format without a register: 64" 64 "$AGTRACE" -d "$TMP/none" export --format csv
expect_exit "export with a bad date" 65 A export --format fsma204 --from 2024-9-1
# A date of the right shape but not in the calendar selected nothing and
# exported an empty file with exit 0.
expect_exit "export --from of month 13" 65 A export --format fsma204 --from 2024-13-45
expect_grep "names the bad date" "agtrace: export: from date 2024-13-45: not a date" "$TMP/err"
expect_exit "export --to of 30 February" 65 A export --format epcis-json --to 2024-02-30
expect_exit "export --to 29 February 2023" 65 A export --format epcis-xml --to 2023-02-29
expect_exit "export --to 29 February 2024 (leap year)" 0 A export --format fsma204 --to 2024-02-29
expect_exit "export of an unknown lot" 1 A export --format epcis-xml --lot 06901234567892/NOPE
expect_grep "names the lot" "lot 06901234567892/NOPE: not in the register" "$TMP/err"

# EPCIS in: our own export again changes nothing.
A export --format epcis-xml > "$TMP/doc.xml"
A export --format epcis-json > "$TMP/doc.jsonld"
A stats > "$TMP/before"
expect_exit "import our EPCIS XML and JSON-LD" 0 A import --json "$TMP/doc.xml" "$TMP/doc.jsonld"
expect_grep "nothing new" '"new": 0' "$TMP/out"
cp "$TMP/out" "$TMP/summary.json"
check "no record new or revised" sh -c "! grep -q '\"new\": [1-9]' '$TMP/summary.json' && ! grep -q '\"revised\": [1-9]' '$TMP/summary.json'"
A stats > "$TMP/after"
check "register unchanged (idempotent)" cmp "$TMP/before" "$TMP/after"

# A document with a bad record: nothing of it is kept.
sed 's/\["supplier","S001"\]/["supplier","S999"]/; s/\["quantity","1150"\]/["quantity","7"]/' \
	"$TMP/doc.jsonld" > "$TMP/bad.jsonld"
expect_exit "import of an EPCIS record with an unknown supplier" 65 A import "$TMP/bad.jsonld"
expect_grep "the error names the file" "bad.jsonld: .*unknown supplier S999" "$TMP/err"
A stats > "$TMP/after"
check "register unchanged after the failed import" cmp "$TMP/before" "$TMP/after"

# GS1's own examples import without error; what is outside the model is listed.
if [ -d "$EPCIS/XML" ]; then
	files=$(grep -rlE 'urn:epcglobal:epcis|"EPCIS' "$EPCIS/XML" "$EPCIS/JSON" | sort)
	expect_exit "import GS1's example documents" 0 A import $files
	expect_grep "skipped events are listed" ": event [0-9]+ \(ObjectEvent [a-z_]+\): skipped: " "$TMP/err"
	expect_grep "other event types too" "\(AggregationEvent[^)]*\): skipped: event type outside the agtrace model" "$TMP/err"
else
	for i in 1 2 3; do ok "# SKIP no GS1 examples in $EPCIS"; done
fi

# Another system's events: a receiving at a sales point of ours becomes a
# shipment; a DOCTYPE with entity declarations is refused.
cat > "$TMP/partner.jsonld" <<'JSON'
{"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
 "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2024-10-05T10:00:00Z",
 "epcisBody": {"eventList": [
  {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving",
   "eventTime": "2024-10-05T09:30:00+08:00", "eventTimeZoneOffset": "+08:00",
   "bizLocation": {"id": "urn:agtrace:salespoint:SP02"},
   "quantityList": [{"epcClass": "https://id.gs1.org/01/06901234567892/10/L2024-001", "quantity": 25, "uom": "KGM"}]},
  {"type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving",
   "eventTime": "2024-10-05T09:30:00+08:00", "eventTimeZoneOffset": "+08:00",
   "bizLocation": {"id": "urn:epc:id:sgln:0614141.00777.0"},
   "epcList": ["urn:epc:id:sgtin:0614141.107346.2018"]}]}}
JSON
expect_exit "import another system's receiving events" 0 A import "$TMP/partner.jsonld"
expect_grep "the unmappable one is listed" "partner.jsonld: event 2 \(ObjectEvent receiving\): skipped: no sales point of the register at urn:epc:id:sgln:0614141.00777.0" "$TMP/err"
expect_exit "the shipment is in the register" 0 A show shipment 06901234567892/L2024-001/SP02/2024-10-05
cat > "$TMP/lol.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lolz [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;"> ]>
<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2024-01-01T00:00:00Z"><EPCISBody><EventList><ObjectEvent><eventTime>2024-01-01T00:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset><action>OBSERVE</action><bizStep>&lol2;</bizStep></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>
XML
expect_exit "an EPCIS document declaring entities is refused" 65 A import "$TMP/lol.xml"

# <recall> and <release> in batch files, both ways.
cat > "$TMP/holds.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<batch xmlns="urn:agtrace:batch:1">
  <recall scope="gtin" target="06901234567908" reason="honey: residue" issuer="QA" time="2024-10-01T08:00:00Z"/>
  <recall scope="lot" target="06901234567892/L2024-002" reason="check" time="2024-10-01T09:00:00Z"/>
  <release scope="lot" target="06901234567892/L2024-002" reason="ok" time="2024-10-02T09:00:00Z"/>
</batch>
XML
expect_exit "import a batch with recalls and a release" 0 A import "$TMP/holds.xml"
A recalls --active > "$TMP/active"
check "one hold active" sh -c "test \$(wc -l < '$TMP/active') -eq 1 && grep -q '^ACTIVE gtin 06901234567908' '$TMP/active'"
sed 's/scope="gtin"/scope="farm"/' "$TMP/holds.xml" > "$TMP/badholds.xml"
expect_exit "a bad recall scope is a schema error" 65 A import "$TMP/badholds.xml"
expect_exit "batch export" 0 A export
expect_grep "batch export carries the release" '<release scope="lot" target="06901234567892/L2024-002" reason="ok" time="2024-10-02T09:00:00Z"/>' "$TMP/out"
done_testing
