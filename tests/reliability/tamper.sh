#!/bin/sh
# tamper.sh - the tamper catalogue: edit a register behind the library's
# back (tests/tools/tamper) in every way an attacker or a bad disk could,
# and check `agtrace verify` catches each one (exit 80, naming the entry or
# the index), that reads of a tampered record fail instead of printing
# forged data, and that a rollback or a rewritten history is caught by
# `verify --head SEQ:HASH`.
. "$top_srcdir/tests/cli/lib.sh"

TAMPER=$top_builddir/tests/tools/tamper
MKREG=$top_builddir/tests/tools/mkregister
BASE=$TMP/base
R=$TMP/r

"$MKREG" "$BASE" >/dev/null || { echo "Bail out! mkregister failed"; exit 1; }
fresh() { rm -rf "$R"; cp -a "$BASE" "$R"; }
t() { "$TAMPER" "$R" "$@" >/dev/null || { echo "# tamper $* failed"; return 1; }; }

# broken DESC PATTERN: verify must exit 80 with PATTERN (grep -E) in stderr.
broken() {
	"$AGTRACE" -d "$R" verify >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 80 ] && grep -Eiq -- "$2" "$TMP/err"; then
		ok "$1: $(head -1 "$TMP/err")"
	else
		not_ok "$1 (exit $rc, wanted 80 and /$2/)"
		diag "$(cat "$TMP/out" "$TMP/err" | head -5)"
	fi
}

# The ledger: one entry of every record type, and the chain's structure.
"$AGTRACE_REAL" -d "$BASE" log >"$TMP/log" || { echo "Bail out! log failed"; exit 1; }
last=$(tail -1 "$TMP/log" | cut -f1)
types=$(cut -f2 "$TMP/log" | sort -u)
"$TAMPER" "$BASE" dbs - | grep -v -e '^meta ' -e '^ledger ' >"$TMP/dbs"
ntypes=$(echo "$types" | wc -l)
nempty=0 nfull=0
while read -r db kind; do
	if [ -n "$("$TAMPER" "$BASE" keys "$db" | head -1)" ]; then
		nfull=$((nfull + 1)); else nempty=$((nempty + 1)); fi
done <"$TMP/dbs"
plan $((ntypes * 4 + 8 + nfull * 3 + nempty + 11))

for type in $types; do
	seq=$(awk -F '\t' -v t="$type" '$2 == t { print $1; exit }' "$TMP/log")
	fresh; t flip ledger "seq:$seq" -1
	broken "$type entry $seq: last record byte flipped" "entry $seq\\b"
	fresh; len=$("$TAMPER" "$R" get ledger "seq:$seq" | awk '{ print length($0) / 2 }')
	t truncate ledger "seq:$seq" $(( (len + 65) / 2 ))
	broken "$type entry $seq: record truncated" "entry $seq\\b"
	fresh; t truncate ledger "seq:$seq" 65
	broken "$type entry $seq: record removed" "entry $seq\\b"
	fresh; t flip ledger "seq:$seq" 40
	broken "$type entry $seq: stored hash flipped" "entry $seq\\b"
done

mid=$((last / 2))
fresh; t flip ledger "seq:$mid" 0
broken "entry $mid: type byte flipped" "entry $mid\\b"
fresh; t flip ledger "seq:$mid" 5
broken "entry $mid: previous hash flipped" "entry $mid\\b"
fresh; t del ledger "seq:$mid"
broken "entry $mid deleted" "entry ($mid|$((mid + 1)))\\b"
fresh; t del ledger "seq:$last"
broken "last entry $last deleted" "entry $last\\b|head"
fresh; t swap ledger "seq:$mid" "seq:$((mid + 1))"
broken "entries $mid and $((mid + 1)) swapped" "entry $mid\\b"
fresh; t put ledger "seq:$((last + 1))" "$("$TAMPER" "$R" get ledger "seq:$last")"
broken "entry $last copied past the head" "entry $((last + 1))\\b|head"
fresh; t flip meta head -1
broken "meta head hash flipped" "head|entry $last\\b"
fresh; t replace ledger "seq:$mid" "$(awk -F '\t' -v s="$mid" '$1 == s { print substr($3, 1, 2) }' "$TMP/log")" "~~"
broken "entry $mid: key rewritten" "entry $mid\\b"

