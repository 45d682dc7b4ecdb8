# replica module: sources, tests, pages.
cli_agtrace_SOURCES += cli/cmd_replica.c
