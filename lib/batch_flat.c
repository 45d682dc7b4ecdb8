/*
 * batch_flat.c - one top-level batch element as flat arrays: what the
 * import's SAX reader gathers while libxml2 parses, so that no tree is
 * built and freed for each record (building and freeing the reader's
 * subtrees was a fifth of the reading thread's instructions).  A tree's
 * element is flattened the same way, for signing and tests.
 */
#include "batch_private.h"

#include <stdlib.h>
#include <string.h>

/* Room for N more items of SIZE in *P (*CAP of them, *LEN used). */
static int
room(void **p, size_t *cap, size_t len, size_t n, size_t size)
{
	size_t want = *cap ? *cap : 16;
	void *q;

	if (len + n <= *cap)
		return AGT_OK;
	while (want < len + n)
		want *= 2;
	if ((q = realloc(*p, want * size)) == NULL)
		return AGT_ENOMEM;
	*p = q;
	*cap = want;
	return AGT_OK;
}

void
agti_flat_reset(struct agti_flat *f)
{
	f->nel = f->nattrs = f->len = 0;
}

void
agti_flat_free(struct agti_flat *f)
{
	free(f->el);
	free(f->attrs);
	free(f->buf);
	memset(f, 0, sizeof *f);
}

int
agti_flat_element(struct agti_flat *f, const char *name, int in_ns,
    unsigned long line)
{
	struct agti_flat_el *e;

	if (room((void **)&f->el, &f->capel, f->nel, 1, sizeof *f->el) != AGT_OK)
		return AGT_ENOMEM;
	e = &f->el[f->nel++];
	e->name = name;
	e->in_ns = in_ns;
	e->line = line;
	e->attr0 = f->nattrs;
	e->nattrs = 0;
	e->text = f->len;
	e->textlen = 0;
	e->node = NULL;
	return AGT_OK;
}

int
agti_flat_attr(struct agti_flat *f, const char *name, int has_ns,
    const char *value, size_t len, int amp)
{
	struct agti_flat_attr *a;
	struct agti_flat_el *e = &f->el[f->nel - 1];
	size_t i;
	char *out;

	if (room((void **)&f->attrs, &f->capattrs, f->nattrs, 1,
	    sizeof *f->attrs) != AGT_OK ||
	    room((void **)&f->buf, &f->cap, f->len, len + 1, 1) != AGT_OK)
		return AGT_ENOMEM;
	a = &f->attrs[f->nattrs++];
	a->name = name;
	a->has_ns = has_ns;
	a->value = f->len;
	out = f->buf + f->len;
	if (amp && memchr(value, '&', len) != NULL) {
		/* As libxml2's validator reads SAX's values: "&#38;" is "&". */
		for (i = 0; i < len; i++) {
			*out++ = value[i];
			if (value[i] == '&' && len - i >= 5 &&
			    memcmp(value + i, "&#38;", 5) == 0)
				i += 4;
		}
	} else {
		memcpy(out, value, len);
		out += len;
	}
	*out = '\0';
	a->len = (size_t)(out - (f->buf + f->len));
	f->len += a->len + 1;
	e->nattrs++;
	e->text = f->len;
	return AGT_OK;
}

int
agti_flat_text(struct agti_flat *f, const char *text, size_t len)
{
	if (room((void **)&f->buf, &f->cap, f->len, len + 1, 1) != AGT_OK)
		return AGT_ENOMEM;
	memcpy(f->buf + f->len, text, len);
	f->len += len;
	f->el[f->nel - 1].textlen += len;
	return AGT_OK;
}

int
agti_flat_end(struct agti_flat *f)
{
	if (room((void **)&f->buf, &f->cap, f->len, 1, 1) != AGT_OK)
		return AGT_ENOMEM;
	f->buf[f->len++] = '\0';
	return AGT_OK;
}

/* ---- from a tree ---- */

static int
in_batch_ns(const xmlNode *n)
{
	return n->ns != NULL &&
	    strcmp((const char *)n->ns->href, AGTI_BATCH_NS) == 0;
}

/* The text of CHILDREN (of an attribute or element) added by ADD. */
static int
add_text(struct agti_flat *f, const xmlAttr *attr, xmlNode *children)
{
	const char *text = "";
	xmlChar *copy = NULL;
	int rc;

	if (children != NULL && children->next == NULL &&
	    children->type == XML_TEXT_NODE)
		text = (const char *)children->content;
	else if (children != NULL &&
	    (copy = xmlNodeListGetString(NULL, children, 1)) != NULL)
		text = (const char *)copy; /* entity or character references */
	if (attr != NULL)
		rc = agti_flat_attr(f, (const char *)attr->name, attr->ns != NULL,
		    text, strlen(text), 0);
	else if ((rc = agti_flat_text(f, text, strlen(text))) == AGT_OK)
		rc = agti_flat_end(f);
	xmlFree(copy);
	return rc;
}

static int
add_element(struct agti_flat *f, xmlNode *node, int child)
{
	const xmlAttr *a;
	int rc;

	if ((rc = agti_flat_element(f, (const char *)node->name,
	    in_batch_ns(node), (unsigned long)xmlGetLineNo(node))) != AGT_OK)
		return rc;
	f->el[f->nel - 1].node = node;
	for (a = node->properties; a != NULL; a = a->next)
		if ((rc = add_text(f, a, a->children)) != AGT_OK)
			return rc;
	return child ? add_text(f, NULL, node->children) : AGT_OK;
}

int
agti_flat_node(struct agti_flat *f, xmlNode *node)
{
	xmlNode *n;
	int rc;

	agti_flat_reset(f);
	if ((rc = add_element(f, node, 0)) != AGT_OK)
		return rc;
	for (n = node->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (rc = add_element(f, n, 1)) != AGT_OK)
			return rc;
	return AGT_OK;
}
