#!/bin/sh
# readers.sh - concurrent readers: READERS processes (tests/tools/reader)
# look codes up in a tight loop from the register while `agtrace import`
# writes AGTRACE_READ_BATCHES batches.  No reader may fail a lookup or see
# part of a batch.  Lookup latency under the write load is printed (with
# AGTRACE_READ_BENCH=1, bigger and as a benchmark, by `make bench`).
. "$top_srcdir/tests/cli/lib.sh"

GEN=$top_builddir/tests/tools/gen-batch
READER=$top_builddir/tests/tools/reader
READERS=${AGTRACE_READERS:-3}
BATCHES=${AGTRACE_READ_BATCHES:-6}
if [ -n "${AGTRACE_READ_BENCH:-}" ]; then BASE=100000 BATCH=5000
else BASE=300 BATCH=400; fi
A=$AGTRACE_REAL

plan $((READERS + 3))
"$A" -d "$TMP/reg" init >/dev/null 2>&1 || { echo "Bail out! init failed"; exit 1; }
"$GEN" -l "$BASE" -o "$TMP/base.xml" &&
	"$A" -d "$TMP/reg" import "$TMP/base.xml" >/dev/null ||
	{ echo "Bail out! base import failed"; exit 1; }
# Codes of lots that are always there; the first and last lot of each batch.
sed -n 's/.*<lot gtin="\([0-9]*\)" lot="\([^"]*\)" supplier.*/code (01)\1(10)\2/p' \
	"$TMP/base.xml" | awk 'NR % 7 == 1' | head -200 >"$TMP/probes"
i=0
while [ "$i" -lt "$BATCHES" ]; do
	"$GEN" -l "$BATCH" --start $((1000000 + i * BATCH)) -o "$TMP/b$i.xml"
	sed -n 's/.*<lot gtin="\([0-9]*\)" lot="\([^"]*\)" supplier.*/\1\/\2/p' \
		"$TMP/b$i.xml" | sed -n '1p;$p' | tr '\n' ' ' |
		awk '{ print "batch", $1, $2 }' >>"$TMP/probes"
	i=$((i + 1))
done

# Latency without a writer, for comparison: one reader for a second.
(sleep 1; touch "$TMP/stop-idle") &
idle=$("$READER" "$TMP/reg" "$TMP/stop-idle" "$BASE" "$BATCH" "$TMP/probes" 2>&1)
wait

r=0
while [ "$r" -lt "$READERS" ]; do
	"$READER" "$TMP/reg" "$TMP/stop" "$BASE" "$BATCH" "$TMP/probes" \
		>"$TMP/reader$r.out" 2>&1 &
	eval "pid$r=\$!"
	r=$((r + 1))
done
t0=$(date +%s%N)
i=0 wrote=0
while [ "$i" -lt "$BATCHES" ]; do
	"$A" -d "$TMP/reg" import "$TMP/b$i.xml" >/dev/null 2>"$TMP/imp.err" &&
		wrote=$((wrote + 1))
	i=$((i + 1))
done
t1=$(date +%s%N)
touch "$TMP/stop"
[ "$wrote" -eq "$BATCHES" ] && ok "writer imported $BATCHES batches of $BATCH lots" ||
	{ not_ok "writer imported $wrote of $BATCHES batches"; diag "$(cat "$TMP/imp.err")"; }
r=0
while [ "$r" -lt "$READERS" ]; do
	eval "wait \$pid$r"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok "reader $r: $(cat "$TMP/reader$r.out")"
	else not_ok "reader $r (exit $rc)"; diag "$(cat "$TMP/reader$r.out")"; fi
	r=$((r + 1))
done
diag "idle: $idle"
diag "$READERS readers during $BATCHES imports of $BATCH lots ($(( (t1 - t0) / 1000000 )) ms): lookup latency"
diag "$(cat "$TMP"/reader*.out)"
expect_exit "register verifies after the run" 0 "$A" -d "$TMP/reg" verify
"$A" -d "$TMP/reg" stats >"$TMP/stats"
lots=$(awk '$1 == "lot" { print $2 }' "$TMP/stats")
[ "$lots" -eq $((BASE + BATCHES * BATCH)) ] && ok "all $lots lots there" ||
	not_ok "$lots lots, wanted $((BASE + BATCHES * BATCH))"
