/*
 * private.h - declarations shared by libagtrace's sources, never installed.
 * Internal names start with agti_; they are hidden from the shared library
 * but for the few its modules call (AGTI_MODULE_API, module_api.h).
 */
#ifndef AGT_PRIVATE_H
#define AGT_PRIVATE_H

#include "config.h"
#include "agtrace.h"

#include <stdarg.h>
#include <sys/types.h>

#if defined(__GNUC__)
#define AGTI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AGTI_PRINTF(f, a)
#endif
#include "module_api.h"

/*
 * Record the detail of a failure on DB (may be NULL) for agt_errmsg() in
 * this thread, and return CODE, so callers can write
 *	return agti_error(db, AGT_EINVAL, "lot %s: bad GTIN", key);
 */
AGTI_MODULE_API
int agti_error(const agt_db *db, int code, const char *fmt, ...) AGTI_PRINTF(3, 4);
int agti_verror(const agt_db *db, int code, const char *fmt, va_list ap)
	AGTI_PRINTF(3, 0);
/* Forget the last failure on DB in this thread. */
void agti_error_clear(const agt_db *db);

/*
 * Open the input file PATH read-only (close-on-exec) into *FD.  Returns
 * AGT_ENOTFOUND when it is missing or cannot be opened, a directory
 * included (errno says which: ENOENT, EACCES, EISDIR ...); AGT_EIO when
 * fstat fails.  A read of the open file that fails is the caller's
 * AGT_EIO.
 */
int agti_input_open(const char *path, int *fd);
/*
 * Read the input file PATH to its end, NUL-terminated, into *OUT (free()):
 * a pipe, a FIFO, /dev/stdin or a /proc file as well as a regular file,
 * whose size serves only to size the buffer.  AGT_ENOTFOUND as
 * agti_input_open(), AGT_EIO for a failed read (errno says why),
 * AGT_EFORMAT over MAX bytes (errno EFBIG), AGT_ENOMEM.
 */
int agti_read_file(char **out, size_t *len, const char *path, size_t max);
/* Up to CAP of the first bytes of FD into HEAD (fewer only at its end):
 * their count, or -1 with errno set when a read fails. */
ssize_t agti_read_head(int fd, char *head, size_t cap);
/*
 * Append the rest of FD, to its end, to the *LEN bytes at *BUF (malloc()ed,
 * or NULL and 0), NUL-terminated; at most MAX bytes in all, trying ROOM
 * bytes first.  AGT_EIO (errno says why), AGT_EFORMAT over MAX (errno
 * EFBIG), AGT_ENOMEM: *BUF is then freed and NULL.
 */
int agti_read_fd(int fd, char **buf, size_t *len, size_t room, size_t max);

/* 1 if the N bytes at S are all ASCII digits (also when N is 0), else 0. */
AGTI_MODULE_API
int agti_all_digits(const char *s, size_t n);

#endif
