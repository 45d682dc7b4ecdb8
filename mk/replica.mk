# replica module (issue 8): Merkle tree, checkpoints, proofs, tiles, mirror.
lib_libagtrace_core_la_SOURCES += lib/merkle.c lib/checkpoint.c \
	lib/replica_key.c lib/replica_private.h lib/tiles.c lib/tree.c \
	lib/publish.c lib/fetch.c lib/mirror.c lib/proof.c
cli_agtrace_SOURCES += cli/cmd_replica.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_merkle
TESTS += tests/unit/test_merkle
tests_unit_test_merkle_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_merkle_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_merkle_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_merkle_SOURCES = lib/dummy.cxx
check_PROGRAMS += tests/unit/test_tree
TESTS += tests/unit/test_tree
tests_unit_test_tree_SOURCES = tests/unit/test_tree.c tests/tools/sample.c \
	tests/tools/sample.h
tests_unit_test_tree_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_tree_CPPFLAGS = $(TEST_UNIT_CPPFLAGS) -I$(top_srcdir)/tests/tools
tests_unit_test_tree_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_tree_SOURCES = lib/dummy.cxx
endif

# A register that grows on demand, for the replica tests and benchmarks.
check_PROGRAMS += tests/tools/replica_grow
tests_tools_replica_grow_SOURCES = tests/tools/replica_grow.c \
	tests/tools/sample.c tests/tools/sample.h
tests_tools_replica_grow_LDADD = lib/libagtrace.la

# make bench: proof size and verify time, publish time, mirror catch-up.
EXTRA_PROGRAMS += tests/bench/bench_replica
BENCHES += tests/bench/bench_replica
tests_bench_bench_replica_SOURCES = tests/bench/bench_replica.c \
	tests/tools/sample.c tests/tools/sample.h
tests_bench_bench_replica_CPPFLAGS = $(TEST_UNIT_CPPFLAGS) \
	-I$(top_srcdir)/tests/tools
tests_bench_bench_replica_LDADD = lib/libagtrace-internal.la
nodist_EXTRA_tests_bench_bench_replica_SOURCES = lib/dummy.cxx
CLEANFILES += tests/bench/bench_replica

dist_man_MANS += man/agt_merkle.3
TESTS += tests/cli/replica.sh
EXTRA_DIST += tests/cli/replica.sh tests/cli/replica_tamper.py \
	formats/replica.md

# Fuzz harnesses for what replicas and verifiers read (see mk/reliability.mk).

# Harness: signed checkpoints (C2SP signed notes).
FUZZERS += checkpoint
check_PROGRAMS += tests/fuzz/checkpoint-replay
TESTS += tests/fuzz/checkpoint-replay
tests_fuzz_checkpoint_replay_SOURCES = tests/fuzz/checkpoint-fuzzer.c tests/fuzz/replay.c \
	tests/fuzz/fuzz_key.h
tests_fuzz_checkpoint_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_checkpoint_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_checkpoint_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/checkpoint-fuzzer
tests_fuzz_checkpoint_fuzzer_SOURCES = tests/fuzz/checkpoint-fuzzer.c \
	tests/fuzz/fuzz_key.h
tests_fuzz_checkpoint_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_checkpoint_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_checkpoint_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_checkpoint_fuzzer_SOURCES = lib/dummy.cxx
endif

# Harness: offline proof bundles (agt_proof_verify).
FUZZERS += proof
check_PROGRAMS += tests/fuzz/proof-replay
TESTS += tests/fuzz/proof-replay
tests_fuzz_proof_replay_SOURCES = tests/fuzz/proof-fuzzer.c tests/fuzz/replay.c \
	tests/fuzz/fuzz_key.h
tests_fuzz_proof_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_proof_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_proof_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/proof-fuzzer
tests_fuzz_proof_fuzzer_SOURCES = tests/fuzz/proof-fuzzer.c \
	tests/fuzz/fuzz_key.h
tests_fuzz_proof_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_proof_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_proof_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_proof_fuzzer_SOURCES = lib/dummy.cxx
endif

# Harness: a published log's checkpoint, hash tiles and entry
# bundles, mirrored into scratch replicas.
FUZZERS += mirror
check_PROGRAMS += tests/fuzz/mirror-replay
TESTS += tests/fuzz/mirror-replay
tests_fuzz_mirror_replay_SOURCES = tests/fuzz/mirror-fuzzer.c tests/fuzz/replay.c \
	tests/fuzz/fuzz_key.h
tests_fuzz_mirror_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_mirror_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_mirror_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/mirror-fuzzer
tests_fuzz_mirror_fuzzer_SOURCES = tests/fuzz/mirror-fuzzer.c \
	tests/fuzz/fuzz_key.h
tests_fuzz_mirror_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_mirror_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_mirror_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_mirror_fuzzer_SOURCES = lib/dummy.cxx
endif

# Harness: Ed25519 key files (agt_replica_key_load, agt_key_load).
FUZZERS += key
check_PROGRAMS += tests/fuzz/key-replay
TESTS += tests/fuzz/key-replay
tests_fuzz_key_replay_SOURCES = tests/fuzz/key-fuzzer.c tests/fuzz/replay.c
tests_fuzz_key_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_key_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_key_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/key-fuzzer
tests_fuzz_key_fuzzer_SOURCES = tests/fuzz/key-fuzzer.c
tests_fuzz_key_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_key_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_key_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_key_fuzzer_SOURCES = lib/dummy.cxx
endif