# Every index: delete an entry, add a stray one, point one elsewhere.
# An empty index (no such records in the sample) gets a stray entry only.
# The Merkle tree's stray entry is a leaf past the ledger's head.
while read -r db kind; do
	first=$("$TAMPER" "$BASE" keys "$db" | head -1)
	lastkv=$("$TAMPER" "$BASE" keys "$db" | tail -1)
	k=${first% *}; v=${first#* }; lk=${lastkv% *}; lv=${lastkv#* }
	pat="$db|entry [0-9]+|index entry"
	if [ -z "$first" ]; then
		fresh; t put "$db" "hex:7a7a7a7a" "0000000000000001"
		broken "empty index $db: stray entry added" "$pat"
		continue
	fi
	fresh
	if [ "$kind" = dupsort ]; then t del "$db" "hex:$k" "$v"; else t del "$db" "hex:$k"; fi
	broken "index $db: entry deleted" "$pat"
	fresh
	if [ "$db" = merkle ]; then
		t put "$db" "hex:00$(printf '%016x' "$last")" "$v"
	else
		t put "$db" "hex:7a7a7a7a$k" "$v"
	fi
	broken "index $db: stray entry added" "$pat"
	fresh
	if [ "$kind" = dupsort ]; then
		# Move the first value to another key: the record it names
		# does not belong there.
		if [ "$k" = "$lk" ]; then other="7a7a$k"; else other=$lk; fi
		t del "$db" "hex:$k" "$v" && t put "$db" "hex:$other" "$v"
	elif [ ${#v} -eq 16 ]; then
		# A sequence number: point it at the previous entry.
		n=$(printf '%d' "0x$v"); [ "$n" -gt 1 ] && n=$((n - 1)) || n=2
		t put "$db" "hex:$k" "$(printf '%016x' "$n")"
	else
		if [ "$v" = "$lv" ]; then lv=7a7a$v; fi
		t put "$db" "hex:$k" "$lv"
	fi
	broken "index $db: entry pointed elsewhere" "$pat"
done <"$TMP/dbs"

# Reads of a tampered record fail instead of printing forged data.
lotseq=$(awk -F '\t' '$2 == "lot" { s = $1; k = $3 } END { print s }' "$TMP/log")
lotkey=$(awk -F '\t' -v s="$lotseq" '$1 == s { print $3 }' "$TMP/log")
fresh; t replace ledger "seq:$lotseq" apples applEs
expect_exit "show lot of a forged entry: exit 80" 80 "$AGTRACE" -d "$R" show lot "$lotkey"
if grep -q applEs "$TMP/out"; then not_ok "show printed the forged product"; else ok "show printed no forged data"; fi
expect_grep "show names the integrity failure" "entry $lotseq|integrity|hash" "$TMP/err"
expect_exit "list lots over a forged entry: exit 80" 80 "$AGTRACE" -d "$R" list lots
code="(01)${lotkey%%/*}(10)${lotkey#*/}"
expect_exit "lookup of a forged lot: exit 80" 80 "$AGTRACE" -d "$R" lookup "$code"
if grep -q applEs "$TMP/out"; then not_ok "lookup printed the forged product"; else ok "lookup printed no forged data"; fi

# A rewritten history: a forged entry, every later hash recomputed, the
# Merkle tree dropped and rebuilt by the next write.  The register is
# consistent again; only a head recorded earlier catches it.  A rollback
# to an older, consistent copy is caught the same way.
head=$("$AGTRACE_REAL" -d "$BASE" stats | awk '$1 == "ledger" { print $2 }')
fresh; t replace ledger "seq:$lotseq" apples applEs && t rechain ledger "$lotseq"
"$TAMPER" "$R" drop merkle >/dev/null 2>&1
"$AGTRACE_REAL" -d "$R" recall --supplier S002 --reason "cover" >/dev/null 2>&1
expect_exit "rewritten history, tree rebuilt: verify alone passes" 0 "$AGTRACE" -d "$R" verify
expect_exit "rewritten history: verify --head $head exits 80" 80 "$AGTRACE" -d "$R" verify --head "$head"
expect_exit "intact register: verify --head $head exits 0" 0 "$AGTRACE" -d "$BASE" verify --head "$head"
"$MKREG" "$TMP/newer" 3 >/dev/null
newhead=$("$AGTRACE_REAL" -d "$TMP/newer" stats | awk '$1 == "ledger" { print $2 }')
expect_exit "rolled back to an older copy: verify --head exits 80" 80 "$AGTRACE" -d "$BASE" verify --head "$newhead"
expect_grep "rollback named" "behind|rolled back|older" "$TMP/err"
