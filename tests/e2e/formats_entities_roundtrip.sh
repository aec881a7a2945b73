# Entities and relations leave margin and come back (SPEC §16): a JSONL
# fixture with entity links (a Wikidata id, a URL, an id with spaces, no
# id at all, two entities of one name, a suggested and a rejected link)
# and relations (a note with LF, TAB and quotes, a suggested one, one
# whose span is a suggestion) is imported; Python's json and csv modules
# read the JSONL and CSV exports back and find every entity (id, name,
# kb_id) and relation (from and to are the right spans); the JSONL export
# imported into a new database and exported again is the same bytes; a
# relation whose span the filters leave out is left out and counted;
# --excel-safe guards the new columns too.
. tests/lib.sh
cd "$T"
python3 - <<'PY' || fail "could not write the fixture"
import json
a = ("Alexei Navalny met Antony Blinken in Moscow. Aleksey Navalny left; "
     "Blinken stayed. =Smith spoke for the State Department.")
b = "=Smith, another one, wrote from Kyiv."
def span(t, s, label, n=1, **kw):
    i = -1
    for _ in range(n):
        i = t.index(s, i + 1)
    d = {"start": i, "end": i + len(s), "label": label, "text": s}
    d.update(kw)
    return d
navalny = {"id": 70, "name": "Alexei Navalny", "kb_id": "Q7747"}
blinken = {"id": 71, "name": "Antony Blinken",
           "kb_id": "https://www.wikidata.org/wiki/Q4349"}
