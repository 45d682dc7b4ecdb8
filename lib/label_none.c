/* label_none.c - the label API in a build --without-zint. */
#include "private.h"
#include "decode_private.h"

#include <string.h>

static int
unsupported(void)
{
	return agti_error(NULL, AGT_EUNSUPPORTED,
	    "labels not built in (configured --without-zint)");
}

const char *
agti_zint_version(void)
{
	return "none";
}

int
agt_label_symbology_from_name(const char *name)
{
	return 0;
}

int
agt_label_payload(char **out, const agt_label_opts *opts)
{
	*out = NULL;
	return unsupported();
}

int
agt_label_write(const agt_label_opts *opts, const char *path, int format)
{
	return unsupported();
}

int
agt_label_image(agt_image **out, const agt_label_opts *opts)
{
	*out = NULL;
	return unsupported();
}
