#!/bin/sh
# space.sh - a register where room is short: little address space (the
# map falls back to a smaller size), a small map (AGTRACE_MAPSIZE), a full
# disk (a small tmpfs, when we may mount one).  Failing writes exit 74 with
# a clear message and lose nothing.
. "$top_srcdir/tests/cli/lib.sh"

MKREG=$top_builddir/tests/tools/mkregister
plan 2

"$MKREG" "$TMP/reg" >/dev/null || { echo "Bail out! mkregister failed"; exit 1; }
# 2 GiB of address space: no room for the default 64 GiB map.
expect_exit "register opens with 2 GiB of address space" 0 \
	sh -c 'ulimit -v 2097152 && exec "$@"' sh "$AGTRACE_REAL" -d "$TMP/reg" verify
expect_exit "register opens with AGTRACE_MAPSIZE=1 MiB (raised to the file)" 0 \
	env AGTRACE_MAPSIZE=1048576 "$AGTRACE" -d "$TMP/reg" verify
