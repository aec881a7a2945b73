# margin suggest --propagate (SPEC §2, §11): every accepted span of the
# annotator suggested at its identical, word-aligned strings in every
# article (not inside a longer one, not twice), as one bulk write that one
# undo in the reader takes back whole.
. tests/lib.sh
cd "$T"
article a.txt 'Geneva talks\n\nSergei Lavrov met Antony Blinken in Geneva.\n'
article b.txt 'Later\n\nLavrov and Blinken spoke again; Blinken left Geneva.\n'
article c.txt 'Elsewhere\n\nNo names here, only Genevan cheese.\n'
m import articles 2>/dev/null || fail "import failed"
# Accepted spans of mine in a.txt: Lavrov, Antony Blinken, Geneva; and
# Blinken alone once in b.txt.
ui 100x12 '<Enter>
j w 1
w w v w 1
w w 3
J j w w 1'
[ "$(exported | sort | tr '\n' '|')" = "LOC	Geneva|PER	Antony Blinken|PER	Blinken|PER	Lavrov|" ] ||
	fail "the accepted spans: $(exported | sort)"
m suggest --propagate 2> "$T/err" || fail "suggest --propagate: $(cat "$T/err")"
grep -q 'suggestions written' "$T/err" || fail "$(cat "$T/err")"
# a.txt's title Geneva; b.txt's Lavrov, second Blinken and Geneva; not
# Blinken inside "Antony Blinken" of a.txt, nor "Genevan" in c.txt.
got=$(exported --status suggested | sort | tr '\n' '|')
[ "$got" = "LOC	Geneva|LOC	Geneva|PER	Blinken|PER	Lavrov|" ] || fail "suggested: $got"
m suggest --propagate 2> "$T/err2" || fail "again: $(cat "$T/err2")"
grep -q '^margin: suggest: 0 suggestions written' "$T/err2" || fail "again: $(cat "$T/err2")"
# One u takes the run back whole, and leaves the accepted spans.
ui 100x12 'u
:dump '"$T"'/undo.txt'
expect_in "$T/undo.txt" "undo: suggested"
[ -z "$(exported --status suggested)" ] || fail "left: $(exported --status suggested)"
[ "$(exported | wc -l)" = 4 ] || fail "accepted: $(exported)"
