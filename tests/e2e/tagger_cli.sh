# The built-in tagger end to end on wikigold: a fixed 80/20 split by
# document (every fifth document is test), the train part imported and
# marked done in the TUI, `margin train`, then `margin eval` on the test
# part.  Its F1 must be well above a baseline this test computes itself
# (each token tagged with its most frequent tag in the train part, as
# IOB2), and the F1 it prints must be what a conlleval written here in
# Python makes of its --output.  Then `margin suggest --model` on a
# test article: suggestions with origin model whose text is
# text[start:end] (Python's csv), none made twice.
. tests/lib.sh
gold="$MARGIN_SHARED/corpus/ner/wikigold/wikigold.conll.txt"
[ -f "$gold" ] || fail "no wikigold in $gold"

python3 - "$gold" "$T" <<'PY' || fail "the split failed"
import sys
src, out = sys.argv[1], sys.argv[2]
docs, cur = [], []
for line in open(src, encoding="utf-8").read().split("\n"):
    if line.startswith("-DOCSTART-"):
        docs.append(cur)
        cur = []
    else:
        cur.append(line)
docs.append(cur)
docs = [d for d in docs if any(l.strip() for l in d)]
def write(path, ds):
    with open(path, "w", encoding="utf-8") as f:
        for d in ds:
            f.write("-DOCSTART- O\n\n" + "\n".join(d).strip("\n") + "\n\n")
write(out + "/train.conll", [d for i, d in enumerate(docs) if i % 5 != 4])
write(out + "/test.conll", [d for i, d in enumerate(docs) if i % 5 == 4])
PY

m import --format conll "$T/train.conll" 2> "$T/import.err" ||
	fail "import failed: $(cat "$T/import.err")"
n=$(m list --format tsv | tail -n +2 | wc -l)
[ "$n" -gt 100 ] || fail "only $n train articles imported"
# The imported spans are the annotator "imported"'s: it marks them done
# (m: done, next), so that they are training data.
for i in $(seq "$n"); do echo m; done > "$T/done.keys"
MARGIN_ANNOTATOR=imported m --size 80x24 --script "$T/done.keys" \
    2> "$T/ui.err" || fail "marking done failed: $(cat "$T/ui.err")"

# Nothing is done for tester: nothing to learn from.
m train --annotator tester 2> "$T/empty.err" &&
	fail "train with nothing done succeeded"
expect_in "$T/empty.err" "nothing to learn from"
m eval "$T/test.conll" 2> "$T/nomodel.err" &&
	fail "eval without a model succeeded"
expect_in "$T/nomodel.err" "no model yet"

m train --epochs 8 --seed 3 2> "$T/train.err" ||
	fail "train failed: $(cat "$T/train.err")"
expect_in "$T/train.err" "epoch 8: training accuracy"
expect_in "$T/train.err" "$n articles done"
m eval "$T/test.conll" -o "$T/pred.conll" > "$T/eval.txt" ||
	fail "eval failed: $(cat "$T/eval.txt")"
expect_in "$T/eval.txt" "tokens/s"

python3 - "$T/train.conll" "$T/test.conll" "$T/pred.conll" \
    "$T/eval.txt" <<'PY' || fail "eval's F1 is not what it should be"
import collections, re, sys

def sentences(path, col):
    """The sentences of a CoNLL file as lists of (token, tag of col)."""
    out, cur = [], []
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if not f or f[0] == "-DOCSTART-":
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append((f[0], f[col]))
    if cur:
        out.append(cur)
    return out

def chunks(tags):
    """conlleval's chunks: (first, last, type)."""
    res, start, typ = [], None, None
    def close(end):
        if start is not None:
            res.append((start, end, typ))
    for i, t in enumerate(tags + ["O"]):
        if t == "O":
            close(i - 1); start = None; continue
        p, _, ty = t.partition("-")
        begins = p in ("B", "S", "U") or start is None or ty != typ
        if begins:
            close(i - 1); start, typ = i, ty
        if p in ("E", "L", "S", "U"):
            close(i); start = None
    return res

def f1(gold, pred):
    right = found = total = 0
    for g, p in zip(gold, pred):
        cg, cp = set(chunks(g)), set(chunks(p))
        right += len(cg & cp); found += len(cp); total += len(cg)
    pr = right / found if found else 0
    rc = right / total if total else 0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0

def iob2(tags):
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t); prev = t
    return out

train = sentences(sys.argv[1], -1)
test = sentences(sys.argv[2], -1)
counts = collections.defaultdict(collections.Counter)
for s in train:
    for (w, t) in zip([w for w, _ in s], iob2([t for _, t in s])):
        counts[w][t] += 1
