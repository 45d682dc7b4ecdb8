/*
 * replay.c - the main() of every fuzz harness when it is not built with
 * libFuzzer: it feeds each file of the harness's corpus to
 * LLVMFuzzerTestOneInput() once and prints one TAP line per file, so
 * `make check` replays every corpus (seeds and committed crashers) under
 * the ordinary compiler, valgrind or the sanitizers.
 *
 * tests/fuzz/NAME-replay with no argument replays
 * $top_srcdir/tests/fuzz/corpus/NAME/; with arguments, the files and
 * directories named (to reproduce one crasher under gdb or valgrind).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

struct list {
	char **path;
	size_t n, cap;
};

static void
die(const char *what, const char *path)
{
	printf("Bail out! %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void
list_add(struct list *l, const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		if ((l->path = realloc(l->path, l->cap * sizeof *l->path)) == NULL)
			die("out of memory", dir);
	}
	if ((l->path[l->n] = malloc(len)) == NULL)
		die("out of memory", dir);
	snprintf(l->path[l->n++], len, "%s%s%s", dir, *name ? "/" : "", name);
}

/* Add PATH, or every regular file in it (sorted) when it is a directory. */
static void
collect(struct list *l, const char *path)
{
	struct dirent **ent;
	struct stat st;
	int i, n;

	if (stat(path, &st) != 0)
		die("cannot stat", path);
	if (!S_ISDIR(st.st_mode)) {
		list_add(l, path, "");
		return;
	}
	if ((n = scandir(path, &ent, NULL, alphasort)) < 0)
		die("cannot read", path);
	for (i = 0; i < n; i++) {
		if (ent[i]->d_name[0] != '.')
			list_add(l, path, ent[i]->d_name);
		free(ent[i]);
	}
	free(ent);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL, *exact;
	size_t cap = 0, n;

	if (fp == NULL)
		die("cannot open", path);
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((buf = realloc(buf, cap)) == NULL)
				die("out of memory", path);
		}
		n = fread(buf + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	if (ferror(fp))
		die("cannot read", path);
	fclose(fp);
	/* An exact-size copy, as libFuzzer gives, so the sanitizers and
	 * valgrind catch a read one byte past the input. */
	if ((exact = malloc(*len ? *len : 1)) == NULL)
		die("out of memory", path);
	memcpy(exact, buf, *len);
	free(buf);
	return exact;
}

/* "tests/fuzz/lt-gs1-replay" -> "gs1" */
static char *
harness_name(const char *argv0)
{
	const char *base = strrchr(argv0, '/');
	char *name, *end;

	base = base ? base + 1 : argv0;
	if (strncmp(base, "lt-", 3) == 0)
		base += 3;
	if ((name = strdup(base)) == NULL)
		die("out of memory", argv0);
	if ((end = strstr(name, "-replay")) != NULL)
		*end = '\0';
	return name;
}

int
main(int argc, char **argv)
{
	struct list l = { NULL, 0, 0 };
	unsigned char *buf;
	char *name = harness_name(argv[0]);
	const char *top = getenv("top_srcdir");
	char dir[4096];
	size_t i, len;
	int a;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (a = 1; a < argc; a++)
		collect(&l, argv[a]);
	if (argc < 2) {
		snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s",
			top ? top : ".", name);
		collect(&l, dir);
	}
	if (l.n == 0) {
		printf("1..1\nnot ok 1 - %s: empty corpus\n", name);
		return 1;
	}
	printf("1..%zu\n", l.n);
	for (i = 0; i < l.n; i++) {
		printf("# %s\n", l.path[i]);
		fflush(stdout);
		buf = slurp(l.path[i], &len);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %zu - %s %s\n", i + 1, name, strrchr(l.path[i], '/') ?
			strrchr(l.path[i], '/') + 1 : l.path[i]);
		free(l.path[i]);
	}
	free(l.path);
	free(name);
	return 0;
}
