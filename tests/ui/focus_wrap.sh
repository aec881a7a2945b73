# The wrap stays put when the focus moves (issue 16, item 4), at 80x24,
# 50x15 and 100x30: the reader's rows are the same text whichever pane
# has the focus, whether the list or the annotations are beside it (at
# 80x24 a 59-column reader and a 20-column side pane), with inline labels
# that are part of the rows' width.
. tests/lib.sh
cd "$T"
article a.txt 'Summit in Geneva\n\nPutin met Biden and Lavrov in Geneva on Monday, said the Kremlin, and the talks went on until late in the evening, when both delegations left for Moscow and Washington.\n\nBlinken said the next round would be held in Vienna in the spring, if both sides agreed on the agenda before then.\n'
article b.txt 'Second\n\nA second article, so that the list has two rows.\n'
m import articles 2>/dev/null || fail "import failed"

# reader DUMP: the reader's rows of a dump, trailing blanks cut, and its
# width in columns as the first line (the dumps hold no wide character).
reader() {
	python3 - "$1" "${size%x*}" <<'PY'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-3]
first = rows[0].split("\u2502")
# The reader is the pane whose title is the article's source.
col = [i for i, t in enumerate(first) if "articles/" in t]
if not col:
    sys.exit(sys.argv[1] + ": no reader on the screen")
i = col[0]
if i + 1 < len(first):
    print(len(first[i]))
else:
    print(int(sys.argv[2]) - sum(len(t) + 1 for t in first[:i]))
for r in rows:
    print(r.split("\u2502")[i].rstrip())
PY
}

# same NAME BASE DUMP...: each dump's reader is BASE's.
same() {
	local name=$1 base=$2 f
	shift 2
	reader "$base" > "$T/base.rows" || fail "$name: $(cat "$T/base.rows")"
	for f in "$@"; do
		reader "$f" > "$T/rows" || fail "$name: $(cat "$T/rows")"
		diff -u "$T/base.rows" "$T/rows" >&2 ||
			fail "$name: the reader's rows moved in $f"
	done
}

script() {
	local d=$1
	echo '<Enter>
j 1 w w 1 w w 1 w w 3
:dump '"$d"'.reader
<Tab>
:dump '"$d"'.annotations
<Tab>
:dump '"$d"'.list
<Tab>
:dump '"$d"'.back
o
:dump '"$d"'.toggled
o
:dump '"$d"'.untoggled
:set annotations on
:dump '"$d"'.on'
}

for size in 80x24 100x30; do
	ui $size "$(script "$T/$size")"
	d="$T/$size"
	same "$size" "$d.reader" "$d.annotations" "$d.list" "$d.back" \
	    "$d.untoggled" "$d.on"
done
# At 80x24 o swaps the side pane, and the reader keeps its rows; at
# 100x30 it takes a pane away, and the reader may grow.
size=80x24
same 80x24 "$T/80x24.reader" "$T/80x24.toggled"
expect_in "$T/80x24.reader" "[Putin]PER"
# 80x24: 59 columns of reader beside 20 of list or annotations.
reader "$T/80x24.reader" > "$T/w" || fail "80x24: $(cat "$T/w")"
[ "$(head -1 "$T/w")" = 59 ] ||
	fail "80x24: the reader is $(head -1 "$T/w") columns"
expect_in "$T/80x24.annotations" "│ Annotations      4"
expect_in "$T/80x24.list" " Articles         2 │"
expect_dump "$T/80x24.annotations" focus_wrap.80x24.annotations

# 50x15: one pane at a time; the reader is the same when it comes back.
size=50x15
ui 50x15 "$(script "$T/50x15")"
d="$T/50x15"
same 50x15 "$d.reader" "$d.back" "$d.untoggled" "$d.on"
expect_in "$d.annotations" "Annotations"
expect_in "$d.list" "Articles"
expect_in "$d.toggled" "Annotations"
reader "$d.reader" > "$T/w" || fail "50x15: $(cat "$T/w")"
[ "$(head -1 "$T/w")" = 50 ] || fail "50x15: the reader is $(head -1 "$T/w") columns"
exit 0
