#!/bin/sh
# Sales-point replicas end to end: publish tiles, serve them over HTTP on
# 127.0.0.1, mirror, compare with the register; grow and mirror again;
# tampered tiles and bundles, bad signatures, forks and rollbacks refused
# with the replica unchanged; offline proof bundles.
. "${top_srcdir:-.}/tests/cli/lib.sh"
GROW=$top_builddir/tests/tools/replica_grow
TAMPER=$top_srcdir/tests/cli/replica_tamper.py
A=$AGTRACE
ORIGIN=register.example/agtrace
plan 92

openssl genpkey -algorithm ed25519 -out "$TMP/op.key" 2>/dev/null &&
	openssl pkey -in "$TMP/op.key" -pubout -out "$TMP/op.pub"
openssl genpkey -algorithm ed25519 -out "$TMP/other.key" 2>/dev/null
REG=$TMP/reg REP=$TMP/rep WWW=$TMP/www
mkdir -p "$WWW"

# Serve $WWW with python3's http.server on a free port; stopped on exit.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$WWW" "$PORT" \
	>"$TMP/http.log" 2>&1 &
HTTP_PID=$!
trap 'kill $HTTP_PID 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/')" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 100 ] && break; sleep 0.1
done
URL=http://127.0.0.1:$PORT

publish() { # publish REGISTER DIR [KEY]
	"$A" -d "$1" publish --sign "${3:-$TMP/op.key}" --origin "$ORIGIN" "$2"
}
mirror() { "$A" -d "$REP" mirror --key "$TMP/op.pub" "$@"; }
head_of() { "$A" -d "$1" stats | sed -n 's/^ledger *//p'; }
# Every listing and every lot's record the same on both sides.
same_views() {
	for w in categories suppliers agencies sales-points lots reports shipments; do
		"$A" -d "$REG" list "$w" --json >"$TMP/a" 2>&1
		"$A" -d "$REP" list "$w" --json >"$TMP/b" 2>&1
		cmp -s "$TMP/a" "$TMP/b" || return 1
	done
	"$A" -d "$REG" log --json >"$TMP/a" && "$A" -d "$REP" log --json >"$TMP/b" &&
		cmp -s "$TMP/a" "$TMP/b" || return 1
	for k in 06901234567892/L2024-001 00950110153007/A7 00950110153007/A299; do
		"$A" -d "$REG" show lot "$k" --json >"$TMP/a" 2>&1
		"$A" -d "$REP" show lot "$k" --json >"$TMP/b" 2>&1
		cmp -s "$TMP/a" "$TMP/b" || return 1
	done
	if "$A" lookup --help >/dev/null 2>&1; then
		for k in "(01)06901234567892(10)L2024-001" "(01)00950110153007(10)A7" \
		    "(01)00950110153007(10)A299" 06901234567892 CN-TRACE-0001; do
			"$A" -d "$REG" lookup --json "$k" >"$TMP/a" 2>&1 || return 1
			"$A" -d "$REP" lookup --json "$k" >"$TMP/b" 2>&1 || return 1
			cmp -s "$TMP/a" "$TMP/b" || return 1
		done
	fi
	return 0
}

# 1. A register, published, served, mirrored.
check "grow the register" "$GROW" "$REG" 300 A
check "checkpoint (unsigned)" "$A" -d "$REG" checkpoint --origin "$ORIGIN"
expect_grep "checkpoint body: origin, size" "^616$" "$TMP/out"
check "publish" publish "$REG" "$WWW/log"
expect_grep "publish counts files" "616 entries: [0-9]+ files written" "$TMP/out"
for f in checkpoint tile/0/000 tile/0/002.p/104 tile/1/000.p/2 tile/entries/001 \
    tile/entries/002.p/104; do
	[ -f "$WWW/log/$f" ] || break
done
if [ -f "$WWW/log/$f" ]; then ok "tlog-tiles layout"; else not_ok "tlog-tiles layout: no $f"; fi
check "mirror over HTTP" mirror "$URL/log"
expect_grep "mirror applied every entry" "616 entries: 616 new" "$TMP/out"
if [ "$(head_of "$REG")" = "$(head_of "$REP")" ]; then ok "same ledger head"; else
	not_ok "same ledger head"; fi
