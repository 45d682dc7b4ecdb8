/*
 * test_input.c - agti_read_file() and agti_read_fd(), which every named
 * input file (images, keys) goes through: read to the end whatever
 * st_size says (pipes, FIFOs, /proc), capped, and errors told apart.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "private.h"

struct writer {
	int fd;
	size_t len;
};

/* Byte I of the pattern the writers send. */
static char
pattern(size_t i)
{
	return (char)('a' + i % 26);
}

static void *
write_pattern(void *arg)
{
	struct writer *w = arg;
	char buf[4096];
	size_t i, n, done = 0;

	while (done < w->len) {
		n = w->len - done < sizeof buf ? w->len - done : sizeof buf;
		for (i = 0; i < n; i++)
			buf[i] = pattern(done + i);
		if (write(w->fd, buf, n) != (ssize_t)n)
			break;
		done += n;
	}
	close(w->fd);
	return NULL;
}

/* Read LEN pattern bytes from a pipe by its /dev/fd name, at most MAX:
 * agti_read_file()'s status, its output in *OUT and *OUTLEN. */
static int
read_pipe(size_t len, size_t max, char **out, size_t *outlen)
{
	struct writer w;
	pthread_t th;
	char path[64];
	int p[2], rc;

	assert_int_equal(pipe(p), 0);
	w.fd = p[1];
	w.len = len;
	assert_int_equal(pthread_create(&th, NULL, write_pattern, &w), 0);
	snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
	rc = agti_read_file(out, outlen, path, max);
	/* Past the cap the writer may still wait: let it finish. */
	close(p[0]);
	pthread_join(th, NULL);
	return rc;
}

static void
assert_pattern(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i] != pattern(i))
			fail_msg("byte %zu is '%c'", i, buf[i]);
	assert_int_equal(buf[len], '\0');
}

/* A pipe has no size: it is read to its end, beyond the first 64 KiB. */
static void
test_pipe(void **state)
{
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(read_pipe(200000, 1 << 20, &buf, &len), AGT_OK);
	assert_int_equal(len, 200000);
	assert_pattern(buf, len);
	free(buf);
	assert_int_equal(read_pipe(0, 100, &buf, &len), AGT_OK);
	assert_int_equal(len, 0);
	assert_int_equal(buf[0], '\0');
	free(buf);
}

/* MAX bytes pass, one more is AGT_EFORMAT (EFBIG) and nothing is kept. */
static void
test_pipe_cap(void **state)
{
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(read_pipe(70000, 70000, &buf, &len), AGT_OK);
	assert_int_equal(len, 70000);
	assert_pattern(buf, len);
	free(buf);
	errno = 0;
	assert_int_equal(read_pipe(70001, 70000, &buf, &len), AGT_EFORMAT);
	assert_int_equal(errno, EFBIG);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_int_equal(read_pipe(1 << 20, 100, &buf, &len), AGT_EFORMAT);
	assert_null(buf);
}

/* A regular file: its size only sizes the buffer; the cap holds too. */
static void
test_regular(void **state)
{
	char path[] = "/tmp/agtrace-input-XXXXXX", *buf;
	struct writer w;
	size_t len;
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	w.fd = fd;
	w.len = 100000;
	write_pattern(&w);
	assert_int_equal(agti_read_file(&buf, &len, path, 100000), AGT_OK);
	assert_int_equal(len, 100000);
	assert_pattern(buf, len);
	free(buf);
	assert_int_equal(agti_read_file(&buf, &len, path, 99999), AGT_EFORMAT);
	assert_null(buf);
	unlink(path);
}

/* What a user fixes by naming another file is AGT_ENOTFOUND; a failed
 * read of an opened file AGT_EIO (/proc/self/mem at offset 0: EIO). */
static void
test_errors(void **state)
{
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(agti_read_file(&buf, &len, "/nonexistent/x", 10),
	    AGT_ENOTFOUND);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(agti_read_file(&buf, &len, "/tmp", 10), AGT_ENOTFOUND);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(agti_read_file(&buf, &len, "/proc/self/mem", 10),
	    AGT_EIO);
	assert_int_equal(errno, EIO);
	assert_null(buf);
	assert_int_equal(len, 0);
}

/* agti_read_fd() appends to what the caller read first. */
static void
test_append(void **state)
{
	char *buf = strdup("abc");
	size_t len = 3;
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "defg", 4), 4);
	close(p[1]);
	assert_int_equal(agti_read_fd(p[0], &buf, &len, 1, 10), AGT_OK);
	close(p[0]);
	assert_int_equal(len, 7);
	assert_string_equal(buf, "abcdefg");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_pipe_cap),
		cmocka_unit_test(test_regular),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_append),
	};

	/* A writer cut off at the cap gets EPIPE, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
