# The tagger's whole loop on wikigold (SPEC §11, issue 12's "done when"):
# a fixed 80/20 split by document (every fifth document is test); the
# train part imported and marked done in the reader, `margin train`,
# `margin suggest --model` on the test part, `margin eval` on it with an
# F1 well above a baseline computed here (each word tagged with its most
# frequent tag in the train part, scored with the same chunk rules); then
# in the reader a suggestion is accepted with `a`, and the JSONL export,
# read with Python's json, holds it as an accepted span of the annotator,
# where the suggestion was.
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
# The imported spans are the annotator "imported"'s: done-next as that
# annotator marks each train article done.
for i in $(seq "$n"); do echo m; done > "$T/done.keys"
MARGIN_ANNOTATOR=imported m --script "$T/done.keys" 2> "$T/ui.err" ||
	fail "marking done failed: $(cat "$T/ui.err")"
[ "$(MARGIN_ANNOTATOR=imported m list --done --format tsv |
    tail -n +2 | wc -l)" = "$n" ] ||
	fail "not every train article is done"

m train --epochs 8 --seed 3 2> "$T/train.err" ||
	fail "train failed: $(cat "$T/train.err")"
expect_in "$T/train.err" "$n articles done"

# The test part: its articles, the model's suggestions in them.
m import --format conll "$T/test.conll" 2> "$T/import2.err" ||
	fail "import of the test part failed: $(cat "$T/import2.err")"
total=$(m list --format tsv | tail -n +2 | wc -l)
args=()
for id in $(seq $((n + 1)) "$total"); do
	args+=(--article "$id")
done
m suggest --model --min-score 0.5 "${args[@]}" 2> "$T/suggest.err" ||
	fail "suggest failed: $(cat "$T/suggest.err")"
m export --format jsonl --status suggested -o "$T/sugg.jsonl" ||
	fail "export of the suggestions failed"

m eval "$T/test.conll" > "$T/eval.txt" || fail "eval failed: $(cat "$T/eval.txt")"
python3 - "$T/train.conll" "$T/test.conll" "$T/eval.txt" "$T/sugg.jsonl" \
    "$n" <<'PY' || fail "the model is not what it should be"
import collections, json, re, sys

def sentences(path):
    """The sentences of a CoNLL file as lists of (token, last column)."""
    out, cur = [], []
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if not f or f[0] == "-DOCSTART-":
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append((f[0], f[-1]))
    if cur:
        out.append(cur)
    return out

def iob2(tags):
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out

def chunks(tags):
    """conlleval's chunks of IOB2 tags: (first, last, type)."""
    res, start, typ = [], None, None
    for i, t in enumerate(tags + ["O"]):
        p, _, ty = t.partition("-")
        if start is not None and (t == "O" or p == "B" or ty != typ):
            res.append((start, i - 1, typ))
            start = None
        if t != "O" and start is None:
            start, typ = i, ty
    return res

train, test = sentences(sys.argv[1]), sentences(sys.argv[2])
counts = collections.defaultdict(collections.Counter)
for s in train:
    for w, t in zip([w for w, _ in s], iob2([t for _, t in s])):
        counts[w][t] += 1
right = found = total = 0
for s in test:
    gold = set(chunks(iob2([t for _, t in s])))
    guess = [counts[w].most_common(1)[0][0] if w in counts else "O"
             for w, _ in s]
    pred = set(chunks(iob2(guess)))
    right += len(gold & pred)
    found += len(pred)
    total += len(gold)
p = right / found if found else 0
r = right / total if total else 0
baseline = 200 * p * r / (p + r) if p + r else 0

said = re.search(r"^overall .* F1 +([0-9.]+)", open(sys.argv[3]).read(),
                 re.M)
if not said:
    sys.exit("eval printed no overall F1")
f1 = float(said.group(1))
print(f"baseline F1 {baseline:.2f}, margin eval F1 {f1:.2f}",
      file=sys.stderr)
if f1 < baseline + 10 or f1 < 1.3 * baseline:
    sys.exit(f"F1 {f1:.2f} is not well above the baseline {baseline:.2f}")

# The suggestions: the model's, in the test part only, slicing the text.
n, spans = int(sys.argv[5]), 0
for line in open(sys.argv[4], encoding="utf-8"):
    a = json.loads(line)
    for sp in a["spans"]:
        if sp.get("status") != "suggested" or sp["annotator"] != "tester":
            continue
        if a["id"] <= n:
            sys.exit(f"a suggestion in train article {a['id']}")
        if a["text"][sp["start"]:sp["end"]] != sp["text"]:
            sys.exit(f"suggestion {sp} does not slice its article")
        spans += 1
if spans < 50:
    sys.exit(f"only {spans} suggestions in the test part")
PY

# In the reader: the first suggestion of the first test article, accepted
# with a; the message names it.
ui 80x24 ":goto $((n + 1))
}
a
:dump $T/accepted.txt"
expect_in "$T/accepted.txt" "accepted "
said=$(grep -o 'accepted [A-Z]*: .*' "$T/accepted.txt" | head -1 |
	sed 's/; .*//')
[ -n "$said" ] || fail "no accepted span named: $(cat "$T/accepted.txt")"
m export --format jsonl -o "$T/accepted.jsonl" || fail "export failed"
python3 - "$T/accepted.jsonl" "$T/sugg.jsonl" "$((n + 1))" "$said" <<'PY' ||
import json, sys
def spans(path, article):
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        if a["id"] == article:
            return a["text"], a["spans"]
    sys.exit(f"no article {article} in {path}")
article = int(sys.argv[3])
label, text = sys.argv[4][len("accepted "):].split(": ", 1)
body, now = spans(sys.argv[1], article)
mine = [s for s in now if s["annotator"] == "tester"]
if len(mine) != 1:
    sys.exit(f"{len(mine)} accepted spans of tester, not 1: {mine}")
sp = mine[0]
if sp.get("status", "accepted") != "accepted" or sp["label"] != label or \
        sp["text"] != text or body[sp["start"]:sp["end"]] != text:
    sys.exit(f"{sp} is not the accepted {label} {text!r}")
_, before = spans(sys.argv[2], article)
if not any(s["start"] == sp["start"] and s["end"] == sp["end"] and
           s["annotator"] == "tester" and s.get("status") == "suggested"
           for s in before):
    sys.exit(f"{sp} was no suggestion of the model")
PY
	fail "the accepted suggestion is not in the export"
