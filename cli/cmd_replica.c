/*
 * cmd_replica.c - checkpoint, prove, verify-proof, publish, mirror: the
 * register's Merkle tree, offline proofs and sales-point replicas.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Options the tree commands share. */
struct tree_opts {
	const char *sign;   /* --sign KEY: operator's private key */
	const char *origin; /* --origin NAME */
	const char *key;    /* --key PUB: operator's public key */
	const char *out;    /* -o FILE */
	const char *cpfile; /* --checkpoint FILE */
	int json;
	int mirrored;       /* --mirrored: a replica's last checkpoint */
};

static const struct option tree_long[] = {
	{ "sign", required_argument, NULL, 's' },
	{ "origin", required_argument, NULL, 'O' },
	{ "key", required_argument, NULL, 'k' },
	{ "output", required_argument, NULL, 'o' },
	{ "checkpoint", required_argument, NULL, 'c' },
	{ "json", no_argument, NULL, 'j' },
	{ "mirrored", no_argument, NULL, 'm' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char *
option_name(int ch)
{
	static const char *const names[] = { "s--sign", "O--origin", "k--key",
	    "o-o", "c--checkpoint", "j--json", "m--mirrored" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i][0] == ch)
			return names[i] + 1;
	return "?";
}

/*
 * Parse options; 0 to go on, else the exit code (help is 0 too: *DONE).
 * ALLOWED lists the options (their short letters) the command takes: the
 * others are usage errors, not silently ignored.
 */
static int
parse_opts(int argc, char **argv, const char *usage, const char *allowed,
    struct tree_opts *o, int *done)
{
	int ch;

	memset(o, 0, sizeof *o);
	*done = 0;
	while ((ch = getopt_long(argc, argv, "o:h", tree_long,
	    NULL)) != -1) {
		if (ch != 'h' && ch != '?' && strchr(allowed, ch) == NULL) {
			/* As getopt words it; argv[0] is "agtrace: COMMAND". */
			fprintf(stderr, "%s: option '%s' does not apply\n",
			    argv[0], option_name(ch));
			ch = '?';
		}
		switch (ch) {
		case 's': o->sign = optarg; break;
		case 'O': o->origin = optarg; break;
		case 'k': o->key = optarg; break;
		case 'o': o->out = optarg; break;
		case 'c': o->cpfile = optarg; break;
		case 'j': o->json = 1; break;
		case 'm': o->mirrored = 1; break;
		case 'h':
			fputs(usage, stdout);
			*done = 1;
			return EXIT_OK;
		default:
			*done = 1;
			return cli_usage(usage);
		}
	}
	/*
	 * Forms agtrace(1) gives as alternatives: --origin names the
	 * checkpoint --sign makes, which --checkpoint or --mirrored replace.
	 */
	if ((o->cpfile != NULL && o->sign != NULL) ||
	    (o->mirrored && (o->sign != NULL || o->origin != NULL)) ||
	    (o->origin != NULL && o->sign == NULL && strchr(allowed, 'c'))) {
		*done = 1;
		return cli_usage(usage);
	}
	if (o->origin == NULL && (o->origin = getenv("AGTRACE_ORIGIN")) == NULL)
		o->origin = "agtrace";
	return EXIT_OK;
}

/* Signature and integrity failures of proofs both mean "do not trust". */
static int
trust_fail(const agt_db *db, const char *where, int rc)
{
	cli_fail(db, where, rc);
	return rc == AGT_ESIGNATURE || rc == AGT_EINTEGRITY ? EXIT_INTEGRITY :
	    cli_exit_code(rc);
}

static int
load_key(unsigned char out[32], const char *path, int private_key)
{
	int rc;

	if ((rc = agt_replica_key_load(out, path, private_key)) == AGT_OK)
		return EXIT_OK;
	cli_fail(NULL, path, rc);
	return cli_input_exit(rc);
}

/* The register, read-only, and a read transaction on it. */
static int
open_read(struct cli *cli, agt_db **db, agt_txn **txn)
{
	int ex, rc;

	if ((ex = cli_open(cli, AGT_OPEN_RDONLY, db)) != EXIT_OK)
		return ex;
	if ((rc = agt_txn_begin(txn, *db, AGT_TXN_RDONLY)) != AGT_OK) {
		ex = cli_fail(*db, cli->dbpath, rc);
		agt_db_close(*db);
		return ex;
	}
	return EXIT_OK;
}

/* A checkpoint of the tree TXN sees, signed with KEY when KEY is set. */
static int
make_checkpoint(agt_txn *txn, const struct tree_opts *o, char **note,
    agt_checkpoint *cp)
{
	unsigned char seed[32];
	int rc, ex;

	memset(cp, 0, sizeof *cp);
	if (strlen(o->origin) > AGT_ORIGIN_MAX) {
		cli_warnx(o->origin, "origin longer than %d bytes", AGT_ORIGIN_MAX);
		return EXIT_USAGE;
	}
	strcpy(cp->origin, o->origin);
	if ((rc = agt_tree_head(txn, &cp->size, cp->root)) != AGT_OK)
		return cli_fail(agt_txn_db(txn), "checkpoint", rc);
	if (o->sign != NULL && (ex = load_key(seed, o->sign, 1)) != EXIT_OK)
		return ex;
	if ((rc = agt_checkpoint_sign(note, cp, o->sign ? seed : NULL)) != AGT_OK)
		return cli_fail(NULL, "checkpoint", rc);
	return EXIT_OK;
}

static json_t *
checkpoint_json(const agt_checkpoint *cp, const char *note)
{
	char hex[2 * AGT_HASH_LEN + 1], *b64 = NULL;
	json_t *j;

	if (agt_base64_encode(&b64, cp->root, AGT_HASH_LEN) != AGT_OK)
		return NULL;
	j = json_pack("{s:s, s:I, s:s, s:s}", "origin", cp->origin,
	    "size", (json_int_t)cp->size, "root", b64,
	    "root_hex", agt_hash_hex(hex, cp->root));
	if (j != NULL && note != NULL)
		json_object_set_new(j, "note", json_string(note));
	agt_free(b64);
	return j;
}

int
cmd_checkpoint(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace checkpoint [--sign KEY] [--origin NAME] [--json]\n"
	    "       agtrace checkpoint --mirrored [--json]\n"
	    "Print the register's Merkle tree head as a C2SP checkpoint,\n"
	    "signed with the operator's Ed25519 KEY when given; with\n"
	    "--mirrored, the signed checkpoint a replica last mirrored.\n";
	struct tree_opts o;
	agt_checkpoint cp;
	agt_db *db;
	agt_txn *txn;
	char *note = NULL;
	int ex, done, rc;

	if ((ex = parse_opts(argc, argv, usage, "sOjm", &o, &done)) != EXIT_OK ||
	    done)
		return ex;
	if (optind != argc)
		return cli_usage(usage);
	if ((ex = open_read(cli, &db, &txn)) != EXIT_OK)
		return ex;
	if (!o.mirrored)
		ex = make_checkpoint(txn, &o, &note, &cp);
	else if ((rc = agt_replica_checkpoint(&note, txn)) != AGT_OK ||
	    (rc = agt_checkpoint_verify(&cp, note, strlen(note), NULL)) != AGT_OK)
		ex = cli_fail(db, cli->dbpath, rc);
	agt_txn_abort(txn);
	agt_db_close(db);
	if (ex != EXIT_OK) {
		agt_free(note);
		return ex;
	}
	if (o.json)
		ex = cli_json_print(checkpoint_json(&cp, note));
	else
		fputs(note, stdout);
	agt_free(note);
	return ex;
}

/*
 * CODE as a lot key: a scanned GS1 payload with GTIN and lot, "GTIN/LOT"
 * as it is, else a registered alias.
 */
static int
lot_key(agt_txn *txn, const char *code, char **out)
{
	agt_gs1 *g;
	size_t n;

	if (agt_gs1_parse(&g, code, strlen(code), NULL) == AGT_OK) {
		if (agt_gs1_gtin(g) != NULL && agt_gs1_lot(g) != NULL) {
			n = strlen(agt_gs1_gtin(g)) + strlen(agt_gs1_lot(g)) + 2;
			if ((*out = malloc(n)) != NULL)
				snprintf(*out, n, "%s/%s", agt_gs1_gtin(g),
				    agt_gs1_lot(g));
			agt_gs1_free(g);
			return *out != NULL ? AGT_OK : AGT_ENOMEM;
		}
		agt_gs1_free(g);
	}
	if (strchr(code, '/') != NULL)
		return (*out = strdup(code)) != NULL ? AGT_OK : AGT_ENOMEM;
	return agt_alias_resolve(out, txn, code);
}

/* The checkpoint a proof leads to: --checkpoint, --sign, or the replica's. */
static int
proof_checkpoint(agt_txn *txn, const struct tree_opts *o, char **note,
    size_t *len)
{
	agt_checkpoint cp;
	int rc, ex;

	if (o->cpfile != NULL) {
		if ((ex = cli_read_input(o->cpfile, CLI_MAX_CHECKPOINT,
		    "a checkpoint", note, len)) != EXIT_OK)
			return ex;
		/* A bad note is the file's fault, not the code's: say so. */
		if ((rc = agt_checkpoint_verify(&cp, *note, *len, NULL)) != AGT_OK) {
			agt_free(*note);
			*note = NULL;
			return cli_fail(NULL, o->cpfile, rc);
		}
	} else if (o->sign != NULL) {
		if ((ex = make_checkpoint(txn, o, note, &cp)) != EXIT_OK)
			return ex;
	} else if ((rc = agt_replica_checkpoint(note, txn)) != AGT_OK) {
		cli_warnx("prove", "give --sign KEY or --checkpoint FILE (this "
		    "register is not a replica with a mirrored checkpoint)");
		return EXIT_USAGE;
	}
	*len = strlen(*note);
	return EXIT_OK;
}

static int
write_out(const char *path, const char *text)
{
	FILE *fp = path == NULL || strcmp(path, "-") == 0 ? stdout :
	    fopen(path, "w");
	int ok;

	if (fp == NULL) {
		cli_warnx(path, "cannot create");
		return EXIT_CANTCREAT;
	}
	ok = fputs(text, fp) >= 0 && fputc('\n', fp) != EOF;
	if (fp != stdout)
		ok = fclose(fp) == 0 && ok;
	if (!ok) {
		cli_warnx(path ? path : "stdout", "write failed");
		return EXIT_IOERR;
	}
	return EXIT_OK;
}

int
cli_proof_json(agt_db *db, const char *lotkey, const char *sign,
    const char *cpfile, json_t **out)
{
	struct tree_opts o;
	json_error_t jerr;
	agt_txn *txn;
	char *note = NULL, *bundle = NULL;
	size_t len;
	int ex, rc;

	*out = NULL;
	memset(&o, 0, sizeof o);
	o.sign = sign;
	o.cpfile = cpfile;
	if ((o.origin = getenv("AGTRACE_ORIGIN")) == NULL)
		o.origin = "agtrace";
	if ((rc = agt_txn_begin(&txn, db, AGT_TXN_RDONLY)) != AGT_OK)
		return cli_fail(db, lotkey, rc);
	if ((ex = proof_checkpoint(txn, &o, &note, &len)) == EXIT_OK) {
		if ((rc = agt_proof_create(&bundle, txn, lotkey, note, len)) != AGT_OK)
			ex = cli_fail(db, lotkey, rc);
		else if ((*out = json_loads(bundle, 0, &jerr)) == NULL)
			ex = cli_fail(db, lotkey, AGT_EFORMAT);
	}
	agt_txn_abort(txn);
	agt_free(note);
	agt_free(bundle);
	return ex;
}

int
cmd_prove(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace prove [-o FILE]\n"
	    "                     [--sign KEY [--origin NAME] | --checkpoint "
	    "FILE] CODE\n"
	    "Write an offline proof bundle for the lot CODE (GTIN/LOT or an "
	    "alias):\nits records with inclusion proofs and a signed "
	    "checkpoint.  On a replica\nthe mirrored checkpoint is used.\n";
	struct tree_opts o;
	agt_db *db;
	agt_txn *txn;
	char *note = NULL, *key = NULL, *bundle = NULL;
	size_t len;
	int ex, done, rc;

	if ((ex = parse_opts(argc, argv, usage, "sOco", &o, &done)) != EXIT_OK ||
	    done)
		return ex;
	if (optind + 1 != argc)
		return cli_usage(usage);
	if ((ex = open_read(cli, &db, &txn)) != EXIT_OK)
		return ex;
	if ((ex = proof_checkpoint(txn, &o, &note, &len)) == EXIT_OK) {
		if ((rc = lot_key(txn, argv[optind], &key)) != AGT_OK ||
		    (rc = agt_proof_create(&bundle, txn, key, note, len)) != AGT_OK)
			ex = cli_fail(db, argv[optind], rc);
		else
			ex = write_out(o.out, bundle);
	}
	agt_txn_abort(txn);
	agt_db_close(db);
	agt_free(note);
	agt_free(key);
	agt_free(bundle);
	return ex;
}

static int
print_proof(const agt_proof *p, int json)
{
	const agt_checkpoint *cp = agt_proof_checkpoint(p);
	const agt_record *rec;
	json_t *doc, *arr, *r;
	uint64_t seq;
	size_t i;

	if (!json) {
		printf("verified: %zu records in %s at %llu entries\n",
		    agt_proof_count(p), cp->origin, (unsigned long long)cp->size);
		for (i = 0; (rec = agt_proof_record(p, i, &seq)) != NULL; i++)
			if (agt_record_type(rec) == AGT_T_RECALL)
				printf("HELD: %s (%s)\n", agt_record_key(rec),
				    agt_record_get(rec, AGT_F_REASON) ?
				    agt_record_get(rec, AGT_F_REASON) : "");
		for (i = 0; (rec = agt_proof_record(p, i, &seq)) != NULL; i++) {
			cli_record_print(stdout, rec);
			printf("  %-14s %llu\n", "ledger", (unsigned long long)seq);
		}
		return EXIT_OK;
	}
	arr = json_array();
	for (i = 0; (rec = agt_proof_record(p, i, &seq)) != NULL; i++) {
		r = cli_record_json(rec);
		json_object_set_new(r, "seq", json_integer((json_int_t)seq));
		json_array_append_new(arr, r);
	}
	doc = json_pack("{s:b, s:o, s:o}", "verified", 1, "checkpoint",
	    checkpoint_json(cp, NULL), "records", arr);
	return cli_json_print(doc);
}

int
cmd_verify_proof(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace verify-proof --key OPERATOR.pub [--json] FILE\n"
	    "Check a proof bundle with no register: the checkpoint's signature\n"
	    "and every record's inclusion proof.\n";
	struct tree_opts o;
	unsigned char pub[32];
	agt_proof *p;
	char *text;
	size_t len;
	int ex, done, rc;

	(void)cli;
	if ((ex = parse_opts(argc, argv, usage, "kj", &o, &done)) != EXIT_OK ||
	    done)
		return ex;
	if (optind + 1 != argc || o.key == NULL)
		return cli_usage(usage);
	if ((ex = load_key(pub, o.key, 0)) != EXIT_OK ||
	    (ex = cli_read_input(argv[optind], CLI_MAX_PROOF, "a proof",
	    &text, &len)) != EXIT_OK)
		return ex;
	rc = agt_proof_verify(&p, text, len, pub);
	free(text);
	if (rc != AGT_OK)
		return trust_fail(NULL, argv[optind], rc);
	ex = print_proof(p, o.json);
	agt_proof_free(p);
	return ex;
}

int
cmd_publish(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace publish --sign KEY [--origin NAME] DIR\n"
	    "Write the ledger as C2SP tlog-tiles with a signed checkpoint into\n"
	    "DIR, for any static web server; only what changed is written.\n";
	struct tree_opts o;
	agt_checkpoint cp;
	agt_db *db;
	agt_txn *txn;
	char *note = NULL;
	uint64_t written = 0;
	int ex, done, rc;

	if ((ex = parse_opts(argc, argv, usage, "sO", &o, &done)) != EXIT_OK ||
	    done)
		return ex;
	if (optind + 1 != argc || o.sign == NULL)
		return cli_usage(usage);
	if ((ex = open_read(cli, &db, &txn)) != EXIT_OK)
		return ex;
	ex = make_checkpoint(txn, &o, &note, &cp);
	agt_txn_abort(txn);
	/* An output directory that cannot be made is 73, not an I/O error. */
	if (ex == EXIT_OK && mkdir(argv[optind], 0755) != 0 && errno != EEXIST) {
		cli_warnx(argv[optind], "cannot create: %s", strerror(errno));
		ex = EXIT_CANTCREAT;
	}
	if (ex == EXIT_OK) {
		rc = agt_publish(db, argv[optind], note, strlen(note), &written);
		if (rc != AGT_OK)
			ex = cli_fail(db, argv[optind], rc);
		else
			printf("published %s at %llu entries: %llu files written\n",
			    cp.origin, (unsigned long long)cp.size,
			    (unsigned long long)written);
	}
	agt_free(note);
	agt_db_close(db);
	return ex;
}

/* A replica this mirror made and could not fill is removed: a wrong URL
 * or key leaves no empty register behind. */
static void
unmake_replica(const char *dbpath, int made_dir)
{
	static const char *const files[] = { "data.mdb", "lock.mdb" };
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dbpath, files[i]);
		unlink(path);
	}
	if (made_dir)
		rmdir(dbpath);
}

