/*
 * label.c - barcode labels of lots with libzint, which encodes every GS1
 * symbology and checks GS1 data itself; we check first so that errors
 * name the option at fault.
 */
#include "private.h"
#include "decode_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zint.h>

#define DEFAULT_HOST "https://id.gs1.org"
#define DEFAULT_SCALE 4

/* The checked fields of a label. */
struct fields {
	int symbology;
	char gtin[15];
	const char *lot;
	char yymmdd[7]; /* "" when no expiry */
	char host[256];
};

const char *
agti_zint_version(void)
{
	static char buf[32];
	int v = ZBarcode_Version();

	if (buf[0] == '\0')
		snprintf(buf, sizeof buf, "%d.%d.%d", v / 10000, v / 100 % 100,
		    v % 100);
	return buf;
}

int
agt_label_symbology_from_name(const char *name)
{
	static const char *const names[] = { "qr", "datamatrix", "gs1-128",
		"databar-expanded", "ean13" };
	size_t i;

	for (i = 0; name != NULL && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i + 1;
	return 0;
}

/* GS1 AI encodable character set 82 (GS1 General Specifications 7.11). */
static int
set82(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!\"%&'()*+,-./:;<=>?_", c) != NULL);
}

static int
check_lot(const char *lot)
{
	size_t i, n = lot ? strlen(lot) : 0;

	if (n < 1 || n > 20)
		return agti_error(NULL, AGT_EINVAL,
		    "lot: must have 1 to 20 characters");
	for (i = 0; i < n; i++)
		if (!set82((unsigned char)lot[i]))
			return agti_error(NULL, AGT_EINVAL,
			    "lot %s: character %zu is not allowed in GS1 AI 10",
			    lot, i + 1);
	return AGT_OK;
}

/* YYYY-MM-DD into YYMMDD (AI 17). */
static int
check_date(char out[7], const char *date)
{
	int y, m, d, n = 0;

	if (strlen(date) != 10 || sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || strspn(date, "0123456789-") != 10 || m < 1 || m > 12 ||
	    d < 1 || d > 31 || y < 2000 || y > 2099)
		return agti_error(NULL, AGT_EINVAL,
		    "expires %s: not a date YYYY-MM-DD between 2000 and 2099", date);
	snprintf(out, 7, "%02d%02d%02d", y % 100, m, d);
	return AGT_OK;
}

