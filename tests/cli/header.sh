#!/bin/sh
# The public header compiles on its own as strict C99 and as C++.
. "${top_srcdir:-.}/tests/cli/lib.sh"
plan 2
H=$top_srcdir/lib/agtrace.h
printf '#include "agtrace.h"\nint main(void) { return agt_version() == 0; }\n' > "$TMP/h.c"
cp "$TMP/h.c" "$TMP/h.cpp"
check "agtrace.h compiles as C99 -pedantic -Werror" \
	${CC:-cc} -std=c99 -pedantic -Werror -Wall -Wextra -I"$top_srcdir/lib" -c "$TMP/h.c" -o "$TMP/h.o"
check "agtrace.h compiles as C++ -pedantic -Werror" \
	${CXX:-c++} -std=c++11 -pedantic -Werror -Wall -Wextra -I"$top_srcdir/lib" -c "$TMP/h.cpp" -o "$TMP/hpp.o"
done_testing
