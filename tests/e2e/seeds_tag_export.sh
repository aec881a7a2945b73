# The real path, in a real terminal: import the seed articles (twice: five
# articles), open one in tmux, move past non-ASCII text, tag a word, resize
# to 20x5 and back, quit, and check the CSV export with Python's csv module
# against the seed file's own text.
. tests/lib.sh
seeds="$MARGIN_SHARED/corpus/seeds"
[ -d "$seeds" ] || fail "no seed articles in $seeds"
m import "$seeds" 2>/dev/null || fail "first import failed"
m import "$seeds" 2>"$T/again.err" || fail "second import failed"
grep -q 'imported 0 articles (5 duplicates' "$T/again.err" ||
	fail "second import: $(cat "$T/again.err")"
[ "$(m list | tail -n +2 | wc -l)" = 5 ] || fail "not five articles: $(m list)"

tmux_start 120 40
tmux_wait 'Articles'
# The fourth article (sorted by file name: 003_...), opened in the reader.
tmux_keys j j j Enter
tmux_wait 'In their first call, Biden'
# Ten lines down is past the bullets and the curly apostrophe.
for i in 1 2 3 4 5 6 7 8 9 10; do tmux_keys j; done
tmux_keys w 1
tmux_wait 'PER: '	# the message; the legend always says 1:PER
tmux_cmd resize-window -t 0 -x 20 -y 5
sleep 0.2
tmux_cmd resize-window -t 0 -x 120 -y 40
tmux_wait 'Annotations'
tmux_keys q
tmux_wait 'margin-exited-0'
[ -s "$T/tmux.err" ] && fail "margin wrote to stderr: $(cat "$T/tmux.err")"

m export > "$T/out.csv" || fail "export failed"
python3 - "$T/out.csv" "$seeds" <<'PY' || fail "the CSV does not match the seed text"
import csv, os, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 1, rows
r = rows[0]
assert r["label"] == "PER" and r["annotator"] == "tester", r
text = open(r["source"], encoding="utf-8", newline="").read()
s, e = int(r["start"]), int(r["end"])
assert text[s:e] == r["text"], (text[s:e], r["text"])
first_non_ascii = min(i for i, c in enumerate(text) if ord(c) > 127)
assert s > first_non_ascii, (s, first_non_ascii)
# Code points and bytes differ after non-ASCII text, and both are right.
bs, be = int(r["start_byte"]), int(r["end_byte"])
assert bs > s, (bs, s)
assert text.encode()[bs:be].decode() == r["text"]
print("tagged", repr(r["text"]), "at", s, e, "bytes", bs, be)
PY
