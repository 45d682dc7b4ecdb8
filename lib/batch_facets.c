/*
 * batch_facets.c - the batch schema's pattern facets, checked here rather
 * than by libxml2.
 *
 * libxml2 2.9 runs XSD patterns through its general regular-expression
 * engine: measured on gen-batch batches, the schema's patterns cost
 * 50,000 instructions per lot, half of validating a lot and a third of
 * the reading thread's work; the eight on strings, 40,000 of them.  The patterns are simple (character classes
 * with bounds), so they are matched here by hand, with libxml2's message
 * for a value that fails.
 *
 * Nothing is transcribed from the schema: the compiled-in XSD is read
 * once, each simple type whose only facet is a pattern this file knows
 * (the same text, character for character) loses that facet, and the
 * element and attribute declarations say where each such type is used.
 * A pattern this file does not know stays with libxml2, so changing the
 * schema can never weaken validation; test_import checks every pattern
 * against libxml2's verdict on the same values.
 */
#include "batch_private.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemastypes.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"

struct matcher {
	const char *pattern;    /* as the schema writes it, entities decoded */
	int (*match)(const unsigned char *s, size_t len);
	const char *base;       /* the type it restricts: "string", "date" */
};


static int
is_alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* [A-Za-z0-9][A-Za-z0-9._\-]{0,31} */
static int
m_id(const unsigned char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 32 || !is_alnum(s[0]))
		return 0;
	for (i = 1; i < len; i++)
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

/* [0-9]{14} */
static int
m_gtin(const unsigned char *s, size_t len)
{
	return len == 14 && agti_all_digits((const char *)s, len);
}

/* [!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}: GS1 character set 82. */
static int
m_lot(const unsigned char *s, size_t len)
{
	size_t i;

	if (len < 1 || len > 20)
		return 0;
	for (i = 0; i < len; i++)
		if (!is_alnum(s[i]) && s[i] != '_' &&
		    (s[i] < '!' || s[i] > '?' || s[i] == '#' || s[i] == '$'))
			return 0;
	return 1;
}

/* [A-Z][A-Z0-9]{1,7} */
static int
m_category(const unsigned char *s, size_t len)
{
	size_t i;

	if (len < 2 || len > 8 || s[0] < 'A' || s[0] > 'Z')
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] < 'A' || s[i] > 'Z') && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* [0-9]{3} */
static int
m_country(const unsigned char *s, size_t len)
{
	return len == 3 && agti_all_digits((const char *)s, len);
}

/* [0-9]{1,15}(\.[0-9]{1,9})? */
static int
m_decimal(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < 1 || i > 15)
		return 0;
	if (i == len)
		return 1;
	if (s[i] != '.' || len - i - 1 < 1 || len - i - 1 > 9)
		return 0;
	return agti_all_digits((const char *)s + i + 1, len - i - 1);
}

/* [^\s]{MIN,MAX}: characters (not bytes) other than XSD's \s. */
static int
nonspace(const unsigned char *s, size_t len, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return 0;
		n += (s[i] & 0xc0) != 0x80;
	}
	return n >= 1 && n <= max;
}

static int
m_unit(const unsigned char *s, size_t len)
{
	return nonspace(s, len, 16);
}

static int
m_alias(const unsigned char *s, size_t len)
{
	return nonspace(s, len, 64);
}

/* [0-9]{4}-[0-9]{2}-[0-9]{2} */
static int
date_pattern(const unsigned char *s, size_t len)
{
	const char *c = (const char *)s;

	return len == 10 && agti_all_digits(c, 4) && c[4] == '-' &&
	    agti_all_digits(c + 5, 2) && c[7] == '-' &&
	    agti_all_digits(c + 8, 2);
}

/*
 * A date of the pattern that is surely a valid xs:date (years 1000 to
 * 9999, a day the month has): what nearly every date is.  Anything else
 * goes to check_date(), which asks libxml2.
 */
