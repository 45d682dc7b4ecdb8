/*
 * import_read.c - stream one batch document into an import session.
 *
 * libxml2's push parser, fed by our own read callback, calls us back
 * (SAX2) for each start tag, text and end tag, with the compiled schema's
 * validator plugged in between (xmlSchemaSAXPlug): it validates while it
 * parses.  Each top-level element is gathered into flat arrays
 * (batch_flat.c), turned into a record and put; no tree is built, and
 * memory stays flat.  (Through xmlTextReader, building, walking and
 * freeing a subtree per element cost a fifth of the reading thread.)
 *
 * The read callback refuses any document whose prolog has a DOCTYPE
 * before libxml2 parses a byte of it (no internal subset means no entity
 * declarations: no billion laughs, no XXE), counts bytes for progress and
 * keeps the last bytes read, so an error about an element can name the
 * column of its start tag (libxml2 tells only the line).
 *
 * Reading runs in its own thread: parsing and schema validation cost as
 * much as storing, so the two cores share an import.  The reading thread
 * sends records, errors, progress and the end of the file through a
 * bounded queue, in document order; the calling thread, which owns the
 * write transaction, puts them as the single-threaded reader did, so
 * errors are listed in the same order.
 */
#include "import_private.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>

#define HEAD_MAX 65536          /* prolog bytes scanned for a DOCTYPE */
#define WINDOW (256 * 1024)     /* recent bytes kept to find columns */
#define PROGRESS_STEP 65536
/* What one read() asks for: libxml2 asks for 4,000 bytes at a time. */
#define READ_SIZE (256 * 1024)
/* What one xmlParseChunk() gets (at most WINDOW / 2: see window_add). */
#define PUSH_SIZE (64 * 1024)
/*
 * Attributes one start tag may have.  The schema's elements have at most
 * 15; libxml2 2.9 checks an element's attributes for duplicates in
 * quadratic time, so 100,000 of them would stall an import for minutes.
 */
#define ATTRS_MAX 256
/*
 * Longest run of text between two tags.  The schema's longest text is a
 * base64 key or signature of a few dozen bytes; libxml2 2.9 appends each
 * chunk of a long text node with xmlStrncat, which measures what it has
 * first, so 32 MiB of text took 5 s of CPU before its own 10 MB limit.
 */
#define TEXT_MAX (1 << 20)

struct reader {
	agt_import *imp;
	uint32_t file;
	const char *name;
	int fd;
	const char *mem;
	size_t memlen, mempos;
	char *rbuf;             /* READ_SIZE bytes read ahead from FD */
	size_t rlen, rpos;
	char *head;             /* the prolog, read ahead to check it */
	size_t hlen, hpos;
	int head_checked;
	uint64_t bytes, total, next_progress;
	int refused, canceled, failed;
	char *win;              /* the last bytes read ... */
	size_t wlen;
	unsigned long nl;       /* ... and how many newlines were read */
	size_t cur;             /* a line start in the window ... */
	unsigned long cur_line; /* ... and its number (0: none) */
	uint64_t records;
	uint32_t err_lines[32]; /* lines of the last libxml2 errors */
	unsigned nerr_lines;
	char tag;               /* scanning: '<' in a tag, a quote, or 0 */
	unsigned attrs;         /* '=' seen in the current tag */
	size_t text;            /* bytes of text since the last tag */
	uint64_t chunk;         /* file offset of the chunk being scanned */
	uint64_t bol;           /* file offset of the last line start before it */
	struct agti_queue *q;   /* to the writing thread */
	int stop;               /* set by the writing thread: read no more */
	int facets;             /* check the patterns libxml2 leaves to us */
	int ret, valid, read_errno; /* how reading ended */
	xmlParserCtxtPtr ctxt;
	unsigned depth;         /* elements open */
	struct agti_flat flat;  /* the top-level element being read */
	int gathering;          /* ... is being read into flat */
	int pending;            /* ... is complete, to be put */
	unsigned long end_line; /* ... ended on this line */
	unsigned long bad_root; /* the line of a root that is not <batch> */
	int read_failed;
	unsigned roots;         /* root elements started */
	unsigned long open_line[64]; /* start-tag lines of the open elements */
	int xml_failed;         /* libxml2 found the document not well-formed */
	/*
	 * Events and errors after this are ignored and no more is fed to
	 * the parser.  Not xmlStopParser(): it frees the input, which the
	 * validator reads after our callback (xmlSchemaSAXPlug calls us
	 * first).
	 */
	int halted;
};

