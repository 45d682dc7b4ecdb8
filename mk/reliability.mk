# reliability module (issue 6): fuzzing, sanitizer and valgrind targets,
# tamper and bad-input catalogues, crash safety, concurrent readers.

# --- Fuzzing ---------------------------------------------------------------
#
# Each harness NAME is tests/fuzz/NAME-fuzzer.c (defines
# LLVMFuzzerTestOneInput, optionally LLVMFuzzerInitialize), with seeds in
# tests/fuzz/corpus/NAME/ and a dictionary tests/fuzz/NAME.dict.  Under
# `make check` tests/fuzz/NAME-replay (the harness + tests/fuzz/replay.c)
# feeds it every corpus file once; with --enable-fuzzing (clang)
# tests/fuzz/NAME-fuzzer is the libFuzzer binary that `make fuzz` runs.
# A module adds its harness with this block (NAME = gs1 here):
#
#   FUZZERS += gs1
#   check_PROGRAMS += tests/fuzz/gs1-replay
#   TESTS += tests/fuzz/gs1-replay
#   tests_fuzz_gs1_replay_SOURCES = tests/fuzz/gs1-fuzzer.c tests/fuzz/replay.c
#   tests_fuzz_gs1_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
#   tests_fuzz_gs1_replay_LDADD = $(FUZZ_LIBS)
#   nodist_EXTRA_tests_fuzz_gs1_replay_SOURCES = lib/dummy.cxx
#   if ENABLE_FUZZING
#   noinst_PROGRAMS += tests/fuzz/gs1-fuzzer
#   tests_fuzz_gs1_fuzzer_SOURCES = tests/fuzz/gs1-fuzzer.c
#   tests_fuzz_gs1_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
#   tests_fuzz_gs1_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
#   tests_fuzz_gs1_fuzzer_LDADD = $(FUZZ_LIBS)
#   nodist_EXTRA_tests_fuzz_gs1_fuzzer_SOURCES = lib/dummy.cxx
#   endif
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) -DAGT_BUILDING_LIBRARY $(DEP_CFLAGS)
FUZZ_LIBS = lib/libagtrace-internal.la
FUZZ_SECONDS = 60
FUZZ_FLAGS =
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/replay.c $(FUZZERS:%=tests/fuzz/%.dict)

# make fuzz [FUZZERS=name] [FUZZ_SECONDS=600]: run each harness in turn,
# new inputs in fuzz-work/NAME/, crashes in fuzz-work/NAME-crashes/.
if ENABLE_FUZZING
fuzz: $(FUZZERS:%=tests/fuzz/%-fuzzer$(EXEEXT))
	@for n in $(FUZZERS); do \
	  echo "== fuzzing $$n for $(FUZZ_SECONDS)s"; \
	  mkdir -p fuzz-work/$$n fuzz-work/$$n-crashes || exit 1; \
	  ./tests/fuzz/$$n-fuzzer -max_total_time=$(FUZZ_SECONDS) \
	    -dict=$(srcdir)/tests/fuzz/$$n.dict -print_final_stats=1 \
	    -artifact_prefix=fuzz-work/$$n-crashes/ $(FUZZ_FLAGS) \
	    fuzz-work/$$n $(srcdir)/tests/fuzz/corpus/$$n || exit 1; \
	done
else
fuzz:
	@echo "make fuzz: configure with CC=clang CXX=clang++ --enable-fuzzing" >&2; exit 1
endif
.PHONY: fuzz

# --- Sanitizers and valgrind -----------------------------------------------
#
# check-unit: the C test programs only (unit tests and corpus replays), as
# run in an --enable-asan --enable-ubsan build dir.  check-valgrind: the
# shell tests with every agtrace call under memcheck (tests/cli/lib.sh
# honours AGTRACE_WRAPPER); check-unit-valgrind: the C tests under it.
VALGRIND_FLAGS = -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--track-fds=no --num-callers=30 \
	--suppressions=$(abs_top_srcdir)/tests/valgrind/zbar.supp \
	--suppressions=$(abs_top_srcdir)/tests/valgrind/dmtx.supp
check-unit:
	$(MAKE) $(AM_MAKEFLAGS) check \
	  TESTS='$(filter-out %.sh,$(TESTS))'
check-valgrind:
	AGTRACE_WRAPPER='$(VALGRIND) $(VALGRIND_FLAGS)' \
	  $(MAKE) $(AM_MAKEFLAGS) check TESTS='$(filter %.sh,$(TESTS))'
check-unit-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS='$(filter-out %.sh,$(TESTS))' \
	  LOG_COMPILER='$(VALGRIND) $(VALGRIND_FLAGS)'
.PHONY: check-unit check-valgrind check-unit-valgrind


# --- Test tools --------------------------------------------------------------
check_PROGRAMS += tests/tools/tamper
tests_tools_tamper_SOURCES = tests/tools/tamper.c
tests_tools_tamper_CPPFLAGS = $(AM_CPPFLAGS) $(LMDB_CFLAGS) $(SODIUM_CFLAGS)
tests_tools_tamper_LDADD = $(LMDB_LIBS) $(SODIUM_LIBS)


