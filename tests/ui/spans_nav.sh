# ] and [ jump between spans; the annotations pane follows the cursor.
. tests/lib.sh
three_articles
ui 100x12 '<Enter>
1 w 2 w 3
gg
]
:dump-attrs '"$T"'/first.txt
4
]
:dump-attrs '"$T"'/second.txt
x
:dump '"$T"'/end.txt'
# ] from the top lands on the second span (strike: ORG->MISC), the next ]
# on the third (LOC), which x deletes.  The attributes show the cursor
# (reverse) on "strike", then on "in", and the annotations pane's current
# row (bold) on the same span each time.
expect_dump "$T/first.txt" spans_nav.first
expect_dump "$T/second.txt" spans_nav.second
expect_dump "$T/end.txt" spans_nav.end
got=$(exported | sort)
[ "$got" = "$(printf 'MISC\tstrike\nPER\tTram')" ] || fail "spans: $got"
