# Another process holds the write lock (SPEC §12, §15): opening the
# database only reads (the write lock is taken to migrate, never when
# there is nothing to migrate), so list, export and a TUI session work
# while it is held, and a command that writes waits its busy timeout
# (about half a minute) and then exits 1 saying the database is busy,
# having changed nothing.
. tests/lib.sh
three_articles
cd "$T" || exit 1

python3 - "$DB" "$T/holding" "$T/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
c.execute("ROLLBACK")
c.close()
PY
holder=$!
at_exit ": > \"$T/release\"; wait $holder 2>/dev/null"
for _ in $(seq 1 600); do
	[ -e "$T/holding" ] && break
	sleep 0.05
done
[ -e "$T/holding" ] || fail "the process holding the write lock never started"

# The write first, in the background: it waits while the reads run.
m labels add NEWLABEL >"$T/write.out" 2>"$T/write.err" &
writer=$!

problems=""
m list >"$T/out" 2>"$T/err" || problems="$problems
- margin list failed while another process writes: $(cat "$T/err")"
grep -q 'Łódź' "$T/out" || problems="$problems
- margin list does not show the articles: $(cat "$T/out")"
m export >"$T/out" 2>"$T/err" || problems="$problems
- margin export failed while another process writes: $(cat "$T/err")"
printf '%s\n' '<Enter>' ":dump $T/tui.txt" 'q' > "$T/script"
if m --size 100x20 --script "$T/script" >/dev/null 2>"$T/err"; then
	grep -q 'Tram strike' "$T/tui.txt" || problems="$problems
- the TUI does not show the first article: $(cat "$T/tui.txt")"
else
	problems="$problems
- the TUI failed while another process writes: $(cat "$T/err")"
fi

# The write gives up after its busy timeout (7 tries of 5 s); 200 s is
# the bound past which it hangs.
for _ in $(seq 1 4000); do
	kill -0 "$writer" 2>/dev/null || break
	sleep 0.05
done
if kill -0 "$writer" 2>/dev/null; then
	kill "$writer"
	problems="$problems
- margin labels add still waits after 200 s"
else
	wait "$writer"
	rc=$?
	[ "$rc" = 1 ] || problems="$problems
- margin labels add exited $rc while the lock was held, not 1: $(cat "$T/write.err")"
	grep -q 'busy' "$T/write.err" || problems="$problems
- margin labels add said \"$(cat "$T/write.err")\", not that the database is busy"
fi
: > "$T/release"
wait "$holder"
m labels list | grep -q NEWLABEL && problems="$problems
- the label was added although the write failed"
[ -z "$problems" ] || fail "while another process holds the write lock:$problems"
exit 0