if same_views; then ok "replica answers like the register"; else
	not_ok "replica answers like the register"; diag "$(diff "$TMP/a" "$TMP/b" | head)"; fi
check "replica verifies (chain, indexes, tree)" "$A" -d "$REP" verify
check "checkpoint --mirrored" "$A" -d "$REP" checkpoint --mirrored
if cmp -s "$TMP/out" "$WWW/log/checkpoint"; then ok "the replica keeps the signed checkpoint"; else
	not_ok "the replica keeps the signed checkpoint"; fi
expect_exit "a register is no replica" 1 "$A" -d "$REG" checkpoint --mirrored
cp -R "$WWW/log" "$WWW/v1"
check "register verifies with its tree" "$A" -d "$REG" verify

# 2. More data, published incrementally, mirrored incrementally.
check "grow again" "$GROW" "$REG" 200 B
check "publish again" publish "$REG" "$WWW/log"
n=$(sed -n 's/.*: \([0-9]*\) files written/\1/p' "$TMP/out")
if [ "${n:-99}" -le 8 ]; then ok "second publish writes only what changed ($n files)"; else
	not_ok "second publish wrote $n files"; fi
check "publish with nothing new" publish "$REG" "$WWW/log"
expect_grep "only the checkpoint" ": 1 files written" "$TMP/out"
check "mirror again" mirror "$URL/log"
expect_grep "only the new entries" "1016 entries: 400 new" "$TMP/out"
n=$(sed -n 's/.*new (\([0-9]*\) files.*/\1/p' "$TMP/out")
if [ "${n:-99}" -le 8 ]; then ok "incremental fetch ($n files)"; else not_ok "fetched $n files"; fi
if same_views; then ok "replica still answers like the register"; else
	not_ok "replica still answers like the register"; fi

# 3. Bad publications, each refused with the replica unchanged.
check "grow a third time" "$GROW" "$REG" 300 C
check "publish the third state" publish "$REG" "$WWW/log"
before=$(head_of "$REP")
refused() { # refused WHAT DIR
	expect_exit "$1 refused" 80 mirror "$URL/$2"
	if [ "$(head_of "$REP")" = "$before" ]; then ok "$1: replica unchanged"; else
		not_ok "$1: replica changed"; fi
}
cp -R "$WWW/log" "$WWW/tile"
printf '\377' | dd of="$WWW/tile/tile/0/003" bs=1 seek=100 conv=notrunc 2>/dev/null
refused "tampered hash tile" tile
cp -R "$WWW/log" "$WWW/bundle"
python3 "$TAMPER" bundle "$WWW/bundle/tile/entries/005"
refused "tampered entry bundle" bundle
cp -R "$WWW/log" "$WWW/sig"
python3 "$TAMPER" signature "$WWW/sig/checkpoint"
refused "checkpoint with a bad signature" sig
cp -R "$WWW/log" "$WWW/other"
"$A" -d "$REG" checkpoint --sign "$TMP/other.key" --origin "$ORIGIN" >"$WWW/other/checkpoint"
refused "checkpoint signed by another key" other
"$GROW" "$TMP/fork" 300 A && "$GROW" "$TMP/fork" 500 B 999 >/dev/null
publish "$TMP/fork" "$WWW/fork" >/dev/null
refused "forked register under the same origin" fork
refused "rollback to an older checkpoint" v1
"$A" -d "$REG" publish --sign "$TMP/op.key" --origin elsewhere.example/log \
	"$WWW/origin" >/dev/null
refused "checkpoint of another origin" origin
check "replica still verifies" "$A" -d "$REP" verify

# 4. The good publication still goes through.
check "mirror the third state" mirror "file://$WWW/log"
if same_views && [ "$(head_of "$REG")" = "$(head_of "$REP")" ]; then
	ok "replica caught up"; else not_ok "replica caught up"; fi

# 5. Offline proofs.
"$A" keygen -o "$TMP/kg.key" >"$TMP/kg.pub" 2>/dev/null
check "publish signed with an agtrace keygen key" publish "$REG" "$WWW/kg" "$TMP/kg.key"
check "mirror with its base64 public key" "$A" -d "$TMP/rep2" mirror --key "$TMP/kg.pub" "$URL/kg"
check "prove on the replica (mirrored checkpoint)" \
	"$A" -d "$REP" prove -o "$TMP/lot.proof" 00950110153007/C5
