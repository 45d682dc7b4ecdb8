# label module: sources, tests, pages.
cli_agtrace_SOURCES += cli/cmd_label.c
