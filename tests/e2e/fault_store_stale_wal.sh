# A -wal that belongs to another state of the database is never replayed
# (SPEC §12).  A session is killed and leaves its -wal and -shm; the
# database file is then restored from an older backup beside them.  Every
# command refuses it (exit 1) with a message naming the -wal and saying
# what to do, and the three files are byte-identical afterwards.  The
# same -wal beside the file it belongs to (the killed session's own
# state) opens, with the killed session's work in it.
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"

article() {
	printf '{"title": "%s", "text": "%s met Ada in Zürich.", "spans": [{"start": 0, "end": %d, "label": "PER"}]}\n' \
	    "$1" "$1" "${#1}" > "$T/$1.jsonl"
}
for name in One Two Three Four; do
	article "$name"
done
m import "$T/One.jsonl" 2>/dev/null || fail "import One failed"
[ ! -e "$DB-wal" ] || fail "a -wal file stayed after a clean exit"
cp "$DB" "$T/backup.db"
m import "$T/Two.jsonl" 2>/dev/null || fail "import Two failed"
m import "$T/Three.jsonl" 2>/dev/null || fail "import Three failed"

# A session that never ends: a reader holds the database open (so no
# close checkpoints it) while Four is imported, then it is killed.
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
m import "$T/Four.jsonl" 2>/dev/null || fail "import Four failed"
: > "$T/release"
wait "$holder" 2>/dev/null
[ -s "$DB-wal" ] || fail "the killed session left no -wal"
[ -e "$DB-shm" ] || fail "the killed session left no -shm"

# The killed session's own files open, with Four.
mkdir "$T/own"
cp "$DB" "$DB-wal" "$DB-shm" "$T/own/"
"$MARGIN_BIN" --db "$T/own/test.db" list >"$T/own.out" 2>"$T/own.err" ||
	fail "the killed session's own -wal is refused: $(cat "$T/own.err")"
expect_in "$T/own.out" "Four"

# The backup put back beside the -wal and -shm.
cp "$T/backup.db" "$DB"
sums() {
	sha256sum "$DB" "$DB-wal" "$DB-shm" 2>/dev/null | cut -d' ' -f1 | tr '\n' ' '
}
sum=$(sums)
printf 'q\n' > "$T/quit"
problems=""
for cmd in "list" "export" "import $T/Two.jsonl" "labels add NEWLABEL" \
    "tag 1 urgent" "--readonly list" "--size 80x24 --script $T/quit"; do
	# shellcheck disable=SC2086
	m $cmd >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" != 1 ]; then
		problems="$problems
- margin $cmd exited $rc, not 1 ($(head -c 300 "$T/err"))"
	elif ! grep -qF -- "$DB-wal" "$T/err" ||
	    ! grep -qiE 'backup|another state|belong' "$T/err"; then
		problems="$problems
- margin $cmd said \"$(head -c 300 "$T/err")\", not that the -wal is not this file's"
	fi
	if [ "$(sums)" != "$sum" ]; then
		problems="$problems
- margin $cmd changed the database, its -wal or its -shm"
		sum=$(sums)
	fi
done
[ -z "$problems" ] || fail "a -wal from another state of the database:$problems"

# Moving the -wal and -shm away, as the message says, opens the backup.
mv "$DB-wal" "$T/saved-wal"
mv "$DB-shm" "$T/saved-shm"
m list >"$T/out" 2>"$T/err" || fail "the backup alone is refused: $(cat "$T/err")"
expect_in "$T/out" "One"
expect_not_in "$T/out" "Two"
exit 0
