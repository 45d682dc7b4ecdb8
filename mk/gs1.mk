# gs1 module: sources, tests, pages.
cli_agtrace_SOURCES += cli/cmd_parse.c
