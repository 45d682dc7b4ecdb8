/*
 * gs1.c - agt_gs1: tell which shape a scanned code has, hand it to the
 * parser for that shape, and answer questions about the result.
 */
#include "gs1_private.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PAYLOAD 8192

/* <0, 0 or >0 as AI sorts before, as or after KEY, LEN digits. */
static int
cmp_key(const char *ai, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (ai[i] == '\0') /* AI ends first: it sorts first */
			return -1;
		if (ai[i] != key[i])
			return (unsigned char)ai[i] - (unsigned char)key[i];
	}
	return ai[len] != '\0';
}

/* A binary search of the sorted table, comparing in place (no copy of
 * the key, no call through a pointer: a scan looks up several AIs). */
const struct agti_gs1_ai *
agti_gs1_ai_find(const char *ai, size_t len)
{
	size_t lo = 0, hi = agti_gs1_nais, mid;
	int c;

	if (len < 2 || len > 4)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = cmp_key(agti_gs1_ais[mid].ai, ai, len)) == 0)
			return &agti_gs1_ais[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* GS1 AIs are prefix-free: at most one of the 2-, 3- and 4-digit reads is an AI. */
const struct agti_gs1_ai *
agti_gs1_ai_at(const char *s, size_t avail)
{
	const struct agti_gs1_ai *ai;
	size_t n;

	for (n = 2; n <= 4 && n <= avail; n++) {
		if (s[n - 1] < '0' || s[n - 1] > '9' || s[0] < '0' || s[0] > '9')
			return NULL;
		if ((ai = agti_gs1_ai_find(s, n)) != NULL)
			return ai;
	}
	return NULL;
}

char *
agti_gs1_strdup(agt_gs1 *g, const char *s, size_t len)
{
	char *p = g->arena;

	if ((size_t)(g->end - p) < len + 1)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	g->arena = p + len + 1;
	return p;
}

static int
this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	return gmtime_r(&now, &tm) != NULL ? tm.tm_year + 1900 : 2026;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	    c == '\f';
}

/* Does S hold a typed stand-in for FNC1 (they all start so)? */
static int
has_wedge(const char *s, size_t len)
{
	return memchr(s, '<', len) || memchr(s, '{', len) ||
	    memchr(s, '\\', len) || memchr(s, '^', len);
}

/* Copy S into the arena, turning the typed stand-ins for FNC1 into GS. */
static char *
wedge_copy(agt_gs1 *g, const char *s, size_t *len)
{
	static const char *const subst[] = { "<GS>", "{GS}", "\\x1d", "\\x1D",
		"<gs>", "\\X1D", "^" };
	char *out = g->arena, *p = out;
	size_t i = 0, k, n;

	if ((size_t)(g->end - out) < *len + 1)
		return NULL;
	while (i < *len) {
		if (s[i] != '<' && s[i] != '{' && s[i] != '\\' && s[i] != '^') {
			*p++ = s[i++];
			continue;
		}
		for (k = 0; k < sizeof subst / sizeof subst[0]; k++) {
			n = strlen(subst[k]);
			if (*len - i >= n && memcmp(s + i, subst[k], n) == 0)
				break;
		}
		if (k < sizeof subst / sizeof subst[0]) {
			*p++ = AGTI_GS;
			i += strlen(subst[k]);
		} else
			*p++ = s[i++];
	}
	*p = '\0';
	*len = (size_t)(p - out);
	g->arena = p + 1;
	return out;
}

static int
parse_gtin(agt_gs1 *g, const char *s, size_t len, size_t base)
{
	char gtin[15] = "00000000000000";

	if (!agti_gs1_csum_ok(s, len))
		return agti_error(g->db, AGT_EFORMAT,
		    "GTIN-%zu at offset %zu: check digit %c, expected %d", len,
		    base + len - 1, s[len - 1], agti_gs1_csum_digit(s, len));
	memcpy(gtin + 14 - len, s, len);
	g->kind = AGT_GS1_GTIN;
	return agti_gs1_add(g, agti_gs1_ai_find("01", 2), gtin, 14, base);
}

