/*
 * batch_private.h - the batch format inside libagtrace: the mapping
 * between XML elements/attributes and record fields, the compiled schema,
 * the parser's safety settings.  Shared by import, export and sign.
 */
#ifndef AGT_BATCH_PRIVATE_H
#define AGT_BATCH_PRIVATE_H

#include "private.h"

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#define AGTI_BATCH_NS "urn:agtrace:batch:1"

/*
 * Parser options for every batch: no network, no entity substitution, no
 * DTD loading or defaulting, big line numbers for big files.
 */
#define AGTI_BATCH_PARSE_OPTIONS \
	(XML_PARSE_NONET | XML_PARSE_BIG_LINES | \
	 XML_PARSE_COMPACT)

/* The schema, embedded at build time from formats/agtrace-batch.xsd. */
extern const char agti_batch_xsd[];
extern const size_t agti_batch_xsd_len;

/*
 * libxml2's well-formedness error E in plain words, one line, into MSG
 * (batch_errors.c); 0 when its code has none (use libxml2's text).
 */
int agti_batch_xml_message(char *msg, size_t size, const xmlError *e);

/* The compiled schema, made once per process; NULL if it cannot be. */
xmlSchemaPtr agti_batch_schema(void);

/*
 * Compile the schema XSD (LEN bytes).  With NATIVE, the pattern facets
 * batch_facets.c matches by hand are left out of the compiled schema and
 * agti_batch_facets_check() checks them instead.  NULL if it cannot.
 */
xmlSchemaPtr agti_batch_schema_compile(const char *xsd, size_t len,
    int native);
void agti_schema_quiet(xmlSchemaParserCtxtPtr pc);

/*
 * One top-level batch element, flat: the element, its attributes, its
 * child elements with their attributes and text.  The import's SAX
 * reader gathers it as it parses (no tree is built); agti_flat_node()
 * makes one from a tree.  Records are built and patterns checked from
 * this form only, so the two ways in cannot differ.
 */
struct agti_flat_el {
	const char *name;       /* lives as long as the parser or tree */
	int in_ns;              /* in the batch namespace */
	unsigned long line;     /* where its start tag ends */
	size_t attr0, nattrs;   /* its attributes: attrs[attr0 ...] */
	size_t text, textlen;   /* its text (a child's): buf + text */
	xmlNode *node;          /* the tree node, if made from a tree */
};

struct agti_flat_attr {
	const char *name;
	int has_ns;             /* a prefixed attribute */
	size_t value, len;      /* buf + value, NUL-terminated */
};

struct agti_flat {
	struct agti_flat_el *el;        /* el[0]: the top-level element */
	size_t nel, capel;
	struct agti_flat_attr *attrs;
	size_t nattrs, capattrs;
	char *buf;
	size_t len, cap;
};

/* Empty F for the next element (its memory is kept for reuse). */
void agti_flat_reset(struct agti_flat *f);
void agti_flat_free(struct agti_flat *f);
/* Add an element (the top one first, then its children).  AGT_ENOMEM. */
int agti_flat_element(struct agti_flat *f, const char *name, int in_ns,
    unsigned long line);
/* Add an attribute of the last element: LEN bytes at VALUE, where SAX's
 * "&#38;" stands for "&" when AMP.  AGT_ENOMEM. */
int agti_flat_attr(struct agti_flat *f, const char *name, int has_ns,
    const char *value, size_t len, int amp);
/* Add text to the last element (a child); end it with agti_flat_end(). */
int agti_flat_text(struct agti_flat *f, const char *text, size_t len);
int agti_flat_end(struct agti_flat *f);
/* F from the top-level element NODE of a tree.  AGT_ENOMEM. */
int agti_flat_node(struct agti_flat *f, xmlNode *node);

/*
 * Check the patterns agti_batch_schema() left out on top-level element F
 * and its children, as libxml2 would have: FN(ARG, element, message) for
 * each value that fails, with libxml2's message.  Returns how many
 * failed.  Only for documents validated with agti_batch_schema().
 */
typedef void (*agti_facet_fn)(void *arg, const struct agti_flat_el *el,
    const char *msg);
int agti_batch_facets_flat(const struct agti_flat *f, agti_facet_fn fn,
    void *arg);
/* The same for a tree's top-level element NODE. */
int agti_batch_facets_check(xmlNode *node, agti_facet_fn fn, void *arg);

/* Initialise libxml2 once per process (thread-safe). */
void agti_xml_init(void);

/* The record type of a batch element name ("lot"), or 0. */
int agti_batch_type(const char *element);

/*
 * Build the record of top-level batch element NODE into *OUT.  On a
 * problem, AGT_EFORMAT or AGT_EINVAL with a message in WHY (WHYLEN).
 */
int agti_batch_record(agt_record **out, xmlNode *node, char *why,
    size_t whylen);
/* The same from a flat element. */
int agti_batch_record_flat(agt_record **out, const struct agti_flat *f,
    char *why, size_t whylen);

/* Write REC as one batch element (lot, report, ...) with W. */
int agti_batch_write_record(xmlTextWriterPtr w, const agt_record *rec);

/* Start and end the <batch> document with W (CREATED may be NULL). */
int agti_batch_write_start(xmlTextWriterPtr w, const char *created);
int agti_batch_write_end(xmlTextWriterPtr w);

/*
 * Scan the prolog of a batch for a DOCTYPE: 1 if BUF (LEN bytes, the
 * start of the document) declares one before the root element (its offset
 * in *AT), 0 if not, -1 if more bytes are needed to tell.
 */
int agti_batch_has_doctype(const char *buf, size_t len, size_t *at);

/* Line and column (from 1) of byte offset AT of BUF. */
void agti_text_position(const char *buf, size_t at, unsigned long *line,
    unsigned long *col);

#endif
