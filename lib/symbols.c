/* symbols.c - the list of symbols an image holds, and its accessors. */
#include "private.h"
#include "decode_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * AIs whose first two digits say the element has a predefined length, so
 * no FNC1 follows it (GS1 General Specifications, figure 7.8.5-2).  The
 * conversion below is syntax only, not the GS1 parser: a decoder reports
 * what a symbol holds, even data the parser rejects (a bad country code).
 */
static int
ai_fixed_length(const char *ai)
{
	static const char *const fixed[] = { "00", "01", "02", "03", "04",
		"11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
		"31", "32", "33", "34", "35", "36", "41" };
	size_t i;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (ai[0] == fixed[i][0] && ai[1] == fixed[i][1])
			return 1;
	return 0;
}

size_t
agti_gs1_unbracket(char *out, const char *text, size_t len)
{
	size_t i = 0, o = 0, ai;

	if (len < 4 || text[0] != '(')
		return 0;
	while (i < len) {
		if (text[i] != '(')
			return 0;
		ai = ++i;
		while (i < len && text[i] != ')')
			if (text[i] < '0' || text[i++] > '9')
				return 0;
		if (i == len || i - ai < 2 || i - ai > 4)
			return 0;
		memcpy(out + o, text + ai, i - ai);
		o += i - ai;
		for (i++; i < len && text[i] != '('; i++)
			out[o++] = text[i];
		if (i < len && !ai_fixed_length(text + ai))
			out[o++] = 0x1d;
	}
	out[o] = '\0';
	return o;
}

/* DataBar gives a bare GTIN-14 (ZXing) or bracketed AIs: element strings. */
static char *
normalise(const char *text, size_t *len, const char *format, int *gs1)
{
	char *s;

	if ((s = malloc(*len + 3)) == NULL)
		return NULL;
	if (strncmp(format, "DataBar", 7) == 0 && *len == 14 &&
	    strspn(text, "0123456789") == 14) {
		memcpy(s, "01", 2);
		memcpy(s + 2, text, 14);
		*len = 16;
		*gs1 = 1;
	} else if (strncmp(format, "DataBar", 7) == 0 &&
	    agti_gs1_unbracket(s, text, *len) > 0) {
		*len = strlen(s);
		*gs1 = 1;
	} else
		memcpy(s, text, *len);
	s[*len] = '\0';
	return s;
}

static int
has_symbol(const agt_symbols *list, const char *text, size_t len,
    const char *format)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->v[i].len == len && memcmp(list->v[i].text, text, len) == 0 &&
		    strcmp(list->v[i].format, format) == 0)
			return 1;
	return 0;
}

static int
grow(agt_symbols *list)
{
	struct agti_symbol *v;
	size_t cap = list->cap ? 2 * list->cap : 4;

	if (list->n < list->cap)
		return AGT_OK;
	if ((v = realloc(list->v, cap * sizeof *v)) == NULL)
		return AGT_ENOMEM;
	list->v = v;
	list->cap = cap;
	return AGT_OK;
}

int
agti_symbols_add(agt_symbols *list, const char *text, size_t len,
    const char *format, const char *symid, int gs1, const int corners[8])
{
	struct agti_symbol *s;
	char *norm;

	if ((norm = normalise(text, &len, format, &gs1)) == NULL)
		return AGT_ENOMEM;
	if (has_symbol(list, norm, len, format)) {
		free(norm);
		return 0;
	}
	if (grow(list) != AGT_OK) {
		free(norm);
		return AGT_ENOMEM;
	}
	s = &list->v[list->n++];
	memset(s, 0, sizeof *s);
	s->text = norm;
	s->len = len;
	snprintf(s->format, sizeof s->format, "%s", format);
	snprintf(s->symid, sizeof s->symid, "%s", symid ? symid : "");
	s->gs1 = gs1;
	if (corners != NULL)
		memcpy(s->corners, corners, sizeof s->corners);
	return 1;
}

int
agti_symbols_merge(agt_symbols *dst, agt_symbols *src)
{
	struct agti_symbol *s;
	size_t i;
	int rc = AGT_OK;

	for (i = 0; i < src->n && rc == AGT_OK; i++) {
		s = &src->v[i];
		if (has_symbol(dst, s->text, s->len, s->format))
			continue;
		if ((rc = grow(dst)) == AGT_OK) {
			dst->v[dst->n++] = *s;
			s->text = NULL;
		}
	}
	agti_symbols_clear(src);
	return rc;
}

void
agti_symbols_clear(agt_symbols *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].text);
	list->n = 0;
}

void
agt_symbols_free(agt_symbols *list)
{
	if (list == NULL)
		return;
	agti_symbols_clear(list);
	free(list->v);
	free(list);
}

size_t
agt_symbols_count(const agt_symbols *list)
{
	return list ? list->n : 0;
}

const char *
agt_symbols_text(const agt_symbols *list, size_t i, size_t *len)
{
	if (i >= list->n)
		return NULL;
	if (len != NULL)
		*len = list->v[i].len;
	return list->v[i].text;
}

const char *
agt_symbols_format(const agt_symbols *list, size_t i)
{
	return i < list->n ? list->v[i].format : NULL;
}

const char *
agt_symbols_symbology(const agt_symbols *list, size_t i)
{
	return i < list->n ? list->v[i].symid : NULL;
}

int
agt_symbols_is_gs1(const agt_symbols *list, size_t i)
{
	return i < list->n ? list->v[i].gs1 : 0;
}

int
agt_symbols_corners(const agt_symbols *list, size_t i, int xy[8])
{
	if (i >= list->n)
		return agti_error(NULL, AGT_EINVAL, "symbol %zu: out of range", i);
	memcpy(xy, list->v[i].corners, sizeof list->v[i].corners);
	return AGT_OK;
}
