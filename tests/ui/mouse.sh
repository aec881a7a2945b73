# Mouse: a click puts the cursor on a word, a drag selects from word to
# word, a click in the list opens an article, the wheel scrolls; with
# `set mouse off` clicks do nothing.
. tests/lib.sh
three_articles
# At 100x12 the reader starts at column 25; its text at column 26, row 1.
ui 100x12 ':click 31 1
1
:drag 26 3 38 3
2
:click 5 2
:dump '"$T"'/list.txt
:set mouse off
:click 5 3
:dump '"$T"'/off.txt'
got=$(exported | sort)
[ "$got" = "$(printf 'ORG\tDrivers of the\nPER\tstrike')" ] || fail "tagged: $got"
expect_in "$T/list.txt" "Łódź signs striker"
expect_in "$T/list.txt" " 2/3 "
expect_in "$T/off.txt" " 2/3 "
