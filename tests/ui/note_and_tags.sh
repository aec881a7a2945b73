# c edits the note of the span under the cursor (exported in the note
# column, marked * in the annotations pane); T edits the article's tags
# (exported with --what tags, filtered with list --tag).
. tests/lib.sh
three_articles
ui 100x12 '<Enter>
1 c
first<Space>word
<Enter>
T
transport<Space>zurich
<Enter>
:dump '"$T"'/screen.txt
T
<C-u>transport
<Enter>'
expect_in "$T/screen.txt" "PER *Tram"
m export > "$T/spans.csv"
python3 - "$T/spans.csv" <<'PY' || fail "note not exported"
import csv, sys
(r,) = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert r["note"] == "first word", r
PY
m export --what tags > "$T/tags.csv" || fail "tags export"
python3 - "$T/tags.csv" <<'PY' || fail "tags: $(cat "$T/tags.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert [(r["tag"], r["annotator"]) for r in rows] == [("transport", "tester")], rows
PY
[ "$(m list --tag transport | tail -n +2 | cut -f1)" = 1 ] || fail "list --tag"
