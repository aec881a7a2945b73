# Every CoNLL file of the shared NER corpora (SEC filings, wikigold, WNUT
# 2017, the Broad Twitter Corpus, GUM news) goes in with `import` (format
# found by content: .txt, .tsv and .annotated files too) and comes out of
# `export --format conll` with the same documents, sentences, tokens and
# tags (IOB1 and bare types compared after normalising to IOB2), and the
# POS and chunk columns of the four-column files as they were.  A reader
# written here in Python, from the files themselves, counts sentences,
# tokens and entities per type and rebuilds each article's text; the
# database, the import's own summary and the export must all agree with
# it.  Then: the export imported again exports to the same bytes, through
# JSONL too, and --scheme iob1, bioes and bilou carry the same entities.
#
# The documented handling of odd tokens is applied on both sides: a token
# that is empty (or white space) after canonicalisation is dropped as if
# its line were not there, white space around a token is trimmed, spaces
# inside a token are kept, and written as _ in the space-separated export
# (counted on stderr: BTC's h.conll has four such tokens).
. tests/lib.sh
ner="$MARGIN_SHARED/corpus/ner"
[ -d "$ner" ] || fail "no NER corpora in $ner"
files=()
for pattern in "sec-filings/FIN*.txt" "wikigold/*.conll.txt" \
    "wnut17/*.conll" "wnut17/*.annotated" "btc/*.conll" "gum-news/*.tsv"; do
	found=0
	for f in $ner/$pattern; do
		[ -f "$f" ] || continue
		files+=("$f")
		found=1
	done
	[ "$found" = 1 ] || fail "no file matches $ner/$pattern"
done

m import "${files[@]}" 2> "$T/import.err" ||
	fail "import failed: $(grep -v 'new label\|token' "$T/import.err")"
m export --format conll -o "$T/out.conll" 2> "$T/export.err" ||
	fail "export failed: $(cat "$T/export.err")"
[ "$(cat "$T/export.err")" = "margin: export: 4 tokens held white space, written as _ (a reader splitting at spaces would see two fields)" ] ||
	fail "the export reported: $(cat "$T/export.err")"
for scheme in iob1 bioes bilou; do
	m export --format conll --scheme $scheme -o "$T/out.$scheme" ||
		fail "export --scheme $scheme failed"
done

# The export, imported again, exports to the same bytes; and so does the
# JSONL export imported again (the token spaces live in the metadata).  On
# one file of each kind, to keep the test short: IOB1 in four columns,
# many documents, inner spaces and empty tokens, bare types.
sub="$T/sub.db"
"$MARGIN_BIN" --db "$sub" import "$ner/sec-filings/FIN3.txt" \
    "$ner/wikigold/wikigold.conll.txt" "$ner/btc/h.conll" \
    "$ner/gum-news/GUM_news_asylum.tsv" 2>/dev/null || fail "import failed"
"$MARGIN_BIN" --db "$sub" export --format conll -o "$T/sub.conll" \
    2>/dev/null || fail "export failed"
"$MARGIN_BIN" --db "$sub" export --format jsonl -o "$T/sub.jsonl" ||
	fail "jsonl export failed"
for via in conll jsonl; do
	"$MARGIN_BIN" --db "$T/$via.db" import "$T/sub.$via" 2>/dev/null ||
		fail "the $via export does not import again"
	"$MARGIN_BIN" --db "$T/$via.db" export --format conll \
	    -o "$T/again.$via" 2>/dev/null ||
		fail "export of the $via re-import failed"
	cmp -s "$T/sub.conll" "$T/again.$via" ||
		fail "re-imported $via exports differently: $(diff \
		    "$T/sub.conll" "$T/again.$via" | head -20)"
done

python3 - "$T" "$DB" "${files[@]}" <<'PY' || fail "the round trip differs"
import collections, re, sqlite3, sys, unicodedata

tdir, db, files = sys.argv[1], sys.argv[2], sys.argv[3:]
problems = []

def problem(msg):
    problems.append(msg)
    if len(problems) > 30:
        report()

def report():
    for p in problems:
        print(p)
    sys.exit(1)

