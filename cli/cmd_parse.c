/*
 * cmd_parse.c - agtrace parse: show what a scanned code says, without a
 * register: its AIs, checked and typed, and its three renderings.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: agtrace parse [--json] [--host URL] [CODE...]\n"
    "  Parse GS1 payloads (element string, bracketed, Digital Link, GTIN)\n"
    "  and show their AIs and renderings.  Without CODE, one code per line\n"
    "  from standard input (FNC1 typed as <GS>, ^ or \\x1d is accepted).\n"
    "  --json       JSON: an array for CODE arguments, one object per line\n"
    "               for standard input\n"
    "  --host URL   Digital Link host and path prefix (https://id.gs1.org)\n";

struct opts {
	int json;
	const char *host;
};

/* The element string with GS shown as <GS>, for a terminal. */
static void
print_visible(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == 0x1d)
			fputs("<GS>", stdout);
		else
			putchar(*s);
	}
}

static void
print_text(const agt_gs1 *g, const char *code, const struct opts *o)
{
	static const struct { int form; const char *name; } forms[] = {
		{ AGT_GS1_FORM_BRACKETED, "bracketed:" },
		{ AGT_GS1_FORM_ELEMENT, "element:" },
		{ AGT_GS1_FORM_DIGITAL_LINK, "digital link:" },
	};
	size_t i;
	char *r;

	printf("code:         %s\nkind:         %s\n", code,
	    agt_gs1_kind_name(agt_gs1_kind(g)));
	if (agt_gs1_kind(g) == AGT_GS1_ALIAS) {
		printf("alias:        %s (not GS1: looked up as an alias code)\n",
		    agt_gs1_alias(g));
		return;
	}
	for (i = 0; i < agt_gs1_count(g); i++) {
		const char *v = agt_gs1_value(g, i), *t = agt_gs1_typed(g, i);
		char ai[8];

		snprintf(ai, sizeof ai, "(%s)", agt_gs1_ai(g, i));
		printf("%-6s %-26s %s", ai, agt_gs1_title(g, i), v);
		if (strcmp(v, t) != 0)
			printf("  = %s", t);
		putchar('\n');
	}
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		if (agt_gs1_render(&r, g, forms[i].form, o->host) != AGT_OK)
			continue;
		printf("%-13s ", forms[i].name);
		print_visible(r);
		putchar('\n');
		agt_free(r);
	}
}

static void
set_rendering(json_t *obj, const char *key, const agt_gs1 *g, int form,
	const char *host)
{
	char *r;

	if (agt_gs1_render(&r, g, form, host) != AGT_OK)
		return;
	json_object_set_new(obj, key, json_string(r));
	agt_free(r);
}

static json_t *
to_json(const agt_gs1 *g, const char *code, const struct opts *o)
{
	json_t *obj = json_object(), *ais = json_array(), *ai;
	double kg;
	size_t i;

	json_object_set_new(obj, "code", json_string(code));
	json_object_set_new(obj, "kind", json_string(agt_gs1_kind_name(agt_gs1_kind(g))));
	if (agt_gs1_kind(g) == AGT_GS1_ALIAS) {
		json_object_set_new(obj, "alias", json_string(agt_gs1_alias(g)));
		json_decref(ais);
		return obj;
	}
	for (i = 0; i < agt_gs1_count(g); i++) {
		ai = json_object();
		json_object_set_new(ai, "ai", json_string(agt_gs1_ai(g, i)));
		json_object_set_new(ai, "title", json_string(agt_gs1_title(g, i)));
		json_object_set_new(ai, "value", json_string(agt_gs1_value(g, i)));
		json_object_set_new(ai, "typed", json_string(agt_gs1_typed(g, i)));
		json_array_append_new(ais, ai);
	}
	json_object_set_new(obj, "ais", ais);
	if (agt_gs1_gtin(g))
		json_object_set_new(obj, "gtin", json_string(agt_gs1_gtin(g)));
	if (agt_gs1_lot(g))
		json_object_set_new(obj, "lot", json_string(agt_gs1_lot(g)));
	if (agt_gs1_expiry(g))
		json_object_set_new(obj, "expiry", json_string(agt_gs1_expiry(g)));
	if (agt_gs1_net_weight(g, &kg) == AGT_OK)
		json_object_set_new(obj, "net_weight_kg", json_real(kg));
	set_rendering(obj, "bracketed", g, AGT_GS1_FORM_BRACKETED, o->host);
	set_rendering(obj, "element_string", g, AGT_GS1_FORM_ELEMENT, o->host);
	set_rendering(obj, "digital_link", g, AGT_GS1_FORM_DIGITAL_LINK, o->host);
	return obj;
}

/* Parse and show one code; JSON goes to *DOC.  Returns an exit code. */
static int
one(const char *code, const struct opts *o, json_t **doc)
{
	agt_gs1_options opts = AGT_GS1_OPTIONS_INIT;
	agt_gs1 *g;
	int rc;

	opts.flags = AGT_GS1_WEDGE;
	if ((rc = agt_gs1_parse(&g, code, strlen(code), &opts)) != AGT_OK) {
		cli_warnx(code, "%s", agt_errmsg(NULL));
		if (o->json) {
			*doc = json_object();
			json_object_set_new(*doc, "code", json_string(code));
			json_object_set_new(*doc, "error", json_string(agt_errmsg(NULL)));
		}
		return cli_exit_code(rc);
	}
	if (o->json)
		*doc = to_json(g, code, o);
	else
		print_text(g, code, o);
	agt_gs1_free(g);
	return EXIT_OK;
}

/* One line of standard input: JSON as one compact line. */
static int
line_fn(const char *line, void *arg)
{
	const struct opts *o = arg;
	json_t *doc = NULL;
	int rc = one(line, o, &doc);

	if (doc != NULL) {
		json_dumpf(doc, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(doc);
	}
	if (doc != NULL || (!o->json && rc == EXIT_OK))
		putchar('\n');
	return rc;
}

int
cmd_parse(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "host", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { 0, NULL };
	json_t *arr, *doc;
	int ch, i, status = EXIT_OK, rc;

	(void)cli;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j': o.json = 1; break;
		case 'H': o.host = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_OK;
		default: return cli_usage(usage_text);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return cli_each_line(line_fn, &o);
	arr = json_array();
	for (i = 0; i < argc; i++) {
		doc = NULL;
		if ((rc = one(argv[i], &o, &doc)) != EXIT_OK)
			status = rc;
		if (doc != NULL)
			json_array_append_new(arr, doc);
		else if (!o.json && i + 1 < argc && rc == EXIT_OK)
			putchar('\n');
	}
	if (o.json && (rc = cli_json_print(arr)) != EXIT_OK)
		return rc;
	if (!o.json)
		json_decref(arr);
	return status;
}
