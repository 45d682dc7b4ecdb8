#!/bin/sh
# threads-stress.sh PROGRAM - `make check-stress`: PROGRAM (test_threads)
# run AGTRACE_STRESS_COPIES times at once (4), AGTRACE_STRESS_ROUNDS times
# in a row (500, about 2 minutes on 2 cores).  Copies contending for the
# CPUs preempt readers at the moments a single run seldom reaches: the
# LMDB 0.9.24 read-transaction race that lib/txn.c works around showed
# about once in 1,000 runs of `make check`.  Stops at the first round in
# which a copy fails or hangs, prints that copy's output and exits 1.
prog=${1:?usage: threads-stress.sh PROGRAM}
copies=${AGTRACE_STRESS_COPIES:-4}
rounds=${AGTRACE_STRESS_ROUNDS:-500}
case $copies$rounds in *[!0-9]*|'')
	echo "threads-stress: AGTRACE_STRESS_COPIES and _ROUNDS are counts" >&2
	exit 64;;
esac
[ -x "$prog" ] || { echo "threads-stress: $prog: not a program" >&2; exit 66; }
# A copy that deadlocks is a failure too, not a stalled make.
if command -v timeout >/dev/null 2>&1; then limit="timeout 120"; else limit=; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/agtrace-stress.XXXXXX") || exit 70
trap 'rm -rf "$dir"' EXIT
echo "threads-stress: $rounds rounds of $copies copies of $prog"
start=$(date +%s)
r=1
while [ "$r" -le "$rounds" ]; do
	c=1 pids=
	while [ "$c" -le "$copies" ]; do
		$limit "$prog" >"$dir/$c.log" 2>&1 &
		pids="$pids $!"
		c=$((c + 1))
	done
	c=1 failed=0
	for pid in $pids; do
		wait "$pid"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			[ "$rc" -eq 124 ] && why="timed out after 120 s" || why="exit $rc"
			echo "threads-stress: round $r, copy $c: $why; its output:"
			sed 's/^/| /' "$dir/$c.log"
			failed=1
		fi
		c=$((c + 1))
	done
	[ "$failed" -eq 0 ] || exit 1
	[ $((r % 100)) -eq 0 ] && echo "threads-stress: $r rounds passed"
	r=$((r + 1))
done
echo "threads-stress: all $((rounds * copies)) runs passed in $(($(date +%s) - start)) s"
