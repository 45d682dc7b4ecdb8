/*
 * test_batch_facets.c - the schema's patterns checked by batch_facets.c
 * give libxml2's verdict and libxml2's messages: each tricky value in
 * each place a pattern applies, validated once with the whole schema by
 * libxml2 and once with the import's schema plus agti_batch_facets_check().
 */
#include "batch_private.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

extern const char agti_batch_xsd[];
extern const size_t agti_batch_xsd_len;

/* Each place a pattern applies, with the value as %s. */
static const char *const places[] = {
	"<supplier id=\"%s\" name=\"F\"/>",
	"<category code=\"%s\" group=\"livestock\" name=\"N\"/>",
	"<lot gtin=\"%s\" lot=\"L1\" supplier=\"S1\" category=\"V05\" "
	    "product=\"P\" origin-country=\"156\"/>",
	"<lot gtin=\"06901234567892\" lot=\"%s\" supplier=\"S1\" "
	    "category=\"V05\" product=\"P\" origin-country=\"156\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"%s\" "
	    "category=\"V05\" product=\"P\" origin-country=\"156\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
	    "category=\"%s\" product=\"P\" origin-country=\"156\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
	    "category=\"V05\" product=\"P\" origin-country=\"%s\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
	    "category=\"V05\" product=\"P\" origin-country=\"156\" "
	    "harvested=\"%s\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
	    "category=\"V05\" product=\"P\" origin-country=\"156\" "
	    "quantity=\"%s\" unit=\"kg\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
	    "category=\"V05\" product=\"P\" origin-country=\"156\" "
	    "unit=\"%s\"/>",
	"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
	    "category=\"V05\" product=\"P\" origin-country=\"156\">"
	    "<alias>%s</alias></lot>",
	"<report number=\"%s\" agency=\"A1\" issued=\"2026-11-20\" "
	    "verdict=\"pass\"><lot gtin=\"06901234567892\" lot=\"L1\"/>"
	    "</report>",
	"<report number=\"R1\" agency=\"A1\" issued=\"%s\" verdict=\"pass\">"
	    "<lot gtin=\"06901234567892\" lot=\"L1\"/></report>",
	"<report number=\"R1\" agency=\"A1\" issued=\"2026-11-20\" "
	    "verdict=\"pass\"><lot gtin=\"%s\" lot=\"L1\"/></report>",
	"<report number=\"R1\" agency=\"A1\" issued=\"2026-11-20\" "
	    "verdict=\"pass\"><lot gtin=\"06901234567892\" lot=\"L1\"/>"
	    "<item analyte=\"a\" method=\"m\" value=\"1\" unit=\"%s\" "
	    "limit=\"2\" verdict=\"pass\"/></report>",
	"<shipment gtin=\"06901234567892\" lot=\"L1\" sales-point=\"P1\" "
	    "shipped=\"%s\" quantity=\"1\"/>",
	"<shipment gtin=\"06901234567892\" lot=\"L1\" sales-point=\"P1\" "
	    "shipped=\"2026-11-20\" quantity=\"%s\"/>",
	"<recall scope=\"lot\" target=\"T\" reason=\"R\" time=\"%s\"/>",
};

/* Values as they stand in the XML (escaped). */
static const char *const values[] = {
	"", "0", "06901234567892", "0690123456789", "069012345678921",
	"0690123456789a", "A", "AB", "V05", "V0512345", "V05123456", "v05",
	"S0001", "S.0-1_x", "-S", "S 1", "S/1",
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	"L!&quot;%&amp;'()*+,-./:;&lt;=&gt;?_", "L#", "L$", "L[", "L~",
	"LLLLLLLLLLLLLLLLLLLL", "LLLLLLLLLLLLLLLLLLLLL",
	"2026-11-20", "2026-11-20Z", " 2026-11-20 ", "2026-13-40", "20261120",
	"12026-11-20", "-2026-11-20", "2026-11-20+08:00", "2026-1-20",
	"2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2026-04-31",
	"2026-12-31", "2026-00-10", "2026-01-00", "0000-01-01", "0001-01-01",
	"0999-12-31", "9999-12-31", "2026-11- 20", "&#9;2026-11-20&#10;",
	"2026-11-20 x", "2026-11-2a", "-0001-01-01", "2026-11-20-08:00",
	"2024-10-01T08:00:00Z", "2024-10-01T08:00:00+08:00",
	"2024-10-01T08:00:00.5Z", "2024-10-01T08:00:00", " 2024-10-01T08:00:00Z",
	"156", "15", "1567", "1.5", "1.", ".5", "0.01",
	"123456789012345.123456789", "1234567890123456",
	"0.1234567890", "1e5", "mg/kg", "a b", "a&#9;b", "&#252;",
	"&#252;&#252;&#252;&#252;&#252;&#252;&#252;&#252;"
	    "&#252;&#252;&#252;&#252;&#252;&#252;&#252;&#252;",
	"&#252;&#252;&#252;&#252;&#252;&#252;&#252;&#252;"
	    "&#252;&#252;&#252;&#252;&#252;&#252;&#252;&#252;&#252;",
	"\xe8\x8f\x9c\xe5\xbf\x83", "CN-TRACE-0001", "x&#10;y", "x&#13;",
	"&#x10000;",
};

