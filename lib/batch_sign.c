/*
 * batch_sign.c - sign the reports of one agency in a batch document.
 * The document is small (one agency's reports), so it is read as a tree,
 * changed in place and written back; the signature covers the record,
 * not the XML, so how the output is laid out does not matter.
 */
#include "batch_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

static int
is_element(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Does agency element NODE carry public key PUB? */
static int
agency_has_key(xmlNode *node, const unsigned char pub[AGT_PUBKEY_LEN])
{
	agt_record *rec;
	const char *k;
	size_t len;
	char why[128];
	int same;

	if (agti_batch_record(&rec, node, why, sizeof why) != AGT_OK)
		return 0;
	k = agt_record_get_nth(rec, AGT_F_PUBKEY, 0, &len);
	same = k != NULL && len == AGT_PUBKEY_LEN &&
	    memcmp(k, pub, AGT_PUBKEY_LEN) == 0;
	agt_record_free(rec);
	return same;
}

/* The id of the agency in the batch whose key is PUB; a copy, or NULL. */
static xmlChar *
find_agency(xmlNode *root, const unsigned char pub[AGT_PUBKEY_LEN])
{
	xmlNode *n;

	for (n = root->children; n != NULL; n = n->next)
		if (is_element(n, "agency") && agency_has_key(n, pub))
			return xmlGetProp(n, BAD_CAST "id");
	return NULL;
}

static void
drop_signatures(xmlNode *report)
{
	xmlNode *n, *next;

	for (n = report->children; n != NULL; n = next) {
		next = n->next;
		if (is_element(n, "signature")) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
}

/* Append <signature> after the last element child, keeping the layout. */
static void
append_signature(xmlNode *report, const char *b64)
{
	xmlNode *sig, *last = NULL, *n;

	sig = xmlNewNode(report->ns, BAD_CAST "signature");
	xmlNewProp(sig, BAD_CAST "alg", BAD_CAST "ed25519");
	xmlNodeAddContent(sig, BAD_CAST b64);
	for (n = report->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			last = n;
	if (last == NULL) {
		xmlAddChild(report, sig);
		return;
	}
	xmlAddNextSibling(last, sig);
	if (last->prev != NULL && last->prev->type == XML_TEXT_NODE)
		xmlAddPrevSibling(sig, xmlNewText(last->prev->content));
}

static int
sign_report(xmlNode *report, const unsigned char sec[AGT_SECKEY_LEN])
{
	agt_record *rec;
	const char *sig;
	char why[256], *b64;
	size_t len;
	int rc;

	drop_signatures(report);
	if ((rc = agti_batch_record(&rec, report, why, sizeof why)) != AGT_OK)
		return agti_error(NULL, rc, "line %ld: %s",
		    xmlGetLineNo(report), why);
	if ((rc = agt_report_sign(rec, sec)) == AGT_OK) {
		sig = agt_record_get_nth(rec, AGT_F_SIGNATURE, 0, &len);
		if ((rc = agt_base64_encode(&b64, sig, len)) == AGT_OK) {
			append_signature(report, b64);
			agt_free(b64);
		}
	}
	agt_record_free(rec);
	return rc;
}

static int
sign_reports(xmlNode *root, const char *agency,
    const unsigned char sec[AGT_SECKEY_LEN], size_t *nsigned)
{
	xmlNode *n;
	xmlChar *a;
	int rc, mine;

	for (n = root->children; n != NULL; n = n->next) {
		if (!is_element(n, "report"))
			continue;
		a = xmlGetProp(n, BAD_CAST "agency");
		mine = a != NULL && strcmp((const char *)a, agency) == 0;
		xmlFree(a);
		if (!mine)
			continue;
		if ((rc = sign_report(n, sec)) != AGT_OK)
			return rc;
		++*nsigned;
	}
	return AGT_OK;
}

static int
dump(char **out, size_t *outlen, xmlDoc *doc)
{
	xmlChar *buf;
	int size;

	xmlDocDumpMemoryEnc(doc, &buf, &size, "UTF-8");
	if (buf == NULL)
		return AGT_ENOMEM;
	if ((*out = malloc((size_t)size + 1)) != NULL) {
		memcpy(*out, buf, (size_t)size + 1);
		*outlen = (size_t)size;
	}
	xmlFree(buf);
	return *out != NULL ? AGT_OK : AGT_ENOMEM;
}

static int
sign_doc(char **out, size_t *outlen, xmlDoc *doc, const char *agency,
    const unsigned char sec[AGT_SECKEY_LEN], size_t *nsigned)
{
	unsigned char pub[AGT_PUBKEY_LEN];
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlChar *found = NULL;
	int rc;

	if (root == NULL || !is_element(root, "batch") || root->ns == NULL ||
	    strcmp((const char *)root->ns->href, AGTI_BATCH_NS) != 0)
		return agti_error(NULL, AGT_EFORMAT, "not a batch: the root must "
		    "be <batch xmlns=\"%s\">", AGTI_BATCH_NS);
	if ((rc = agt_key_public(pub, sec)) != AGT_OK)
		return rc;
	if (agency == NULL &&
	    (agency = (const char *)(found = find_agency(root, pub))) == NULL)
		return agti_error(NULL, AGT_ENOTFOUND, "no agency of this batch "
		    "has the key's public key: name the agency");
	rc = sign_reports(root, agency, sec, nsigned);
	xmlFree(found);
	if (rc == AGT_OK)
		rc = dump(out, outlen, doc);
	return rc;
}

/* The first of libxml2's errors, the one to fix (its next follow). */
static void
first_error(void *ctx, xmlErrorPtr e)
{
	xmlError *first = ctx;

	if (first->code == 0 && e != NULL && e->level >= XML_ERR_ERROR &&
	    e->domain == XML_FROM_PARSER)
		xmlCopyError(e, first);
}

/* The batch XML (LEN bytes) as a tree, or NULL with the reason given. */
static xmlDoc *
read_batch(const void *xml, size_t len)
{
	xmlStructuredErrorFunc was = xmlStructuredError; /* this thread's */
	void *was_ctx = xmlStructuredErrorContext;
	xmlError first;
	xmlDoc *doc;
	char msg[512];

	memset(&first, 0, sizeof first);
	xmlSetStructuredErrorFunc(&first, first_error);
	doc = xmlReadMemory(xml, (int)len, "batch", NULL,
	    AGTI_BATCH_PARSE_OPTIONS | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(was_ctx, was);
	if (doc != NULL)
		return doc;
	if (first.code == 0)
		agti_error(NULL, AGT_EFORMAT, len == 0 ? "empty file" :
		    "not well-formed XML");
	else {
		if (!agti_batch_xml_message(msg, sizeof msg, &first))
			snprintf(msg, sizeof msg, "%.*s", (int)strcspn(
			    first.message != NULL ? first.message : "", "\n"),
			    first.message != NULL ? first.message : "");
		agti_error(NULL, AGT_EFORMAT, "not well-formed XML: line %d, "
		    "column %d: %s", first.line, first.int2 > 0 ? first.int2 : 1,
		    msg);
	}
	xmlResetError(&first);
	return NULL;
}

int
agt_batch_sign(char **out, size_t *outlen, const void *xml, size_t len,
    const char *agency, const unsigned char sec[AGT_SECKEY_LEN],
    size_t *nsigned)
{
	size_t at, count = 0;
	xmlDoc *doc;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (nsigned == NULL)
		nsigned = &count;
	*nsigned = 0;
	agti_xml_init();
	if (len > INT32_MAX)
		return agti_error(NULL, AGT_EINVAL, "batch too large to sign");
	if (agti_batch_has_doctype(xml, len, &at) == 1)
		return agti_error(NULL, AGT_EFORMAT, "DOCTYPE refused: batches "
		    "may not declare a DTD or entities");
	if ((doc = read_batch(xml, len)) == NULL)
		return AGT_EFORMAT;
	rc = sign_doc(out, outlen, doc, agency, sec, nsigned);
	xmlFreeDoc(doc);
	return rc;
}