/* A Digital Link resolver: http(s)://host[:port][/prefix], any final '/' dropped. */
static int
check_host(char *out, size_t size, const char *url)
{
	size_t n = strlen(url), skip;

	skip = strncmp(url, "https://", 8) == 0 ? 8 :
	    strncmp(url, "http://", 7) == 0 ? 7 : 0;
	while (n > skip && url[n - 1] == '/')
		n--;
	if (skip == 0 || n == skip || n >= size ||
	    strspn(url + skip, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:/_~%") < n - skip)
		return agti_error(NULL, AGT_EINVAL,
		    "host %s: not an http(s)://host[:port][/path] URL", url);
	memcpy(out, url, n);
	out[n] = '\0';
	return AGT_OK;
}

static int
check(struct fields *f, const agt_label_opts *o)
{
	int rc;

	memset(f, 0, sizeof *f);
	if (o->version != AGT_LABEL_OPTS_VERSION)
		return agti_error(NULL, AGT_EINVAL, "label options: version %u unknown", o->version);
	f->symbology = o->symbology ? o->symbology : AGT_LABEL_QR;
	if (f->symbology < AGT_LABEL_QR || f->symbology > AGT_LABEL_EAN13)
		return agti_error(NULL, AGT_EINVAL, "symbology %d unknown", o->symbology);
	if (o->gtin == NULL || agt_gtin_normalize(f->gtin, o->gtin, strlen(o->gtin)) != AGT_OK)
		return agti_error(NULL, AGT_EINVAL,
		    "gtin %s: not a GTIN-8/12/13/14 with a valid check digit",
		    o->gtin ? o->gtin : "");
	if (f->symbology == AGT_LABEL_EAN13) {
		if (f->gtin[0] != '0')
			return agti_error(NULL, AGT_EINVAL,
			    "gtin %s: a GTIN-14 has no EAN-13", o->gtin);
		return AGT_OK;
	}
	f->lot = o->lot;
	if ((rc = check_lot(o->lot)) != AGT_OK || (rc = check_host(f->host,
	    sizeof f->host, o->host ? o->host : DEFAULT_HOST)) != AGT_OK)
		return rc;
	if (o->expires != NULL && (rc = check_date(f->yymmdd, o->expires)) != AGT_OK)
		return rc;
	return AGT_OK;
}

/* The AIs of the label in brackets: "[01]..." for zint, "(01)..." for the GS1 parser. */
static void
bracketed(char *out, size_t size, const struct fields *f, const char *br)
{
	if (f->yymmdd[0])
		snprintf(out, size, "%c01%c%s%c17%c%s%c10%c%s", br[0], br[1],
		    f->gtin, br[0], br[1], f->yymmdd, br[0], br[1], f->lot);
	else
		snprintf(out, size, "%c01%c%s%c10%c%s", br[0], br[1], f->gtin,
		    br[0], br[1], f->lot);
}

/*
 * The data the label carries, as the GS1 parser renders it: the Digital
 * Link URI or the element string (fixed-length AIs first, so only the
 * lot is variable, and last); for EAN-13 the 13 digits.
 */
static int
payload(char **out, const struct fields *f)
{
	agt_gs1 *g;
	char buf[512];
	int rc;

	if (f->symbology == AGT_LABEL_EAN13) {
		if ((*out = strdup(f->gtin + 1)) == NULL)
			return agti_error(NULL, AGT_ENOMEM, "out of memory");
		return AGT_OK;
	}
	bracketed(buf, sizeof buf, f, "()");
	if ((rc = agt_gs1_parse(&g, buf, strlen(buf), NULL)) != AGT_OK)
		return rc;
	rc = agt_gs1_render(out, g, f->symbology == AGT_LABEL_QR ?
	    AGT_GS1_FORM_DIGITAL_LINK : AGT_GS1_FORM_ELEMENT, f->host);
	agt_gs1_free(g);
	return rc;
}

int
agt_label_payload(char **out, const agt_label_opts *opts)
{
	struct fields f;
	int rc;

	*out = NULL;
	if ((rc = check(&f, opts)) != AGT_OK)
		return rc;
	return payload(out, &f);
}

static const int zint_types[] = { 0, BARCODE_QRCODE, BARCODE_DATAMATRIX,
	BARCODE_GS1_128, BARCODE_DBAR_EXP, BARCODE_EANX };

/* A zint symbol encoded with the label of OPTS; NULL on error (reported). */
static int
encode(struct zint_symbol **out, const agt_label_opts *opts)
{
	struct zint_symbol *z;
	struct fields f;
	char data[512], *uri = NULL;
	int rc;

	*out = NULL;
	if ((rc = check(&f, opts)) != AGT_OK)
		return rc;
	if (f.symbology == AGT_LABEL_QR || f.symbology == AGT_LABEL_EAN13) {
		if ((rc = payload(&uri, &f)) != AGT_OK)
			return rc;
		snprintf(data, sizeof data, "%s", uri);
		free(uri);
	} else
		bracketed(data, sizeof data, &f, "[]");
	if ((z = ZBarcode_Create()) == NULL)
		return agti_error(NULL, AGT_ENOMEM, "out of memory");
	z->symbology = zint_types[f.symbology];
	z->scale = (float)(opts->scale > 0 ? opts->scale : DEFAULT_SCALE) / 2;
	z->output_options = BARCODE_QUIET_ZONES;
	if (f.symbology == AGT_LABEL_DATAMATRIX || f.symbology == AGT_LABEL_GS1_128 ||
	    f.symbology == AGT_LABEL_DATABAR_EXPANDED)
		z->input_mode = GS1_MODE;
	if (ZBarcode_Encode(z, (const unsigned char *)data, (int)strlen(data)) >= ZINT_ERROR) {
		rc = agti_error(NULL, AGT_EFORMAT, "zint: %s", z->errtxt);
		ZBarcode_Delete(z);
		return rc;
	}
	*out = z;
	return AGT_OK;
}

static int
print_to(struct zint_symbol *z, const char *path, const char *ext)
{
	if (strcmp(path, "-") == 0) {
		z->output_options |= BARCODE_STDOUT;
		snprintf(z->outfile, sizeof z->outfile, "out.%s", ext);
		return ZBarcode_Print(z, 0) >= ZINT_ERROR ? AGT_EIO : AGT_OK;
	}
	if (snprintf(z->outfile, sizeof z->outfile, "%s.%ld.tmp.%s", path,
	    (long)getpid(), ext) >= (int)sizeof z->outfile)
		return agti_error(NULL, AGT_EINVAL, "%s: path too long", path);
	if (ZBarcode_Print(z, 0) >= ZINT_ERROR) {
		unlink(z->outfile);
		return agti_error(NULL, AGT_EIO, "%s: %s", path, z->errtxt);
	}
	if (rename(z->outfile, path) != 0) {
		unlink(z->outfile);
		return agti_error(NULL, AGT_EIO, "%s: %s", path, strerror(errno));
	}
	return AGT_OK;
}

int
agt_label_write(const agt_label_opts *opts, const char *path, int format)
{
	struct zint_symbol *z;
	int rc;

	if (format != AGT_LABEL_PNG && format != AGT_LABEL_SVG)
		return agti_error(NULL, AGT_EINVAL, "label format %d unknown", format);
	if ((rc = encode(&z, opts)) != AGT_OK)
		return rc;
	rc = print_to(z, path, format == AGT_LABEL_SVG ? "svg" : "png");
	if (rc == AGT_EIO && strcmp(path, "-") == 0)
		agti_error(NULL, rc, "standard output: %s", z->errtxt);
	ZBarcode_Delete(z);
	return rc;
}

int
agt_label_image(agt_image **out, const agt_label_opts *opts)
{
	struct zint_symbol *z;
	int rc, i;

	*out = NULL;
	if ((rc = encode(&z, opts)) != AGT_OK)
		return rc;
	if (ZBarcode_Buffer(z, 0) >= ZINT_ERROR)
		rc = agti_error(NULL, AGT_EFORMAT, "zint: %s", z->errtxt);
	else
		rc = agti_image_alloc(out, z->bitmap_width, z->bitmap_height);
	/* The bitmap is RGB; labels are black on white, any channel is gray. */
	for (i = 0; rc == AGT_OK && i < z->bitmap_width * z->bitmap_height; i++)
		(*out)->pixels[i] = z->bitmap[3 * i + 1];
	ZBarcode_Delete(z);
	return rc;
}
