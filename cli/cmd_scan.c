/*
 * cmd_scan.c - agtrace scan: decode images, then the provenance of every
 * code found, printed as agtrace lookup prints it.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char scan_usage[] =
    "usage: agtrace scan [--json] [--at DATE] [--signatures] IMAGE...\n"
    "  Decode the barcodes in each image and print the provenance of each\n"
    "  code, as agtrace lookup does.\n"
    "  --json         one JSON array: per image its symbols, each with its\n"
    "                 provenance or the lookup error\n"
    "  --at DATE      judge expiry as of DATE (YYYY-MM-DD), not today\n"
    "  --signatures   verify the reports' signatures\n"
    "Exit: 65 for a corrupt image, 66 for one missing or unreadable, 1\n"
    "when no barcode or no code is found, else that of the first failed\n"
    "lookup, else 0.\n";

struct scan {
	agt_db *db;
	int json;
	agt_lookup_options lo;
	int status; /* of the lookups */
	int shown;  /* symbols printed so far */
};

/* Look symbol I up: print it, or add its provenance to OBJ (JSON). */
static void
scan_symbol(struct scan *sc, const char *path, const agt_symbols *syms,
    size_t i, json_t *obj)
{
	agt_provenance *p;
	json_error_t jerr;
	size_t len;
	const char *text = agt_symbols_text(syms, i, &len);
	char *s;
	int rc;

	if (!sc->json) {
		if (sc->shown++ > 0)
			putchar('\n');
		printf("%s: %s ", path, agt_symbols_format(syms, i));
		cli_print_payload(stdout, text, len);
		putchar('\n');
	}
	if ((rc = agt_lookup(&p, sc->db, text, len, &sc->lo)) != AGT_OK) {
		if (sc->json)
			json_object_set_new(obj, "error", json_string(agt_errmsg(sc->db)));
		else
			cli_fail(sc->db, path, rc);
		if (sc->status == EXIT_OK)
			sc->status = cli_exit_code(rc);
		return;
	}
	if (!sc->json)
		cli_provenance_print(p);
	else if (agt_provenance_json(&s, p) == AGT_OK) {
		json_object_set_new(obj, "provenance", json_loads(s, 0, &jerr));
		agt_free(s);
	}
	agt_provenance_free(p);
}

static json_t *
scan_image(struct scan *sc, const char *path, int *rc)
{
	json_t *img = json_object(), *arr = json_array(), *sym;
	agt_symbols *syms;
	size_t i;

	json_object_set_new(img, "image", json_string(path));
	if ((*rc = agt_decode_file(&syms, path, 0)) != AGT_OK &&
	    *rc != AGT_ENOBARCODE) {
		cli_warnx(NULL, "%s", agt_errmsg(NULL));
		json_object_set_new(img, "error", json_string(agt_errmsg(NULL)));
	} else if (*rc == AGT_ENOBARCODE && !sc->json)
		cli_warnx(path, "no barcode found");
	for (i = 0; i < agt_symbols_count(syms); i++) {
		sym = cli_symbol_json(syms, i);
		scan_symbol(sc, path, syms, i, sym);
		json_array_append_new(arr, sym);
	}
	json_object_set_new(img, "symbols", arr);
	agt_symbols_free(syms);
	return img;
}

int
cmd_scan(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "at", required_argument, NULL, 'a' },
		{ "signatures", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct scan sc = { NULL, 0, AGT_LOOKUP_OPTIONS_INIT, EXIT_OK, 0 };
	json_t *doc = json_array(), *img;
	int ch, i, rc, status = EXIT_NOTFOUND;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': sc.json = 1; break;
		case 'a': sc.lo.at = optarg; break;
		case 's': sc.lo.flags |= AGT_LOOKUP_SIGNATURES; break;
		case 'h': json_decref(doc); fputs(scan_usage, stdout); return EXIT_OK;
		default: json_decref(doc); return cli_usage(scan_usage);
		}
	}
	if (optind >= argc) {
		json_decref(doc);
		return cli_usage(scan_usage);
	}
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &sc.db)) != EXIT_OK) {
		json_decref(doc);
		return rc;
	}
	for (i = optind; i < argc; i++) {
		img = scan_image(&sc, argv[i], &rc);
		json_array_append_new(doc, img);
		status = cli_decode_status(status, rc);
	}
	agt_db_close(sc.db);
	if (sc.json && cli_json_print(doc) != EXIT_OK)
		return EXIT_IOERR;
	if (!sc.json)
		json_decref(doc);
	return status == EXIT_OK ? sc.status : status;
}
