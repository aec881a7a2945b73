# Enter opens the article with the cursor on its first word; w moves by
# words; 1 tags the word with label 1 (PER); the span is drawn, listed in
# the annotations pane, and exported with code point and byte offsets.
. tests/lib.sh
cd "$T"
article a.txt 'Tram strike in Zürich\n\nDrivers of the Verkehrsbetriebe Zürich stopped work on Monday, said Andrea Müller of the union.\n'
m import articles 2>/dev/null || fail "import failed"
# Tram strike in Zürich / Drivers of the Verkehrsbetriebe Zürich stopped
# work on Monday, said Andrea Müller: "Andrea" is word 15.
ui 120x30 '<Enter>
wwwwwwwwwwwwww
v w 1
:dump '"$T"'/tagged.txt
:dump-attrs '"$T"'/attrs.txt'
expect_dump "$T/tagged.txt" tag_word.screen
m export > "$T/out.csv" || fail "export failed"
got=$(check_csv "$T/out.csv") || fail "csv check: $got"
[ "$got" = "PER	Andrea Müller" ] || fail "exported: $got"
python3 - "$T/out.csv" <<'PY' || fail "offsets"
import csv, sys
(r,) = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert (r["start"], r["end"]) == ("91", "104"), (r["start"], r["end"])
assert (r["start_byte"], r["end_byte"]) == ("93", "107"), r
assert r["annotator"] == "tester" and r["origin"] == "manual", r
PY
# The span is drawn in its label's colour (red for PER), bold.
grep -q 'fg=red' "$T/attrs.txt" || fail "no red span in $(cat "$T/attrs.txt")"
