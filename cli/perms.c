/*
 * perms.c - warn about a register that others could change behind the
 * user's back: a directory or data file anyone may write, or one owned by
 * another user.  LMDB files in such a directory can be swapped or edited
 * (verify would catch an edit, not a swap for an older copy).
 */
#include "config.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void
check_one(const char *dbpath, const char *path, const char *what)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return;
	if (st.st_mode & S_IWOTH)
		cli_warnx(dbpath, "warning: the register's %s is writable by "
		    "every user (chmod o-w %s)", what, path);
	if (st.st_uid != geteuid())
		cli_warnx(dbpath, "warning: the register's %s is owned by uid "
		    "%lu, not by you (uid %lu)", what, (unsigned long)st.st_uid,
		    (unsigned long)geteuid());
}

void
cli_check_perms(const char *dbpath)
{
	char data[4096];

	check_one(dbpath, dbpath, "directory");
	if (snprintf(data, sizeof data, "%s/data.mdb", dbpath) < (int)sizeof data)
		check_one(dbpath, data, "data file");
}