check "verify-proof with no register" "$A" -d /nonexistent verify-proof \
	--key "$TMP/op.pub" "$TMP/lot.proof"
expect_grep "proof names the lot and its report" "^report R-C-5" "$TMP/out"
python3 "$TAMPER" proof "$TMP/lot.proof" "$TMP/bad.proof"
expect_exit "a changed proof fails" 80 "$A" verify-proof --key "$TMP/op.pub" "$TMP/bad.proof"
openssl pkey -in "$TMP/other.key" -pubout -out "$TMP/other.pub"
expect_exit "another operator key fails" 80 "$A" verify-proof --key "$TMP/other.pub" "$TMP/lot.proof"
"$A" -d "$REG" recall --lot 00950110153007/A1 --reason "lead above limit" >/dev/null
check "prove on the register with --sign" "$A" -d "$REG" prove --sign "$TMP/op.key" \
	--origin "$ORIGIN" "(01)00950110153007(10)A1"
expect_grep "a scanned GS1 payload names the lot" '"lot": "00950110153007/A1"' "$TMP/out"
cp "$TMP/out" "$TMP/held.proof"
check "verify a held lot's proof" "$A" verify-proof --key "$TMP/op.pub" "$TMP/held.proof"
expect_grep "the proof carries the hold" "^HELD: lot:00950110153007/A1 \(lead above limit\)" "$TMP/out"
check "verify-proof --json" "$A" verify-proof --json --key "$TMP/op.pub" "$TMP/lot.proof"
expect_grep "JSON verdict" '"verified": true' "$TMP/out"
# lookup --proof: the provenance JSON carries the bundle, which verifies alone.
check "lookup --proof on the replica" "$A" -d "$REP" lookup --proof "(01)00950110153007(10)C5"
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))[0]["proof"], open(sys.argv[2], "w"))' \
	"$TMP/out" "$TMP/lookup.proof"
check "lookup's proof verifies with no register" "$A" verify-proof --key "$TMP/op.pub" "$TMP/lookup.proof"
check "lookup --proof --sign on the register" "$A" -d "$REG" lookup --proof \
	--sign "$TMP/op.key" "(01)00950110153007(10)C5"
expect_exit "lookup --proof on a register needs a checkpoint" 64 \
	"$A" -d "$REG" lookup --proof "(01)00950110153007(10)C5"
expect_exit "lookup --sign without --proof is a usage error" 64 \
	"$A" -d "$REG" lookup --sign "$TMP/op.key" "(01)00950110153007(10)C5"
check "checkpoint --json" "$A" -d "$REG" checkpoint --json --origin "$ORIGIN"
expect_grep "JSON checkpoint size" '"size": 1617' "$TMP/out"
for c in checkpoint prove verify-proof publish mirror; do
	"$A" $c --help >/dev/null 2>&1 || break
done
if [ $? -eq 0 ] && "$A" $c --help >/dev/null 2>&1; then ok "--help exits 0"; else
	not_ok "--help of $c"; fi
expect_exit "mirror without --key is a usage error" 64 "$A" -d "$REP" mirror "$URL/log"
expect_exit "verify-proof of a missing file" 66 "$A" verify-proof --key "$TMP/op.pub" "$TMP/none"
expect_grep "says why" "^agtrace: .*/none: cannot open: No such file or directory$" "$TMP/err"
# Each command takes only its own options: the tree commands accepted
# every tree option and ignored those they do not use.
expect_exit "checkpoint --key: exit 64" 64 "$A" -d "$REG" checkpoint --key "$TMP/op.pub"
expect_grep "names the option" "^agtrace: checkpoint: option '--key' does not apply$" "$TMP/err"
expect_exit "prove --json: exit 64" 64 "$A" -d "$REG" prove --json --sign "$TMP/op.key" "(01)00950110153007(10)C5"
expect_exit "verify-proof --sign: exit 64" 64 "$A" verify-proof --sign "$TMP/op.key" --key "$TMP/op.pub" "$TMP/none"
expect_exit "publish -o: exit 64" 64 "$A" -d "$REG" publish -o x --sign "$TMP/op.key" "$TMP/www2"
expect_exit "mirror --origin: exit 64" 64 "$A" -d "$REP" mirror --origin x --key "$TMP/op.pub" "$URL/log"
# Alternatives taken together: one of them was silently ignored.
expect_exit "checkpoint --mirrored --sign: exit 64" 64 "$A" -d "$REP" checkpoint --mirrored --sign "$TMP/op.key"
expect_exit "prove --sign and --checkpoint: exit 64" 64 \
	"$A" -d "$REG" prove --sign "$TMP/op.key" --checkpoint "$TMP/none" "(01)00950110153007(10)C5"
