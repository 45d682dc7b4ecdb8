/* cmd_db.c - the register as a whole: init, stats, verify, log. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct option json_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, 'j' },
	{ NULL, 0, NULL, 0 }
};

/* Parse --help and --json only.  Returns -1 to go on, else an exit code. */
static int
simple_opts(int argc, char **argv, const char *usage, int *json)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "h", json_opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		case 'j':
			*json = 1;
			break;
		default:
			return cli_usage(usage);
		}
	}
	return optind == argc ? -1 : cli_usage(usage);
}


int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: agtrace init\n"
	    "Create a register in the directory of -d, $AGTRACE_DB or the default.\n"
	    "An existing register is left as it is (exit 0).\n";
	char categories[4096];
	agt_db *db;
	int json = 0, rc, found;

	if ((rc = simple_opts(argc, argv, usage, &json)) >= 0 || json)
		return rc >= 0 ? rc : cli_usage(usage);
	/*
	 * Found before the register is made: else a wrong AGTRACE_DATADIR
	 * left a register without categories, which the next init kept.
	 */
	if ((found = access(cli->dbpath, F_OK) != 0) &&
	    (rc = cli_find_categories(categories, sizeof categories)) != EXIT_OK)
		return rc;
	rc = agt_db_create(&db, cli->dbpath);
	if (rc == AGT_EEXISTS) {
		cli_warnx(cli->dbpath, "a register exists already; left unchanged");
		return EXIT_OK;
	}
	if (rc != AGT_OK) {
		cli_fail(NULL, cli->dbpath, rc);
		return rc == AGT_EIO ? EXIT_CANTCREAT : cli_exit_code(rc);
	}
	/* An empty directory there: the register is made in it. */
	if (!found)
		rc = cli_find_categories(categories, sizeof categories);
	if (rc == EXIT_OK &&
	    (rc = cli_load_categories(cli, db, categories)) == EXIT_OK)
		printf("created register %s\n", cli->dbpath);
	agt_db_close(db);
	return rc;
}

static const int stat_types[] = {
	AGT_T_CATEGORY, AGT_T_SUPPLIER, AGT_T_AGENCY, AGT_T_SALESPOINT,
	AGT_T_LOT, AGT_T_REPORT, AGT_T_SHIPMENT
};
#define NSTAT (sizeof stat_types / sizeof stat_types[0])

static int
stats_print(struct cli *cli, agt_txn *t, int json)
{
	unsigned char hash[AGT_HASH_LEN];
	char hex[2 * AGT_HASH_LEN + 1], head[96];
	uint64_t n[NSTAT], seq;
	json_t *doc, *counts;
	size_t i;
	int rc;

	for (i = 0; i < NSTAT; i++)
		if ((rc = agt_count(t, stat_types[i], &n[i])) != AGT_OK)
			return cli_fail(agt_txn_db(t), cli->dbpath, rc);
	if ((rc = agt_ledger_head(t, &seq, hash)) != AGT_OK)
		return cli_fail(agt_txn_db(t), cli->dbpath, rc);
	snprintf(head, sizeof head, "%" PRIu64 ":%s", seq, agt_hash_hex(hex, hash));
	if (!json) {
		printf("%-12s %s\n", "register", cli->dbpath);
		for (i = 0; i < NSTAT; i++)
			printf("%-12s %" PRIu64 "\n", agt_type_name(stat_types[i]), n[i]);
		printf("%-12s %s\n", "ledger", head);
		return EXIT_OK;
	}
	doc = json_object();
	counts = json_object();
	for (i = 0; i < NSTAT; i++)
		json_object_set_new(counts, agt_type_name(stat_types[i]),
		    json_integer((json_int_t)n[i]));
	json_object_set_new(doc, "register", json_string(cli->dbpath));
	json_object_set_new(doc, "counts", counts);
	json_object_set_new(doc, "seq", json_integer((json_int_t)seq));
	json_object_set_new(doc, "hash", json_string(hex));
	json_object_set_new(doc, "head", json_string(head));
	return cli_json_print(doc);
}

