# margin copy moves a whole database between SQLite and PostgreSQL (SPEC
# §17), losslessly: a SQLite database with articles, spans of three
# annotators, entities, a relation, tags, done marks, a trained model, a
# gazetteer and an undo and a redo waiting is copied to PostgreSQL and
# back; every table of the file that comes back holds the same rows, the
# exports are the same bytes on all three, and undo and redo in the
# copy take back and put back what they would in the source.  Copying
# again does nothing and says so; a destination holding other data and
# the source itself are refused and left as they were; new rows in the
# PostgreSQL copy get new ids.  Merge works across the two backends.
. tests/lib.sh
. tests/pg.sh
pg_start
export MARGIN_NOW=1700000000
seeds="$MARGIN_SHARED/corpus/seeds"
[ -d "$seeds" ] || fail "no seed articles in $seeds"

cat > "$T/rel.labels" <<'LABELS'
label PER key 1
label ORG key 2
label LOC key 3
relation spoke_with key w "spoke with"
LABELS
cat > "$T/two.jsonl" <<'JSONL'
{"text":"Blinken spoke with Lavrov in Geneva. Zoë Ünal 東京 🙂 wrote.","spans":[{"start":0,"end":7,"label":"PER","annotator":"alice"},{"start":19,"end":25,"label":"PER","annotator":"alice"},{"start":29,"end":35,"label":"LOC","annotator":"alice"},{"start":0,"end":7,"label":"PER","annotator":"bob"},{"start":29,"end":35,"label":"ORG","annotator":"bob"}]}
{"text":"He said \"no\" to C:\\temp\\new\tand 'that' — {[ok]}.","spans":[{"start":0,"end":2,"label":"PER","annotator":"bob"}]}
JSONL
printf 'Geneva\tLOC\nLavrov\tPER\nBlinken\tPER\n' > "$T/names.txt"

# dump DB OUT: what the commands show of the database at DB.
dump() {
	local out=$2
	mkdir -p "$out"
	for f in jsonl csv conll; do
		"$MARGIN_BIN" --db "$1" export --format "$f" --status all \
			-o "$out/export.$f" > /dev/null 2>&1 ||
			fail "export $f of $1"
	done
	"$MARGIN_BIN" --db "$1" export --format csv --what relations \
		-o "$out/relations.csv" > /dev/null 2>&1 || fail "relations of $1"
	for c in list stats "entities list" "gazetteer list" "labels list"; do
		# shellcheck disable=SC2086
		"$MARGIN_BIN" --db "$1" $c > "$out/${c%% *}" 2>&1 ||
			fail "$c on $1: $(cat "$out/${c%% *}")"
	done
}

# rows FILE: every row of every table of a SQLite file, in key order,
# values with their types (a blob as its hex).
rows() {
	python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
for t in ["labels", "relation_labels", "articles", "article_status",
          "article_tags", "entities", "spans", "relations", "history",
          "gazetteers", "gazetteer_names", "models"]:
    cols = [r[1] for r in db.execute(f"pragma table_info({t})")]
    sel = ", ".join(f"typeof({c}), quote({c})" for c in cols)
    for r in db.execute(f"select {sel} from {t} order by 1"):
        print(t, r)
PY
}

# --- the source, on SQLite ---
LITE="$T/lite.db"
DB=$LITE
m labels load "$T/rel.labels" > /dev/null 2>&1 || fail "labels load"
m import "$seeds" > /dev/null 2>&1 || fail "import of the seeds"
m import "$T/two.jsonl" > /dev/null 2>&1 || fail "jsonl import"
m entities link 1 --new > /dev/null 2>&1 &&
	m entities link 2 --new Lavrov > /dev/null 2>&1 &&
	m --annotator alice entities relate 1 spoke_with 2 > /dev/null 2>&1 ||
	fail "entities and relations"
m tag 3 politics > /dev/null 2>&1 && m tag 6 politics > /dev/null 2>&1 ||
	fail "tags"
m gazetteer load "$T/names.txt" > /dev/null 2>&1 || fail "gazetteer load"
# alice's article is done: the model learns from it.
printf ':goto 6\nM\n' > "$T/done.keys"
MARGIN_ANNOTATOR=alice m --script "$T/done.keys" 2> "$T/ui.err" ||
	fail "done by alice: $(cat "$T/ui.err")"
m train --epochs 2 > "$T/train.out" 2>&1 || fail "train: $(cat "$T/train.out")"
# carol: a tag, her done mark, a second tag undone: one undo and one redo
# wait for her.
printf ':goto 1\nw\n1\nM\n:goto 1\nw\nw\nw\n2\nu\n' > "$T/carol.keys"
MARGIN_ANNOTATOR=carol m --script "$T/carol.keys" 2> "$T/ui.err" ||
	fail "carol's work: $(cat "$T/ui.err")"
[ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from models\").fetchone()[0])" "$LITE")" = 1 ] ||
	fail "no model trained"
dump "$LITE" "$T/d.lite"
rows "$LITE" > "$T/rows.lite"
grep -q "^history .*'undone'" "$T/rows.lite" || fail "nothing to redo in the source"

