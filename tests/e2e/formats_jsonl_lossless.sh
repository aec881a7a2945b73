# A JSONL round trip loses nothing (SPEC §9): a rich fixture (three
# annotators, notes with LF, TAB and quotes, nested spans, a span across a
# line end and one starting with U+FEFF, suggested and rejected spans with
# origins and scores, tags by several annotators, done marks, metadata
# with an id of its own, a Prodigy answer) imported, exported with
# --status all, imported into a new database and exported again gives the
# same bytes; Python's json finds every field and text[start:end].
. tests/lib.sh
cd "$T"
python3 - <<'PY' || fail "could not write the fixture"
import json
a = "Ada Lovelace met\nCharles Babbage in London.\n\nThey wrote of \ufeffEngines."
b = "Prodigy saw Paris and Rome."
def span(t, s, label, **kw):
    i = t.index(s)
    d = {"start": i, "end": i + len(s), "label": label, "text": s}
    d.update(kw)
    return d
recs = [
    {"id": 41, "title": "Engines", "text": a, "source": "wire/7",
     "spans": [
        span(a, "Ada Lovelace", "PER", annotator="ann",
             note='first "programmer"\n\tsee notes'),
        span(a, "Ada", "PER", annotator="bob"),
        span(a, "met\nCharles", "MISC", annotator="bob", note="across"),
        span(a, "Charles Babbage", "PER", annotator="cy",
             status="suggested", origin="model", score=0.8125),
        span(a, "London", "LOC", annotator="ann", status="rejected",
             origin="gazetteer"),
        span(a, "London", "LOC", annotator="cy", origin="propagated"),
        span(a, "\ufeffEngines", "MISC", annotator="ann", origin="manual"),
     ],
     "tags": ["history", "todo"],
     "tagged_by": {"history": ["ann", "bob"], "todo": ["cy"]},
     "done": ["ann", "bob"],
     "meta": {"id": "doc-7", "lang": "en", "n": [1, 2.5, None]}},
    {"text": b, "answer": "ignore", "_input_hash": 12,
     "spans": [span(b, "Paris", "LOC"), span(b, "Rome", "LOC",
                                              status="accepted")]},
]
with open("in.jsonl", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
m import in.jsonl 2> import.err || fail "import failed: $(cat import.err)"
m export --format jsonl --status all > e1.jsonl 2> e1.err ||
	fail "export failed: $(cat e1.err)"
DB=$T/second.db m import e1.jsonl 2> import2.err ||
	fail "second import failed: $(cat import2.err)"
DB=$T/second.db m export --format jsonl --status all > e2.jsonl ||
	fail "second export failed"
cmp -s e1.jsonl e2.jsonl || fail "the round trip changed the export:
$(diff e1.jsonl e2.jsonl)"

python3 - e1.jsonl <<'PY' || fail "the export lost something"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(recs) == 2, len(recs)
a, b = recs
for r in recs:
    for s in r["spans"]:
        assert r["text"][s["start"]:s["end"]] == s["text"], s
got = {(s["text"], s["annotator"]): s for s in a["spans"]}
assert len(a["spans"]) == 7, a["spans"]
assert got[("Ada Lovelace", "ann")]["note"] == 'first "programmer"\n\tsee notes'
assert got[("Ada Lovelace", "ann")]["origin"] == "imported"
assert got[("met\nCharles", "bob")]["note"] == "across"
cb = got[("Charles Babbage", "cy")]
assert (cb["status"], cb["origin"], cb["score"]) == ("suggested", "model", 0.8125), cb
assert got[("London", "ann")]["status"] == "rejected"
assert got[("London", "ann")]["origin"] == "gazetteer"
assert got[("London", "cy")]["origin"] == "propagated"
assert got[("\ufeffEngines", "ann")]["origin"] == "manual"
assert a["tags"] == ["history", "todo"], a["tags"]
assert a["tagged_by"] == {"history": ["ann", "bob"], "todo": ["cy"]}, a
assert a["done"] == ["ann", "bob"], a.get("done")
assert a["meta"] == {"id": "doc-7", "lang": "en", "n": [1, 2.5, None]}, a["meta"]
assert a["source"] == "wire/7" and a["title"] == "Engines"
# Prodigy's "ignore": spans without a status of their own stay suggestions.
st = {s["text"]: s["status"] for s in b["spans"]}
assert st == {"Paris": "suggested", "Rome": "accepted"}, st
assert b["meta"] == {"_input_hash": 12}, b["meta"]
PY

# The default export is still training data only: accepted spans.
m export --format jsonl > accepted.jsonl || fail "export failed"
python3 - accepted.jsonl <<'PY' || fail "the default export holds suggestions"
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    for s in json.loads(l)["spans"]:
        assert s["status"] == "accepted", s
PY
# --status rejected: the rejected one alone.
n=$(m export --status rejected | tail -n +2 | wc -l)
[ "$n" = 1 ] || fail "--status rejected gave $n rows"

# Bad states are refused by name, the rest of the record comes in.
printf '%s\n' '{"text":"Odd one.","spans":[{"start":0,"end":3,"label":"PER","status":"maybe"},{"start":4,"end":7,"label":"PER","score":3}]}' > bad.jsonl
m import bad.jsonl 2> bad.err && fail "bad statuses were imported without a word"
grep -q 'span 1: its "status" is not accepted, suggested or rejected' bad.err ||
	fail "no message for the status: $(cat bad.err)"
grep -q 'span 2: its "score" is not a number from 0 to 1' bad.err ||
	fail "no message for the score: $(cat bad.err)"
exit 0
