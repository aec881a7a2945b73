# margin entities (SPEC §16) on the command line: links made from
# scripts, the list as a table aligned by display width, TSV and JSON
# lines, rename, a merge of several entities undone by one undo, split
# by text and by span, rm, the export as JSON lines and RFC 4180 CSV,
# and the errors and exit codes.
. tests/lib.sh
cd "$T"

cat > "$T/a.jsonl" <<'JSONL'
{"text":"Alexei Navalny met Antony Blinken. Aleksey Navalny left; Blinken stayed, said Навальный.","spans":[{"start":0,"end":14,"label":"PER"},{"start":19,"end":33,"label":"PER"},{"start":35,"end":50,"label":"PER"},{"start":57,"end":64,"label":"PER"},{"start":78,"end":87,"label":"PER"}]}
JSONL
m import "$T/a.jsonl" 2>/dev/null || fail "import failed"

# Spans 1-5; entities 1 Alexei Navalny (spans 1, 3), 2 Antony Blinken
# (2), 3 Blinken (4), 4 Навальный (5).
[ "$(m entities link 1 --new)" = 1 ] || fail "link 1 --new"
m entities link 3 1 || fail "link 3 1"
[ "$(m entities link 2 --new --kb-id Q123)" = 2 ] || fail "link 2 --new"
[ "$(m entities link 4 --new)" = 3 ] || fail "link 4 --new"
[ "$(m entities link 5 --new)" = 4 ] || fail "link 5 --new"

m entities list > "$T/list.txt" || fail "list exited $?"
printf '%s\n' \
'id  label  name            kb_id  mentions  suggested' \
' 1  PER    Alexei Navalny                2          0' \
' 2  PER    Antony Blinken  Q123          1          0' \
' 3  PER    Blinken                       1          0' \
' 4  PER    Навальный                     1          0' > "$T/list.want"
diff -u "$T/list.want" "$T/list.txt" >&2 || fail "the table differs"
m entities list --format tsv | sed -n 2p > "$T/row.tsv"
printf '2\tPER\tAntony Blinken\tQ123\t1\t0\n' | cmp -s - "$T/row.tsv" ||
	fail "TSV row: $(cat "$T/row.tsv")"
m entities list --format jsonl --label PER | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [r["name"] for r in rows][:2] == ["Alexei Navalny", "Antony Blinken"], rows
assert rows[0]["mentions"] == 2 and rows[1]["kb_id"] == "Q123", rows' ||
	fail "JSON lines differ"

# A wide name keeps the columns aligned (display width, not bytes).
m entities rename 4 'Алексей 北京' --kb-id Q7747 || fail "rename exited $?"
m entities list | grep -F ' 4  PER    Алексей 北京' > /dev/null ||
	fail "rename: $(m entities list)"
m entities list > "$T/wide.txt"
python3 - "$T/wide.txt" <<'PY' || fail "the wide row is not aligned"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
head, *rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
row, = [r for r in rows if "Q7747" in r]
assert width(row[:row.index("Q7747")]) == head.index("kb_id") == 27, row
PY

# Merge 3 and 4 into 2 at once; one undo takes both back.
m entities merge 2 3 4 2> "$T/merge.err" || fail "merge exited $?"
expect_in "$T/merge.err" "merged 2 entities into 2; 2 mentions moved"
[ "$(m entities list --format tsv | cut -f1,5 | tr '\t\n' ' |')" = "1 2|2 3|" ] ||
	fail "after merge: $(m entities list --format tsv)"
ui 80x24 'u'
[ "$(m entities list --format tsv | cut -f1 | tr '\n' ' ')" = "1 2 3 4 " ] ||
	fail "one undo did not bring both back: $(m entities list --format tsv)"

# Split: by text, then by span.
[ "$(m entities split 1 --text 'Aleksey Navalny' 'Aleksey N.')" = 5 ] ||
	fail "split --text did not print 5"
