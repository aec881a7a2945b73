# The TUI on PostgreSQL while another session holds a lock the change
# needs (SPEC §17, §10): the tag waits, the status line says so ("not
# saved yet") and the screen stays live; once the lock is let go the tag
# is saved; Esc gives a waiting change up, and nothing of it is written.
# The busy timeout is the server's lock_timeout, a tick at a time.
. tests/lib.sh
. tests/pg.sh
pg_start
pg_db busywait
cd "$T"
article a.txt 'Geneva talks\n\nAntony Blinken met Sergei Lavrov in Geneva.\n'
m import articles 2>/dev/null || fail "import failed"

psql_db() {
	pg_psql busywait "$@"
}
spans() {
	psql_db -c "SELECT string_agg(label || ':' || text, ' ' ORDER BY start)
	    FROM spans"
}
# hold: a psql session (fed through a fifo) takes the spans table in
# EXCLUSIVE mode, which lets readers read and no one write; release
# commits and ends it.
hold() {
	rm -f "$T/fifo" "$T/held.out"
	mkfifo "$T/fifo"
	psql_db < "$T/fifo" > "$T/held.out" 2>&1 &
	holder=$!
	exec 3> "$T/fifo"
	echo "BEGIN; LOCK TABLE spans IN EXCLUSIVE MODE; SELECT 'held';" >&3
	for _ in $(seq 1 400); do
		grep -q '^held$' "$T/held.out" && return 0
		sleep 0.05
	done
	fail "the lock was never taken: $(cat "$T/held.out")"
}
release() {
	echo "COMMIT;" >&3
	exec 3>&-
	wait "$holder" || fail "the holding session failed: $(cat "$T/held.out")"
}
at_exit 'exec 3>&- 2>/dev/null'

tmux_start 120 20
tmux_wait 'done 0/1'
tmux_keys Enter j
tmux_wait '\[Antony\]|Antony'
hold
tmux_keys 1
tmux_wait 'waiting for the database: another process holds it'
tmux_wait 'not saved yet'
[ -z "$(spans)" ] || fail "a span was written while the lock was held: $(spans)"
# Longer than a busy timeout (5 s): it still waits, and counts.
tmux_wait 'holds it \(([5-9]|[1-9][0-9])s\)'
tmux_wait 'not saved yet'
release
tmux_wait 'PER: Antony'
[ "$(spans)" = "PER:Antony" ] || fail "after the wait: $(spans)"

# Esc gives a waiting change up.
hold
tmux_keys w 2
tmux_wait 'waiting for the database'
tmux_keys Escape
tmux_wait 'not saved: another process held the database'
release
# Another change after it is saved, and nothing of the one given up.
tmux_keys w 3
tmux_wait 'LOC: met'
[ "$(spans)" = "PER:Antony LOC:met" ] || fail "after Esc: $(spans)"
tmux_keys q
tmux_wait 'margin-exited-0'
[ -s "$T/tmux.err" ] && fail "margin printed: $(head -5 "$T/tmux.err")"
exit 0
