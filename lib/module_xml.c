/* module_xml.c - the table of agtrace-xml.so (module_private.h). */
#include "module_private.h"

__attribute__((visibility("default")))
const struct agti_xml_module agti_xml_module = {
	AGTI_MODULE_ABI,
	PACKAGE_VERSION,
	agti_xml_init,
	agti_import_stream,
	agti_epcis_import_xml,
	&agti_epcis_xml_writer,
	agt_export,
	agt_batch_sign,
};