m entities export | python3 -c '
import json, sys
rows = {r["id"]: r for r in map(json.loads, sys.stdin)}
assert [s["start"] for s in rows[5]["spans"]] == [35], rows[5]
assert [s["start"] for s in rows[1]["spans"]] == [0], rows[1]
s = rows[1]["spans"][0]
assert (s["article"], s["end"], s["text"], s["annotator"]) == (1, 14, "Alexei Navalny", "imported"), s' ||
	fail "export after split differs"
m entities split 2 --span 2 Tony > /dev/null || fail "split --span exited $?"

# CSV through Python's csv module: one row per mention, an entity
# without mentions has one row too.
m entities rm 3 || fail "rm exited $?"
m entities rename 1 'Navalny, "Alexei"' || fail "rename with quotes"
m entities export --format csv -o "$T/e.csv" || fail "export csv exited $?"
python3 - "$T/e.csv" <<'PY' || fail "CSV differs"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0] == ["entity_id", "label", "name", "kb_id", "article_id",
    "start", "end", "text", "annotator", "link"], rows[0]
byname = {r[2]: r for r in rows[1:]}
assert byname['Navalny, "Alexei"'][4:8] == ["1", "0", "14", "Alexei Navalny"], byname
assert byname["Antony Blinken"][4:] == ["", "", "", "", "", ""], byname
assert len(rows) == 1 + 5, rows
PY

# Errors: usage 2, runtime 1, both as margin: entities: ...
rc=0; m entities merge 1 1 2> "$T/e1" || rc=$?
[ "$rc" = 2 ] || fail "merge into itself exited $rc"
expect_in "$T/e1" "margin: entities: merge: entity 1 cannot be merged into itself"
rc=0; m entities link 1 99 2> "$T/e2" || rc=$?
[ "$rc" = 1 ] || fail "link to no entity exited $rc"
expect_in "$T/e2" "margin: entities: link: no entity 99"
rc=0; m entities relate 1 knows 2 2> "$T/e3" || rc=$?
[ "$rc" = 1 ] || fail "relate with no such label exited $rc"
expect_in "$T/e3" "margin: entities: relate: "
rc=0; m entities frobnicate 2> "$T/e4" || rc=$?
[ "$rc" = 2 ] || fail "an unknown subcommand exited $rc"
expect_in "$T/e4" "unknown entities command"
rc=0; m entities split 1 NAME 2> "$T/e5" || rc=$?
[ "$rc" = 2 ] || fail "split without --text or --span exited $rc"
rc=0; m entities split 1 --text Nobody X 2> "$T/e6" || rc=$?
[ "$rc" = 1 ] || fail "split of no mention exited $rc"
expect_in "$T/e6" "no mention of entity 1 reads \"Nobody\""

# suggest: a mention with no link is offered the entity its text names
# (a surname, a transliteration), never linked outright; again, nothing.
cat > "$T/b.jsonl" <<'JSONL'
{"text":"Navalny and Alexey Navalny; Peskov spoke.","spans":[{"start":0,"end":7,"label":"PER"},{"start":12,"end":26,"label":"PER"},{"start":28,"end":34,"label":"PER"}]}
JSONL
ms() { "$MARGIN_BIN" --db "$T/s.db" "$@"; }
ms import "$T/b.jsonl" 2>/dev/null || fail "import b failed"
ms entities link 2 --new "Alexei Navalny" >/dev/null ||
	fail "link 2 --new"
ms entities suggest --all 2> "$T/sugg.err" || fail "suggest exited $?"
expect_in "$T/sugg.err" "1 link offered to 2 spans with none (1 entity)"
python3 - "$T/s.db" <<'PY' || fail "suggested links: see above"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("select text, entity, entity_status from spans"
                 " order by start").fetchall()
want = [("Navalny", 1, "suggested"), ("Alexey Navalny", 1, "accepted"),
        ("Peskov", None, None)]
assert got == want, got
PY
ms entities suggest --all 2> "$T/sugg2.err" || fail "suggest again"
expect_in "$T/sugg2.err" "0 links offered to 1 span with none"
