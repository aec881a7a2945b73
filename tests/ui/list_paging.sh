# The list fetches its rows a window at a time, next to the rows it has
# (keyset paging): in 200 articles, whole and filtered by a tag, and in
# search results, G, k past the window's edge, page up and down, g and j
# show the rows in order, and the row the status line says is the one the
# reader has open.
. tests/lib.sh
cd "$T"
i=1
while [ $i -le 200 ]; do
	n=$(printf '%03d' $i)
	w=""
	[ $((i % 7)) -eq 0 ] && w=" with the word seventh"
	printf '{"title": "Item %s", "text": "Item %s\\n\\nBody of item %s%s.\\n"}\n' \
	    "$n" "$n" "$n" "$w"
	i=$((i + 1))
done > items.jsonl
m import items.jsonl 2>/dev/null || fail "import failed"
i=3
while [ $i -le 200 ]; do
	m tag $i urgent || fail "tag $i failed"
	i=$((i + 3))
done

# check DUMP STEP POS COUNT: the status line says POS/COUNT, the reader
# has item POS*STEP open, and the list's rows are items STEP apart.
check() {
	local dump=$1 step=$2 pos=$3 count=$4 want
	want=$(printf 'Item %03d' $(($3 * $2)))
	expect_in "$dump" " $pos/$count "
	awk -F'│' 'NR == 1 { next } { print $2 }' "$dump" | grep -q "$want" ||
	    { cat "$dump" >&2; fail "$dump: the reader has not $want open"; }
	awk -F'│' -v step="$step" '
	    { t = $1; if (match(t, /Item [0-9]+/)) {
		n = substr(t, RSTART + 5, RLENGTH - 5) + 0
		if (last && n != last + step) bad = 1
		last = n; rows++ } }
	    END { exit !(rows >= 10 && !bad) }' "$dump" ||
	    { cat "$dump" >&2; fail "$dump: the list's rows are not in order"; }
}

moves() {
	local k=$1 n=$2 out=""
	while [ "$n" -gt 0 ]; do
		out="$out $k"
		n=$((n - 1))
	done
	echo "$out"
}

# The whole list: the window holds 64 rows, these moves leave it.
ui 80x24 'G
:dump '"$T"'/g1.txt
'"$(moves k 80)"'
:dump '"$T"'/g2.txt
<PgUp> <PgUp> <PgUp>
:dump '"$T"'/g3.txt
g
:dump '"$T"'/g4.txt
'"$(moves '<PgDn>' 5)"'
:dump '"$T"'/g5.txt
'"$(moves j 30)"'
:dump '"$T"'/g6.txt
G k
:dump '"$T"'/g7.txt'
check g1.txt 1 200 200
check g2.txt 1 120 200
check g3.txt 1 60 200
check g4.txt 1 1 200
check g5.txt 1 101 200
check g6.txt 1 131 200
check g7.txt 1 199 200
expect_in g1.txt "Item 200          │"
expect_in g7.txt "Item 200          │"

# Filtered by a tag (66 articles: every third one).
ui 80x24 ':filter tag urgent
G
:dump '"$T"'/f1.txt
k
:dump '"$T"'/f2.txt
'"$(moves k 40)"'
:dump '"$T"'/f3.txt
<PgUp> <PgUp>
:dump '"$T"'/f4.txt
G <PgUp> j
:dump '"$T"'/f5.txt
g j
:dump '"$T"'/f6.txt'
check f1.txt 3 66 66
check f2.txt 3 65 66
check f3.txt 3 25 66
check f4.txt 3 1 66
check f5.txt 3 47 66
check f6.txt 3 2 66
expect_in f1.txt "Item 198          │"
expect_not_in f1.txt "Item 199"

# A filter taken off: the whole list again, in order, at its end.
ui 80x24 ':filter tag urgent
G
:filter all
G k k
:dump '"$T"'/a1.txt'
check a1.txt 1 198 200

# Search results (28 articles have "seventh", all alike: in id order).
ui 80x24 '/seventh<Enter>
:dump '"$T"'/s1.txt
<Esc>
G
/seventh<Enter>
G k
:dump '"$T"'/s2.txt'
check s1.txt 7 1 28
check s2.txt 7 27 28
exit 0