# --- Tamper catalogue ------------------------------------------------------
TESTS += tests/reliability/tamper.sh
EXTRA_DIST += tests/reliability/tamper.sh

# --- Concurrent readers ----------------------------------------------------
#
# test_threads: reader threads sharing one handle while a writer thread
# commits batches.  check-tsan builds the library and it with
# ThreadSanitizer in tsan-build/ (under this build dir) and runs it there.
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_threads
TESTS += tests/unit/test_threads
tests_unit_test_threads_SOURCES = tests/unit/test_threads.c tests/tools/sample.c \
	tests/tools/sample.h
tests_unit_test_threads_CFLAGS = $(TEST_UNIT_CFLAGS) -pthread
tests_unit_test_threads_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_threads_LDADD = $(TEST_UNIT_LIBS) -lpthread
nodist_EXTRA_tests_unit_test_threads_SOURCES = lib/dummy.cxx
endif
TSAN_TESTS = tests/unit/test_threads
check-tsan:
	$(MKDIR_P) tsan-build
	cd tsan-build && { test -f Makefile || \
	  $(abs_top_srcdir)/configure --enable-tsan >configure.out; } && \
	  TSAN_OPTIONS='halt_on_error=1 second_deadlock_stack=1' \
	  $(MAKE) $(AM_MAKEFLAGS) check TESTS='$(TSAN_TESTS)'
.PHONY: check-tsan

# check-stress (not in make check or CI): test_threads, STRESS_COPIES (4)
# copies at once for STRESS_ROUNDS rounds (500, about 2 minutes on 2
# cores), to catch races a single run hits seldom, such as the LMDB read
# transaction race lib/txn.c works around.  Fails at the first failing
# copy and prints its output.
STRESS_ROUNDS = 500
STRESS_COPIES = 4
EXTRA_DIST += tests/reliability/threads-stress.sh
if HAVE_CMOCKA
check-stress: tests/unit/test_threads
	AGTRACE_STRESS_ROUNDS='$(STRESS_ROUNDS)' \
	AGTRACE_STRESS_COPIES='$(STRESS_COPIES)' \
	  $(SHELL) $(srcdir)/tests/reliability/threads-stress.sh \
	  tests/unit/test_threads
else
check-stress:
	@echo "check-stress: test_threads needs cmocka (configure found none)"; exit 1
endif
.PHONY: check-stress

# --- Files and permissions -------------------------------------------------
cli_agtrace_SOURCES += cli/perms.c
TESTS += tests/reliability/perms.sh
EXTRA_DIST += tests/reliability/perms.sh

# --- Bad-input catalogue ---------------------------------------------------
TESTS += tests/bad/catalogue.sh
EXTRA_DIST += tests/bad/catalogue.sh tests/bad/gen.py tests/bad/make-images.py \
	tests/bad/MANIFEST.tsv tests/bad/gs1 tests/bad/img tests/bad/xml \
	tests/bad/keys

# --- Room: address space, map size, full disk ------------------------------
TESTS += tests/reliability/space.sh
EXTRA_DIST += tests/reliability/space.sh

# --- Crash safety ----------------------------------------------------------
#
# crash.sh kills `agtrace import` AGTRACE_KILLS times (50) during a batch of
# AGTRACE_KILL_LOTS lots (1500) and fills a small disk; `make stress` does
# it 500 times on 20000 lots, and runs the concurrent readers longer.
TESTS += tests/reliability/crash.sh
EXTRA_DIST += tests/reliability/crash.sh
stress:
	AGTRACE_KILLS=500 AGTRACE_KILL_LOTS=20000 AGTRACE_READ_BATCHES=60 \
	  $(MAKE) $(AM_MAKEFLAGS) check \
	  TESTS='tests/reliability/crash.sh tests/reliability/readers.sh'
.PHONY: stress

# --- Concurrent reader processes -------------------------------------------
check_PROGRAMS += tests/tools/reader
tests_tools_reader_SOURCES = tests/tools/reader.c
tests_tools_reader_LDADD = lib/libagtrace.la
TESTS += tests/reliability/readers.sh
EXTRA_DIST += tests/reliability/readers.sh
# make bench: lookup latency from reader processes under write load.
BENCHES += tests/bench/readers-bench
CLEANFILES += tests/bench/readers-bench
tests/bench/readers-bench: Makefile
	@mkdir -p tests/bench
	printf '#!/bin/sh\nAGTRACE_READ_BENCH=1 exec sh "%s/tests/reliability/readers.sh"\n' \
	  '$(abs_top_srcdir)' >$@ && chmod +x $@

# Harness: the batch importer (dry runs on a scratch register).
FUZZERS += import
check_PROGRAMS += tests/fuzz/import-replay
TESTS += tests/fuzz/import-replay
tests_fuzz_import_replay_SOURCES = tests/fuzz/import-fuzzer.c tests/fuzz/replay.c
tests_fuzz_import_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_import_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_import_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/import-fuzzer
tests_fuzz_import_fuzzer_SOURCES = tests/fuzz/import-fuzzer.c
tests_fuzz_import_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_import_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_import_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_import_fuzzer_SOURCES = lib/dummy.cxx
endif
