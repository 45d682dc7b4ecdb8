/*
 * gs1_private.h - the GS1 payload parser's internals: the AI table
 * (generated from formats/gs1-ai.tsv) and the steps the parsers share.
 */
#ifndef AGT_GS1_PRIVATE_H
#define AGT_GS1_PRIVATE_H

#include "private.h"

#include <stddef.h>

#define AGTI_GS 0x1d          /* ASCII GS: FNC1 as a separator */
#define AGTI_GS1_MAX_AIS 48   /* more AIs than any symbol can hold */
#define AGTI_GS1_MAX_COMPS 5

/* Check routines of formats/gs1-ai.tsv, one per value component. */
enum agti_gs1_check {
	AGTI_CK_NONE = 0,
	AGTI_CK_CSUM,
	AGTI_CK_DATE,
	AGTI_CK_DATE_EXACT,
	AGTI_CK_DATEHH,
	AGTI_CK_HHMM,
	AGTI_CK_MMSS,
	AGTI_CK_COUNTRY,
	AGTI_CK_COUNTRY_LIST,
	AGTI_CK_COUNTRY999,
	AGTI_CK_DECIMAL,
	AGTI_CK_ZERO,
	AGTI_CK_PIECE,
	AGTI_CK_YESNO,
	AGTI_CK_RESERVED
};

struct agti_gs1_ai {
	const char *ai;        /* "01", "3103" */
	const char *title;     /* "GTIN" */
	const char *format;    /* "N3+X..27" */
	unsigned char min, max;
	unsigned char fnc1;    /* 1: needs a separator unless last */
	unsigned char check[AGTI_GS1_MAX_COMPS];
	unsigned char dlkey;   /* a Digital Link primary key */
	const char *dlquals;   /* its path qualifiers: "22,10,21|235" */
};

extern const struct agti_gs1_ai agti_gs1_ais[];
extern const size_t agti_gs1_nais;

/* The table entry of AI (LEN digits), or NULL. */
const struct agti_gs1_ai *agti_gs1_ai_find(const char *ai, size_t len);

/* The AI starting at S (2 to 4 digits, at most AVAIL bytes), or NULL. */
const struct agti_gs1_ai *agti_gs1_ai_at(const char *s, size_t avail);

struct agti_gs1_elem {
	const struct agti_gs1_ai *ai;
	const char *value;  /* NUL-terminated, in the arena */
	const char *typed;  /* dates ISO, decimals with a point; else value */
	size_t len;
	size_t offset;      /* of the value in the input */
};

struct agt_gs1 {
	const agt_db *db;   /* where errors go (NULL: agt_errmsg(NULL)) */
	int kind;
	int ref_year;
	size_t n;
	struct agti_gs1_elem e[AGTI_GS1_MAX_AIS];
	const char *alias;  /* the code, for AGT_GS1_ALIAS */
	char *arena, *end;  /* bump allocator inside this allocation */
	char mem[];
};

/* Copy LEN bytes into G's arena as a NUL-terminated string. */
char *agti_gs1_strdup(agt_gs1 *g, const char *s, size_t len);

/*
 * Check VALUE (LEN bytes, at OFFSET of the input) against AI's format and
 * check routines and append it to G.  AGT_EFORMAT naming the offset and
 * the rule; a repeated AI must repeat its value.
 */
int agti_gs1_add(agt_gs1 *g, const struct agti_gs1_ai *ai, const char *value,
	size_t len, size_t offset);

/* 1 when the LEN digits end in a valid GS1 mod-10 check digit. */
int agti_gs1_csum_ok(const char *d, size_t len);
/* The check digit the first LEN-1 digits call for. */
int agti_gs1_csum_digit(const char *d, size_t len);

/* 1 for an ISO 3166-1 numeric country code (3 digits). */
int agti_iso3166_num_ok(const char *d);

/* Parsers: S is the payload without a symbology identifier, at BASE. */
int agti_gs1_parse_es(agt_gs1 *g, const char *s, size_t len, size_t base);
int agti_gs1_parse_bracketed(agt_gs1 *g, const char *s, size_t len, size_t base);
int agti_gs1_parse_dl(agt_gs1 *g, const char *s, size_t len, size_t base);
/* 1 when S looks like a Digital Link: http(s) URI with a primary key. */
int agti_gs1_is_dl(const char *s, size_t len);

/*
 * Parse a payload for DB (errors go to agt_errmsg(DB)), with the century
 * window around REF_YEAR and FLAGS (AGT_GS1_*).
 */
int agti_gs1_parse(agt_gs1 **out, const agt_db *db, const char *payload,
	size_t len, unsigned flags, int ref_year);

/* Is C in GS1 character set 82 / 39? */
int agti_gs1_cset82(int c);
int agti_gs1_cset39(int c);

#endif
