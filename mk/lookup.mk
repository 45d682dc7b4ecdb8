# lookup module: from a scanned code to provenance (issue 4).
lib_libagtrace_core_la_SOURCES += lib/lookup_private.h lib/lookup.c \
	lib/lookup_warn.c lib/lookup_access.c lib/lookup_json.c \
	lib/lookup_holds.c
cli_agtrace_SOURCES += cli/cmd_lookup.c
dist_man_MANS += man/agt_lookup.3

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_lookup
TESTS += tests/unit/test_lookup
tests_unit_test_lookup_SOURCES = tests/unit/test_lookup.c tests/tools/sample.c \
	tests/tools/sample.h
tests_unit_test_lookup_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_lookup_CPPFLAGS = $(TEST_UNIT_CPPFLAGS) -I$(top_srcdir)/tests/tools
tests_unit_test_lookup_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_lookup_SOURCES = lib/dummy.cxx
endif

# The example POS program: built here against the built library, and by
# installcheck (so in make distcheck) against the installed one.
check_PROGRAMS += examples/pos-lookup
examples_pos_lookup_SOURCES = examples/pos-lookup.c
examples_pos_lookup_LDADD = lib/libagtrace.la
TESTS += tests/cli/pos-lookup.sh tests/cli/lookup.sh
EXTRA_DIST += tests/cli/pos-lookup.sh tests/cli/lookup.sh
installcheck-local: installcheck-pos-lookup
installcheck-pos-lookup:
	PKG_CONFIG_PATH='$(DESTDIR)$(pkgconfigdir)' ; export PKG_CONFIG_PATH; \
	$(CC) -o pos-lookup-installed $(srcdir)/examples/pos-lookup.c \
	    `$(PKG_CONFIG) --define-prefix --cflags --libs agtrace` \
	    -Wl,-rpath,'$(DESTDIR)$(libdir)' && \
	$(AM_TESTS_ENVIRONMENT) POS_LOOKUP=`pwd`/pos-lookup-installed \
	    $(SHELL) $(srcdir)/tests/cli/pos-lookup.sh; \
	rc=$$?; rm -f pos-lookup-installed; exit $$rc
.PHONY: installcheck-pos-lookup

# make bench: lookup latency against the bare-LMDB floor and SQLite
# (AGTRACE_BENCH_LOTS, default 1000000; AGTRACE_BENCH_DIR keeps the data).
if HAVE_SQLITE
EXTRA_PROGRAMS += tests/bench/bench_lookup
BENCHES += tests/bench/bench_lookup
tests_bench_bench_lookup_SOURCES = tests/bench/bench_lookup.c
tests_bench_bench_lookup_CPPFLAGS = $(TEST_UNIT_CPPFLAGS) $(SQLITE_CFLAGS)
tests_bench_bench_lookup_LDADD = lib/libagtrace-internal.la $(SQLITE_LIBS)
nodist_EXTRA_tests_bench_bench_lookup_SOURCES = lib/dummy.cxx
CLEANFILES += tests/bench/bench_lookup
endif
