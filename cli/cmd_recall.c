/* cmd_recall.c - recall, release, recalls, trace: holds and tracing. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char recall_usage[] =
    "usage: agtrace recall (--lot GTIN/LOT | --gtin GTIN | --supplier ID |\n"
    "                       --report NUMBER) --reason TEXT [--issuer NAME]\n"
    "                      [--time YYYY-MM-DDTHH:MM:SSZ] [--json]\n";
static const char release_usage[] =
    "usage: agtrace release (--lot GTIN/LOT | --gtin GTIN | --supplier ID |\n"
    "                        --report NUMBER) --reason TEXT [--issuer NAME]\n"
    "                       [--time YYYY-MM-DDTHH:MM:SSZ] [--json]\n";
static const char recalls_usage[] =
    "usage: agtrace recalls [--active] [--json]\n";

struct hold_args {
	const char *scope, *target, *reason, *issuer, *time;
	int json;
};

static int
parse_hold(const char *cmd, int argc, char **argv, const char *usage,
    struct hold_args *a)
{
	static const struct option opts[] = {
		{ "lot", required_argument, NULL, 'l' },
		{ "gtin", required_argument, NULL, 'g' },
		{ "supplier", required_argument, NULL, 's' },
		{ "report", required_argument, NULL, 'r' },
		{ "reason", required_argument, NULL, 'R' },
		{ "issuer", required_argument, NULL, 'i' },
		{ "time", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, n = 0;

	memset(a, 0, sizeof(*a));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': a->scope = "lot"; a->target = optarg; n++; break;
		case 'g': a->scope = "gtin"; a->target = optarg; n++; break;
		case 's': a->scope = "supplier"; a->target = optarg; n++; break;
		case 'r': a->scope = "report"; a->target = optarg; n++; break;
		case 'R': a->reason = optarg; break;
		case 'i': a->issuer = optarg; break;
		case 't': a->time = optarg; break;
		case 'j': a->json = 1; break;
		case 'h': fputs(usage, stdout); return -1;
		default: return cli_usage(usage);
		}
	}
	if (optind != argc || n != 1 || a->reason == NULL) {
		if (n != 1)
			cli_warnx(cmd, "name exactly one of --lot, --gtin, "
			    "--supplier, --report");
		else if (a->reason == NULL)
			cli_warnx(cmd, "--reason is required");
		return cli_usage(usage);
	}
	return 0;
}

static void
print_hold(const agt_record *r, const char *state)
{
	printf("%s %s %s at %s", state, agt_record_get(r, AGT_F_SCOPE),
	    agt_record_get(r, AGT_F_TARGET), agt_record_get(r, AGT_F_TIME));
	if (agt_record_get(r, AGT_F_ISSUER))
		printf(" by %s", agt_record_get(r, AGT_F_ISSUER));
	printf(": %s\n", agt_record_get(r, AGT_F_REASON));
}

/* Put REC in its own write transaction. */
static int
put_one(agt_db *db, const char *where, const agt_record *rec, int *outcome)
{
	agt_txn *txn = NULL;
	int rc;

	if ((rc = agt_txn_begin(&txn, db, 0)) != AGT_OK)
		return cli_fail(db, where, rc);
	if ((rc = agt_put(txn, rec, outcome)) != AGT_OK) {
		agt_txn_abort(txn);
		return cli_fail(db, where, rc);
	}
	if ((rc = agt_txn_commit(txn)) != AGT_OK)
		return cli_fail(db, where, rc);
	return EXIT_OK;
}

/* Print the stored record TYPE ID, as JSON or text. */
static int
show_stored(agt_db *db, int type, const char *id, int json)
{
	agt_txn *txn = NULL;
	agt_record *rec = NULL;
	int rc;

	if ((rc = agt_txn_begin(&txn, db, AGT_TXN_RDONLY)) != AGT_OK ||
	    (rc = agt_get(&rec, txn, type, id)) != AGT_OK) {
		agt_txn_abort(txn);
		return cli_fail(db, id, rc);
	}
	if (json)
		rc = cli_json_print(cli_record_json(rec));
	else
		print_hold(rec, type == AGT_T_RECALL ? "recalled" : "released");
	agt_record_free(rec);
	agt_txn_abort(txn);
	return rc == 0 ? EXIT_OK : EXIT_IOERR;
}

static int
hold_write(struct cli *cli, int type, int argc, char **argv, const char *usage)
{
	struct hold_args a;
	agt_db *db = NULL;
	agt_record *rec = NULL;
	const char *why = NULL;
	int rc, ex, outcome = 0;

	if ((ex = parse_hold(cli->cmd, argc, argv, usage, &a)) != 0)
		return ex < 0 ? EXIT_OK : ex;
	if ((rc = agt_recall_new(&rec, type, a.scope, a.target, a.reason,
	    a.issuer, a.time, &why)) != AGT_OK) {
		cli_warnx(cli->cmd, "%s", why ? why : agt_strerror(rc));
		return cli_exit_code(rc);
	}
	if ((ex = cli_open(cli, 0, &db)) == EXIT_OK &&
	    (ex = put_one(db, cli->cmd, rec, &outcome)) == EXIT_OK)
		ex = show_stored(db, type, agt_record_key(rec), a.json);
	agt_record_free(rec);
	agt_db_close(db);
	return ex;
}

int
cmd_recall(struct cli *cli, int argc, char **argv)
{
	return hold_write(cli, AGT_T_RECALL, argc, argv, recall_usage);
}

int
cmd_release(struct cli *cli, int argc, char **argv)
{
	return hold_write(cli, AGT_T_RELEASE, argc, argv, release_usage);
}

static int
list_recalls(agt_txn *txn, int only_active, json_t *arr)
{
	agt_iter *it = NULL;
	const agt_record *r;
	json_t *o;
	int rc, active;

	if ((rc = agt_list(&it, txn, AGT_T_RECALL, AGT_BY_ALL, NULL)) != AGT_OK)
		return rc;
	while ((rc = agt_iter_next(it, &r)) == AGT_OK) {
		if ((active = agt_recall_is_active(txn, r)) < 0) {
			rc = active;
			break;
		}
		if (only_active && !active)
			continue;
		if (arr == NULL) {
			print_hold(r, active ? "ACTIVE" : "released");
			continue;
		}
		o = cli_record_json(r);
		json_object_set_new(o, "active", json_boolean(active));
		json_array_append_new(arr, o);
	}
	agt_iter_free(it);
	return rc == AGT_ITEROVER ? AGT_OK : rc;
}

int
cmd_recalls(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "active", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	agt_db *db = NULL;
	agt_txn *txn = NULL;
	json_t *arr = NULL;
	int c, active = 0, json = 0, ex, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': active = 1; break;
		case 'j': json = 1; break;
		case 'h': fputs(recalls_usage, stdout); return EXIT_OK;
		default: return cli_usage(recalls_usage);
		}
	}
	if (optind != argc)
		return cli_usage(recalls_usage);
	if ((ex = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return ex;
	if (json)
		arr = json_array();
	if ((rc = agt_txn_begin(&txn, db, AGT_TXN_RDONLY)) != AGT_OK ||
	    (rc = list_recalls(txn, active, arr)) != AGT_OK)
		ex = cli_fail(db, cli->cmd, rc);
	else if (json)
		ex = cli_json_print(json_pack("{s:o}", "recalls", arr)) ?
		    EXIT_IOERR : EXIT_OK;
	if (ex != EXIT_OK || !json)
		json_decref(arr);
	agt_txn_abort(txn);
	agt_db_close(db);
	return ex;
}