def to_iob2(tags):
    """conlleval's chunk rules, written again: B/S start a chunk, I/E/bare
    continue an open chunk of their type, E/S close theirs."""
    out, open_type = [], None
    for t in tags:
        if t == "O":
            out.append("O")
            open_type = None
            continue
        if len(t) > 2 and t[1] == "-" and t[0] in "BIESLU":
            p, ty = t[0], t[2:]
        else:
            p, ty = "I", t
        start = p in "BSU" or open_type != ty
        out.append(("B-" if start else "I-") + ty)
        open_type = None if p in "ESLU" else ty
    return out

def clean(tok):
    # Canonicalisation removes control characters; then white space
    # around the token goes.
    tok = "".join(c for c in tok if unicodedata.category(c) != "Cc")
    return tok.strip()

def as_field(tok):
    # The space-separated export writes white space inside a token as _.
    return "".join("_" if c.isspace() else c for c in tok)

def read_original(path):
    """Documents of sentences of (token, tag), read from the file."""
    data = open(path, "rb").read().decode("utf-8", "replace")
    if data.startswith("\ufeff"):
        data = data[1:]
    docs, sent, doc, ncols, scheme_tags = [], [], [], None, []
    def end_sentence():
        nonlocal sent
        if sent:
            doc.append(sent)
        sent = []
    def end_doc():
        nonlocal doc
        end_sentence()
        if doc:
            docs.append(doc)
        doc = []
    for line in data.split("\n"):
        line = line[:-1] if line.endswith("\r") else line
        if line.strip(" \t") == "":
            end_sentence()
            continue
        if "\t" in line:
            cols = line.split("\t")
        else:
            cols = [c for c in line.split(" ") if c]
            if ncols is None:
                ncols = len(cols)
            if len(cols) != ncols:
                problem(f"{path}: a line with {len(cols)} columns: {line!r}")
        tok, tag = cols[0], cols[-1].strip(" ")
        if tok == "-DOCSTART-":
            end_doc()
            continue
        tok = clean(tok)
        if tok == "":
            continue
        # The POS and chunk columns of a four-column file come back.
        mid = " ".join(cols[1:-1]) if len(cols) == 4 else "-X- _"
        sent.append((tok, tag, as_field(tok) + " " + mid))
    end_doc()
    # Tags are normalised per sentence: a chunk never crosses one.  The
    # export's lines hold the token as a field and the middle columns;
    # the raw documents, the token as the text has it.
    return ([[list(zip([k for _, _, k in s], to_iob2([g for _, g, _ in s])))
              for s in d] for d in docs],
            [[[(t, g) for t, g, _ in s] for s in d] for d in docs])

def read_export(path):
    docs, doc, sent = [], None, []
    for line in open(path, encoding="utf-8", newline="\n").read().split("\n"):
        if line == "":
            if sent:
                doc.append(sent)
            sent = []
            continue
        fields = line.split(" ")
        if len(fields) != 4:
            problem(f"{path}: not a 'TOKEN POS CHUNK TAG' line: {line!r}")
            continue
        tok, tag = " ".join(fields[:3]), fields[3]
        if fields[0] == "-DOCSTART-":
            if sent:
                problem(f"{path}: -DOCSTART- inside a sentence")
            doc = []
            docs.append(doc)
            continue
        sent.append((tok, tag))
    if sent:
        doc.append(sent)
    return docs

def scheme_of(docs):
    letters, i_start, chunks = set(), False, 0
    for d in docs:
        for s in d:
            tags = [g for _, g in s]
            for g, n in zip(tags, to_iob2(tags)):
                if n.startswith("B-"):
                    chunks += 1
                if g != "O":
                    letters.add(g[0] if len(g) > 2 and g[1] == "-" and
                                g[0] in "BIESLU" else "bare")
                    if g.startswith("I-") and n.startswith("B-"):
                        i_start = True
    if chunks == 0:
        return "no entities"
    if letters & {"L", "U"}:
        return "BILOU"
    if letters & {"E", "S"}:
        return "BIOES"
    if "bare" in letters:
        return "bare types"
    return "IOB1" if i_start else "IOB2"

def entities(doc_list):
    count = collections.Counter()
    for d in doc_list:
        for s in d:
            for _, g in s:
                if g.startswith("B-"):
                    count[g[2:]] += 1
    return count

