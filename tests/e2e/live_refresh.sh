# Two TUIs on one database (two annotators over SSH): what one tags shows
# in the other without a key pressed, and the other keeps its cursor, its
# selection and the prompt it is typing in.
. tests/lib.sh
cd "$T"
article a.txt 'Geneva talks\n\nAntony Blinken met Sergei Lavrov in Geneva.\n'
m import articles 2>/dev/null || fail "import failed"
command -v tmux >/dev/null || fail "tmux is not installed"
tmux_cleanup
for who in ana bob; do
	tmux_cmd new-session -d -s "$who" -x 120 -y 20 \
		"env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=$who $(printf '%q ' \
		"$MARGIN_BIN" --db "$DB") 2>$T/$who.err; echo exited-\$?; sleep 30"
done
screen() { tmux_cmd capture-pane -p -t "$1"; }
wait_for() {
	local i
	for i in $(seq 1 200); do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.05
	done
	screen "$1" >&2
	fail "$1 never showed \"$2\""
}
wait_for ana 'done 0/1'
wait_for bob 'done 0/1'
# bob shows everyone's spans, selects "Sergei" and starts typing a command.
tmux_cmd send-keys -t bob Enter V j w w w v
wait_for bob 'SELECT'
tmux_cmd send-keys -t bob : l a b
wait_for bob ':lab'
# ana tags Antony Blinken.
tmux_cmd send-keys -t ana Enter j v w 1
wait_for ana 'PER: Antony Blinken'
# bob's screen shows ana's span by itself, prompt and selection intact.
wait_for bob 'Antony Blinken ana'
wait_for bob ':lab'
tmux_cmd send-keys -t bob Escape
# Esc then a key at once would be Meta-key: wait for the prompt to close.
for i in $(seq 1 200); do
	screen bob | grep -qF ':lab' || break
	sleep 0.05
done
tmux_cmd send-keys -t bob 3
wait_for bob 'LOC: Sergei'
tmux_cmd send-keys -t bob q
tmux_cmd send-keys -t ana q
wait_for bob 'exited-0'
wait_for ana 'exited-0'
[ -s "$T/ana.err" ] && fail "ana: $(cat "$T/ana.err")"
[ -s "$T/bob.err" ] && fail "bob: $(cat "$T/bob.err")"
got=$(exported | sort)
[ "$got" = "$(printf 'LOC\tSergei\nPER\tAntony Blinken')" ] || fail "exported: $got"
