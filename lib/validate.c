/* validate.c - checking a record on its own: fields, formats, required. */
#include "record_private.h"
#include "recall_private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The detail of the last failure in this thread, for *why. */
static _Thread_local char why_buf[160];

static int bad(const char **why, const char *fmt, ...) AGTI_PRINTF(2, 3);

static int
bad(const char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why_buf, sizeof why_buf, fmt, ap);
	va_end(ap);
	if (why != NULL)
		*why = why_buf;
	return AGT_EINVAL;
}

/* 1 if the 8 bytes at P are ASCII and none is NUL. */
static int
ascii8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t w;

	memcpy(&w, p, 8);
	return ((w | ((w - ones) & ~w)) & highs) == 0;
}

int
agti_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	unsigned c, n, i;

	while (p < end) {
		if (end - p >= 8 && ascii8(p)) { /* most text: 8 bytes at a time */
			p += 8;
			continue;
		}
		c = *p++;
		if (c - 1u < 0x7fu) /* ASCII but NUL */
			continue;
		if (c == 0)
			return 0;
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, c &= 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, c &= 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, c &= 0x07;
		else
			return 0;
		if ((size_t)(end - p) < n)
			return 0;
		for (i = 0; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3f);
		}
		p += n;
		if ((n == 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
		    (n == 3 && (c < 0x10000 || c > 0x10ffff)))
			return 0;
	}
	return 1;
}

int
agti_all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
agti_date_valid(const char *s, size_t len)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !agti_all_digits(s, 4) ||
	    !agti_all_digits(s + 5, 2) || !agti_all_digits(s + 8, 2))
		return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + s[3] - '0';
	m = (s[5] - '0') * 10 + s[6] - '0';
	d = (s[8] - '0') * 10 + s[9] - '0';
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29)
		return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
	return 1;
}

/* GS1 AI 10: 1 to 20 characters of the AI encodable set 82. */
int
agti_lot_valid(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 20)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7a || c == '#' || c == '$' || c == '@' ||
		    (c >= '[' && c <= '^') || c == '`')
			return 0;
	}
	return 1;
}