static int
m_date(const unsigned char *s, size_t len)
{
	static const unsigned char mdays[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	unsigned y, mon, day;

	if (!date_pattern(s, len) || s[0] == '0')
		return 0;
	y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0'));
	mon = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	day = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1])
		return 0;
	return mon != 2 || day < 29 ||
	    (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static const struct matcher matchers[] = {
	{ "[A-Za-z0-9][A-Za-z0-9._\\-]{0,31}", m_id, "string" },
	{ "[0-9]{14}", m_gtin, "string" },
	{ "[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}", m_lot, "string" },
	{ "[A-Z][A-Z0-9]{1,7}", m_category, "string" },
	{ "[0-9]{3}", m_country, "string" },
	{ "[0-9]{1,15}(\\.[0-9]{1,9})?", m_decimal, "string" },
	{ "[^\\s]{1,16}", m_unit, "string" },
	{ "[^\\s]{1,64}", m_alias, "string" },
	{ "[0-9]{4}-[0-9]{2}-[0-9]{2}", m_date, "date" },
	{ NULL, NULL, NULL }
};

/* ---- what the schema says, read once ---- */

#define MAX_SIMPLE 32
#define MAX_COMPLEX 16
#define MAX_ATTRS 16
#define MAX_CHILDREN 16
#define MAX_ELEMENTS 16
#define NAME_MAX_ 40

struct simple {
	char name[NAME_MAX_];
	const struct matcher *m;
};

struct use {                    /* an attribute or child element */
	char name[NAME_MAX_];
	char type[NAME_MAX_];
	const struct matcher *m;        /* its simple type's pattern */
	const struct complex *c;        /* or its complex type */
};

struct complex {
	char name[NAME_MAX_];
	struct use attrs[MAX_ATTRS];
	size_t nattrs;
	struct use children[MAX_CHILDREN];
	size_t nchildren;
};

struct facets {
	struct simple simple[MAX_SIMPLE];
	size_t nsimple;
	struct complex complex[MAX_COMPLEX];
	size_t ncomplex;
	struct use elements[MAX_ELEMENTS]; /* the batch's children */
	size_t nelements;
	int lost;       /* a declaration did not fit: use none of it */
};

static int
is_xs(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Attribute NAME of N into BUF, without a prefix ("b:id" -> "id"). */
static int
prop(const xmlNode *n, const char *name, char *buf, size_t size)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	const char *p;
	int ok;

	if (v == NULL)
		return 0;
	p = strchr((const char *)v, ':');
	p = p != NULL ? p + 1 : (const char *)v;
	ok = strlen(p) < size;
	if (ok)
		memcpy(buf, p, strlen(p) + 1);
	xmlFree(v);
	return ok;
}

static const xmlNode *
first_xs(const xmlNode *n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next)
		if (is_xs(n, name))
			return n;
	return NULL;
}

/*
 * A simple type restricting xs:string by one facet, a pattern this file
 * matches: remember it and take the facet out of the schema.  The same
 * for the date type (xs:date and a pattern), which becomes a plain string
 * for libxml2: this file checks it whole, white space, xs:date and
 * pattern, as libxml2 would (libxml2 collapses white space in a date only
 * because its type has a facet, so taking the facet out alone would
 * refuse " 2026-11-20 ").  libxml2's regular expressions took 1,600
 * instructions per date, 8,000 per lot.
 */
static void
read_simple(struct facets *f, xmlNode *st)
{
	const xmlNode *r = first_xs(st, "restriction");
	const struct matcher *m;
	xmlNode *facet = NULL, *n;
	xmlChar *value;
	char base[NAME_MAX_];
	int nfacets = 0;

	if (r == NULL || f->nsimple == MAX_SIMPLE ||
	    !prop(r, "base", base, sizeof base))
		return;
	for (n = r->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE) {
			nfacets++;
			if (is_xs(n, "pattern"))
				facet = n;
		}
	if (nfacets != 1 || facet == NULL ||
	    (value = xmlGetNoNsProp(facet, BAD_CAST "value")) == NULL)
		return;
	for (m = matchers; m->pattern != NULL; m++)
		if (strcmp(m->pattern, (const char *)value) == 0 &&
		    strcmp(m->base, base) == 0)
			break;
	xmlFree(value);
	if (m->pattern == NULL ||
	    !prop(st, "name", f->simple[f->nsimple].name, NAME_MAX_))
		return;
	f->simple[f->nsimple++].m = m;
	xmlUnlinkNode(facet);
	xmlFreeNode(facet);
	if (strcmp(base, "string") != 0)
		xmlSetProp((xmlNode *)r, BAD_CAST "base", BAD_CAST "xs:string");
}

/* Record declaration N (name and type) in U[*COUNT] if it fits, else 0. */
static int
read_use(struct use *u, size_t *count, size_t max, const xmlNode *n)
{
	if (*count == max || !prop(n, "name", u[*count].name, NAME_MAX_) ||
	    !prop(n, "type", u[*count].type, NAME_MAX_))
		return 0;
	(*count)++;
	return 1;
}

/*
 * Declarations of attributes and elements under N, recursively.  One
 * that cannot be recorded (too many, a long name, a ref= or an anonymous
 * type) sets F->lost: its values would go unchecked.
 */
static void
read_uses(struct facets *f, struct complex *c, const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (is_xs(n, "attribute")) {
			if (!read_use(c->attrs, &c->nattrs, MAX_ATTRS, n))
				f->lost = 1;
		} else if (is_xs(n, "element")) {
			if (!read_use(c->children, &c->nchildren, MAX_CHILDREN, n))
				f->lost = 1;
		} else if (n->type == XML_ELEMENT_NODE) {
			read_uses(f, c, n); /* sequence, simpleContent, extension */
		}
	}
}

