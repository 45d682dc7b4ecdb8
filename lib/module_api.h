/*
 * module_api.h - AGTI_MODULE_API marks an internal function that the
 * library's modules (agtrace-xml.so, agtrace-media.so) call: exported
 * under the version node AGTRACE_PRIVATE_0 (lib/libagtrace.map,
 * lib/libagtrace.private.sym), not part of the API.  Everything else
 * stays hidden.  C and C++ clean.
 */
#ifndef AGT_MODULE_API_H
#define AGT_MODULE_API_H

#if defined(__GNUC__) && __GNUC__ >= 4
#define AGTI_MODULE_API __attribute__((visibility("default")))
#else
#define AGTI_MODULE_API
#endif

#endif
