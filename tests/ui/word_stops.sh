# Word stops for named entities (issue 16, item 1), at 80x24 and 50x15: a
# possessive is a stop of its own, so one label key tags "Biden" in
# "Biden's" (and "Biden’s"), and the possessive is the next stop; an
# abbreviation with inner dots is one stop with its final full stop, so
# one key tags "U.S." whole.  The CoNLL export cuts the same tokens.
. tests/lib.sh
cd "$T"
article a.txt 'Talks\n\nBiden\x27s call to the U.S. envoy and Putin\xe2\x80\x99s aide.\n'
m import articles 2>/dev/null || fail "import failed"

for size in 80x24 50x15; do
	rm -f "$DB" "$DB-wal" "$DB-shm"
	m import articles 2>/dev/null || fail "import failed"
	# Biden (1), 's (w), call to the (w w w), U.S. (w 3), envoy and (w w),
	# Putin (w 1), ’s (w).
	ui $size '<Enter>
j 1
:dump '"$T"'/'$size'.biden
w
:dump-attrs '"$T"'/'$size'.possessive
w w w w 3
w w w 1
w
:dump-attrs '"$T"'/'$size'.end'
	expect_in "$T/$size.biden" "PER: Biden"
	# The cursor on "'s" alone, after the span and its inline label.
	case $size in
	80x24) col=32 ;;
	*) col=11 ;;
	esac
	grep -q "^3: $col-$((col + 1)) reverse\$" "$T/$size.possessive" ||
		fail "$size: the cursor is not on 's: $(cat "$T/$size.possessive")"
	got=$(exported | sort)
	[ "$got" = "$(printf 'LOC\tU.S.\nPER\tBiden\nPER\tPutin')" ] ||
		fail "$size: tagged $got"
done
expect_dump "$T/80x24.end" word_stops.80x24
expect_dump "$T/50x15.end" word_stops.50x15
# The cursor ends on "’s" after Putin and his inline label: reversed are
# its two characters only, not the name.
grep -q "^3: 77-78 reverse$" "$T/80x24.end" ||
	fail "the cursor is not on ’s alone: $(cat "$T/80x24.end")"

# The CoNLL export: the same tokens.
m export --format conll > "$T/out.conll" || fail "conll export failed"
python3 - "$T/out.conll" <<'PY' || fail "CoNLL tokens: $(cat "$T/out.conll")"
import sys
rows = [l.split() for l in open(sys.argv[1], encoding="utf-8")
        if l.strip() and not l.startswith("-DOCSTART-")]
toks = [(r[0], r[-1]) for r in rows]
want = [("Biden", "B-PER"), ("'s", "O"), ("call", "O"), ("to", "O"),
        ("the", "O"), ("U.S.", "B-LOC"), ("envoy", "O"), ("and", "O"),
        ("Putin", "B-PER"), ("\u2019s", "O"), ("aide", "O"), (".", "O")]
assert toks[1:] == want, toks
PY
exit 0
