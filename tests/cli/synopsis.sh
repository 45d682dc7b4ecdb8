#!/bin/sh
# synopsis.sh - every command that `agtrace --help` lists has a section in
# agtrace(1); `agtrace CMD --help` and `agtrace help CMD` exit 0 with its
# usage; and the usage and the page's synopsis of the command give the
# same long options.
. "$top_srcdir/tests/cli/lib.sh"

MAN=$top_srcdir/man/agtrace.1
"$AGTRACE" --help >"$TMP/help" 2>&1 || { echo "Bail out! agtrace --help failed"; exit 1; }
cmds=$(sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p' "$TMP/help")
[ -n "$cmds" ] || { echo "Bail out! no commands in agtrace --help"; exit 1; }
# The page as text, one synopsis form a line, without overstrike.
"$MANDOC" -Tascii -Owidth=300 "$MAN" | sed 's/.\x08//g' >"$TMP/page"

plan $(($(echo "$cmds" | wc -l) * 4 + 1))
check "agtrace help exits 0" "$AGTRACE" help
for c in $cmds; do
	if "$AGTRACE" "$c" --help >"$TMP/h" 2>"$TMP/err" &&
	    head -1 "$TMP/h" | grep -q "^usage: agtrace $c\\b"; then
		ok "$c --help: exit 0, usage"
	else
		not_ok "$c --help: exit 0, usage"; diag "$(head -3 "$TMP/h" "$TMP/err")"
	fi
	"$AGTRACE" help "$c" >"$TMP/h2" 2>&1
	if cmp -s "$TMP/h" "$TMP/h2"; then ok "help $c prints the same"
	else not_ok "help $c prints the same"; fi
	# The usage: its first line and the lines indented under it.
	awk 'NR == 1 || (/^      / && go) { print; go = 1; next } { exit }' \
		"$TMP/h" | grep -o -- '--[a-z][a-z-]*' | sort -u >"$TMP/use"
	awk -v c="$c" '$0 == "   " c { on = 1; next }
		on && /^     agtrace / { print; next } on { exit }' "$TMP/page" |
		grep -o -- '--[a-z][a-z-]*' | sort -u >"$TMP/syn"
	if grep -q "^\.Ss $c\$" "$MAN"; then ok "agtrace(1) has $c"
	else not_ok "agtrace(1) has $c"; fi
	if cmp -s "$TMP/use" "$TMP/syn"; then
		ok "$c: usage and agtrace(1) give the same options"
	else
		not_ok "$c: usage and agtrace(1) give the same options"
		diag "$(diff "$TMP/use" "$TMP/syn")"
	fi
done
done_testing
