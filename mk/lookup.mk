# lookup module: sources, tests, pages.
cli_agtrace_SOURCES += cli/cmd_lookup.c
