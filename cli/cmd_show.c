/* cmd_show.c - one record (show) or many (list). */
#include "config.h"

#include <getopt.h>
#include <string.h>

#include "cli.h"

int
cmd_show(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: agtrace show TYPE KEY [--json]\n"
	    "TYPE: category supplier agency sales-point lot report shipment.\n"
	    "KEY: the id; GTIN/LOT for a lot; GTIN/LOT/SALES-POINT/DATE for a shipment.\n";
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	agt_record *rec;
	agt_db *db;
	agt_txn *t;
	int json = 0, type, ch, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case 'j': json = 1; break;
		default: return cli_usage(usage);
		}
	}
	if (argc - optind != 2)
		return cli_usage(usage);
	type = agt_type_from_name(argv[optind]);
	if (type == 0 || type >= AGT_T_RECALL) {
		cli_warnx(argv[optind], "not a record type");
		return cli_usage(usage);
	}
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) == AGT_OK) {
		rc = agt_get(&rec, t, type, argv[optind + 1]);
		if (rc == AGT_OK && json)
			rc = cli_json_print(cli_record_json(rec));
		else if (rc == AGT_OK)
			cli_record_print(stdout, rec);
		else
			rc = cli_fail(db, argv[optind + 1], rc);
		agt_record_free(rec);
		agt_txn_abort(t);
	} else {
		rc = cli_fail(db, cli->dbpath, rc);
	}
	agt_db_close(db);
	return rc;
}

static const struct {
	const char *name;
	int type;
} list_names[] = {
	{ "categories", AGT_T_CATEGORY }, { "suppliers", AGT_T_SUPPLIER },
	{ "agencies", AGT_T_AGENCY }, { "sales-points", AGT_T_SALESPOINT },
	{ "lots", AGT_T_LOT }, { "reports", AGT_T_REPORT },
	{ "shipments", AGT_T_SHIPMENT },
};

static int
list_type(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof list_names / sizeof list_names[0]; i++)
		if (strcmp(list_names[i].name, name) == 0)
			return list_names[i].type;
	return 0;
}

/* The filters each list takes (agt_list(3)); others are usage errors. */
static int
filter_applies(int type, int by)
{
	switch (by) {
	case AGT_BY_ALL: return 1;
	case AGT_BY_SUPPLIER:
	case AGT_BY_GTIN: return type == AGT_T_LOT;
	case AGT_BY_LOT: return type == AGT_T_REPORT || type == AGT_T_SHIPMENT;
	case AGT_BY_AGENCY: return type == AGT_T_REPORT;
	case AGT_BY_SALESPOINT: return type == AGT_T_SHIPMENT;
	default: return 0;
	}
}

/* One line for people: key, then the most telling field. */
static void
list_line(const agt_record *r)
{
	const char *k = agt_record_key(r), *v;

	if ((v = agt_record_get(r, AGT_F_NAME)) == NULL &&
	    (v = agt_record_get(r, AGT_F_PRODUCT)) == NULL &&
	    (v = agt_record_get(r, AGT_F_VERDICT)) == NULL &&
	    (v = agt_record_get(r, AGT_F_QUANTITY)) == NULL)
		v = "";
	printf("%s\t%s\n", k ? k : "-", v);
}

static int
list_print(struct cli *cli, agt_txn *t, int type, int by, const char *key,
    int json)
{
	json_t *arr = json ? json_array() : NULL;
	const agt_record *r;
	agt_iter *it;
	int rc;

	if ((rc = agt_list(&it, t, type, by, key)) != AGT_OK) {
		json_decref(arr);
		return cli_fail(agt_txn_db(t), key ? key : cli->dbpath, rc);
	}
	while ((rc = agt_iter_next(it, &r)) == AGT_OK) {
		if (json)
			json_array_append_new(arr, cli_record_json(r));
		else
			list_line(r);
	}
	agt_iter_free(it);
	if (rc != AGT_ITEROVER) {
		json_decref(arr);
		return cli_fail(agt_txn_db(t), cli->dbpath, rc);
	}
	return json ? cli_json_print(arr) : EXIT_OK;
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace list WHAT [--supplier ID | --gtin GTIN | --lot GTIN/LOT |\n"
	    "                          --sales-point ID | --agency ID] [--json]\n"
	    "WHAT: categories suppliers agencies sales-points lots reports shipments.\n"
	    "lots: --supplier, --gtin (newest first); reports: --lot, --agency;\n"
	    "shipments: --lot, --sales-point.\n";
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "supplier", required_argument, NULL, AGT_BY_SUPPLIER },
		{ "gtin", required_argument, NULL, AGT_BY_GTIN },
		{ "lot", required_argument, NULL, AGT_BY_LOT },
		{ "sales-point", required_argument, NULL, AGT_BY_SALESPOINT },
		{ "agency", required_argument, NULL, AGT_BY_AGENCY },
		{ NULL, 0, NULL, 0 }
	};
	const char *key = NULL, *filter = NULL;
	int json = 0, by = AGT_BY_ALL, type, ch, rc, i;
	agt_db *db;
	agt_txn *t;

	while ((ch = getopt_long(argc, argv, "h", opts, &i)) != -1) {
		switch (ch) {
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case 'j': json = 1; break;
		case AGT_BY_SUPPLIER: case AGT_BY_GTIN: case AGT_BY_LOT:
		case AGT_BY_SALESPOINT: case AGT_BY_AGENCY:
			if (by != AGT_BY_ALL)
				return cli_usage(usage);
			by = ch;
			key = optarg;
			filter = opts[i].name;
			break;
		default: return cli_usage(usage);
		}
	}
	if (argc - optind != 1 || (type = list_type(argv[optind])) == 0)
		return cli_usage(usage);
	if (!filter_applies(type, by)) {
		cli_warnx(cli->cmd, "%s: no --%s filter", argv[optind], filter);
		return cli_usage(usage);
	}
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) == AGT_OK) {
		rc = list_print(cli, t, type, by, key, json);
		agt_txn_abort(t);
	} else {
		rc = cli_fail(db, cli->dbpath, rc);
	}
	agt_db_close(db);
	return rc;
}
