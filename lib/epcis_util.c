/* epcis_util.c - identifiers, units, countries and times for EPCIS 2.0. */
#include "recall_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* RFC 3986 unreserved characters pass; everything else is %XX. */
static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static char *
pct_encode(const char *prefix, const char *s, const char *suffix)
{
	size_t n = strlen(prefix) + strlen(suffix) + 3 * strlen(s) + 1;
	char *out = malloc(n), *p;
	static const char hex[] = "0123456789ABCDEF";

	if (out == NULL)
		return NULL;
	p = out + strlen(strcpy(out, prefix));
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (unreserved(c)) {
			*p++ = (char)c;
		} else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	strcpy(p, suffix);
	return out;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode %XX escapes of S (LEN bytes) into a fresh string; NULL on a bad
 * escape, an embedded NUL or ENOMEM. */
static char *
pct_decode(const char *s, size_t len)
{
	char *out = malloc(len + 1), *p = out;
	size_t i;

	if (out == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			*p++ = s[i];
			continue;
		}
		if (i + 2 >= len)
			goto bad;
		if (hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
			goto bad;
		*p = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
		if (*p++ == '\0')
			goto bad;
		i += 2;
	}
	*p = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

char *
agti_dl_class(const char *gtin, const char *lot)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), AGTI_DL_HOST "/01/%s%s", gtin,
	    lot ? "/10/" : "");
	return pct_encode(prefix, lot ? lot : "", "");
}

/* urn:epc:class:lgtin:CompanyPrefix.IndicatorItemRef.Lot (TDS 2.0). */
static int
lgtin_parse(const char *s, char gtin[15], char **lot)
{
	const char *dot1 = strchr(s, '.'), *dot2;
	char digits[14];
	size_t cp, ir;
	int i, sum = 0;

	if (dot1 == NULL || (dot2 = strchr(dot1 + 1, '.')) == NULL)
		return AGT_EFORMAT;
	cp = (size_t)(dot1 - s);
	ir = (size_t)(dot2 - dot1 - 1);
	if (cp + ir != 13 || ir < 1)
		return AGT_EFORMAT;
	digits[0] = dot1[1];
	memcpy(digits + 1, s, cp);
	memcpy(digits + 1 + cp, dot1 + 2, ir - 1);
	for (i = 0; i < 13; i++) {
		if (digits[i] < '0' || digits[i] > '9')
			return AGT_EFORMAT;
		sum += (digits[i] - '0') * (i % 2 == 0 ? 3 : 1);
	}
	memcpy(gtin, digits, 13);
	gtin[13] = (char)('0' + (10 - sum % 10) % 10);
	gtin[14] = '\0';
	*lot = pct_decode(dot2 + 1, strlen(dot2 + 1));
	return *lot ? AGT_OK : AGT_EFORMAT;
}

int
agti_dl_parse(const char *uri, char gtin[15], char **lot)
{
	const char *p, *end;

	*lot = NULL;
	if (strncmp(uri, "urn:epc:class:lgtin:", 20) == 0)
		return lgtin_parse(uri + 20, gtin, lot);
	if (strncmp(uri, "https://", 8) != 0 && strncmp(uri, "http://", 7) != 0)
		return AGT_EFORMAT;
	if ((p = strstr(uri, "/01/")) == NULL)
		return AGT_EFORMAT;
	p += 4;
	end = p + strspn(p, "0123456789");
	if (agt_gtin_normalize(gtin, p, (size_t)(end - p)) != AGT_OK)
		return AGT_EFORMAT;
	if (*end == '\0' || *end == '?') {
		*lot = strdup("");
		return *lot ? AGT_OK : AGT_ENOMEM;
	}
	if (strncmp(end, "/10/", 4) != 0)
		return AGT_EFORMAT;
	p = end + 4;
	end = p + strcspn(p, "/?#");
	if (end == p)
		return AGT_EFORMAT;
	*lot = pct_decode(p, (size_t)(end - p));
	return *lot ? AGT_OK : AGT_EFORMAT;
}

char *
agti_urn(const char *kind, const char *id)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "urn:agtrace:%s:", kind);
	return pct_encode(prefix, id, "");
}

