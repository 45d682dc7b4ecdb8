/* cmd_recall.c - placeholder: the recall module replaces this file. */
#include "config.h"

#include "cli.h"

int
cmd_recall(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_release(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_recalls(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_trace(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

