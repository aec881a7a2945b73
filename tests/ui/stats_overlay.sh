# The stats overlay (issue 16, item 10): S shows the report of margin
# stats over the panes, within 80x24 and 50x15, the same in colour and in
# monochrome (bars are characters, not colours); movement keys scroll it
# where it does not fit, any other key closes it; the vim and emacs
# keymaps bind it too.
. tests/lib.sh
cd "$T"
for i in 1 2 3; do
	article "$i.txt" "Article $i\n\nAngela Merkel met Joe Biden in Berlin.\n"
done
m import articles 2>/dev/null || fail "import failed"
export TZ=UTC
printf '<Enter>\nw w v w 1 w w v w 1 w w 3\nm\n' > "$T/alice"
printf '<Enter>\nw w 1\nm\n' > "$T/bob"
MARGIN_NOW=1764676800 MARGIN_ANNOTATOR=alice m --script "$T/alice" ||
	fail "alice's day failed"
MARGIN_NOW=1764763200 MARGIN_ANNOTATOR=bob m --script "$T/bob" ||
	fail "bob's day failed"

ui 80x24 'S
:dump-attrs '"$T"'/color.txt
x
:dump '"$T"'/closed.txt'
NO_COLOR=1 ui 80x24 'S
:dump-attrs '"$T"'/mono.txt'
ui 50x15 'S
:dump '"$T"'/small.txt
j j j j j j j j
:dump '"$T"'/scrolled.txt
q
:dump '"$T"'/after.txt'
expect_dump "$T/color.txt" stats_overlay.80x24
expect_dump "$T/mono.txt" stats_overlay.80x24.mono
expect_dump "$T/small.txt" stats_overlay.50x15
expect_dump "$T/scrolled.txt" stats_overlay.50x15.scrolled
expect_in "$T/color.txt" "alice  █████████████▍░░░░░░░░░░░░░░░░░░░░░░░░░░  1   33%"
expect_in "$T/color.txt" "2025-12-03  bob    ████████████████████████████████████████  1"
expect_not_in "$T/mono.txt" "fg="
expect_not_in "$T/closed.txt" "Progress"
expect_in "$T/small.txt" "Progress (j/k scroll, any other key closes)"
expect_in "$T/scrolled.txt" "Articles done per day"
# q closed the overlay, it did not quit: the dump after it was written.
[ -f "$T/after.txt" ] || fail "q quit instead of closing the overlay"
expect_not_in "$T/after.txt" "Progress"

for km in vim emacs; do
	m --keymap "$MARGIN_ROOT/keymaps/$km.keys" keys > "$T/$km.txt" ||
		fail "margin keys --keymap $km.keys failed"
	grep -q ' stats ' "$T/$km.txt" || fail "$km.keys has no key for stats"
done
exit 0
