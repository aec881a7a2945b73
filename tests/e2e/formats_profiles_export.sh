# margin writes the shapes the tools users come from read (SPEC §18), each
# checked against the tool's published format, then read back by margin:
# - doccano, "Sequence labeling" import format (doccano.github.io/doccano,
#   Tutorial / Import dataset): {"text", "label": [[start, end, "L"]]};
# - Prodigy, "Annotation task formats / ner" (prodi.gy/docs): {"text",
#   "spans": [{"start", "end", "label"}], "answer": "accept", "meta"};
# - spaCy, Doc.to_json (spacy.io/api/doc#to_json): {"text", "ents":
#   [{"start", "end", "label"}]} in characters;
# - HuggingFace token classification (the conll2003 dataset card's fields):
#   {"id", "tokens": [...], "ner_tags": [...]} with IOB2 string tags;
# - Label Studio, "Label Studio Task Format" (labelstud.io/guide/
#   task_format): a JSON array of tasks, data.text, annotations[].result[]
#   with from_name, to_name, type "labels", value.{start, end, text,
#   labels}, and predictions for the suggestions.
# Python checks text[start:end] everywhere; each file imported again (by
# --format and by its shape) gives back the spans its tool can hold.
. tests/lib.sh
cd "$T"
python3 - <<'PY' || fail "could not write the fixture"
import json
rows = [
    ("Zoë Müller met 👩\u200d👩\u200d👧 in 東京 and Zürich.",
     [("Zoë Müller", "PER", "ann", None), ("東京", "LOC", "ann", None),
      ("Zürich", "LOC", "bob", "suggested")]),
    ("The University of Lagos Press printed it.",
     [("University of Lagos Press", "ORG", "ann", None),
      ("Lagos", "LOC", "bob", None), ("it", "MISC", "bob", "rejected")]),
]
with open("in.jsonl", "w", encoding="utf-8") as f:
    for t, spans in rows:
        out = []
        for s, label, who, status in spans:
            i = t.index(s)
            d = {"start": i, "end": i + len(s), "label": label, "annotator": who}
            if status:
                d["status"] = status
                d["origin"] = "model"
                d["score"] = 0.5
            out.append(d)
        f.write(json.dumps({"text": t, "spans": out}, ensure_ascii=False) + "\n")
PY
m import in.jsonl 2>/dev/null || fail "import failed"
for f in doccano prodigy spacy hf; do
	m export --format $f > $f.jsonl 2> $f.err || fail "export --format $f failed: $(cat $f.err)"
done
m export --format label-studio --status all > ls.json 2> ls.err ||
	fail "export --format label-studio failed: $(cat ls.err)"

python3 - <<'PY' || fail "an export does not follow its tool's format"
import json
def lines(p):
    return [json.loads(l) for l in open(p, encoding="utf-8")]
accepted = {("Zoë Müller", "PER"), ("東京", "LOC"),
            ("University of Lagos Press", "ORG"), ("Lagos", "LOC")}
got = set()
for r in lines("doccano.jsonl"):
    assert set(r) >= {"text", "label"}, r
    for s, e, l in r["label"]:
        got.add((r["text"][s:e], l))
assert got == accepted, got
got = set()
for r in lines("prodigy.jsonl"):
    assert r["answer"] == "accept" and isinstance(r["meta"], dict), r
    for sp in r["spans"]:
        assert set(sp) >= {"start", "end", "label"}, sp
        got.add((r["text"][sp["start"]:sp["end"]], sp["label"]))
assert got == accepted, got
got = set()
for r in lines("spacy.jsonl"):
    for sp in r["ents"]:
        got.add((r["text"][sp["start"]:sp["end"]], sp["label"]))
assert got == accepted, got
got = set()
for r in lines("hf.jsonl"):
    toks, tags = r["tokens"], r["ner_tags"]
    assert len(toks) == len(tags) and all(isinstance(t, str) for t in toks)
    cur = None
    for tok, tag in zip(toks + ["."], tags + ["O"]):
        if tag.startswith("I-"):
            assert cur is not None and cur[1] == tag[2:], (toks, tags)
            cur[0].append(tok)
            continue
        if cur:
            # Tokens lose the spaces between them (and CJK has none).
            got.add(("".join(cur[0]), cur[1]))
        cur = ([tok], tag[2:]) if tag.startswith("B-") else None
