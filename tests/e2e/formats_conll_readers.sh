# The CoNLL export is what the readers users feed next accept (SPEC §9):
# - a CoNLL-2003-style four-column file comes back byte for byte with
#   --scheme matching its input (the SEC filings are IOB1): its
#   -DOCSTART- line and POS and chunk columns are kept;
# - a reader that splits documents as spaCy's CoNLL converter does
#   (spacy/training/converters/conll_ner_to_docs.py, as its documentation
#   says: the input is split on the line "-DOCSTART- -X- O O", sentences
#   on blank lines, and each line into whitespace-separated columns, all
#   lines of a document having the same number) finds one document per
#   article, and a token's white space (BTC's "ke s", an NBSP) never
#   makes two fields;
# - --columns 2 writes "TOKEN TAG" and "-DOCSTART- O" (TAB-separated where
#   the file it came from was).
. tests/lib.sh
ner="$MARGIN_SHARED/corpus/ner"
[ -d "$ner" ] || fail "no NER corpora in $ner"

for f in FIN5 FIN3; do
	DB=$T/$f.db m import "$ner/sec-filings/$f.txt" 2>/dev/null ||
		fail "import of $f failed"
	DB=$T/$f.db m export --format conll --scheme iob1 -o "$T/$f.out" ||
		fail "export of $f failed"
	cmp -s "$ner/sec-filings/$f.txt" "$T/$f.out" ||
		fail "$f does not come back byte for byte: $(diff \
		    "$ner/sec-filings/$f.txt" "$T/$f.out" | head -6)"
done

# Two-column files with their own -DOCSTART- lines, inner spaces, an NBSP.
printf 'New\302\240York\tB-LOC\nis\tO\nbig\tO\n' > "$T/nbsp.conll"
m import "$ner/sec-filings/FIN3.txt" "$ner/wikigold/wikigold.conll.txt" \
    "$ner/btc/h.conll" "$T/nbsp.conll" 2>/dev/null || fail "import failed"
articles=$(m list | tail -n +2 | wc -l)
m export --format conll -o "$T/all.conll" 2> "$T/all.err" || fail "export failed"
grep -q "^margin: export: 5 tokens held white space, written as _" "$T/all.err" ||
	fail "the white space was not counted: $(cat "$T/all.err")"
python3 - "$T/all.conll" "$articles" <<'PY' || fail "a spaCy-style reader fails on the export"
import sys
data = open(sys.argv[1], encoding="utf-8").read()
delimiter = "-DOCSTART- -X- O O"
assert delimiter in data, "no spaCy document delimiter"
docs = [d.strip() for d in data.strip().split(delimiter) if d.strip()]
assert len(docs) == int(sys.argv[2]), (len(docs), sys.argv[2])
for k, doc in enumerate(docs):
    width = None
    for sent in doc.split("\n\n"):
        lines = [l.strip() for l in sent.split("\n") if l.strip()]
        for l in lines:
            n = len(l.split())
            assert width in (None, n), f"document {k + 1}: {l!r} has {n} fields"
            width = n
    assert width == 4, (k, width)
assert "New_York -X- _ B-LOC" in data
assert "ke_s -X- _ O" in data
PY

m export --format conll --columns 2 -o "$T/two.conll" 2>/dev/null ||
	fail "--columns 2 failed"
python3 - "$T/two.conll" <<'PY' || fail "--columns 2 is not TOKEN TAG"
import sys
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if line == "":
        continue
    # A file that was TAB-separated stays so, spaces inside tokens and all.
    f = line.split("\t") if "\t" in line else line.split()
    assert len(f) == 2, line
PY
grep -q '^-DOCSTART- O$' "$T/two.conll" || fail "no -DOCSTART- O in --columns 2"
m export --columns 2 > /dev/null 2> "$T/err" && fail "--columns outside conll"
grep -q -- "--columns is for --format conll" "$T/err" || fail "$(cat "$T/err")"
exit 0
