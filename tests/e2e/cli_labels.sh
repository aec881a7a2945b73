# margin labels: add changes only what it is given (a new description
# keeps the key and colour), a colour that is none is a usage error, and
# an import's spans are not taken back by the reader's undo.
. tests/lib.sh
three_articles
m labels add PER --desc "People" || fail "labels add"
[ "$(m labels list | grep '^PER')" = "$(printf 'PER\t1\tred\tPeople')" ] ||
	fail "PER: $(m labels list | grep '^PER')"
m labels add X --color chartreuse 2>/dev/null; [ $? = 2 ] || fail "bad colour accepted"
m labels list | grep -q '^X' && fail "a refused label was added"
printf '{"text": "Ada Lovelace met Babbage.", "spans": [{"start": 0, "end": 12, "label": "PER"}]}\n' > "$T/a.jsonl"
m import "$T/a.jsonl" 2>/dev/null || fail "import"
printf 'u\n:dump %s\n' "$T/undo.txt" > "$T/s"
m --script "$T/s" || fail "script"
expect_in "$T/undo.txt" "nothing to undo"
[ "$(exported --annotator imported)" = "PER	Ada Lovelace" ] || fail "the import was undone"
# labels load is all or nothing: a file with a bad line adds none of its
# labels, names the line, and exits 1.
printf 'label NEWA key 7\nlabel b@d\nlabel NEWB\n' > "$T/bad.labels"
m labels load "$T/bad.labels" 2> "$T/load.err"; rc=$?
[ "$rc" = 1 ] || fail "labels load of a bad file exited $rc"
expect_in "$T/load.err" "bad.labels:2: bad label name"
expect_in "$T/load.err" "no labels loaded"
m labels list | grep -q '^NEW' && fail "a bad file's labels were added"
exit 0
