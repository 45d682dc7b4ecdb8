/*
 * cmd_export_formats.c - placeholder for the export formats of the recall
 * module (FSMA 204 CSV, EPCIS): that module replaces this file with its
 * own cli_export_regulator().
 */
#include "config.h"

#include "cli.h"

int
cli_export_regulator(struct cli *cli, agt_db *db, const char *format,
    int argc, char **argv)
{
	(void)db;
	(void)argc;
	(void)argv;
	cli_warnx(cli->cmd, "unknown format %s (this build knows: batch)",
	    format);
	return EXIT_USAGE;
}
