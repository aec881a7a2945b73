# The help overlay (issue 16, item 9), at 80x24 and 50x15, in colour and
# monochrome: grouped by where the keys act, the pane with the focus
# first (the list at start, the reader after Enter); the label keys name
# their label, a label added in the session too; descriptions are wrapped,
# never cut; the options of the reader are listed with their values.
# Pages are read whole: the header says which lines a page shows.
. tests/lib.sh
three_articles

# pages DIR N: the dumps DIR/1 .. DIR/N of the pages, put together as the
# overlay's lines, one per line, in DIR/all; fails on a gap.
pages() {
	python3 - "$1" "$2" > "$1/all" <<'PY' || fail "$1: $(cat "$1/all")"
import re, sys
d, n = sys.argv[1], int(sys.argv[2])
lines = {}
total = None
for p in range(1, n + 1):
    rows = open(f"{d}/{p}", encoding="utf-8").read().split("\n")
    rows = rows[:rows.index("--- attributes")] if "--- attributes" in rows else rows
    m = re.match(r" Keys +(\d+)-(\d+)(?: of |/)(\d+)", rows[0])
    if not m:
        sys.exit(f"page {p}: no header: {rows[0]!r}")
    a, b, total = int(m[1]), int(m[2]), int(m[3])
    for i, r in enumerate(rows[1:1 + b - a + 1]):
        lines.setdefault(a + i, r)
missing = [i for i in range(1, total + 1) if i not in lines]
if missing:
    sys.exit(f"lines {missing[:5]}... of {total} never shown")
print("\n".join(lines[i] for i in range(1, total + 1)))
PY
}

# flat FILE: the overlay's words, each run of blanks one space, so that a
# wrapped description reads as one line.
flat() {
	tr -s ' \n' '  ' < "$1"
}

for size in 80x24 50x15; do
	for mode in color mono; do
		d="$T/$size.$mode"
		mkdir -p "$d/list" "$d/reader"
		# Fourteen pages are more than the overlay has at 50x15.
		keys=$(for i in $(seq 1 14); do
			printf '<PgDn>\n:dump-attrs %s/$DIR/%d\n' "$d" $((i + 1))
		done)
		script=':label add GPE key 5 color cyan "Geo-political entity: countries, cities, states"
?
:dump-attrs '"$d"'/list/1
'"${keys//\$DIR/list}"'
x
:dump '"$d"'/closed
<Enter>
?
:dump-attrs '"$d"'/reader/1
'"${keys//\$DIR/reader}"
		if [ $mode = mono ]; then
			NO_COLOR=1 ui $size "$script"
		else
			ui $size "$script"
		fi
		for ctx in list reader; do
			pages "$d/$ctx" 15
			all="$d/$ctx/all"
			flat "$all" > "$all.flat"
			for g in "Articles list" "Tagging (the word or the selection;" \
			    "Selection (reader)" "Suggestions (reader)" "Everywhere" \
			    "Reader: moving" "Annotations pane" "Prompt" \
			    "Commands (:) and options (:set)"; do
				grep -q "^ $g" "$all" ||
					fail "$size $mode $ctx: no group $g"
			done
			for s in "Tag with PER (Person: people, real or fictional)" \
			    "Tag with MISC (Other names: nationalities, events, works, products)" \
			    "Tag with GPE (Geo-political entity: countries, cities, states)" \
			    "Show or hide the annotations pane (set annotations)" \
			    "set label-style auto|inline|margin labels: [Moscow]LOC in the text, or a column" \
			    "set annotations auto|on|off the annotations pane (o toggles)"; do
				grep -qF -- "$s" "$all.flat" ||
					fail "$size $mode $ctx: no \"$s\" in $(cat "$all")"
			done
			expect_not_in "$all" "Tag with label"
			[ $mode = mono ] && expect_not_in "$d/$ctx/1" "fg="
		done
		# The pane with the focus comes first.
		sed -n 2p "$d/list/1" | grep -q '^ Articles list' ||
			fail "$size $mode: the list's keys are not first"
		sed -n 2p "$d/reader/1" | grep -q '^ Reader: moving' ||
			fail "$size $mode: the reader's keys are not first"
		# The tagging keys are on the first page at start.
		expect_in "$d/list/1" "Tag with PER"
		# x closed it and did nothing else.
		expect_not_in "$d/closed" "Keys "
		expect_not_in "$d/closed" "deleted"
	done
done
expect_dump "$T/80x24.color/list/1" help_overlay.80x24
expect_dump "$T/80x24.mono/reader/1" help_overlay.reader.80x24.mono
expect_dump "$T/50x15.color/list/1" help_overlay.50x15
expect_dump "$T/50x15.mono/reader/1" help_overlay.reader.50x15.mono
exit 0