recs = [
    {"text": a, "spans": [
        span(a, "Alexei Navalny", "PER", annotator="ann", entity=navalny),
        span(a, "Antony Blinken", "PER", annotator="ann", entity=blinken),
        span(a, "Moscow", "LOC", annotator="ann", status="suggested",
             origin="gazetteer",
             entity={"id": 72, "name": "Moscow", "kb_id": ""}),
        span(a, "Aleksey Navalny", "PER", annotator="ann",
             entity=dict(navalny, status="suggested")),
        span(a, "Blinken", "PER", 2, annotator="bob", entity=blinken),
        span(a, "=Smith", "PER", annotator="cy",
             entity={"id": 73, "name": "=Smith"}),
        span(a, "State Department", "ORG", annotator="cy",
             entity={"id": 74, "name": "State Department",
                     "kb_id": "internal id 5", "status": "rejected"}),
     ],
     "relations": [
        {"from": 0, "to": 1, "label": "met_with", "annotator": "ann",
         "origin": "manual", "note": 'in "Moscow"\n\tfirst'},
        {"from": 1, "to": 2, "label": "located_in", "annotator": "ann",
         "origin": "model"},
        {"from": 4, "to": 3, "label": "spoke_with", "annotator": "bob",
         "status": "suggested"},
     ]},
    {"text": b, "spans": [
        span(b, "=Smith", "PER", annotator="cy",
             entity={"id": 75, "name": "=Smith", "kb_id": ""}),
        span(b, "Kyiv", "LOC", annotator="cy"),
     ],
     "relations": [{"from": 0, "to": 1, "label": "located_in",
                    "annotator": "cy"}]},
]
with open("in.jsonl", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
m import in.jsonl 2> import.err || fail "import failed: $(cat import.err)"
grep -q "new relation label met_with added to the database" import.err ||
	fail "the new relation label was not said: $(cat import.err)"

m export --format jsonl --status all > e1.jsonl 2> e1.err ||
	fail "export failed: $(cat e1.err)"
DB=$T/second.db m import e1.jsonl 2> import2.err ||
	fail "second import failed: $(cat import2.err)"
DB=$T/second.db m export --format jsonl --status all > e2.jsonl ||
	fail "second export failed"
cmp -s e1.jsonl e2.jsonl || fail "the round trip changed the export:
$(diff e1.jsonl e2.jsonl)"
# Imported again into the same database, nothing is added twice.
DB=$T/second.db m import e1.jsonl 2> /dev/null
DB=$T/second.db m export --format jsonl --status all > e3.jsonl
cmp -s e1.jsonl e3.jsonl || fail "a second import changed the database:
$(diff e1.jsonl e3.jsonl)"

python3 - e1.jsonl <<'PY' || fail "the JSONL export lost an entity or relation"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(recs) == 2, len(recs)
a, b = recs
for r in recs:
    for s in r["spans"]:
        assert r["text"][s["start"]:s["end"]] == s["text"], s
by = {(s["text"], s["annotator"]): s for s in a["spans"]}
nav = by[("Alexei Navalny", "ann")]["entity"]
assert nav["name"] == "Alexei Navalny" and nav["kb_id"] == "Q7747", nav
assert "status" not in nav, nav
alek = by[("Aleksey Navalny", "ann")]["entity"]
assert alek["id"] == nav["id"] and alek["status"] == "suggested", alek
bl = by[("Antony Blinken", "ann")]["entity"]
assert bl["kb_id"] == "https://www.wikidata.org/wiki/Q4349", bl
assert by[("Blinken", "bob")]["entity"]["id"] == bl["id"]
assert by[("Moscow", "ann")]["entity"]["kb_id"] == ""
sd = by[("State Department", "cy")]["entity"]
assert sd["kb_id"] == "internal id 5" and sd["status"] == "rejected", sd
# Two entities of one name and no kb_id stay two.
s1 = by[("=Smith", "cy")]["entity"]
s2 = b["spans"][0]["entity"]
assert s1["name"] == s2["name"] == "=Smith" and s1["id"] != s2["id"], (s1, s2)
assert "entity" not in b["spans"][1], b["spans"][1]
def ends(r, rel):
    return (r["spans"][rel["from"]]["text"], r["spans"][rel["to"]]["text"])
rels = {rel["label"]: rel for rel in a["relations"]}
assert len(a["relations"]) == 3, a["relations"]
m = rels["met_with"]
assert ends(a, m) == ("Alexei Navalny", "Antony Blinken"), m
assert (m["annotator"], m["status"], m["origin"]) == ("ann", "accepted", "manual"), m
assert m["note"] == 'in "Moscow"\n\tfirst', m
assert ends(a, rels["located_in"]) == ("Antony Blinken", "Moscow")
assert rels["located_in"]["origin"] == "model"
sw = rels["spoke_with"]
assert ends(a, sw) == ("Blinken", "Aleksey Navalny"), sw
assert (sw["annotator"], sw["status"]) == ("bob", "suggested"), sw
assert ends(b, b["relations"][0]) == ("=Smith", "Kyiv")
PY

# The default export holds accepted spans: located_in goes with Moscow,
# a suggestion, and is counted; spoke_with is a suggestion itself.
m export --format jsonl > acc.jsonl 2> acc.err || fail "export failed"
grep -q "1 relation left out with a span the export leaves out" acc.err ||
	fail "the relation left out was not counted: $(cat acc.err)"
python3 - acc.jsonl <<'PY' || fail "the default export has the wrong relations"
import json, sys
a = json.loads(open(sys.argv[1], encoding="utf-8").readline())
got = [(a["spans"][r["from"]]["text"], r["label"], a["spans"][r["to"]]["text"])
       for r in a["relations"]]
assert got == [("Alexei Navalny", "met_with", "Antony Blinken")], got
PY
m export --format jsonl --status all --label PER > per.jsonl 2> per.err
grep -q "2 relations left out" per.err || fail "--label: $(cat per.err)"
m export --format jsonl --status all --annotator bob > bob.jsonl 2> bob.err
grep -q "1 relation left out" bob.err || fail "--annotator: $(cat bob.err)"

# CSV: the entity columns after the old ones, read by Python's csv.
m export --format csv --status all > spans.csv || fail "csv export failed"
m export --what relations --status all > rel.csv || fail "relations export failed"
m export --what entities > ent.csv || fail "entities export failed"
m export --what entities --excel-safe > ent-safe.csv || fail "entities export failed"
m export --status all --excel-safe > spans-safe.csv || fail "csv export failed"
python3 - e1.jsonl spans.csv rel.csv ent.csv ent-safe.csv spans-safe.csv <<'PY' ||
import csv, json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def rows(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
def header(p):
    with open(p, encoding="utf-8", newline="") as f:
        return next(csv.reader(f))
old = ["article_id", "article_title", "source", "annotator", "label",
       "start", "end", "text", "start_byte", "end_byte", "status", "origin",
       "note", "created_at"]
assert header(sys.argv[2]) == old + ["entity_id", "entity_name", "kb_id"]
texts = {str(r["id"]): r["text"] for r in recs}
want = {}
for r in recs:
    for s in r["spans"]:
        want[(str(r["id"]), s["start"], s["end"], s["annotator"])] = s.get("entity")
spans = rows(sys.argv[2])
assert len(spans) == len(want), len(spans)
for row in spans:
    t = texts[row["article_id"]]
    assert t[int(row["start"]):int(row["end"])] == row["text"], row
    e = want[(row["article_id"], int(row["start"]), int(row["end"]), row["annotator"])]
    if e is None:
        assert row["entity_id"] == row["entity_name"] == row["kb_id"] == "", row
    else:
        assert (int(row["entity_id"]), row["entity_name"], row["kb_id"]) == \
            (e["id"], e["name"], e["kb_id"]), (row, e)
rel = rows(sys.argv[3])
assert header(sys.argv[3]) == ["article_id", "article_title", "annotator",
    "label", "from_start", "from_end", "from_text", "from_label", "to_start",
    "to_end", "to_text", "to_label", "status", "note"]
assert len(rel) == 4, rel
for row in rel:
    t = texts[row["article_id"]]
    assert t[int(row["from_start"]):int(row["from_end"])] == row["from_text"], row
    assert t[int(row["to_start"]):int(row["to_end"])] == row["to_text"], row
got = {(r["from_text"], r["label"], r["to_text"], r["annotator"], r["status"]) for r in rel}
assert ("Alexei Navalny", "met_with", "Antony Blinken", "ann", "accepted") in got, got
assert ("Blinken", "spoke_with", "Aleksey Navalny", "bob", "suggested") in got, got
met = [r for r in rel if r["label"] == "met_with"][0]
assert met["note"] == 'in "Moscow"\n\tfirst' and met["from_label"] == "PER", met
ent = rows(sys.argv[4])
assert header(sys.argv[4]) == ["entity_id", "label", "name", "kb_id", "mentions"]
by = {(r["name"], r["kb_id"]): r for r in ent}
assert len(ent) == 6, ent
# Mentions count accepted links: Aleksey's is a suggestion.
assert by[("Alexei Navalny", "Q7747")]["mentions"] == "1", by
assert by[("Antony Blinken", "https://www.wikidata.org/wiki/Q4349")]["mentions"] == "2"
assert by[("State Department", "internal id 5")]["label"] == "ORG"
assert [r["name"] for r in ent].count("=Smith") == 2, ent
safe = rows(sys.argv[5])
assert [r["name"] for r in safe].count("'=Smith") == 2, safe
for row in rows(sys.argv[6]):
    if row["text"] == "=Smith":
        assert row["entity_name"] == "'=Smith", row
PY
	fail "the CSV exports lost an entity or relation"
exit 0
