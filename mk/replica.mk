# replica module (issue 8): Merkle tree, checkpoints, proofs, tiles, mirror.
lib_libagtrace_internal_la_SOURCES += lib/merkle.c lib/checkpoint.c \
	lib/replica_key.c lib/replica_private.h
cli_agtrace_SOURCES += cli/cmd_replica.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_merkle
TESTS += tests/unit/test_merkle
tests_unit_test_merkle_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_merkle_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_merkle_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_merkle_SOURCES = lib/dummy.cxx
endif
