# import module: sources, tests, pages.
cli_agtrace_SOURCES += cli/cmd_import.c cli/cmd_keys.c
