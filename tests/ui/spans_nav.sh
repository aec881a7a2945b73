# ] and [ jump between spans; the annotations pane follows the cursor.
. tests/lib.sh
three_articles
ui 100x12 '<Enter>
1 w 2 w 3
gg
]
4
]
x
:dump '"$T"'/end.txt'
got=$(exported | sort)
# ] from the top lands on the second span (strike: ORG->MISC), the next ]
# on the third (LOC), which x deletes.
[ "$got" = "$(printf 'MISC\tstrike\nPER\tTram')" ] || fail "spans: $got"
