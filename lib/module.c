/*
 * module.c - libagtrace.so's side of its two modules (module_private.h):
 * each is opened once, on the first call that needs it, and these
 * functions of the same names as the modules' forward to its table.
 *
 * Why modules: a process maps every library it links before main().
 * Measured on the test machine, an empty program linked with all of
 * libagtrace's dependencies starts in 3.4 ms, with those of a lookup
 * (LMDB, libgcrypt, libsodium, jansson) in 1.05 ms; libxml2 with ICU
 * costs 1.05 ms, ZXing with libstdc++ 0.8 ms.  A POS that runs
 * `agtrace lookup` per scan, or starts often, pays that every time.
 *
 * AGTRACE_MODULE_DIR (ignored in set-id programs) names the directory to
 * open them from instead of $(pkglibdir): the build tree's tests use it.
 */
#include "private.h"
#include "module_private.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef AGT_PKGLIBDIR
#define AGT_PKGLIBDIR "/usr/local/lib/agtrace"
#endif

struct module {
	const char *file;      /* "agtrace-xml.so" */
	const char *table;     /* its exported table */
	const char *what;      /* for messages */
	pthread_once_t once;
	const void *ops;       /* the table, NULL when it could not be opened */
	char why[4608];        /* else why not */
};

static struct module xml = {
	"agtrace-xml.so", "agti_xml_module",
	"batch import, export and signing", PTHREAD_ONCE_INIT, NULL, ""
};
static struct module media = {
	"agtrace-media.so", "agti_media_module",
	"barcode decoding, labels and PNG/JPEG images", PTHREAD_ONCE_INIT,
	NULL, ""
};

/* The ABI and the version lead both tables. */
struct head {
	unsigned abi;
	const char *version;
};

static void
open_module(struct module *m)
{
	const char *dir = secure_getenv("AGTRACE_MODULE_DIR");
	const struct head *h;
	char path[4096];
	void *dl;

	if (dir == NULL || *dir == '\0')
		dir = AGT_PKGLIBDIR;
	snprintf(path, sizeof path, "%s/%s", dir, m->file);
	/* Never closed: its code stays in use until the process exits. */
	if ((dl = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(m->why, sizeof m->why, "%s", dlerror());
		return;
	}
	if ((h = dlsym(dl, m->table)) == NULL) {
		snprintf(m->why, sizeof m->why, "%s: no %s", path, m->table);
		return;
	}
	if (h->abi != AGTI_MODULE_ABI || strcmp(h->version, PACKAGE_VERSION) != 0) {
		snprintf(m->why, sizeof m->why,
		    "%s is of agtrace %s (module ABI %u), this library %s (%d)",
		    path, h->version, h->abi, PACKAGE_VERSION, AGTI_MODULE_ABI);
		return;
	}
	m->ops = h;
}

static void open_xml(void) { open_module(&xml); }
static void open_media(void) { open_module(&media); }

static const void *
load(struct module *m, void (*once)(void))
{
	pthread_once(&m->once, once);
	return m->ops;
}

/* The table, or NULL with the reason on DB (AGT_EUNSUPPORTED). */
static const struct agti_xml_module *
xml_ops(const agt_db *db)
{
	const struct agti_xml_module *x = load(&xml, open_xml);

	if (x == NULL)
		agti_error(db, AGT_EUNSUPPORTED, "%s unavailable: %s",
		    xml.what, xml.why);
	return x;
}

static const struct agti_media_module *
media_ops(void)
{
	const struct agti_media_module *m = load(&media, open_media);

	if (m == NULL)
		agti_error(NULL, AGT_EUNSUPPORTED, "%s unavailable: %s",
		    media.what, media.why);
	return m;
}

/* ---- agtrace-xml.so ---- */

/* What needs libxml2 calls it first, so the stubs below open the module. */
void
agti_xml_init(void)
{
	const struct agti_xml_module *x = load(&xml, open_xml);

	if (x != NULL)
		x->xml_init();
}

int
agti_import_stream(agt_import *imp, uint32_t file, const char *name,
    int fd, const char *mem, size_t len)
{
	const struct agti_xml_module *x = load(&xml, open_xml);
	struct agti_loc loc = { file, 0, 0 };

	if (x == NULL)
		return agti_import_error(imp, &loc, AGT_EUNSUPPORTED,
		    "%s unavailable: %s", xml.what, xml.why);
	return x->import_stream(imp, file, name, fd, mem, len);
}

int
agti_epcis_import_xml(struct agti_imp *im)
{
	const struct agti_xml_module *x = xml_ops(agt_txn_db(im->txn));

	return x != NULL ? x->epcis_import_xml(im) : AGT_EUNSUPPORTED;
}

int
agt_export(agt_db *db, uint64_t since, uint64_t *skipped,
    agt_write_cb write, void *payload)
{
	const struct agti_xml_module *x = xml_ops(db);

	return x != NULL ? x->export_batch(db, since, skipped, write, payload) :
	    AGT_EUNSUPPORTED;
}

int
agt_batch_sign(char **out, size_t *outlen, const void *text, size_t len,
    const char *agency, const unsigned char sec[AGT_SECKEY_LEN],
    size_t *nsigned)
{
	const struct agti_xml_module *x = xml_ops(NULL);

	if (x == NULL) {
		*out = NULL;
		*outlen = 0;
		return AGT_EUNSUPPORTED;
	}
	return x->batch_sign(out, outlen, text, len, agency, sec, nsigned);
}

/* The EPCIS XML writer: begin() opens the module, the rest follow it. */
static int
epcis_begin(struct agti_export *e)
{
	const struct agti_xml_module *x = xml_ops(e->db);

	return x != NULL ? x->epcis_xml_writer->begin(e) : AGT_EUNSUPPORTED;
}

static int
epcis_lot(struct agti_export *e, const agt_record *lot)
{
	return ((const struct agti_xml_module *)xml.ops)->epcis_xml_writer->lot(e,
	    lot);
}

static int
epcis_end(struct agti_export *e)
{
	return ((const struct agti_xml_module *)xml.ops)->epcis_xml_writer->end(e);
}

static void
epcis_cleanup(struct agti_export *e)
{
	const struct agti_xml_module *x = xml.ops;

	if (x != NULL && x->epcis_xml_writer->cleanup != NULL)
		x->epcis_xml_writer->cleanup(e);
}

const struct agti_writer agti_epcis_xml_writer = {
	epcis_begin, epcis_lot, epcis_end, epcis_cleanup
};

/* ---- agtrace-media.so ---- */

int
agt_decode_gray(agt_symbols **out, const unsigned char *pixels, int width,
    int height, int stride, unsigned flags)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->decode_gray(out, pixels, width, height, stride,
	    flags) : AGT_EUNSUPPORTED;
}

