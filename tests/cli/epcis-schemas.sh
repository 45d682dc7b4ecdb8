#!/bin/sh
# The EPCIS 2.0 conformance tooling works offline on GS1's own examples:
# every example XML document validates against GS1's XSD set, every example
# JSON-LD document against GS1's JSON Schema, and broken documents do not.
. "${top_srcdir:-.}/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/epcis-lib.sh"

xmls=$(find "$EPCIS_DIR/XML" -name '*.xml' | sort)
jsons=$(find "$EPCIS_DIR/JSON" -name '*.jsonld' | sort)
plan $(($(echo "$xmls" | wc -l) + $(echo "$jsons" | wc -l) + 4))

for f in $xmls; do
	check "XSD: ${f#"$EPCIS_DIR"/}" epcis_xml_valid "$f"
done
for f in $jsons; do
	check "JSON Schema: ${f#"$EPCIS_DIR"/}" epcis_json_valid "$f"
done

# Negative controls: a wrong action and a missing eventTime must fail.
ex=$EPCIS_DIR/XML/Example_9.6.1-ObjectEvent-2020_06_18a.xml
sed 's|<action>OBSERVE</action>|<action>EXPLODE</action>|' "$ex" > "$TMP/bad1.xml"
sed '/<eventTime>/d' "$ex" > "$TMP/bad2.xml"
for b in bad1 bad2; do
	if epcis_xml_valid "$TMP/$b.xml" 2>/dev/null; then
		not_ok "XSD rejects $b"; else ok "XSD rejects $b"; fi
done
ej=$EPCIS_DIR/JSON/Example_9.6.1-ObjectEvent.jsonld
sed 's|"OBSERVE"|"EXPLODE"|' "$ej" > "$TMP/bad1.jsonld"
sed '/"eventTime"/d' "$ej" > "$TMP/bad2.jsonld"
for b in bad1 bad2; do
	if epcis_json_valid "$TMP/$b.jsonld" >/dev/null 2>&1; then
		not_ok "JSON Schema rejects $b"; else ok "JSON Schema rejects $b"; fi
done
done_testing