static void
resolve(const struct facets *f, struct use *u)
{
	size_t i;

	for (i = 0; i < f->nsimple; i++)
		if (strcmp(f->simple[i].name, u->type) == 0)
			u->m = f->simple[i].m;
	for (i = 0; i < f->ncomplex; i++)
		if (strcmp(f->complex[i].name, u->type) == 0)
			u->c = &f->complex[i];
}

/* Read DOC (the schema): 0, or -1 when it is not as expected. */
static int
read_schema(struct facets *f, xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	const xmlNode *batch = NULL;
	struct complex top;
	size_t i, j;

	if (root == NULL || !is_xs(root, "schema"))
		return -1;
	for (n = root->children; n != NULL; n = n->next) {
		if (is_xs(n, "simpleType"))
			read_simple(f, n);
		else if (is_xs(n, "complexType") && f->ncomplex < MAX_COMPLEX &&
		    prop(n, "name", f->complex[f->ncomplex].name, NAME_MAX_))
			read_uses(f, &f->complex[f->ncomplex++], n);
		else if (is_xs(n, "complexType"))
			f->lost = 1;
		else if (is_xs(n, "element"))
			batch = n;
	}
	if (batch == NULL || (batch = first_xs(batch, "complexType")) == NULL)
		return -1;
	memset(&top, 0, sizeof top);
	read_uses(f, &top, batch); /* through its sequence and choice */
	if (f->lost || top.nchildren == 0 || top.nchildren > MAX_ELEMENTS)
		return -1;
	for (i = 0; i < top.nchildren; i++)
		f->elements[f->nelements++] = top.children[i];
	for (i = 0; i < f->ncomplex; i++) {
		for (j = 0; j < f->complex[i].nattrs; j++)
			resolve(f, &f->complex[i].attrs[j]);
		for (j = 0; j < f->complex[i].nchildren; j++)
			resolve(f, &f->complex[i].children[j]);
	}
	for (i = 0; i < f->nelements; i++)
		resolve(f, &f->elements[i]);
	return 0;
}

/* Set once, by the compilation of agti_batch_schema(); kept for good
 * (as the schema is), with the document the schema was compiled from. */
static struct facets *facets;
static xmlDoc *facets_doc;