/*
 * Digits starting with a whole (00), (01) or (02): an element string
 * whose FNC1 in front got lost (keyboard-wedge scanners without a
 * symbology identifier); its errors are reported as such.
 */
static int
looks_like_es(const char *s, size_t len)
{
	size_t n = (len >= 2 && s[0] == '0' && s[1] == '0') ? 18 : 14;

	if (len < 2 + n || s[0] != '0' || (s[1] != '0' && s[1] != '1' && s[1] != '2'))
		return 0;
	return agti_all_digits(s + 2, n);
}

static int
parse_alias(agt_gs1 *g, const char *s, size_t len, size_t base, unsigned flags)
{
	size_t i;

	if (flags & AGT_GS1_NO_ALIAS)
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: not a GS1 code", base);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return agti_error(g->db, AGT_EFORMAT,
			    "offset %zu: control character 0x%02X in a code",
			    base + i, (unsigned char)s[i]);
	g->kind = AGT_GS1_ALIAS;
	g->alias = agti_gs1_strdup(g, s, len);
	return g->alias ? AGT_OK : AGT_ENOMEM;
}

static int
classify(agt_gs1 *g, const char *s, size_t len, size_t base, unsigned flags)
{
	if (agti_gs1_is_dl(s, len)) {
		g->kind = AGT_GS1_DIGITAL_LINK;
		return agti_gs1_parse_dl(g, s, len, base);
	}
	if (len >= 2 && s[0] == '(' && s[1] >= '0' && s[1] <= '9') {
		g->kind = AGT_GS1_BRACKETED;
		return agti_gs1_parse_bracketed(g, s, len, base);
	}
	if (memchr(s, AGTI_GS, len) != NULL || looks_like_es(s, len)) {
		g->kind = AGT_GS1_ELEMENT;
		return agti_gs1_parse_es(g, s, len, base);
	}
	if (agti_all_digits(s, len) && (len == 8 || len == 12 || len == 13 || len == 14))
		return parse_gtin(g, s, len, base);
	return parse_alias(g, s, len, base, flags);
}

/* ]C1 GS1-128, ]e0 DataBar, ]d2 DataMatrix, ]Q3 QR, ]J1 DotCode: GS1 data. */
static int
gs1_symbology(const char *id)
{
	static const char *const ids[] = { "C1", "e0", "d2", "Q3", "J1" };
	size_t i;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (id[0] == ids[i][0] && id[1] == ids[i][1])
			return 1;
	return 0;
}

static int
parse_payload(agt_gs1 *g, const char *s, size_t len, unsigned flags)
{
	size_t base = 0;

	while (len > 0 && is_space((unsigned char)s[len - 1]))
		len--;
	while (base < len && is_space((unsigned char)s[base]))
		base++;
	if (base == len)
		return agti_error(g->db, AGT_EINVAL, "empty code");
	if ((flags & AGT_GS1_WEDGE) && has_wedge(s + base, len - base)) {
		size_t n = len - base;

		if ((s = wedge_copy(g, s + base, &n)) == NULL)
			return agti_error(g->db, AGT_ENOMEM, "out of memory");
		s -= base;
		len = base + n;
	}
	if (len - base >= 3 && s[base] == ']') {
		base += 3;
		if (base == len)
			return agti_error(g->db, AGT_EFORMAT,
			    "offset %zu: nothing after the symbology identifier", base);
		if (gs1_symbology(s + base - 2)) {
			g->kind = AGT_GS1_ELEMENT;
			return agti_gs1_parse_es(g, s + base, len - base, base);
		}
	}
	return classify(g, s + base, len - base, base, flags);
}

int
agti_gs1_parse(agt_gs1 **out, const agt_db *db, const char *payload,
	size_t len, unsigned flags, int ref_year)
{
	size_t room;
	agt_gs1 *g;
	int rc;

	*out = NULL;
	if (len > MAX_PAYLOAD)
		return agti_error(db, AGT_EFORMAT, "code longer than %d bytes",
		    MAX_PAYLOAD);
	/* values, typed values, a wedge copy and the alias all fit in this */
	room = 5 * len + 24 * AGTI_GS1_MAX_AIS + 64;
	if ((g = malloc(sizeof *g + room)) == NULL)
		return agti_error(db, AGT_ENOMEM, "out of memory");
	g->db = db;
	g->kind = 0;
	g->n = 0;
	g->alias = NULL;
	g->ref_year = ref_year > 0 ? ref_year : this_year();
	g->arena = g->mem;
	g->end = g->mem + room;
	if ((rc = parse_payload(g, payload, len, flags)) != AGT_OK) {
		free(g);
		return rc;
	}
	*out = g;
	return AGT_OK;
}

