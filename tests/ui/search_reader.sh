# / in the reader searches as you type, ignoring case and accents; Enter
# keeps the cursor on the match, Esc goes back; n/N move between matches,
# and the matches are highlighted.
. tests/lib.sh
three_articles
ui 100x16 '<Enter>
/zUrIcH
:dump '"$T"'/typing.txt
<Esc>
1
/muller
<Enter>
2
n
3
/andrea
<Enter>
:dump-attrs '"$T"'/hits.txt'
expect_in "$T/typing.txt" "/zUrIcH"
got=$(exported | sort)
# Esc went back to "Tram" (tagged PER); Enter kept "Müller" (ORG); n from
# Müller wraps to the next match, which is Müller again (LOC relabels it).
[ "$got" = "$(printf 'LOC\tMüller\nPER\tTram')" ] || fail "tagged: $got"
expect_in "$T/hits.txt" "bg=yellow"
