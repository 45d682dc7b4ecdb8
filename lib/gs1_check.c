/*
 * gs1_check.c - check one AI's value against formats/gs1-ai.tsv: length,
 * character set, check routines; and make its typed value.
 */
#include "gs1_private.h"

#include <stdio.h>
#include <string.h>

struct comp {
	char cset;          /* 'N', 'X' or 'Y' */
	size_t min, max;
	int optional;
};

/* Split "N3+[X..27]" into components; returns how many. */
static size_t
split_format(const char *f, struct comp *c)
{
	size_t n = 0;

	while (*f != '\0' && n < AGTI_GS1_MAX_COMPS) {
		c[n].optional = (*f == '[');
		if (c[n].optional)
			f++;
		c[n].cset = *f++;
		c[n].min = 0;
		while (*f >= '0' && *f <= '9')
			c[n].min = c[n].min * 10 + (size_t)(*f++ - '0');
		if (f[0] == '.' && f[1] == '.') {
			f += 2;
			c[n].max = 0;
			while (*f >= '0' && *f <= '9')
				c[n].max = c[n].max * 10 + (size_t)(*f++ - '0');
			if (c[n].min == 0)
				c[n].min = 1;
		} else
			c[n].max = c[n].min;
		while (*f == ']' || *f == '+')
			f++;
		n++;
	}
	return n;
}

int
agti_gs1_cset82(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL);
}

int
agti_gs1_cset39(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '#' || c == '-' || c == '/';
}

int
agti_gs1_csum_digit(const char *d, size_t len)
{
	unsigned sum = 0, w = 3;
	size_t i;

	for (i = len - 1; i-- > 0; w = 4 - w)
		sum += (unsigned)(d[i] - '0') * w;
	return (int)((10 - sum % 10) % 10);
}

int
agti_gs1_csum_ok(const char *d, size_t len)
{
	return len >= 2 && d[len - 1] - '0' == agti_gs1_csum_digit(d, len);
}

/*
 * Which AI a failure is about.  Errors name the offset of the AI's value
 * in the input ("AI (17) at offset 18: month 13"), the rule names the rest.
 */
struct ctx {
	agt_gs1 *g;
	const struct agti_gs1_ai *ai;
	size_t offset;
	char typed[160];
	size_t tlen;
};

static int
fail(struct ctx *c, const char *fmt, ...) AGTI_PRINTF(2, 3);

static int
fail(struct ctx *c, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return agti_error(c->g->db, AGT_EFORMAT, "AI (%s) at offset %zu: %s",
	    c->ai->ai, c->offset, what);
}

