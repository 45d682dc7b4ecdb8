#!/bin/sh
# agtrace lookup: verdict first, every code shape, stdin line mode, JSON, exit codes.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 27
R=$TMP/reg
check "sample register" "$top_builddir/tests/tools/mkregister" "$R"
L='(01)06901234567892(10)L2024-001'

expect_exit "lookup a lot" 0 "$AGTRACE" -d "$R" lookup --at 2024-09-10 "$L"
expect_grep "decision and product first" '^SELL  Fuji apples  \(lot 06901234567892/L2024-001\)$' "$TMP/out"
if head -1 "$TMP/out" | grep -q '^SELL'; then ok "verdict on the first line"; else not_ok "verdict on the first line"; fi
expect_grep "supplier line" '^supplier: +Green Valley Orchard \(S001\), Yantai' "$TMP/out"
expect_grep "inspection line" '^inspection: pass  report R-2024-0001, issued 2024-09-05 by Provincial Food Testing Centre' "$TMP/out"
expect_grep "ledger position shown" '^  ledger +12 [0-9a-f]{64}$' "$TMP/out"

expect_exit "failed report" 0 "$AGTRACE" -d "$R" lookup --at 2024-09-10 \
	'https://id.example.cn/01/06901234567908/10/H-7?17=240901'
expect_grep "do not sell" '^DO NOT SELL  Acacia honey' "$TMP/out"
expect_grep "failed warning" '^  ! inspection failed: report R-2024-0002: verdict fail$' "$TMP/out"
expect_grep "expired against --at" '^  ! expired: label date 2024-09-01 has passed \(today 2024-09-10\)$' "$TMP/out"

expect_exit "bare GTIN" 0 "$AGTRACE" -d "$R" lookup 6901234567892
expect_grep "newest lot, others listed" '^other lot:  06901234567892/L2024-001$' "$TMP/out"

expect_exit "unknown code: exit 1" 1 "$AGTRACE" -d "$R" lookup '(01)06901234567892(10)NOPE'
expect_exit "bad code: exit 65" 65 "$AGTRACE" -d "$R" lookup '(01)06901234567892(17)241340'
expect_grep "bad code message" 'AI \(17\) at offset 22: month 13' "$TMP/err"
expect_exit "bad --at: exit 65" 65 "$AGTRACE" -d "$R" lookup --at 2024-02-30 "$L"
big=$(head -c 6000 /dev/zero | tr '\0' 'A')
expect_exit "a 6000-byte code: exit 1" 1 "$AGTRACE" -d "$R" lookup "$big"
if [ "$(wc -c < "$TMP/err")" -lt 400 ] && grep -q '\.\.\. (6000 bytes): ' "$TMP/err"; then
	ok "named by its start and length"; else not_ok "named by its start and length"; diag "$(head -c 300 "$TMP/err")"; fi
expect_exit "no register: exit 66" 66 "$AGTRACE" -d "$TMP/none" lookup "$L"

printf '%s\n' '010690123456789210L2024-001^17241231' 'CN-TRACE-0001' 'NOPE' > "$TMP/in"
expect_exit "stdin, one JSON object per line" 1 sh -c "'$AGTRACE' -d '$R' lookup --json --at 2024-09-10 < '$TMP/in'"
if [ "$(grep -c '"status":"sell"' "$TMP/out")" -eq 2 ] && grep -q '"error":' "$TMP/out"; then
	ok "two sells and an error"; else not_ok "two sells and an error"; diag "$(cat "$TMP/out")"; fi
{ head -c 100000 /dev/zero | tr '\0' 'A'; printf '\n%s\n' "$L"; } > "$TMP/long"
expect_exit "stdin, a 100,000-byte line: exit 65" 65 sh -c "'$AGTRACE' -d '$R' lookup --at 2024-09-10 < '$TMP/long'"
expect_grep "the long line named" '^agtrace: standard input: line 1: longer than 16384 bytes: not a code$' "$TMP/err"
expect_grep "the next line answered" '^SELL  Fuji apples' "$TMP/out"
expect_exit "--json for arguments" 0 "$AGTRACE" -d "$R" lookup --json --at 2024-09-10 "$L"
expect_grep "json document" '"supplier": \{' "$TMP/out"
done_testing
