# Texts with emoji, ZWJ sequences, flags, combining marks, CJK and CRLF
# line ends come in as JSONL (spans in Python's code points of the CRLF
# text), brat (offsets of the CRLF .txt) and CSV; Python's csv and json
# modules read the csv and jsonl exports back and find text[start:end]
# equal to every span's text, and the bytes too.  JSONL and brat exports,
# imported into new databases, give the same spans again.
. tests/lib.sh
cd "$T"
python3 - <<'PY' || fail "could not write the inputs"
import json
texts = [
    "Familie 👩\u200d👩\u200d👧 aus 🇩🇪 traf\r\nZoë e\u0301te\u0301 in 東京.\r\n",
    "Line one\r\n\r\nAngela Merkel 😀 visited 北京 and Siemens.\r\n",
    "Ǹgozi\u0300 met Ωmega Corp\r\nin São Paulo 🇧🇷.",
]
entities = [
    [("👩\u200d👩\u200d👧", "MISC"), ("🇩🇪", "LOC"), ("Zoë", "PER"),
     ("e\u0301te\u0301", "MISC"), ("東京", "LOC"), ("traf\r\nZoë", "MISC")],
    [("Angela Merkel", "PER"), ("😀", "MISC"), ("北京", "LOC"),
     ("Siemens", "ORG")],
    [("Ǹgozi\u0300", "PER"), ("Ωmega Corp", "ORG"), ("São Paulo 🇧🇷", "LOC")],
]
want = []
with open("in.jsonl", "w", encoding="utf-8", newline="") as f:
    for k, (t, es) in enumerate(zip(texts, entities)):
        spans = []
        for e, label in es:
            s = t.index(e)
            spans.append({"start": s, "end": s + len(e), "label": label,
                          "text": e})
            want.append([t.replace("\r\n", "\n"), label,
                         e.replace("\r\n", "\n")])
        f.write(json.dumps({"text": t, "title": f"T{k}", "spans": spans},
                           ensure_ascii=(k == 0)) + "\n")
# brat: the same kind of text in a .txt with CRLF, offsets counted in it.
t = "Ωmega 👩\u200d👩\u200d👧 in 東京\r\nand e\u0301 Zürich.\r\n"
os = [("Ωmega", "ORG"), ("東京", "LOC"), ("Zürich", "LOC"),
      ("👩\u200d👩\u200d👧", "MISC")]
with open("b.txt", "w", encoding="utf-8", newline="") as f:
    f.write(t)
with open("b.ann", "w", encoding="utf-8", newline="") as f:
    for i, (e, label) in enumerate(os):
        s = t.index(e)
        f.write(f"T{i + 1}\t{label} {s} {s + len(e)}\t{e}\n")
        want.append([t.replace("\r\n", "\n"), label, e])
# CSV: a quoted CRLF text (no spans: an article to export all O).
with open("c.csv", "w", encoding="utf-8", newline="") as f:
    f.write('title,text\r\nC,"Only text, 🇫🇷\r\nno spans."\r\n')
json.dump(sorted(want), open("want.json", "w", encoding="utf-8"))
PY
m import in.jsonl b.txt c.csv 2> import.err || fail "import: $(cat import.err)"
grep -q 'imported 5 articles' import.err || fail "import: $(cat import.err)"
m export -o out.csv || fail "csv export failed"
m export --format jsonl -o out.jsonl || fail "jsonl export failed"
m export --format brat -o brat || fail "brat export failed"

python3 - <<'PY' || fail "the exports do not read back"
import csv, json, sys
want = json.load(open("want.json", encoding="utf-8"))
articles = {}
got = []
for line in open("out.jsonl", encoding="utf-8", newline=""):
    a = json.loads(line)
    articles[str(a["id"])] = a["text"]
    assert "\r" not in a["text"], a
    for s in a["spans"]:
        t = a["text"][s["start"]:s["end"]]
        assert t == s["text"], (t, s)
        got.append([a["text"], s["label"], t])
assert len(articles) == 5, len(articles)
assert sorted(got) == want, (sorted(got), want)
rows = list(csv.DictReader(open("out.csv", encoding="utf-8", newline="")))
assert len(rows) == len(want), (len(rows), len(want))
for r in rows:
    text = articles[r["article_id"]]
    s, e = int(r["start"]), int(r["end"])
    assert text[s:e] == r["text"], (text[s:e], r)
    b = text.encode("utf-8")[int(r["start_byte"]):int(r["end_byte"])]
    assert b.decode("utf-8") == r["text"], (b, r)
print(len(rows), "spans read back by csv and json")
PY

# Imported again, each export gives the same spans (JSONL keeps the
# annotators; brat has none, so they are "imported" either way).
spans_of() {
	"$MARGIN_BIN" --db "$1" export --format jsonl | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    for s in a["spans"]:
        print(json.dumps([a["text"], s["start"], s["end"], s["label"],
                          s["text"], s["annotator"], s.get("note", "")],
                         ensure_ascii=False))' | sort
}
"$MARGIN_BIN" --db jsonl.db import out.jsonl 2>/dev/null ||
	fail "the JSONL export does not import"
"$MARGIN_BIN" --db brat.db import brat 2>/dev/null ||
	fail "the brat export does not import"
spans_of "$DB" > spans.db
[ "$(wc -l < spans.db)" = 17 ] || fail "$(wc -l < spans.db) spans, want 17"
spans_of jsonl.db > spans.jsonl
spans_of brat.db > spans.brat
diff spans.db spans.jsonl >&2 || fail "JSONL round trip changed spans"
diff spans.db spans.brat >&2 || fail "brat round trip changed spans"
