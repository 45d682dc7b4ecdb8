/* cmd_trace.c - agtrace trace forward|back: text, JSON tree or CSV rows. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char trace_usage[] =
    "usage: agtrace trace forward|back (GTIN/LOT | CODE | --report NUMBER)\n"
    "                     [--json | --csv]\n";

enum { OUT_TEXT, OUT_JSON, OUT_CSV };

#define MAX_DEPTH 8

struct tracer {
	int mode;
	json_t *stack[MAX_DEPTH + 1]; /* JSON: the open node at each depth */
	unsigned long rows;
};

/* The date that places REC in time. */
static const char *
record_date(const agt_record *r)
{
	static const int fields[] = { AGT_F_SHIPPED, AGT_F_ISSUED, AGT_F_TIME,
	    AGT_F_HARVESTED, AGT_F_PACKED, AGT_F_PRODUCED, 0 };
	int i;

	for (i = 0; fields[i]; i++)
		if (agt_record_get(r, fields[i]))
			return agt_record_get(r, fields[i]);
	return NULL;
}

static void
csv_field(const char *s, int first)
{
	if (!first)
		putchar(',');
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static const char *const csv_header[] = { "depth", "type", "key", "name",
	"date", "quantity", "unit", "supplier", "salespoint", "agency",
	"verdict", "ledger_seq", "ledger_hash" };
#define NCSV (sizeof(csv_header) / sizeof(csv_header[0]))

static void
csv_row(const agt_record *r, int depth)
{
	char d[16], seq[24], hex[2 * AGT_HASH_LEN + 1] = "";
	const char *v[NCSV];
	const char *name = agt_record_get(r, AGT_F_NAME);
	size_t i;

	snprintf(d, sizeof(d), "%d", depth);
	snprintf(seq, sizeof(seq), "%" PRIu64, agt_record_seq(r));
	if (agt_record_hash(r))
		agt_hash_hex(hex, agt_record_hash(r));
	v[0] = d;
	v[1] = agt_type_name(agt_record_type(r));
	v[2] = agt_record_key(r);
	v[3] = name ? name : agt_record_get(r, AGT_F_PRODUCT);
	v[4] = record_date(r);
	v[5] = agt_record_get(r, AGT_F_QUANTITY);
	v[6] = agt_record_get(r, AGT_F_UNIT);
	v[7] = agt_record_get(r, AGT_F_SUPPLIER);
	v[8] = agt_record_get(r, AGT_F_SALESPOINT);
	v[9] = agt_record_get(r, AGT_F_AGENCY);
	v[10] = agt_record_get(r, AGT_F_VERDICT);
	v[11] = seq;
	v[12] = hex;
	for (i = 0; i < NCSV; i++)
		csv_field(v[i], i == 0);
	fputs("\r\n", stdout);
}

static void
text_row(const agt_record *r, int depth)
{
	const char *name = agt_record_get(r, AGT_F_NAME);
	const char *date = record_date(r);
	const char *qty = agt_record_get(r, AGT_F_QUANTITY);

	printf("%*s%s %s", 2 * depth, "", agt_type_name(agt_record_type(r)),
	    agt_record_key(r));
	if (name || agt_record_get(r, AGT_F_PRODUCT))
		printf(" \"%s\"", name ? name : agt_record_get(r, AGT_F_PRODUCT));
	if (agt_record_get(r, AGT_F_VERDICT))
		printf(" %s", agt_record_get(r, AGT_F_VERDICT));
	if (date)
		printf(" %s", date);
	if (qty)
		printf(" %s%s%s", qty, agt_record_get(r, AGT_F_UNIT) ? " " : "",
		    agt_record_get(r, AGT_F_UNIT) ? agt_record_get(r, AGT_F_UNIT) : "");
	if (agt_record_get(r, AGT_F_REASON))
		printf(": %s", agt_record_get(r, AGT_F_REASON));
	printf(" [ledger %" PRIu64 "]\n", agt_record_seq(r));
}

static int
on_record(const agt_record *r, int depth, void *payload)
{
	struct tracer *t = payload;
	json_t *o, *kids;

	if (depth > MAX_DEPTH)
		return 0;
	t->rows++;
	if (t->mode == OUT_CSV) {
		csv_row(r, depth);
		return 0;
	}
	if (t->mode == OUT_TEXT) {
		text_row(r, depth);
		return 0;
	}
	if ((o = cli_record_json(r)) == NULL)
		return 1;
	json_object_set_new(o, "type", json_string(agt_type_name(agt_record_type(r))));
	if (depth > 0 && t->stack[depth - 1] != NULL) {
		kids = json_object_get(t->stack[depth - 1], "trace");
		if (kids == NULL)
			json_object_set_new(t->stack[depth - 1], "trace",
			    kids = json_array());
		json_array_append_new(kids, o);
	} else if (depth == 0) {
		json_decref(t->stack[0]);
	}
	t->stack[depth] = o;
	return 0;
}

/* A lot key is GTIN/LOT; anything else is a scanned code (element string,
 * bracketed, Digital Link, alias) that lookup resolves to its lot. */
static int
resolve_lot(agt_db *db, const char *code, char **out)
{
	size_t n = strspn(code, "0123456789");
	agt_provenance *p;
	const agt_record *lot;
	int rc;

	*out = NULL;
	if (n >= 8 && n <= 14 && code[n] == '/')
		return (*out = strdup(code)) != NULL ? AGT_OK : AGT_ENOMEM;
	if ((rc = agt_lookup(&p, db, code, strlen(code), NULL)) != AGT_OK)
		return rc;
	lot = agt_provenance_lot(p);
	/* A bare GTIN names a product, not a lot: no guessing. */
	if (agt_provenance_warnings(p) & AGT_WARN_PRODUCT_ONLY)
		rc = AGT_EINVAL;
	else if (lot != NULL && agt_record_key(lot) != NULL)
		rc = (*out = strdup(agt_record_key(lot))) ? AGT_OK : AGT_ENOMEM;
	else
		rc = AGT_ENOTFOUND;
	agt_provenance_free(p);
	return rc;
}

static int
trace_run(agt_db *db, int dir, int type, const char *key, struct tracer *t)
{
	agt_txn *txn = NULL;
	int rc;

	if ((rc = agt_txn_begin(&txn, db, AGT_TXN_RDONLY)) != AGT_OK)
		return rc;
	if (t->mode == OUT_CSV) {
		size_t i;
		for (i = 0; i < NCSV; i++)
			csv_field(csv_header[i], i == 0);
		fputs("\r\n", stdout);
	}
	rc = agt_trace(txn, dir, type, key, on_record, t);
	agt_txn_abort(txn);
	return rc;
}

int
cmd_trace(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "report", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tracer t;
	const char *report = NULL, *key;
	char *lotkey = NULL;
	agt_db *db = NULL;
	int c, dir, ex, rc;

	memset(&t, 0, sizeof(t));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': report = optarg; break;
		case 'j': t.mode = OUT_JSON; break;
		case 'c': t.mode = OUT_CSV; break;
		case 'h': fputs(trace_usage, stdout); return EXIT_OK;
		default: return cli_usage(trace_usage);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != (report ? 1 : 2))
		return cli_usage(trace_usage);
	if (strcmp(argv[0], "forward") == 0)
		dir = AGT_TRACE_FORWARD;
	else if (strcmp(argv[0], "back") == 0)
		dir = AGT_TRACE_BACK;
	else
		return cli_usage(trace_usage);
	key = report ? report : argv[1];
	if ((ex = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return ex;
	if (report == NULL && (rc = resolve_lot(db, argv[1], &lotkey)) != AGT_OK) {
		if (rc == AGT_EINVAL)
			cli_warnx(argv[1], "a product code, not a lot: trace "
			    "GTIN/LOT or a code with a lot");
		ex = rc == AGT_EINVAL ? EXIT_DATAERR : cli_fail(db, argv[1], rc);
		agt_db_close(db);
		return ex;
	}
	if (lotkey != NULL)
		key = lotkey;
	rc = trace_run(db, dir, report ? AGT_T_REPORT : AGT_T_LOT, key, &t);
	if (rc != AGT_OK)
		ex = cli_fail(db, key, rc);
	else if (t.mode == OUT_JSON)
		ex = cli_json_print(json_incref(t.stack[0])) ? EXIT_IOERR : EXIT_OK;
	json_decref(t.stack[0]);
	free(lotkey);
	agt_db_close(db);
	return ex;
}