struct msgs {
	char text[16][512];
	size_t n;
};

static void
clean(char *msg, size_t size, const char *message)
{
	const char *ns = "{" AGTI_BATCH_NS "}";
	char *p;

	snprintf(msg, size, "%s", message ? message : "error");
	msg[strcspn(msg, "\n")] = '\0';
	while ((p = strstr(msg, ns)) != NULL)
		memmove(p, p + strlen(ns), strlen(p + strlen(ns)) + 1);
}

static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct msgs *m = ctx;

	if (m->n < 16)
		clean(m->text[m->n++], sizeof m->text[0], e->message);
}

static void
on_facet(void *ctx, const struct agti_flat_el *node, const char *message)
{
	struct msgs *m = ctx;

	(void)node;
	if (m->n < 16)
		clean(m->text[m->n++], sizeof m->text[0], message);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* PLACE with its %s replaced by VALUE. */
static void
fill(char *buf, size_t size, const char *place, const char *value)
{
	const char *at = strstr(place, "%s");

	assert_non_null(at);
	snprintf(buf, size, "%.*s%s%s", (int)(at - place), place, value,
	    at + 2);
}

/* Validate DOC with SCHEMA, then (with FACETS) the patterns left out. */
static int
validate(xmlSchemaPtr schema, xmlDoc *doc, int facets, struct msgs *m)
{
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	xmlNode *n;
	int bad;

	assert_non_null(vc);
	memset(m, 0, sizeof *m);
	xmlSchemaSetValidStructuredErrors(vc, on_error, m);
	bad = xmlSchemaValidateDoc(vc, doc) != 0;
	xmlSchemaFreeValidCtxt(vc);
	if (facets)
		for (n = xmlDocGetRootElement(doc)->children; n; n = n->next)
			if (n->type == XML_ELEMENT_NODE)
				bad |= agti_batch_facets_check(n, on_facet, m) > 0;
	qsort(m->text, m->n, sizeof m->text[0], cmp);
	return bad;
}

/*
 * A schema with a declaration batch_facets.c cannot record (here more
 * attributes than its table holds) keeps all its patterns with libxml2:
 * none is left unchecked.  Runs first, as the facet table is made by the
 * process's first compilation.
 */
static void
test_overfull_schema(void **state)
{
	static const char doc_xml[] = "<batch xmlns=\"" AGTI_BATCH_NS "\">"
	    "<thing a20=\"-bad id\"/></batch>";
	char xsd[4096], *p = xsd;
	xmlSchemaPtr schema;
	struct msgs m;
	xmlDoc *doc;
	int i;

	(void)state;
	agti_xml_init();
	p += sprintf(p, "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
	    "xmlns:b=\"%s\" targetNamespace=\"%s\" "
	    "elementFormDefault=\"qualified\">"
	    "<xs:simpleType name=\"id\"><xs:restriction base=\"xs:string\">"
	    "<xs:pattern value=\"[A-Za-z0-9][A-Za-z0-9._\\-]{0,31}\"/>"
	    "</xs:restriction></xs:simpleType><xs:complexType name=\"thing\">",
	    AGTI_BATCH_NS, AGTI_BATCH_NS);
	for (i = 1; i <= 20; i++)
		p += sprintf(p, "<xs:attribute name=\"a%d\" type=\"b:id\"/>", i);
	sprintf(p, "</xs:complexType><xs:element name=\"batch\"><xs:complexType>"
	    "<xs:choice minOccurs=\"0\" maxOccurs=\"unbounded\">"
	    "<xs:element name=\"thing\" type=\"b:thing\"/></xs:choice>"
	    "</xs:complexType></xs:element></xs:schema>");
	schema = agti_batch_schema_compile(xsd, strlen(xsd), 1);
	assert_non_null(schema);
	doc = xmlReadMemory(doc_xml, (int)strlen(doc_xml), "t.xml", NULL,
	    AGTI_BATCH_PARSE_OPTIONS);
	assert_non_null(doc);
	assert_int_equal(validate(schema, doc, 0, &m), 1);
	assert_int_equal(m.n, 1);
	assert_non_null(strstr(m.text[0], "pattern"));
	xmlFreeDoc(doc);
	xmlSchemaFree(schema);
}

static void
test_same_as_libxml2(void **state)
{
	xmlSchemaPtr full, mine;
	struct msgs a, b;
	char body[1024], xml[1200];
	size_t i, j, k, failed = 0;
	xmlDoc *doc;

	(void)state;
	agti_xml_init();
	mine = agti_batch_schema();
	full = agti_batch_schema_compile(agti_batch_xsd, agti_batch_xsd_len, 0);
	assert_non_null(mine);
	assert_non_null(full);
	for (i = 0; i < sizeof places / sizeof *places; i++)
		for (j = 0; j < sizeof values / sizeof *values; j++) {
			fill(body, sizeof body, places[i], values[j]);
			snprintf(xml, sizeof xml, "<batch xmlns=\"%s\">%s</batch>",
			    AGTI_BATCH_NS, body);
			doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL,
			    AGTI_BATCH_PARSE_OPTIONS);
			assert_non_null(doc);
			if (validate(full, doc, 0, &a) != validate(mine, doc, 1, &b) ||
			    a.n != b.n) {
				print_message("# verdicts differ: %s\n", xml);
				failed++;
			} else {
				for (k = 0; k < a.n; k++)
					if (strcmp(a.text[k], b.text[k]) != 0) {
						print_message("# %s\n#   libxml2: %s\n"
						    "#   ours:    %s\n", xml,
						    a.text[k], b.text[k]);
						failed++;
					}
			}
			xmlFreeDoc(doc);
		}
	xmlSchemaFree(full);
	assert_int_equal(failed, 0);
}

