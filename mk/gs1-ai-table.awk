# gs1-ai-table.awk - turn formats/gs1-ai.tsv into the C table of GS1 AIs.
# Ranges (3100-3105) become one entry per AI; the rows must be in AI order,
# which the output keeps, so the parser can search it with bsearch().
# Any malformed row stops the build.
BEGIN {
	FS = "\t"
	n = split("csum date date-exact datehh hhmm mmss country country-list " \
	    "country999 decimal zero piece yesno reserved", names, " ")
	for (i = 1; i <= n; i++) {
		e = toupper(names[i]); gsub(/-/, "_", e)
		known[names[i]] = "AGTI_CK_" e
	}
	print "/* Generated from formats/gs1-ai.tsv by mk/gs1-ai-table.awk: do not edit. */"
	print "#include \"gs1_private.h\""
	print ""
	print "const struct agti_gs1_ai agti_gs1_ais[] = {"
	count = 0
	last = ""
}
function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}
function cstr(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
/^#/ || /^[ \t]*$/ { next }
{
	if (NF != 8) fail("expected 8 TAB-separated columns, got " NF)
	if ($6 != "yes" && $6 != "no") fail("fnc1 must be yes or no")
	if ($4 !~ /^[0-9]+$/ || $5 !~ /^[0-9]+$/ || $4 + 0 > $5 + 0) fail("bad min/max")
	nc = split($7, cks, ",")
	nf = split($3, comps, "+")
	if (nc != nf) fail("one check per format component needed")
	if (nf > 5) fail("at most 5 components")
	ck = ""
	for (i = 1; i <= 5; i++) {
		c = (i <= nc) ? cks[i] : "-"
		if (c == "-") e = "AGTI_CK_NONE"
		else if (c in known) e = known[c]
		else fail("unknown check routine " c)
		ck = ck (i > 1 ? ", " : "") e
	}
	dl = $8; dlkey = 0; quals = ""
	if (dl == "key") dlkey = 1
	else if (dl ~ /^key:[0-9,|]+$/) { dlkey = 1; quals = substr(dl, 5) }
	else if (dl != "-") fail("bad dl column " dl)
	lo = $1; hi = $1
	if ($1 ~ /^[0-9]+-[0-9]+$/) { split($1, r, "-"); lo = r[1]; hi = r[2] }
	else if ($1 !~ /^[0-9][0-9][0-9]?[0-9]?$/) fail("bad AI " $1)
	if (length(lo) != length(hi) || length(lo) < 2 || length(lo) > 4) fail("bad AI range")
	for (a = lo + 0; a <= hi + 0; a++) {
		ai = sprintf("%0" length(lo) "d", a)
		if (last != "" && ai <= last) fail("AI " ai " out of order")
		last = ai
		printf "\t{ \"%s\", %s, \"%s\", %d, %d, %d, { %s }, %d, \"%s\" },\n", \
		    ai, cstr($2), $3, $4, $5, ($6 == "yes"), ck, dlkey, quals
		count++
	}
}
END {
	if (failed) exit 1
	print "};"
	print ""
	printf "const size_t agti_gs1_nais = %d;\n", count
}
