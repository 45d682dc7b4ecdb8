/* module_media.c - the table of agtrace-media.so (module_private.h). */
#include "module_private.h"

__attribute__((visibility("default")))
const struct agti_media_module agti_media_module = {
	AGTI_MODULE_ABI,
	PACKAGE_VERSION,
	agt_decode_gray,
	agt_decode_image,
	agt_decode_file,
	agt_label_symbology_from_name,
	agt_label_payload,
	agt_label_write,
	agt_label_image,
	agti_image_png,
	agti_image_jpeg,
#ifdef HAVE_ZXING
	agti_zxing_version,
	agti_zbar_version,
	agti_dmtx_version,
#else
	NULL, NULL, NULL,
#endif
	agti_zint_version,
};
