#!/bin/sh
# import-bench.sh - batch import throughput and peak memory (make bench).
# For each size in $AGTRACE_BENCH_IMPORT_LOTS (default "100000 1000000"):
# a batch of N lots with one report each, imported into a new register
# unsigned with schema validation, unsigned without it, and signed (every
# report signed, every signature verified).  Prints lots/s, records/s,
# peak RSS and the register's size.  Never fails on timing.
: "${top_builddir:=.}"
: "${AGTRACE:=$top_builddir/cli/agtrace}"
GEN=$top_builddir/tests/tools/gen-batch
SIZES=${AGTRACE_BENCH_IMPORT_LOTS:-100000 1000000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/agtrace-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
AGTRACE_DATADIR=${top_srcdir:-.}/formats
: "${AGTRACE_MODULE_DIR:=$top_builddir/lib/.libs}"
export AGTRACE_DATADIR AGTRACE_MODULE_DIR

# run NAME LOTS FILE ARGS...: import FILE into a new register.
run() {
	name=$1 lots=$2 file=$3; shift 3
	if [ -z "${REUSE:-}" ]; then
		rm -rf "$TMP/db"
		$AGTRACE -d "$TMP/db" init > /dev/null || exit 1
	fi
	base=$(du -sk "$TMP/db" | cut -f1)
	if ! /usr/bin/time -f '%e %M %U %S' -o "$TMP/time" \
	    $AGTRACE -d "$TMP/db" import "$@" "$file" > "$TMP/out" 2> "$TMP/err"; then
		echo "$name: import failed:"; head -5 "$TMP/err"; return
	fi
	read secs rss usr sys < "$TMP/time"
	records=$(awk '/^imported/ { print $2 }' "$TMP/out")
	grow=$(( $(du -sk "$TMP/db" | cut -f1) - base ))
	awk -v n="$name" -v l="$lots" -v r="$records" -v s="$secs" -v m="$rss" -v g="$grow" -v c="$usr $sys" \
	    'BEGIN { if (s <= 0) s = 0.01; split(c, t, " ");
	      printf "%-32s %7.2f s (cpu %6.2f s) %8.0f lots/s %8.0f records/s  peak RSS %6.1f MiB  register +%.0f MiB\n",
	        n, s, t[1] + t[2], l / s, r / s, m / 1024, g / 1024 }'
}

echo "import benchmark: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES; do
	$GEN -l "$n" -a 4 -s 200 -p 300 > "$TMP/unsigned.xml" || exit 1
	$GEN -l "$n" -a 4 -s 200 -p 300 -k > "$TMP/signed.xml" || exit 1
	echo "$n lots + $n reports: $(du -m "$TMP/unsigned.xml" | cut -f1) MiB unsigned, $(du -m "$TMP/signed.xml" | cut -f1) MiB signed"
	run "  unsigned, not validated" "$n" "$TMP/unsigned.xml" --no-validate
	run "  signed, validated, verified" "$n" "$TMP/signed.xml" --require-signatures
	run "  unsigned, validated" "$n" "$TMP/unsigned.xml"
	REUSE=1 run "  the same again (all unchanged)" "$n" "$TMP/unsigned.xml"
	rm -f "$TMP/unsigned.xml" "$TMP/signed.xml"
done
exit 0
