/* util.c - diagnostics, exit codes, register opening, JSON and text output. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void
cli_warnx(const char *where, const char *fmt, ...)
{
	va_list ap;

	fputs("agtrace: ", stderr);
	if (where != NULL)
		fprintf(stderr, "%s: ", where);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
cli_fail(const agt_db *db, const char *where, int rc)
{
	const char *msg = agt_errmsg(db);

	if (msg == NULL || *msg == '\0')
		msg = agt_strerror(rc);
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
cli_open(struct cli *cli, unsigned flags, agt_db **out)
{
	int rc;

	if ((rc = agt_db_open(out, cli->dbpath, flags)) == AGT_OK)
		return EXIT_OK;
	if (rc == AGT_ENOTFOUND) {
		cli_warnx(cli->dbpath, "no register here (agtrace init creates one)");
		return EXIT_NOINPUT;
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

/* Which fields repeat, so JSON gives them as arrays even with one value. */
static int
field_repeats(int field)
{
	return field == AGT_F_ALIAS || field == AGT_F_CERTIFICATION ||
	    field == AGT_F_ITEM || field == AGT_F_LOTREF;
}

static json_t *
value_json(const agt_record *rec, int field, size_t i)
{
	const agt_record *child;
	const char *v;
	size_t len;
	char *b64;
	json_t *j;

	if ((child = agt_record_child(rec, field, i)) != NULL)
		return cli_record_json(child);
	if ((v = agt_record_get_nth(rec, field, i, &len)) == NULL)
		return json_null();
	if (!agt_field_is_binary(field))
		return json_stringn(v, len);
	if (agt_base64_encode(&b64, v, len) != AGT_OK)
		return json_null();
	j = json_string(b64);
	agt_free(b64);
	return j;
}

json_t *
cli_record_json(const agt_record *rec)
{
	json_t *obj = json_object(), *arr;
	const unsigned char *hash;
	char hex[2 * AGT_HASH_LEN + 1];
	int f;
	size_t n, i;

	json_object_set_new(obj, "type",
	    json_string(agt_type_name(agt_record_type(rec))));
	for (f = 1; f < AGT_F_LIMIT; f++) {
		if ((n = agt_record_count(rec, f)) == 0 || !agt_field_name(f))
			continue;
		if (!field_repeats(f)) {
			json_object_set_new(obj, agt_field_name(f),
			    value_json(rec, f, 0));
			continue;
		}
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, value_json(rec, f, i));
		json_object_set_new(obj, agt_field_name(f), arr);
	}
	if (agt_record_seq(rec) != 0) {
		json_object_set_new(obj, "seq",
		    json_integer((json_int_t)agt_record_seq(rec)));
		if ((hash = agt_record_hash(rec)) != NULL)
			json_object_set_new(obj, "hash",
			    json_string(agt_hash_hex(hex, hash)));
	}
	return obj;
}

static void
print_fields(FILE *fp, const agt_record *rec, int indent)
{
	const agt_record *child;
	const char *v;
	char *b64;
	size_t n, i, len;
	int f;

	for (f = 1; f < AGT_F_LIMIT; f++) {
		if ((n = agt_record_count(rec, f)) == 0 || !agt_field_name(f))
			continue;
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
