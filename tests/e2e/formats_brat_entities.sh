# A brat round trip keeps entities and relations (SPEC §16): entity links
# become N lines whose reference is the kb_id (Q7747 as Wikidata:Q7747, a
# RID:ID as it is, any other id percent-encoded under margin-kb:, an entity
# without one as margin:ID so that its mentions still share it), relations
# R lines with margin's attributes, annotation.conf declares the relation
# labels (a symmetric one with <REL-TYPE>:symmetric) and every annotator,
# one with relations only too.  A checker of brat's
# standoff grammar (brat.nlplab.org/standoff.html: "T1<TAB>TYPE START
# END<TAB>TEXT", "R1<TAB>TYPE Arg1:T1 Arg2:T2", "N1<TAB>Reference T1
# RID:ID<TAB>TEXT", brat reading RID:ID as (\S+?):(\S+), "A1<TAB>NAME ID
# [VALUE]", "#1<TAB>AnnotatorNotes ID<TAB>TEXT"; configuration.html:
# "TYPE<TAB>Arg1:T1|T2, Arg2:T1|T2[, <REL-TYPE>:symmetric]", attributes
# "NAME<TAB>Arg:TYPES, Value:V1|V2") runs over every .ann file and
# annotation.conf.  Imported into a new database and exported again, the
# folder is the same, and so are the entities (names, kb_ids, which
# mentions share one) and relations.
. tests/lib.sh
cd "$T"
cat > schema.labels <<'EOF'
label PER key 1 "Person"
label ORG key 2 "Organisation"
label LOC key 3 "Location"
relation met_with key m symmetric "met each other"
relation works_for key w "employment"
EOF
m labels load schema.labels 2> load.err || fail "labels load failed: $(cat load.err)"
python3 - <<'PY' || fail "could not write the fixture"
import json
a = "Alexei Navalny met Antony Blinken.\nAleksey Navalny left; Blinken works for State."
b = "Smith and Smith, two of them, met in Kyiv."
def span(t, s, label, n=1, **kw):
    i = -1
    for _ in range(n):
        i = t.index(s, i + 1)
    d = {"start": i, "end": i + len(s), "label": label, "text": s}
    d.update(kw)
    return d
nav = {"id": 1, "name": "Alexei Navalny", "kb_id": "Q7747"}
recs = [
    {"text": a, "spans": [
        span(a, "Alexei Navalny", "PER", annotator="ann", entity=nav),
        span(a, "Antony Blinken", "PER", annotator="ann",
             entity={"id": 2, "name": "Antony Blinken"}),
        span(a, "met Antony", "PER", annotator="cy", status="rejected"),
        span(a, "Aleksey Navalny", "PER", annotator="bob",
             entity=dict(nav, status="suggested")),
        span(a, "Blinken", "PER", 2, annotator="bob",
             entity={"id": 2, "name": "Antony Blinken"}),
        span(a, "State", "ORG", annotator="bob", status="suggested",
             origin="model",
             entity={"id": 3, "name": "State Department",
                     "kb_id": "GeoNames:ID 7 b%"}),
     ],
     "relations": [
        {"from": 0, "to": 1, "label": "met_with", "annotator": "ann",
         "origin": "manual", "note": "in Geneva\nlast year"},
        {"from": 4, "to": 5, "label": "works_for", "annotator": "bob",
         "status": "suggested", "origin": "model"},
        {"from": 3, "to": 4, "label": "knows", "annotator": "dan"},
     ]},
    {"text": b, "spans": [
        span(b, "Smith", "PER", annotator="ann",
             entity={"id": 4, "name": "Smith"}),
        span(b, "Smith", "PER", 2, annotator="ann",
             entity={"id": 5, "name": "Smith"}),
        span(b, "Kyiv", "LOC", annotator="ann",
             entity={"id": 6, "name": "Kyiv",
                     "kb_id": "https://www.geonames.org/703448"}),
     ],
     "relations": [{"from": 0, "to": 1, "label": "met_with",
                    "annotator": "ann", "status": "rejected"}]},
]
with open("in.jsonl", "w", encoding="utf-8") as f:
    for r in recs:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
