# V cycles mine, everyone's, then each other annotator's spans; other
# annotators' spans show their name in the annotations pane and cannot be
# changed by me (x finds no span of mine there).
. tests/lib.sh
three_articles
printf '<Enter>\n2\n' > "$T/s"
MARGIN_ANNOTATOR=ana "$MARGIN_BIN" --db "$DB" --script "$T/s" || fail "ana"
ui 100x12 '<Enter>
w 1
:dump '"$T"'/mine.txt
V
:dump '"$T"'/all.txt
gg x
:dump '"$T"'/x.txt
V
:dump '"$T"'/ana.txt
V
:dump '"$T"'/back.txt'
expect_not_in "$T/mine.txt" "ORG Tram"
expect_in "$T/all.txt" "view:all"
expect_in "$T/all.txt" "ana"
expect_in "$T/x.txt" "no span of yours here"
expect_in "$T/ana.txt" "view:ana"
expect_not_in "$T/ana.txt" "PER strike"
expect_not_in "$T/back.txt" "view:"
[ "$(exported --annotator ana)" = "ORG	Tram" ] || fail "ana's span changed"