int
agt_gs1_parse(agt_gs1 **out, const char *payload, size_t len,
	const agt_gs1_options *opts)
{
	agt_gs1_options def = AGT_GS1_OPTIONS_INIT;

	if (opts == NULL)
		opts = &def;
	if (opts->version != AGT_GS1_OPTIONS_VERSION) {
		*out = NULL;
		return agti_error(NULL, AGT_EINVAL,
		    "agt_gs1_options version %u, expected %d", opts->version,
		    AGT_GS1_OPTIONS_VERSION);
	}
	return agti_gs1_parse(out, NULL, payload, len, opts->flags,
	    opts->ref_year);
}

void
agt_gs1_free(agt_gs1 *g)
{
	free(g);
}

int
agt_gs1_kind(const agt_gs1 *g)
{
	return g->kind;
}

const char *
agt_gs1_kind_name(int kind)
{
	switch (kind) {
	case AGT_GS1_ELEMENT: return "element string";
	case AGT_GS1_BRACKETED: return "bracketed";
	case AGT_GS1_DIGITAL_LINK: return "digital link";
	case AGT_GS1_GTIN: return "gtin";
	case AGT_GS1_ALIAS: return "alias";
	default: return NULL;
	}
}

size_t
agt_gs1_count(const agt_gs1 *g)
{
	return g->n;
}

const char *
agt_gs1_ai(const agt_gs1 *g, size_t i)
{
	return i < g->n ? g->e[i].ai->ai : NULL;
}

const char *
agt_gs1_title(const agt_gs1 *g, size_t i)
{
	return i < g->n ? g->e[i].ai->title : NULL;
}

const char *
agt_gs1_value(const agt_gs1 *g, size_t i)
{
	return i < g->n ? g->e[i].value : NULL;
}

const char *
agt_gs1_typed(const agt_gs1 *g, size_t i)
{
	return i < g->n ? g->e[i].typed : NULL;
}

static const struct agti_gs1_elem *
find(const agt_gs1 *g, const char *ai)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->e[i].ai->ai, ai) == 0)
			return &g->e[i];
	return NULL;
}

const char *
agt_gs1_find(const agt_gs1 *g, const char *ai)
{
	const struct agti_gs1_elem *e = find(g, ai);

	return e ? e->value : NULL;
}

const char *
agt_gs1_gtin(const agt_gs1 *g)
{
	return agt_gs1_find(g, "01");
}

const char *
agt_gs1_lot(const agt_gs1 *g)
{
	return agt_gs1_find(g, "10");
}

const char *
agt_gs1_expiry(const agt_gs1 *g)
{
	static const char *const ais[] = { "17", "15", "16" };
	const struct agti_gs1_elem *e;
	size_t i;

	for (i = 0; i < sizeof ais / sizeof ais[0]; i++)
		if ((e = find(g, ais[i])) != NULL)
			return e->typed;
	return NULL;
}

/* "1.250" as a double, whatever the locale's decimal point. */
static double
decimal(const char *s)
{
	double v = 0, scale = 1;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			v += (*s - '0') * (scale /= 10);
	return v;
}

int
agt_gs1_net_weight(const agt_gs1 *g, double *kg)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		const char *ai = g->e[i].ai->ai;

		if (strncmp(ai, "310", 3) != 0 && strncmp(ai, "320", 3) != 0)
			continue;
		*kg = decimal(g->e[i].typed);
		if (ai[1] == '2')
			*kg *= 0.45359237;
		return AGT_OK;
	}
	return AGT_ENOTFOUND;
}

const char *
agt_gs1_alias(const agt_gs1 *g)
{
	return g->alias;
}