m import in.jsonl 2> import.err || fail "import failed: $(cat import.err)"
m export --format brat --status all -o b1 2> e1.err || fail "export failed: $(cat e1.err)"

python3 - b1 <<'PY' || fail "the export does not follow brat's grammar"
import os, re, sys
d = sys.argv[1]
# annotation.conf: [section] lines, then one declaration a line.
conf = open(os.path.join(d, "annotation.conf"), encoding="utf-8").read()
section, entities, relations, attrs, symmetric = None, set(), {}, {}, set()
for line in conf.splitlines():
    if line.startswith("#") or not line.strip():
        continue
    m = re.match(r"^\[(\w+)\]$", line)
    if m:
        section = m.group(1)
        assert section in ("entities", "relations", "events", "attributes"), line
        continue
    if section == "entities":
        assert re.match(r"^[A-Za-z0-9_-]+$", line), line
        entities.add(line)
    elif section == "relations":
        m = re.match(r"^(\S+)\t(.*)$", line)
        assert m, line
        name, args = m.groups()
        roles = {}
        for arg in args.split(", "):
            role, types = re.match(r"^(\S+?):(\S+)$", arg).groups()
            roles[role] = types.split("|")
        if name == "<OVERLAP>":
            continue
        assert re.match(r"^[A-Za-z0-9_-]+$", name), line
        assert set(roles) - {"<REL-TYPE>"} == {"Arg1", "Arg2"}, line
        for t in roles["Arg1"] + roles["Arg2"]:
            assert t in entities or t == "<ENTITY>", (line, t)
        if "symmetric" in roles.get("<REL-TYPE>", []):
            symmetric.add(name)
        relations[name] = (set(roles["Arg1"]), set(roles["Arg2"]))
    elif section == "attributes":
        m = re.match(r"^(\w+)\tArg:(\S+), Value:(\S*)$", line)
        assert m, line
        attrs[m.group(1)] = (set(m.group(2).split("|")), set(m.group(3).split("|")))
assert set(relations) >= {"met_with", "works_for", "knows"}, relations
assert symmetric == {"met_with"}, symmetric
tools = open(os.path.join(d, "tools.conf"), encoding="utf-8").read()
assert re.search(r"^\[normalization\]$", tools, re.M), tools
assert re.search(r"^Wikidata\t<URL>:\S+, <URLBASE>:\S*%s$", tools, re.M), tools

seen = {}
refs = {}
for name in sorted(os.listdir(d)):
    if not name.endswith(".ann"):
        continue
    text = open(os.path.join(d, name[:-4] + ".txt"), encoding="utf-8",
                newline="").read()
    data = open(os.path.join(d, name), encoding="utf-8", newline="").read()
    assert data.splitlines() == data.split("\n")[:-1], name
    ids, types = set(), {}
    for line in data.split("\n")[:-1]:
        kind = line[0]
        seen[kind] = seen.get(kind, 0) + 1
        lid = line.split("\t", 1)[0]
        assert re.match(r"^[TRNA#]\d+$", lid) and lid not in ids, line
        ids.add(lid)
        if kind == "T":
            m = re.match(r"^T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", line)
            assert m, line
            typ, offs, got = m.groups()
            assert typ in entities, typ
            frags = [tuple(map(int, p.split())) for p in offs.split(";")]
            assert got == " ".join(text[a:b] for a, b in frags), line
            types[lid] = typ
        elif kind == "R":
            m = re.match(r"^R\d+\t(\S+) Arg1:(T\d+) Arg2:(T\d+)$", line)
            assert m, line
            typ, a1, a2 = m.groups()
            assert typ in relations and a1 in types and a2 in types, line
            assert types[a1] in relations[typ][0] and types[a2] in relations[typ][1], line
            types[lid] = typ
        elif kind == "N":
            m = re.match(r"^N\d+\t(\S+) (\S+) (\S+?):(\S+)\t(.*)$", line)
            assert m, line
            typ, target, rid, rref, ename = m.groups()
            assert typ == "Reference" and target in types, line
            assert ename.strip(), line
            refs.setdefault(name, []).append((text, target, rid + ":" + rref, ename))
        elif kind == "A":
            m = re.match(r"^A\d+\t(\S+) ([TR]\d+)(?: (.+))?$", line)
            assert m, line
            a, target, value = m.groups()
            assert a in attrs and target in types, line
            argtypes, values = attrs[a]
            want = "<ENTITY>" if target[0] == "T" else "<RELATION>"
            assert want in argtypes, (line, argtypes)
            assert value in values, (line, values)
        elif kind == "#":
            m = re.match(r"^#\d+\tAnnotatorNotes ([TR]\d+)\t(.*)$", line)
            assert m and m.group(1) in types, line
        else:
            raise AssertionError(line)
