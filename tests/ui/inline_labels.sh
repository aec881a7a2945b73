# Inline labels and set label-style (issue 16, items 2 and 3), at 80x24
# and 50x15, in colour and in monochrome: six spans on two rows are drawn
# "[Putin]PER", each label whole, and the wrap makes room for them; the
# word moves that tagged them do not see them (the export holds the six
# words).  set label-style margin writes the names in a column instead,
# whole or counted ("+3"), never cut; inline brings the brackets back.
# label-style auto draws the margin on a wide colour screen, and inline
# labels on a monochrome one, where nothing else tells the spans apart.
. tests/lib.sh
cd "$T"
article a.txt 'Summit\n\nPutin met Biden and Lavrov in Moscow, Geneva and Paris on Monday, said the Kremlin.\n'

# The spans: Putin, Biden, Lavrov (PER), Moscow, Geneva, Paris (LOC).
tag='<Enter>
j 1 w w 1 w w 1 w w 3 w 3 w w 3'
want=$(printf 'LOC\tGeneva\nLOC\tMoscow\nLOC\tParis\nPER\tBiden\nPER\tLavrov\nPER\tPutin')

# The reader's rows of a dump (right of the list when it is shown).
reader_rows() {
	sed '/^--- attributes$/,$d' "$1" | head -n -2 | awk -F'│' '
	    NF > 1 { print $2; next } { print }'
}

# Every "]" of a dump starts a whole label name (or a suggestion's).
labels_whole() {
	local bad
	bad=$(reader_rows "$1" | grep -o '\][A-Za-z]*' |
	    grep -vxE '\](PER|LOC)' || true)
	[ -z "$bad" ] || fail "$1: labels cut: $bad"
}

for size in 80x24 50x15; do
	for mode in color mono; do
		rm -f "$DB" "$DB-wal" "$DB-shm"
		m import articles 2>/dev/null || fail "import failed"
		d="$T/$size.$mode"
		script="$tag"'
:dump-attrs '"$d"'.inline
:set label-style margin
:dump-attrs '"$d"'.margin
:set label-style inline
:dump '"$d"'.back
b b b 4'
		if [ $mode = mono ]; then
			NO_COLOR=1 ui $size "$script"
		else
			ui $size "$script"
		fi
		# The last key relabelled Moscow: b walked back over words
		# only, never over a label.
		got=$(exported | sort)
		[ "$got" = "$(printf '%s\n' "$want" |
		    sed 's/^LOC\tMoscow$/MISC\tMoscow/' | sort)" ] ||
			fail "$size $mode: stored $got"

		# Inline: each span bracketed with its whole label.
		for s in '[Putin]PER' '[Biden]PER' '[Lavrov]PER' \
		    '[Moscow]LOC' '[Geneva]LOC' '[Paris]LOC'; do
			reader_rows "$d.inline" | grep -qF "$s" ||
				{ cat "$d.inline" >&2; fail "$size $mode: no $s"; }
		done
		labels_whole "$d.inline"
		labels_whole "$d.back"
		expect_in "$d.back" "[Moscow]LOC"
		expect_in "$d.back" "label-style is inline"

		# Margin: no bracket in the text; the column holds whole
		# names and a count of the rest, never a part of a name.
		reader_rows "$d.margin" | grep -qF '[' &&
			{ cat "$d.margin" >&2; fail "$size $mode: brackets"; }
		expect_in "$d.margin" "label-style is margin"
		reader_rows "$d.margin" | grep -E 'Putin|Geneva' |
		    grep -qvE '( (PER|LOC)){1,}( \+[0-9]+)? *$' &&
			{ cat "$d.margin" >&2; fail "$size $mode: margin cut"; }
		reader_rows "$d.margin" | grep -qE 'PER +\+[0-9]+ *$' ||
			{ cat "$d.margin" >&2; fail "$size $mode: no +N"; }

		if [ $mode = mono ]; then
			expect_not_in "$d.inline" "fg="
			expect_not_in "$d.margin" "fg="
		else
			expect_in "$d.inline" "fg=red"
		fi
	done
done
expect_dump "$T/80x24.color.inline" inline_labels.80x24
expect_dump "$T/80x24.mono.inline" inline_labels.80x24.mono
expect_dump "$T/50x15.color.inline" inline_labels.50x15
expect_dump "$T/50x15.mono.inline" inline_labels.50x15.mono
expect_dump "$T/80x24.color.margin" inline_labels.margin.80x24
expect_dump "$T/50x15.mono.margin" inline_labels.margin.50x15.mono

# label-style auto: a reader with room for 60 columns and the margin
# beside them gets the margin in colour; in monochrome, inline labels.
ui 160x20 ':dump '"$T"'/wide.color'
NO_COLOR=1 ui 160x20 ':dump '"$T"'/wide.mono'
expect_not_in "$T/wide.color" "[Putin]PER"
expect_in "$T/wide.color" "PER PER +4"
expect_in "$T/wide.mono" "[Putin]PER met [Biden]PER"
ui 160x20 ':set color off
:dump '"$T"'/wide.off'
expect_in "$T/wide.off" "[Putin]PER met [Biden]PER"
# An explicit margin stays a margin in monochrome.
NO_COLOR=1 ui 160x20 ':set label-style margin
:dump '"$T"'/wide.mono.margin'
expect_not_in "$T/wide.mono.margin" "[Putin]PER"

# A value that is none of the three is refused and changes nothing.
ui 80x24 ':set label-style sideways
:dump '"$T"'/bad.txt'
expect_in "$T/bad.txt" "expected auto, inline or margin, not \"sideways\""
expect_in "$T/bad.txt" "[Putin]PER"
exit 0
