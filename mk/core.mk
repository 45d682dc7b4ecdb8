# Register core: records, ledger, storage, verify (issue 2).
lib_libagtrace_core_la_SOURCES += lib/agtrace.h lib/private.h \
	lib/version.c lib/status.c lib/error.c lib/input.c lib/base64.c \
	lib/record_private.h lib/db_private.h lib/store_private.h \
	lib/record.c lib/names.c lib/key.c lib/gtin.c lib/validate.c \
	lib/record_encode.c lib/record_decode.c lib/db.c lib/txn.c lib/ledger.c \
	lib/secondary.c lib/lotview_private.h lib/lotview.c \
	lib/cache_private.h lib/cache.c lib/lotcache_private.h lib/lotcache.c \
	lib/store.c lib/list.c lib/verify.c \
	lib/verify_sig.c
cli_agtrace_SOURCES += cli/cmd_db.c cli/cmd_show.c

TESTS += tests/cli/header.sh tests/cli/symbols.sh tests/cli/core.sh \
	tests/cli/modules.sh tests/cli/inputs.sh
dist_man_MANS += man/agtrace.1 man/libagtrace.3 man/agt_db_open.3 \
	man/agt_record_new.3 man/agt_put.3 man/agt_verify.3
EXTRA_DIST += tests/cli/header.sh tests/cli/symbols.sh tests/cli/core.sh \
	tests/cli/modules.sh tests/cli/inputs.sh \
	formats/records.md

if HAVE_MANDOC
TESTS += tests/cli/manlint.sh tests/cli/synopsis.sh
endif
EXTRA_DIST += tests/cli/manlint.sh tests/cli/synopsis.sh

if HAVE_CMOCKA
endif

# A sample register built through the API (tests and trying commands).
check_PROGRAMS += tests/tools/mkregister
tests_tools_mkregister_SOURCES = tests/tools/mkregister.c tests/tools/sample.c \
	tests/tools/sample.h
tests_tools_mkregister_LDADD = lib/libagtrace.la

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_record tests/unit/test_store \
	tests/unit/test_ledger tests/unit/test_verify tests/unit/test_input
TESTS += tests/unit/test_record tests/unit/test_store \
	tests/unit/test_ledger tests/unit/test_verify tests/unit/test_input
CORE_TEST_SOURCES = tests/unit/coretest.h tests/tools/sample.c tests/tools/sample.h \
	tests/tools/rmtree.h
tests_unit_test_record_SOURCES = tests/unit/test_record.c $(CORE_TEST_SOURCES)
tests_unit_test_record_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_record_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_record_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_record_SOURCES = lib/dummy.cxx
tests_unit_test_store_SOURCES = tests/unit/test_store.c $(CORE_TEST_SOURCES)
tests_unit_test_store_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_store_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_store_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_store_SOURCES = lib/dummy.cxx
tests_unit_test_ledger_SOURCES = tests/unit/test_ledger.c $(CORE_TEST_SOURCES)
tests_unit_test_ledger_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_ledger_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_ledger_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_ledger_SOURCES = lib/dummy.cxx
tests_unit_test_verify_SOURCES = tests/unit/test_verify.c $(CORE_TEST_SOURCES)
tests_unit_test_verify_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_verify_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_verify_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_verify_SOURCES = lib/dummy.cxx
tests_unit_test_input_SOURCES = tests/unit/test_input.c
tests_unit_test_input_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_input_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_input_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_input_SOURCES = lib/dummy.cxx
endif

# Record decoder fuzz harness (see mk/reliability.mk).
FUZZERS += record
check_PROGRAMS += tests/fuzz/record-replay
TESTS += tests/fuzz/record-replay
tests_fuzz_record_replay_SOURCES = tests/fuzz/record-fuzzer.c tests/fuzz/replay.c
tests_fuzz_record_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_record_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_record_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/record-fuzzer
tests_fuzz_record_fuzzer_SOURCES = tests/fuzz/record-fuzzer.c
tests_fuzz_record_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_record_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_record_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_record_fuzzer_SOURCES = lib/dummy.cxx
endif

# make bench: put, lookup and verify figures of the core.
EXTRA_PROGRAMS += tests/bench/bench_core
BENCHES += tests/bench/bench_core
tests_bench_bench_core_SOURCES = tests/bench/bench_core.c \
	tests/tools/sample.c tests/tools/sample.h
tests_bench_bench_core_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/tools
tests_bench_bench_core_CPPFLAGS += $(LMDB_CFLAGS)
tests_bench_bench_core_LDADD = lib/libagtrace.la $(LMDB_LIBS)
CLEANFILES += tests/bench/bench_core

# The installed agtrace finds the installed modules by itself: init and an
# import (agtrace-xml.so), and the installed libagtrace.so maps neither
# module's libraries until then.
installcheck-local: installcheck-modules
installcheck-modules:
	@d=`mktemp -d` && \
	if test -n '$(DESTDIR)'; then \
	  AGTRACE_MODULE_DIR='$(DESTDIR)$(pkglibdir)'; export AGTRACE_MODULE_DIR; \
	else unset AGTRACE_MODULE_DIR; fi; \
	LD_LIBRARY_PATH='$(DESTDIR)$(libdir)'; export LD_LIBRARY_PATH; \
	AGTRACE_DATADIR='$(DESTDIR)$(pkgdatadir)' \
	  '$(DESTDIR)$(bindir)/agtrace' -d "$$d/db" init > /dev/null && \
	'$(DESTDIR)$(bindir)/agtrace' -d "$$d/db" import \
	  $(srcdir)/examples/register.xml > /dev/null; \
	rc=$$?; rm -rf "$$d"; \
	if test $$rc = 0; then echo "installcheck-modules: the installed modules load"; \
	else echo "installcheck-modules: FAILED ($$rc)"; fi; exit $$rc
.PHONY: installcheck-modules