assert seen.get("R") == 4 and seen.get("N") == 8, seen
flat = [r for v in refs.values() for r in v]
got = {x[2] for x in flat}
assert "Wikidata:Q7747" in got, got
assert "https://www.geonames.org/703448" in got, got
assert "margin-kb:GeoNames%3AID%207%20b%25" in got, got
# The two Smiths are two entities, each of its own margin:ID.
smith = [x[2] for x in flat if x[3] == "Smith"]
assert len(smith) == 2 and smith[0] != smith[1], smith
assert all(s.startswith("margin:") for s in smith), smith
PY
grep -q "^R1	met_with Arg1:T1 Arg2:T3$" b1/1.ann || fail "no R line: $(cat b1/1.ann)"
grep -q "^N1	Reference T1 Wikidata:Q7747	Alexei Navalny$" b1/1.ann ||
	fail "no N line: $(cat b1/1.ann)"

DB=$T/second.db m import b1 2> import2.err || fail "brat import failed: $(cat import2.err)"
DB=$T/second.db m export --format brat --status all -o b2 2>/dev/null ||
	fail "second export failed"
diff -r b1 b2 > diff.out || fail "the round trip changed the folder: $(head -20 diff.out)"
m export --format jsonl --status all > j1.jsonl
DB=$T/second.db m export --format jsonl --status all > j2.jsonl
python3 - j1.jsonl j2.jsonl <<'PY' || fail "entities or relations differ after the round trip"
import json, sys
def norm(path):
    # Entity ids are each database's own: number them by first mention.
    ids, out = {}, []
    for l in open(path, encoding="utf-8"):
        r = json.loads(l)
        for s in r["spans"]:
            s.pop("score", None)
            e = s.get("entity")
            if e is not None:
                e["id"] = ids.setdefault(e["id"], len(ids) + 1)
        out.append((r["text"], r["spans"], r.get("relations", [])))
    return out
a, b = norm(sys.argv[1]), norm(sys.argv[2])
assert a == b, (a, b)
spans = a[0][1]
linked = [s for s in spans if "entity" in s]
assert len(linked) == 5, linked
assert {s["entity"]["name"] for s in linked} == {"Alexei Navalny",
    "Antony Blinken", "State Department"}, linked
assert [s["entity"]["kb_id"] for s in linked if s["entity"]["name"] ==
        "State Department"] == ["GeoNames:ID 7 b%"], linked
assert len(a[0][2]) == 3 and len(a[1][2]) == 1, (a[0][2], a[1][2])
smiths = [s["entity"]["id"] for s in a[1][1] if s["text"] == "Smith"]
assert len(set(smiths)) == 2, smiths
PY
# The relation labels came back from annotation.conf, symmetric and all.
python3 - "$DB" "$T/second.db" <<'PY' || fail "relation labels differ"
import sqlite3, sys
def labels(p):
    db = sqlite3.connect(p)
    return {n: s for n, s in db.execute("select name, symmetric from relation_labels")}
a, b = labels(sys.argv[1]), labels(sys.argv[2])
assert a == b and a["met_with"] and not a["works_for"], (a, b)
PY
exit 0