/* NOW is WAS with the batch's children named: libxml2 lists what it
 * expected when the content model is a deterministic automaton. */
static int
more_said(const char *was, const char *now)
{
	static const char list[] = " Expected is one of ( category, supplier, "
	    "agency, sales-point, lot, report, shipment, recall, release ).";
	size_t n = strlen(was);

	return strncmp(was, now, n) == 0 && strcmp(now + n, list) == 0;
}

/*
 * The batch's content is a repeated sequence of one choice (libxml2 keeps
 * every child's name with a repeated choice): the same verdicts and
 * messages as the repeated choice it replaced, on documents right and
 * wrong, except that an unexpected element's message now lists what was
 * expected.
 */
static void
test_batch_content_same(void **state)
{
	static const char now[] =
	    "<xs:sequence minOccurs=\"0\" maxOccurs=\"unbounded\">\n"
	    "        <xs:choice>";
	static const char now_end[] = "</xs:choice>\n      </xs:sequence>";
	static const char *const parts[] = {
		"<category code=\"V05\" group=\"livestock\" name=\"N\"/>",
		"<supplier id=\"S1\" name=\"F\"/>",
		"<agency id=\"A1\" name=\"L\" accreditation=\"C\"/>",
		"<sales-point id=\"P1\" name=\"S\"/>",
		"<lot gtin=\"06901234567892\" lot=\"L1\" supplier=\"S1\" "
		    "category=\"V05\" product=\"P\" origin-country=\"156\"/>",
		"<report number=\"R1\" agency=\"A1\" issued=\"2026-11-20\" "
		    "verdict=\"pass\"><lot gtin=\"06901234567892\" lot=\"L1\"/>"
		    "</report>",
		"<shipment gtin=\"06901234567892\" lot=\"L1\" sales-point=\"P1\" "
		    "shipped=\"2026-11-20\"/>",
		"<recall scope=\"lot\" target=\"T\" reason=\"R\" "
		    "time=\"2024-10-01T08:00:00Z\"/>",
		"<release scope=\"lot\" target=\"T\" reason=\"R\" "
		    "time=\"2024-10-01T08:00:00Z\"/>",
		"<foo/>", "<x:lot xmlns:x=\"urn:other\"/>", "<lot xmlns=\"\"/>",
		"text", "<batch/>", "<lot/>", "<report number=\"R2\"/>",
		"<!-- c -->", "<?pi x?>", " ",
	};
	char *old, *p, xml[4096], *q;
	xmlSchemaPtr a, b;
	struct msgs ma, mb;
	size_t i, j, k, n = sizeof parts / sizeof *parts, failed = 0;
	xmlDoc *doc;

	(void)state;
	agti_xml_init();
	/* The old construct, from the compiled-in schema. */
	old = malloc(agti_batch_xsd_len + 1);
	assert_non_null(old);
	memcpy(old, agti_batch_xsd, agti_batch_xsd_len);
	old[agti_batch_xsd_len] = '\0';
	assert_non_null(p = strstr(old, now));
	q = "<xs:choice minOccurs=\"0\" maxOccurs=\"unbounded\">";
	memcpy(p, q, strlen(q));
	memset(p + strlen(q), ' ', strlen(now) - strlen(q));
	assert_non_null(p = strstr(old, now_end));
	memcpy(p, "</xs:choice>", 12);
	memset(p + 12, ' ', strlen(now_end) - 12);
	a = agti_batch_schema_compile(old, strlen(old), 0);
	b = agti_batch_schema_compile(agti_batch_xsd, agti_batch_xsd_len, 0);
	assert_non_null(a);
	assert_non_null(b);
	/* Every part alone, every pair, every part between two lots. */
	for (i = 0; i <= n; i++)
		for (j = 0; j <= n; j++)
			for (k = 0; k < 2; k++) {
				snprintf(xml, sizeof xml, "<batch xmlns=\"%s\">%s%s%s%s"
				    "</batch>", AGTI_BATCH_NS, k ? parts[4] : "",
				    i < n ? parts[i] : "", j < n ? parts[j] : "",
				    k ? parts[4] : "");
				doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml",
				    NULL, AGTI_BATCH_PARSE_OPTIONS);
				assert_non_null(doc);
				if (validate(a, doc, 0, &ma) != validate(b, doc, 0, &mb) ||
				    ma.n != mb.n) {
					print_message("# verdicts differ: %s\n", xml);
					failed++;
				} else {
					size_t m;

					for (m = 0; m < ma.n; m++)
						if (strcmp(ma.text[m], mb.text[m]) != 0 &&
						    !more_said(ma.text[m], mb.text[m])) {
							print_message("# %s\n#   was: %s\n"
							    "#   now: %s\n", xml, ma.text[m],
							    mb.text[m]);
							failed++;
						}
				}
				xmlFreeDoc(doc);
			}
	xmlSchemaFree(a);
	xmlSchemaFree(b);
	free(old);
	assert_int_equal(failed, 0);
}

/* The import's schema really leaves the patterns, and the date type, to
 * batch_facets.c. */
static void
test_patterns_left_out(void **state)
{
	static const char xml[] = "<batch xmlns=\"" AGTI_BATCH_NS "\">"
	    "<supplier id=\"-bad id\" name=\"F\"/>"
	    "<shipment gtin=\"06901234567892\" lot=\"L1\" sales-point=\"P1\""
	    " shipped=\"2026-02-30\"/></batch>";
	struct msgs m;
	xmlDoc *doc;

	(void)state;
	agti_xml_init();
	doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL,
	    AGTI_BATCH_PARSE_OPTIONS);
	assert_non_null(doc);
	assert_int_equal(validate(agti_batch_schema(), doc, 0, &m), 0);
	assert_int_equal(validate(agti_batch_schema(), doc, 1, &m), 1);
	assert_int_equal(m.n, 2); /* the id's pattern, the date (all of it) */
	xmlFreeDoc(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overfull_schema),
		cmocka_unit_test(test_same_as_libxml2),
		cmocka_unit_test(test_patterns_left_out),
		cmocka_unit_test(test_batch_content_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
