/* cmd_replica.c - placeholder: the replica module replaces this file. */
#include "config.h"

#include "cli.h"

int
cmd_checkpoint(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_prove(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_verify_proof(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_publish(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

int
cmd_mirror(struct cli *cli, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "not implemented yet");
	return EXIT_SOFTWARE;
}

