# gs1 module: the GS1 payload parser (issue 4).
lib_libagtrace_internal_la_SOURCES += lib/gs1_private.h lib/gs1.c \
	lib/gs1_check.c lib/gs1_es.c lib/gs1_dl.c lib/gs1_render.c \
	lib/gs1_country.c
cli_agtrace_SOURCES += cli/cmd_parse.c

# The AI table is data (formats/gs1-ai.tsv); the C table is made from it.
nodist_lib_libagtrace_internal_la_SOURCES += lib/gs1_table.c
BUILT_SOURCES += lib/gs1_table.c
CLEANFILES += lib/gs1_table.c
EXTRA_DIST += formats/gs1-ai.tsv build-aux/gs1-ai-table.awk
lib/gs1_table.c: $(srcdir)/formats/gs1-ai.tsv $(srcdir)/build-aux/gs1-ai-table.awk
	$(AM_V_GEN)$(MKDIR_P) lib && \
	$(AWK) -f $(srcdir)/build-aux/gs1-ai-table.awk \
	    $(srcdir)/formats/gs1-ai.tsv > $@.tmp && mv $@.tmp $@

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_gs1
TESTS += tests/unit/test_gs1
tests_unit_test_gs1_CFLAGS = $(TEST_UNIT_CFLAGS)
tests_unit_test_gs1_CPPFLAGS = $(TEST_UNIT_CPPFLAGS)
tests_unit_test_gs1_LDADD = $(TEST_UNIT_LIBS)
nodist_EXTRA_tests_unit_test_gs1_SOURCES = lib/dummy.cxx
endif
