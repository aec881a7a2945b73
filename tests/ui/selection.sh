# Selections (issue 16, item 8), at 80x24 and 50x15, in colour and in
# monochrome: shrink-char inside the cursor word is drawn (the selection
# alone is reversed, not the rest of the word) and the message line says
# what is selected; extend-char onto a blank never stores it; a selection
# across a paragraph break is flagged on the status line before it is
# tagged, and after; the span selected in the Annotations pane is marked
# in the reader.
. tests/lib.sh
cd "$T"
article a.txt 'Talks\n\nBlinken\x27s call with Lavrov ended.\nMoscow said nothing.\n'
m import articles 2>/dev/null || fail "import failed"

# run SIZE MODE: the script at SIZE on a new database; MODE mono runs it
# with NO_COLOR.  Its dumps go to $T/SIZE.MODE.NAME.
run() {
	local d="$T/$1.$2"
	rm -f "$DB" "$DB-wal" "$DB-shm"
	m import articles 2>/dev/null || fail "import failed"
	script='<Enter>
j v <LT><LT>
:dump-attrs '"$d"'.shrink
<Esc>
w w v >
:dump '"$d"'.extend
2
v j
:dump '"$d"'.cross
3
:dump '"$d"'.tagged
<Tab>
k
:dump-attrs '"$d"'.pane'
	if [ "$2" = mono ]; then
		NO_COLOR=1 ui "$1" "$script"
	else
		ui "$1" "$script"
	fi
	got=$(exported | sort)
	[ "$got" = "$(printf 'LOC\tcall with Lavrov ended.\nMoscow said\nORG\tcall')" ] ||
		fail "$1 $2: stored $got"
}

for size in 80x24 50x15; do
	for mode in color mono; do
		run $size $mode
		d="$T/$size.$mode"
		# "Blink" of "Blinken" is reversed, "en" is not.
		expect_in "$d.shrink" "selected 5 characters: “Blink”"
		expect_in "$d.extend" "selected 4 characters: “call”"
		expect_in "$d.cross" "SELECT across paragraphs"
		expect_in "$d.tagged" "across paragraphs: LOC: call"
		expect_not_in "$d.tagged" "SELECT"
		[ $mode = mono ] && expect_not_in "$d.shrink" "fg="
	done
done
# Row 3 of the 80x24 reader: "Blink" reversed at columns 28-32 and
# nothing else of the word; the picked span (LOC, two rows) reversed.
expect_dump "$T/80x24.color.shrink" selection.shrink
expect_dump "$T/80x24.mono.shrink" selection.shrink.mono
expect_dump "$T/50x15.color.shrink" selection.shrink.50x15
expect_dump "$T/80x24.color.cross" selection.cross
expect_dump "$T/50x15.color.cross" selection.cross.50x15
expect_dump "$T/80x24.color.pane" selection.pane
expect_dump "$T/80x24.mono.pane" selection.pane.mono
expect_in "$T/80x24.color.shrink" "3: 22-26 reverse"
expect_in "$T/80x24.color.pane" "3: 21-39 reverse"
expect_in "$T/80x24.color.pane" "4: 1-11 reverse"
expect_in "$T/80x24.mono.pane" "LOC “call with Lavrov ended. Moscow said”"
exit 0