# --- SQLite to PostgreSQL, and back ---
pg_db copy1
PG=$DB
"$MARGIN_BIN" copy "$LITE" "$PG" > "$T/copy1.out" 2> "$T/copy1.err" ||
	fail "copy to PostgreSQL: $(cat "$T/copy1.err")"
expect_in "$T/copy1.out" "verified"
grep -Eq '^  models +1 rows$' "$T/copy1.out" || fail "copy: $(cat "$T/copy1.out")"
grep -Eq '^  gazetteer_names +3 rows$' "$T/copy1.out" ||
	fail "copy: $(cat "$T/copy1.out")"
BACK="$T/back.db"
"$MARGIN_BIN" copy "$PG" "$BACK" > "$T/copy2.out" 2> "$T/copy2.err" ||
	fail "copy from PostgreSQL: $(cat "$T/copy2.err")"
rows "$BACK" > "$T/rows.back"
diff "$T/rows.lite" "$T/rows.back" >&2 ||
	fail "the rows that came back from PostgreSQL are not the rows sent"
dump "$PG" "$T/d.pg"
dump "$BACK" "$T/d.back"
diff -r "$T/d.lite" "$T/d.pg" >&2 || fail "the PostgreSQL copy shows other data"
diff -r "$T/d.lite" "$T/d.back" >&2 || fail "the copy back shows other data"
# The model is the same bytes on the server.
want=$(python3 -c "import sqlite3,sys,hashlib; print(hashlib.md5(sqlite3.connect(sys.argv[1]).execute('select params from models').fetchone()[0]).hexdigest())" "$LITE")
got=$(psql -X -At -h "$PG_SOCK" -U margin -d copy1 -c "select md5(params) from models")
[ "$want" = "$got" ] || fail "the model on the server is not the model: $got, not $want"
# Search works on the copies (its index is made there).
word=$(head -c 2000 "$(ls "$seeds"/* | head -1)" | tr -cs 'A-Za-z' '\n' | awk 'length > 6' | head -1)
printf '/%s\n:dump %s\n' "$word" "$T/s.pg" > "$T/search.keys"
DB=$PG m --script "$T/search.keys" 2> /dev/null || fail "search on the copy"
printf '/%s\n:dump %s\n' "$word" "$T/s.lite" > "$T/search.keys"
DB=$LITE m --script "$T/search.keys" 2> /dev/null || fail "search on the source"
diff "$T/s.lite" "$T/s.pg" >&2 || fail "search differs on the copy"

# SQLite to SQLite and PostgreSQL to PostgreSQL: the same again.
"$MARGIN_BIN" copy "$LITE" "$T/lite2.db" > /dev/null 2>&1 || fail "copy to SQLite"
rows "$T/lite2.db" | diff "$T/rows.lite" - >&2 || fail "the SQLite copy differs"
pg_db copy3
"$MARGIN_BIN" copy "$PG" "$DB" > /dev/null 2> "$T/copy3.err" ||
	fail "copy PostgreSQL to PostgreSQL: $(cat "$T/copy3.err")"
dump "$DB" "$T/d.pg3"
diff -r "$T/d.lite" "$T/d.pg3" >&2 || fail "the copy on the same server differs"

# --- again: nothing to do, nothing changed ---
count_pg() { psql -X -At -h "$PG_SOCK" -U margin -d copy1 -c "$1"; }
before=$(count_pg "select count(*), max(id) from history")
"$MARGIN_BIN" copy "$LITE" "$PG" > "$T/again.out" 2> "$T/again.err" ||
	fail "copy again failed: $(cat "$T/again.err")"
expect_in "$T/again.out" "already a copy"
expect_in "$T/again.out" "nothing to do"
[ "$(count_pg "select count(*), max(id) from history")" = "$before" ] ||
	fail "copying again changed the copy"
sum=$(sha256sum < "$BACK")
"$MARGIN_BIN" copy "$PG" "$BACK" > "$T/again2.out" 2>&1 ||
	fail "copy back again failed: $(cat "$T/again2.out")"
expect_in "$T/again2.out" "nothing to do"
[ "$(sha256sum < "$BACK")" = "$sum" ] || fail "copying back again changed the file"

# --- a destination with other data, and the source itself: refused ---
DB="$T/other.db"
printf 'Another text altogether.\n' > "$T/other.txt"
m import "$T/other.txt" > /dev/null 2>&1 || fail "import into other.db"
sum=$(sha256sum < "$T/other.db")
"$MARGIN_BIN" copy "$LITE" "$T/other.db" > "$T/refused.out" 2> "$T/refused.err" &&
	fail "copy into a database with other data succeeded"
expect_in "$T/refused.err" "already holds other data"
expect_in "$T/refused.err" "merge"
[ "$(sha256sum < "$T/other.db")" = "$sum" ] || fail "the refused destination changed"
pg_db other
m import "$T/other.txt" > /dev/null 2>&1 || fail "import into other"
OTHER_PG=$DB
"$MARGIN_BIN" copy "$LITE" "$OTHER_PG" > "$T/refused.out" 2> "$T/refused.err" &&
	fail "copy into a server database with other data succeeded"
