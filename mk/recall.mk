# recall module (issue 7): holds, tracing, FSMA 204 and EPCIS 2.0.
cli_agtrace_SOURCES += cli/cmd_recall.c

# EPCIS 2.0 conformance: GS1's examples against GS1's XSD and JSON Schema.
TESTS += tests/cli/epcis-schemas.sh
EXTRA_DIST += tests/cli/epcis-schemas.sh tests/cli/epcis-lib.sh \
	tests/tools/epcis-json-validate
