#!/bin/sh
# crash.sh - crash safety: `agtrace import` of a generated batch is killed
# with SIGKILL at random moments (AGTRACE_KILLS of them, 50 by default;
# `make stress` runs more on a bigger batch).  After each kill the register
# opens, verify passes, and the batch is wholly there or wholly absent:
# the counts and the ledger head are those from before the import or those
# of a complete one.  Then a full disk (a small tmpfs when we may mount
# one, else a file size limit) fails the import with exit 74 and a clear
# message, and loses nothing.
. "$top_srcdir/tests/cli/lib.sh"

GEN=$top_builddir/tests/tools/gen-batch
KILLS=${AGTRACE_KILLS:-50}
LOTS=${AGTRACE_KILL_LOTS:-1500}
A=$AGTRACE_REAL # killing a process under valgrind would time valgrind

plan $((KILLS + 1 + 5))

state() { "$A" -d "$1" stats | sed 1d; }
ms() { date +%s%N | cut -c1-13; }

"$A" -d "$TMP/base" init >/dev/null 2>&1 || { echo "Bail out! init failed"; exit 1; }
"$GEN" -l "$LOTS" -r 1 -S 1 -o "$TMP/batch.xml" || { echo "Bail out! gen-batch failed"; exit 1; }
state "$TMP/base" >"$TMP/before"

# A complete import, timed: the kills fall anywhere in 0 .. 1.2 times it.
cp -a "$TMP/base" "$TMP/full"
t0=$(ms)
"$A" -d "$TMP/full" import "$TMP/batch.xml" >/dev/null 2>&1 ||
	{ echo "Bail out! the batch does not import"; exit 1; }
span=$(( ($(ms) - t0) * 12 / 10 + 1 ))
state "$TMP/full" >"$TMP/after"
diag "import of $LOTS lots takes about $((span * 10 / 12)) ms"

absent=0 present=0 i=0
while [ "$i" -lt "$KILLS" ]; do
	i=$((i + 1))
	rm -rf "$TMP/r"
	cp -a "$TMP/base" "$TMP/r"
	delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 7919); printf "%.3f", rand() * span / 1000 }')
	"$A" -d "$TMP/r" import "$TMP/batch.xml" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	why=
	"$A" -d "$TMP/r" verify >"$TMP/out" 2>"$TMP/err" || why="verify failed: $(head -1 "$TMP/err")"
	state "$TMP/r" >"$TMP/now" 2>"$TMP/err" || why="$why stats failed: $(head -1 "$TMP/err")"
	if cmp -s "$TMP/now" "$TMP/before"; then absent=$((absent + 1)); what=absent
	elif cmp -s "$TMP/now" "$TMP/after"; then present=$((present + 1)); what=present
	else why="$why neither before nor after: $(tr '\n' ' ' <"$TMP/now")"; fi
	if [ -z "$why" ]; then ok "kill $i after ${delay}s: register verifies, batch $what"
	else not_ok "kill $i after ${delay}s: $why"; fi
done
diag "$KILLS kills: batch wholly absent $absent times, wholly present $present times"
[ "$absent" -gt 0 ] && ok "some kills came before the commit ($absent)" ||
	not_ok "no kill came before the commit: the batch is too small to test"

# A full disk.
mkdir -p "$TMP/small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=3m tmpfs "$TMP/small" 2>/dev/null; then
	trap 'umount "$TMP/small" 2>/dev/null; rm -rf "$TMP"' EXIT
	how="a 3 MiB tmpfs"
	limit=
else
	how="a 3 MiB file size limit"
	limit=3072
fi
"$A" -d "$TMP/small/reg" init >/dev/null 2>&1
"$GEN" -l 200 -o "$TMP/small-batch.xml"
"$A" -d "$TMP/small/reg" import "$TMP/small-batch.xml" >/dev/null 2>&1
state "$TMP/small/reg" >"$TMP/before"
"$GEN" -l 20000 --start 1000 -o "$TMP/big.xml"
(
	trap '' XFSZ
	[ -z "$limit" ] || ulimit -f "$limit"
	exec "$AGTRACE" -d "$TMP/small/reg" import "$TMP/big.xml"
) >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 74 ] && ok "full disk ($how): import exits 74" ||
	{ not_ok "full disk ($how): import exits $rc, wanted 74"; diag "$(head -5 "$TMP/err")"; }
expect_grep "full disk: the message says so" "full|space|room" "$TMP/err"
expect_exit "full disk: the register still verifies" 0 "$A" -d "$TMP/small/reg" verify
state "$TMP/small/reg" >"$TMP/now"
cmp -s "$TMP/now" "$TMP/before" && ok "full disk: nothing lost, nothing half-kept" ||
	{ not_ok "full disk: the register changed"; diag "$(diff "$TMP/before" "$TMP/now")"; }
"$GEN" -l 10 --start 50000 -o "$TMP/tiny.xml"
expect_exit "full disk: a small import still fits after the failed one" 0 \
	"$A" -d "$TMP/small/reg" import "$TMP/tiny.xml"
