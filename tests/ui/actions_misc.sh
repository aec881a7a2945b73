# The remaining actions, each with a visible effect: focus-prev,
# page-down/page-up, article-prev, extend-char/shrink-char, span-prev,
# search-prev, backspace in the prompt, redraw and quit.
. tests/lib.sh
cd "$T"
python3 - <<'PY'
words = " ".join(f"w{i}" for i in range(400))
open("articles_long.txt", "w").write("Long one\n\n" + words + "\n")
PY
mkdir -p articles
mv articles_long.txt articles/2-long.txt
article 1-short.txt 'Short one\n\nBlinken\x27s call with Lavrov.\n'
article 3-last.txt 'Last one\n\nNothing here.\n'
m import articles 2>/dev/null || fail "import failed"
# S-Tab from the list wraps to the annotations pane (two panes at 80).
ui 80x12 '<S-Tab>
:dump '"$T"'/focus.txt'
expect_in "$T/focus.txt" "Annotations"
# Page down twice and up once in the long article; K goes back.
ui 80x12 'J<Enter>
<Space><Space><PgUp>
:dump '"$T"'/page.txt
K
:dump '"$T"'/prev.txt'
expect_in "$T/page.txt" "w100"
expect_not_in "$T/page.txt" "│ Long one"
expect_in "$T/prev.txt" "Short one"
expect_in "$T/prev.txt" " 1/3 "
# Shrink "Blinken's" (two stops: "Blinken" and "'s") to "Blinken";
# extend "call" by one character: the span stored leaves the space out.
ui 80x12 '<Enter>
j v w <LT><LT> 1
w v > 2'
got=$(exported | sort)
[ "$got" = "$(printf "ORG\tcall\nPER\tBlinken")" ] || fail "extend/shrink: $got"
# span-prev from the last word lands on "call"; relabel it to LOC.
ui 80x12 '<Enter>
G [ 3'
got=$(exported | sort)
[ "$got" = "$(printf "LOC\tcall\nPER\tBlinken")" ] || fail "span-prev: $got"
# Backspace edits the prompt: "lavrovx" matches nothing, "lavrov" puts the
# cursor on "Lavrov".  From there /o matches in "Lavrov" itself, and
# search-prev (N) goes back to the earlier match, in "one" (search-next
# would wrap to "Short"), which 4 tags.  C-l redraws; q quits, so that the
# :dump after it never runs.
ui 80x12 '<Enter>
/lavrovx<Backspace>
<Enter>
/o<Enter>
N 4
<C-l>
:dump '"$T"'/end.txt
q
:dump '"$T"'/after_quit.txt'
expect_dump "$T/end.txt" actions_misc.end
got=$(exported | sort)
[ "$got" = "$(printf "LOC\tcall\nMISC\tone\nPER\tBlinken")" ] || fail "search-prev: $got"
[ -f "$T/after_quit.txt" ] && fail "the script went on after q"
exit 0