static int
num(const char *s, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* The four-digit year of YY by the GS1 sliding window (GenSpecs 7.12). */
static int
full_year(int yy, int ref_year)
{
	int diff = yy - ref_year % 100, century = ref_year - ref_year % 100;

	if (diff >= 51)
		century -= 100;
	else if (diff <= -50)
		century += 100;
	return century + yy;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static void
put(struct ctx *c, const char *fmt, ...) AGTI_PRINTF(2, 3);

static void
put(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->typed + c->tlen, sizeof c->typed - c->tlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->tlen = c->tlen + (size_t)n < sizeof c->typed ?
		    c->tlen + (size_t)n : sizeof c->typed - 1;
}

/* put() for plain bytes, without formatting (most values). */
static void
put_bytes(struct ctx *c, const char *s, size_t len)
{
	if (len > sizeof c->typed - 1 - c->tlen)
		len = sizeof c->typed - 1 - c->tlen;
	memcpy(c->typed + c->tlen, s, len);
	c->tlen += len;
	c->typed[c->tlen] = '\0';
}

static int
check_date(struct ctx *c, const char *v, size_t at, int day0)
{
	int y = full_year(num(v, 2), c->g->ref_year), m = num(v + 2, 2),
	    d = num(v + 4, 2);

	if (m < 1 || m > 12)
		return fail(c, "month %02d", m);
	if (d == 0 && day0)
		d = days_in_month(y, m);
	else if (d < 1 || d > days_in_month(y, m))
		return fail(c, "day %02d of %04d-%02d", d, y, m);
	put(c, "%04d-%02d-%02d", y, m, d);
	return AGT_OK;
}

static int
check_time(struct ctx *c, const char *v, size_t len, size_t at, int hours)
{
	int a = num(v, 2), b = len >= 4 ? num(v + 2, 2) : 0;

	if (hours && a > 23)
		return fail(c, "hour %02d", a);
	if (!hours && a > 59)
		return fail(c, "minute %02d", a);
	if (len >= 4 && b > 59)
		return fail(c, "%s %02d", hours ? "minute" : "second", b);
	put(c, len >= 4 ? "%02d:%02d" : "%02d", a, b);
	return AGT_OK;
}

static int
check_country(struct ctx *c, const char *v, size_t at, int allow999)
{
	char cc[4] = { v[0], v[1], v[2], '\0' };

	if (allow999 && strcmp(cc, "999") == 0)
		return AGT_OK;
	if (!agti_iso3166_num_ok(cc))
		return fail(c, "%s is not an ISO 3166 country code", cc);
	return AGT_OK;
}

static int
check_decimal(struct ctx *c, const char *v, size_t len)
{
	size_t places = (size_t)(c->ai->ai[strlen(c->ai->ai) - 1] - '0'), i = 0;

	if (places > len)
		places = len;
	while (i + 1 < len - places && v[i] == '0')
		i++;
	put_bytes(c, v + i, len - places - i);
	if (len - places == 0)
		put_bytes(c, "0", 1);
	if (places > 0)
		put(c, ".%.*s", (int)places, v + len - places);
	return AGT_OK;
}

/* Run check routine CK on component V (LEN bytes at AT in the value). */
static int
run_check(struct ctx *c, int ck, const char *v, size_t len, size_t at)
{
	size_t i;
	int rc;

	switch (ck) {
	case AGTI_CK_CSUM:
		if (!agti_gs1_csum_ok(v, len))
			return fail(c, "check digit %c, expected %d",
			    v[len - 1], agti_gs1_csum_digit(v, len));
		return AGT_OK;
	case AGTI_CK_DATE:
	case AGTI_CK_DATE_EXACT:
		return check_date(c, v, at, ck == AGTI_CK_DATE);
	case AGTI_CK_DATEHH:
		if ((rc = check_date(c, v, at, 0)) != AGT_OK)
			return rc;
		put(c, "T");
		return check_time(c, v + 6, 2, at + 6, 1);
	case AGTI_CK_HHMM:
		return check_time(c, v, 4, at, 1);
	case AGTI_CK_MMSS:
		if (len != 2 && len != 4)
			return fail(c, "minutes and seconds need 2 or 4 digits");
		return check_time(c, v, len, at, 0);
	case AGTI_CK_COUNTRY:
	case AGTI_CK_COUNTRY999:
		return check_country(c, v, at, ck == AGTI_CK_COUNTRY999);
	case AGTI_CK_COUNTRY_LIST:
		if (len % 3 != 0)
			return fail(c, "country codes come in 3 digits");
		for (i = 0; i < len; i += 3) {
			if ((rc = check_country(c, v + i, at + i, 0)) != AGT_OK)
				return rc;
			put(c, "%s%.3s", i ? "," : "", v + i);
		}
		return AGT_OK;
	case AGTI_CK_DECIMAL:
		return check_decimal(c, v, len);
	case AGTI_CK_ZERO:
		return *v == '0' ? AGT_OK : fail(c, "must be 0");
	case AGTI_CK_YESNO:
		return *v <= '1' ? AGT_OK : fail(c, "must be 0 or 1");
	case AGTI_CK_PIECE:
		if (num(v, 2) == 0 || num(v + 2, 2) == 0 || num(v, 2) > num(v + 2, 2))
			return fail(c, "piece %.2s of %.2s", v, v + 2);
		return AGT_OK;
	default:
		return AGT_OK;
	}
}

static int
check_cset(struct ctx *c, char cset, const char *v, size_t len, size_t at)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];
		int ok = cset == 'N' ? (ch >= '0' && ch <= '9') :
		    cset == 'Y' ? agti_gs1_cset39(ch) : agti_gs1_cset82(ch);

		if (ok)
			continue;
		if (ch == AGTI_GS)
			return fail(c, "FNC1 inside the value");
		if (ch < 0x20 || ch >= 0x7f)
			return fail(c, "byte 0x%02X is not in GS1 %s",
			    ch, cset == 'N' ? "numeric" : cset == 'Y' ?
			    "character set 39" : "character set 82");
		return fail(c, "'%c' is not %s", ch,
		    cset == 'N' ? "a digit" : cset == 'Y' ?
		    "in GS1 character set 39" : "in GS1 character set 82");
	}
	return AGT_OK;
}

