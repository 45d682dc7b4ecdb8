/* util.c - diagnostics, exit codes, register opening, JSON and text output. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/*
 * Diagnostics quote untrusted text (scanned codes, file names, batch
 * values): control characters are written as \xHH, so a code holding a
 * terminal escape sequence cannot drive the user's terminal.
 */
static void
put_safe(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			putc(c, fp);
	}
}

/*
 * Where a diagnostic is about: a file name or a scanned code.  A code of
 * a megabyte is named by its start and length, not echoed in full.
 */
#define WHERE_MAX 200

static void
put_where(FILE *fp, const char *where)
{
	size_t len = strlen(where), n = len;
	char head[WHERE_MAX / 2 + 1];

	if (len <= WHERE_MAX) {
		put_safe(fp, where);
		return;
	}
	/* Cut at a character boundary (UTF-8 continuation bytes are 10xxxxxx). */
	for (n = WHERE_MAX / 2; n > 0 && ((unsigned char)where[n] & 0xc0) == 0x80; n--)
		;
	memcpy(head, where, n);
	head[n] = '\0';
	put_safe(fp, head);
	fprintf(fp, "... (%zu bytes)", len);
}

/* One write(2) per diagnostic: stderr is unbuffered. */
void
cli_warnx(const char *where, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL, *line = NULL;
	size_t len = 0;
	FILE *fp;
	int n;

	fflush(stdout); /* what came before stays before, when stdout is buffered */
	if ((fp = open_memstream(&line, &len)) == NULL)
		fp = stderr;
	fputs("agtrace: ", fp);
	if (where != NULL) {
		put_where(fp, where);
		fputs(": ", fp);
	}
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n >= 0)
		put_safe(fp, msg);
	free(msg);
	putc('\n', fp);
	if (fp != stderr && fclose(fp) == 0)
		fwrite(line, 1, len, stderr);
	free(line);
}

int
cli_exit_code(int status)
{
	switch (status) {
	case AGT_OK: return EXIT_OK;
	case AGT_ENOTFOUND: return EXIT_NOTFOUND;
	case AGT_ENOBARCODE: return EXIT_NOTFOUND;
	case AGT_EEXISTS:
	case AGT_EINVAL:
	case AGT_EFORMAT:
	case AGT_ESIGNATURE: return EXIT_DATAERR;
	case AGT_EINTEGRITY: return EXIT_INTEGRITY;
	case AGT_EIO:
	case AGT_EFULL: return EXIT_IOERR;
	case AGT_EBUSY: return EXIT_TEMPFAIL;
	case AGT_EVERSION:
	case AGT_EREADONLY:
	case AGT_EUNSUPPORTED: return EXIT_SOFTWARE;
	default: return EXIT_SOFTWARE;
	}
}

int
cli_input_exit(int rc)
{
	return rc == AGT_ENOTFOUND ? EXIT_NOINPUT : cli_exit_code(rc);
}

/* FP of PATH, or NULL with errno set; a directory is EISDIR here. */
static FILE *
open_input(const char *path)
{
	FILE *fp;
	struct stat st;

	if (strcmp(path, "-") == 0)
		return stdin;
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		errno = EISDIR;
		return NULL;
	}
	return fp;
}

