# recall module: sources, tests, pages.
cli_agtrace_SOURCES += cli/cmd_recall.c