gold = [[t for _, t in s] for s in test]
base = []
for s in test:
    tags = [counts[w].most_common(1)[0][0] if w in counts else "O"
            for w, _ in s]
    base.append(tags)
baseline = f1(gold, base)

pred = sentences(sys.argv[3], 2)
if [[w for w, _ in s] for s in pred] != [[w for w, _ in s] for s in test]:
    sys.exit("--output has other tokens than the gold file")
ours = f1(gold, [[t for _, t in s] for s in pred])
said = re.search(r"^overall .* F1 +([0-9.]+)", open(sys.argv[4]).read(),
                 re.M)
if not said:
    sys.exit("no overall F1 printed")
if abs(float(said.group(1)) - 100 * ours) > 0.01:
    sys.exit(f"eval says F1 {said.group(1)}, its output gives {100*ours:.2f}")
print(f"baseline F1 {100*baseline:.2f}, tagger F1 {100*ours:.2f}",
      file=sys.stderr)
if ours < baseline + 0.1 or ours < 1.3 * baseline:
    sys.exit(f"tagger F1 {ours:.3f} is not well above the baseline "
             f"{baseline:.3f}")
PY

# Cross-validation on the done articles: 3 folds, each line and the
# mean printed; the pooled F1 is what conlleval's rules make of the
# --output; the same run twice writes the same predictions.
m eval --cross-validate 3 --epochs 3 -o "$T/cv.conll" > "$T/cv.txt" ||
	fail "cross-validation failed: $(cat "$T/cv.txt")"
m eval --cross-validate 3 --epochs 3 -o "$T/cv2.conll" > /dev/null ||
	fail "cross-validation failed the second time"
cmp -s "$T/cv.conll" "$T/cv2.conll" || fail "cross-validation differs"
[ "$(grep -c '^fold [123] ' "$T/cv.txt")" = 3 ] ||
	fail "not 3 folds: $(cat "$T/cv.txt")"
expect_in "$T/cv.txt" "mean of 3 folds"
python3 - "$T/cv.conll" "$T/cv.txt" "$n" <<'PY' || fail "cross-validation is off"
import re, sys
docs, sents, cur = 0, [], []
for line in open(sys.argv[1], encoding="utf-8"):
    f = line.split()
    if f and f[0] == "-DOCSTART-":
        docs += 1
        continue
    if not f:
        if cur:
            sents.append(cur)
        cur = []
        continue
    cur.append((f[1], f[2]))
if docs != int(sys.argv[3]):
    sys.exit(f"{docs} articles in the output, {sys.argv[3]} done")
def chunks(tags):
    res, start = set(), None
    for i, t in enumerate(tags + ["O"]):
        if start is not None and not (t.startswith("I-") and
                                      t[2:] == tags[start][2:]):
            res.add((start, i - 1, tags[start][2:]))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start = i
    return res
right = found = gold = 0
for s in sents:
    g, p = chunks([a for a, _ in s]), chunks([b for _, b in s])
    right += len(g & p); found += len(p); gold += len(g)
f1 = 2 * right / (found + gold)
said = re.search(r"^overall .* F1 +([0-9.]+)", open(sys.argv[2]).read(), re.M)
if not said or abs(float(said.group(1)) - 100 * f1) > 0.01:
    sys.exit(f"overall F1 {said and said.group(1)}, output gives {100*f1:.2f}")
if f1 < 0.2:
    sys.exit(f"cross-validated F1 {f1:.3f}")
PY

# Suggestions on one test article.
m import --format conll "$T/test.conll" 2> "$T/import2.err" ||
	fail "import of the test part failed"
id=$((n + 1))
m suggest --model --article $id --min-score 0.3 2> "$T/suggest.err" ||
	fail "suggest failed: $(cat "$T/suggest.err")"
expect_in "$T/suggest.err" "in 1 of 1 articles)"
m export --format csv --status suggested -o "$T/sugg.csv" ||
	fail "export of the suggestions failed"
check_csv "$T/sugg.csv" > "$T/sugg.txt" || fail "suggestions do not slice"
[ -s "$T/sugg.txt" ] || fail "no suggestion made"
python3 - "$T/sugg.csv" "$id" <<'PY' || fail "suggestions are wrong"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
for r in rows:
    if r["origin"] != "model" or r["article_id"] != sys.argv[2] or \
            r["annotator"] != "tester":
        sys.exit(f"unexpected suggestion {r}")
PY
before=$(wc -l < "$T/sugg.csv")
m suggest --model --article $id --min-score 0.3 2> "$T/again.err" ||
	fail "suggest again failed"
expect_in "$T/again.err" "0 suggestions written"
m export --format csv --status suggested -o "$T/sugg2.csv"
[ "$(wc -l < "$T/sugg2.csv")" = "$before" ] || fail "suggested twice"
