/* main.c - agtrace: global options and the command table. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_command commands[] = {
	{ "init", cmd_init, "create a register and load the categories" },
	{ "stats", cmd_stats, "count records; print the ledger head" },
	{ "show", cmd_show, "show one supplier, agency, lot, report, sales point" },
	{ "list", cmd_list, "list suppliers, lots, reports, sales points" },
	{ "log", cmd_log, "list ledger entries" },
	{ "verify", cmd_verify, "check the hash chain, indexes and signatures" },
	{ "parse", cmd_parse, "parse a GS1 payload without a register" },
	{ "lookup", cmd_lookup, "provenance of a scanned code" },
	{ "import", cmd_import, "import batch files (all or nothing)" },
	{ "export", cmd_export, "export the register as a batch, CSV or EPCIS" },
	{ "keygen", cmd_keygen, "make an Ed25519 key pair for an agency" },
	{ "sign", cmd_sign, "sign the reports of a batch" },
	{ "decode", cmd_decode, "decode barcodes in images" },
	{ "scan", cmd_scan, "decode images and look the codes up" },
	{ "label", cmd_label, "print a lot's barcode label" },
	{ "recall", cmd_recall, "hold a lot, GTIN, supplier or report" },
	{ "release", cmd_release, "lift a hold" },
	{ "recalls", cmd_recalls, "list holds" },
	{ "trace", cmd_trace, "trace a lot forward or back" },
	{ "checkpoint", cmd_checkpoint, "print a (signed) Merkle checkpoint" },
	{ "prove", cmd_prove, "write an offline proof bundle for a code" },
	{ "verify-proof", cmd_verify_proof, "check a proof bundle without a register" },
	{ "publish", cmd_publish, "write the ledger as static tiles" },
	{ "mirror", cmd_mirror, "update a read-only replica from tiles" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: agtrace [-d REGISTER] COMMAND [ARGS]\n"
	    "       agtrace --version | --help | help COMMAND\n\ncommands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nThe register is -d REGISTER, else $AGTRACE_DB, else "
	    "$XDG_DATA_HOME/agtrace\n(~/.local/share/agtrace).  "
	    "'agtrace COMMAND --help' describes a command;\nagtrace(1) "
	    "everything.\n");
}

static const struct cli_command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static const char *
default_register(void)
{
	static char path[4096];
	const char *v;

	if ((v = getenv("AGTRACE_DB")) != NULL && *v != '\0')
		return v;
	if ((v = getenv("XDG_DATA_HOME")) != NULL && *v != '\0')
		snprintf(path, sizeof path, "%s/agtrace", v);
	else if ((v = getenv("HOME")) != NULL && *v != '\0')
		snprintf(path, sizeof path, "%s/.local/share/agtrace", v);
	else
		snprintf(path, sizeof path, "agtrace.db");
	return path;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static char name[64];
	const struct cli_command *cmd;
	struct cli cli = { NULL, NULL };
	int ch;

	/*
	 * getopt names argv[0] in its messages: "agtrace: ..." and
	 * "agtrace: COMMAND: ...", as every other diagnostic, not the path
	 * the program was run by or the bare command name.
	 */
	argv[0] = (char *)"agtrace";
	/* '+': stop at the command, whose options are its own. */
	while ((ch = getopt_long(argc, argv, "+d:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			if (*optarg == '\0') { /* else "agtrace: : no register" */
				cli_warnx("-d", "an empty register path");
				return EXIT_USAGE;
			}
			cli.dbpath = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("agtrace %s\n%s\n", PACKAGE_VERSION,
			    agt_version_details());
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "help") == 0) {
		if (argc < 2) {
			usage(stdout);
			return EXIT_OK;
		}
		if ((cmd = find_command(argv[1])) == NULL) {
			cli_warnx(argv[1], "unknown command");
			return EXIT_USAGE;
		}
		cli.cmd = cmd->name;
		snprintf(name, sizeof name, "agtrace: %s", cmd->name);
		{
			char *hargv[] = { name, (char *)"--help", NULL };
			optind = 0;
			return cmd->fn(&cli, 2, hargv);
		}
	}
	if ((cmd = find_command(argv[0])) == NULL) {
		cli_warnx(argv[0], "unknown command (agtrace --help lists them)");
		return EXIT_USAGE;
	}
	if (cli.dbpath == NULL)
		cli.dbpath = default_register();
	cli.cmd = cmd->name;
	snprintf(name, sizeof name, "agtrace: %s", cmd->name);
	argv[0] = name;
	optind = 0; /* reset getopt for the command's own options */
	return cmd->fn(&cli, argc, argv);
}
