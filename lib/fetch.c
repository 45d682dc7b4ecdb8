/*
 * fetch.c - read one file of a published log: with libcurl for http://,
 * https:// and file:// URLs, directly for a local directory.
 */
#include "private.h"
#include "replica_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CURL
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>

/*
 * libcurl is opened on first use, not linked: its dependencies (TLS,
 * LDAP, Kerberos, SSH, HTTP/2, IDN...) cost every agtrace run and every
 * POS program linking libagtrace ~40 ms of dynamic loading, and only
 * mirror needs it.
 */
#define CURL_SONAME "libcurl.so.4"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
} c;
static int c_loaded;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

/* POSIX's way to store dlsym()'s object pointer into a function pointer. */
#define LOAD(f) ((*(void **)&c.f = dlsym(h, "curl_" #f)) != NULL)

static void
curl_load(void)
{
	void *h = dlopen(CURL_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		return;
	c_loaded = LOAD(global_init) && LOAD(easy_init) &&
	    LOAD(easy_cleanup) && LOAD(easy_setopt) && LOAD(easy_perform) &&
	    LOAD(easy_getinfo) && LOAD(easy_strerror);
	if (c_loaded)
		c_loaded = c.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	/* The handle stays open: curl is used until exit. */
}
#endif

struct agti_fetch {
	char *base;
	int local;
	void *curl;
	uint64_t bytes, files;
};

int
agti_fetch_open(struct agti_fetch **out, const char *url)
{
	struct agti_fetch *f;
	size_t n = strlen(url);

	*out = NULL;
	if ((f = calloc(1, sizeof *f)) == NULL || (f->base = strdup(url)) == NULL) {
		free(f);
		return AGT_ENOMEM;
	}
	while (n > 1 && f->base[n - 1] == '/')
		f->base[--n] = '\0';
	f->local = strstr(url, "://") == NULL;
#ifdef HAVE_CURL
	if (!f->local) {
		pthread_once(&c_once, curl_load);
		if (!c_loaded) {
			agti_fetch_close(f);
			return agti_error(NULL, AGT_EUNSUPPORTED, "%s: cannot "
			    "load %s: give a directory", url, CURL_SONAME);
		}
		if ((f->curl = c.easy_init()) == NULL) {
			agti_fetch_close(f);
			return AGT_ENOMEM;
		}
	}
#else
	if (!f->local) {
		agti_fetch_close(f);
		return agti_error(NULL, AGT_EUNSUPPORTED, "%s: built without "
		    "libcurl: give a directory", url);
	}
#endif
	*out = f;
	return AGT_OK;
}

void
agti_fetch_close(struct agti_fetch *f)
{
	if (f == NULL)
		return;
#ifdef HAVE_CURL
	if (f->curl != NULL)
		c.easy_cleanup(f->curl);
#endif
	free(f->base);
	free(f);
}

void
agti_fetch_stats(const struct agti_fetch *f, uint64_t *bytes, uint64_t *files)
{
	*bytes = f->bytes;
	*files = f->files;
}

#ifdef HAVE_CURL
struct sink {
	unsigned char *p;
	size_t len, max;
	int over;
};

static size_t
sink_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;
	unsigned char *q;

	if (s->len + n > s->max) {
		s->over = 1;
		return 0;
	}
	if ((q = realloc(s->p, s->len + n + 1)) == NULL)
		return 0;
	s->p = q;
	memcpy(s->p + s->len, data, n);
	s->len += n;
	s->p[s->len] = '\0';
	return n;
}

static int
fetch_curl(struct agti_fetch *f, const char *url, unsigned char **out,
    size_t *len, size_t max)
{
	struct sink s = { NULL, 0, max, 0 };
	long status = 0;
	CURLcode cc;

	c.easy_setopt(f->curl, CURLOPT_URL, url);
	c.easy_setopt(f->curl, CURLOPT_WRITEFUNCTION, sink_write);
	c.easy_setopt(f->curl, CURLOPT_WRITEDATA, &s);
	c.easy_setopt(f->curl, CURLOPT_FOLLOWLOCATION, 1L);
	c.easy_setopt(f->curl, CURLOPT_CONNECTTIMEOUT, 30L);
	c.easy_setopt(f->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
	c.easy_setopt(f->curl, CURLOPT_LOW_SPEED_TIME, 60L);
	c.easy_setopt(f->curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
	cc = c.easy_perform(f->curl);
	c.easy_getinfo(f->curl, CURLINFO_RESPONSE_CODE, &status);
	if (cc == CURLE_OK && (status == 200 || status == 0)) {
		if (s.p == NULL && (s.p = calloc(1, 1)) == NULL)
			return AGT_ENOMEM;
		*out = s.p;
		*len = s.len;
		return AGT_OK;
	}
	free(s.p);
	if (s.over)
		return agti_error(NULL, AGT_EFORMAT, "%s: more than %zu bytes",
		    url, max);
	if (status == 404 || status == 410 || cc == CURLE_FILE_COULDNT_READ_FILE)
		return agti_error(NULL, AGT_ENOTFOUND, "%s: not found", url);
	if (cc == CURLE_OK)
		return agti_error(NULL, AGT_EIO, "%s: HTTP status %ld", url, status);
	return agti_error(NULL, AGT_EIO, "%s: %s", url, c.easy_strerror(cc));
}
#endif

int
agti_fetch(struct agti_fetch *f, const char *rel, unsigned char **out,
    size_t *len, size_t max)
{
	char url[4096];
	int rc;

	*out = NULL;
	*len = 0;
	snprintf(url, sizeof url, "%s/%s", f->base, rel);
	if (f->local) {
		rc = agti_read_file((char **)out, len, url, max);
		if (rc == AGT_ENOTFOUND)
			return agti_error(NULL, rc, "%s: %s", url,
			    strerror(errno));
		if (rc == AGT_EIO)
			return agti_error(NULL, rc, "%s: cannot read: %s", url,
			    strerror(errno));
		if (rc == AGT_EFORMAT) /* as from a URL */
			return agti_error(NULL, rc, "%s: more than %zu bytes",
			    url, max);
		if (rc != AGT_OK)
			return agti_error(NULL, rc, "%s: %s", url,
			    agt_strerror(rc));
	}
#ifdef HAVE_CURL
	else if ((rc = fetch_curl(f, url, out, len, max)) != AGT_OK)
		return rc;
#endif
	f->bytes += *len;
	f->files++;
	return AGT_OK;
}
