# Label schemas (issue: labels load merged ontonotes into the default
# schema, PER and PERSON both on key 1): a merge moves a key from the label
# that had it and says so; --replace makes the file's labels the schema in
# its order, keeps a label that spans use and says how many; schemas are
# found by name; a file with two labels on one key changes nothing; and
# :labels switches the schema in the reader, legend and keys at once.
. tests/lib.sh
cd "$MARGIN_ROOT" || fail "no checkout"
labels() { m labels list | cut -f1,2 | tr '\t\n' ': '; }
# Names are looked for in the user's data folder (and beside the binary,
# checked at the end).
mkdir -p "$XDG_DATA_HOME/margin/labels" &&
	cp share/labels/*.labels "$XDG_DATA_HOME/margin/labels/" || fail "copy"
m import share/samples >/dev/null 2>&1 || fail "import"

# Merge: the file's keys win, each move is told.
m labels load share/labels/ontonotes.labels 2> "$T/merge.err" || fail "merge"
expect_in "$T/merge.err" "key 1 moved from PER to PERSON; PER has no key now"
expect_in "$T/merge.err" "key 4 moved from MISC to NORP"
expect_in "$T/merge.err" "LOC: key 3 -> 9"
expect_in "$T/merge.err" "ontonotes.labels merged: 18 labels (16 added, 2 updated, 2 keys moved)"
[ "$(m labels list | awk -F'\t' '$2 == "1"' | cut -f1)" = PERSON ] ||
	fail "key 1 is not PERSON's alone: $(labels)"
[ "$(m labels list | cut -f2 | grep -v '^$' | sort | uniq -d)" = "" ] ||
	fail "two labels share a key after a merge: $(labels)"

# Replace, by name, while a span uses PER: PER is kept (after the file's
# labels), MISC goes.
printf '{"text": "Ada Lovelace met Babbage.", "spans": [{"start": 0, "end": 12, "label": "PER"}]}\n' > "$T/a.jsonl"
m import "$T/a.jsonl" 2>/dev/null || fail "import a span"
m labels load --replace ontonotes 2> "$T/replace.err" || fail "replace: $(cat "$T/replace.err")"
expect_in "$T/replace.err" "kept PER (no key): 1 span uses it"
expect_in "$T/replace.err" "removed MISC (no span used it)"
expect_in "$T/replace.err" "ontonotes.labels: 18 labels (17 updated, 1 removed, 1 kept for their spans)"
want="PERSON:1 ORG:2 GPE:3 NORP:4 DATE:5 CARDINAL:6 MONEY:7 PERCENT:8 LOC:9 FAC: PRODUCT: EVENT: WORK_OF_ART: LAW: LANGUAGE: TIME: QUANTITY: ORDINAL: PER: "
[ "$(labels)" = "$want" ] || fail "after --replace ontonotes: $(labels)"
[ "$(exported --annotator imported)" = "PER	Ada Lovelace" ] || fail "the PER span changed"

# Back to CoNLL: PERSON and the others go, PER gets key 1 back.
m labels load --replace conll 2> "$T/back.err" || fail "replace conll"
[ "$(labels)" = "PER:1 ORG:2 LOC:3 MISC:4 " ] || fail "after --replace conll: $(labels)"
expect_in "$T/back.err" "PER: key none -> 1"

# The names load knows; a name it does not.
m labels schemas > "$T/schemas" || fail "schemas"
[ "$(cut -f1 "$T/schemas" | tr '\n' ' ')" = "conll ontonotes " ] ||
	fail "schemas: $(cat "$T/schemas")"
m labels load nosuchschema 2> "$T/none.err"; [ $? = 1 ] || fail "an unknown schema loaded"
expect_in "$T/none.err" 'no schema "nosuchschema"'

# Two labels on one key: nothing changes, the reason is named.
printf 'label NEWA key 1\nlabel NEWB key 1\n' > "$T/clash.labels"
m labels load --replace "$T/clash.labels" 2> "$T/clash.err"; [ $? = 1 ] || fail "a clash loaded"
expect_in "$T/clash.err" "labels NEWA and NEWB both have key 1"
expect_in "$T/clash.err" "no labels loaded"
[ "$(labels)" = "PER:1 ORG:2 LOC:3 MISC:4 " ] || fail "a refused file changed: $(labels)"

# :labels in the reader: the legend and the keys follow at once.
for size in 80x24 50x15; do
	printf ':labels\n:dump %s\n:labels ontonotes\n:dump %s\n2\n:dump %s\n:labels conll\n' \
	    "$T/list-$size" "$T/switched-$size" "$T/tagged-$size" > "$T/s"
	m --size "$size" --script "$T/s" || fail "script at $size"
	expect_in "$T/list-$size" "schemas: conll, ontonotes"
	expect_in "$T/switched-$size" "ontonotes.labels: 18 labels"
	expect_in "$T/switched-$size" "1:PERSON"
	expect_in "$T/tagged-$size" "ORG"
done

# A checkout's binary finds share/labels beside it.
rm -r "$XDG_DATA_HOME/margin/labels"
mkdir -p "$T/checkout/share/labels" && cp "$MARGIN_BIN" "$T/checkout/margin" &&
	cp share/labels/conll.labels "$T/checkout/share/labels/" || fail "copy"
"$T/checkout/margin" --db "$DB" labels schemas > "$T/beside" || fail "schemas beside"
[ "$(cat "$T/beside")" = "conll	$T/checkout/share/labels/conll.labels" ] ||
	fail "schemas beside the binary: $(cat "$T/beside")"
exit 0
