/*
 * batch_schema.c - libxml2 set-up shared by every batch parser: one
 * initialisation, one compiled schema per process, and the prolog check
 * that refuses DOCTYPEs before libxml2 sees a byte of one.
 */
#include "batch_private.h"

#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlSchemaPtr schema;

static void
xml_init(void)
{
	xmlInitParser();
}

void
agti_xml_init(void)
{
	pthread_once(&xml_once, xml_init);
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void
agti_schema_quiet(xmlSchemaParserCtxtPtr pc)
{
	xmlSchemaSetParserErrors(pc, quiet, quiet, NULL);
}

static void
schema_compile(void)
{
	agti_xml_init();
	schema = agti_batch_schema_compile(agti_batch_xsd, agti_batch_xsd_len, 1);
}

xmlSchemaPtr
agti_batch_schema(void)
{
	pthread_once(&schema_once, schema_compile);
	return schema;
}

/* Skip from P past the terminator END (e.g. "?>"); NULL if not in BUF. */
static const char *
skip_past(const char *p, const char *lim, const char *end)
{
	size_t n = strlen(end);

	for (; p + n <= lim; p++)
		if (memcmp(p, end, n) == 0)
			return p + n;
	return NULL;
}

int
agti_batch_has_doctype(const char *buf, size_t len, size_t *at)
{
	const char *p = buf, *lim = buf + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (p < lim && (*p == ' ' || *p == '\t' || *p == '\r' ||
		    *p == '\n'))
			p++;
		if (lim - p < 9)
			return -1;
		if (p[0] != '<')
			return 0; /* not XML: the parser will say so */
		if (p[1] == '?')
			p = skip_past(p + 2, lim, "?>");
		else if (memcmp(p, "<!--", 4) == 0)
			p = skip_past(p + 4, lim, "-->");
		else {
			*at = (size_t)(p - buf);
			return memcmp(p, "<!DOCTYPE", 9) == 0;
		}
		if (p == NULL)
			return -1;
	}
}

void
agti_text_position(const char *buf, size_t at, unsigned long *line,
    unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < at; i++) {
		if (buf[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			++*col; /* count characters, not UTF-8 continuation bytes */
	}
}
