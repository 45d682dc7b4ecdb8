/* cmd_lookup.c - placeholder: the lookup module replaces this file. */
#include "config.h"

#include "cli.h"

int
cmd_lookup(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

