/* key.c - record keys: as text for people, as bytes for the indexes. */
#include "record_private.h"

#include <stdlib.h>
#include <string.h>

static int
is_id_type(int type)
{
	return type == AGT_T_CATEGORY || type == AGT_T_SUPPLIER ||
	    type == AGT_T_AGENCY || type == AGT_T_SALESPOINT ||
	    type == AGT_T_REPORT || type == AGT_T_RECALL ||
	    type == AGT_T_RELEASE;
}

/* The N strings of PART joined by '/' into a fresh string (NULL if one is). */
static char *
join(const char *const *part, int n)
{
	size_t len[4], total = 0;
	char *s, *p;
	int i;

	for (i = 0; i < n; i++) {
		if (part[i] == NULL)
			return NULL;
		total += (len[i] = strlen(part[i])) + 1;
	}
	if ((s = p = malloc(total)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		memcpy(p, part[i], len[i]);
		p += len[i];
		*p++ = i + 1 < n ? '/' : '\0';
	}
	return s;
}

/* "GTIN/LOT" or "GTIN/LOT/SALESPOINT/SHIPPED" into a fresh string. */
static char *
composite_key(const agt_record *rec)
{
	const char *part[4] = {
		agt_record_get(rec, AGT_F_GTIN), agt_record_get(rec, AGT_F_LOT),
		agt_record_get(rec, AGT_F_SALESPOINT),
		agt_record_get(rec, AGT_F_SHIPPED),
	};

	return join(part, rec->type == AGT_T_SHIPMENT ? 4 : 2);
}

const char *
agt_record_key(const agt_record *rec)
{
	agt_record *r = (agt_record *)rec; /* the cache is not content */

	if (is_id_type(rec->type))
		return agt_record_get(rec, AGT_F_ID);
	if (rec->type != AGT_T_LOT && rec->type != AGT_T_SHIPMENT &&
	    rec->type != AGT_T_LOTREF)
		return NULL;
	if (!r->key_ok) {
		free(r->key);
		r->key = composite_key(rec);
		r->key_ok = 1;
	}
	return r->key;
}

size_t
agti_lot_key(const char *gtin, size_t glen, const char *lot, size_t llen,
    char *buf)
{
	char g[15];

	if (agt_gtin_normalize(g, gtin, glen) != AGT_OK || llen == 0 ||
	    14 + llen > AGTI_KEY_MAX)
		return 0;
	memcpy(buf, g, 14);
	memcpy(buf + 14, lot, llen);
	return 14 + llen;
}

static size_t
copy_key(const char *s, size_t len, char *buf)
{
	if (s == NULL || len == 0 || len > AGTI_KEY_MAX)
		return 0;
	memcpy(buf, s, len);
	return len;
}

size_t
agti_record_index_key(const agt_record *rec, char *buf)
{
	const char *g, *l;
	size_t glen, llen;

	if (is_id_type(rec->type)) {
		g = agt_record_get_nth(rec, AGT_F_ID, 0, &glen);
		return copy_key(g, g ? glen : 0, buf);
	}
	if (rec->type == AGT_T_SHIPMENT) {
		g = agt_record_key(rec);
		return copy_key(g, g ? strlen(g) : 0, buf);
	}
	g = agt_record_get_nth(rec, AGT_F_GTIN, 0, &glen);
	l = agt_record_get_nth(rec, AGT_F_LOT, 0, &llen);
	if (g == NULL || l == NULL)
		return 0;
	return agti_lot_key(g, glen, l, llen, buf);
}

size_t
agti_key_parse(int type, const char *key, char *buf)
{
	const char *slash = strchr(key, '/');
	char g[15];
	size_t n;

	if (is_id_type(type))
		return copy_key(key, strlen(key), buf);
	if (slash == NULL)
		return 0;
	if (type == AGT_T_LOT || type == AGT_T_LOTREF)
		return agti_lot_key(key, (size_t)(slash - key), slash + 1,
		    strlen(slash + 1), buf);
	if (type != AGT_T_SHIPMENT ||
	    agt_gtin_normalize(g, key, (size_t)(slash - key)) != AGT_OK)
		return 0;
	n = strlen(slash);
	if (14 + n > AGTI_KEY_MAX)
		return 0;
	memcpy(buf, g, 14);
	memcpy(buf + 14, slash, n);
	return 14 + n;
}