int
cmd_mirror(struct cli *cli, int argc, char **argv)
{
	static const char usage[] =
	    "usage: agtrace mirror --key OPERATOR.pub [--json] URL\n"
	    "Bring the replica (-d, created if missing) up to the checkpoint\n"
	    "published at URL (http, https, file or a directory).\n";
	struct tree_opts o;
	unsigned char pub[32];
	agt_mirror_info info;
	agt_db *db;
	int ex, done, rc, made_dir, made;

	if ((ex = parse_opts(argc, argv, usage, "kj", &o, &done)) != EXIT_OK ||
	    done)
		return ex;
	if (optind + 1 != argc || o.key == NULL)
		return cli_usage(usage);
	made_dir = access(cli->dbpath, F_OK) != 0;
	made = !cli_has_register(cli->dbpath);
	if ((ex = load_key(pub, o.key, 0)) != EXIT_OK ||
	    (ex = cli_open(cli, AGT_OPEN_CREATE, &db)) != EXIT_OK)
		return ex;
	/* The published log is an input: a checkpoint or file of it that is
	 * missing or cannot be opened is 66, as for any input file. */
	if ((rc = agt_mirror(db, argv[optind], pub, &info)) != AGT_OK)
		ex = rc == AGT_ENOTFOUND ? (cli_fail(db, argv[optind], rc),
		    EXIT_NOINPUT) : trust_fail(db, argv[optind], rc);
	agt_db_close(db);
	if (rc != AGT_OK) {
		if (made)
			unmake_replica(cli->dbpath, made_dir);
		return ex;
	}
	if (o.json)
		return cli_json_print(json_pack("{s:I, s:I, s:I, s:I, s:I}",
		    "old_size", (json_int_t)info.old_size, "new_size",
		    (json_int_t)info.new_size, "entries", (json_int_t)info.entries,
		    "bytes", (json_int_t)info.bytes, "files",
		    (json_int_t)info.files));
	printf("replica at %llu entries: %llu new (%llu files, %llu bytes "
	    "fetched)\n", (unsigned long long)info.new_size,
	    (unsigned long long)info.entries, (unsigned long long)info.files,
	    (unsigned long long)info.bytes);
	return EXIT_OK;
}
