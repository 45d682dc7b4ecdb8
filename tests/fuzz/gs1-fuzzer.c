/*
 * gs1-fuzzer.c - libFuzzer harness for the GS1 payload parser: any bytes
 * either parse or fail with AGT_EFORMAT/AGT_EINVAL; what parses renders in
 * every form, and each rendering parses again to the same AIs.
 */
#include "gs1_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
reparse(const agt_gs1 *g, int form, const agt_gs1_options *o)
{
	char *s = NULL, *t;
	agt_gs1 *h;
	size_t i;

	if (agt_gs1_render(&s, g, form, NULL) != AGT_OK)
		return;
	/* an element string goes through a scanner with its ]C1 */
	if ((t = malloc(strlen(s) + 4)) == NULL)
		abort();
	memcpy(t, "]C1", 3);
	strcpy(t + 3, s);
	if (agt_gs1_parse(&h, form == AGT_GS1_FORM_ELEMENT ? t : s,
	    strlen(form == AGT_GS1_FORM_ELEMENT ? t : s), o) != AGT_OK)
		abort();
	if (agt_gs1_count(h) != agt_gs1_count(g))
		abort();
	for (i = 0; i < agt_gs1_count(g); i++) {
		const char *v = agt_gs1_find(h, agt_gs1_ai(g, i));

		if (v == NULL || strcmp(v, agt_gs1_value(g, i)) != 0)
			abort();
	}
	agt_gs1_free(h);
	free(t);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	agt_gs1_options o = AGT_GS1_OPTIONS_INIT;
	agt_gs1 *g;
	double kg;
	size_t i;
	int rc;

	o.ref_year = 2026;
	o.flags = size > 0 && (data[0] & 1) ? AGT_GS1_WEDGE : 0;
	rc = agt_gs1_parse(&g, (const char *)data, size, &o);
	if (rc != AGT_OK) {
		if (rc != AGT_EFORMAT && rc != AGT_EINVAL)
			abort();
		return 0;
	}
	for (i = 0; i < agt_gs1_count(g); i++)
		if (strlen(agt_gs1_typed(g, i)) == 0 || agt_gs1_title(g, i) == NULL)
			abort();
	(void)agt_gs1_expiry(g);
	(void)agt_gs1_net_weight(g, &kg);
	if (agt_gs1_kind(g) != AGT_GS1_ALIAS) {
		o.flags = 0;
		reparse(g, AGT_GS1_FORM_BRACKETED, &o);
		reparse(g, AGT_GS1_FORM_ELEMENT, &o);
		reparse(g, AGT_GS1_FORM_DIGITAL_LINK, &o);
	}
	agt_gs1_free(g);
	return 0;
}