static int
stopped(const struct reader *r)
{
	return __atomic_load_n(&r->stop, __ATOMIC_ACQUIRE);
}

/* The reading thread's agti_import_error(): queued, in order. */
static int AGTI_PRINTF(4, 5)
emit_error(struct reader *r, const struct agti_loc *loc, int code,
    const char *fmt, ...)
{
	struct agti_item item = { AGTI_ITEM_ERROR, code, NULL, NULL, *loc, 0, 0, 0 };
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&item.msg, fmt, ap) < 0)
		item.msg = NULL;
	va_end(ap);
	agti_queue_push(r->q, &item);
	return code;
}

/* ---- input ---- */

static int
raw_read(struct reader *r, char *buf, size_t len)
{
	ssize_t n;

	if (r->fd >= 0 && r->rpos == r->rlen) {
		do
			n = read(r->fd, r->rbuf, READ_SIZE);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return (int)n;
		r->rlen = (size_t)n;
		r->rpos = 0;
	}
	if (r->fd < 0) {
		n = (ssize_t)(r->memlen - r->mempos < len ? r->memlen - r->mempos : len);
		memcpy(buf, r->mem + r->mempos, (size_t)n);
		r->mempos += (size_t)n;
		return (int)n;
	}
	n = (ssize_t)(r->rlen - r->rpos < len ? r->rlen - r->rpos : len);
	memcpy(buf, r->rbuf + r->rpos, (size_t)n);
	r->rpos += (size_t)n;
	return (int)n;
}

/* Read the prolog and refuse a DOCTYPE; 0 to go on, -1 to stop. */
static int
check_head(struct reader *r)
{
	struct agti_loc loc = { r->file, 0, 0 };
	unsigned long line, col;
	size_t at = 0;
	int n, verdict = -1;

	r->head_checked = 1;
	if ((r->head = malloc(HEAD_MAX)) == NULL)
		return -1;
	while (r->hlen < HEAD_MAX) {
		if ((n = raw_read(r, r->head + r->hlen, HEAD_MAX - r->hlen)) <= 0)
			break;
		r->hlen += (size_t)n;
		if ((verdict = agti_batch_has_doctype(r->head, r->hlen, &at)) >= 0)
			break;
	}
	if (verdict != 1)
		return 0;
	agti_text_position(r->head, at, &line, &col);
	loc.line = (uint32_t)line;
	loc.col = (uint32_t)col;
	emit_error(r, &loc, AGT_EFORMAT, "DOCTYPE refused: batches "
	    "may not declare a DTD or entities (billion laughs, XXE)");
	r->refused = 1;
	return -1;
}

/* The window drops its first DROP bytes: move the line cursor to the
 * first line that starts in what is kept. */
static void
keep_cursor(struct reader *r, size_t drop)
{
	const char *p = r->win + r->cur, *end = r->win + r->wlen, *nl;

	if (r->cur_line == 0)
		return;
	while (p < r->win + drop) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			r->cur_line = 0;
			return;
		}
		p = nl + 1;
		r->cur_line++;
	}
	r->cur = (size_t)(p - r->win) - drop;
}

/* Keep the last bytes read in the window; count the newlines. */
static void
window_add(struct reader *r, const char *buf, size_t n)
{
	const char *p, *lim = buf + n;
	size_t drop;

	for (p = buf; (p = memchr(p, '\n', (size_t)(lim - p))) != NULL; p++) {
		r->nl++;
		r->bol = r->chunk + (uint64_t)(p - buf) + 1;
	}
	if (n > WINDOW / 2) {
		buf += n - WINDOW / 2;
		n = WINDOW / 2;
	}
	if (r->wlen + n > WINDOW) {
		drop = r->wlen + n - WINDOW / 2;
		keep_cursor(r, drop);
		memmove(r->win, r->win + drop, r->wlen - drop);
		r->wlen -= drop;
	}
	memcpy(r->win + r->wlen, buf, n);
	r->wlen += n;
}

/* The writing thread calls the progress callback, in order. */
static void
progress(struct reader *r)
{
	const agt_import_options *o = agti_import_options(r->imp);
	struct agti_item item = { AGTI_ITEM_PROGRESS, 0, NULL, NULL,
	    { r->file, 0, 0 }, r->bytes, r->total, 0 };

	if (o->progress == NULL || r->bytes < r->next_progress)
		return;
	r->next_progress = r->bytes + PROGRESS_STEP;
	agti_queue_push(r->q, &item);
}

