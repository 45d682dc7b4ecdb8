/*
 * module_private.h - the two modules of libagtrace.so, opened on first use
 * (lib/module.c): agtrace-xml.so holds what needs libxml2 (batch import,
 * export and signing, EPCIS XML), agtrace-media.so what needs ZXing, zint,
 * libpng or libjpeg (decoding, labels, PNG and JPEG images).  A program
 * that only looks codes up, a POS, never maps those libraries.
 *
 * Each module exports one table (lib/module_xml.c, lib/module_media.c)
 * and takes everything else from libagtrace.so: the agt_* API and the
 * agti_* functions of the version node AGTRACE_PRIVATE_0, so the library's
 * state (errors, handles) exists once.  libagtrace.so's functions of the
 * same names forward to the table; unit tests link the code itself.
 */
#ifndef AGT_MODULE_PRIVATE_H
#define AGT_MODULE_PRIVATE_H

#include "decode_private.h"
#include "epcis_import.h"
#include "export_private.h"
#include "import_private.h"

/* Bumped when a table changes; a module of another ABI is refused. */
#define AGTI_MODULE_ABI 1

struct agti_xml_module {
	unsigned abi;
	const char *version;   /* PACKAGE_VERSION of the module's build */
	__typeof__(agti_xml_init) *xml_init;
	__typeof__(agti_import_stream) *import_stream;
	__typeof__(agti_epcis_import_xml) *epcis_import_xml;
	const struct agti_writer *epcis_xml_writer;
	__typeof__(agt_export) *export_batch;
	__typeof__(agt_batch_sign) *batch_sign;
};

struct agti_media_module {
	unsigned abi;
	const char *version;
	__typeof__(agt_decode_gray) *decode_gray;
	__typeof__(agt_decode_image) *decode_image;
	__typeof__(agt_decode_file) *decode_file;
	__typeof__(agt_label_symbology_from_name) *label_symbology_from_name;
	__typeof__(agt_label_payload) *label_payload;
	__typeof__(agt_label_write) *label_write;
	__typeof__(agt_label_image) *label_image;
	__typeof__(agti_image_png) *image_png;
	__typeof__(agti_image_jpeg) *image_jpeg;
	__typeof__(agti_zxing_version) *zxing_version;
	__typeof__(agti_zbar_version) *zbar_version;
	__typeof__(agti_dmtx_version) *dmtx_version;
	__typeof__(agti_zint_version) *zint_version;
};

/* The tables, each module's only exported symbol. */
extern const struct agti_xml_module agti_xml_module;
extern const struct agti_media_module agti_media_module;

#endif
