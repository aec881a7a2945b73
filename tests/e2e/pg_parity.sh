# The same work on SQLite and on PostgreSQL gives the same data (SPEC
# §17: every command, the TUI, undo, history, agreement, review and
# exports behave the same).  One script of commands and headless TUI
# keys is run on a SQLite file and on a database of a throwaway cluster,
# with the clock pinned; every export, listing and report must be the
# same bytes on both.
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
relation met key m symmetric "met"
LABELS
cat > "$T/two.jsonl" <<'JSONL'
{"text":"Blinken spoke with Lavrov in Geneva. Zoë Ünal 東京 🙂 wrote.","spans":[{"start":0,"end":7,"label":"PER","annotator":"alice"},{"start":19,"end":25,"label":"PER","annotator":"alice"},{"start":29,"end":35,"label":"LOC","annotator":"alice"},{"start":0,"end":7,"label":"PER","annotator":"bob"},{"start":19,"end":25,"label":"PER","annotator":"bob"},{"start":29,"end":35,"label":"ORG","annotator":"bob"},{"start":37,"end":45,"label":"PER","annotator":"bob"}]}
JSONL
# Tag, move, relabel, delete, undo, redo, done; then next article.
cat > "$T/keys" <<'KEYS'
:goto 1
w
w
1
w
w
3
w
2
u
u
<C-r>
M
:goto 2
w
1
w
w
w
2
x
u
M
:dump DUMP
KEYS

work() {	# work OUTDIR: the script on $DB
	local out=$1
	mkdir -p "$out"
	m labels load "$T/rel.labels" > /dev/null 2>&1 || fail "labels load on $DB"
	m import "$seeds" > "$out/import" 2>&1 || fail "import on $DB: $(cat "$out/import")"
	m import "$T/two.jsonl" > /dev/null 2>&1 || fail "jsonl import on $DB"
	m entities link 1 --new > "$out/link1" 2>&1 &&
	m entities link 4 1 > /dev/null 2>&1 &&
	m entities link 2 --new Lavrov > /dev/null 2>&1 &&
	m --annotator alice entities relate 1 spoke_with 2 > /dev/null 2>&1 &&
	m --annotator bob entities relate 5 met 4 > /dev/null 2>&1 ||
		fail "entities on $DB"
	m tag 3 politics > /dev/null 2>&1 && m tag 4 politics > /dev/null 2>&1 ||
		fail "tag on $DB"
	sed "s|DUMP|$out/screen|" "$T/keys" > "$T/keys.$$"
	MARGIN_ANNOTATOR=carol m --size 90x30 --script "$T/keys.$$" \
		2> "$out/ui.err" || fail "the TUI on $DB: $(cat "$out/ui.err")"
	printf ':goto 6\nM\n' > "$T/done.$$"
	for who in alice bob; do
		MARGIN_ANNOTATOR=$who m --script "$T/done.$$" 2> "$out/ui.err" ||
			fail "done by $who on $DB: $(cat "$out/ui.err")"
	done
	for f in jsonl csv conll brat; do
		m export --format "$f" --status all -o "$out/export.$f" \
			> /dev/null 2>&1 || fail "export $f on $DB"
	done
	m export --format csv --what relations -o "$out/relations.csv" \
		> /dev/null 2>&1 || fail "export relations on $DB"
	m list > "$out/list" 2>&1 || fail "list on $DB"
	m list --tag politics > "$out/list.tag" 2>&1 || fail "list --tag on $DB"
	m stats > "$out/stats" 2>&1 || fail "stats on $DB"
	m entities list > "$out/entities" 2>&1 || fail "entities list on $DB"
	m agree --annotators alice,bob --format json > "$out/agree" 2>&1 || fail "agree on $DB: $(cat "$out/agree")"
	m review --annotators alice,bob --list --all > "$out/review" 2>&1 ||
		fail "review on $DB: $(cat "$out/review")"
}

DB="$T/lite.db"
work "$T/lite"
pg_db parity
work "$T/pg"
diff -r "$T/lite" "$T/pg" >&2 || fail "SQLite and PostgreSQL differ"
# The work is there: spans of three annotators, the relation, the tags.
grep -q ',carol,' "$T/pg/export.csv" || fail "no span of carol's in the export"
grep -q 'spoke_with' "$T/pg/relations.csv" || fail "no relation exported"
[ "$(wc -l < "$T/pg/list.tag")" = 3 ] || fail "list --tag: $(cat "$T/pg/list.tag")"
grep -q '"articles":1' "$T/pg/agree" || fail "agree saw no article: $(cat "$T/pg/agree")"
grep -q 'relation spoke_with' "$T/pg/review" || fail "review: $(cat "$T/pg/review")"
# carol's undo, redo, delete and its undo: 4 of her 5 tags are left,
# and the two articles she opened are done by her.
[ "$(grep -c ',carol,' "$T/pg/export.csv")" = 4 ] ||
	fail "carol's spans: $(grep ',carol,' "$T/pg/export.csv")"
grep -Eq '^carol +4 +0 +0 +2 +2 ' "$T/pg/stats" || fail "stats: $(cat "$T/pg/stats")"
exit 0
