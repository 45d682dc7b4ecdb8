/*
 * gs1_dl.c - GS1 Digital Link URIs: https://any.host/any/prefix/01/{gtin}
 * [/22/{cpv}][/10/{lot}][/21/{serial}][?17=261127&...], percent-encoded.
 */
#include "gs1_private.h"

#include <string.h>
#include <strings.h>

#define MAX_SEGS 64

struct uri {
	size_t path, pathend, query, queryend; /* offsets in the URI */
	size_t seg[MAX_SEGS], seglen[MAX_SEGS], nseg;
	size_t key; /* index of the primary key's segment */
};

static size_t
scheme_len(const char *s, size_t len)
{
	if (len >= 8 && strncasecmp(s, "https://", 8) == 0)
		return 8;
	if (len >= 7 && strncasecmp(s, "http://", 7) == 0)
		return 7;
	return 0;
}

static const struct agti_gs1_ai *
seg_ai(const char *s, const struct uri *u, size_t i)
{
	size_t k;

	for (k = 0; k < u->seglen[i]; k++)
		if (s[u->seg[i] + k] < '0' || s[u->seg[i] + k] > '9')
			return NULL;
	return agti_gs1_ai_find(s + u->seg[i], u->seglen[i]);
}

/* Position of AI in alternative ALT of QUALS ("22,10,21|235"), or -1. */
static int
qual_pos(const char *quals, size_t alt, const char *ai)
{
	size_t n = strlen(ai), a = 0;
	const char *p = quals;
	int pos = 0;

	while (*p != '\0') {
		if (a == alt && strncmp(p, ai, n) == 0 &&
		    (p[n] == ',' || p[n] == '|' || p[n] == '\0'))
			return pos;
		p += strcspn(p, ",|");
		if (*p == '|')
			a++, pos = 0;
		else if (*p == ',')
			pos++;
		if (*p != '\0')
			p++;
	}
	return -1;
}

/* Do the segments after KEY name its qualifiers, in one of their orders? */
static int
quals_ok(const char *s, const struct uri *u, size_t key,
	const struct agti_gs1_ai *kai)
{
	size_t alt, i, nalt = 1;
	const char *b;
	int last, p;

	for (b = kai->dlquals; (b = strchr(b, '|')) != NULL; b++)
		nalt++;
	for (alt = 0; alt < nalt; alt++) {
		last = -1;
		for (i = key + 2; i < u->nseg; i += 2) {
			const struct agti_gs1_ai *q = seg_ai(s, u, i);

			if (q == NULL || (p = qual_pos(kai->dlquals, alt, q->ai)) <= last)
				break;
			last = p;
		}
		if (i >= u->nseg)
			return 1;
	}
	return 0;
}