expect_exit "prove --origin without --sign: exit 64" 64 "$A" -d "$REP" prove --origin x "(01)00950110153007(10)C5"
expect_exit "lookup --proof --sign and --checkpoint: exit 64" 64 \
	"$A" -d "$REG" lookup --proof --sign "$TMP/op.key" --checkpoint "$TMP/none" "(01)00950110153007(10)C5"
# A --checkpoint file that holds no checkpoint: the file is named, not the code.
echo "not a checkpoint" >"$TMP/badcp"
expect_exit "prove --checkpoint with a bad note: exit 65" 65 \
	"$A" -d "$REG" prove --checkpoint "$TMP/badcp" "(01)00950110153007(10)C5"
expect_grep "the bad checkpoint file named" "^agtrace: $TMP/badcp: checkpoint: " "$TMP/err"
expect_exit "lookup --proof --checkpoint with a bad note: exit 65" 65 \
	"$A" -d "$REG" lookup --proof --checkpoint "$TMP/badcp" "(01)00950110153007(10)C5"
# publish makes DIR, not its parents: that is a file it cannot create.
expect_exit "publish under a missing directory: exit 73" 73 \
	"$A" -d "$REG" publish --sign "$TMP/op.key" "$TMP/no/such/log"
expect_grep "says which" "^agtrace: .*/no/such/log: cannot create: No such file or directory$" "$TMP/err"
# mirror's URL is an input: a log that is missing or cannot be opened is
# 66 (it was 1, "not found"); a replica that cannot be made 73, as for
# init (it was 74).  A replica the failed mirror made is not left behind.
M="mirror --key $TMP/op.pub"
expect_exit "mirror of a missing directory: exit 66" 66 "$A" -d "$TMP/rep3" $M "$TMP/no/such/log"
expect_grep "says why" "^agtrace: .*/no/such/log: mirror: .*/no/such/log/checkpoint: No such file or directory$" "$TMP/err"
if [ -e "$TMP/rep3" ]; then not_ok "no empty replica left behind"; ls -la "$TMP/rep3" | sed 's/^/# /'; else
	ok "no empty replica left behind"; fi
expect_exit "mirror of a file, not a directory: exit 66" 66 "$A" -d "$TMP/rep3" $M "$TMP/op.pub"
expect_exit "mirror of a URL with no log (HTTP 404): exit 66" 66 "$A" -d "$TMP/rep3" $M "$URL/nothing"
expect_exit "mirror into a replica that cannot be made: exit 73" 73 "$A" -d "$TMP/op.pub/rep" $M "$URL/log"
# A published file over its limit is refused alike from a directory and
# a URL (a directory said "cannot read", not why).
mkdir "$TMP/big"
head -c 65537 /dev/zero >"$TMP/big/checkpoint"
expect_exit "mirror of a checkpoint over 64 KiB: exit 65" 65 "$A" -d "$TMP/rep3" $M "$TMP/big"
expect_grep "says it is too large" "^agtrace: .*/big: mirror: .*/big/checkpoint: more than 65536 bytes$" "$TMP/err"
before=$(head_of "$REP")
expect_exit "an existing replica, a missing log: exit 66" 66 "$A" -d "$REP" $M "$TMP/no/such/log"
if [ -n "$before" ] && [ "$(head_of "$REP")" = "$before" ]; then ok "the replica unchanged"; else
	not_ok "the replica unchanged"; fi
done_testing
