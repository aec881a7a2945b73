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
# The status line's legend names every label too: only the whole screen
# shows the list (all four labels with their descriptions), then "org"
# leaving ORG alone.
expect_dump "$T/list.txt" label_pick.list
expect_dump "$T/filtered.txt" label_pick.filtered
got=$(exported | sort)
# The unfiltered list starts PER ORG LOC: Down Down is LOC.
[ "$got" = "$(printf 'LOC\tstrike\nORG\tTram')" ] || fail "tagged: $got"
