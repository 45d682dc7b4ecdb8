#!/bin/sh
# libagtrace.so opens agtrace-xml.so and agtrace-media.so only when a call
# needs them: a lookup maps no XML, image or C++ library, and a missing
# module is a clear error, never a crash.
. "${top_srcdir:-.}/tests/cli/lib.sh"
AGTRACE_DB=$TMP/db
AGTRACE_DATADIR=$top_srcdir/formats
export AGTRACE_DB AGTRACE_DATADIR
plan 16
HEAVY='lib(xml2|icu[a-z]*|ZXing|stdc\+\+|zint|png16|jpeg)\.so'

for so in libagtrace.so agtrace-xml.so agtrace-media.so; do
	readelf -d "$top_builddir/lib/.libs/$so" > "$TMP/dyn-$so" 2>&1
done
if grep NEEDED "$TMP/dyn-libagtrace.so" | grep -Eq "$HEAVY"; then
	not_ok "libagtrace.so needs no XML, image or C++ library"
	diag "$(grep NEEDED "$TMP/dyn-libagtrace.so")"
else
	ok "libagtrace.so needs no XML, image or C++ library"
fi
expect_grep "agtrace-xml.so needs libxml2" 'NEEDED.*libxml2' "$TMP/dyn-agtrace-xml.so"
expect_grep "agtrace-media.so needs libpng" 'NEEDED.*libpng' "$TMP/dyn-agtrace-media.so"

check "init (loads categories through the XML module)" $AGTRACE init
check "import" $AGTRACE import "$top_srcdir/examples/register.xml"
code='(01)06901234567892(10)L1'
lot=$(grep -o '<lot gtin="[0-9]*" lot="[^"]*"' "$top_srcdir/examples/register.xml" |
	head -1 | sed 's/<lot gtin="\([0-9]*\)" lot="\([^"]*\)"/(01)\1(10)\2/')
[ -n "$lot" ] && code=$lot

# What a lookup maps, as the dynamic loader reports it.
LD_DEBUG=files $AGTRACE_REAL lookup "$code" > "$TMP/out" 2> "$TMP/ld"
rc=$?
[ $rc -eq 0 ] && ok "lookup" || not_ok "lookup (exit $rc)"
expect_grep "the loader reports what it maps" 'file=libagtrace\.so' "$TMP/ld"
if grep -Eq "file=[^ ]*$HEAVY" "$TMP/ld"; then
	not_ok "a lookup maps no XML, image or C++ library"
	diag "$(grep -Eo "file=[^ ]*$HEAVY" "$TMP/ld" | sort -u)"
else
	ok "a lookup maps no XML, image or C++ library"
fi
if grep -q 'agtrace-\(xml\|media\)\.so' "$TMP/ld"; then
	not_ok "a lookup opens no module"
else
	ok "a lookup opens no module"
fi

# Without the modules: what needs none works, the rest says why.
AGTRACE_MODULE_DIR=$TMP/none; export AGTRACE_MODULE_DIR
check "lookup without the modules" $AGTRACE lookup "$code"
expect_exit "export without the XML module" 70 $AGTRACE export
expect_grep "export says what is missing" \
	'agtrace: .*batch import, export and signing unavailable: .*agtrace-xml\.so' "$TMP/err"
expect_exit "import without the XML module" 70 $AGTRACE import "$top_srcdir/examples/register.xml"
expect_grep "import names the file and the module" \
	'register\.xml: batch import, export and signing unavailable: .*agtrace-xml\.so' "$TMP/err"
printf 'P5\n4 4\n255\n0123456789abcdef' > "$TMP/img.pgm"
expect_exit "decode without the media module" 70 $AGTRACE decode "$TMP/img.pgm"
expect_grep "decode says what is missing" \
	'barcode decoding, labels and PNG/JPEG images unavailable: .*agtrace-media\.so' "$TMP/err"
done_testing