static int
split_uri(const char *s, size_t len, struct uri *u)
{
	size_t i = scheme_len(s, len), k;

	if (i == 0)
		return 0;
	while (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#')
		i++;
	u->path = i;
	while (i < len && s[i] != '?' && s[i] != '#')
		i++;
	u->pathend = i;
	u->query = u->queryend = i;
	if (i < len && s[i] == '?') {
		u->query = i + 1;
		while (i < len && s[i] != '#')
			i++;
		u->queryend = i;
	}
	u->nseg = 0;
	for (i = u->path; i < u->pathend && u->nseg < MAX_SEGS; i = k) {
		i++; /* the '/' */
		for (k = i; k < u->pathend && s[k] != '/'; k++)
			;
		u->seg[u->nseg] = i;
		u->seglen[u->nseg++] = k - i;
	}
	if (u->nseg > 0 && u->seglen[u->nseg - 1] == 0)
		u->nseg--; /* a trailing '/' */
	/* the primary key: the first key AI followed by value and qualifier pairs */
	for (u->key = 0; u->key + 1 < u->nseg; u->key++) {
		const struct agti_gs1_ai *ai = seg_ai(s, u, u->key);

		if (ai != NULL && ai->dlkey && (u->nseg - u->key) % 2 == 0 &&
		    quals_ok(s, u, u->key, ai))
			return 1;
	}
	return 0;
}

int
agti_gs1_is_dl(const char *s, size_t len)
{
	struct uri u;

	return split_uri(s, len, &u);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode LEN bytes at S[AT] into the arena; *OUT, *OUTLEN. */
static int
pct_decode(agt_gs1 *g, const char *s, size_t at, size_t len, size_t base,
	char **out, size_t *outlen)
{
	char *p = g->arena, *d = p;
	size_t i;
	int hi, lo;

	if ((size_t)(g->end - p) < len + 1)
		return agti_error(g->db, AGT_ENOMEM, "out of memory");
	for (i = at; i < at + len; i++) {
		if (s[i] != '%') {
			*d++ = s[i];
			continue;
		}
		if (i + 2 >= at + len)
			hi = lo = -1;
		else {
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
		}
		if (hi < 0 || lo < 0)
			return agti_error(g->db, AGT_EFORMAT,
			    "offset %zu: bad percent-encoding", base + i);
		*d++ = (char)(hi * 16 + lo);
		i += 2;
	}
	*d = '\0';
	*out = p;
	*outlen = (size_t)(d - p);
	g->arena = d + 1;
	return AGT_OK;
}

static int
add_encoded(agt_gs1 *g, const struct agti_gs1_ai *ai, const char *s,
	size_t at, size_t len, size_t base)
{
	char *v = NULL, pad[15];
	size_t n = 0;
	int rc;

	if ((rc = pct_decode(g, s, at, len, base, &v, &n)) != AGT_OK)
		return rc;
	/* a Digital Link may carry a GTIN-8, -12 or -13 padded to 14 by us */
	if (strcmp(ai->ai, "01") == 0 && (n == 8 || n == 12 || n == 13) &&
	    strspn(v, "0123456789") == n) {
		memset(pad, '0', 14);
		memcpy(pad + 14 - n, v, n);
		v = pad;
		n = 14;
	}
	return agti_gs1_add(g, ai, v, n, base + at);
}


static int
parse_query(agt_gs1 *g, const char *s, const struct uri *u, size_t base)
{
	const struct agti_gs1_ai *ai;
	size_t i = u->query, k, eq;
	int rc;

	while (i < u->queryend) {
		for (k = i; k < u->queryend && s[k] != '&' && s[k] != ';'; k++)
			;
		for (eq = i; eq < k && s[eq] != '='; eq++)
			;
		if (eq > i && agti_all_digits(s + i, eq - i)) {
			if ((ai = agti_gs1_ai_find(s + i, eq - i)) == NULL)
				return agti_error(g->db, AGT_EFORMAT,
				    "offset %zu: unknown AI (%.*s) in the query",
				    base + i, (int)(eq - i), s + i);
			if (eq == k)
				return agti_error(g->db, AGT_EFORMAT,
				    "AI (%s) at offset %zu: no value in the query",
				    ai->ai, base + i);
			if ((rc = add_encoded(g, ai, s, eq + 1, k - eq - 1,
			    base)) != AGT_OK)
				return rc;
		}
		/* other parameters (linkType, utm_...) are not AIs: ignored */
		i = k + 1;
	}
	return AGT_OK;
}

int
agti_gs1_parse_dl(agt_gs1 *g, const char *s, size_t len, size_t base)
{
	struct uri u;
	size_t i;
	int rc;

	if (!split_uri(s, len, &u))
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: no GS1 primary key in the URI path", base);
	for (i = u.key; i + 1 < u.nseg; i += 2)
		if ((rc = add_encoded(g, seg_ai(s, &u, i), s, u.seg[i + 1],
		    u.seglen[i + 1], base)) != AGT_OK)
			return rc;
	return parse_query(g, s, &u, base);
}
