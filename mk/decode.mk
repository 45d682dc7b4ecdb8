# decode module (issue 5): image loading, barcode decoding, `agtrace decode`
# and `agtrace scan`.
# What needs libpng, libjpeg or ZXing (C++) is in the media module
# (lib/module.c), which a process loads only when it decodes or loads an
# image; image.c, image_pnm.c and symbols.c need none of them.
lib_libagtrace_core_la_SOURCES += lib/decode_private.h lib/image.c \
	lib/image_pnm.c lib/symbols.c
lib_libagtrace_mediacode_la_SOURCES += lib/image_png.c lib/image_jpeg.c \
	lib/decode_ecc.c
if HAVE_ZXING
lib_libagtrace_mediacode_la_SOURCES += lib/decode_strategy.c lib/decode.cpp \
	lib/decode_grid.c
if HAVE_ZBAR
lib_libagtrace_mediacode_la_SOURCES += lib/decode_zbar.c
else
lib_libagtrace_mediacode_la_SOURCES += lib/decode_nozbar.c
endif
if HAVE_DMTX
lib_libagtrace_mediacode_la_SOURCES += lib/decode_dmtx.c
else
lib_libagtrace_mediacode_la_SOURCES += lib/decode_nodmtx.c
endif
else
lib_libagtrace_mediacode_la_SOURCES += lib/decode_none.c
endif
cli_agtrace_SOURCES += cli/cmd_decode.c cli/cmd_scan.c

if HAVE_CMOCKA
if HAVE_ZXING
check_PROGRAMS += tests/unit/test_decode
TESTS += tests/unit/test_decode
tests_unit_test_decode_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_decode_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_decode_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_decode_SOURCES = lib/dummy.cxx
if HAVE_ZINT
check_PROGRAMS += tests/unit/test_image
TESTS += tests/unit/test_image
tests_unit_test_image_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_image_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_image_LDADD = $(TEST_UNIT_LIBS) -lz
nodist_EXTRA_tests_unit_test_image_SOURCES = lib/dummy.cxx
check_PROGRAMS += tests/unit/test_dmtx
TESTS += tests/unit/test_dmtx
tests_unit_test_dmtx_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_dmtx_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_dmtx_LDADD = $(TEST_UNIT_LIBS) -lm
nodist_EXTRA_tests_unit_test_dmtx_SOURCES = lib/dummy.cxx
endif
endif
endif

if HAVE_ZXING
if HAVE_ZINT
TESTS += tests/cli/decode.sh tests/cli/scan.sh
endif
endif
EXTRA_DIST += tests/cli/decode.sh tests/cli/scan.sh

# Fuzz harness: the image loaders and the decoder (see mk/reliability.mk).
if HAVE_ZXING
FUZZERS += image
check_PROGRAMS += tests/fuzz/image-replay
TESTS += tests/fuzz/image-replay
tests_fuzz_image_replay_SOURCES = tests/fuzz/image-fuzzer.c tests/fuzz/replay.c
tests_fuzz_image_replay_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_image_replay_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_image_replay_SOURCES = lib/dummy.cxx
if ENABLE_FUZZING
noinst_PROGRAMS += tests/fuzz/image-fuzzer
tests_fuzz_image_fuzzer_SOURCES = tests/fuzz/image-fuzzer.c
tests_fuzz_image_fuzzer_CPPFLAGS = $(FUZZ_CPPFLAGS)
tests_fuzz_image_fuzzer_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_image_fuzzer_LDADD = $(FUZZ_LIBS)
nodist_EXTRA_tests_fuzz_image_fuzzer_SOURCES = lib/dummy.cxx
endif
endif

# make bench: agtrace decode against zbarimg on the shared corpus.
BENCHES += tests/bench/decode-bench
EXTRA_DIST += tests/bench/decode-bench.py
CLEANFILES += tests/bench/decode-bench
tests/bench/decode-bench: $(srcdir)/tests/bench/decode-bench.py
	@mkdir -p tests/bench
	cp $(srcdir)/tests/bench/decode-bench.py $@ && chmod +x $@
dist_man_MANS += man/agt_decode.3

# make valgrind-decode: the corpus test under memcheck (a few minutes);
# tests/valgrind/zbar.supp and dmtx.supp hide uninitialised reads inside
# zbar and libdmtx themselves.
EXTRA_DIST += tests/valgrind/zbar.supp tests/valgrind/dmtx.supp
valgrind-decode: tests/unit/test_decode$(EXEEXT)
	$(AM_TESTS_ENVIRONMENT) $(LIBTOOL) --mode=execute $(VALGRIND) -q \
	  --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	  --suppressions=$(srcdir)/tests/valgrind/zbar.supp \
	  --suppressions=$(srcdir)/tests/valgrind/dmtx.supp \
	  ./tests/unit/test_decode
.PHONY: valgrind-decode
if HAVE_ZXING
EXTRA_PROGRAMS += tests/bench/bench_decode
BENCHES += tests/bench/bench_decode
tests_bench_bench_decode_SOURCES = tests/bench/bench_decode.c
tests_bench_bench_decode_LDADD = lib/libagtrace.la
tests_bench_bench_decode_LDFLAGS = -no-install
CLEANFILES += tests/bench/bench_decode
endif