summary = {}
for line in open(f"{tdir}/import.err", encoding="utf-8"):
    m = re.match(r"margin: import: (.*): CoNLL, (.*), (\d+) columns: (\d+) "
                 r"documents?, (\d+) sentences?, (\d+) tokens?, (\d+) "
                 r"entit", line)
    if m:
        summary[m.group(1)] = m.groups()[1:]

expected, texts, seen = [], [], set()
for path in files:
    docs, raw = read_original(path)
    sentences = sum(len(d) for d in docs)
    tokens = sum(len(s) for d in docs for s in d)
    ents = entities(docs)
    got = summary.get(path)
    if got is None:
        problem(f"{path}: the import said nothing of it as CoNLL")
    else:
        want = (scheme_of(raw), None, str(len(docs)), str(sentences),
                str(tokens), str(sum(ents.values())))
        for name, g, w in zip(("scheme", "columns", "documents",
                               "sentences", "tokens", "entities"), got, want):
            if w is not None and g != w:
                problem(f"{path}: import says {g} {name}, the file has {w}")
    for d, rd in zip(docs, raw):
        text = "\n".join(" ".join(t for t, _ in s) for s in rd)
        if text in seen:
            continue    # a duplicate article changes nothing
        seen.add(text)
        expected.append(d)
        texts.append(text)
    print(f"{path.split('/corpus/')[-1]}: {len(docs)} documents, "
          f"{sentences} sentences, {tokens} tokens, "
          f"{sum(ents.values())} entities")

got = read_export(f"{tdir}/out.conll")
if len(got) != len(expected):
    problem(f"export has {len(got)} documents, the files {len(expected)}")
for k, (g, w) in enumerate(zip(got, expected)):
    if g == w:
        continue
    for i, (gs, ws) in enumerate(zip(g, w)):
        if gs != ws:
            for j, (gt, wt) in enumerate(zip(gs, ws)):
                if gt != wt:
                    problem(f"document {k + 1}, sentence {i + 1}, token "
                            f"{j + 1}: export {gt}, file {wt}")
                    break
            else:
                problem(f"document {k + 1}, sentence {i + 1}: "
                        f"{len(gs)} tokens, file {len(ws)}")
            break
    else:
        problem(f"document {k + 1}: {len(g)} sentences, file {len(w)}")
for d in got:
    for s in d:
        tags = [g for _, g in s]
        if to_iob2(tags) != tags:
            problem(f"export tags are not IOB2: {s}")
if entities(got) != entities(expected):
    problem(f"entities: export {entities(got)}, files {entities(expected)}")

# The database: one article per document, its text rebuilt from the
# tokens, its spans the entities.
con = sqlite3.connect(db)
rows = [r[0] for r in con.execute("select text from articles order by id")]
if rows != texts:
    diff = next((i for i, (a, b) in enumerate(zip(rows, texts)) if a != b),
                min(len(rows), len(texts)))
    problem(f"article {diff + 1}: text differs from the tokens rebuilt "
            f"({len(rows)} articles, {len(texts)} documents)")
db_ents = collections.Counter(dict(con.execute(
    "select label, count(*) from spans group by label").fetchall()))
if db_ents != entities(expected):
    problem(f"spans in the database {db_ents}, entities {entities(expected)}")
bad = con.execute("select count(*) from spans s join articles a on "
                  "a.id = s.article where substr(a.text, s.start + 1, "
                  "s.end - s.start) <> s.text").fetchone()[0]
if bad:
    problem(f"{bad} spans whose offsets do not give their text")

# The other schemes carry the same entities.
for scheme, letters in (("iob1", "BI"), ("bioes", "BIES"), ("bilou", "BILU")):
    other = read_export(f"{tdir}/out.{scheme}")
    for d1, d2 in zip(other, got):
        for s1, s2 in zip(d1, d2):
            tags = [g for _, g in s1]
            if any(g != "O" and g[0] not in letters for g in tags):
                problem(f"--scheme {scheme} wrote {tags}")
            if to_iob2(tags) != [g for _, g in s2]:
                problem(f"--scheme {scheme}: {s1} is not {s2}")
                break
    if len(other) != len(got):
        problem(f"--scheme {scheme}: {len(other)} documents")
if problems:
    report()
print(f"{len(expected)} documents, "
      f"{sum(len(d) for d in expected)} sentences, "
      f"{sum(entities(expected).values())} entities round-tripped")
PY