# Nested spans cannot be IOB2: the longer one is kept.
assert got == {(t.replace(" ", ""), l) for t, l in accepted
               if t != "Lagos"}, got
tasks = json.load(open("ls.json", encoding="utf-8"))
assert isinstance(tasks, list) and len(tasks) == 2
ann, pred = set(), set()
for t in tasks:
    text = t["data"]["text"]
    for a in t["annotations"]:
        for r in a["result"]:
            assert r["type"] == "labels" and r["from_name"] and r["to_name"]
            v = r["value"]
            assert text[v["start"]:v["end"]] == v["text"], v
            ann.add((v["text"], v["labels"][0]))
    for p in t["predictions"]:
        for r in p["result"]:
            v = r["value"]
            assert text[v["start"]:v["end"]] == v["text"], v
            pred.add((v["text"], v["labels"][0], r["score"]))
assert ann == accepted, ann
assert pred == {("Zürich", "LOC", 0.5)}, pred
PY

# Read back, by name and by shape.
for f in doccano prodigy spacy hf; do
	DB=$T/$f.db m import --format $f $f.jsonl 2>/dev/null || fail "$f does not import again"
	cp $f.jsonl auto-$f.jsonl
	DB=$T/auto-$f.db m import auto-$f.jsonl 2>/dev/null || fail "$f is not found by its shape"
done
DB=$T/ls.db m import ls.json 2>/dev/null || fail "the Label Studio export does not import again"
python3 - "$MARGIN_BIN" "$T" <<'PY' || fail "a profile lost spans on the way back"
import csv, io, subprocess, sys
binary, t = sys.argv[1], sys.argv[2]
def spans(db):
    out = subprocess.run([binary, "--db", db, "export", "--status", "all"],
                         capture_output=True, text=True, check=True).stdout
    return {(r["text"], r["label"], r["status"])
            for r in csv.DictReader(io.StringIO(out))}
accepted = {("Zoë Müller", "PER", "accepted"), ("東京", "LOC", "accepted"),
            ("University of Lagos Press", "ORG", "accepted"),
            ("Lagos", "LOC", "accepted")}
for f in ("doccano", "prodigy", "spacy"):
    for db in (f"{t}/{f}.db", f"{t}/auto-{f}.db"):
        assert spans(db) == accepted, (db, spans(db))
# HuggingFace's tokens keep no white space: the text is rebuilt with a
# space between tokens (東 京).
nospace = lambda v: {(x.replace(" ", ""), l, st) for x, l, st in v}
for db in (f"{t}/hf.db", f"{t}/auto-hf.db"):
    assert nospace(spans(db)) == nospace(
        accepted - {("Lagos", "LOC", "accepted")}), spans(db)
assert spans(f"{t}/ls.db") == accepted | {("Zürich", "LOC", "suggested")}, spans(f"{t}/ls.db")
PY

# HuggingFace tags as numbers need their names.
printf '%s\n' '{"id": "s1", "tokens": ["EU", "rejects", "German", "call"], "ner_tags": [3, 0, 7, 0]}' > num.jsonl
DB=$T/num.db m import num.jsonl 2> num.err && fail "numbered tags without names were imported"
grep -q "numbers need --tag-names" num.err || fail "no hint: $(cat num.err)"
DB=$T/num2.db m import --tag-names O,B-PER,I-PER,B-ORG,I-ORG,B-LOC,I-LOC,B-MISC,I-MISC num.jsonl 2>/dev/null ||
	fail "--tag-names import failed"
DB=$T/num2.db m export > num.csv || fail "export failed"
got=$(DB=$T/num2.db check_csv num.csv | sort | tr '\n' ' ')
[ "$got" = "MISC	German ORG	EU " ] || fail "numbered tags read as: $got"
exit 0
