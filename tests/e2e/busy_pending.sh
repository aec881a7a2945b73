# A writer never loses a mark to a lock (issue 11): while another process
# holds the write lock far longer than a busy timeout, a tag in the TUI
# waits, says so ("not saved yet"), keeps the screen live and the keys
# typed meanwhile, and is saved once the lock is free; Esc gives a
# waiting change up, and nothing of it is written.
. tests/lib.sh
cd "$T"
article a.txt 'Geneva talks\n\nAntony Blinken met Sergei Lavrov in Geneva on Monday.\n'
m import articles 2>/dev/null || fail "import failed"
# hold SECONDS: take the write lock and keep it (until $T/release exists
# or SECONDS pass); $T/held appears once it is taken.
hold() {
	rm -f "$T/held" "$T/release"
	python3 - "$DB" "$T" "$1" <<'PY' &
import os, sqlite3, sys, time
db, t, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
c = sqlite3.connect(db, isolation_level=None, timeout=60)
c.execute("BEGIN IMMEDIATE")
open(os.path.join(t, "held"), "w").close()
end = time.time() + secs
while time.time() < end and not os.path.exists(os.path.join(t, "release")):
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
	holder=$!
	for _ in $(seq 1 400); do [ -e "$T/held" ] && return 0; sleep 0.05; done
	fail "the lock was never taken"
}
release() { : > "$T/release"; wait "$holder"; }
spans() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from spans").fetchone()[0])' "$DB"
}

tmux_start 120 20
tmux_wait 'done 0/1'
tmux_keys Enter j
# Longer than one busy timeout (5 s) of the command line.
hold 60
tmux_keys w 1
tmux_wait 'waiting for the database: another process holds it'
tmux_wait 'not saved yet'
[ "$(spans)" = 0 ] || fail "a span was written while the lock was held"
# Typed while it waits: kept, and done after, in order.
tmux_keys w 3
sleep_until=$(( $(date +%s) + 6 ))
# The wait outlasts a busy timeout of the command line (5 s)...
while [ "$(date +%s)" -lt "$sleep_until" ]; do sleep 0.2; done
tmux_wait 'waiting for the database'
release
# ...and the tags are saved as soon as the lock is free.
tmux_wait 'LOC: met'
[ "$(spans)" = 2 ] || fail "$(spans) spans saved, not 2"
# Esc gives up a waiting change: nothing of it is written.
hold 60
tmux_keys w 2
tmux_wait 'waiting for the database'
tmux_keys Escape
tmux_wait 'not saved: another process held the database'
release
[ "$(spans)" = 2 ] || fail "a change given up was written: $(spans) spans"
tmux_keys q
tmux_wait 'margin-exited-0'