xmlSchemaPtr
agti_batch_schema_compile(const char *xsd, size_t len, int native)
{
	struct facets *f = NULL;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s;
	xmlDoc *doc = NULL;

	if (native && facets == NULL && (f = calloc(1, sizeof *f)) != NULL)
		doc = xmlReadMemory(xsd, (int)len, "agtrace-batch.xsd", NULL,
		    XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	if (doc != NULL && read_schema(f, doc) != 0) {
		/* Not as expected: libxml2 checks every pattern. */
		xmlFreeDoc(doc);
		doc = NULL;
	}
	pc = doc != NULL ? xmlSchemaNewDocParserCtxt(doc) :
	    xmlSchemaNewMemParserCtxt(xsd, (int)len);
	if (pc == NULL) {
		xmlFreeDoc(doc);
		free(f);
		return NULL;
	}
	agti_schema_quiet(pc);
	s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (s != NULL && doc != NULL) {
		/* The compiled schema may point into its document: keep it. */
		facets = f;
		facets_doc = doc;
	} else {
		xmlFreeDoc(doc);
		free(f);
	}
	return s;
}

/* ---- checking ---- */

/* Element EL (attribute ATTR if set): and the rest of MSG, for FN. */
static void
report(const struct agti_flat_el *el, const struct agti_flat_attr *attr,
    agti_facet_fn fn, void *arg, const char *fmt, ...) AGTI_PRINTF(5, 6);

static void
report(const struct agti_flat_el *el, const struct agti_flat_attr *attr,
    agti_facet_fn fn, void *arg, const char *fmt, ...)
{
	char msg[512];
	size_t n;
	va_list ap;

	if (attr != NULL)
		n = (size_t)snprintf(msg, sizeof msg, "Element '%s', attribute "
		    "'%s': ", el->name, attr->name);
	else
		n = (size_t)snprintf(msg, sizeof msg, "Element '%s': ", el->name);
	if (n < sizeof msg) {
		va_start(ap, fmt);
		vsnprintf(msg + n, sizeof msg - n, fmt, ap);
		va_end(ap);
	}
	fn(arg, el, msg);
}

/*
 * A date as libxml2 checks one of the schema's date type TYPE: white
 * space collapsed, then xs:date (libxml2's own check), then the pattern;
 * its messages, with the collapsed value.
 */
static int
check_date(const struct matcher *m, const char *type, const char *text,
    const struct agti_flat_el *el, const struct agti_flat_attr *attr,
    agti_facet_fn fn, void *arg)
{
	xmlChar *collapsed = xmlSchemaCollapseString(BAD_CAST text);
	const char *v = collapsed != NULL ? (const char *)collapsed : text;
	int bad = 1;

	if (xmlSchemaValidatePredefinedType(xmlSchemaGetBuiltInType(
	    XML_SCHEMAS_DATE), BAD_CAST v, NULL) != 0)
		report(el, attr, fn, arg, "'%s' is not a valid value of the "
		    "atomic type '{%s}%s'.", v, AGTI_BATCH_NS, type);
	else if (!date_pattern((const unsigned char *)v, strlen(v)))
		report(el, attr, fn, arg, "[facet 'pattern'] The value '%s' is "
		    "not accepted by the pattern '%s'.", v, m->pattern);
	else
		bad = 0;
	xmlFree(collapsed);
	return bad;
}

static int
check_value(const struct matcher *m, const char *type,
    const struct agti_flat *f, const struct agti_flat_el *el,
    const struct agti_flat_attr *attr, agti_facet_fn fn, void *arg)
{
	const char *text = "";
	size_t len = 0;
	char msg[512];

	if (attr != NULL) {
		text = f->buf + attr->value;
		len = attr->len;
	} else if (el->textlen > 0) {
		text = f->buf + el->text;
		len = el->textlen;
	}
	if (m->match((const unsigned char *)text, len))
		return 0;
	if (m->match == m_date)
		return check_date(m, type, text, el, attr, fn, arg);
	if (attr != NULL)
		snprintf(msg, sizeof msg, "Element '%s', attribute '%s': "
		    "[facet 'pattern'] The value '%s' is not accepted by the "
		    "pattern '%s'.", el->name, attr->name, text, m->pattern);
	else
		snprintf(msg, sizeof msg, "Element '%s': [facet 'pattern'] The "
		    "value '%s' is not accepted by the pattern '%s'.",
		    el->name, text, m->pattern);
	fn(arg, el, msg);
	return 1;
}

/* The declaration of NAME among the N at U; *HINT, where the last one
 * was found plus one, is tried first (documents follow the schema). */
static const struct use *
find(const struct use *u, size_t n, const char *name, size_t *hint)
{
	size_t i;

	if (*hint < n && strcmp(u[*hint].name, name) == 0)
		return &u[(*hint)++];
	for (i = 0; i < n; i++)
		if (strcmp(u[i].name, name) == 0) {
			*hint = i + 1;
			return &u[i];
		}
	return NULL;
}

static int
check_attrs(const struct complex *c, const struct agti_flat *f,
    const struct agti_flat_el *el, agti_facet_fn fn, void *arg)
{
	const struct agti_flat_attr *a;
	const struct use *u;
	size_t i, hint = 0;
	int bad = 0;

	/* Indexed in the loop: F's attrs are NULL in a document without
	 * attributes, and NULL + 0 is undefined (UBSan aborted the fuzzer). */
	for (i = 0; i < el->nattrs; i++)
		if (!(a = &f->attrs[el->attr0 + i])->has_ns &&
		    (u = find(c->attrs, c->nattrs, a->name, &hint)) != NULL &&
		    u->m != NULL)
			bad += check_value(u->m, u->type, f, el, a, fn, arg);
	return bad;
}

int
agti_batch_facets_flat(const struct agti_flat *f, agti_facet_fn fn,
    void *arg)
{
	const struct complex *c;
	const struct agti_flat_el *el;
	const struct use *u;
	size_t i, hint = 0;
	int bad;

	if (facets == NULL || f->nel == 0 || !f->el[0].in_ns ||
	    (u = find(facets->elements, facets->nelements, f->el[0].name,
	    &hint)) == NULL)
		return 0;
	if (u->m != NULL)
		return check_value(u->m, u->type, f, &f->el[0], NULL, fn, arg);
	if ((c = u->c) == NULL)
		return 0;
	bad = check_attrs(c, f, &f->el[0], fn, arg);
	hint = 0;
	for (i = 1; i < f->nel; i++) {
		el = &f->el[i];
		if (!el->in_ns ||
		    (u = find(c->children, c->nchildren, el->name, &hint)) == NULL)
			continue;
		if (u->m != NULL)
			bad += check_value(u->m, u->type, f, el, NULL, fn, arg);
		else if (u->c != NULL)
			bad += check_attrs(u->c, f, el, fn, arg);
	}
	return bad;
}

int
agti_batch_facets_check(xmlNode *node, agti_facet_fn fn, void *arg)
{
	struct agti_flat f;
	int bad = 0;

	memset(&f, 0, sizeof f);
	if (agti_flat_node(&f, node) == AGT_OK)
		bad = agti_batch_facets_flat(&f, fn, arg);
	agti_flat_free(&f);
	return bad;
}