/* Where in BUF the scan stopped: line and column for the error. */
static void
attrs_loc(const struct reader *r, const char *buf, size_t at,
    struct agti_loc *loc)
{
	const char *p = buf, *bol = buf;
	size_t nl = 0;

	while ((p = memchr(p, '\n', (size_t)(buf + at - p))) != NULL) {
		nl++;
		bol = ++p;
	}
	loc->file = r->file;
	loc->line = (uint32_t)(r->nl + nl + 1); /* the window has not seen BUF */
	if (nl > 0)
		loc->col = (uint32_t)(buf + at - bol + 1);
	else /* the line began in an earlier chunk */
		loc->col = (uint32_t)(r->chunk + at - r->bol + 1 > UINT32_MAX ?
		    UINT32_MAX : r->chunk + at - r->bol + 1);
}

/* Refuse a text longer than TEXT_MAX, which ends at BUF + AT or later. */
static int
refuse_text(struct reader *r, const char *buf, size_t at)
{
	struct agti_loc loc;

	attrs_loc(r, buf, at, &loc);
	emit_error(r, &loc, AGT_EFORMAT, "a text of more than %d bytes between "
	    "two tags refused", TEXT_MAX);
	r->refused = 1;
	return -1;
}

/*
 * Refuse a start tag with more than ATTRS_MAX attributes (see above), or
 * a text longer than TEXT_MAX.
 * Text and quoted values are skipped with memchr: only the bytes of
 * tags outside quotes are looked at one by one.
 */
static int
count_attrs(struct reader *r, const char *buf, size_t n)
{
	/* The bytes that matter in a tag, outside quotes. */
	static const unsigned char stops[256] = {
		['>'] = 1, ['"'] = 1, ['\''] = 1, ['='] = 1
	};
	struct agti_loc loc;
	const char *p;
	size_t i = 0;
	char c;

	while (i < n) {
		if (r->tag == 0 || r->tag == '"' || r->tag == '\'') {
			p = memchr(buf + i, r->tag == 0 ? '<' : r->tag, n - i);
			if (r->tag == 0 && (r->text += (p ? (size_t)(p - buf) :
			    n) - i) > TEXT_MAX)
				return refuse_text(r, buf, p ? (size_t)(p - buf) : n);
			if (p == NULL)
				return 0;
			i = (size_t)(p - buf) + 1;
			if (r->tag == 0)
				r->attrs = r->text = 0;
			r->tag = '<';
			continue;
		}
		while (i < n && !stops[(unsigned char)buf[i]])
			i++;
		if (i == n)
			return 0;
		c = buf[i];
		if (c == '>')
			r->tag = 0;
		else if (c == '"' || c == '\'')
			r->tag = c;
		else if (c == '=' && ++r->attrs > ATTRS_MAX)
			break;
		i++;
	}
	if (i == n)
		return 0;
	attrs_loc(r, buf, i, &loc);
	emit_error(r, &loc, AGT_EFORMAT, "an element with more than "
	    "%d attributes refused", ATTRS_MAX);
	r->refused = 1;
	return -1;
}

static int
read_cb(void *ctx, char *buf, int len)
{
	struct reader *r = ctx;
	int n;

	if (r->refused || stopped(r))
		return -1;
	if (!r->head_checked && check_head(r) < 0)
		return -1;
	if (r->hpos < r->hlen) {
		n = (int)(r->hlen - r->hpos < (size_t)len ? r->hlen - r->hpos : (size_t)len);
		memcpy(buf, r->head + r->hpos, (size_t)n);
		r->hpos += (size_t)n;
	} else if ((n = raw_read(r, buf, (size_t)len)) < 0) {
		r->read_errno = errno;
		r->failed = 1;
		return -1;
	}
	r->chunk = r->bytes;
	r->bytes += (uint64_t)n;
	if (count_attrs(r, buf, (size_t)n) < 0)
		return -1;
	window_add(r, buf, (size_t)n);
	progress(r);
	return n;
}

/* ---- locations ---- */

/*
 * Where the start tag <NAME that ends on LINE begins, from the window:
 * libxml2 nodes only know the line where their start tag ends.  With
 * several elements on one line this finds the last of them.  0 when the
 * bytes are no longer in the window.
 */