expect_in "$T/refused.err" "already holds other data"
[ "$(psql -X -At -h "$PG_SOCK" -U margin -d other -c 'select count(*) from articles')" = 1 ] ||
	fail "the refused server database changed"
"$MARGIN_BIN" copy "$LITE" "$T/./lite.db" 2> "$T/self.err" &&
	fail "copy onto itself succeeded"
expect_in "$T/self.err" "same database"
"$MARGIN_BIN" copy "$PG" "postgresql://margin@/copy1?host=$PG_SOCK" 2> "$T/self.err" &&
	fail "copy of a server database onto itself succeeded"
expect_in "$T/self.err" "same database"
rows "$LITE" | diff "$T/rows.lite" - >&2 || fail "the source changed"
# A source of another schema version: refused, and left as it is.
for v in 5 7; do
	cp "$LITE" "$T/v$v.db"
	python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('pragma user_version = $v'); c.commit()" "$T/v$v.db"
	sum=$(sha256sum < "$T/v$v.db")
	"$MARGIN_BIN" copy "$T/v$v.db" "$T/v$v.copy.db" 2> "$T/v.err" &&
		fail "a source of schema version $v was copied"
	[ "$(sha256sum < "$T/v$v.db")" = "$sum" ] || fail "the source of version $v changed"
	[ -e "$T/v$v.copy.db" ] && fail "a destination was made from version $v"
	[ $v = 5 ] && expect_in "$T/v.err" "open it once with margin"
	[ $v = 7 ] && expect_in "$T/v.err" "upgrade margin"
done
"$MARGIN_BIN" copy "$T/none.db" "$T/none.copy.db" 2> "$T/none.err" &&
	fail "a missing source was copied"
expect_in "$T/none.err" "none.db: no such database"
# A password is never in argv: refused, and not shown.
"$MARGIN_BIN" copy "$LITE" "postgresql://margin:s3cret@/x?host=$PG_SOCK" 2> "$T/pw.err" &&
	fail "a password in the destination was taken"
grep -q s3cret "$T/pw.err" && fail "the password was shown: $(cat "$T/pw.err")"

# --- undo and redo in the copy do what they do in the source ---
# carol's redo puts her ORG back, her undos take it, her done mark and
# her PER tag back: each step changes the export, alike on both.
for k in '<C-r>' 'u' 'u' 'u'; do
	printf ':goto 1\n%s\n' "$k" > "$T/k.keys"
	for d in "$LITE" "$PG"; do
		MARGIN_ANNOTATOR=carol "$MARGIN_BIN" --db "$d" --script "$T/k.keys" \
			2> "$T/ui.err" || fail "$k on $d: $(cat "$T/ui.err")"
	done
	dump "$LITE" "$T/k.lite"
	dump "$PG" "$T/k.pg"
	diff -r "$T/k.lite" "$T/k.pg" >&2 || fail "$k in the copy differs from the source"
	cmp -s "$T/k.lite/export.jsonl" "$T/d.lite/export.jsonl" &&
		fail "$k changed nothing"
	cp "$T/k.lite/export.jsonl" "$T/d.lite/export.jsonl"
done
grep -c ',carol,' "$T/k.pg/export.csv" | grep -qx 0 ||
	fail "carol's tags not all undone: $(grep ',carol,' "$T/k.pg/export.csv")"

# --- new rows in the copy get new ids ---
max=$(count_pg "select max(id) from article_tags")
DB=$PG m tag 2 fresh > "$T/tag.out" 2>&1 || fail "a tag in the copy: $(cat "$T/tag.out")"
[ "$(count_pg "select id from article_tags where tag = 'fresh'")" -gt "$max" ] ||
	fail "the new tag did not get a new id"

# --- merge across backends ---
cat > "$T/three.jsonl" <<'JSONL'
{"text":"Merkel met Macron in Aachen.","spans":[{"start":0,"end":6,"label":"PER","annotator":"dora"}]}
JSONL
DB="$T/m.db"
m import "$T/three.jsonl" > /dev/null 2>&1 || fail "import into m.db"
DB=$PG m merge "$T/m.db" > "$T/merge1.out" 2>&1 ||
	fail "merge SQLite into PostgreSQL: $(cat "$T/merge1.out")"
grep -Eq 'articles +1 added' "$T/merge1.out" || fail "merge: $(cat "$T/merge1.out")"
grep -Eq 'spans +1 added' "$T/merge1.out" || fail "merge: $(cat "$T/merge1.out")"
DB="$T/m.db" m merge "$PG" > "$T/merge2.out" 2>&1 ||
	fail "merge PostgreSQL into SQLite: $(cat "$T/merge2.out")"
grep -Eq 'articles +[1-9][0-9]* added, 1 already here' "$T/merge2.out" ||
	fail "merge: $(cat "$T/merge2.out")"
DB=$PG m merge "postgresql://margin@/copy1?host=$PG_SOCK" > "$T/merge3.out" 2>&1 &&
	fail "merge of a server database into itself succeeded"
expect_in "$T/merge3.out" "is this database"
exit 0