int
agt_decode_image(agt_symbols **out, const agt_image *img, unsigned flags)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->decode_image(out, img, flags) : AGT_EUNSUPPORTED;
}

int
agt_decode_file(agt_symbols **out, const char *path, unsigned flags)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->decode_file(out, path, flags) : AGT_EUNSUPPORTED;
}

int
agt_label_symbology_from_name(const char *name)
{
	const struct agti_media_module *m = media_ops();

	return m != NULL ? m->label_symbology_from_name(name) : 0;
}

int
agt_label_payload(char **out, const agt_label_opts *opts)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->label_payload(out, opts) : AGT_EUNSUPPORTED;
}

int
agt_label_write(const agt_label_opts *opts, const char *path, int format)
{
	const struct agti_media_module *m = media_ops();

	return m != NULL ? m->label_write(opts, path, format) : AGT_EUNSUPPORTED;
}

int
agt_label_image(agt_image **out, const agt_label_opts *opts)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->label_image(out, opts) : AGT_EUNSUPPORTED;
}

int
agti_image_png(agt_image **out, const unsigned char *buf, size_t len)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->image_png(out, buf, len) : AGT_EUNSUPPORTED;
}

int
agti_image_jpeg(agt_image **out, const unsigned char *buf, size_t len)
{
	const struct agti_media_module *m = media_ops();

	*out = NULL;
	return m != NULL ? m->image_jpeg(out, buf, len) : AGT_EUNSUPPORTED;
}

/* For agt_version_details(): what the module was built with. */
#define MEDIA_VERSION(fn)						\
const char *								\
agti_##fn(void)								\
{									\
	const struct agti_media_module *m = load(&media, open_media);	\
									\
	if (m == NULL)							\
		return "unavailable";					\
	return m->fn != NULL ? m->fn() : "none";			\
}
MEDIA_VERSION(zxing_version)
MEDIA_VERSION(zbar_version)
MEDIA_VERSION(dmtx_version)
MEDIA_VERSION(zint_version)
