/*
 * gs1_es.c - element strings (AIs run together, FNC1 as GS after each
 * variable-length one) and their bracketed human-readable form.
 */
#include "gs1_private.h"

#include <string.h>

/* Does some AI start with the N digits at S? */
static int
ai_prefix(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < agti_gs1_nais; i++)
		if (strncmp(agti_gs1_ais[i].ai, s, n) == 0)
			return 1;
	return 0;
}

static int
no_ai(agt_gs1 *g, const char *s, size_t avail, size_t at)
{
	size_t n = 0;

	while (n < avail && n < 4 && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n == avail && n < 4 && ai_prefix(s, n))
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: truncated: an AI needs 2 to 4 digits", at);
	if (n < 2)
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: an AI (digits) expected", at);
	return agti_error(g->db, AGT_EFORMAT, "offset %zu: unknown AI (%.*s)",
	    at, (int)n, s);
}

/* The value of a predefined fixed-length AI: exactly ai->max characters. */
static int
fixed_end(agt_gs1 *g, const struct agti_gs1_ai *ai, const char *s,
	size_t len, size_t start, size_t base, size_t *end)
{
	size_t n = 0;

	while (start + n < len && n < ai->max && s[start + n] != AGTI_GS)
		n++;
	if (n < ai->max)
		return agti_error(g->db, AGT_EFORMAT,
		    "AI (%s) at offset %zu: truncated: %zu of %u characters",
		    ai->ai, base + start, n, ai->max);
	*end = start + n;
	return AGT_OK;
}

/* The value of any other AI runs to the next GS or to the end. */
static int
variable_end(agt_gs1 *g, const struct agti_gs1_ai *ai, const char *s,
	size_t len, size_t start, size_t base, size_t *end)
{
	const char *gs = memchr(s + start, AGTI_GS, len - start);
	size_t e = gs ? (size_t)(gs - s) : len;

	if (e - start > ai->max)
		return agti_error(g->db, AGT_EFORMAT,
		    "AI (%s) at offset %zu: %zu characters, at most %u "
		    "(FNC1 missing after this variable-length AI?)",
		    ai->ai, base + start, e - start, ai->max);
	*end = e;
	return AGT_OK;
}

int
agti_gs1_parse_es(agt_gs1 *g, const char *s, size_t len, size_t base)
{
	const struct agti_gs1_ai *ai;
	size_t pos = 0, start, end = 0;
	int rc;

	while (pos < len) {
		if (s[pos] == AGTI_GS) { /* leading FNC1, or one after a fixed AI */
			pos++;
			continue;
		}
		if ((ai = agti_gs1_ai_at(s + pos, len - pos)) == NULL)
			return no_ai(g, s + pos, len - pos, base + pos);
		start = pos + strlen(ai->ai);
		rc = ai->fnc1 ? variable_end(g, ai, s, len, start, base, &end) :
		    fixed_end(g, ai, s, len, start, base, &end);
		if (rc != AGT_OK)
			return rc;
		if ((rc = agti_gs1_add(g, ai, s + start, end - start,
		    base + start)) != AGT_OK)
			return rc;
		pos = end;
	}
	if (g->n == 0)
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: no AI in the element string", base);
	return AGT_OK;
}

/* The length of "(NN)" (2 to 4 digits) at S, else 0. */
static size_t
bracket_ai(const char *s, size_t avail)
{
	size_t n = 1;

	while (n < avail && n <= 5 && s[n] >= '0' && s[n] <= '9')
		n++;
	if (s[0] != '(' || n >= avail || s[n] != ')' || n < 3 || n > 5)
		return 0;
	return n + 1;
}

/* "(0", "(01": an AI cut off at the end of the input. */
static int
cut_ai(const char *s, size_t avail)
{
	size_t n = 1;

	while (n < avail && s[n] >= '0' && s[n] <= '9')
		n++;
	return n > 1 && n == avail;
}

static int
bad_bracket(agt_gs1 *g, const char *s, size_t avail, size_t at)
{
	size_t n = 1;

	if (s[0] != '(')
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: '(' expected before an AI", at);
	while (n < avail && s[n] >= '0' && s[n] <= '9')
		n++;
	if (n == avail)
		return agti_error(g->db, AGT_EFORMAT,
		    "offset %zu: truncated: ')' missing after the AI", at);
	return agti_error(g->db, AGT_EFORMAT,
	    "offset %zu: an AI is 2 to 4 digits in brackets", at);
}

/* A value with "\(" for a literal '(' (as agt_gs1_render() writes it). */
static int
add_unescaped(agt_gs1 *g, const struct agti_gs1_ai *ai, const char *s,
	size_t len, size_t at)
{
	char *v, *d;
	size_t i;

	if (memchr(s, '\\', len) == NULL)
		return agti_gs1_add(g, ai, s, len, at);
	if ((v = d = agti_gs1_strdup(g, s, len)) == NULL)
		return agti_error(g->db, AGT_ENOMEM, "out of memory");
	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && s[i + 1] == '(')
			i++;
		*d++ = s[i];
	}
	return agti_gs1_add(g, ai, v, (size_t)(d - v), at);
}

/*
 * "(01)06901234567892(10)L1": a value runs to the next "(NN)" (2 to 4
 * digits in brackets), so other '(' in a value are kept; "\(" is a '('
 * in any case.  Blanks around
 * the brackets are ignored (set 82 has no blank).
 */
int
agti_gs1_parse_bracketed(agt_gs1 *g, const char *s, size_t len, size_t base)
{
	const struct agti_gs1_ai *ai;
	size_t pos = 0, start, end, n;
	int rc;

	while (pos < len) {
		if (s[pos] == ' ') {
			pos++;
			continue;
		}
		if ((n = bracket_ai(s + pos, len - pos)) == 0)
			return bad_bracket(g, s + pos, len - pos, base + pos);
		if ((ai = agti_gs1_ai_find(s + pos + 1, n - 2)) == NULL)
			return agti_error(g->db, AGT_EFORMAT,
			    "offset %zu: unknown AI (%.*s)", base + pos + 1,
			    (int)(n - 2), s + pos + 1);
		start = end = pos + n;
		while (end < len && !(s[end] == '(' && (bracket_ai(s + end,
		    len - end) || cut_ai(s + end, len - end))))
			end += (s[end] == '\\' && end + 1 < len) ? 2 : 1;
		pos = end;
		while (end > start && s[end - 1] == ' ')
			end--;
		while (start < end && s[start] == ' ')
			start++;
		if ((rc = add_unescaped(g, ai, s + start, end - start,
		    base + start)) != AGT_OK)
			return rc;
	}
	return AGT_OK;
}
