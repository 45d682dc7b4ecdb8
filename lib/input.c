/* input.c - opening a file the caller names as input. */
#include "private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A directory opens with O_RDONLY and fails only at the first read: name
 * it here, with the missing and forbidden files, so that what a user must
 * fix by naming another file (AGT_ENOTFOUND) is not an I/O error (AGT_EIO).
 */
int
agti_input_open(const char *path, int *fd)
{
	struct stat st;
	int err, rc;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return AGT_ENOTFOUND;
	if (fstat(*fd, &st) != 0) {
		err = errno;
		rc = AGT_EIO;
	} else if (S_ISDIR(st.st_mode)) {
		err = EISDIR;
		rc = AGT_ENOTFOUND;
	} else
		return AGT_OK;
	close(*fd);
	*fd = -1;
	errno = err;
	return rc;
}

ssize_t
agti_read_head(int fd, char *head, size_t cap)
{
	size_t n = 0;
	ssize_t r = 0;

	while (n < cap) {
		do
			r = read(fd, head + n, cap - n);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	return r < 0 ? -1 : (ssize_t)n;
}

/* Grow *BUF to hold CAP bytes and a NUL. */
static int
grow(char **buf, size_t cap)
{
	char *nb;

	if ((nb = realloc(*buf, cap + 1)) == NULL)
		return AGT_ENOMEM;
	*buf = nb;
	return AGT_OK;
}

int
agti_read_fd(int fd, char **buf, size_t *len, size_t room, size_t max)
{
	/* One byte over MAX tells MAX bytes from more. */
	size_t limit = max + 1, n = *len, cap = room > n ? room : n;
	ssize_t r;
	int rc, err = ENOMEM;

	if (cap > limit)
		cap = limit;
	rc = grow(buf, cap);
	while (rc == AGT_OK) {
		if (n == cap) {
			if (cap == limit) {
				rc = AGT_EFORMAT;
				err = EFBIG;
				break;
			}
			cap = cap > limit / 2 ? limit : cap * 2;
			if ((rc = grow(buf, cap)) != AGT_OK)
				break;
		}
		do
			r = read(fd, *buf + n, cap - n);
		while (r < 0 && errno == EINTR);
		if (r < 0) {
			rc = AGT_EIO;
			err = errno;
		} else if (r == 0)
			break;
		n += r > 0 ? (size_t)r : 0;
	}
	if (rc != AGT_OK) {
		free(*buf);
		*buf = NULL;
		*len = 0;
		errno = err;
		return rc;
	}
	(*buf)[n] = '\0';
	*len = n;
	return AGT_OK;
}

int
agti_read_file(char **out, size_t *len, const char *path, size_t max)
{
	struct stat st;
	size_t room = 65536;
	int fd, rc, err;

	*out = NULL;
	*len = 0;
	if ((rc = agti_input_open(path, &fd)) != AGT_OK)
		return rc;
	/* st_size + 1: the read that finds the end needs no more room. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size < max)
		room = (size_t)st.st_size + 1;
	rc = agti_read_fd(fd, out, len, room, max);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}