static const char *
separator(int check)
{
	return check == AGTI_CK_HHMM ? "T" : check == AGTI_CK_MMSS ? ":" :
	    check == AGTI_CK_DATE_EXACT ? "/" : " ";
}

/*
 * Walk the components of AI's format over the value.  The typed value
 * joins the components' typed forms (raw where a component has none); it
 * stays empty when no component has one, and the value is used as is.
 */
static int
check_value(struct ctx *c, const char *v, size_t len)
{
	struct comp comp[AGTI_GS1_MAX_COMPS];
	size_t n = split_format(c->ai->format, comp), i, at = 0, clen, before;
	int rc, typed = 0;

	for (i = 0; i < n && !(comp[i].optional && at == len); i++) {
		clen = comp[i].min == comp[i].max ? comp[i].max : len - at;
		if (len - at < clen)
			return fail(c, "too short: %zu characters, at least %u",
			    len, c->ai->min);
		if (clen < comp[i].min || clen > comp[i].max)
			return fail(c, "%zu characters, not %zu to %zu",
			    clen, comp[i].min, comp[i].max);
		if ((rc = check_cset(c, comp[i].cset, v + at, clen, at)) != AGT_OK)
			return rc;
		if (c->ai->check[i] == AGTI_CK_RESERVED)
			return fail(c, "AI reserved by GS1");
		if (i > 0)
			put_bytes(c, separator(c->ai->check[i]),
			    strlen(separator(c->ai->check[i])));
		before = c->tlen;
		if ((rc = run_check(c, c->ai->check[i], v + at, clen, at)) != AGT_OK)
			return rc;
		if (c->tlen == before)
			put_bytes(c, v + at, clen);
		else
			typed = 1;
		at += clen;
	}
	if (at < len)
		return fail(c, "too long: %zu characters, at most %u",
		    len, c->ai->max);
	if (!typed)
		c->tlen = 0;
	return AGT_OK;
}

int
agti_gs1_add(agt_gs1 *g, const struct agti_gs1_ai *ai, const char *value,
	size_t len, size_t offset)
{
	struct agti_gs1_elem *e;
	struct ctx c;
	size_t i;
	int rc;

	c.g = g; /* not an initializer: it would clear all of c.typed */
	c.ai = ai;
	c.offset = offset;
	c.typed[0] = '\0';
	c.tlen = 0;

	if (len == 0)
		return fail(&c, "empty value");
	if ((rc = check_value(&c, value, len)) != AGT_OK)
		return rc;
	for (i = 0; i < g->n; i++) {
		if (g->e[i].ai != ai)
			continue;
		if (g->e[i].len == len && memcmp(g->e[i].value, value, len) == 0)
			return AGT_OK;
		return fail(&c, "repeated with another value");
	}
	if (g->n == AGTI_GS1_MAX_AIS)
		return fail(&c, "more than %d AIs", AGTI_GS1_MAX_AIS);
	e = &g->e[g->n];
	e->ai = ai;
	e->len = len;
	e->offset = offset;
	if ((e->value = agti_gs1_strdup(g, value, len)) == NULL)
		return agti_error(g->db, AGT_ENOMEM, "out of memory");
	e->typed = c.tlen > 0 ? agti_gs1_strdup(g, c.typed, c.tlen) : e->value;
	if (e->typed == NULL)
		return agti_error(g->db, AGT_ENOMEM, "out of memory");
	g->n++;
	return AGT_OK;
}
