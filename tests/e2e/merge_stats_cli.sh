# margin merge and margin stats on the command line (SPEC §2, §10): what
# merge prints, that a second merge adds nothing, that OTHER.db is left
# byte for byte as it was, its errors and exit statuses; stats as a table
# (annotator names made safe for the terminal) and as JSON.
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"
other="$T/other.db"

# Here: two articles with alice's and bob's spans.  There: one of them
# again, with a span of carol's, alice's LOC with another note (a
# conflict), and a third article; carol marked the shared one done.
cat > "$T/here.jsonl" <<'J'
{"title": "one", "text": "Ada met Bob in Zürich.", "spans": [{"start": 0, "end": 3, "label": "PER", "annotator": "alice"}, {"start": 15, "end": 21, "label": "LOC", "annotator": "alice", "note": "city"}, {"start": 8, "end": 11, "label": "PER", "annotator": "bob"}]}
{"title": "two", "text": "東京 is far.", "spans": [{"start": 0, "end": 2, "label": "LOC", "annotator": "bob"}]}
J
cat > "$T/there.jsonl" <<'J'
{"title": "one", "text": "Ada met Bob in Zürich.", "spans": [{"start": 15, "end": 21, "label": "LOC", "annotator": "alice", "note": "lake city"}, {"start": 8, "end": 11, "label": "PER", "annotator": "carol"}]}
{"title": "three", "text": "Nothing but 🙂 here.", "spans": [{"start": 0, "end": 7, "label": "MISC", "annotator": "carol\u001b[2J"}]}
J
m import "$T/here.jsonl" 2>/dev/null || fail "import here failed"
"$MARGIN_BIN" --db "$other" import "$T/there.jsonl" 2>/dev/null ||
	fail "import there failed"
python3 - "$other" <<'PY' || fail "marking done in $other failed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with db:
    db.execute("INSERT INTO article_status(article, annotator, status, "
               "updated_at) VALUES (1, 'carol', 'done', 1700000000)")
db.close()
PY
before=$(sha256sum "$other" | cut -d' ' -f1)

m merge "$other" > "$T/merge1.out" 2> "$T/merge1.err" ||
	fail "merge exited $?: $(cat "$T/merge1.err")"
printf '%s\n' "merged $other" \
    '  articles    1 added, 1 already here' \
    '  labels      0 added' \
    '  spans       2 added, 0 already here, 1 conflicting' \
    '  tags        0 added, 0 already here' \
    '  done marks  1 added, 0 already here, 0 conflicting' \
    '  entities    0 added, 0 already here' \
    '  links       0 added, 0 conflicting' \
    '  relations   0 added, 0 already here; 0 relation labels added' \
    > "$T/want1"
diff -u "$T/want1" "$T/merge1.out" >&2 || fail "first merge reported otherwise"
grep -q '^margin: merge: 1 conflict kept as they are here (merge -v lists them)$' \
    "$T/merge1.err" || fail "no note of the conflict: $(cat "$T/merge1.err")"

m merge -v "$other" > "$T/merge2.out" 2> "$T/merge2.err" ||
	fail "second merge exited $?"
grep -q '^  articles    0 added, 2 already here$' "$T/merge2.out" &&
    grep -q '^  spans       0 added, 2 already here, 1 conflicting$' \
    "$T/merge2.out" &&
    grep -q '^  done marks  0 added, 1 already here, 0 conflicting$' \
    "$T/merge2.out" ||
	fail "second merge added something: $(cat "$T/merge2.out")"
grep -q '^margin: merge: conflict: article 1: LOC 15-21 “Zürich” of alice: accepted, note “city” here; accepted, note “lake city” there$' \
    "$T/merge2.err" || fail "merge -v: $(cat "$T/merge2.err")"
[ "$(sha256sum "$other" | cut -d' ' -f1)" = "$before" ] ||
	fail "merge changed $other"

# The spans arrived as they were.
m export --status all > "$T/all.csv" || fail "export failed"
check_csv "$T/all.csv" > "$T/labels" || fail "export does not match the text"
[ "$(grep -c . "$T/labels")" = 6 ] || fail "not 6 spans: $(cat "$T/labels")"

# Errors: no file (usage, 2), a missing one, this very database (1).
m merge > /dev/null 2>&1
[ $? = 2 ] || fail "merge without a file did not exit 2"
m merge "$T/nothing.db" > /dev/null 2> "$T/err"
[ $? = 1 ] && grep -q 'no such database' "$T/err" ||
	fail "merge of a missing file: $(cat "$T/err")"
m merge "$DB" > /dev/null 2> "$T/err"
[ $? = 1 ] && grep -q 'is this database' "$T/err" ||
	fail "merge into itself: $(cat "$T/err")"

# stats as a table: the escape sequence in a name is shown, not sent.
m stats > "$T/stats.out" 2> "$T/err" || fail "stats exited $?: $(cat "$T/err")"
printf '%s\n' '3 articles' '' \
    'label  accepted  suggested  rejected' \
    'PER           3          0         0' \
    'ORG           0          0         0' \
    'LOC           2          0         0' \
    'MISC          1          0         0' '' \
    'annotator  accepted  suggested  rejected  articles  done  todo  tags' \
    'alice             2          0         0         1     0     3     0' \
    'bob               2          0         0         2     0     3     0' \
    'carol             1          0         0         1     1     2     0' \
    'carol␛[2J         1          0         0         1     0     3     0' \
    > "$T/want.stats"
diff -u "$T/want.stats" "$T/stats.out" >&2 || fail "stats table differs"
if LC_ALL=C grep -q "$(printf '\033')" "$T/stats.out"; then
	fail "stats sent an escape character to the terminal"
fi

m stats --format json > "$T/stats.json" || fail "stats --format json failed"
python3 - "$T/stats.json" <<'PY' || fail "stats JSON is not right"
import json, sys
st = json.load(open(sys.argv[1], encoding="utf-8"))
assert st["articles"] == 3, st
labels = {l["label"]: l for l in st["labels"]}
assert [l["label"] for l in st["labels"]] == ["PER", "ORG", "LOC", "MISC"]
assert labels["PER"]["accepted"] == 3 and labels["LOC"]["accepted"] == 2
people = {a["annotator"]: a for a in st["annotators"]}
assert sorted(people) == ["alice", "bob", "carol", "carol\x1b[2J"], people
assert people["carol"]["done"] == 1 and people["carol"]["todo"] == 2
assert people["bob"]["articles"] == 2 and people["bob"]["accepted"] == 2
PY
m stats --format xml > /dev/null 2>&1
[ $? = 2 ] || fail "stats --format xml did not exit 2"