int
cli_read_input(const char *path, size_t max, const char *what, char **out,
    size_t *len)
{
	FILE *fp = open_input(path);
	/* One byte over MAX tells MAX bytes from more. */
	size_t limit = max + 1, cap = limit < 65536 ? limit : 65536, n = 0;
	char *buf = NULL, *nb;
	int err, ex;

	if (strcmp(path, "-") == 0) /* named as cli_each_line() names it */
		path = "standard input";
	if (fp == NULL) {
		cli_warnx(path, "cannot open: %s", strerror(errno));
		return EXIT_NOINPUT;
	}
	for (;;) {
		if ((nb = realloc(buf, cap + 1)) == NULL)
			break;
		buf = nb;
		n += fread(buf + n, 1, cap - n, fp);
		if (n < cap || cap == limit)
			break;
		cap = cap > limit / 2 ? limit : cap * 2;
	}
	ex = nb == NULL ? EXIT_SOFTWARE : ferror(fp) ? EXIT_IOERR :
	    n == limit ? EXIT_DATAERR : EXIT_OK;
	err = errno;
	if (fp != stdin)
		fclose(fp);
	if (ex != EXIT_OK) {
		if (ex == EXIT_IOERR)
			cli_warnx(path, "cannot read: %s", strerror(err));
		else if (ex == EXIT_DATAERR)
			cli_warnx(path, "over %zu %s, the most %s may have",
			    max % ((size_t)1 << 20) == 0 ? max >> 20 : max >> 10,
			    max % ((size_t)1 << 20) == 0 ? "MiB" : "KiB", what);
		else
			cli_warnx(path, "out of memory");
		free(buf);
		return ex;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return EXIT_OK;
}

int
cli_fail(const agt_db *db, const char *where, int rc)
{
	const char *msg = agt_errmsg(db);
	size_t n = where != NULL ? strlen(where) : 0;

	if (msg == NULL || *msg == '\0')
		msg = agt_strerror(rc);
	/* The library's message often starts with the same file name. */
	if (n > 0 && strncmp(msg, where, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
		msg += n + 2;
	cli_warnx(where, "%s", msg);
	return cli_exit_code(rc);
}

int
cli_usage(const char *usage)
{
	fprintf(stderr, "%s", usage);
	return EXIT_USAGE;
}

int
cli_has_register(const char *dbpath)
{
	char file[4096];

	snprintf(file, sizeof file, "%s/data.mdb", dbpath);
	return access(file, F_OK) == 0;
}

int
cli_open(struct cli *cli, unsigned flags, agt_db **out)
{
	int rc, creating = (flags & AGT_OPEN_CREATE) &&
	    !cli_has_register(cli->dbpath);

	if ((rc = agt_db_open(out, cli->dbpath, flags)) == AGT_OK) {
		cli_check_perms(cli->dbpath);
		return EXIT_OK;
	}
	if (rc == AGT_ENOTFOUND) {
		cli_warnx(cli->dbpath, "no register here (agtrace init creates one)");
		return EXIT_NOINPUT;
	}
	/* As init: a register that cannot be made is 73, not a read's 74. */
	if (creating && rc == AGT_EIO) {
		cli_fail(NULL, cli->dbpath, rc);
		return EXIT_CANTCREAT;
	}
	return cli_fail(NULL, cli->dbpath, rc);
}

int
cli_json_print(json_t *doc)
{
	int rc;

	if (doc == NULL) {
		cli_warnx(NULL, "out of memory");
		return EXIT_SOFTWARE;
	}
	rc = json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(doc);
	return rc == 0 ? EXIT_OK : EXIT_IOERR;
}

/* The library's JSON form of a record (agt_record_json()), as a jansson value. */
json_t *
cli_record_json(const agt_record *rec)
{
	json_error_t err;
	json_t *j = NULL;
	char *s;

	if (agt_record_json(&s, rec) == AGT_OK) {
		j = json_loads(s, 0, &err);
		agt_free(s);
	}
	return j != NULL ? j : json_null();
}

/* Longer than any code a scanner types (a GS1 payload is at most 8 KiB). */
#define LINE_MAX_BYTES 16384

/*
 * The next line of standard input into LINE (LINE_MAX_BYTES + 1 bytes),
 * without its newline: its length; -1 at the end of the input; -2 for a
 * line longer than LINE_MAX_BYTES, read to its end and dropped, so that a
 * stream without newlines takes no more memory than this.
 */
static ssize_t
next_line(char *line)
{
	size_t n = 0;
	int c = EOF, any = 0;

	while ((c = getchar()) != EOF && c != '\n') {
		any = 1;
		if (n < LINE_MAX_BYTES)
			line[n] = (char)c;
		n++;
	}
	if (c == EOF && (!any || ferror(stdin))) /* no line, or a cut one */
		return -1;
	if (n > LINE_MAX_BYTES)
		return -2;
	line[n] = '\0';
	return (ssize_t)n;
}

/*
 * Call FN for each non-empty line of standard input (without CR/LF),
 * flushing standard output after each: a keyboard-wedge scanner waits for
 * every answer.  A line over 16 KiB is reported and skipped (exit 65).
 * Returns EXIT_IOERR when a read fails (a directory, EIO), else the last
 * non-zero result of FN, else 0.
 */
int
cli_each_line(int (*fn)(const char *line, void *arg), void *arg)
{
	static char line[LINE_MAX_BYTES + 1];
	unsigned long lineno = 0;
	ssize_t n;
	int status = 0, rc;

	while ((n = next_line(line)) != -1) {
		lineno++;
		if (n == -2) {
			cli_warnx("standard input", "line %lu: longer than %d "
			    "bytes: not a code", lineno, LINE_MAX_BYTES);
			status = EXIT_DATAERR;
			continue;
		}
		while (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0)
			continue;
		/* A NUL would cut the code short and answer for another one. */
		if (memchr(line, '\0', (size_t)n) != NULL) {
			cli_warnx("standard input", "line %lu: a NUL byte in a code",
			    lineno);
			status = EXIT_DATAERR;
			continue;
		}
		if ((rc = fn(line, arg)) != 0)
			status = rc;
		fflush(stdout);
	}
	/* The end of the input is no answer to a failed read of it. */
	if (ferror(stdin)) {
		cli_warnx("standard input", "cannot read: %s", strerror(errno));
		status = EXIT_IOERR;
	}
	return status;
}

/*
 * The order people read fields in: keys and names, who and what, where,
 * when, how much, the verdict; an item reads "analyte value unit limit
 * method verdict".  Fields not listed follow in tag order.
 */
static const int reading_order[] = {
	AGT_F_ID, AGT_F_NAME, AGT_F_NAME_ZH, AGT_F_GROUP, AGT_F_GTIN,
	AGT_F_LOT, AGT_F_PRODUCT, AGT_F_CATEGORY, AGT_F_SUPPLIER, AGT_F_AGENCY,
	AGT_F_SALESPOINT, AGT_F_ANALYTE, AGT_F_ORIGIN_PLACE,
	AGT_F_ORIGIN_COUNTRY, AGT_F_HARVESTED, AGT_F_PRODUCED, AGT_F_PACKED,
	AGT_F_EXPIRES, AGT_F_SHIPPED, AGT_F_SAMPLED, AGT_F_ISSUED, AGT_F_VALUE,
	AGT_F_QUANTITY, AGT_F_UNIT, AGT_F_ITEM_LIMIT, AGT_F_METHOD,
	AGT_F_VERDICT, AGT_F_SUPERSEDES
};
#define NORDER (sizeof reading_order / sizeof reading_order[0])

static void print_fields(FILE *fp, const agt_record *rec, int indent);

/* Every value of FIELD in REC, nested records indented below their name. */
static void
print_field(FILE *fp, const agt_record *rec, int f, int indent)
{
	const agt_record *child;
	const char *v;
	char *b64;
	size_t n, i, len;

	if ((n = agt_record_count(rec, f)) == 0 || !agt_field_name(f))
		return;
	for (i = 0; i < n; i++) {
		if ((child = agt_record_child(rec, f, i)) != NULL) {
			fprintf(fp, "%*s%s:\n", indent, "", agt_field_name(f));
			print_fields(fp, child, indent + 2);
			continue;
		}
		v = agt_record_get_nth(rec, f, i, &len);
		if (v != NULL && agt_field_is_binary(f) &&
		    agt_base64_encode(&b64, v, len) == AGT_OK) {
			fprintf(fp, "%*s%-14s %s\n", indent, "",
			    agt_field_name(f), b64);
			agt_free(b64);
		} else if (v != NULL)
			fprintf(fp, "%*s%-14s %s\n", indent, "",
			    agt_field_name(f), v);
	}
}

static int
in_reading_order(int f)
{
	size_t i;

	for (i = 0; i < NORDER; i++)
		if (reading_order[i] == f)
			return 1;
	return 0;
}

static void
print_fields(FILE *fp, const agt_record *rec, int indent)
{
	size_t i;
	int f;

	for (i = 0; i < NORDER; i++)
		print_field(fp, rec, reading_order[i], indent);
	for (f = 1; f < AGT_F_LIMIT; f++)
		if (!in_reading_order(f))
			print_field(fp, rec, f, indent);
}

void
cli_record_print(FILE *fp, const agt_record *rec)
{
	char hex[2 * AGT_HASH_LEN + 1];
	const unsigned char *hash;

	fprintf(fp, "%s %s\n", agt_type_name(agt_record_type(rec)),
	    agt_record_key(rec) ? agt_record_key(rec) : "");
	print_fields(fp, rec, 2);
	if (agt_record_seq(rec) != 0 && (hash = agt_record_hash(rec)) != NULL)
		fprintf(fp, "  %-14s %llu %s\n", "ledger",
		    (unsigned long long)agt_record_seq(rec), agt_hash_hex(hex, hash));
}
