/* input.c - opening a file the caller names as input. */
#include "private.h"

#include <errno.h>
#include <fcntl.h>
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
