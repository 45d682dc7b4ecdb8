# label module (issue 5): barcode labels with libzint, `agtrace label`.
if HAVE_ZINT
lib_libagtrace_internal_la_SOURCES += lib/label.c
else
lib_libagtrace_internal_la_SOURCES += lib/label_none.c
endif
cli_agtrace_SOURCES += cli/cmd_label.c
