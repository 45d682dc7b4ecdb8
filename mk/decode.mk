# decode module (issue 5): image loading, barcode decoding, `agtrace decode`
# and `agtrace scan`.
lib_libagtrace_internal_la_SOURCES += lib/decode_private.h lib/image.c \
	lib/image_png.c lib/image_jpeg.c lib/image_pnm.c lib/symbols.c
if HAVE_ZXING
lib_libagtrace_internal_la_SOURCES += lib/decode_strategy.c lib/decode.cpp
if HAVE_ZBAR
lib_libagtrace_internal_la_SOURCES += lib/decode_zbar.c
else
lib_libagtrace_internal_la_SOURCES += lib/decode_nozbar.c
endif
else
lib_libagtrace_internal_la_SOURCES += lib/decode_none.c
endif
cli_agtrace_SOURCES += cli/cmd_decode.c

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
endif
endif
endif

if HAVE_ZXING
if HAVE_ZINT
TESTS += tests/cli/decode.sh
endif
endif
EXTRA_DIST += tests/cli/decode.sh
