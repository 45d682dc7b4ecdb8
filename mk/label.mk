# label module (issue 5): barcode labels with libzint, `agtrace label`.
if HAVE_ZINT
lib_libagtrace_mediacode_la_SOURCES += lib/label.c
else
lib_libagtrace_mediacode_la_SOURCES += lib/label_none.c
endif
cli_agtrace_SOURCES += cli/cmd_label.c

if HAVE_CMOCKA
if HAVE_ZINT
if HAVE_ZXING
check_PROGRAMS += tests/unit/test_label
TESTS += tests/unit/test_label
tests_unit_test_label_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_label_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_label_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_label_SOURCES = lib/dummy.cxx
endif
endif
endif
dist_man_MANS += man/agt_label.3

# Example labels of lots in examples/register.xml (remade by make-labels.sh).
if HAVE_ZXING
if HAVE_ZINT
TESTS += tests/cli/example-labels.sh
endif
endif
EXTRA_DIST += tests/cli/example-labels.sh examples/labels/make-labels.sh \
	examples/labels/choy-sum-qr.png \
	examples/labels/choy-sum-qr.svg examples/labels/choy-sum-datamatrix.png \
	examples/labels/spinach-gs1-128.png \
	examples/labels/lettuce-databar-expanded.png
