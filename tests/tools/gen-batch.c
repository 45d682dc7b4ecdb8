/*
 * gen-batch - write a large valid batch (agtrace-batch(5)) for tests and
 * benchmarks.  Records are built with the library and written with the
 * exporter's own writer, so what is generated is what import expects.
 * Run with --help for the options.
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_private.h"

static const char usage[] =
    "usage: gen-batch [options] > batch.xml\n"
    "Write a valid agtrace batch: agencies, suppliers, sales points, then\n"
    "for each lot the lot, its reports and its shipments (lots in GTIN/lot\n"
    "order, as registers like them).\n"
    "  -s, --suppliers N     suppliers S0001... (10)\n"
    "  -a, --agencies N      agencies A01... (2)\n"
    "  -p, --sales-points N  sales points P0001... (5)\n"
    "  -l, --lots N          lots (100)\n"
    "  -r, --reports N       reports per lot (1; 0: none)\n"
    "  -S, --shipments N     shipments per lot (0)\n"
    "  -c, --categories      also write the 89 category codes (placeholder\n"
    "                        names; agtrace init loads the real ones)\n"
    "  -k, --signed          sign the reports with fixed test keys\n"
    "  -K, --key-dir DIR     write those keys as DIR/A01.key ... (PEM)\n"
    "  -f, --forward         lots first, then suppliers and agencies\n"
    "                        (forward references)\n"
    "  -b, --bad-at N        make lot N (from 0) bad, as --bad-kind says:\n"
    "  -B, --bad-kind KIND   gtin (check digit, default), supplier (unknown\n"
    "                        supplier), schema (bad date)\n"
    "  -R, --revision N      vary product names: a re-import revises lots\n"
    "      --start N         number lots from N (0)\n"
    "  -o, --output FILE     write to FILE instead of standard output\n"
    "Test keys are NOT secret: seed byte i of agency n is n*31+i.\n";

struct gen {
	unsigned long suppliers, agencies, points, lots, reports, shipments;
	unsigned long start, revision;
	long bad_at;
	const char *bad_kind, *key_dir, *output;
	int categories, sign, forward;
	xmlTextWriterPtr w;
};

static const char *const products[] = {
	"Choy sum", "Pak choi", "Tomato", "Cucumber", "Apple", "Pork",
	"Chicken eggs", "Grass carp", "Shrimp", "Honey"
};
static const char *const product_category[] = {
	"V05", "V06", "V26", "V29", "V42", "L01", "L11", "F01", "F03", "F09"
};

static void
die(const char *what)
{
	fprintf(stderr, "gen-batch: %s\n", what);
	exit(1);
}

static void
check(int rc, const char *what)
{
	if (rc != AGT_OK)
		die(what);
}

static void
test_key(unsigned long n, unsigned char sec[AGT_SECKEY_LEN])
{
	int i;

	for (i = 0; i < AGT_SECKEY_LEN; i++)
		sec[i] = (unsigned char)(n * 31 + (unsigned long)i);
}

/* GTIN-14 with indicator 0, company prefix 690123 and item REF. */
static void
make_gtin(char out[15], unsigned long ref, int bad)
{
	int i, sum = 0, d, check_digit;

	snprintf(out, 15, "0690123%06lu", ref % 1000000);
	for (i = 0; i < 13; i++) {
		d = out[i] - '0';
		sum += (i % 2 == 0) ? 3 * d : d;
	}
	check_digit = (10 - sum % 10) % 10;
	if (bad)
		check_digit = (check_digit + 1) % 10;
	out[13] = (char)('0' + check_digit);
	out[14] = '\0';
}

static void
emit(struct gen *g, agt_record *rec)
{
	check(agti_batch_write_record(g->w, rec), "write failed");
	agt_record_free(rec);
}

static agt_record *
record(int type)
{
	agt_record *rec;

	check(agt_record_new(&rec, type), "out of memory");
	return rec;
}