char *
agti_urn_parse(const char *kind, const char *uri)
{
	char prefix[64];
	size_t n;

	n = (size_t)snprintf(prefix, sizeof(prefix), "urn:agtrace:%s:", kind);
	if (strncmp(uri, prefix, n) != 0 || uri[n] == '\0')
		return NULL;
	return pct_decode(uri + n, strlen(uri + n));
}

const char *
agti_uom_code(const char *unit)
{
	static const char *const map[][2] = {
		{ "kg", "KGM" }, { "g", "GRM" }, { "t", "TNE" }, { "l", "LTR" },
		{ "ml", "MLT" }, { "piece", "H87" }, { "pcs", "H87" },
		{ "box", "BX" }, { "case", "CS" }, { "dozen", "DZN" },
		{ "lb", "LBR" }, { "mg/kg", "NA" }, { "ug/kg", "J33" },
		{ "\xc2\xb5g/kg", "J33" }
	};
	size_t i;

	if (unit == NULL)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(unit, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* ISO 3166-1 numeric -> alpha-2 (Debian's iso-codes data), sorted. */
static const char *const countries[][2] = {
	{ "004", "AF" }, { "008", "AL" }, { "010", "AQ" }, { "012", "DZ" },
	{ "016", "AS" }, { "020", "AD" }, { "024", "AO" }, { "028", "AG" },
	{ "031", "AZ" }, { "032", "AR" }, { "036", "AU" }, { "040", "AT" },
	{ "044", "BS" }, { "048", "BH" }, { "050", "BD" }, { "051", "AM" },
	{ "052", "BB" }, { "056", "BE" }, { "060", "BM" }, { "064", "BT" },
	{ "068", "BO" }, { "070", "BA" }, { "072", "BW" }, { "074", "BV" },
	{ "076", "BR" }, { "084", "BZ" }, { "086", "IO" }, { "090", "SB" },
	{ "092", "VG" }, { "096", "BN" }, { "100", "BG" }, { "104", "MM" },
	{ "108", "BI" }, { "112", "BY" }, { "116", "KH" }, { "120", "CM" },
	{ "124", "CA" }, { "132", "CV" }, { "136", "KY" }, { "140", "CF" },
	{ "144", "LK" }, { "148", "TD" }, { "152", "CL" }, { "156", "CN" },
	{ "158", "TW" }, { "162", "CX" }, { "166", "CC" }, { "170", "CO" },
	{ "174", "KM" }, { "175", "YT" }, { "178", "CG" }, { "180", "CD" },
	{ "184", "CK" }, { "188", "CR" }, { "191", "HR" }, { "192", "CU" },
	{ "196", "CY" }, { "203", "CZ" }, { "204", "BJ" }, { "208", "DK" },
	{ "212", "DM" }, { "214", "DO" }, { "218", "EC" }, { "222", "SV" },
	{ "226", "GQ" }, { "231", "ET" }, { "232", "ER" }, { "233", "EE" },
	{ "234", "FO" }, { "238", "FK" }, { "239", "GS" }, { "242", "FJ" },
	{ "246", "FI" }, { "248", "AX" }, { "250", "FR" }, { "254", "GF" },
	{ "258", "PF" }, { "260", "TF" }, { "262", "DJ" }, { "266", "GA" },
	{ "268", "GE" }, { "270", "GM" }, { "275", "PS" }, { "276", "DE" },
	{ "288", "GH" }, { "292", "GI" }, { "296", "KI" }, { "300", "GR" },
	{ "304", "GL" }, { "308", "GD" }, { "312", "GP" }, { "316", "GU" },
	{ "320", "GT" }, { "324", "GN" }, { "328", "GY" }, { "332", "HT" },
	{ "334", "HM" }, { "336", "VA" }, { "340", "HN" }, { "344", "HK" },
	{ "348", "HU" }, { "352", "IS" }, { "356", "IN" }, { "360", "ID" },
	{ "364", "IR" }, { "368", "IQ" }, { "372", "IE" }, { "376", "IL" },
	{ "380", "IT" }, { "384", "CI" }, { "388", "JM" }, { "392", "JP" },
	{ "398", "KZ" }, { "400", "JO" }, { "404", "KE" }, { "408", "KP" },
	{ "410", "KR" }, { "414", "KW" }, { "417", "KG" }, { "418", "LA" },
	{ "422", "LB" }, { "426", "LS" }, { "428", "LV" }, { "430", "LR" },
	{ "434", "LY" }, { "438", "LI" }, { "440", "LT" }, { "442", "LU" },
	{ "446", "MO" }, { "450", "MG" }, { "454", "MW" }, { "458", "MY" },
	{ "462", "MV" }, { "466", "ML" }, { "470", "MT" }, { "474", "MQ" },
	{ "478", "MR" }, { "480", "MU" }, { "484", "MX" }, { "492", "MC" },
	{ "496", "MN" }, { "498", "MD" }, { "499", "ME" }, { "500", "MS" },
	{ "504", "MA" }, { "508", "MZ" }, { "512", "OM" }, { "516", "NA" },
	{ "520", "NR" }, { "524", "NP" }, { "528", "NL" }, { "531", "CW" },
	{ "533", "AW" }, { "534", "SX" }, { "535", "BQ" }, { "540", "NC" },
	{ "548", "VU" }, { "554", "NZ" }, { "558", "NI" }, { "562", "NE" },
	{ "566", "NG" }, { "570", "NU" }, { "574", "NF" }, { "578", "NO" },
	{ "580", "MP" }, { "581", "UM" }, { "583", "FM" }, { "584", "MH" },
	{ "585", "PW" }, { "586", "PK" }, { "591", "PA" }, { "598", "PG" },
	{ "600", "PY" }, { "604", "PE" }, { "608", "PH" }, { "612", "PN" },
	{ "616", "PL" }, { "620", "PT" }, { "624", "GW" }, { "626", "TL" },
	{ "630", "PR" }, { "634", "QA" }, { "638", "RE" }, { "642", "RO" },
	{ "643", "RU" }, { "646", "RW" }, { "652", "BL" }, { "654", "SH" },
	{ "659", "KN" }, { "660", "AI" }, { "662", "LC" }, { "663", "MF" },
	{ "666", "PM" }, { "670", "VC" }, { "674", "SM" }, { "678", "ST" },
	{ "682", "SA" }, { "686", "SN" }, { "688", "RS" }, { "690", "SC" },
	{ "694", "SL" }, { "702", "SG" }, { "703", "SK" }, { "704", "VN" },
	{ "705", "SI" }, { "706", "SO" }, { "710", "ZA" }, { "716", "ZW" },
	{ "724", "ES" }, { "728", "SS" }, { "729", "SD" }, { "732", "EH" },
	{ "740", "SR" }, { "744", "SJ" }, { "748", "SZ" }, { "752", "SE" },
	{ "756", "CH" }, { "760", "SY" }, { "762", "TJ" }, { "764", "TH" },
	{ "768", "TG" }, { "772", "TK" }, { "776", "TO" }, { "780", "TT" },
	{ "784", "AE" }, { "788", "TN" }, { "792", "TR" }, { "795", "TM" },
	{ "796", "TC" }, { "798", "TV" }, { "800", "UG" }, { "804", "UA" },
	{ "807", "MK" }, { "818", "EG" }, { "826", "GB" }, { "831", "GG" },
	{ "832", "JE" }, { "833", "IM" }, { "834", "TZ" }, { "840", "US" },
	{ "850", "VI" }, { "854", "BF" }, { "858", "UY" }, { "860", "UZ" },
	{ "862", "VE" }, { "876", "WF" }, { "882", "WS" }, { "887", "YE" },
	{ "894", "ZM" }
};

static int
cmp_country(const void *k, const void *e)
{
	return strcmp(k, ((const char *const *)e)[0]);
}

const char *
agti_country_alpha2(const char *numeric)
{
	const char *const *e;

	if (numeric == NULL)
		return NULL;
	e = bsearch(numeric, countries, sizeof(countries) / sizeof(countries[0]),
	    sizeof(countries[0]), cmp_country);
	return e ? e[1] : NULL;
}

char *
agti_epcis_time(char out[32], const char *date)
{
	if (date != NULL && strlen(date) == 10)
		snprintf(out, 32, "%sT00:00:00Z", date);
	else if (date != NULL)
		snprintf(out, 32, "%s", date);
	else
		agti_now_utc(out);
	return out;
}

char *
agti_now_utc(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}
