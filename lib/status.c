/* status.c - names of status codes. */
#include "private.h"

const char *
agt_strerror(int code)
{
	switch (code) {
	case AGT_OK: return "success";
	case AGT_ENOTFOUND: return "not found";
	case AGT_EEXISTS: return "already exists with other content";
	case AGT_EINVAL: return "invalid value";
	case AGT_EFORMAT: return "malformed input";
	case AGT_EINTEGRITY: return "integrity check failed";
	case AGT_ENOBARCODE: return "no barcode found";
	case AGT_EIO: return "input/output error";
	case AGT_ENOMEM: return "out of memory";
	case AGT_EVERSION: return "unsupported version";
	case AGT_EFULL: return "register full";
	case AGT_EREADONLY: return "register opened read-only";
	case AGT_EBUSY: return "register busy";
	case AGT_ESIGNATURE: return "bad or missing signature";
	case AGT_EUNSUPPORTED: return "not supported by this build";
	case AGT_ECANCELED: return "canceled";
	case AGT_ITEROVER: return "no more items";
	default: return "unknown error";
	}
}
