# recall module (issue 7): holds, tracing, FSMA 204 and EPCIS 2.0.
lib_libagtrace_core_la_SOURCES += lib/recall_private.h lib/recall.c \
	lib/trace.c lib/out.c lib/namecache.c lib/export_private.h \
	lib/export_reg.c lib/fsma.c lib/epcis_private.h lib/epcis_util.c \
	lib/epcis_event.c lib/epcis_select.c lib/epcis_json.c \
	lib/epcis_import.h lib/epcis_import.c \
	lib/epcis_import_json.c lib/import_epcis.c
lib_libagtrace_xmlcode_la_SOURCES += lib/epcis_xml.c lib/epcis_import_xml.c
cli_agtrace_SOURCES += cli/cmd_recall.c cli/cmd_trace.c
dist_man_MANS += man/agt_recall.3
EXTRA_DIST += formats/epcis.md formats/fsma204.md

TESTS += tests/cli/recall.sh tests/cli/regulator.sh
EXTRA_DIST += tests/cli/recall.sh tests/cli/regulator.sh

# EPCIS 2.0 conformance: GS1's examples and our exports against GS1's XSD
# and JSON Schema; the FSMA 204 CSV as a table.
TESTS += tests/cli/epcis-schemas.sh tests/cli/epcis-export.sh
EXTRA_DIST += tests/cli/epcis-schemas.sh tests/cli/epcis-lib.sh \
	tests/tools/epcis-json-validate tests/cli/epcis-export.sh
check_PROGRAMS += tests/tools/regexport
tests_tools_regexport_LDADD = lib/libagtrace.la

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_recall tests/unit/test_trace \
	tests/unit/test_export
TESTS += tests/unit/test_recall tests/unit/test_trace tests/unit/test_export
tests_unit_test_recall_SOURCES = tests/unit/test_recall.c $(CORE_TEST_SOURCES)
tests_unit_test_recall_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_recall_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_recall_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_recall_SOURCES = lib/dummy.cxx
tests_unit_test_trace_SOURCES = tests/unit/test_trace.c $(CORE_TEST_SOURCES)
tests_unit_test_trace_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_trace_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_trace_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_trace_SOURCES = lib/dummy.cxx
tests_unit_test_export_SOURCES = tests/unit/test_export.c $(CORE_TEST_SOURCES)
tests_unit_test_export_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_export_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_export_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_export_SOURCES = lib/dummy.cxx
endif

# make bench: FSMA/EPCIS export times, trace-forward and hold-check latency.
EXTRA_PROGRAMS += tests/bench/bench_recall
BENCHES += tests/bench/bench_recall
tests_bench_bench_recall_SOURCES = tests/bench/bench_recall.c \
	tests/tools/sample.c tests/tools/sample.h
tests_bench_bench_recall_LDADD = lib/libagtrace.la
CLEANFILES += tests/bench/bench_recall
