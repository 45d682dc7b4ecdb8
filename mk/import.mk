# import module (issue 3): batch import and export, signed reports, keys,
# the batch schema and category table, the example register.
# What needs libxml2 is in the XML module (lib/module.c), which a process
# loads only when it imports, exports or signs a batch.
lib_libagtrace_core_la_SOURCES += lib/batch_private.h lib/import_private.h \
	lib/import.c lib/import_queue.c lib/import_verify.c lib/sign.c
lib_libagtrace_xmlcode_la_SOURCES += lib/batch_map.c lib/batch_flat.c \
	lib/batch_facets.c lib/batch_errors.c \
	lib/batch_schema.c lib/batch_sign.c lib/import_read.c lib/export.c
nodist_lib_libagtrace_xmlcode_la_SOURCES += lib/batch_xsd.c
BUILT_SOURCES += lib/batch_xsd.c
CLEANFILES += lib/batch_xsd.c

# The schema is compiled into the library, so no file has to be found at
# run time: generate a C string from formats/agtrace-batch.xsd.
lib/batch_xsd.c: $(srcdir)/formats/agtrace-batch.xsd
	$(AM_V_GEN)$(MKDIR_P) lib && { \
	  echo '/* Generated from formats/agtrace-batch.xsd: do not edit. */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const char agti_batch_xsd[];'; \
	  echo 'extern const size_t agti_batch_xsd_len;'; \
	  echo 'const char agti_batch_xsd[] ='; \
	  $(SED) -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(srcdir)/formats/agtrace-batch.xsd; \
	  echo ';'; \
	  echo 'const size_t agti_batch_xsd_len = sizeof agti_batch_xsd - 1;'; \
	} > $@-t && mv $@-t $@

# Data: the schema and the 89 categories `agtrace init` loads.
importdatadir = $(pkgdatadir)
dist_importdata_DATA = formats/agtrace-batch.xsd formats/categories.xml
cli_agtrace_CPPFLAGS += -DAGT_PKGDATADIR='"$(pkgdatadir)"' \
	-DAGT_SRCDATADIR='"$(abs_top_srcdir)/formats"'

cli_agtrace_SOURCES += cli/cmd_import.c cli/cmd_keys.c \
	cli/cmd_export_formats.c

dist_man_MANS += man/agtrace-batch.5 man/agt_import.3 man/agt_sign.3

# gen-batch: large valid batches for tests and benchmarks.
check_PROGRAMS += tests/tools/gen-batch
tests_tools_gen_batch_SOURCES = tests/tools/gen-batch.c
tests_tools_gen_batch_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_tools_gen_batch_LDADD = lib/libagtrace-internal.la
nodist_EXTRA_tests_tools_gen_batch_SOURCES = lib/dummy.cxx

TESTS += tests/cli/import.sh tests/cli/import-sign.sh \
	tests/cli/import-export.sh tests/cli/import-security.sh \
	tests/cli/import-examples.sh
EXTRA_DIST += tests/cli/import.sh tests/cli/import-sign.sh \
	tests/cli/import-export.sh tests/cli/import-security.sh \
	tests/cli/import-examples.sh examples/register.xml examples/keys \
	examples/make-register.py tests/bench/import-bench.sh

# make bench: import throughput and peak RSS for generated batches
# (AGTRACE_BENCH_IMPORT_LOTS="100000 1000000" by default).
BENCHES += tests/bench/import-bench
CLEANFILES += tests/bench/import-bench
tests/bench/import-bench: $(srcdir)/tests/bench/import-bench.sh tests/tools/gen-batch$(EXEEXT)
	@mkdir -p tests/bench
	cp $(srcdir)/tests/bench/import-bench.sh $@ && chmod +x $@

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_import
TESTS += tests/unit/test_import
tests_unit_test_import_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_import_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_import_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_import_SOURCES = lib/dummy.cxx
check_PROGRAMS += tests/unit/test_batch_facets
TESTS += tests/unit/test_batch_facets
tests_unit_test_batch_facets_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_batch_facets_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_batch_facets_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_batch_facets_SOURCES = lib/dummy.cxx
check_PROGRAMS += tests/unit/test_sign
TESTS += tests/unit/test_sign
tests_unit_test_sign_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_sign_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_sign_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_sign_SOURCES = lib/dummy.cxx
endif
