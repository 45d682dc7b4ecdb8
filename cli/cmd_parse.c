/* cmd_parse.c - placeholder: the gs1 module replaces this file. */
#include "config.h"

#include "cli.h"

int
cmd_parse(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

