# A damaged database larger than the size margin scans at start-up (32
# MB) is never written to (SPEC §12): one leaf page in the middle of the
# articles table is garbage, which no write below reads.  import, labels
# add and tag exit 1 with a message that names the file and says it is
# damaged; a TUI session that tags a word saves nothing and says so; the
# file is byte-identical afterwards.  Reading what is not damaged still
# works (margin list shows the damage when it reaches it).
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"

printf '%s\n' '{"title": "First", "text": "Ada Lovelace met Charles Babbage.", "spans": [{"start": 0, "end": 12, "label": "PER"}]}' > "$T/first.jsonl"
m import "$T/first.jsonl" 2>"$T/import.err" || fail "import failed: $(cat "$T/import.err")"
# 600 articles of 60 KB of dots (nothing for the full-text index to do),
# then one leaf page of the articles b-tree, in its middle, overwritten.
python3 - "$DB" <<'PY' || fail "cannot build the large database"
import hashlib, random, sqlite3, struct, sys
path = sys.argv[1]
c = sqlite3.connect(path)
with c:
    for i in range(600):
        text = f"Filler {i}\n\n" + "." * 60000 + "\n"
        c.execute("INSERT INTO articles(title, source, imported_at, text,"
                  " hash, meta) VALUES (?, 'filler', 1700000000, ?, ?, '{}')",
                  (f"Filler {i}", text, hashlib.sha256(text.encode()).hexdigest()))
(root,) = c.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'articles'").fetchone()
(psize,) = c.execute("PRAGMA page_size").fetchone()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.close()
def leaves(f, page):
    f.seek((page - 1) * psize)
    data = f.read(psize)
    if data[0] == 0x0d:
        return [page]
    if data[0] != 0x05:
        sys.exit(f"page {page} is no table b-tree page")
    ncells = struct.unpack(">H", data[3:5])[0]
    out = []
    for i in range(ncells):
        (ptr,) = struct.unpack(">H", data[12 + 2 * i:14 + 2 * i])
        out += leaves(f, struct.unpack(">I", data[ptr:ptr + 4])[0])
    return out + leaves(f, struct.unpack(">I", data[8:12])[0])
with open(path, "r+b") as f:
    all_leaves = leaves(f, root)
    if len(all_leaves) < 10:
        sys.exit(f"only {len(all_leaves)} leaves in the articles b-tree")
    f.seek((all_leaves[len(all_leaves) // 2] - 1) * psize)
    rnd = random.Random(5)
    f.write(bytes(rnd.getrandbits(8) for _ in range(psize)))
PY
size=$(stat -c %s "$DB")
[ "$size" -gt $((32 * 1024 * 1024)) ] || fail "the database is only $size bytes"
[ ! -e "$DB-wal" ] || fail "python left a -wal file"
sum=$(sha256sum "$DB" | cut -d' ' -f1)
printf 'Another article.\n' > "$T/other.txt"

problems=""
problem() {
	problems="$problems
- $*"
}
unchanged() {
	[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] ||
		problem "margin $1 changed the damaged file"
	sum=$(sha256sum "$DB" | cut -d' ' -f1)
}
# refused CMD...: a write command exits 1 naming the file as damaged.
refused() {
	m "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" != 1 ]; then
		problem "margin $* exited $rc, not 1: $(head -c 300 "$T/err")"
	elif ! grep -qiE 'damaged|corrupt' "$T/err" ||
	    ! grep -qF "$DB" "$T/err"; then
		problem "margin $* said \"$(head -c 300 "$T/err")\", not that $DB is damaged"
	fi
	unchanged "$*"
}

# What is whole can be read; the damage shows when it is reached.
m list >"$T/list.out" 2>"$T/list.err" && problem "margin list did not notice the damage"
grep -qiE 'corrupt|damaged|malformed' "$T/list.err" ||
	problem "margin list said \"$(head -c 300 "$T/list.err")\""
unchanged list

refused import "$T/other.txt"
refused labels add NEWLABEL --desc x
refused tag 1 urgent
refused labels rm MISC

# The TUI: open the first article, tag its first word.
printf '%s\n' '<Enter>' 'w 1' ":dump $T/tui.txt" > "$T/script"
m --size 100x20 --script "$T/script" >/dev/null 2>"$T/tui.err"
rc=$?
if [ "$rc" = 0 ]; then
	grep -qiE 'damaged|corrupt' "$T/tui.txt" ||
		problem "the TUI tagged a word in a damaged database without a" \
		    "message: $(tail -2 "$T/tui.txt" | tr -s ' ')"
fi
unchanged TUI

# Nothing was added: the undamaged rows are as they were.
python3 - "$DB" <<'PY' || problem "something was written into the damaged file"
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?immutable=1", uri=True)
for sql, want in (("SELECT count(*) FROM labels WHERE name = 'NEWLABEL'", 0),
                  ("SELECT count(*) FROM labels WHERE name = 'MISC'", 1),
                  ("SELECT count(*) FROM article_tags", 0),
                  ("SELECT count(*) FROM spans", 1)):
    (got,) = c.execute(sql).fetchone()
    if got != want:
        sys.exit(f"{sql}: {got}, not {want}")
PY
[ -z "$problems" ] || fail "a damaged database of $size bytes:$problems"
exit 0
