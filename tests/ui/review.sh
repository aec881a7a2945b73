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
