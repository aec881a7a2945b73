# margin review --annotators A,B in the TUI: the disagreements one by one
# with both sides; one key takes A's, B's, both or neither into gold and
# moves on; agreed spans are not shown as disagreements.
. tests/lib.sh
cd "$T"
article a.txt 'Blinken and Lavrov\n\nAntony Blinken spoke with Sergei Lavrov in Geneva on Thursday.\n'
m import articles 2>/dev/null || fail "import failed"
# ana: PER "Antony Blinken", PER "Sergei Lavrov", LOC Geneva.
# bob: ORG "Antony Blinken", PER "Sergei Lavrov", LOC Thursday.
printf '<Enter>\nj v w 1 www v w 1 ww 3 m\n' > "$T/ana"
printf '<Enter>\nj v w 2 www v w 1 wwww 3 m\n' > "$T/bob"
MARGIN_ANNOTATOR=ana "$MARGIN_BIN" --db "$DB" --script "$T/ana" || fail ana
MARGIN_ANNOTATOR=bob "$MARGIN_BIN" --db "$DB" --script "$T/bob" || fail bob
printf ':dump %s\nb\n:dump %s\na\nx\n:dump %s\n' "$T/1.txt" "$T/2.txt" \
	"$T/3.txt" > "$T/review"
m --size 100x16 --script "$T/review" review --annotators ana,bob ||
	fail "review failed"
# First: label disagreement on "Antony Blinken"; b takes bob's ORG.
expect_in "$T/1.txt" "label, gold: none"
expect_in "$T/1.txt" "PER Antony Blinken"
expect_in "$T/1.txt" "ORG Antony Blinken"
expect_in "$T/1.txt" "1/1 · 1/3"
# Second: Geneva only for ana; a takes it.  Third: Thursday, neither.
expect_in "$T/2.txt" "a-only"
expect_not_in "$T/2.txt" "PER Sergei Lavrov"
expect_in "$T/3.txt" "last disagreement"
got=$(exported --annotator gold | sort)
[ "$got" = "$(printf 'LOC\tGeneva\nORG\tAntony Blinken')" ] || fail "gold: $got"

# A relation only ana made (Lavrov spoke_with Blinken) is a disagreement
# of its own, named with its label and its two spans; taking ana's side
# writes it into gold between gold's spans.
printf 'label PER key 1\nlabel ORG key 2\nlabel LOC key 3\nrelation spoke_with key s "talked"\n' > "$T/rel.labels"
m labels load "$T/rel.labels" >/dev/null 2>&1 || fail "labels load"
span_id() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select id from spans where"
    " annotator = ? and text = ?", (sys.argv[2], sys.argv[3])).fetchone()[0])' \
	    "$DB" "$1" "$2"
}
ana_lavrov=$(span_id ana "Sergei Lavrov") || fail "no span"
ana_blinken=$(span_id ana "Antony Blinken") || fail "no span"
MARGIN_ANNOTATOR=ana m entities relate "$ana_lavrov" spoke_with "$ana_blinken" >/dev/null ||
	fail "relate"
# It starts where Blinken does and ends past him: the first disagreement.
printf ':dump %s\na\n:dump %s\n' "$T/r1.txt" "$T/r2.txt" > "$T/review2"
m --size 100x16 --script "$T/review2" review --annotators ana,bob ||
	fail "review with a relation failed"
expect_in "$T/r1.txt" "relation spoke_with"
expect_in "$T/r1.txt" "PER Sergei Lavrov"
python3 - "$DB" <<'PY' || fail "gold's relation: see above"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("select a.text, r.label, b.text from relations r"
                 " join spans a on a.id = r.src join spans b on b.id = r.dst"
                 " where r.annotator = 'gold'").fetchall()
assert got == [("Sergei Lavrov", "spoke_with", "Antony Blinken")], got
PY
