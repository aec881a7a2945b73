# ? shows every bound action with its keys, from the active keymap,
# grouped by where they act: at start (focus in the list) the list's keys,
# then tagging under its heading; j scrolls it; another key closes it.
. tests/lib.sh
three_articles
ui 100x12 '?
:dump '"$T"'/help.txt
jjjjjjjjjjjjjjjjjjjjjjjj
:dump '"$T"'/scrolled.txt
x
:dump '"$T"'/closed.txt'
expect_in "$T/help.txt" "Articles list"
expect_in "$T/help.txt" "Tagging (the word or the selection"
expect_in "$T/help.txt" "Tag with PER"
expect_in "$T/scrolled.txt" "Everywhere"
expect_in "$T/scrolled.txt" "Quit margin"
expect_not_in "$T/closed.txt" "Quit margin"

# The label keys say which label they tag with (issue 16, item 9).
ui 100x30 '<Enter>
?
:dump '"$T"'/labels.txt'
expect_in "$T/labels.txt" "Tag with PER (Person"
expect_in "$T/labels.txt" "Tag with LOC (Location"
expect_not_in "$T/labels.txt" "Tag with label 1"
