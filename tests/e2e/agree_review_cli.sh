# margin agree and margin review on the command line (SPEC §10): two
# annotators' spans imported from JSONL, articles marked done in the TUI
# (m), then the agreement table and JSON, the disagreement list, agreed
# spans copied into gold, and the usage errors.
. tests/lib.sh
cd "$T"

# Two articles.  alice: PER 0-13, PER 18-33, LOC 37-42 | LOC 24-29.
# bob: PER 0-13, PER 27-33, ORG 37-42 | ORG 0-5, LOC 24-29.
cat > "$T/two.jsonl" <<'EOF'
{"text":"Angela Merkel met Emmanuel Macron in Paris.","spans":[{"start":0,"end":13,"label":"PER","annotator":"alice"},{"start":18,"end":33,"label":"PER","annotator":"alice"},{"start":37,"end":42,"label":"LOC","annotator":"alice"},{"start":0,"end":13,"label":"PER","annotator":"bob"},{"start":27,"end":33,"label":"PER","annotator":"bob"},{"start":37,"end":42,"label":"ORG","annotator":"bob"}]}
{"text":"Apple opened a store in Tokyo.","spans":[{"start":24,"end":29,"label":"LOC","annotator":"alice"},{"start":0,"end":5,"label":"ORG","annotator":"bob"},{"start":24,"end":29,"label":"LOC","annotator":"bob"}]}
EOF
m import "$T/two.jsonl" 2>/dev/null || fail "import failed"

# Before anyone marks anything done: nothing compared, exit 0, and an
# empty JSON result.
m agree --format json > "$T/empty.json" 2> "$T/empty.err" ||
	fail "agree with nothing done exited $?"
[ "$(cat "$T/empty.json")" = '{"pairs":[]}' ] || fail "empty result: $(cat "$T/empty.json")"
expect_in "$T/empty.err" "nothing compared"

# alice and bob each mark both articles done (m: done, next).
MARGIN_ANNOTATOR=alice ui 80x24 'm
m'
MARGIN_ANNOTATOR=bob ui 80x24 'm
m'

# By hand: PER ref 2 pred 2 exact 1; LOC ref 2 pred 1 exact 1; ORG ref 0
# pred 2 exact 0; overall ref 4 pred 5 exact 2: P 2/5, R 2/4, F1 4/9.
# Tokens 8 + 7 = 15, agreed 6 + 6 = 12; alice PER 4 LOC 2 O 9, bob PER 3
# ORG 2 LOC 1 O 9: chance 12 + 2 + 81 = 95; kappa (15*12 - 95) /
# (225 - 95) = 85/130.
m agree > "$T/table.txt" || fail "agree exited $?"
expect_in "$T/table.txt" "alice (reference) and bob (prediction): 2 articles both marked done"
expect_in "$T/table.txt" "overall    4     5      2      0.400   0.500  0.444"
expect_in "$T/table.txt" "Cohen's kappa over 15 tokens: 0.654"
m agree --annotators bob,alice --format json > "$T/agree.json" || fail "agree --format json exited $?"
python3 - "$T/agree.json" <<'PY' || fail "agree JSON differs"
import json, sys
d = json.load(open(sys.argv[1]))
p, = d["pairs"]
assert (p["reference"], p["prediction"], p["articles"]) == ("bob", "alice", 2), p
labels = {l["label"]: l for l in p["labels"]}
assert [l["label"] for l in p["labels"]] == ["PER", "ORG", "LOC"], p["labels"]
# bob is the reference now: ORG has 2 reference spans, none predicted.
org = labels["ORG"]
assert (org["reference"], org["prediction"], org["exact"]) == (2, 0, 0), org
assert org["precision"] is None and org["recall"] == 0 and org["f1"] == 0, org
assert abs(p["overall"]["precision"] - 2 / 4) < 5e-4, p["overall"]
assert abs(p["overall"]["recall"] - 2 / 5) < 5e-4, p["overall"]
assert (p["tokens"], p["tokens_agreed"]) == (15, 12), p
assert abs(p["kappa"] - 85 / 130) < 5e-4, p["kappa"]
PY

# The disagreements for scripts: merkel's bounds and label, apple's
# b-only; gold holds none yet.
m review --annotators alice,bob --list > "$T/list.tsv" || fail "review --list exited $?"
printf 'article\tstart\tend\tkind\tgold\ta\tb
1\t18\t33\tbounds\tnone\tPER 18-33 Emmanuel Macron\tPER 27-33 Macron
1\t37\t42\tlabel\tnone\tLOC 37-42 Paris\tORG 37-42 Paris
2\t0\t5\tb-only\tnone\t-\tORG 0-5 Apple
' > "$T/list.want"
diff -u "$T/list.want" "$T/list.tsv" >&2 || fail "review --list differs"
m review --annotators alice,bob --list --format json |
	python3 -c 'import json, sys; d = json.load(sys.stdin); assert [i["kind"] for i in d] == ["bounds", "label", "b-only"], d' ||
	fail "review --list --format json differs"

# Agreed spans into gold, once.
m review --annotators alice,bob --copy-agreed 2> "$T/copy.err" || fail "--copy-agreed exited $?"
expect_in "$T/copy.err" "2 agreed spans copied into gold"
m review --annotators alice,bob --copy-agreed 2> "$T/copy2.err" || fail "--copy-agreed again exited $?"
expect_in "$T/copy2.err" "0 agreed spans copied into gold"
# The gold spans, read back through the CSV export (checked against
# the text by Python's csv module).
[ "$(exported --annotator gold | tr '\t\n' ' |')" = "PER Angela Merkel|LOC Tokyo|" ] ||
	fail "gold spans: $(exported --annotator gold)"
m review --annotators alice,bob > "$T/summary.txt" || fail "review summary exited $?"
expect_in "$T/summary.txt" "3 disagreements: 0 a-only, 1 b-only, 1 label, 1 bounds"
expect_in "$T/summary.txt" "2 agreed spans; gold holds 2 of them"

# Usage errors exit 2.
for args in "review" "review --annotators alice" "review --annotators alice,bob --into bob" \
    "agree --annotators alice" "agree --annotators alice,alice" "agree --format xml"; do
	# shellcheck disable=SC2086
	m $args > /dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] || fail "margin $args exited $rc, want 2"
done
exit 0
