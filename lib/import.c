/*
 * import.c - a batch import session: one write transaction for any number
 * of files, error list, outcome counts, forward references, signatures.
 *
 * Forward references: a record whose reference is unknown (agt_put says
 * AGT_ENOTFOUND) is encoded into a temporary file with its location, not
 * kept in memory, and put again once every file is read, in passes until
 * no more succeed.  Ordered batches park nothing, so they pay nothing; a
 * batch in reverse order parks on disk, so memory stays flat either way.
 * What still fails in the last pass is an unknown reference.
 */
#include "import_private.h"
#include "store_private.h"
#include "epcis_import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NTYPES (AGT_T_RELEASE + 1)
#define KEYCACHE 64

struct keyent {
	char id[40];
	int valid, has;
	unsigned char pub[AGT_PUBKEY_LEN];
};

struct agt_import {
	agt_db *db;
	agt_txn *txn;
	agt_import_options opts;
	uint64_t counts[NTYPES][4];
	uint64_t stats[AGT_IMPORT_ERRORS + 1];
	char **errors;
	size_t nerrors;
	int first_rc;
	int file_rc; /* first error of the file being read */
	char **files;
	size_t nfiles;
	char **notes;    /* skipped EPCIS events (recall module) */
	size_t nnotes;
	FILE *park;
	uint64_t nparked;
	struct agti_verifier *ver;
	struct keyent keys[KEYCACHE];
	int finished;
};

int
agt_import_new(agt_import **out, agt_db *db, const agt_import_options *opts)
{
	agt_import_options defaults = AGT_IMPORT_OPTIONS_INIT;
	agt_import *imp;
	int rc;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->version != AGT_IMPORT_OPTIONS_VERSION)
		return agti_error(db, AGT_EVERSION,
		    "import options of version %u, this library knows %d",
		    opts->version, AGT_IMPORT_OPTIONS_VERSION);
	if ((imp = calloc(1, sizeof *imp)) == NULL)
		return AGT_ENOMEM;
	imp->db = db;
	imp->opts = *opts;
	if (imp->opts.max_errors == 0)
		imp->opts.max_errors = 100;
	if ((imp->errors = calloc(imp->opts.max_errors, sizeof *imp->errors)) == NULL) {
		free(imp);
		return AGT_ENOMEM;
	}
	agti_xml_init();
	if ((rc = agt_txn_begin(&imp->txn, db, 0)) != AGT_OK ||
	    (rc = agti_verifier_new(&imp->ver, imp->opts.threads,
		imp->opts.max_errors)) != AGT_OK) {
		agt_import_free(imp);
		return rc;
	}
	*out = imp;
	return AGT_OK;
}

void
agt_import_free(agt_import *imp)
{
	size_t i;

	if (imp == NULL)
		return;
	agti_verifier_free(imp->ver);
	agt_txn_abort(imp->txn);
	if (imp->park != NULL)
		fclose(imp->park);
	for (i = 0; i < imp->nerrors; i++)
		free(imp->errors[i]);
	free(imp->errors);
	for (i = 0; i < imp->nfiles; i++)
		free(imp->files[i]);
	free(imp->files);
	for (i = 0; i < imp->nnotes; i++)
		free(imp->notes[i]);
	free(imp->notes);
	free(imp);
}

const agt_import_options *
agti_import_options(const agt_import *imp)
{
	return &imp->opts;
}

int
agti_import_add_file(agt_import *imp, const char *name, uint32_t *out)
{
	char **files, *copy;

	if ((copy = strdup(name)) == NULL)
		return AGT_ENOMEM;
	files = realloc(imp->files, (imp->nfiles + 1) * sizeof *files);
	if (files == NULL) {
		free(copy);
		return AGT_ENOMEM;
	}
	imp->files = files;
	files[imp->nfiles] = copy;
	*out = (uint32_t)imp->nfiles++;
	return AGT_OK;
}

static int verror(agt_import *imp, const struct agti_loc *loc, int code,
    const char *fmt, va_list ap) AGTI_PRINTF(4, 0);

static int
verror(agt_import *imp, const struct agti_loc *loc, int code,
    const char *fmt, va_list ap)
{
	char msg[1024];
	char *line;
	int n;

	imp->stats[AGT_IMPORT_ERRORS]++;
	if (imp->first_rc == AGT_OK)
		imp->first_rc = code;
	if (imp->file_rc == AGT_OK)
		imp->file_rc = code;
	if (imp->nerrors >= imp->opts.max_errors)
		return code;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (loc->line > 0)
		n = asprintf(&line, "%s:%lu:%lu: %s", imp->files[loc->file],
		    (unsigned long)loc->line, (unsigned long)loc->col, msg);
	else
		n = asprintf(&line, "%s: %s", imp->files[loc->file], msg);
	if (n >= 0)
		imp->errors[imp->nerrors++] = line;
	return code;
}