int
cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const char usage[] = "usage: agtrace stats [--json]\n"
	    "Count current records per type; print the ledger head SEQ:HASH.\n";
	agt_db *db;
	agt_txn *t;
	int json = 0, rc;

	if ((rc = simple_opts(argc, argv, usage, &json)) >= 0)
		return rc;
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) != AGT_OK) {
		rc = cli_fail(db, cli->dbpath, rc);
	} else {
		rc = stats_print(cli, t, json);
		agt_txn_abort(t);
	}
	agt_db_close(db);
	return rc;
}

static int
progress(uint64_t done, uint64_t total, void *payload)
{
	(void)payload;
	fprintf(stderr, "\rverify: %" PRIu64 "/%" PRIu64 " entries", done, total);
	if (done == total)
		fputc('\n', stderr);
	return 0;
}

/* Report the outcome; MSG (may be NULL) says what failed, else agt_errmsg(). */
static int
verify_report(struct cli *cli, agt_db *db, int rc, uint64_t bad, int json,
    const char *msg)
{
	unsigned char hash[AGT_HASH_LEN];
	char hex[2 * AGT_HASH_LEN + 1];
	uint64_t seq = 0;
	agt_txn *t;
	json_t *doc;

	if (rc == AGT_OK && agt_txn_begin(&t, db, AGT_TXN_RDONLY) == AGT_OK) {
		if (agt_ledger_head(t, &seq, hash) != AGT_OK)
			memset(hash, 0, sizeof hash);
		agt_txn_abort(t);
		agt_hash_hex(hex, hash);
	}
	if (json) {
		doc = json_object();
		json_object_set_new(doc, "ok", json_boolean(rc == AGT_OK));
		if (rc == AGT_OK) {
			json_object_set_new(doc, "seq", json_integer((json_int_t)seq));
			json_object_set_new(doc, "hash", json_string(hex));
		} else {
			json_object_set_new(doc, "bad_seq", json_integer((json_int_t)bad));
			json_object_set_new(doc, "error",
			    json_string(msg ? msg : agt_errmsg(db)));
		}
		cli_json_print(doc);
	} else if (rc == AGT_OK) {
		printf("register OK: %" PRIu64 " entries, head %" PRIu64 ":%s\n",
		    seq, seq, hex);
	}
	if (rc != AGT_OK && msg != NULL) {
		cli_warnx(cli->dbpath, "%s", msg);
		return cli_exit_code(rc);
	}
	if (rc != AGT_OK)
		return cli_fail(db, cli->dbpath, rc);
	return EXIT_OK;
}

/* SEQ:HASH as stats prints it. */
static int
parse_head(const char *s, uint64_t *seq, char hex[2 * AGT_HASH_LEN + 1])
{
	const char *colon = strchr(s, ':');
	char *end;
	size_t i;

	if (colon == NULL || *s < '0' || *s > '9')
		return -1;
	*seq = strtoull(s, &end, 10);
	if (end != colon || strlen(colon + 1) != 2 * AGT_HASH_LEN)
		return -1;
	for (i = 0; i < 2 * AGT_HASH_LEN; i++) {
		char c = colon[1 + i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F')))
			return -1;
		hex[i] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
	}
	hex[i] = '\0';
	return 0;
}

/*
 * The register must still hold entry SEQ with hash HEX, a head recorded
 * earlier: else it was rolled back (or rewritten from there on).
 */
static int
check_head(agt_db *db, uint64_t seq, const char *hex, uint64_t *bad,
    char *msg, size_t size)
{
	char got[2 * AGT_HASH_LEN + 1];
	agt_record *r = NULL;
	uint64_t head;
	agt_txn *t;
	int rc;

	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) != AGT_OK)
		return rc;
	if ((rc = agt_ledger_head(t, &head, NULL)) == AGT_OK && seq > head) {
		*bad = head + 1;
		snprintf(msg, size, "entry %" PRIu64 ": missing: the ledger "
		    "ends at entry %" PRIu64 ", before the recorded head (rolled "
		    "back)", head + 1, head);
		rc = AGT_EINTEGRITY;
	} else if (rc == AGT_OK && seq > 0 &&
	    (rc = agt_ledger_get(&r, t, seq)) == AGT_OK &&
	    strcmp(agt_hash_hex(got, agt_record_hash(r)), hex) != 0) {
		*bad = seq;
		snprintf(msg, size, "entry %" PRIu64 ": not the recorded "
		    "head (the register was rolled back and rewritten)", seq);
		rc = AGT_EINTEGRITY;
	}
	agt_record_free(r);
	agt_txn_abort(t);
	return rc;
}

