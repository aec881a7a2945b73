# label-N tags with the label whose schema key is N (a label file's
# `key`), else with the Nth label; the legend shows what each key does.
. tests/lib.sh
three_articles
m labels add EVENT --key 7 --color cyan || fail "labels add"
ui 120x12 '<Enter>
7
:dump '"$T"'/legend.txt'
expect_in "$T/legend.txt" "7:EVENT"
[ "$(exported)" = "EVENT	Tram" ] || fail "7 tagged: $(exported)"
