#!/bin/sh
# agtrace parse: every input shape, errors with offsets, stdin line mode, JSON.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 16
B='(01)06901234567892(10)L20261120A(17)261127'

expect_exit "bracketed code parses" 0 $AGTRACE parse "$B"
expect_grep "expiry typed as a date" '^\(17\) +USE BY or EXPIRY +261127  = 2026-11-27' "$TMP/out"
expect_grep "Digital Link rendering" '^digital link: https://id.gs1.org/01/06901234567892/10/L20261120A\?17=261127$' "$TMP/out"
expect_grep "element string with <GS>" '^element: +010690123456789210L20261120A<GS>17261127$' "$TMP/out"

expect_exit "Digital Link with a path prefix and --host" 0 $AGTRACE parse --host https://id.example.cn \
	'https://shop.example/p/01/06901234567892/10/L20261120A?17=261127&linkType=all'
expect_grep "rendered on the given host" '^digital link: https://id.example.cn/01/06901234567892/10/L20261120A\?17=261127$' "$TMP/out"

expect_exit "month 13 is a data error" 65 $AGTRACE parse '0106901234567892172613271012'
expect_grep "error names AI, offset and rule" 'AI \(17\) at offset 18: month 13' "$TMP/err"

expect_exit "wrong check digit" 65 $AGTRACE parse 6901234567893
expect_grep "check digit message" 'check digit 3, expected 2' "$TMP/err"

printf '%s\n' '010690123456789210L1<GS>17261127' '010690123456789210L1^17261100' '' 'CN-ALIAS-7' \
	> "$TMP/in"
expect_exit "codes from standard input, wedge FNC1" 0 sh -c "$AGTRACE parse --json < '$TMP/in'"
if [ "$(wc -l < "$TMP/out")" -eq 3 ]; then ok "one JSON line per code"; else not_ok "one JSON line per code"; fi
expect_grep "typed expiry in JSON" '"expiry": ?"2026-11-30"' "$TMP/out"
expect_grep "alias kind" '"kind": ?"alias"' "$TMP/out"

expect_exit "bad option is a usage error" 64 $AGTRACE parse --bogus
expect_exit "--help" 0 $AGTRACE parse --help
done_testing