int
agti_import_error(agt_import *imp, const struct agti_loc *loc, int code,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(imp, loc, code, fmt, ap);
	va_end(ap);
	return code;
}

int
agti_import_full(const agt_import *imp)
{
	return imp->nerrors >= imp->opts.max_errors;
}

void
agti_import_count_read(agt_import *imp, uint64_t bytes, uint64_t records)
{
	imp->stats[AGT_IMPORT_BYTES] += bytes;
	imp->stats[AGT_IMPORT_RECORDS] += records;
}

/* ---- agency keys: a small cache in front of the register ---- */

static struct keyent *
key_slot(agt_import *imp, const char *id)
{
	unsigned h = 2166136261u;
	const char *p;

	for (p = id; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &imp->keys[h % KEYCACHE];
}

static void
key_remember(struct keyent *e, const agt_record *agency)
{
	const char *pub;
	size_t len;

	snprintf(e->id, sizeof e->id, "%s", agt_record_get(agency, AGT_F_ID));
	pub = agt_record_get_nth(agency, AGT_F_PUBKEY, 0, &len);
	e->has = pub != NULL && len == AGT_PUBKEY_LEN;
	if (e->has)
		memcpy(e->pub, pub, AGT_PUBKEY_LEN);
	e->valid = strlen(agt_record_get(agency, AGT_F_ID)) < sizeof e->id;
}

/* The public key of agency ID, or NULL when it has none. */
static const unsigned char *
key_lookup(agt_import *imp, const char *id)
{
	struct keyent *e = key_slot(imp, id);
	agt_record *agency;

	if (!e->valid || strcmp(e->id, id) != 0) {
		if (agt_get(&agency, imp->txn, AGT_T_AGENCY, id) != AGT_OK)
			return NULL;
		key_remember(e, agency);
		agt_record_free(agency);
	}
	return e->has ? e->pub : NULL;
}

/* ---- reports: queue the signature check ---- */

static void
check_signature(agt_import *imp, const agt_record *rec,
    const struct agti_loc *loc)
{
	const char *sig, *number = agt_record_get(rec, AGT_F_ID);
	const char *agency = agt_record_get(rec, AGT_F_AGENCY);
	const unsigned char *pub;
	struct agti_sigjob *job;
	size_t len;

	if ((sig = agt_record_get_nth(rec, AGT_F_SIGNATURE, 0, &len)) == NULL) {
		imp->stats[AGT_IMPORT_UNSIGNED]++;
		if (imp->opts.flags & AGT_IMPORT_REQUIRE_SIGNATURES)
			agti_import_error(imp, loc, AGT_ESIGNATURE,
			    "report %s: not signed (signatures are required)",
			    number);
		return;
	}
	if ((pub = key_lookup(imp, agency)) == NULL) {
		agti_import_error(imp, loc, AGT_ESIGNATURE, "report %s: signed, "
		    "but agency %s has no public key", number, agency);
		return;
	}
	if (len != AGT_SIG_LEN || (job = calloc(1, sizeof *job)) == NULL) {
		agti_import_error(imp, loc, AGT_ESIGNATURE,
		    "report %s: bad signature", number);
		return;
	}
	if (agt_record_encode_unsigned(rec, &job->msg, &job->len) != AGT_OK) {
		free(job);
		agti_import_error(imp, loc, AGT_ENOMEM, "out of memory");
		return;
	}
	memcpy(job->sig, sig, AGT_SIG_LEN);
	memcpy(job->pub, pub, AGT_PUBKEY_LEN);
	job->loc = *loc;
	snprintf(job->number, sizeof job->number, "%s", number);
	agti_verifier_push(imp->ver, job);
}

/* ---- putting records, parking forward references ---- */

static int
park(agt_import *imp, FILE **fp, const agt_record *rec,
    const struct agti_loc *loc)
{
	unsigned char *buf;
	size_t len;
	uint32_t hdr[4];
	int ok;

	if (*fp == NULL && (*fp = tmpfile()) == NULL)
		return agti_import_error(imp, loc, AGT_EIO,
		    "temporary file: %s", strerror(errno));
	if (agt_record_encode(rec, &buf, &len) != AGT_OK)
		return agti_import_error(imp, loc, AGT_ENOMEM, "out of memory");
	hdr[0] = loc->file;
	hdr[1] = loc->line;
	hdr[2] = loc->col;
	hdr[3] = (uint32_t)len;
	ok = fwrite(hdr, sizeof hdr, 1, *fp) == 1 &&
	    fwrite(buf, len, 1, *fp) == 1;
	agt_free(buf);
	if (!ok)
		return agti_import_error(imp, loc, AGT_EIO,
		    "temporary file: %s", strerror(errno));
	return AGT_OK;
}

/*
 * Put REC; on an unknown reference park it into *PARK when PARK is not
 * NULL, else list the error.  Returns agt_put()'s status.
 */
static int
put(agt_import *imp, const agt_record *rec, const struct agti_loc *loc,
    FILE **parkfp, int validated)
{
	int rc, outcome = 0, type = agt_record_type(rec);
	const char *key;

	rc = agti_put(imp->txn, rec, validated, &outcome);
	if (rc == AGT_ENOTFOUND && parkfp != NULL) {
		park(imp, parkfp, rec, loc);
		return rc;
	}
	if (rc != AGT_OK) {
		/* agt_errmsg() names the record: "lot GTIN/LOT: ..." */
		key = agt_record_key(rec);
		if (*agt_errmsg(imp->db) != '\0')
			agti_import_error(imp, loc, rc, "%s", agt_errmsg(imp->db));
		else
			agti_import_error(imp, loc, rc, "%s %s: %s",
			    agt_type_name(type), key != NULL ? key : "(no key)",
			    agt_strerror(rc));
		return rc;
	}
	if (type > 0 && type < NTYPES && outcome >= 1 && outcome <= 3)
		imp->counts[type][outcome]++;
	if (type == AGT_T_AGENCY)
		key_remember(key_slot(imp, agt_record_get(rec, AGT_F_ID)), rec);
	if (type == AGT_T_REPORT)
		check_signature(imp, rec, loc);
	return AGT_OK;
}

void
agti_import_put(agt_import *imp, const agt_record *rec,
    const struct agti_loc *loc, int validated)
{
	if (put(imp, rec, loc, &imp->park, validated) == AGT_ENOTFOUND)
		imp->nparked++;
}

/* One pass over the parked records; those still unknown go to *NEXT. */
static uint64_t
unpark_pass(agt_import *imp, FILE *from, FILE **next, int final)
{
	uint32_t hdr[4];
	unsigned char *buf;
	agt_record *rec;
	struct agti_loc loc;
	uint64_t left = 0;

	rewind(from);
	while (fread(hdr, sizeof hdr, 1, from) == 1) {
		loc.file = hdr[0];
		loc.line = hdr[1];
		loc.col = hdr[2];
		if ((buf = malloc(hdr[3] ? hdr[3] : 1)) == NULL ||
		    fread(buf, hdr[3], 1, from) != 1 ||
		    agt_record_decode(&rec, buf, hdr[3]) != AGT_OK) {
			free(buf);
			agti_import_error(imp, &loc, AGT_EIO,
			    "cannot read back a parked record");
			return 0;
		}
		free(buf);
		if (put(imp, rec, &loc, final ? NULL : next, 0) == AGT_ENOTFOUND)
			left++;
		agt_record_free(rec);
		if (agti_import_full(imp))
			break;
	}
	return left;
}

static void
unpark(agt_import *imp)
{
	FILE *next;
	uint64_t left;

	while (imp->nparked > 0 && !agti_import_full(imp)) {
		next = NULL;
		left = unpark_pass(imp, imp->park, &next, 0);
		fclose(imp->park);
		imp->park = next;
		if (left == imp->nparked) {
			/* No progress: what is left names unknown records. */
			unpark_pass(imp, imp->park, NULL, 1);
			left = 0;
		}
		imp->nparked = left;
	}
}

static void
collect_signatures(agt_import *imp)
{
	const struct agti_sigjob *job;
	size_t i;

	agti_verifier_finish(imp->ver);
	for (i = 0; (job = agti_verifier_failure(imp->ver, i)) != NULL; i++)
		agti_import_error(imp, &job->loc, AGT_ESIGNATURE,
		    "report %s: signature does not verify with the key of "
		    "its agency", job->number);
	/* Failures past the kept ones still count. */
	if (agti_verifier_failed(imp->ver) > i) {
		imp->stats[AGT_IMPORT_ERRORS] += agti_verifier_failed(imp->ver) - i;
		if (imp->first_rc == AGT_OK)
			imp->first_rc = AGT_ESIGNATURE;
	}
	imp->stats[AGT_IMPORT_SIGNED] = agti_verifier_checked(imp->ver) -
	    agti_verifier_failed(imp->ver);
}

int
agt_import_commit(agt_import *imp)
{
	int rc;

	if (imp->finished)
		return agti_error(imp->db, AGT_EINVAL, "import already finished");
	imp->finished = 1;
	unpark(imp);
	collect_signatures(imp);
	if (imp->first_rc != AGT_OK || (imp->opts.flags & AGT_IMPORT_DRY_RUN)) {
		agt_txn_abort(imp->txn);
		imp->txn = NULL;
		return imp->first_rc;
	}
	rc = agt_txn_commit(imp->txn);
	imp->txn = NULL;
	if (rc != AGT_OK)
		imp->first_rc = rc;
	return rc;
}

int
agti_import_add_note(agt_import *imp, const char *msg)
{
	char **notes, *copy;

	if (imp->nnotes >= imp->opts.max_errors)
		return AGT_OK;
	if ((copy = strdup(msg)) == NULL)
		return AGT_ENOMEM;
	if ((notes = realloc(imp->notes, (imp->nnotes + 1) * sizeof *notes)) == NULL) {
		free(copy);
		return AGT_ENOMEM;
	}
	imp->notes = notes;
	notes[imp->nnotes++] = copy;
	return AGT_OK;
}

const char *
agt_import_note(const agt_import *imp, size_t n)
{
	return n < imp->nnotes ? imp->notes[n] : NULL;
}

/* An EPCIS document: the HEAD already read, then the rest, whole (the
 * EPCIS readers parse a document at once). */
static int
import_epcis_fd(agt_import *imp, const char *path, int fd, const char *head,
    size_t n)
{
	struct agti_loc loc = { 0, 0, 0 };
	char *doc;
	size_t len = n;
	int rc;

	if ((doc = malloc(n + 1)) == NULL)
		rc = AGT_ENOMEM;
	else {
		memcpy(doc, head, n);
		rc = agti_read_fd(fd, &doc, &len, 1 << 20, AGTI_EPCIS_MAX);
	}
	if (rc != AGT_OK) {
		int err = errno;

		if (agti_import_add_file(imp, path, &loc.file) != AGT_OK)
			return AGT_ENOMEM;
		return agti_import_error(imp, &loc, rc, rc == AGT_EIO ?
		    "read error: %s" : rc == AGT_EFORMAT ? "an EPCIS document of "
		    "over 256 MiB (%s)" : "%s",
		    strerror(err));
	}
	agti_import_epcis(imp, imp->txn, path, doc, len);
	free(doc);
	return imp->file_rc;
}

/*
 * Any file, a pipe, a FIFO, standard input: read once, from its first
 * bytes to its end, never reopened.  The first 4 KiB tell an EPCIS
 * document from a batch, which streams on from them.
 */
static int
import_stream_fd(agt_import *imp, const char *path, int fd)
{
	struct agti_loc loc = { 0, 0, 0 };
	char head[AGTI_EPCIS_HEAD];
	ssize_t n;
	int rc;

	if ((n = agti_read_head(fd, head, sizeof head)) < 0) {
		int err = errno;

		if ((rc = agti_import_add_file(imp, path, &loc.file)) != AGT_OK)
			return rc;
		return agti_import_error(imp, &loc, AGT_EIO, "read error: %s",
		    strerror(err));
	}
	if (agti_epcis_detect_head(head, (size_t)n) > 0)
		return import_epcis_fd(imp, path, fd, head, (size_t)n);
	if ((rc = agti_import_add_file(imp, path, &loc.file)) != AGT_OK)
		return rc;
	agti_import_stream(imp, loc.file, path, fd, head, (size_t)n);
	return imp->file_rc;
}

int
agt_import_file(agt_import *imp, const char *path)
{
	struct agti_loc loc = { 0, 0, 0 };
	int fd, rc, rc2;

	if (imp->finished)
		return agti_error(imp->db, AGT_EINVAL, "import already finished");
	imp->file_rc = AGT_OK;
	if (strcmp(path, "-") == 0)
		return import_stream_fd(imp, "-", STDIN_FILENO);
	if ((rc = agti_input_open(path, &fd)) != AGT_OK) {
		int err = errno;

		if ((rc2 = agti_import_add_file(imp, path, &loc.file)) != AGT_OK)
			return rc2;
		return agti_import_error(imp, &loc, rc, "%s", strerror(err));
	}
	rc = import_stream_fd(imp, path, fd);
	close(fd);
	return rc;
}

int
agt_import_memory(agt_import *imp, const char *name, const void *xml,
    size_t len)
{
	uint32_t file;
	int rc;

	if (imp->finished)
		return agti_error(imp->db, AGT_EINVAL, "import already finished");
	if ((rc = agti_import_add_file(imp, name, &file)) != AGT_OK)
		return rc;
	imp->file_rc = AGT_OK;
	agti_import_stream(imp, file, name, -1, xml, len);
	return imp->file_rc;
}

uint64_t
agt_import_count(const agt_import *imp, int type, int outcome)
{
	if (type <= 0 || type >= NTYPES || outcome < 1 || outcome > 3)
		return 0;
	return imp->counts[type][outcome];
}

uint64_t
agt_import_stat(const agt_import *imp, int which)
{
	if (which < AGT_IMPORT_RECORDS || which > AGT_IMPORT_ERRORS)
		return 0;
	return imp->stats[which];
}

const char *
agt_import_error(const agt_import *imp, size_t n)
{
	return n < imp->nerrors ? imp->errors[n] : NULL;
}
