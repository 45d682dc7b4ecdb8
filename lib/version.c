/* version.c - the library's version and its dependencies'. */
#include "private.h"
#include "decode_private.h"

#include <gcrypt.h>
#include <jansson.h>
#include <libxml/xmlversion.h>
#include <lmdb.h>
#include <sodium.h>
#include <stdio.h>

const char *
agt_version(void)
{
	return PACKAGE_VERSION;
}

const char *
agt_version_details(void)
{
	static char buf[512];

	if (buf[0] == '\0')
		snprintf(buf, sizeof buf,
		    "libagtrace %s; LMDB %d.%d.%d; libgcrypt %s; libsodium %s; "
		    "libxml2 %s; jansson %s; ZXing %s; zbar %s; libdmtx %s; zint %s",
		    PACKAGE_VERSION, MDB_VERSION_MAJOR, MDB_VERSION_MINOR,
		    MDB_VERSION_PATCH, gcry_check_version(NULL),
		    sodium_version_string(),
		    LIBXML_DOTTED_VERSION,
		    jansson_version_str(),
#ifdef HAVE_ZXING
		    agti_zxing_version(), agti_zbar_version(),
		    agti_dmtx_version(),
#else
		    "none", "none", "none",
#endif
		    agti_zint_version());
	return buf;
}
