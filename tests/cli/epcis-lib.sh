# epcis-lib.sh - EPCIS 2.0 conformance helpers for the shell tests; sourced
# after lib.sh.  Everything is offline: GS1's XSD set and JSON Schemas are
# read from $SHARED_DIR/standards/epcis-2.0, never fetched.
EPCIS_DIR=$SHARED_DIR/standards/epcis-2.0
EPCIS_XSD=$EPCIS_DIR/XSD/EPCglobal-epcis-2_0.xsd
EPCIS_MD_XSD=$EPCIS_DIR/XSD/EPCglobal-epcis-masterdata-2_0.xsd
EPCIS_JSON_SCHEMA=$EPCIS_DIR/JSON-Schema
EPCIS_JSON_VALIDATE=$top_srcdir/tests/tools/epcis-json-validate
if [ ! -f "$EPCIS_XSD" ]; then
	echo "1..0 # SKIP no GS1 EPCIS 2.0 files in $EPCIS_DIR"
	exit 0
fi

# A python3 that has jsonschema: Debian's /usr/bin/python3 with
# python3-jsonschema first (what build-aux/install-deps installs), then the
# python3 on PATH.
epcis_python() {
	for py in /usr/bin/python3 python3; do
		if "$py" -c 'import jsonschema' >/dev/null 2>&1; then
			echo "$py"; return 0
		fi
	done
	return 1
}

# epcis_xml_valid FILE: exit 0 when FILE validates against the EPCIS 2.0
# XSD (or the master data XSD for an EPCISMasterDataDocument).
epcis_xml_valid() {
	xsd=$EPCIS_XSD
	grep -q 'EPCISMasterDataDocument' "$1" && xsd=$EPCIS_MD_XSD
	${XMLLINT:-xmllint} --noout --nonet --schema "$xsd" "$1"
}

# epcis_json_valid FILE...: exit 0 when every FILE validates against GS1's
# EPCIS 2.0 JSON Schema.
epcis_json_valid() {
	py=$(epcis_python) || { echo "no python3 with jsonschema" >&2; return 2; }
	"$py" "$EPCIS_JSON_VALIDATE" "$EPCIS_JSON_SCHEMA" "$@"
}
