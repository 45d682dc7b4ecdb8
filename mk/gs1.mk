# gs1 module: the GS1 payload parser (issue 4).
lib_libagtrace_core_la_SOURCES += lib/gs1_private.h lib/gs1.c \
	lib/gs1_check.c lib/gs1_es.c lib/gs1_dl.c lib/gs1_render.c \
	lib/gs1_country.c
cli_agtrace_SOURCES += cli/cmd_parse.c

# The AI table is data (formats/gs1-ai.tsv); the C table is made from it.
nodist_lib_libagtrace_core_la_SOURCES += lib/gs1_table.c
BUILT_SOURCES += lib/gs1_table.c
CLEANFILES += lib/gs1_table.c
EXTRA_DIST += formats/gs1-ai.tsv mk/gs1-ai-table.awk
lib/gs1_table.c: $(srcdir)/formats/gs1-ai.tsv $(srcdir)/mk/gs1-ai-table.awk
	$(AM_V_GEN)$(MKDIR_P) lib && \
	$(AWK) -f $(srcdir)/mk/gs1-ai-table.awk \
	    $(srcdir)/formats/gs1-ai.tsv > $@.tmp && mv $@.tmp $@

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_gs1
TESTS += tests/unit/test_gs1
tests_unit_test_gs1_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_gs1_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_gs1_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_gs1_SOURCES = lib/dummy.cxx
endif

# Fuzzing (scheme in mk/reliability.mk): the corpus is replayed by make check.
FUZZERS += gs1
check_PROGRAMS += tests/fuzz/gs1-replay
TESTS += tests/fuzz/gs1-replay
tests_fuzz_gs1_replay_SOURCES = tests/fuzz/gs1-fuzzer.c tests/fuzz/replay.c
tests_fuzz_gs1_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_gs1_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_gs1_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/gs1-fuzzer
tests_fuzz_gs1_fuzzer_SOURCES = tests/fuzz/gs1-fuzzer.c
tests_fuzz_gs1_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_gs1_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_gs1_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_gs1_fuzzer_SOURCES = lib/dummy.cxx
endif

TESTS += tests/cli/parse.sh
EXTRA_DIST += tests/cli/parse.sh
dist_man_MANS += man/agt_gs1_parse.3
