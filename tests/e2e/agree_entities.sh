# margin agree on entity links and relations (SPEC §10, §16): two
# annotators' spans imported, linked and related through `margin
# entities`, the articles marked done in the TUI, then the links table
# of the text report and the JSON members, computed by hand below.
. tests/lib.sh
cd "$T"

cat > "$T/rel.labels" <<'LABELS'
label PER key 1
label ORG key 2
label LOC key 3
relation spoke_with key w "spoke with"
relation met key m symmetric "met"
LABELS
m labels load "$T/rel.labels" 2>/dev/null || fail "labels load failed"

# Spans 1-3 alice's, 4-6 bob's, in import order.
cat > "$T/one.jsonl" <<'JSONL'
{"text":"Blinken spoke with Lavrov in Geneva.","spans":[{"start":0,"end":7,"label":"PER","annotator":"alice"},{"start":19,"end":25,"label":"PER","annotator":"alice"},{"start":29,"end":35,"label":"LOC","annotator":"alice"},{"start":0,"end":7,"label":"PER","annotator":"bob"},{"start":19,"end":25,"label":"PER","annotator":"bob"},{"start":29,"end":35,"label":"ORG","annotator":"bob"}]}
JSONL
m import "$T/one.jsonl" 2>/dev/null || fail "import failed"

# Entities: 1 Blinken (alice's and bob's Blinken), 2 Lavrov (alice's),
# 3 Sergey Lavrov (bob's), 4 Geneva (alice's LOC).
[ "$(m entities link 1 --new)" = 1 ] || fail "link --new did not print 1"
m entities link 4 1 || fail "link 4 1 failed"
[ "$(m entities link 2 --new Lavrov)" = 2 ] || fail "link 2 --new"
[ "$(m entities link 5 --new 'Sergey Lavrov')" = 3 ] || fail "link 5 --new"
m entities link 3 --new > /dev/null || fail "link 3 --new"

# Relations: alice spoke_with 1->2, met 1->2; bob spoke_with 4->5,
# met 5->4 (symmetric: the same as alice's), met 4->6 (Geneva).
m --annotator alice entities relate 1 spoke_with 2 > /dev/null &&
m --annotator alice entities relate 1 met 2 > /dev/null &&
m --annotator bob entities relate 4 spoke_with 5 > /dev/null &&
m --annotator bob entities relate 5 met 4 > /dev/null &&
m --annotator bob entities relate 4 met 6 > /dev/null ||
	fail "relate failed"

MARGIN_ANNOTATOR=alice ui 80x24 'm'
MARGIN_ANNOTATOR=bob ui 80x24 'm'

# By hand: spans both made PER 0-7 and PER 19-25 (Geneva's labels
# differ).  Links on them: alice 2 (Blinken, Lavrov), bob 2 (Blinken,
# Sergey Lavrov), agreeing 1: P 1/2, R 1/2, F1 2/4.  Relations: alice
# 2, bob 3, exact 2 (spoke_with, and met either way round): P 2/3,
# R 2/2, F1 4/5.
m agree --annotators alice,bob > "$T/table.txt" || fail "agree exited $?"
expect_in "$T/table.txt" "Entity links on the 2 spans both made, and relations:"
expect_in "$T/table.txt" "links      ref  pred  exact  precision  recall     F1"
expect_in "$T/table.txt" "entities     2     2      1      0.500   0.500  0.500"
expect_in "$T/table.txt" "relations    2     3      2      0.667   1.000  0.800"

m agree --annotators alice,bob --format json > "$T/agree.json" ||
	fail "agree --format json exited $?"
python3 - "$T/agree.json" <<'PY' || fail "agree JSON differs"
import json, sys
p, = json.load(open(sys.argv[1]))["pairs"]
e, r = p["entities"], p["relations"]
assert (e["reference"], e["prediction"], e["exact"]) == (2, 2, 1), e
assert (r["reference"], r["prediction"], r["exact"]) == (2, 3, 2), r
assert abs(r["precision"] - 2 / 3) < 5e-4 and r["recall"] == 1, r
assert abs(r["f1"] - 0.8) < 5e-4, r
PY

# Bob unlinks Blinken and drops his met 4->6: links 2 vs 1, agreeing 0;
# relations 2 vs 2, exact 2.
m entities unlink 4 || fail "unlink failed"
m entities unrelate 5 || fail "unrelate failed"
m agree --annotators alice,bob > "$T/after.txt" || fail "agree exited $?"
expect_in "$T/after.txt" "entities     2     1      0      0.000   0.000  0.000"
expect_in "$T/after.txt" "relations    2     2      2      1.000   1.000  1.000"

# The same work merged into another database gives the same agreement;
# merging again adds nothing.
m agree --annotators alice,bob > "$T/before-merge.txt"
"$MARGIN_BIN" --db "$T/other.db" merge "$DB" > "$T/merge1.out" ||
	fail "merge exited $?"
expect_in "$T/merge1.out" "  entities    4 added, 0 already here"
expect_in "$T/merge1.out" "  links       4 added, 0 conflicting"
expect_in "$T/merge1.out" "  relations   4 added, 0 already here; 2 relation labels added"
"$MARGIN_BIN" --db "$T/other.db" merge "$DB" > "$T/merge2.out" ||
	fail "second merge exited $?"
expect_in "$T/merge2.out" "  entities    0 added, 4 already here"
expect_in "$T/merge2.out" "  links       0 added, 0 conflicting"
expect_in "$T/merge2.out" "  relations   0 added, 4 already here; 0 relation labels added"
"$MARGIN_BIN" --db "$T/other.db" agree --annotators alice,bob > "$T/merged.txt" ||
	fail "agree on the merged database exited $?"
diff -u "$T/before-merge.txt" "$T/merged.txt" >&2 ||
	fail "agreement differs after the merge"
