# The TUI on PostgreSQL when the server fails (SPEC §17, §12): after its
# connection is ended (pg_terminate_backend) and after the server is
# restarted, the next tag is saved on a new connection; while the server
# is down, a tag says on the status line that it was not saved and is
# not shown as saved; once the server is back, tagging saves again.
# Others' changes show again by themselves once it has connected anew.
# The TUI never dies, and every tag it showed as saved is in the database.
. tests/lib.sh
. tests/pg.sh
pg_start
pg_db tuifaults
cd "$T"
article a.txt 'Geneva talks\n\nAntony Blinken met Sergei Lavrov in Geneva.\n'
m import articles 2>/dev/null || fail "import failed"

psql_db() {
	pg_psql tuifaults -c "$1"
}
# The words tagged PER, in the order of the text.
db_tags() {
	psql_db "SELECT string_agg(text, ' ' ORDER BY start) FROM spans
	    WHERE label = 'PER'"
}
# Wait (at most 30 s) until the database's PER tags are WANT.
db_wait() {
	local i got
	for i in $(seq 1 300); do
		got=$(db_tags 2>/dev/null) && [ "$got" = "$1" ] && return 0
		sleep 0.1
	done
	fail "the database has PER tags \"$got\", not \"$1\""
}
# Wait (at most 30 s) until the status line (the last line) matches a
# grep -E pattern; the TUI must still be running.
status_wait() {
	local i
	for i in $(seq 1 600); do
		tmux_screen | grep -q 'margin-exited' &&
			fail "margin exited: $(cat "$T/tmux.err")"
		tmux_screen | tail -1 | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	tmux_screen >&2
	fail "the status line never showed /$1/"
}
terminate_all() {
	pg_sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
	    WHERE datname = 'tuifaults' AND pid <> pg_backend_pid()" \
	    > /dev/null || fail "pg_terminate_backend failed"
}
backends() {
	pg_sql "SELECT coalesce(string_agg(pid::text, ','), '')
	    FROM pg_stat_activity
	    WHERE datname = 'tuifaults' AND pid <> pg_backend_pid()"
}

tmux_start 120 20
tmux_wait 'done 0/1'
tmux_keys Enter j 1
status_wait 'PER: Antony'
db_wait 'Antony'

# Its connection ended while it waits for a key: it connects again by
# itself (another process's article shows without a key pressed), and
# the next tag is saved.
old=$(backends)
[ -n "$old" ] || fail "the TUI has no connection to end"
terminate_all
for i in $(seq 1 300); do
	[ "$(pg_sql "SELECT count(*) FROM pg_stat_activity
	    WHERE pid IN ($old)")" = 0 ] && break
	sleep 0.05
done
printf 'Second\n\nAnother one.\n' > "$T/b.txt"
m import "$T/b.txt" 2>/dev/null || fail "import of a second article failed"
tmux_wait 'done 0/2'
tmux_keys w 1
status_wait 'PER: Blinken'
db_wait 'Antony Blinken'

# The server restarted: the same.
pg_server restart
tmux_keys w 1
status_wait 'PER: met'
db_wait 'Antony Blinken met'

# The server down: the tag is not saved, and the status line says so.
pg_server stop
tmux_keys w 1
status_wait 'not saved'
tmux_screen | tail -1 | grep -q 'PER: Sergei' &&
	fail "a tag that failed was shown as saved: $(tmux_screen | tail -1)"
tmux_screen > "$T/down.screen"

# The server back: the same tag again is saved.
pg_server start
db_wait 'Antony Blinken met'
tmux_keys 1
status_wait 'PER: Sergei'
db_wait 'Antony Blinken met Sergei'
tmux_keys q
tmux_wait 'margin-exited-0'
[ -s "$T/tmux.err" ] && fail "margin printed: $(head -5 "$T/tmux.err")"
echo "while the server was down: $(tail -1 "$T/down.screen" |
    sed -E 's/socket "[^"]*("|$)/socket/' | tr -s ' ')"
