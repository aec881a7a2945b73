# In a real terminal at 80x24, 120x40 and 50x15: open an article, start
# a selection, resize the window in the middle of it, finish and tag it,
# quit; the export has exactly the selected words.
. tests/lib.sh
cd "$T"
article a.txt 'Dvořák in Reykjavík\n\nThe composer Antonín Dvořák never visited Reykjavík, said Guðrún Jónsdóttir of the Árni Magnússon Institute.\n'
m import articles 2>/dev/null || fail "import failed"
n=0
for size in 80x24 120x40 50x15; do
	cols=${size%x*} rows=${size#*x}
	tmux_start "$cols" "$rows"
	tmux_wait 'done 0/1'
	tmux_keys Enter
	tmux_wait 'composer'
	# Down to "The", then to "Antonín", select two words.
	tmux_keys j w w v w
	tmux_wait 'SELECT'
	tmux_cmd resize-window -t 0 -x 60 -y 10
	tmux_wait 'SELECT'
	tmux_cmd resize-window -t 0 -x "$cols" -y "$rows"
	tmux_wait 'SELECT'
	tmux_keys 1
	tmux_wait 'PER: Antonín Dvořák'
	tmux_keys q
	tmux_wait 'margin-exited-0'
	[ -s "$T/tmux.err" ] && fail "$size: stderr: $(cat "$T/tmux.err")"
	tmux_kill
	n=$((n + 1))
	got=$(exported)
	[ "$got" = "PER	Antonín Dvořák" ] || fail "$size: exported $got"
	# Undo for the next size (the next one tags the same words again).
	printf 'u\n' > "$T/undo" && m --script "$T/undo" || fail "undo"
done
[ "$n" = 3 ] || fail "only $n sizes ran"
