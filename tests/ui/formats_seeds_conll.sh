# The seed articles tagged in the TUI (single words and selections over
# several words, in two articles), then `export --format conll`: its BIO
# tags agree with the spans the TUI saved.  Python reads the CoNLL and
# the CSV export: every span is one B-/I- chunk of its label whose tokens
# spell the span's text, nothing else is tagged, every article is there
# (untagged ones all O), and the tokens cover the article's text.
. tests/lib.sh
seeds="$MARGIN_SHARED/corpus/seeds"
[ -d "$seeds" ] || fail "no seed articles in $seeds"
m import "$seeds" 2>/dev/null || fail "import failed"
ui 120x40 '<Enter>
wwww 1
ww v ww 2
wwwwwww v wwww 3
jj w 1
m
w 2
www v www 1
jjj ww 4'
m export -o "$T/spans.csv" || fail "csv export failed"
m export --format conll -o "$T/out.conll" 2> "$T/export.err" ||
	fail "conll export failed: $(cat "$T/export.err")"
[ -s "$T/export.err" ] && fail "the export reported: $(cat "$T/export.err")"
python3 - "$T/spans.csv" "$T/out.conll" "$DB" <<'PY' || fail "CoNLL and spans disagree"
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
db = sqlite3.connect(sys.argv[3])
ids = [r[0] for r in db.execute("select id from articles order by id")]
texts = dict(db.execute("select id, text from articles"))

docs, doc, sent = [], None, []
for line in open(sys.argv[2], encoding="utf-8").read().split("\n"):
    if line == "":
        if sent:
            doc.append(sent)
        sent = []
        continue
    tok, x, _, tag = line.rsplit(" ", 3)
    if tok == "-DOCSTART-":
        doc = []
        docs.append(doc)
        continue
    sent.append((tok, tag))
assert len(docs) == len(ids) == 5, (len(docs), len(ids))

spans = {}
for r in rows:
    spans.setdefault(int(r["article_id"]), []).append((r["label"], r["text"]))
assert len(rows) >= 5, rows
assert len(spans) >= 2, spans
assert any(" " in t for _, t in sum(spans.values(), [])), rows

for aid, doc in zip(ids, docs):
    chunks = []
    for s in doc:
        for tok, tag in s:
            if tag.startswith("B-"):
                chunks.append([tag[2:], [tok]])
            elif tag.startswith("I-"):
                assert chunks and chunks[-1][0] == tag[2:], (aid, tok, tag)
                chunks[-1][1].append(tok)
            else:
                assert tag == "O", tag
    # The tokens spell the text, white space aside.
    toks = "".join(t for s in doc for t, _ in s)
    assert toks == "".join(texts[aid].split()), aid
    want = sorted((l, "".join(t.split())) for l, t in spans.get(aid, []))
    got = sorted((l, "".join(ts)) for l, ts in chunks)
    assert got == want, (aid, got, want)
    print(f"article {aid}: {len(chunks)} entities agree")
PY
