# Monochrome and dumb terminals (issue 16, item 3), in a real terminal at
# 80x24 and 50x15: under TERM=vt100, which has no colours, each span
# carries its label's name inline ("[Putin]PER"), even where the screen
# is wide enough for the margin, and no colour reaches the terminal;
# TERM=dumb is refused with a message before the screen is touched.
. tests/lib.sh
cd "$T"
article a.txt 'Summit\n\nPutin met Biden and Lavrov in Moscow on Monday.\n'
m import articles 2>/dev/null || fail "import failed"
m tag 1 talks || fail "tag failed"

# term_start TERM COLS ROWS: margin in a detached session under TERM.
term_start() {
	local term=$1 cols=$2 rows=$3
	command -v tmux >/dev/null || fail "tmux is not installed"
	tmux_cleanup
	tmux_cmd new-session -d -x "$cols" -y "$rows" \
		"env TERM=$term LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=tester $(printf '%q ' \
		"$MARGIN_BIN" --db "$DB") 2>$T/tmux.err; echo margin-exited-\$?; sleep 30"
}

n=0
for size in 80x24 50x15 160x24; do
	cols=${size%x*} rows=${size#*x}
	term_start vt100 "$cols" "$rows"
	tmux_wait 'done 0/1'
	tmux_keys Enter
	tmux_wait 'Monday'
	# Putin, Biden, Lavrov (PER), Moscow (LOC).
	tmux_keys j 1 w w 1 w w 1 w w 3
	tmux_wait 'LOC: Moscow'
	for s in '\[Putin\]PER met \[Biden\]PER' '\[Lavrov\]PER' '\[Moscow\]LOC'; do
		tmux_wait "$s"
	done
	# The screen as tmux holds it, with its attributes: bold and
	# underline, never a colour.
	tmux_screen -e > "$T/$size.esc"
	grep -q $'\e\[[0-9;]*[34][0-7]m' "$T/$size.esc" &&
		fail "$size: colours on a vt100: $(od -c "$T/$size.esc" | head)"
	grep -q $'\e\[[0-9;]*[14]m' "$T/$size.esc" ||
		fail "$size: no bold or underline: $(od -c "$T/$size.esc" | head)"
	tmux_keys q
	tmux_wait 'margin-exited-0'
	[ -s "$T/tmux.err" ] && fail "$size: stderr: $(cat "$T/tmux.err")"
	tmux_kill
	printf 'u\nu\nu\nu\n' > "$T/undo" && m --script "$T/undo" || fail "undo"
	[ -z "$(exported)" ] || fail "$size: undo left $(exported)"
	n=$((n + 1))

	# TERM=dumb: refused at once, the screen untouched but for the
	# shell's line, the reason on stderr.
	term_start dumb "$cols" "$rows"
	tmux_wait 'margin-exited-1'
	tmux_screen > "$T/$size.dumb"
	[ "$(grep -c . "$T/$size.dumb")" = 1 ] ||
		fail "$size: TERM=dumb drew: $(cat "$T/$size.dumb")"
	grep -q 'margin: tui: TERM=dumb cannot move the cursor' "$T/tmux.err" ||
		fail "$size: TERM=dumb said: $(cat "$T/tmux.err")"
	tmux_kill
done
[ "$n" = 3 ] || fail "only $n sizes ran"
exit 0
