#!/bin/sh
# perms.sh - files and permissions: a new register is private (directory
# 0700, data 0600) whatever the umask, key files are 0600, and agtrace
# warns about a register others could change behind the user's back.
. "$top_srcdir/tests/cli/lib.sh"

plan 8
mode() { stat -c %a "$1"; }

(umask 000 && "$AGTRACE" -d "$TMP/reg" init >/dev/null 2>&1)
[ "$(mode "$TMP/reg")" = 700 ] && ok "register directory 0700 under umask 000" ||
	not_ok "register directory is $(mode "$TMP/reg"), wanted 700"
bad=$(find "$TMP/reg" -type f -perm /077 | head -1)
[ -z "$bad" ] && ok "register files 0600 under umask 000" ||
	not_ok "$bad is $(mode "$bad")"

expect_exit "private register: stats" 0 "$AGTRACE" -d "$TMP/reg" stats
if grep -q warning "$TMP/err"; then not_ok "no warning for a private register"; diag "$(cat "$TMP/err")"
else ok "no warning for a private register"; fi

chmod 777 "$TMP/reg"
expect_exit "world-writable register still opens" 0 "$AGTRACE" -d "$TMP/reg" stats
expect_grep "world-writable register: warning" "warning: .*writable by every user" "$TMP/err"
chmod 700 "$TMP/reg"

if [ "$(id -u)" = 0 ] && chown -R nobody "$TMP/reg" 2>/dev/null; then
	expect_exit "register of another user still opens" 0 "$AGTRACE" -d "$TMP/reg" stats
	expect_grep "register of another user: warning" "warning: .*owned by uid" "$TMP/err"
	chown -R 0 "$TMP/reg"
else
	ok "# SKIP not root: cannot give the register to another user"
	ok "# SKIP not root"
fi
