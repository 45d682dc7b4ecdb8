#!/bin/sh
# The core commands: init, stats, show, list, log, verify (also tampered).
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 69
MK=$top_builddir/tests/tools/mkregister
R=$TMP/reg
G1=06901234567892

expect_exit "init creates a register" 0 "$AGTRACE" -d "$TMP/new" init
expect_grep "init says where" "created register .*/new" "$TMP/out"
expect_exit "init again leaves it (exit 0)" 0 "$AGTRACE" -d "$TMP/new" init
expect_grep "init again says so" "exists already" "$TMP/err"
expect_exit "stats on an empty register" 0 "$AGTRACE" -d "$TMP/new" stats
expect_grep "init loads the 89 categories" "^ledger +89:[0-9a-f]{64}$" "$TMP/out"
expect_exit "missing register: exit 66" 66 "$AGTRACE" -d "$TMP/none" stats
expect_exit "-d with an empty path: exit 64" 64 "$AGTRACE" -d "" stats
expect_grep "says so" "^agtrace: -d: an empty register path$" "$TMP/err"
# Without categories.xml, init makes no register (it made one without
# categories, which the next init then kept).
expect_exit "init without categories.xml: exit 66" 66 env AGTRACE_DATADIR="$TMP/nodata" "$AGTRACE" -d "$TMP/nocat" init
expect_grep "says what is missing" "categories.xml not found" "$TMP/err"
check "and makes no register" test ! -e "$TMP/nocat"
expect_exit "bad usage: exit 64" 64 "$AGTRACE" -d "$TMP/new" stats extra
expect_exit "stats --help" 0 "$AGTRACE" stats --help
expect_grep "help is usage" "usage: agtrace stats" "$TMP/out"

check "mkregister builds the sample" "$MK" "$R"
expect_exit "stats" 0 "$AGTRACE" -d "$R" stats
expect_grep "lots counted" "^lot +3$" "$TMP/out"
expect_exit "stats --json" 0 "$AGTRACE" -d "$R" stats --json
expect_grep "json head" '"head": "16:[0-9a-f]{64}"' "$TMP/out"
AGTRACE_DB=$R; export AGTRACE_DB
expect_exit "show lot (register from AGTRACE_DB)" 0 "$AGTRACE" show lot "$G1/L2024-001"
expect_grep "show gives the current revision" "quantity +1150" "$TMP/out"
expect_exit "show lot --json" 0 "$AGTRACE" show lot "$G1/L2024-001" --json
expect_grep "json alias array" '"alias": \[' "$TMP/out"
expect_exit "show sales-point" 0 "$AGTRACE" show sales-point SP01
expect_exit "show report" 0 "$AGTRACE" show report R-2024-0002
expect_grep "report items" "analyte +chlorpyrifos" "$TMP/out"
expect_exit "show unknown: exit 1" 1 "$AGTRACE" show supplier S404
expect_grep "not found message" "agtrace: S404: supplier S404: not found" "$TMP/err"
expect_exit "show bad type: exit 64" 64 "$AGTRACE" show potato X
expect_exit "list lots --gtin, newest first" 0 "$AGTRACE" list lots --gtin 6901234567892
if [ "$(cut -f1 "$TMP/out" | tr '\n' ' ')" = "$G1/L2024-002 $G1/L2024-001 " ]; then
	ok "lots of a GTIN newest first"; else not_ok "lots of a GTIN newest first"; diag "$(cat "$TMP/out")"; fi
expect_exit "list reports --lot --json" 0 "$AGTRACE" list reports --lot "$G1/L2024-001" --json
expect_grep "report listed" '"id": "R-2024-0001"' "$TMP/out"
expect_exit "list with a filter that does not apply: 64" 64 "$AGTRACE" list suppliers --gtin 1
expect_grep "says which" "^agtrace: list: suppliers: no --gtin filter$" "$TMP/err"
# A filter that applies with a malformed key is bad data, as in show.
expect_exit "list lots --gtin of a bad GTIN: 65" 65 "$AGTRACE" list lots --gtin 123
expect_grep "names the key once" "^agtrace: 123: not a valid key to list by$" "$TMP/err"
expect_exit "log --since 15 --json" 0 "$AGTRACE" log --since 15 --json
expect_grep "log entries" '"seq": 16' "$TMP/out"
expect_exit "verify an intact register" 0 "$AGTRACE" verify