/* How many newlines from P up to LIM. */
static unsigned long
newlines(const char *p, const char *lim)
{
	unsigned long n = 0;

	while (p < lim && (p = memchr(p, '\n', (size_t)(lim - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/*
 * The end of LINE in the window (its newline, or the window's end), found
 * forward from the line the last element was on: elements come in order.
 * NULL when LINE is before that line or past the window.
 */
static const char *
line_end(struct reader *r, unsigned long line)
{
	const char *p, *nl, *end = r->win + r->wlen;
	unsigned long l = r->cur_line;

	if (l == 0 || line < l)
		return NULL;
	for (p = r->win + r->cur; l < line; l++, p = nl + 1)
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return NULL;
	r->cur = (size_t)(p - r->win);
	r->cur_line = l;
	nl = memchr(p, '\n', (size_t)(end - p));
	return nl != NULL ? nl : end;
}

static int
start_tag(struct reader *r, unsigned long line, const char *name,
    struct agti_loc *loc)
{
	const char *eol, *q, *bol, *lt = NULL;
	unsigned long l = r->nl + 1; /* the line the window ends on */
	size_t nlen = strlen(name);

	/* Back from the end (the reader is never far ahead) to LINE's end. */
	if ((eol = line_end(r, line)) == NULL)
		for (eol = r->win + r->wlen; l > line; l--)
			if ((eol = memrchr(r->win, '\n',
			    (size_t)(eol - r->win))) == NULL)
				return 0;
	/* Back to the '<' NAME, a '<' at a time, counting the newlines. */
	for (q = eol - nlen - 2; q >= r->win; q = lt - 1) {
		lt = memrchr(r->win, '<', (size_t)(q - r->win + 1));
		line -= newlines(lt != NULL ? lt + 1 : r->win, q + 1);
		if (lt == NULL)
			return 0;
		if (memcmp(lt + 1, name, nlen) == 0 &&
		    strchr(" \t\r\n/>", lt[1 + nlen]) != NULL)
			break;
	}
	if (q < r->win)
		return 0;
	q = lt;
	for (bol = q; bol > r->win && bol[-1] != '\n'; bol--)
		;
	loc->line = (uint32_t)line;
	for (loc->col = 1; bol < q; bol++)
		if (((unsigned char)*bol & 0xc0) != 0x80)
			loc->col++;
	return 1;
}

static void
flat_loc(struct reader *r, const struct agti_flat_el *el, struct agti_loc *loc)
{
	loc->file = r->file;
	loc->line = (uint32_t)el->line;
	loc->col = 1;
	if (el->line > 0)
		start_tag(r, el->line, el->name, loc);
}

/* ---- libxml2's errors (well-formedness and schema) ---- */

/* MESSAGE as it is listed: one line, no namespace before names. */
static void
clean_message(char *msg, size_t size, const char *message)
{
	const char *ns = "{" AGTI_BATCH_NS "}";
	size_t nslen = strlen(ns);
	char *p;

	snprintf(msg, size, "%s", message ? message : "error");
	msg[strcspn(msg, "\n")] = '\0';
	while ((p = strstr(msg, ns)) != NULL) /* names read better bare */
		memmove(p, p + nslen, strlen(p + nslen) + 1);
}

/* A pattern the schema checks through batch_facets.c failed in EL. */
static void
facet_error(void *arg, const struct agti_flat_el *el, const char *message)
{
	struct reader *r = arg;
	struct agti_loc loc;
	char msg[512];

	if (r->refused || r->halted || stopped(r))
		return;
	clean_message(msg, sizeof msg, message);
	flat_loc(r, el, &loc);
	emit_error(r, &loc, AGT_EFORMAT, "%s", msg);
}

static void
xml_error(void *ctx, xmlErrorPtr e)
{
	struct reader *r = ctx;
	struct agti_loc loc = { r->file, 0, 0 };
	char msg[512], *p;

	if (r->refused || r->halted || stopped(r) || e == NULL ||
	    e->level < XML_ERR_ERROR)
		return;
	/* One mistake, one error: what libxml2 says after its first
	 * complaint follows from it ("attributes construct error" ...),
	 * and so does what the validator says about a broken document. */
	if (r->xml_failed)
		return;
	if (e->domain == XML_FROM_PARSER) {
		r->xml_failed = 1;
		if (!agti_batch_xml_message(msg, sizeof msg, e))
			clean_message(msg, sizeof msg, e->message);
	} else
		clean_message(msg, sizeof msg, e->message);
	loc.line = e->line > 0 ? (uint32_t)e->line : 0;
	loc.col = e->int2 > 0 ? (uint32_t)e->int2 : 1;
	r->err_lines[r->nerr_lines++ % 32] = loc.line;
	/* Schema errors name the element but give no column: find it. */
	if (e->int2 <= 0 && e->line > 0 && strncmp(msg, "Element '", 9) == 0 &&
	    (p = strchr(msg + 9, '\'')) != NULL && p - msg - 9 < 64) {
		char name[64];

		memcpy(name, msg + 9, (size_t)(p - msg - 9));
		name[p - msg - 9] = '\0';
		start_tag(r, (unsigned long)e->line, name, &loc);
	}
	emit_error(r, &loc, AGT_EFORMAT, "%s", msg);
}

/* ---- elements ---- */

/* Did libxml2 already report an error inside the element, on lines
 * FIRST to where it ended? */
static int
had_xml_error(const struct reader *r, unsigned long first)
{
	unsigned i, n = r->nerr_lines < 32 ? r->nerr_lines : 32;

	for (i = 0; i < n; i++)
		if (r->err_lines[i] >= first && r->err_lines[i] <= r->end_line)
			return 1;
	return 0;
}

/*
 * Put the complete top-level element.  Called at the parser's next event,
 * not at the end tag: the validator hears of the end tag after us, and
 * what it says about it must come first.
 */
static void
finish_element(struct reader *r)
{
	struct agti_item item = { AGTI_ITEM_RECORD, 0, NULL, NULL,
	    { 0, 0, 0 }, 0, 0, 0 };
	char why[256];

	r->pending = 0;
	r->records++;
	flat_loc(r, &r->flat.el[0], &item.loc);
	/* The schema's patterns, left to us: cheaper than libxml2's. */
	if (r->facets && agti_batch_facets_flat(&r->flat, facet_error, r) > 0)
		return;
	/* The schema already said what is wrong with it: say no more. */
	if (r->nerr_lines > 0 && had_xml_error(r, item.loc.line))
		return;
	if (agti_batch_record_flat(&item.rec, &r->flat, why, sizeof why) !=
	    AGT_OK) {
		emit_error(r, &item.loc, AGT_EFORMAT, "%s", why);
		return;
	}
	/* Here, not in the storing thread, which bounds an import; a record
	 * that fails is checked there again, to say why in order. */
	item.valid = agt_record_validate(item.rec, NULL) == AGT_OK;
	agti_queue_push(r->q, &item);
}

/* Out of memory while gathering: say so and stop. */
static void
gather_failed(struct reader *r)
{
	struct agti_loc loc = { r->file, 0, 0 };

	r->gathering = 0;
	r->ret = emit_error(r, &loc, AGT_ENOMEM, "out of memory");
	r->halted = 1;
}

/* Before each event: put the element that ended; 1 to ignore the event.
 * A bad root halts only now, after the validator's word on it. */
static int
event(struct reader *r)
{
	if (r->bad_root || stopped(r))
		r->halted = 1;
	if (r->halted)
		return 1;
	if (r->pending)
		finish_element(r);
	return 0;
}

static int
batch_ns(const xmlChar *uri)
{
	return uri != NULL && strcmp((const char *)uri, AGTI_BATCH_NS) == 0;
}

static void
sax_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct reader *r = ctx;
	unsigned depth = r->depth++;
	int i;

	(void)prefix;
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	if (depth < sizeof r->open_line / sizeof *r->open_line)
		r->open_line[depth] = (unsigned long)xmlSAX2GetLineNumber(r->ctxt);
	r->roots += depth == 0;
	if (event(r))
		return;
	if (depth == 0 && (strcmp((const char *)name, "batch") != 0 ||
	    !batch_ns(uri))) {
		r->bad_root = (unsigned long)xmlSAX2GetLineNumber(r->ctxt);
		return;
	}
	if (depth == 1) {
		agti_flat_reset(&r->flat);
		r->gathering = 1;
	}
	if (depth == 0 || depth > 2 || !r->gathering)
		return;
	if (agti_flat_element(&r->flat, (const char *)name, batch_ns(uri),
	    (unsigned long)xmlSAX2GetLineNumber(r->ctxt)) != AGT_OK)
		return gather_failed(r);
	for (i = 0; i < nattrs; i++, attrs += 5)
		if (agti_flat_attr(&r->flat, (const char *)attrs[0],
		    attrs[2] != NULL, (const char *)attrs[3],
		    (size_t)(attrs[4] - attrs[3]), 1) != AGT_OK)
			return gather_failed(r);
}

static void
sax_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct reader *r = ctx;
	unsigned depth = --r->depth;

	(void)name;
	(void)prefix;
	(void)uri;
	if (event(r) || !r->gathering)
		return;
	if (depth == 2 && agti_flat_end(&r->flat) != AGT_OK)
		return gather_failed(r);
	if (depth == 1) {
		r->gathering = 0;
		r->pending = 1;
		r->end_line = (unsigned long)xmlSAX2GetLineNumber(r->ctxt);
	}
}

static void
sax_text(void *ctx, const xmlChar *text, int len)
{
	struct reader *r = ctx;

	if (event(r))
		return;
	if (r->gathering && r->depth == 3 &&
	    agti_flat_text(&r->flat, (const char *)text, (size_t)len) != AGT_OK)
		gather_failed(r);
}

/* A DOCTYPE the prolog check did not see (after HEAD_MAX bytes): refused
 * before libxml2 reads a declaration of it. */
static void
sax_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
	struct reader *r = ctx;
	struct agti_loc loc = { r->file, 0, 1 };

	(void)name;
	(void)public_id;
	(void)system_id;
	loc.line = (uint32_t)xmlSAX2GetLineNumber(r->ctxt);
	r->ret = emit_error(r, &loc, AGT_EFORMAT, "DOCTYPE refused: batches "
	    "may not declare a DTD or entities (billion laughs, XXE)");
	r->halted = 1;
	xmlStopParser(r->ctxt); /* safe here: no validator call follows */
}

/* The validator's idea of where it is, for errors without a line. */
static int
locator(void *ctx, const char **file, unsigned long *line)
{
	struct reader *r = ctx;

	if (file != NULL)
		*file = r->name;
	if (line != NULL)
		*line = r->ctxt != NULL && r->ctxt->input != NULL ?
		    (unsigned long)r->ctxt->input->line : 0;
	return 0;
}

/* What the markup at P (a '<', before END) is, for "... not closed". */
static void
markup_name(char *what, size_t size, const char *p, const char *end)
{
	size_t n = 0, left = (size_t)(end - p);

	if (left >= 4 && memcmp(p, "<!--", 4) == 0)
		snprintf(what, size, "a comment");
	else if (left >= 2 && (p[1] == '?' || p[1] == '!'))
		snprintf(what, size, "a <%c declaration", p[1]);
	else {
		p += 1 + (left >= 2 && p[1] == '/');
		while (p + n < end && n < 64 && (unsigned char)p[n] > ' ' &&
		    strchr("/>=\"'", p[n]) == NULL)
			n++;
		snprintf(what, size, "the %s tag <%s%.*s", p[-1] == '/' ?
		    "end" : "start", p[-1] == '/' ? "/" : "", (int)n, p);
	}
}

/*
 * At the end of the file, before libxml2 hears of it: a document cut
 * short -- in a tag, in an element, before any element -- said so, where
 * libxml2 says "Extra content at the end of the document" or lists what
 * the schema misses in half a start tag.  1 when it was (the error is
 * listed), 0 to let libxml2 finish.
 */
static int
ends_early(struct reader *r)
{
	xmlParserCtxtPtr c = r->ctxt;
	xmlParserInputPtr in = c->input;
	const char *p, *end, *bol;
	struct agti_loc loc = { r->file, 0, 1 };
	unsigned depth = r->depth;
	char what[128];

	if (r->halted || r->bad_root || r->xml_failed || stopped(r) ||
	    in == NULL || in->cur == NULL || c->instate == XML_PARSER_EPILOG ||
	    c->instate == XML_PARSER_EOF)
		return 0;
	if (r->pending)
		finish_element(r);
	p = (const char *)in->cur;
	end = (const char *)in->end;
	loc.line = (uint32_t)in->line;
	loc.col = (uint32_t)(in->col > 0 ? in->col : 1);
	for (bol = NULL; p < end && memchr(" \t\r\n", *p, 4) != NULL; p++)
		if (*p == '\n')
			bol = p + 1, loc.line++;
	loc.col = bol != NULL ? (uint32_t)(p - bol + 1) :
	    loc.col + (uint32_t)(p - (const char *)in->cur);
	if (c->instate == XML_PARSER_CDATA_SECTION)
		r->ret = emit_error(r, &loc, AGT_EFORMAT, "a CDATA section not "
		    "closed before the end of the file (truncated?)");
	else if (p < end && *p == '<') {
		markup_name(what, sizeof what, p, end);
		r->ret = emit_error(r, &loc, AGT_EFORMAT, "%s not closed before "
		    "the end of the file (truncated?)", what);
	} else if (c->nameNr > 0 && depth > 0) {
		loc.line = (uint32_t)(depth <= 64 ? r->open_line[depth - 1] : 0);
		loc.col = 1;
		if (loc.line > 0)
			start_tag(r, loc.line, (const char *)c->name, &loc);
		r->ret = emit_error(r, &loc, AGT_EFORMAT, "element %s: missing "
		    "end tag (the file ends first: truncated?)", c->name);
	} else if (r->bytes == 0) {
		loc.line = 0;
		r->ret = emit_error(r, &loc, AGT_EFORMAT, "empty file");
	} else if (r->roots == 0) {
		loc.line = 0;
		r->ret = emit_error(r, &loc, AGT_EFORMAT, "no root element: "
		    "nothing but white space, comments or an XML declaration");
	} else
		return 0;
	r->xml_failed = r->halted = 1;
	return 1;
}

/* Feed the whole document to the parser (validating with VC if set). */
static void
parse(struct reader *r, xmlSAXHandlerPtr sax, void *user,
    xmlSchemaValidCtxtPtr vc)
{
	struct agti_loc loc = { r->file, 0, 0 };
	char *buf;
	int n, perr = 0;

	if ((buf = malloc(PUSH_SIZE)) == NULL ||
	    (r->ctxt = xmlCreatePushParserCtxt(sax, user, NULL, 0,
	    r->name)) == NULL) {
		free(buf);
		r->ret = emit_error(r, &loc, AGT_ENOMEM, "out of memory");
		return;
	}
	xmlCtxtUseOptions(r->ctxt, AGTI_BATCH_PARSE_OPTIONS);
	if (vc != NULL)
		xmlSchemaValidateSetLocator(vc, locator, r);
	r->ret = 0;
	for (;;) {
		if ((n = read_cb(r, buf, PUSH_SIZE)) < 0) {
			r->read_failed = 1;
			break;
		}
		if (n == 0 && ends_early(r))
			break;
		/* Any error stops it, as it stopped libxml2's reader. */
		if ((perr = xmlParseChunk(r->ctxt, buf, n, n == 0)) != 0 ||
		    n == 0 || r->halted || r->bad_root || stopped(r))
			break;
	}
	if (r->pending && perr == 0 && r->ret == 0)
		finish_element(r);
	if (r->bad_root) {
		loc.line = (uint32_t)r->bad_root;
		loc.col = 1;
		r->ret = emit_error(r, &loc, AGT_EFORMAT, "not a batch: the root "
		    "must be <batch xmlns=\"%s\">", AGTI_BATCH_NS);
	} else if (r->ret == 0 && (r->read_failed || perr != 0))
		r->ret = -1;
	xmlFreeParserCtxt(r->ctxt);
	r->ctxt = NULL;
	free(buf);
}

/* Writing thread, at the end item: how did reading end? */
static void
finish_file(struct reader *r, uint64_t errors)
{
	struct agti_loc loc = { r->file, 0, 0 };
	int ret = r->ret;

	if (r->canceled)
		agti_import_error(r->imp, &loc, AGT_ECANCELED, "canceled");
	else if (r->failed)
		agti_import_error(r->imp, &loc, AGT_EIO, "read error: %s",
		    strerror(r->read_errno));
	else if (ret < 0 && agt_import_stat(r->imp, AGT_IMPORT_ERRORS) == errors)
		agti_import_error(r->imp, &loc, AGT_EFORMAT, "not well-formed XML");
	else if (ret == 0 && r->records == 0 && r->bytes == 0)
		agti_import_error(r->imp, &loc, AGT_EFORMAT, "empty file");
	else if (ret == 0 && r->valid != 1 &&
	    agt_import_stat(r->imp, AGT_IMPORT_ERRORS) == errors)
		agti_import_error(r->imp, &loc, AGT_EFORMAT,
		    "does not follow the batch schema");
}

/* The reading thread: the whole file, then the end item. */
static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	struct agti_item end = { AGTI_ITEM_END, 0, NULL, NULL,
	    { 0, 0, 0 }, 0, 0, 0 };
	struct agti_loc loc = { r->file, 0, 0 };
	xmlSchemaValidCtxtPtr vc = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	xmlSchemaPtr schema;
	xmlSAXHandler sax;
	xmlSAXHandlerPtr saxp = &sax;
	void *user = r;

	/* libxml2's per-thread error handler: parser and validator errors
	 * both come through it. */
	xmlSetStructuredErrorFunc(r, xml_error);
	r->ret = -1;
	r->valid = 1;
	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.characters = sax_text;
	sax.ignorableWhitespace = sax_text;
	sax.cdataBlock = sax_text;
	sax.internalSubset = sax_doctype;
	if (!(agti_import_options(r->imp)->flags & AGT_IMPORT_NO_VALIDATE) &&
	    ((schema = agti_batch_schema()) == NULL ||
	    (vc = xmlSchemaNewValidCtxt(schema)) == NULL ||
	    (plug = xmlSchemaSAXPlug(vc, &saxp, &user)) == NULL))
		emit_error(r, &loc, AGT_ENOMEM, "cannot load the batch schema");
	else {
		r->facets = vc != NULL;
		parse(r, saxp, user, vc);
	}
	if (plug != NULL)
		xmlSchemaSAXUnplug(plug);
	if (r->ret == 0 && vc != NULL)
		r->valid = xmlSchemaIsValid(vc) == 1;
	xmlSchemaFreeValidCtxt(vc);
	agti_flat_free(&r->flat);
	xmlSetStructuredErrorFunc(NULL, NULL);
	agti_queue_push(r->q, &end);
	return NULL;
}

/* Writing thread: one item; 1 at the end of the file. */
static int
take_item(struct reader *r, struct agti_item *item, uint64_t errors,
    int *discard)
{
	const agt_import_options *o = agti_import_options(r->imp);

	if (item->kind == AGTI_ITEM_END) {
		if (!*discard || r->canceled)
			finish_file(r, errors);
		return 1;
	}
	if (*discard)
		return 0;
	if (item->kind == AGTI_ITEM_RECORD)
		agti_import_put(r->imp, item->rec, &item->loc, item->valid);
	else if (item->kind == AGTI_ITEM_ERROR && item->msg != NULL)
		agti_import_error(r->imp, &item->loc, item->code, "%s", item->msg);
	else if (item->kind == AGTI_ITEM_ERROR)
		agti_import_error(r->imp, &item->loc, AGT_ENOMEM, "out of memory");
	else if (item->kind == AGTI_ITEM_PROGRESS &&
	    o->progress(item->bytes, item->total, o->payload) != 0)
		r->canceled = 1;
	if (r->canceled || agti_import_full(r->imp)) {
		*discard = 1;
		__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
	}
	return 0;
}

/* Writing thread: put what the reading thread sends until its end. */
static void
consume(struct reader *r, uint64_t errors)
{
	struct agti_item items[1024];
	size_t i, n;
	int done = 0, discard = 0;

	while (!done) {
		n = agti_queue_pop(r->q, items, sizeof items / sizeof *items);
		for (i = 0; i < n; i++)
			if (!done)
				done = take_item(r, &items[i], errors, &discard);
		agti_queue_recycle(r->q, items, n);
	}
}

int
agti_import_stream(agt_import *imp, uint32_t file, const char *name,
    int fd, const char *mem, size_t len)
{
	struct agti_loc loc = { file, 0, 0 };
	struct reader r;
	struct stat st;
	uint64_t errors = agt_import_stat(imp, AGT_IMPORT_ERRORS);
	pthread_t th;
	int rc = AGT_OK;

	memset(&r, 0, sizeof r);
	r.imp = imp;
	r.file = file;
	r.name = name;
	r.fd = fd;
	r.mem = fd < 0 ? mem : NULL;
	r.memlen = fd < 0 ? len : 0;
	r.cur_line = 1;
	r.total = fd < 0 ? len : 0;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		r.total = (uint64_t)st.st_size;
	if ((r.win = malloc(WINDOW)) == NULL ||
	    (fd >= 0 && (r.rbuf = malloc(READ_SIZE)) == NULL) ||
	    agti_queue_new(&r.q) != AGT_OK) {
		free(r.win);
		free(r.rbuf);
		return agti_import_error(imp, &loc, AGT_ENOMEM, "out of memory");
	}
	if (fd >= 0 && len > 0) {
		/* Read ahead by the caller: the first bytes to hand out. */
		r.rlen = len < READ_SIZE ? len : READ_SIZE;
		memcpy(r.rbuf, mem, r.rlen);
	}
	if (pthread_create(&th, NULL, reader_main, &r) != 0) {
		rc = agti_import_error(imp, &loc, AGT_ENOMEM,
		    "cannot start the reading thread");
	} else {
		consume(&r, errors);
		pthread_join(th, NULL);
	}
	agti_import_count_read(imp, r.bytes, r.records);
	agti_queue_free(r.q);
	free(r.head);
	free(r.win);
	free(r.rbuf);
	return rc;
}
