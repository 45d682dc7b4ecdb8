#!/bin/sh
# make install gives every exported function (lib/libagtrace.sym) a page of
# its own name, a link to the page that documents it; make uninstall removes
# the links with the pages.  Installs the data (headers, pages, formats, no
# programs) into a directory of its own.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 4
inst=$TMP/inst
man3=$inst/man/man3
# Our own make flags only: not the jobserver or variables of the make check
# that runs this test.
mk() {
	MAKEFLAGS= MFLAGS= MAKELEVEL= ${MAKE:-make} -s --no-print-directory \
	  -C "$top_builddir" DESTDIR="$inst" mandir=/man "$@"
}
check "make install-data into DESTDIR" mk install-data

for s in $(cat "$top_srcdir/lib/libagtrace.sym"); do
	[ -f "$man3/$s.3" ] || echo "$s"
done > "$TMP/missing"
if [ -s "$TMP/missing" ]; then
	not_ok "every exported function has an installed page of its name"
	diag "no page: $(tr '\n' ' ' < "$TMP/missing")"
else
	ok "every exported function has an installed page of its name"
fi

# A link leads to a page (not a dangling or chained link) that names the
# function in its NAME section.
for l in "$man3"/*.3; do
	[ -L "$l" ] || continue
	n=$(basename "$l" .3); t=$(readlink "$l")
	if [ -L "$man3/$t" ] || [ ! -f "$man3/$t" ]; then
		echo "$n -> $t: not a page"
	elif ! sed -n '/^\.Sh NAME/,/^\.Nd/p' "$man3/$t" | grep -Eqx "\.Nm $n( ,)?"; then
		echo "$n -> $t: not in its NAME section"
	fi
done > "$TMP/bad"
if [ -s "$TMP/bad" ] || ! ls -l "$man3" | grep -q '^l'; then
	not_ok "each link leads to the page that names the function"
	diag "$(cat "$TMP/bad")"
else
	ok "each link leads to the page that names the function"
fi

# uninstall-am cd-s into every directory it would empty: make them all.
{ mk installdirs && mk uninstall; } > "$TMP/out" 2> "$TMP/err"
find "$inst" -type f -o -type l > "$TMP/left"
if [ -s "$TMP/left" ]; then
	not_ok "make uninstall removes the pages and links"
	diag "$(head -20 "$TMP/left")"; diag "$(head -5 "$TMP/err")"
else
	ok "make uninstall removes the pages and links"
fi
done_testing