# The re-verification script of formats/records.md agrees with agtrace.
if command -v mdb_dump >/dev/null && command -v xxd >/dev/null &&
    command -v bash >/dev/null; then
	sed -n '/^```sh verify-ledger/,/^```$/p' "$top_srcdir/formats/records.md" |
	    sed '1d;$d' > "$TMP/verify-ledger"
	bash "$TMP/verify-ledger" "$R" > "$TMP/vl" 2>&1
	"$AGTRACE" stats | awk '$1 == "ledger" { print $2 }' > "$TMP/head"
	if cmp -s "$TMP/vl" "$TMP/head"; then ok "records.md's script recomputes the head"
	else not_ok "records.md's script recomputes the head"; diag "$(cat "$TMP/vl" "$TMP/head")"; fi
else
	ok "records.md's script (not run: needs mdb_dump, xxd, bash)"
fi

# Tamper behind the library's back (tests/tools/tamper): each breaks verify.
TAMPER=$top_builddir/tests/tools/tamper
cp -r "$R" "$TMP/t1"
"$TAMPER" "$TMP/t1" flip ledger seq:9 -3
expect_exit "verify a flipped byte: exit 80" 80 "$AGTRACE" -d "$TMP/t1" verify
expect_grep "names the entry" "^agtrace: .*/t1: entry 9: content does not match" "$TMP/err"
expect_exit "verify --json on it: exit 80" 80 "$AGTRACE" -d "$TMP/t1" verify --json
expect_grep "json bad_seq" '"bad_seq": 9' "$TMP/out"
# Entry 12 is the current revision of a lot first written at entry 9:
# the broken entry is 12, though entry 9's index check reads it first.
cp -r "$R" "$TMP/t12"
"$TAMPER" "$TMP/t12" flip ledger seq:12 -5
expect_exit "verify a flipped later revision: exit 80" 80 "$AGTRACE" -d "$TMP/t12" verify
expect_grep "names that entry" "^agtrace: .*/t12: entry 12: content does not match" "$TMP/err"
cp -r "$R" "$TMP/t2"
"$TAMPER" "$TMP/t2" del ledger seq:5
expect_exit "verify a deleted entry: exit 80" 80 "$AGTRACE" -d "$TMP/t2" verify
expect_grep "names the missing entry" "entry 5: missing" "$TMP/err"
cp -r "$R" "$TMP/t3"
"$TAMPER" "$TMP/t3" put lot "${G1}L2024-002" 000000000000000b
expect_exit "verify an index pointed elsewhere: exit 80" 80 "$AGTRACE" -d "$TMP/t3" verify
expect_grep "names the entry" "entry 10: the index" "$TMP/err"
# A rollback: a register that no longer holds a head recorded earlier.
"$MK" "$TMP/big" 2
H=$("$AGTRACE" -d "$TMP/big" stats | awk '$1 == "ledger" { print $2 }')
expect_exit "verify --head of its own head" 0 "$AGTRACE" -d "$TMP/big" verify --head "$H"
expect_exit "verify --head on an older copy: exit 80" 80 "$AGTRACE" -d "$R" verify --head "$H"
expect_grep "names the missing entry" "entry 17: missing.*rolled back" "$TMP/err"
expect_exit "verify --head malformed: exit 64" 64 "$AGTRACE" -d "$R" verify --head 12

# Diagnostics are "agtrace: where: what", getopt's too (it printed the
# program's path, or the bare command name), and name a file once.
expect_exit "unknown global option: exit 64" 64 "$AGTRACE" -x stats
expect_grep "getopt says agtrace:" "^agtrace: invalid option -- 'x'$" "$TMP/err"
expect_exit "unknown command option: exit 64" 64 "$AGTRACE" -d "$R" stats --bogus
expect_grep "getopt names the command" "^agtrace: stats: unrecognized option '--bogus'$" "$TMP/err"
expect_exit "recall without a target: exit 64" 64 "$AGTRACE" -d "$R" recall --reason x
expect_grep "recall names itself" "^agtrace: recall: name exactly one of" "$TMP/err"
expect_exit "keygen --public of a missing file: exit 66" 66 "$AGTRACE" keygen --public "$TMP/none.key"
expect_grep "the file named once, and why" "^agtrace: [^:]*/none\.key: cannot read key file: No such file or directory$" "$TMP/err"
# Options are those agtrace(1) and --help give: no undocumented
# one-letter aliases (-j was --json, -s --signatures or --since ...).
expect_exit "verify -s is not an option" 64 "$AGTRACE" -d "$R" verify -s
expect_exit "lookup -j is not an option" 64 "$AGTRACE" -d "$R" lookup -j "$G1"
expect_exit "import -n is --dry-run" 0 "$AGTRACE" -d "$R" import -n "$top_srcdir/formats/categories.xml"
expect_exit "recall -h is --help" 0 "$AGTRACE" recall -h
expect_exit "--db is -d" 0 "$AGTRACE" --db "$R" stats
done_testing
