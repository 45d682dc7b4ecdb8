#!/bin/sh
# Every man page is clean mdoc: mandoc -Tlint reports nothing at warning
# level, and groff, which man-db formats pages with, warns of nothing
# either (-ww: a line it cannot break, a delimiter taken for an
# argument).  Where configure found no groff its checks are not run: no
# TAP line, not a SKIP.
. "${top_srcdir:-.}/tests/cli/lib.sh"
pages=$(ls "$top_srcdir"/man/*.[0-9])
n=$(echo "$pages" | wc -l)
if [ -n "${GROFF:-}" ]; then plan $((n * 2)); else
	plan "$n"; echo "# groff not found by configure: its warnings not checked"; fi
for p in $pages; do
	if ${MANDOC:-mandoc} -Tlint -Wwarning "$p" > "$TMP/lint" 2>&1; then
		ok "mandoc -Tlint $(basename "$p")"
	else
		not_ok "mandoc -Tlint $(basename "$p")"; diag "$(cat "$TMP/lint")"
	fi
	[ -n "${GROFF:-}" ] || continue
	# -mandoc as man-db runs it, at groff's terminal line length (78n).
	"$GROFF" -mandoc -Tutf8 -ww -z -rLL=78n "$p" > "$TMP/lint" 2>&1
	if [ ! -s "$TMP/lint" ]; then
		ok "groff -ww $(basename "$p")"
	else
		not_ok "groff -ww $(basename "$p")"; diag "$(cat "$TMP/lint")"
	fi
done
done_testing
