/*
 * batch_errors.c - libxml2's well-formedness errors in plain words.
 *
 * libxml2's messages are written for its developers ("AttValue: ' expected",
 * "xmlParseEntityRef: no name", "Extra content at the end of the document"
 * for a file that is cut short), some run over two lines, and one mistake
 * often gives three or four.  The reader lists only the first, through
 * this table, keyed by the error's code (stable across libxml2 versions),
 * not by its text; a code not in the table keeps libxml2's text.
 */
#include "batch_private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

/* E's str1 or "?", bounded: a name in a message, not a megabyte. */
static const char *
str1(const xmlError *e)
{
	return e->str1 != NULL ? e->str1 : "?";
}

/* The code point of "Char 0x1F out of allowed range" or of an invalid
 * character reference, as its message gives it. */
static void
bad_char(char *msg, size_t size, const char *text)
{
	const char *p;

	if ((p = strstr(text, "0x")) != NULL)
		snprintf(msg, size, "character %.*s is not allowed in XML",
		    (int)strspn(p + 2, "0123456789abcdefABCDEF") + 2, p);
	else if ((p = strstr(text, "value ")) != NULL)
		snprintf(msg, size, "character reference &#%.*s; names a "
		    "character not allowed in XML", (int)strspn(p + 6,
		    "0123456789"), p + 6);
	else
		snprintf(msg, size, "a character not allowed in XML");
}

/* The bytes of "Input is not proper UTF-8 ... Bytes: 0xE9 0x20 ..." */
static void
not_utf8(char *msg, size_t size, const xmlError *e)
{
	const char *p = e->str1 != NULL ? strstr(e->str1, "0x") : NULL;

	snprintf(msg, size, "not UTF-8 (bytes %.*s): declare the file's "
	    "encoding in its first line, as in <?xml version=\"1.0\" "
	    "encoding=\"ISO-8859-1\"?>, or convert it to UTF-8",
	    p != NULL ? (int)strcspn(p, "\r\n") : 1, p != NULL ? p : "?");
}

/* Messages that need nothing of the error but its code (and a word of
 * its text, when libxml2 gives one code to several mistakes). */
static const struct {
	int code;
	const char *match;
	const char *text;
} plain[] = {
	{ XML_ERR_DOCUMENT_EMPTY, NULL, "not an XML document: it does not "
	    "begin with '<' (binary data or plain text?)" },
	{ XML_ERR_DOCUMENT_END, NULL, "content after the end tag of the root "
	    "element: a batch is one <batch> element" },
	{ XML_ERR_INVALID_CHAR, "attribute value", "a control character in "
	    "an attribute value (not allowed in XML)" },
	{ XML_ERR_ENTITYREF_SEMICOL_MISSING, NULL, "'&' without ';' after "
	    "it: write a literal & as &amp;" },
	{ XML_ERR_LT_IN_ATTRIBUTE, NULL, "'<' in an attribute value: write "
	    "it as &lt;" },
	{ XML_ERR_ATTRIBUTE_NOT_STARTED, NULL, "an attribute value without "
	    "quotes" },
	{ XML_ERR_ATTRIBUTE_NOT_FINISHED, NULL, "an attribute value without "
	    "its closing quote" },
	{ XML_ERR_ATTRIBUTE_WITHOUT_VALUE, NULL, "an attribute without a "
	    "value" },
	{ XML_ERR_COMMENT_NOT_FINISHED, NULL, "a comment not closed with "
	    "-->" },
	{ XML_ERR_XMLDECL_NOT_FINISHED, NULL, "the XML declaration is not "
	    "closed with ?>" },
	{ XML_ERR_NAME_REQUIRED, "EntityRef", "a bare '&': write a literal & "
	    "as &amp;" },
	{ XML_ERR_NAME_REQUIRED, "StartTag", "'<' not followed by an element "
	    "name: write a literal < as &lt;" },
	{ XML_ERR_NAME_TOO_LONG, NULL, "a name longer than 50,000 bytes" },
	{ XML_ERR_INTERNAL_ERROR, "Huge input lookup", "a value longer than "
	    "10,000,000 bytes" },
};

int
agti_batch_xml_message(char *msg, size_t size, const xmlError *e)
{
	const char *text = e->message != NULL ? e->message : "";
	size_t i;

	for (i = 0; i < sizeof plain / sizeof *plain; i++)
		if (plain[i].code == e->code && (plain[i].match == NULL ||
		    strstr(text, plain[i].match) != NULL)) {
			snprintf(msg, size, "%s", plain[i].text);
			return 1;
		}
	switch (e->code) {
	case XML_ERR_INVALID_CHAR:
		if (strncmp(text, "Input is not proper UTF-8", 25) == 0)
			not_utf8(msg, size, e);
		else
			bad_char(msg, size, text);
		break;
	case XML_ERR_INVALID_DEC_CHARREF:
	case XML_ERR_INVALID_HEX_CHARREF:
	case XML_ERR_INVALID_CHARREF:
		bad_char(msg, size, text);
		break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY:
		snprintf(msg, size, "unknown entity &%.64s; (XML has only "
		    "&amp; &lt; &gt; &quot; &apos; and character references "
		    "such as &#233;)", str1(e));
		break;
	case XML_ERR_UNSUPPORTED_ENCODING:
		snprintf(msg, size, "unknown encoding \"%.64s\" in the XML "
		    "declaration", str1(e));
		break;
	case XML_ERR_INVALID_ENCODING: /* "Document labelled UTF-16 but ..." */
		snprintf(msg, size, "the encoding in the XML declaration is "
		    "not the file's: %c%.*s", tolower((unsigned char)*text),
		    *text != '\0' ? (int)strcspn(text + 1, "\r\n") : 0,
		    *text != '\0' ? text + 1 : "");
		break;
	case XML_ERR_ATTRIBUTE_REDEFINED:
		snprintf(msg, size, "attribute %.64s given twice", str1(e));
		break;
	case XML_ERR_UNKNOWN_VERSION:
		snprintf(msg, size, "XML version %.16s: only XML 1.0 is read",
		    str1(e));
		break;
	case XML_ERR_GT_REQUIRED:
		snprintf(msg, size, "element %.64s: start tag not closed with "
		    "'>'", str1(e));
		break;
	case XML_ERR_TAG_NAME_MISMATCH:
		snprintf(msg, size, "element %.64s (line %d) not closed: "
		    "</%.64s> where </%.64s> was expected", str1(e), e->int1,
		    e->str2 != NULL ? e->str2 : "?", str1(e));
		break;
	case XML_ERR_TAG_NOT_FINISHED:
		snprintf(msg, size, "element %.64s (line %d): missing end "
		    "tag (the file ends first: truncated?)", str1(e), e->int1);
		break;
	case XML_ERR_INTERNAL_ERROR:
		if (strstr(text, "Excessive depth") == NULL)
			return 0;
		snprintf(msg, size, "elements nested more than %d deep",
		    e->int1);
		break;
	default:
		return 0;
	}
	return 1;
}
