# Another program's SQLite file whose tables happen to be called articles,
# spans, labels and history is not a margin database (SPEC §5, §12),
# whatever its user_version: only a file with margin's application_id, or
# one with exactly the tables and columns of a margin schema, is.  Every
# command refuses it (exit 1, "not a margin database"); no byte of it
# changes and no -wal, -shm or -journal is left beside it.  A margin
# database of schema version 1 without its application_id (as very early
# versions left it) still opens.
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"

# foreign FILE USER_VERSION JOURNAL: a blog's database.
foreign() {
	python3 - "$1" "$2" "$3" <<'PY' || fail "cannot make $1"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute(f"PRAGMA journal_mode = {sys.argv[3]}")
c.executescript(f"""
CREATE TABLE articles(id INTEGER PRIMARY KEY, slug TEXT, body TEXT);
CREATE TABLE spans(id INTEGER PRIMARY KEY, article INTEGER, width INTEGER);
CREATE TABLE labels(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE history(id INTEGER PRIMARY KEY, at INTEGER, what TEXT);
INSERT INTO articles VALUES (1, 'hello', 'Hello, world.');
PRAGMA user_version = {sys.argv[2]};
""")
c.commit()
c.close()
PY
}
foreign "$T/blog0.db" 0 delete
foreign "$T/blog1.db" 1 delete
foreign "$T/blog2.db" 2 delete
foreign "$T/blogwal.db" 2 wal

# Nearly margin's: a real version 2 database without its application_id,
# and with one column of articles renamed.
printf '%s\n' '{"title": "Real", "text": "Ada Lovelace."}' > "$T/real.jsonl"
m import "$T/real.jsonl" 2>/dev/null || fail "import failed"
cp "$DB" "$T/near.db"
python3 - "$T/near.db" <<'PY' || fail "cannot make near.db"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA application_id = 0")
c.execute("ALTER TABLE articles RENAME COLUMN source TO origin")
c.commit()
c.execute("PRAGMA journal_mode = DELETE")
c.close()
PY

printf 'q\n' > "$T/quit"
printf 'Another article.\n' > "$T/other.txt"
problems=""
for file in blog0 blog1 blog2 blogwal near; do
	f="$T/$file.db"
	sum=$(sha256sum "$f" | cut -d' ' -f1)
	for cmd in "list" "export" "import $T/other.txt" "labels add NEWLABEL" \
	    "--readonly list" "--size 80x24 --script $T/quit"; do
		# shellcheck disable=SC2086
		"$MARGIN_BIN" --db "$f" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" != 1 ]; then
			problems="$problems
- $file: margin $cmd exited $rc, not 1 ($(head -c 200 "$T/err"))"
		elif ! grep -q 'not a margin database' "$T/err"; then
			problems="$problems
- $file: margin $cmd said \"$(head -c 200 "$T/err")\""
		fi
		if [ "$(sha256sum "$f" | cut -d' ' -f1)" != "$sum" ]; then
			problems="$problems
- $file: margin $cmd changed the file"
			sum=$(sha256sum "$f" | cut -d' ' -f1)
		fi
		for x in -wal -shm -journal; do
			if [ -e "$f$x" ]; then
				problems="$problems
- $file: margin $cmd left $file.db$x"
				rm -f "$f$x"
			fi
		done
	done
done
[ -z "$problems" ] || fail "a foreign database was not refused untouched:$problems"

# Margin's own version 1 schema, without an application_id, is margin's.
cp "$DB" "$T/v1.db"
python3 - "$T/v1.db" <<'PY' || fail "cannot make v1.db"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("""
PRAGMA application_id = 0;
DROP TABLE relations; DROP TABLE relation_labels;
CREATE TABLE spans_v1 (id INTEGER PRIMARY KEY, article INTEGER NOT NULL,
  start INTEGER NOT NULL, end INTEGER NOT NULL,
  start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,
  label TEXT NOT NULL, text TEXT NOT NULL, annotator TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'accepted',
  origin TEXT NOT NULL DEFAULT 'manual', note TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0, created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
INSERT INTO spans_v1 SELECT id, article, start, end, start_byte, end_byte,
  label, text, annotator, status, origin, note, score, created_at,
  updated_at FROM spans;
DROP TABLE spans; ALTER TABLE spans_v1 RENAME TO spans;
DROP TABLE entities;
DROP TABLE gazetteer_names; DROP TABLE gazetteers; DROP TABLE models;
DROP INDEX history_undo; DROP INDEX history_by_entity;
ALTER TABLE history DROP COLUMN kind;
ALTER TABLE history DROP COLUMN state;
ALTER TABLE history DROP COLUMN reverts;
PRAGMA user_version = 1;
""")
c.close()
PY
"$MARGIN_BIN" --db "$T/v1.db" --readonly list >"$T/out" 2>"$T/err" ||
	fail "a version 1 margin database is refused: $(cat "$T/err")"
expect_in "$T/out" "Real"
"$MARGIN_BIN" --db "$T/v1.db" labels add NEWLABEL 2>"$T/err" ||
	fail "a version 1 margin database is not migrated: $(cat "$T/err")"
exit 0
