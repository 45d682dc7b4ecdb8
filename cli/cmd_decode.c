/* cmd_decode.c - agtrace decode: the barcodes in image files. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char decode_usage[] =
    "usage: agtrace decode [--json] [--fast] IMAGE...\n"
    "  Print every barcode found in each PNG, JPEG or PGM/PPM image.\n"
    "  --json  one JSON document for all images\n"
    "  --fast  no retries when the first passes find nothing\n"
    "Exit: 0 something found, 1 nothing found, 65 corrupt image, 66 file\n"
    "missing or unreadable, 74 read error.\n";

/* Text for people: GS as <GS>, other control bytes as \xNN. */
void
cli_print_payload(FILE *fp, const char *text, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)text[i];
		if (c == 0x1d)
			fputs("<GS>", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}

static json_t *
corners_json(const agt_symbols *syms, size_t i)
{
	json_t *arr = json_array();
	int xy[8], k;

	if (agt_symbols_corners(syms, i, xy) == AGT_OK)
		for (k = 0; k < 8; k += 2)
			json_array_append_new(arr, json_pack("[ii]", xy[k], xy[k + 1]));
	return arr;
}

/* The GS1 data in bracketed form, or why the GS1 parser rejects it. */
static void
add_bracketed(json_t *obj, const char *text, size_t len)
{
	agt_gs1 *g;
	char *b;

	if (agt_gs1_parse(&g, text, len, NULL) != AGT_OK) {
		json_object_set_new(obj, "gs1_error", json_string(agt_errmsg(NULL)));
		return;
	}
	if (agt_gs1_render(&b, g, AGT_GS1_FORM_BRACKETED, NULL) == AGT_OK) {
		json_object_set_new(obj, "bracketed", json_string(b));
		agt_free(b);
	}
	agt_gs1_free(g);
}

json_t *
cli_symbol_json(const agt_symbols *syms, size_t i)
{
	json_t *obj = json_object(), *text;
	const char *t;
	char *b64;
	size_t len;

	t = agt_symbols_text(syms, i, &len);
	json_object_set_new(obj, "format",
	    json_string(agt_symbols_format(syms, i)));
	json_object_set_new(obj, "symbology",
	    json_string(agt_symbols_symbology(syms, i)));
	json_object_set_new(obj, "gs1", json_boolean(agt_symbols_is_gs1(syms, i)));
	/* Not UTF-8 (binary content): base64 of the bytes instead. */
	if ((text = json_stringn(t, len)) != NULL)
		json_object_set_new(obj, "text", text);
	else if (agt_base64_encode(&b64, t, len) == AGT_OK) {
		json_object_set_new(obj, "bytes", json_string(b64));
		agt_free(b64);
	}
	if (agt_symbols_is_gs1(syms, i))
		add_bracketed(obj, t, len);
	json_object_set_new(obj, "corners", corners_json(syms, i));
	return obj;
}

static void
print_symbols(const char *path, const agt_symbols *syms)
{
	const char *t;
	size_t i, len;

	for (i = 0; i < agt_symbols_count(syms); i++) {
		t = agt_symbols_text(syms, i, &len);
		printf("%s: %s ", path, agt_symbols_format(syms, i));
		cli_print_payload(stdout, t, len);
		putchar('\n');
	}
}

static json_t *
image_json(const char *path, const agt_symbols *syms, int rc)
{
	json_t *obj = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(obj, "image", json_string(path));
	for (i = 0; i < agt_symbols_count(syms); i++)
		json_array_append_new(arr, cli_symbol_json(syms, i));
	json_object_set_new(obj, "symbols", arr);
	if (rc != AGT_OK && rc != AGT_ENOBARCODE)
		json_object_set_new(obj, "error", json_string(agt_errmsg(NULL)));
	return obj;
}

/* The exit status of a run over several images: the first error, else found or not. */
int
cli_decode_status(int status, int rc)
{
	int code = cli_input_exit(rc);

	if (status != EXIT_OK && status != EXIT_NOTFOUND)
		return status;
	if (rc == AGT_OK)
		return EXIT_OK;
	if (rc == AGT_ENOBARCODE)
		return status == EXIT_OK ? EXIT_OK : EXIT_NOTFOUND;
	return code;
}

int
cmd_decode(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "fast", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	agt_symbols *syms;
	json_t *doc = NULL;
	unsigned flags = 0;
	int ch, i, rc, json = 0, status = EXIT_NOTFOUND;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'f': flags |= AGT_DECODE_FAST; break;
		case 'h': fputs(decode_usage, stdout); return EXIT_OK;
		default: return cli_usage(decode_usage);
		}
	}
	if (optind >= argc)
		return cli_usage(decode_usage);
	if (json)
		doc = json_array();
	for (i = optind; i < argc; i++) {
		rc = agt_decode_file(&syms, argv[i], flags);
		if (rc != AGT_OK && rc != AGT_ENOBARCODE)
			cli_warnx(NULL, "%s", agt_errmsg(NULL));
		if (json)
			json_array_append_new(doc, image_json(argv[i], syms, rc));
		else
			print_symbols(argv[i], syms);
		agt_symbols_free(syms);
		status = cli_decode_status(status, rc);
	}
	if (json && cli_json_print(doc) != EXIT_OK)
		return EXIT_IOERR;
	return status;
}
