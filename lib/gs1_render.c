/*
 * gs1_render.c - a parsed code back as bracketed text (a '(' in a value
 * written "\("), as an element string and as a GS1 Digital Link URI.
 */
#include "gs1_private.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_HOST "https://id.gs1.org"

struct buf {
	char *p;
	size_t len, cap;
	int failed;
};

static void
add(struct buf *b, const char *s, size_t n)
{
	char *p;

	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		if ((p = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
adds(struct buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* Percent-encode all but RFC 3986 unreserved characters. */
static void
add_pct(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char e[3] = { '%', 0, 0 };

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			add(b, s, 1);
			continue;
		}
		e[1] = hex[c >> 4];
		e[2] = hex[c & 15];
		add(b, e, 3);
	}
}

static void
bracketed(struct buf *b, const agt_gs1 *g)
{
	const char *v;
	size_t i;

	for (i = 0; i < g->n; i++) {
		adds(b, "(");
		adds(b, g->e[i].ai->ai);
		adds(b, ")");
		for (v = g->e[i].value; *v != '\0'; v++) {
			if (*v == '(')
				adds(b, "\\");
			add(b, v, 1);
		}
	}
}

static void
element(struct buf *b, const agt_gs1 *g)
{
	const char gs = AGTI_GS;
	size_t i;

	for (i = 0; i < g->n; i++) {
		adds(b, g->e[i].ai->ai);
		adds(b, g->e[i].value);
		if (g->e[i].ai->fnc1 && i + 1 < g->n)
			add(b, &gs, 1);
	}
}

/* Index in G of QUAL, or G->n. */
static size_t
index_of(const agt_gs1 *g, const char *ai, size_t n)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strlen(g->e[i].ai->ai) == n && memcmp(g->e[i].ai->ai, ai, n) == 0)
			return i;
	return g->n;
}

/*
 * Of the key's qualifier alternatives ("22,10,21|235"), the one naming
 * most of G's AIs; its present qualifiers go into the path, in its order.
 */
static void
path_quals(const agt_gs1 *g, const char *quals, unsigned char *inpath,
	struct buf *b)
{
	const char *alt = quals, *best = quals, *p, *end;
	size_t i, n, most = 0, have;

	for (; *alt != '\0'; alt = *end ? end + 1 : end) {
		end = alt + strcspn(alt, "|");
		for (have = 0, p = alt; p < end; p += n + (p[n] == ',')) {
			n = strcspn(p, ",|");
			have += index_of(g, p, n) < g->n;
		}
		if (have > most)
			most = have, best = alt;
	}
	end = best + strcspn(best, "|");
	for (p = best; p < end && most > 0; p += n + (p[n] == ',')) {
		n = strcspn(p, ",|");
		if ((i = index_of(g, p, n)) == g->n)
			continue;
		inpath[i] = 1;
		adds(b, "/");
		adds(b, g->e[i].ai->ai);
		adds(b, "/");
		add_pct(b, g->e[i].value);
	}
}

static int
digital_link(struct buf *b, const agt_gs1 *g, const char *host)
{
	unsigned char inpath[AGTI_GS1_MAX_AIS] = { 0 };
	size_t i, key, hl;
	int q = 0;

	for (key = 0; key < g->n && !g->e[key].ai->dlkey; key++)
		;
	if (key == g->n)
		return agti_error(NULL, AGT_EINVAL,
		    "no Digital Link primary key (01, 00, 414, ...) in the code");
	hl = strlen(host);
	while (hl > 0 && host[hl - 1] == '/')
		hl--;
	add(b, host, hl);
	adds(b, "/");
	adds(b, g->e[key].ai->ai);
	adds(b, "/");
	add_pct(b, g->e[key].value);
	inpath[key] = 1;
	path_quals(g, g->e[key].ai->dlquals, inpath, b);
	for (i = 0; i < g->n; i++) {
		if (inpath[i])
			continue;
		adds(b, q++ ? "&" : "?");
		adds(b, g->e[i].ai->ai);
		adds(b, "=");
		add_pct(b, g->e[i].value);
	}
	return AGT_OK;
}

int
agt_gs1_render(char **out, const agt_gs1 *g, int form, const char *host)
{
	struct buf b = { NULL, 0, 0, 0 };
	int rc = AGT_OK;

	*out = NULL;
	if (g->kind == AGT_GS1_ALIAS || g->n == 0)
		return agti_error(NULL, AGT_EINVAL, "an alias code has no GS1 form");
	add(&b, "", 0);
	switch (form) {
	case AGT_GS1_FORM_BRACKETED:
		bracketed(&b, g);
		break;
	case AGT_GS1_FORM_ELEMENT:
		element(&b, g);
		break;
	case AGT_GS1_FORM_DIGITAL_LINK:
		rc = digital_link(&b, g, host ? host : DEFAULT_HOST);
		break;
	default:
		rc = agti_error(NULL, AGT_EINVAL, "unknown form %d", form);
	}
	if (rc == AGT_OK && b.failed)
		rc = agti_error(NULL, AGT_ENOMEM, "out of memory");
	if (rc != AGT_OK) {
		free(b.p);
		return rc;
	}
	*out = b.p;
	return AGT_OK;
}
