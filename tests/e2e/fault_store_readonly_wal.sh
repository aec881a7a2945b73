# Committed work in a -wal is never hidden (SPEC §12): a session was
# killed and left a -wal with committed frames and no -shm, and the
# database and its folder can no longer be written (as an unprivileged
# user: root ignores permissions).  list, export and the TUI show all of
# it (three spans, the last article); a command that writes exits 1
# saying the database is read-only; nothing is changed and no -shm is
# created.
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"
chmod 755 "$T"
mkdir -p "$T/home" "$T/ro"
chmod 777 "$T/home"
if [ "$(id -u)" = 0 ]; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		AS_USER="setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif runuser -u nobody -- true 2>/dev/null; then
		AS_USER="runuser -u nobody --"
	else
		fail "cannot run as an unprivileged user (no setpriv, no runuser)"
	fi
	binary_for_nobody
else
	AS_USER=""
fi
at_exit 'chmod -R u+w "$T" 2>/dev/null'
DB="$T/ro/test.db"
mu() {
	$AS_USER env HOME="$T/home" XDG_CONFIG_HOME="$T/home" \
	    XDG_DATA_HOME="$T/home" MARGIN_ANNOTATOR=tester \
	    "$MARGIN_BIN" --db "$DB" "$@"
}

printf '%s\n' '{"title": "Early", "text": "Nothing to see."}' > "$T/early.jsonl"
printf '%s\n' '{"title": "Late", "text": "Ada Lovelace met Charles Babbage in London.", "spans": [{"start": 0, "end": 12, "label": "PER"}, {"start": 17, "end": 32, "label": "PER"}, {"start": 36, "end": 42, "label": "LOC"}]}' > "$T/late.jsonl"
m import "$T/early.jsonl" 2>/dev/null || fail "import Early failed"
# A reader holds the database open while Late is imported, then it is
# killed: Late is only in the -wal.
python3 - "$DB" "$T/holding" "$T/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM articles").fetchone()
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)
os.kill(os.getpid(), 9)
PY
holder=$!
at_exit "kill $holder 2>/dev/null"
for _ in $(seq 1 600); do
	[ -e "$T/holding" ] && break
	sleep 0.05
done
[ -e "$T/holding" ] || fail "the holding reader never started"
m import "$T/late.jsonl" 2>/dev/null || fail "import Late failed"
: > "$T/release"
wait "$holder" 2>/dev/null
[ -s "$DB-wal" ] || fail "the killed session left no -wal"
rm -f "$DB-shm"
python3 - "$DB" <<'PY' || fail "Late is not in the -wal alone"
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?immutable=1", uri=True)
(n,) = c.execute("SELECT count(*) FROM spans").fetchone()
if n != 0:
    sys.exit(f"{n} spans in the database file itself")
PY
chmod a-w "$DB" "$DB-wal" "$T/ro"
sums() {
	sha256sum "$DB" "$DB-wal" | cut -d' ' -f1 | tr '\n' ' '
}
sum=$(sums)

problems=""
problem() {
	problems="$problems
- $*"
}
mu export >"$T/export.csv" 2>"$T/err" || problem "export failed: $(cat "$T/err")"
n=$(grep -c 'Lovelace\|Babbage\|London' "$T/export.csv")
[ "$n" = 3 ] || problem "export shows $n of the 3 committed spans: $(cat "$T/err")"
mu list >"$T/out" 2>"$T/err" || problem "list failed: $(cat "$T/err")"
grep -q Late "$T/out" || problem "list does not show Late: $(cat "$T/out" "$T/err")"
printf '%s\n' '<End>' '<Enter>' ":dump $T/home/tui.txt" > "$T/script"
chmod 644 "$T/script"
if mu --size 100x20 --script "$T/script" >/dev/null 2>"$T/err"; then
	grep -q 'Ada Lovelace met Charles Babbage' "$T/home/tui.txt" ||
		problem "the TUI does not show Late: $(cat "$T/home/tui.txt")"
	grep -q 'READ-ONLY' "$T/home/tui.txt" || problem "the TUI does not say READ-ONLY"
else
	problem "the TUI failed: $(cat "$T/err")"
fi
mu labels add NEWLABEL >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 1 ] || problem "labels add exited $rc, not 1"
grep -q 'read-only' "$T/err" || problem "labels add said \"$(cat "$T/err")\""
[ "$(sums)" = "$sum" ] || problem "the database or its -wal changed"
[ ! -e "$DB-shm" ] || problem "an -shm appeared in a read-only folder"
[ -z "$problems" ] || fail "a read-only database with work in its -wal:$problems"
exit 0
