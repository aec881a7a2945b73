# A CoNLL file's own tokens win over margin's word stops (issue 16, item
# 1): tokens that margin would cut otherwise ("Biden's" as one, "U.S" and
# "." as two, "e.g." as one) come back from the export as the file had
# them, with their tags; a span tagged in the reader on "Biden" (a stop of
# its own) is widened to the file's token "Biden's", and the export says
# so.
. tests/lib.sh
cd "$T"
printf '%s\n' '-DOCSTART- -X- -X- O' '' \
    "Biden's NNP B-NP B-PER" 'visit NN I-NP O' 'to TO B-PP O' \
    'the DT B-NP O' 'U.S NNP I-NP B-LOC' '. . O O' '' \
    'Officials NNS B-NP O' 'e.g. FW O O' 'Putin NNP B-NP B-PER' \
    "'s POS B-NP O" 'aides NNS I-NP O' '. . O O' '' > in.conll
m import --format conll in.conll 2> import.err ||
	fail "import failed: $(cat import.err)"
m export --format conll -o out.conll 2> export.err ||
	fail "export failed: $(cat export.err)"
[ -s export.err ] && fail "the export reported: $(cat export.err)"
# Tokens and tags, line for line (the columns between are not what this
# is about).
awk 'NF { print $1, $NF; next } { print }' in.conll > want.tags
awk 'NF { print $1, $NF; next } { print }' out.conll > got.tags
diff -u want.tags got.tags >&2 || fail "the CoNLL tokens did not come back"

# Tag "Biden" alone as MISC in the reader (the imported PER is the
# annotator "imported"'s): the export widens it to the file's token.
ui 80x24 '<Enter>
4'
m export --format conll --annotator tester -o mine.conll 2> mine.err ||
	fail "export of mine failed: $(cat mine.err)"
# (with the file's own POS and chunk columns, which the export keeps)
grep -q "^Biden's NNP B-NP B-MISC$" mine.conll ||
	fail "not widened to the token: $(cat mine.conll)"
expect_in mine.err "tagged as \"Biden's\""
exit 0
