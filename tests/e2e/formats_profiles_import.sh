# The shapes other tools write come in with their spans and statuses
# (SPEC §18), each fixture written from the tool's published format:
# - Label Studio, "Label Studio Task Format" (labelstud.io/guide/task_format)
#   and "Import pre-annotated data" (labelstud.io/guide/predictions): a JSON
#   array of tasks, data.text, annotations[].result[].value.{start,end,
#   text,labels}, completed_by, was_cancelled, predictions with
#   model_version and score; an older export with UTF-16 offsets;
# - doccano, "Export" in its docs (doccano.github.io/doccano): JSONL with
#   "label": [[start, end, "L"]] (and the older "labels" key), and
#   "entities" objects with start_offset/end_offset;
# - spaCy's Doc.to_json: "ents" with start, end, label;
# - Prodigy, "Annotation task formats" (prodi.gy/docs/api-interfaces):
#   "spans" and "answer" accept, reject or ignore, "tokens" ignored.
# Python checks text[start:end] of every exported span; a JSON file that
# is none of these is refused, never imported as text.
. tests/lib.sh
cd "$T"
python3 - <<'PY' || fail "could not write the fixtures"
import json
t1 = "👩\u200d👩\u200d👧 Ada Lovelace met Charles Babbage."
def at(t, s):
    i = t.index(s)
    return i, i + len(s)
def utf16(t, i):
    return len(t[:i].encode("utf-16-le")) // 2
s1, e1 = at(t1, "Ada Lovelace")
s2, e2 = at(t1, "Charles Babbage")
tasks = [
    {"id": 11, "data": {"text": t1, "title": "Engines"},
     "annotations": [
        {"id": 1001, "completed_by": {"id": 3, "email": "ann@example.org"},
         "was_cancelled": False, "ground_truth": False, "lead_time": 4.2,
         "result": [{"from_name": "label", "to_name": "text",
                     "type": "labels", "id": "Dx_aB91ISN",
                     "value": {"start": s1, "end": e1,
                               "text": "Ada Lovelace", "labels": ["PER"]}}]},
        {"id": 1002, "completed_by": 4, "was_cancelled": True, "result": []}],
     "predictions": [
        {"model_version": "v2", "score": 0.9,
         "result": [{"from_name": "label", "to_name": "text",
                     "type": "labels", "score": 0.625,
                     "value": {"start": s2, "end": e2,
                               "text": "Charles Babbage", "labels": ["PER"]}}]}]},
    # An older Label Studio: offsets in UTF-16 code units.
    {"id": 12, "data": {"text": "😀 Lagos and Accra."},
     "annotations": [{"completed_by": 5, "result": [
        {"type": "labels", "value": {"start": utf16("😀 Lagos and Accra.", 2),
                                     "end": utf16("😀 Lagos and Accra.", 7),
                                     "text": "Lagos", "labels": ["LOC"]}}]}]},
]
json.dump(tasks, open("ls.json", "w", encoding="utf-8"), ensure_ascii=False)
t3 = "Emma ging nach Köln."
t4 = "Ölfirma Shell kauft Ørsted."
t5 = "Paris and Rome."
t6 = "Prodigy met 北京 today."
with open("other.jsonl", "w", encoding="utf-8") as f:
    for r in [
        {"text": t3, "label": [[0, 4, "PER"], [15, 19, "LOC"]]},
        {"text": t4, "labels": [[8, 13, "ORG"], [20, 26, "ORG"]]},
        {"text": t5, "entities": [{"id": 1, "start_offset": 0,
                                   "end_offset": 5, "label": "LOC"}]},
        {"text": "Lisbon is far.", "ents": [{"start": 0, "end": 6,
                                            "label": "LOC"}]},
        {"text": t6, "answer": "reject", "tokens": [{"text": "Prodigy"}],
         "spans": [{"start": 12, "end": 14, "label": "LOC"}]},
    ]:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
m import ls.json 2> ls.err || fail "Label Studio import failed: $(cat ls.err)"
grep -q "1 region counted in UTF-16 units" ls.err ||
	fail "the UTF-16 offsets were not said: $(cat ls.err)"
grep -q "1 cancelled annotation left out" ls.err ||
	fail "the cancelled annotation was not said: $(cat ls.err)"
m import other.jsonl 2> other.err || fail "JSONL import failed: $(cat other.err)"
m export --status all > all.csv || fail "export failed"
check_csv all.csv > labels || fail "an exported span does not fit its text"
python3 - all.csv <<'PY' || fail "the spans are not as the fixtures say"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
got = sorted((r["text"], r["label"], r["annotator"], r["status"], r["origin"])
             for r in rows)
want = sorted([
    ("Ada Lovelace", "PER", "ann@example.org", "accepted", "imported"),
    ("Charles Babbage", "PER", "model-v2", "suggested", "model"),
    ("Lagos", "LOC", "label-studio-5", "accepted", "imported"),
    ("Emma", "PER", "imported", "accepted", "imported"),
    ("Köln", "LOC", "imported", "accepted", "imported"),
    ("Shell", "ORG", "imported", "accepted", "imported"),
    ("Ørsted", "ORG", "imported", "accepted", "imported"),
    ("Paris", "LOC", "imported", "accepted", "imported"),
    ("Lisbon", "LOC", "imported", "accepted", "imported"),
    ("北京", "LOC", "imported", "rejected", "imported"),
])
assert got == want, "\n".join(map(str, got))
assert {r["article_title"] for r in rows if r["text"] == "Ada Lovelace"} == {"Engines"}
PY
m export --format jsonl --status all > all.jsonl || fail "jsonl export failed"
python3 - all.jsonl <<'PY' || fail "the task's metadata or score is lost"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
first = recs[0]
assert first["meta"] == {"id": 11}, first["meta"]
(cb,) = [s for s in first["spans"] if s["text"] == "Charles Babbage"]
assert cb["score"] == 0.625, cb
PY

# JSON that is none of these is refused, not imported as text.
echo '{"foo": [1, 2]}' > odd.json
m import odd.json 2> odd.err && fail "an unknown JSON file was imported"
grep -q "a JSON file margin does not know" odd.err || fail "no message: $(cat odd.err)"
printf '[1, {"x": 2}]' > list.json
m import list.json 2> list.err && fail "a list of numbers was imported"
grep -q 'list.json: item 1: neither a Label Studio task' list.err ||
	fail "no message for the item: $(cat list.err)"
printf '{"text": "broken' > bad.json
m import bad.json 2> bad.err && fail "broken JSON was imported"
grep -q "bad.json: not JSON" bad.err || fail "no message: $(cat bad.err)"
n=$(m list | tail -n +2 | wc -l)
[ "$n" = 7 ] || fail "$n articles, want the 7 of the fixtures"
exit 0