static void set(agt_record *rec, int field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
set(agt_record *rec, int field, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	check(agt_record_set(rec, field, buf), "bad field");
}

static void
gen_categories(struct gen *g)
{
	static const struct { char p; int n; const char *group; } groups[] = {
		{ 'V', 62, "fruit-vegetable" }, { 'L', 17, "livestock" },
		{ 'F', 10, "fish-bee" }
	};
	agt_record *rec;
	char code[16];
	size_t i;
	int n;

	for (i = 0; i < 3; i++)
		for (n = 1; n <= groups[i].n; n++) {
			rec = record(AGT_T_CATEGORY);
			snprintf(code, sizeof code, "%c%02d", groups[i].p, n);
			check(agt_record_set(rec, AGT_F_ID, code), "code");
			check(agt_record_set(rec, AGT_F_GROUP, groups[i].group), "g");
			set(rec, AGT_F_NAME, "Category %d", n);
			emit(g, rec);
		}
}

static void
gen_parties(struct gen *g)
{
	unsigned char sec[AGT_SECKEY_LEN], pub[AGT_PUBKEY_LEN];
	agt_record *rec;
	unsigned long i;
	char path[4096];

	for (i = 1; i <= g->agencies; i++) {
		rec = record(AGT_T_AGENCY);
		set(rec, AGT_F_ID, "A%02lu", i);
		set(rec, AGT_F_NAME, "Test Laboratory %lu", i);
		set(rec, AGT_F_ACCREDITATION, "CNAS L%04lu", 1000 + i);
		if (g->sign) {
			test_key(i, sec);
			check(agt_key_public(pub, sec), "key");
			check(agt_record_set_bytes(rec, AGT_F_PUBKEY, pub,
			    sizeof pub), "key");
			if (g->key_dir != NULL) {
				snprintf(path, sizeof path, "%s/A%02lu.key",
				    g->key_dir, i);
				check(agt_key_save(path, sec), "cannot save a key");
			}
		}
		emit(g, rec);
	}
	for (i = 1; i <= g->suppliers; i++) {
		rec = record(AGT_T_SUPPLIER);
		set(rec, AGT_F_ID, "S%04lu", i);
		set(rec, AGT_F_NAME, "Farm cooperative %lu", i);
		set(rec, AGT_F_REGION, "Guangdong, district %lu", i % 21);
		set(rec, AGT_F_LICENCE, "SC1064401%08lu", i);
		emit(g, rec);
	}
	for (i = 1; i <= g->points; i++) {
		rec = record(AGT_T_SALESPOINT);
		set(rec, AGT_F_ID, "P%04lu", i);
		set(rec, AGT_F_NAME, "Market stall %lu", i);
		set(rec, AGT_F_ADDRESS, "%lu Market Road", i);
		emit(g, rec);
	}
}

static agt_record *
gen_lot(struct gen *g, unsigned long n, char gtin[15], char lot[16])
{
	int bad = g->bad_at >= 0 && (unsigned long)g->bad_at == n - g->start;
	size_t p = n % (sizeof products / sizeof products[0]);
	agt_record *rec = record(AGT_T_LOT);

	make_gtin(gtin, n / 100, bad && strcmp(g->bad_kind, "gtin") == 0);
	snprintf(lot, 16, "L%08lu", n);
	check(agt_record_set(rec, AGT_F_GTIN, gtin), "gtin");
	check(agt_record_set(rec, AGT_F_LOT, lot), "lot");
	if (bad && strcmp(g->bad_kind, "supplier") == 0)
		check(agt_record_set(rec, AGT_F_SUPPLIER, "S9999"), "s");
	else
		set(rec, AGT_F_SUPPLIER, "S%04lu", n % g->suppliers + 1);
	check(agt_record_set(rec, AGT_F_CATEGORY, product_category[p]), "c");
	if (g->revision > 0)
		set(rec, AGT_F_PRODUCT, "Produce, revision %lu", g->revision);
	else
		check(agt_record_set(rec, AGT_F_PRODUCT, products[p]), "p");
	check(agt_record_set(rec, AGT_F_ORIGIN_COUNTRY, "156"), "o");
	set(rec, AGT_F_ORIGIN_PLACE, "Conghua, Guangzhou, plot %lu", n % 97);
	check(agt_record_set(rec, AGT_F_HARVESTED,
	    bad && strcmp(g->bad_kind, "schema") == 0 ? "2026-13-45" :
	    "2026-11-19"), "h");
	check(agt_record_set(rec, AGT_F_PACKED, "2026-11-20"), "p");
	check(agt_record_set(rec, AGT_F_EXPIRES, "2026-11-27"), "e");
	set(rec, AGT_F_QUANTITY, "%lu", 100 + n % 900);
	check(agt_record_set(rec, AGT_F_UNIT, "kg"), "u");
	return rec;
}

static void
gen_report(struct gen *g, unsigned long n, unsigned long k, const char *gtin,
    const char *lot)
{
	unsigned char sec[AGT_SECKEY_LEN];
	unsigned long agency = (n + k) % g->agencies + 1;
	agt_record *rec = record(AGT_T_REPORT), *ref, *item;

	set(rec, AGT_F_ID, "R%09lu", n * g->reports + k);
	set(rec, AGT_F_AGENCY, "A%02lu", agency);
	check(agt_record_set(rec, AGT_F_SAMPLED, "2026-11-19"), "s");
	check(agt_record_set(rec, AGT_F_ISSUED, "2026-11-20"), "i");
	check(agt_record_set(rec, AGT_F_VERDICT, "pass"), "v");
	ref = record(AGT_T_LOTREF);
	check(agt_record_set(ref, AGT_F_GTIN, gtin), "g");
	check(agt_record_set(ref, AGT_F_LOT, lot), "l");
	check(agt_record_add_child(rec, AGT_F_LOTREF, ref), "ref");
	agt_record_free(ref);
	item = record(AGT_T_ITEM);
	check(agt_record_set(item, AGT_F_ANALYTE, "chlorpyrifos"), "a");
	check(agt_record_set(item, AGT_F_METHOD, "GB 23200.113-2018"), "m");
	check(agt_record_set(item, AGT_F_VALUE, "0.01"), "v");
	check(agt_record_set(item, AGT_F_UNIT, "mg/kg"), "u");
	check(agt_record_set(item, AGT_F_ITEM_LIMIT, "0.02"), "l");
	check(agt_record_set(item, AGT_F_VERDICT, "pass"), "v");
	check(agt_record_add_child(rec, AGT_F_ITEM, item), "item");
	agt_record_free(item);
	if (g->sign) {
		test_key(agency, sec);
		check(agt_report_sign(rec, sec), "sign");
	}
	emit(g, rec);
}

static void
gen_shipment(struct gen *g, unsigned long n, unsigned long k,
    const char *gtin, const char *lot)
{
	agt_record *rec = record(AGT_T_SHIPMENT);

	check(agt_record_set(rec, AGT_F_GTIN, gtin), "g");
	check(agt_record_set(rec, AGT_F_LOT, lot), "l");
	set(rec, AGT_F_SALESPOINT, "P%04lu", (n + k) % g->points + 1);
	set(rec, AGT_F_SHIPPED, "2026-11-%02lu", 20 + k % 10);
	set(rec, AGT_F_QUANTITY, "%lu", 10 + k);
	check(agt_record_set(rec, AGT_F_UNIT, "kg"), "u");
	emit(g, rec);
}

static void
gen_lots(struct gen *g)
{
	unsigned long n, k;
	char gtin[15], lot[16];

	for (n = g->start; n < g->start + g->lots; n++) {
		emit(g, gen_lot(g, n, gtin, lot));
		for (k = 0; k < g->reports; k++)
			gen_report(g, n, k, gtin, lot);
		for (k = 0; k < g->shipments; k++)
			gen_shipment(g, n, k, gtin, lot);
	}
}

static unsigned long
number(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || *s == '-')
		die("bad number");
	return n;
}

