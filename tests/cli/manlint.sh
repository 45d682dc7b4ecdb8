#!/bin/sh
# Every man page is clean mdoc: mandoc -Tlint reports nothing at warning level.
. "${top_srcdir:-.}/tests/cli/lib.sh"
pages=$(ls "$top_srcdir"/man/*.[0-9])
plan $(echo "$pages" | wc -l)
for p in $pages; do
	if ${MANDOC:-mandoc} -Tlint -Wwarning "$p" > "$TMP/lint" 2>&1; then
		ok "mandoc -Tlint $(basename "$p")"
	else
		not_ok "mandoc -Tlint $(basename "$p")"; diag "$(cat "$TMP/lint")"
	fi
done
done_testing
