/* cmd_label.c - placeholder: the label module replaces this file. */
#include "config.h"

#include "cli.h"

int
cmd_label(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

