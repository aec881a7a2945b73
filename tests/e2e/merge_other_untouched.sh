# margin merge OTHER.db only reads OTHER.db (SPEC §10): afterwards no file
# has appeared beside it and its bytes are unchanged, whether it was closed
# cleanly (no -wal) or left by a killed session with committed work in a
# -wal and no -shm; that work is merged too.
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"
mkdir "$T/other"
other="$T/other/other.db"
mo() {
	"$MARGIN_BIN" --db "$other" "$@"
}
printf '%s\n' '{"title": "Here", "text": "Ada Lovelace."}' > "$T/here.jsonl"
printf '%s\n' '{"title": "There", "text": "Charles Babbage.", "spans": [{"start": 0, "end": 7, "label": "PER"}]}' > "$T/there.jsonl"
printf '%s\n' '{"title": "Later", "text": "Mary Somerville.", "spans": [{"start": 0, "end": 4, "label": "PER"}]}' > "$T/later.jsonl"
m import "$T/here.jsonl" 2>/dev/null || fail "import here failed"
mo import "$T/there.jsonl" 2>/dev/null || fail "import there failed"
[ ! -e "$other-wal" ] || fail "a -wal stayed after a clean exit"

listing() {
	(cd "$T/other" && ls -A | sort | tr '\n' ' ')
}
sums() {
	(cd "$T/other" && sha256sum -- * | tr '\n' ' ')
}
before=$(listing)
sum=$(sums)
m merge "$other" >"$T/out" 2>"$T/err" || fail "merge failed: $(cat "$T/err")"
[ "$(listing)" = "$before" ] ||
	fail "merge left files beside OTHER.db: $(listing) (before: $before)"
[ "$(sums)" = "$sum" ] || fail "merge changed OTHER.db"
m list | grep -q There || fail "There was not merged"

# A killed session: Later only in the -wal, and no -shm.
python3 - "$other" "$T/holding" "$T/release" <<'PY' &
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
mo import "$T/later.jsonl" 2>/dev/null || fail "import later failed"
: > "$T/release"
wait "$holder" 2>/dev/null
[ -s "$other-wal" ] || fail "the killed session left no -wal"
rm -f "$other-shm"
before=$(listing)
sum=$(sums)
m merge "$other" >"$T/out" 2>"$T/err" || fail "merge failed: $(cat "$T/err")"
[ "$(listing)" = "$before" ] ||
	fail "merge left files beside OTHER.db: $(listing) (before: $before)"
[ "$(sums)" = "$sum" ] || fail "merge changed OTHER.db or its -wal"
m list | grep -q Later || fail "Later, committed in OTHER.db's -wal, was not merged"
m export | grep -q Mary || fail "Later's span was not merged"
exit 0