static void
parse(struct gen *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "suppliers", 1, NULL, 's' }, { "agencies", 1, NULL, 'a' },
		{ "sales-points", 1, NULL, 'p' }, { "lots", 1, NULL, 'l' },
		{ "reports", 1, NULL, 'r' }, { "shipments", 1, NULL, 'S' },
		{ "categories", 0, NULL, 'c' }, { "signed", 0, NULL, 'k' },
		{ "key-dir", 1, NULL, 'K' }, { "forward", 0, NULL, 'f' },
		{ "bad-at", 1, NULL, 'b' }, { "bad-kind", 1, NULL, 'B' },
		{ "revision", 1, NULL, 'R' }, { "start", 1, NULL, 'N' },
		{ "output", 1, NULL, 'o' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "s:a:p:l:r:S:ckK:fb:B:R:o:h",
	    opts, NULL)) != -1) {
		switch (ch) {
		case 's': g->suppliers = number(optarg); break;
		case 'a': g->agencies = number(optarg); break;
		case 'p': g->points = number(optarg); break;
		case 'l': g->lots = number(optarg); break;
		case 'r': g->reports = number(optarg); break;
		case 'S': g->shipments = number(optarg); break;
		case 'c': g->categories = 1; break;
		case 'k': g->sign = 1; break;
		case 'K': g->key_dir = optarg; break;
		case 'f': g->forward = 1; break;
		case 'b': g->bad_at = (long)number(optarg); break;
		case 'B': g->bad_kind = optarg; break;
		case 'R': g->revision = number(optarg); break;
		case 'N': g->start = number(optarg); break;
		case 'o': g->output = optarg; break;
		case 'h': fputs(usage, stdout); exit(0);
		default: fputs(usage, stderr); exit(64);
		}
	}
	if (optind != argc || g->suppliers == 0 || g->agencies == 0 ||
	    g->points == 0 || g->agencies > 99 || g->suppliers > 9998)
		die("bad arguments (see --help)");
}

int
main(int argc, char **argv)
{
	struct gen g = { 10, 2, 5, 100, 1, 0, 0, 0, -1, "gtin", NULL, NULL,
	    0, 0, 0, NULL };
	xmlOutputBufferPtr ob;

	parse(&g, argc, argv);
	agti_xml_init();
	ob = g.output != NULL ? xmlOutputBufferCreateFilename(g.output, NULL, 0)
	    : xmlOutputBufferCreateFile(stdout, NULL);
	if (ob == NULL || (g.w = xmlNewTextWriter(ob)) == NULL)
		die("cannot open the output");
	xmlTextWriterSetIndent(g.w, 1);
	xmlTextWriterSetIndentString(g.w, BAD_CAST "  ");
	check(agti_batch_write_start(g.w, "2026-11-20T08:00:00+08:00"), "write");
	if (g.categories)
		gen_categories(&g);
	if (!g.forward)
		gen_parties(&g);
	gen_lots(&g);
	if (g.forward)
		gen_parties(&g);
	check(agti_batch_write_end(g.w), "write failed");
	xmlFreeTextWriter(g.w);
	return 0;
}
