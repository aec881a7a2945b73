# Drawing only the rows that changed draws the same screen as drawing
# every row: the same keys (moves, pages, tags, undo and redo, selections,
# search, focus, the annotations pane, propagation, an overlay, a resize)
# give the same cells and attributes after every step with MARGIN_REDRAW
# unset and with MARGIN_REDRAW=full, at three sizes (inline labels at
# 80x24, the margin at 140x40, one pane at 50x15), in text with CJK, emoji,
# combining marks and TABs.
. tests/lib.sh
cd "$T"
article a.txt 'Dvořák in Reykjavík\n\nThe composer Antonín Dvořák never visited Reykjavík, said the historian Guðrún Jónsdóttir, but 東京 and 🎻 players did.\n\nIn Reykjavík\tthe Harpa hall plays Dvořák each spring; Jónsdóttir wrote of it in 2019, and of the cafe\xcc\x81 where 北京 visitors meet.\n\nA third paragraph, long enough to wrap several times on a narrow screen, so that moving down and paging both scroll the reader: Dvořák, Reykjavík, Guðrún Jónsdóttir, Antonín.\n\nThe last paragraph names Reykjavík once more.\n'
article b.txt 'Second article\n\nHarpa opened in Reykjavík in 2011.\n'
article c.txt 'Third article\n\nNothing here.\n'
m import articles 2>/dev/null || fail "import failed"
cp "$DB" "$T/fresh.db"

# One step a line; the screen is dumped with its attributes after each.
steps='<Enter>
w
w w
j
1
w 2
u
<C-r>
j j j
<Space>
<PgUp>
v w w
1
x
k k
/ Reykjav <Enter>
n
n
<Esc>
]
p
a
<Tab>
j
k
<Tab>
o
<Tab> <Tab>
o
?
q
G
g
:resize 60 20
w w 3
:resize SIZE
j j j j j j
m
u'

run() { # run SIZE OUTDIR [full]
	local size=$1 out=$2 cols rows
	mkdir -p "$out"
	cols=${size%x*}
	rows=${size#*x}
	printf '%s\n' "$steps" | awk -v out="$out" -v size="$cols $rows" '
		{ sub(/SIZE/, size); print; printf ":dump-attrs %s/%03d\n", out, NR }
		END { print "q" }' > "$T/script"
	cp "$T/fresh.db" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	if [ -n "${3:-}" ]; then
		MARGIN_REDRAW=full m --size "$size" --script "$T/script" \
		    2> "$T/ui.err" || fail "margin --script failed: $(cat "$T/ui.err")"
	else
		m --size "$size" --script "$T/script" 2> "$T/ui.err" ||
		    fail "margin --script failed: $(cat "$T/ui.err")"
	fi
}

n=$(printf '%s\n' "$steps" | wc -l)
for size in 80x24 140x40 50x15; do
	run "$size" "$T/rows-$size"
	run "$size" "$T/full-$size" full
	[ "$(ls "$T/rows-$size" | wc -l)" -eq "$n" ] ||
		fail "$size: $(ls "$T/rows-$size" | wc -l) dumps of $n"
	for f in "$T/full-$size"/*; do
		s=$(basename "$f")
		cmp -s "$f" "$T/rows-$size/$s" && continue
		diff -u "$f" "$T/rows-$size/$s" >&2
		fail "$size: after step $s ($(printf '%s\n' "$steps" |
		    sed -n "$((10#$s))p")), the screen differs from a whole redraw"
	done
done
# The steps did something: tags, a selection's tag, a search's hits.
grep -q 'Antonín' "$T/full-80x24/013" || fail "no text on the screen"
[ "$(cmp -s "$T/full-80x24/001" "$T/full-80x24/005"; echo $?)" = 1 ] ||
	fail "tagging changed nothing on the screen"
