# A brat round trip loses nothing brat can hold (SPEC §9): eleven articles
# (file names that sort as the ids do), three annotators, notes with line
# ends, TABs and quotes, nested spans, spans across a line end and across
# U+2028, suggested and rejected spans with their origins, a span of white
# space only (left out, and said).  The export follows brat's standoff
# grammar (brat.nlplab.org/standoff.html; brat reads .ann files with
# Python's universal newlines, so no line may hold U+2028 or U+2029): T
# lines "ID<TAB>TYPE START END[;START END]...<TAB>TEXT" whose text is the
# fragments' texts joined by a space, A lines "ID<TAB>NAME TARGET VALUE",
# "#" AnnotatorNotes lines; annotation.conf declares every type and
# attribute value used.  Imported into a new database and exported again,
# the folder is the same, file for file.
. tests/lib.sh
cd "$T"
python3 - <<'PY' || fail "could not write the fixture"
import json
texts = ["Article %d about Lagos and Accra." % k for k in range(1, 10)]
texts.append("Alexei\nNavalny spoke; \u00abAda\u2028Lovelace\u00bb met \U0001F600 Bob.\n \nEnd.")
texts.append("Nested: University of Lagos Press.")
def span(t, s, label, n=1, **kw):
    i = -1
    for _ in range(n):
        i = t.index(s, i + 1)
    d = {"start": i, "end": i + len(s), "label": label, "text": s}
    d.update(kw)
    return d
with open("in.jsonl", "w", encoding="utf-8") as f:
    for k, t in enumerate(texts):
        spans = []
        if k < 9:
            spans.append(span(t, "Lagos", "LOC", annotator="ann"))
        if k == 9:
            spans += [
                span(t, "Alexei\nNavalny", "PER", annotator="ann",
                     note='says "hi"\n\tand more'),
                span(t, "Ada\u2028Lovelace", "PER", annotator="bob",
                     status="suggested", origin="model", note="a\tb"),
                span(t, "Bob", "PER", annotator="cy", status="rejected",
                     origin="gazetteer"),
                span(t, "\U0001F600", "MISC", annotator="cy",
                     origin="manual"),
                span(t, "\n \n", "MISC", annotator="cy"),
            ]
        if k == 10:
            spans += [span(t, "University of Lagos Press", "ORG",
                           annotator="ann", origin="propagated"),
                      span(t, "Lagos", "LOC", annotator="bob")]
        f.write(json.dumps({"text": t, "spans": spans}, ensure_ascii=False) + "\n")
PY
m import in.jsonl 2> import.err || fail "import failed: $(cat import.err)"
m export --format brat --status all -o b1 2> e1.err || fail "export failed: $(cat e1.err)"
grep -q "article 10: span [0-9]* is white space only, which brat cannot hold: left out" e1.err ||
	fail "the white-space span was not said: $(cat e1.err)"
[ -f b1/01.txt ] && [ -f b1/11.ann ] || fail "file names: $(ls b1)"

python3 - b1 <<'PY' || fail "the export does not follow brat's grammar"
import os, re, sys
d = sys.argv[1]
conf = open(os.path.join(d, "annotation.conf"), encoding="utf-8").read()
section, types, attrs = None, set(), {}
for line in conf.splitlines():
    if line.startswith("#") or not line.strip():
        continue
    m = re.match(r"^\[(\w+)\]$", line)
    if m:
        section = m.group(1)
        continue
    if section == "entities":
        types.add(line.strip())
    elif section == "attributes":
        name, rest = line.split("\t", 1)
        attrs[name] = set(re.search(r"Value:(\S*)", rest).group(1).split("|"))
assert os.path.exists(os.path.join(d, "visual.conf"))
seen = {"T": 0, "A": 0, "#": 0}
for name in sorted(os.listdir(d)):
    if not name.endswith(".ann"):
        continue
    text = open(os.path.join(d, name[:-4] + ".txt"), encoding="utf-8",
                newline="").read()
    data = open(os.path.join(d, name), encoding="utf-8", newline="").read()
    # Universal newlines and a split at LF must agree.
    assert data.splitlines() == data.split("\n")[:-1], name
    ids = set()
    for line in data.split("\n")[:-1]:
        kind = line[0]
        seen[kind] += 1
        if kind == "T":
            m = re.match(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", line)
            assert m, line
            tid, typ, offs, got = m.groups()
            assert typ in types, typ
            frags = [tuple(map(int, p.split())) for p in offs.split(";")]
            want = " ".join(text[a:b] for a, b in frags)
            assert got == want.replace("\t", " "), (line, want)
            assert got.strip(), line
            ids.add(tid)
        elif kind == "A":
            m = re.match(r"^A\d+\t(\w+) (T\d+) (.+)$", line)
            assert m, line
            a, target, value = m.groups()
            assert target in ids, line
            assert value in attrs[a], (a, value, attrs[a])
        elif kind == "#":
            m = re.match(r"^#\d+\tAnnotatorNotes (T\d+)\t(.*)$", line)
            assert m and m.group(1) in ids, line
        else:
            raise AssertionError(line)
assert seen["T"] == 15 and seen["#"] == 2, seen
PY
grep -q "PER 0 6;7 14	Alexei Navalny" b1/10.ann ||
	fail "no fragments across the line end: $(cat b1/10.ann)"

DB=$T/second.db m import b1 2> import2.err || fail "brat import failed: $(cat import2.err)"
DB=$T/second.db m export --format brat --status all -o b2 2>/dev/null ||
	fail "second export failed"
diff -r b1 b2 > diff.out || fail "the round trip changed the folder: $(head -20 diff.out)"
# And the spans are the same as in the first database, status, origin,
# annotator and note and all.
m export --format jsonl --status all > j1.jsonl
DB=$T/second.db m export --format jsonl --status all > j2.jsonl
python3 - j1.jsonl j2.jsonl <<'PY' || fail "the spans differ after the round trip"
import json, sys
def spans(path):
    out = []
    for l in open(path, encoding="utf-8"):
        r = json.loads(l)
        for s in r["spans"]:
            s.pop("score", None)
            if s["text"].strip():
                out.append((r["text"], json.dumps(s, sort_keys=True)))
    return sorted(out)
a, b = spans(sys.argv[1]), spans(sys.argv[2])
assert a == b, [x for x in a if x not in b][:3]
assert len(a) == 15, len(a)
PY
exit 0