int
cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace verify [--signatures] [--head SEQ:HASH] [--json]\n"
	    "Recompute the ledger's hash chain and check every index; with\n"
	    "--head, check the register still holds a head recorded earlier.\n"
	    "Exit 0 when the register is intact, 80 naming the first broken entry.\n";
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "signatures", no_argument, NULL, 's' },
		{ "head", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 }
	};
	char headhex[2 * AGT_HASH_LEN + 1], msg[256] = "";
	uint64_t bad = 0, headseq = 0;
	int json = 0, ch, rc, head = 0;
	unsigned flags = 0;
	agt_db *db;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case 'j': json = 1; break;
		case 's': flags |= AGT_VERIFY_SIGNATURES; break;
		case 'H':
			if (parse_head(optarg, &headseq, headhex) != 0)
				return cli_usage(usage);
			head = 1;
			break;
		default: return cli_usage(usage);
		}
	}
	if (optind != argc)
		return cli_usage(usage);
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	rc = agt_verify(db, flags, &bad, isatty(STDERR_FILENO) && !json ?
	    progress : NULL, NULL);
	if (rc == AGT_OK && head)
		rc = check_head(db, headseq, headhex, &bad, msg, sizeof msg);
	rc = verify_report(cli, db, rc, bad, json, msg[0] ? msg : NULL);
	agt_db_close(db);
	return rc;
}

static int
log_entry(const agt_record *r, json_t *arr)
{
	char hex[2 * AGT_HASH_LEN + 1];
	const char *key = agt_record_key(r);
	json_t *o;

	agt_hash_hex(hex, agt_record_hash(r));
	if (arr == NULL) {
		printf("%" PRIu64 "\t%s\t%s\t%s\n", agt_record_seq(r),
		    agt_type_name(agt_record_type(r)), key ? key : "-", hex);
		return 0;
	}
	o = json_object();
	json_object_set_new(o, "seq", json_integer((json_int_t)agt_record_seq(r)));
	json_object_set_new(o, "type", json_string(agt_type_name(agt_record_type(r))));
	json_object_set_new(o, "key", key ? json_string(key) : json_null());
	json_object_set_new(o, "hash", json_string(hex));
	return json_array_append_new(arr, o);
}

static int
log_print(struct cli *cli, agt_txn *t, uint64_t since, uint64_t limit, int json)
{
	json_t *arr = json ? json_array() : NULL;
	agt_record *r;
	uint64_t head, seq;
	int rc;

	if ((rc = agt_ledger_head(t, &head, NULL)) != AGT_OK)
		return cli_fail(agt_txn_db(t), cli->dbpath, rc);
	for (seq = since; seq <= head && (limit == 0 || seq < since + limit); seq++) {
		if ((rc = agt_ledger_get(&r, t, seq)) != AGT_OK) {
			json_decref(arr);
			return cli_fail(agt_txn_db(t), cli->dbpath, rc);
		}
		log_entry(r, arr);
		agt_record_free(r);
	}
	return json ? cli_json_print(arr) : EXIT_OK;
}

static int
parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	*out = strtoull(s, &end, 10);
	return *end == '\0' ? 0 : -1;
}

int
cmd_log(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace log [--since SEQ] [--limit N] [--json]\n"
	    "List ledger entries: sequence number, type, key, hash.\n";
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t since = 1, limit = 0;
	agt_db *db;
	agt_txn *t;
	int json = 0, ch, rc;

	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h': fputs(usage, stdout); return EXIT_OK;
		case 'j': json = 1; break;
		case 's': if (parse_u64(optarg, &since)) return cli_usage(usage); break;
		case 'n': if (parse_u64(optarg, &limit)) return cli_usage(usage); break;
		default: return cli_usage(usage);
		}
	}
	if (optind != argc)
		return cli_usage(usage);
	if (since == 0)
		since = 1;
	if ((rc = cli_open(cli, AGT_OPEN_RDONLY, &db)) != EXIT_OK)
		return rc;
	if ((rc = agt_txn_begin(&t, db, AGT_TXN_RDONLY)) != AGT_OK) {
		rc = cli_fail(db, cli->dbpath, rc);
	} else {
		rc = log_print(cli, t, since, limit, json);
		agt_txn_abort(t);
	}
	agt_db_close(db);
	return rc;
}