static int
decimal(const char *s, size_t len)
{
	size_t i, dots = 0;

	if (len == 0 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return dots <= 1;
}

/* An identifier: 1 to 64 bytes of text without control characters. */
static int
ident(const char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int
check_text(int field, const char *s, size_t len, const char **why)
{
	const char *name = agt_field_name(field);

	if (!agti_utf8_valid(s, len) || len > 4096)
		return bad(why, "%s: not UTF-8 text of at most 4096 bytes", name);
	switch (field) {
	case AGT_F_GTIN:
		if (len != 14 || !agt_gtin_valid(s, len))
			return bad(why, "gtin %s: not a GTIN-14 with a valid check digit", s);
		break;
	case AGT_F_LOT:
		if (!agti_lot_valid(s, len))
			return bad(why, "lot %s: not 1-20 characters of GS1 set 82", s);
		break;
	case AGT_F_HARVESTED: case AGT_F_PRODUCED: case AGT_F_PACKED:
	case AGT_F_EXPIRES: case AGT_F_SAMPLED: case AGT_F_ISSUED:
	case AGT_F_SHIPPED:
		if (!agti_date_valid(s, len))
			return bad(why, "%s %s: not a date YYYY-MM-DD", name, s);
		break;
	case AGT_F_VERDICT:
		if (strcmp(s, "pass") != 0 && strcmp(s, "fail") != 0)
			return bad(why, "verdict %s: not pass or fail", s);
		break;
	case AGT_F_ORIGIN_COUNTRY:
		if (len != 3 || !agti_all_digits(s, 3))
			return bad(why, "origin_country %s: not an ISO 3166-1 numeric code", s);
		break;
	case AGT_F_QUANTITY:
		if (!decimal(s, len))
			return bad(why, "quantity %s: not a decimal number", s);
		break;
	case AGT_F_GROUP:
		if (strcmp(s, "fruit-vegetable") != 0 && strcmp(s, "livestock") != 0 &&
		    strcmp(s, "fish-bee") != 0)
			return bad(why, "group %s: not fruit-vegetable, livestock or fish-bee", s);
		break;
	case AGT_F_ID: case AGT_F_SUPPLIER: case AGT_F_CATEGORY:
	case AGT_F_AGENCY: case AGT_F_SUPERSEDES: case AGT_F_SALESPOINT:
		if (!ident(s, len) || (field == AGT_F_SALESPOINT && strchr(s, '/')))
			return bad(why, "%s %s: not an identifier of 1-64 characters", name, s);
		break;
	case AGT_F_ALIAS:
		if (!ident(s, len))
			return bad(why, "alias %s: not a code of 1-64 characters", s);
		break;
	}
	return AGT_OK;
}

static int
repeats(int field)
{
	return field == AGT_F_ALIAS || field == AGT_F_CERTIFICATION ||
	    field == AGT_F_ITEM || field == AGT_F_LOTREF;
}

static int validate_depth(const agt_record *rec, const char **why, int depth);

static int
check_value(const struct agti_value *v, const unsigned char *count,
    const char **why, int depth)
{
	const char *name = agt_field_name(v->field);

	if (!repeats(v->field) && count[v->field] > 1)
		return bad(why, "%s: given more than once", name);
	if (v->kind == AGTI_K_NESTED) {
		if (v->child->type != (v->field == AGT_F_ITEM ? AGT_T_ITEM : AGT_T_LOTREF))
			return bad(why, "%s: holds a record of the wrong type", name);
		return validate_depth(v->child, why, depth + 1);
	}
	if (v->field == AGT_F_PUBKEY && v->len != 32)
		return bad(why, "pubkey: not 32 bytes");
	if (v->field == AGT_F_SIGNATURE && v->len != 64)
		return bad(why, "signature: not 64 bytes");
	if (v->kind == AGTI_K_TEXT)
		return check_text(v->field, v->data, v->len, why);
	return AGT_OK;
}

/* Required fields per type, 0-terminated. */
static const int *
required(int type)
{
	static const int category[] = { AGT_F_ID, AGT_F_NAME, AGT_F_GROUP, 0 };
	static const int supplier[] = { AGT_F_ID, AGT_F_NAME, 0 };
	static const int agency[] = { AGT_F_ID, AGT_F_NAME, AGT_F_ACCREDITATION, 0 };
	static const int lot[] = { AGT_F_GTIN, AGT_F_LOT, AGT_F_SUPPLIER,
	    AGT_F_CATEGORY, AGT_F_PRODUCT, AGT_F_ORIGIN_COUNTRY, 0 };
	static const int report[] = { AGT_F_ID, AGT_F_AGENCY, AGT_F_ISSUED,
	    AGT_F_VERDICT, AGT_F_LOTREF, 0 };
	static const int shipment[] = { AGT_F_GTIN, AGT_F_LOT, AGT_F_SALESPOINT,
	    AGT_F_SHIPPED, 0 };
	static const int item[] = { AGT_F_ANALYTE, AGT_F_VERDICT, 0 };
	static const int lotref[] = { AGT_F_GTIN, AGT_F_LOT, 0 };
	static const int none[] = { 0 };

	switch (type) {
	case AGT_T_CATEGORY: return category;
	case AGT_T_SUPPLIER: return supplier;
	case AGT_T_AGENCY: return agency;
	case AGT_T_SALESPOINT: return supplier; /* ID and NAME */
	case AGT_T_LOT: return lot;
	case AGT_T_REPORT: return report;
	case AGT_T_SHIPMENT: return shipment;
	case AGT_T_ITEM: return item;
	case AGT_T_LOTREF: return lotref;
	/* AGT_T_RECALL, AGT_T_RELEASE: the recall module adds its rules here. */
	default: return none;
	}
}

/* A report names each lot once (one lot_reports index entry per lot). */
static int
lots_once(const agt_record *rec, const char **why)
{
	const agt_record *a, *b;
	size_t i, j;

	for (i = 0; (a = agt_record_child(rec, AGT_F_LOTREF, i)); i++)
		for (j = 0; j < i; j++) {
			b = agt_record_child(rec, AGT_F_LOTREF, j);
			if (agt_record_key(a) && agt_record_key(b) &&
			    strcmp(agt_record_key(a), agt_record_key(b)) == 0)
				return bad(why, "lotref %s: named twice", agt_record_key(a));
		}
	return AGT_OK;
}

static int
validate_depth(const agt_record *rec, const char **why, int depth)
{
	unsigned char count[256]; /* per field, saturating at 2 */
	const int *req;
	size_t i;
	int rc;

	if (depth > AGTI_MAX_DEPTH)
		return bad(why, "records nested too deep");
	/* One pass instead of a count per field and value: quadratic. */
	memset(count, 0, sizeof count);
	for (i = 0; i < rec->n; i++)
		if (count[rec->v[i].field] < 2)
			count[rec->v[i].field]++;
	for (req = required(rec->type); *req != 0; req++)
		if (count[*req & 0xff] == 0)
			return bad(why, "%s %s: missing", agt_type_name(rec->type),
			    agt_field_name(*req));
	for (i = 0; i < rec->n; i++)
		if ((rc = check_value(&rec->v[i], count, why, depth)) != AGT_OK)
			return rc;
	return rec->type == AGT_T_REPORT ? lots_once(rec, why) : AGT_OK;
}

int
agt_record_validate(const agt_record *rec, const char **why)
{
	if (why != NULL)
		*why = "";
	if (rec->type >= AGT_T_ITEM)
		return bad(why, "a %s is only valid inside a report",
		    agt_type_name(rec->type));
	if (rec->type == AGT_T_RECALL || rec->type == AGT_T_RELEASE) {
		int rc = validate_depth(rec, why, 0);
		return rc != AGT_OK ? rc : agti_recall_validate(rec, why);
	}
	return validate_depth(rec, why, 0);
}
