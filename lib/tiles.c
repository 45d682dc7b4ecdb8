/*
 * tiles.c - C2SP tlog-tiles names and the entry bundle encoding, shared by
 * publish.c (writing) and mirror.c (reading).
 */
#include "db_private.h"
#include "replica_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "x001/x234/067" for 1234067: 3-digit groups, all but the last with x. */
static size_t
tile_index(char *buf, size_t size, uint64_t n, int last)
{
	size_t o = 0;

	if (n >= 1000)
		o = tile_index(buf, size, n / 1000, 0);
	if (o < size)
		o += (size_t)snprintf(buf + o, size - o, "%s%03u%s",
		    last ? "" : "x", (unsigned)(n % 1000), last ? "" : "/");
	return o;
}

void
agti_tile_path(char *buf, size_t size, int level, uint64_t n, unsigned width)
{
	char idx[64], lv[16];

	tile_index(idx, sizeof idx, n, 1);
	if (level < 0)
		snprintf(lv, sizeof lv, "entries");
	else
		snprintf(lv, sizeof lv, "%d", level);
	if (width >= AGTI_TILE_WIDTH)
		snprintf(buf, size, "tile/%s/%s", lv, idx);
	else
		snprintf(buf, size, "tile/%s/%s.p/%u", lv, idx, width);
}

unsigned
agti_tile_width(uint64_t count, uint64_t n)
{
	uint64_t left = count - n * AGTI_TILE_WIDTH;

	return left >= AGTI_TILE_WIDTH ? AGTI_TILE_WIDTH : (unsigned)left;
}

int
agti_bundle_next(const unsigned char **p, const unsigned char *end,
    const unsigned char **entry, size_t *len)
{
	size_t n;

	if (*p == end)
		return 0;
	if (end - *p < 2)
		return -1;
	n = (size_t)(*p)[0] << 8 | (*p)[1];
	if ((size_t)(end - *p) - 2 < n || n < AGTI_ENTRY_PREFIX + 2)
		return -1;
	*entry = *p + 2;
	*len = n;
	*p += 2 + n;
	return 1;
}

int
agti_rethrow(const agt_db *to, const agt_db *from, int rc,
    const char *prefix)
{
	char why[768];

	snprintf(why, sizeof why, "%s", agt_errmsg(from));
	if (why[0] == '\0')
		snprintf(why, sizeof why, "%s", agt_strerror(rc));
	return agti_error(to, rc, "%s: %s", prefix, why);
}
