/* rmtree.h - removing a scratch directory tree, for tests, benches and fuzzers. */
#ifndef AGT_TEST_RMTREE_H
#define AGT_TEST_RMTREE_H

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static int
rmtree_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove DIR and everything under it (symbolic links not followed). */
__attribute__((unused)) static int
rm_tree(const char *dir)
{
	return nftw(dir, rmtree_one, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
