#!/bin/sh
# examples/pos-lookup: the example POS program answers each scanned line.
# POS_LOOKUP may name a copy built against the installed library.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 7
POS=${POS_LOOKUP:-$top_builddir/examples/pos-lookup}
R=$TMP/reg
check "sample register" "$top_builddir/tests/tools/mkregister" "$R"
printf '%s\n' '(01)06901234567892(10)L2024-001' \
	']C1010690123456789210L2024-002' \
	'https://id.example.cn/01/06901234567908/10/H-7?17=240901' \
	'CN-TRACE-0001' 'NOT-A-CODE' '' > "$TMP/scans"
expect_exit "pos-lookup runs" 0 sh -c "'$POS' '$R' 2024-09-10 < '$TMP/scans'"
expect_grep "sell line" '^SELL	Fuji apples	Green Valley Orchard	pass	$' "$TMP/out"
expect_grep "warn line" '^WARN	Fuji apples	Green Valley Orchard	none	no inspection report$' "$TMP/out"
expect_grep "do-not-sell line" '^DO-NOT-SELL	Acacia honey	Hill Apiary	fail	inspection failed; expired$' "$TMP/out"
expect_grep "unknown line" '^UNKNOWN	NOT-A-CODE	' "$TMP/out"
if [ "$(wc -l < "$TMP/out")" -eq 5 ]; then ok "one line per code"; else
	not_ok "one line per code"; diag "$(cat "$TMP/out")"; fi
done_testing
