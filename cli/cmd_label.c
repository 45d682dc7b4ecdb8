/* cmd_label.c - agtrace label: print a lot's barcode label. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char label_usage[] =
    "usage: agtrace label --gtin GTIN --lot LOT [--symbology SYM]\n"
    "                     [--expires YYYY-MM-DD] [--host URL] [--scale N]\n"
    "                     [--format png|svg] [--print-payload] -o FILE\n"
    "  SYM: qr (a GS1 Digital Link URI, the default), datamatrix, gs1-128,\n"
    "  databar-expanded (GS1 element strings), ean13 (the GTIN only).\n"
    "  The format defaults to the suffix of FILE (.svg), else png; FILE -\n"
    "  writes to standard output.  --print-payload also prints the data\n"
    "  (on standard error when the label goes to standard output).\n";

static int
format_of(const char *name, const char *path)
{
	const char *dot;

	if (name != NULL)
		return strcmp(name, "png") == 0 ? AGT_LABEL_PNG :
		    strcmp(name, "svg") == 0 ? AGT_LABEL_SVG : 0;
	dot = path ? strrchr(path, '.') : NULL;
	return dot != NULL && strcmp(dot, ".svg") == 0 ? AGT_LABEL_SVG : AGT_LABEL_PNG;
}

/* The payload on FP: standard error when the image goes to standard output. */
static int
print_payload(FILE *fp, const agt_label_opts *o)
{
	char *data;
	int rc;

	if ((rc = agt_label_payload(&data, o)) != AGT_OK)
		return cli_fail(NULL, "label", rc);
	cli_print_payload(fp, data, strlen(data));
	putc('\n', fp);
	fflush(fp);
	agt_free(data);
	return EXIT_OK;
}

int
cmd_label(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "gtin", required_argument, NULL, 'g' },
		{ "lot", required_argument, NULL, 'l' },
		{ "symbology", required_argument, NULL, 's' },
		{ "expires", required_argument, NULL, 'e' },
		{ "host", required_argument, NULL, 'H' },
		{ "scale", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "print-payload", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	agt_label_opts o = AGT_LABEL_OPTS_INIT;
	const char *path = NULL, *fmt = NULL;
	int ch, rc, format, show = 0;

	while ((ch = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'g': o.gtin = optarg; break;
		case 'l': o.lot = optarg; break;
		case 'e': o.expires = optarg; break;
		case 'H': o.host = optarg; break;
		case 'f': fmt = optarg; break;
		case 'o': path = optarg; break;
		case 'p': show = 1; break;
		case 'S':
			if ((o.scale = atoi(optarg)) < 1 || o.scale > 50) {
				cli_warnx("--scale", "%s: not 1 to 50", optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			if ((o.symbology = agt_label_symbology_from_name(optarg)) == 0) {
				cli_warnx("--symbology", "%s: unknown", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(label_usage, stdout); return EXIT_OK;
		default: return cli_usage(label_usage);
		}
	}
	if (optind != argc || o.gtin == NULL || (path == NULL && !show) ||
	    (o.lot == NULL && o.symbology != AGT_LABEL_EAN13))
		return cli_usage(label_usage);
	if ((format = format_of(fmt, path)) == 0) {
		cli_warnx("--format", "%s: not png or svg", fmt);
		return EXIT_USAGE;
	}
	if (show && (rc = print_payload(path != NULL && strcmp(path, "-") == 0 ?
	    stderr : stdout, &o)) != EXIT_OK)
		return rc;
	if (path != NULL && (rc = agt_label_write(&o, path, format)) != AGT_OK)
		return rc == AGT_EIO ? (cli_fail(NULL, path, rc), EXIT_CANTCREAT) :
		    cli_fail(NULL, "label", rc);
	return EXIT_OK;
}
