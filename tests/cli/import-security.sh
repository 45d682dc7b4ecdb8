#!/bin/sh
# Hostile batches: billion laughs, external entities (XXE), external DTDs,
# not XML at all.  Each is refused with a clear message, exit 65, and the
# register is left as it was.
. "${top_srcdir:-.}/tests/cli/lib.sh"
AGTRACE_DB=$TMP/db
AGTRACE_DATADIR=$top_srcdir/formats
export AGTRACE_DB AGTRACE_DATADIR
plan 13

$AGTRACE init >/dev/null || exit 1
before=$($AGTRACE stats | grep '^ledger')

cat > "$TMP/laughs.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE batch [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<batch xmlns="urn:agtrace:batch:1">
  <supplier id="S1" name="&g;"/>
</batch>
XML
expect_exit "billion laughs refused" 65 $AGTRACE import "$TMP/laughs.xml"
expect_grep "billion laughs: clear message" 'laughs.xml:2:1: DOCTYPE refused' "$TMP/err"

printf '<?xml version="1.0"?>\n<!DOCTYPE batch [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n<batch xmlns="urn:agtrace:batch:1"><supplier id="S1" name="&x;"/></batch>\n' > "$TMP/xxe.xml"
expect_exit "XXE refused" 65 $AGTRACE import "$TMP/xxe.xml"
expect_grep "XXE: clear message" 'xxe.xml:2:1: DOCTYPE refused' "$TMP/err"
if grep -q 'root:' "$TMP/out" "$TMP/err"; then not_ok "no file content leaks"; else ok "no file content leaks"; fi

printf '<!DOCTYPE batch SYSTEM "http://example.invalid/batch.dtd">\n<batch xmlns="urn:agtrace:batch:1"/>\n' > "$TMP/dtd.xml"
expect_exit "external DTD refused" 65 $AGTRACE import "$TMP/dtd.xml"
expect_grep "external DTD: clear message" 'dtd.xml:1:1: DOCTYPE refused' "$TMP/err"

printf '\357\273\277<?xml version="1.0"?><!-- c --><!DOCTYPE batch []><batch xmlns="urn:agtrace:batch:1"/>' > "$TMP/bom.xml"
expect_exit "DOCTYPE after BOM and comment refused" 65 $AGTRACE import "$TMP/bom.xml"

printf 'not xml at all\n' > "$TMP/junk.xml"
expect_exit "not XML" 65 $AGTRACE import "$TMP/junk.xml"
expect_grep "not XML: located" 'junk.xml:1:' "$TMP/err"

printf '<batch xmlns="urn:other"/>\n' > "$TMP/ns.xml"
expect_exit "wrong namespace" 65 $AGTRACE import "$TMP/ns.xml"
: > "$TMP/empty.xml"
expect_exit "empty file" 65 $AGTRACE import "$TMP/empty.xml"

after=$($AGTRACE stats | grep '^ledger')
[ "$before" = "$after" ] && ok "register unchanged" || not_ok "register unchanged"
done_testing
