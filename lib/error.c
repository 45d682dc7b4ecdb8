/* error.c - the detail of the last failure, per thread. */
#include "private.h"

#include <stdio.h>

/*
 * One message per thread: a register handle is shared by a POS program's
 * threads, so a per-handle buffer would mix their messages.
 */
static _Thread_local const agt_db *last_db;
static _Thread_local char last_msg[1024];

int
agti_verror(const agt_db *db, int code, const char *fmt, va_list ap)
{
	last_db = db;
	vsnprintf(last_msg, sizeof last_msg, fmt, ap);
	return code;
}

int
agti_error(const agt_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	agti_verror(db, code, fmt, ap);
	va_end(ap);
	return code;
}

void
agti_error_clear(const agt_db *db)
{
	if (last_db == db)
		last_msg[0] = '\0';
}

const char *
agt_errmsg(const agt_db *db)
{
	return last_db == db ? last_msg : "";
}
