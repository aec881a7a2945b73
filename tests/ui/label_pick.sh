# label-pick (Enter or t in the reader): a list of the labels filtered as
# you type; Enter tags with the highlighted one; Down moves in the list.
. tests/lib.sh
three_articles
ui 100x16 '<Enter>
<Enter>
:dump '"$T"'/list.txt
org
:dump '"$T"'/filtered.txt
<Enter>
w t
<Down><Down>
<Enter>'
expect_in "$T/list.txt" "PER"
expect_in "$T/list.txt" "MISC"
expect_in "$T/filtered.txt" "ORG"
expect_not_in "$T/filtered.txt" "MISC  "
got=$(exported | sort)
# The unfiltered list starts PER ORG LOC: Down Down is LOC.
[ "$got" = "$(printf 'LOC\tstrike\nORG\tTram')" ] || fail "tagged: $got"
