#!/bin/sh
# Agency keys and signed inspection reports: keygen, sign, import checks
# each signature against the agency's key, --require-signatures, verify.
. "${top_srcdir:-.}/tests/cli/lib.sh"
AGTRACE_DB=$TMP/db
AGTRACE_DATADIR=$top_srcdir/formats
export AGTRACE_DB AGTRACE_DATADIR
plan 29

check "keygen" $AGTRACE keygen -o "$TMP/a.key"
pub=$(cat "$TMP/out")
[ ${#pub} -eq 44 ] && ok "public key is 32 bytes of base64" || not_ok "public key is 32 bytes of base64 ($pub)"
mode=$(stat -c %a "$TMP/a.key")
[ "$mode" = 600 ] && ok "private key file is 0600" || not_ok "private key file is 0600 ($mode)"
expect_grep "PEM PKCS #8" '^-----BEGIN PRIVATE KEY-----$' "$TMP/a.key"
expect_exit "keygen never overwrites" 73 $AGTRACE keygen -o "$TMP/a.key"
check "keygen --public" $AGTRACE keygen --public "$TMP/a.key"
[ "$(cat "$TMP/out")" = "$pub" ] && ok "same public key" || not_ok "same public key"
expect_exit "keygen --public, no file" 66 $AGTRACE keygen --public "$TMP/none.key"
if command -v openssl >/dev/null 2>&1; then
	check "openssl reads the key file" openssl pkey -in "$TMP/a.key" -noout
	# openssl writes back the very same file, and agtrace reads openssl's.
	openssl pkey -in "$TMP/a.key" -out "$TMP/a2.key" 2>/dev/null
	check "the key file is what openssl writes" cmp "$TMP/a.key" "$TMP/a2.key"
	openssl genpkey -algorithm ed25519 -out "$TMP/o.key" 2>/dev/null
	openssl pkey -in "$TMP/o.key" -pubout -outform DER 2>/dev/null |
		tail -c 32 | base64 > "$TMP/o.raw"
	check "keygen --public reads openssl's key" $AGTRACE keygen --public "$TMP/o.key"
	cp "$TMP/out" "$TMP/o.agt"
	check "the same public key as openssl's" cmp "$TMP/o.agt" "$TMP/o.raw"
else
	for t in "openssl reads the key file" "the key file is what openssl writes" \
	    "keygen --public reads openssl's key" "the same public key as openssl's"; do
		ok "$t # SKIP no openssl"
	done
fi

report() { # NUMBER AGENCY
	cat <<XML
  <report number="$1" agency="$2" sampled="2026-11-19" issued="2026-11-20" verdict="pass">
    <lot gtin="06901234567892" lot="L1"/>
    <item analyte="chlorpyrifos" method="GB 23200.113-2018" value="0.01" unit="mg/kg" limit="0.02" verdict="pass"/>
  </report>
XML
}
{
	echo '<batch xmlns="urn:agtrace:batch:1">'
	echo '  <supplier id="S1" name="Farm"/>'
	echo "  <agency id=\"A01\" name=\"Lab one\" accreditation=\"CNAS L1\"><public-key alg=\"ed25519\">$pub</public-key></agency>"
	echo '  <agency id="A02" name="Lab two" accreditation="CNAS L2"/>'
	echo '  <lot gtin="06901234567892" lot="L1" supplier="S1" category="V05" product="Choy sum" origin-country="156"/>'
	report R1 A01; report R2 A01; report R3 A02
	echo '</batch>'
} > "$TMP/batch.xml"

$AGTRACE sign -k "$TMP/a.key" "$TMP/batch.xml" > "$TMP/signed.xml" 2> "$TMP/err"
expect_grep "sign: the agency's two reports" '2 reports signed' "$TMP/err"
n=$(grep -c '<signature alg="ed25519">' "$TMP/signed.xml")
[ "$n" -eq 2 ] && ok "two signature elements" || not_ok "two signature elements ($n)"

$AGTRACE init >/dev/null
expect_exit "--require-signatures refuses R3" 65 $AGTRACE import --require-signatures "$TMP/signed.xml"
expect_grep "R3 named" 'signed.xml:[0-9]+:3: report R3: not signed' "$TMP/err"
check "import signed batch" $AGTRACE import "$TMP/signed.xml"
expect_grep "summary: signed and unsigned" '2 signed \(verified\), 1 unsigned' "$TMP/out"
check "verify --signatures re-checks them" $AGTRACE verify --signatures

# A flipped byte in a signed report fails.
sed '0,/value="0.01"/s//value="0.02"/' "$TMP/signed.xml" > "$TMP/flipped.xml"
AGTRACE_DB=$TMP/db2; export AGTRACE_DB
$AGTRACE init >/dev/null
expect_exit "flipped byte refused" 65 $AGTRACE import "$TMP/flipped.xml"
expect_grep "flipped byte: message" 'report R1: signature does not verify' "$TMP/err"
sed 's/\(<signature alg="ed25519">\)A/\1B/; s/\(<signature alg="ed25519">\)[^A]/\1A/' "$TMP/signed.xml" > "$TMP/badsig.xml"
expect_exit "altered signature refused" 65 $AGTRACE import "$TMP/badsig.xml"
# Any XML layout: the signature covers the record.
if command -v xmllint >/dev/null 2>&1; then
	xmllint --format "$TMP/signed.xml" | sed 's/^ *//' > "$TMP/reformatted.xml"
	check "reformatted XML still verifies" $AGTRACE import "$TMP/reformatted.xml"
else
	ok "reformatted XML still verifies # SKIP no xmllint"
fi

# Signing with the wrong key, or for an agency without a key.
$AGTRACE keygen -o "$TMP/b.key" > /dev/null
expect_exit "sign: no agency with that key" 65 $AGTRACE sign -k "$TMP/b.key" "$TMP/batch.xml"
expect_grep "sign: says so" "no agency of this batch has the key's public key" "$TMP/err"
expect_exit "sign: a missing batch: exit 66" 66 $AGTRACE sign -k "$TMP/b.key" "$TMP/none.xml"
expect_grep "sign: says why" "^agtrace: .*/none\.xml: cannot open: No such file or directory$" "$TMP/err"
$AGTRACE sign -k "$TMP/b.key" -a A02 "$TMP/batch.xml" > "$TMP/a02.xml" 2>/dev/null
AGTRACE_DB=$TMP/db3; export AGTRACE_DB
$AGTRACE init >/dev/null
expect_exit "signed by an agency without a key" 65 $AGTRACE import "$TMP/a02.xml"
expect_grep "no key: message" 'agency A02 has no public key' "$TMP/err"
done_testing
