/*
 * cli.h - what the agtrace command's source files share.
 * The command links only the public library (agtrace.h).
 */
#ifndef AGT_CLI_H
#define AGT_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "agtrace.h"

/* Exit codes (sysexits(3) where one fits); documented in agtrace(1). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_NOTFOUND = 1,   /* nothing found: unknown code, no barcode */
	EXIT_USAGE = 64,     /* bad command line */
	EXIT_DATAERR = 65,   /* bad input data: batch, payload, image */
	EXIT_NOINPUT = 66,   /* input file or register missing */
	EXIT_SOFTWARE = 70,  /* internal error */
	EXIT_CANTCREAT = 73, /* cannot create output or register */
	EXIT_IOERR = 74,     /* I/O error, register full */
	EXIT_TEMPFAIL = 75,  /* register busy */
	EXIT_INTEGRITY = 80  /* hash chain, index or signature check failed */
};

/* Global state of one invocation. */
struct cli {
	const char *dbpath; /* -d, $AGTRACE_DB or the per-user default */
	const char *cmd;    /* the command's name, for messages */
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

/* Diagnostics: "agtrace: WHERE: WHAT" on stderr.  WHERE may be NULL. */
void cli_warnx(const char *where, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Map a library status to an exit code. */
int cli_exit_code(int status);

/*
 * Report a failed library call about WHERE (with agt_errmsg(db) when it has
 * detail, else agt_strerror(rc)) and return the exit code for RC.
 */
int cli_fail(const agt_db *db, const char *where, int rc);

/*
 * The exit code of a failed library call that read a file the user named:
 * AGT_ENOTFOUND (missing or cannot be opened, a directory included) is
 * 66, not 1; AGT_EIO (a read failed) 74; AGT_EFORMAT 65.
 */
int cli_input_exit(int rc);

/* The most cli_read_input() reads of each kind of input (agtrace(1)). */
#define CLI_MAX_BATCH ((size_t)256 << 20)    /* a batch to sign */
#define CLI_MAX_PROOF ((size_t)64 << 20)     /* a proof bundle */
#define CLI_MAX_CHECKPOINT ((size_t)64 << 10) /* a signed checkpoint */

/*
 * Read the whole input file PATH ("-": standard input) into *OUT,
 * NUL-terminated (free()), its length in *LEN: at most MAX bytes (a
 * whole number of KiB).  Returns EXIT_OK, else reports "PATH: cannot
 * open: why" and returns EXIT_NOINPUT (missing, unreadable, a
 * directory), EXIT_IOERR when a read fails, or EXIT_DATAERR past MAX
 * ("PATH: over N MiB, the most WHAT may have").
 */
int cli_read_input(const char *path, size_t max, const char *what,
    char **out, size_t *len);

/* Print usage text for the current command and return EXIT_USAGE. */
int cli_usage(const char *usage);

/* Open the register of CLI with FLAGS (AGT_OPEN_*), reporting failures.
 * Returns EXIT_OK or an exit code: 66 for no register, 73 for one that
 * AGT_OPEN_CREATE cannot make. */
int cli_open(struct cli *cli, unsigned flags, agt_db **out);
/* 1 when DBPATH holds a register (its data file). */
int cli_has_register(const char *dbpath);

/* Warn on stderr when others may write the register at DBPATH (perms.c). */
void cli_check_perms(const char *dbpath);

/* Print one JSON document to stdout (indented, UTF-8) and drop it. */
int cli_json_print(json_t *doc);

/* A record as a JSON object keyed by field names, with seq and hash. */
json_t *cli_record_json(const agt_record *rec);

/*
 * Call FN for each non-empty line of standard input (CR/LF stripped),
 * flushing stdout after each; returns the last non-zero FN result, else 0.
 */
int cli_each_line(int (*fn)(const char *line, void *arg), void *arg);

/* A record as "field: value" lines for people. */
void cli_record_print(FILE *fp, const agt_record *rec);

/* A provenance as agtrace lookup prints it (cmd_lookup.c). */
void cli_provenance_print(const agt_provenance *p);

/*
 * The offline proof bundle (formats/replica.md) of lot LOTKEY as JSON in
 * *OUT, against a checkpoint signed with the operator's private key SIGN,
 * read from CPFILE, or (both NULL) the replica's mirrored one.  Returns an
 * exit code; failures are reported.  Used by lookup --proof.
 */
int cli_proof_json(agt_db *db, const char *lotkey, const char *sign,
    const char *cpfile, json_t **out);

/* Decoded symbols (cmd_decode.c), shared with scan. */
void cli_print_payload(FILE *fp, const char *text, size_t len);
json_t *cli_symbol_json(const agt_symbols *syms, size_t i);
int cli_decode_status(int status, int rc);

/*
 * `agtrace export --format FORMAT` for any FORMAT but "batch" (FSMA 204,
 * EPCIS ...): defined by the recall module in cli/cmd_export_formats.c.
 * ARGC/ARGV are export's whole command line (optind reset).  Opens the
 * register read-only once the command line is good.  Returns an exit
 * code; EXIT_USAGE for a format it does not know.
 */
int cli_export_regulator(struct cli *cli, const char *format, int argc,
	char **argv);

/*
 * The category table for init, categories.xml, in PATH: from
 * $AGTRACE_DATADIR, else the installed data directory, else the source
 * tree agtrace was built from.  Returns EXIT_OK, else reports it missing
 * and returns EXIT_NOINPUT (cmd_import.c).
 */
int cli_find_categories(char *path, size_t size);

/* Load the category table PATH into a new register DB; an exit code. */
int cli_load_categories(struct cli *cli, agt_db *db, const char *path);

/* The commands, one group per file. */
int cmd_init(struct cli *, int, char **);
int cmd_stats(struct cli *, int, char **);
int cmd_verify(struct cli *, int, char **);
int cmd_log(struct cli *, int, char **);
int cmd_show(struct cli *, int, char **);
int cmd_list(struct cli *, int, char **);
int cmd_parse(struct cli *, int, char **);
int cmd_lookup(struct cli *, int, char **);
int cmd_import(struct cli *, int, char **);
int cmd_export(struct cli *, int, char **);
int cmd_keygen(struct cli *, int, char **);
int cmd_sign(struct cli *, int, char **);
int cmd_decode(struct cli *, int, char **);
int cmd_scan(struct cli *, int, char **);
int cmd_label(struct cli *, int, char **);
int cmd_recall(struct cli *, int, char **);
int cmd_release(struct cli *, int, char **);
int cmd_recalls(struct cli *, int, char **);
int cmd_trace(struct cli *, int, char **);
int cmd_checkpoint(struct cli *, int, char **);
int cmd_prove(struct cli *, int, char **);
int cmd_verify_proof(struct cli *, int, char **);
int cmd_publish(struct cli *, int, char **);
int cmd_mirror(struct cli *, int, char **);

#endif
