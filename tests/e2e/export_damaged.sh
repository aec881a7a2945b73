# What export does with what it cannot trust or must not half-write
# (issue 15): span rows whose byte offsets another tool broke (out of the
# text, reversed, inside a character) are left out with a message and
# exit 1, the good spans still written, nothing read past the text (ASan
# would abort); JSONL escapes C1 and bidi controls; -o FILE killed
# half-way leaves the old FILE as it was.
. tests/lib.sh
python3 - "$T/in.jsonl" <<'PY'
import json, sys
text = "Zoë Ştefănescu met 中村 in Łódź 😀 today.\n"
spans = [(0, 3, "PER"), (4, 14, "PER"), (19, 21, "PER"), (25, 29, "LOC")]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(json.dumps({"title": "Damaged", "source": "s\u009b31m\u202ex",
                        "text": text, "spans": [
        {"start": s, "end": e, "label": l} for s, e, l in spans]},
        ensure_ascii=False) + "\n")
PY
m import "$T/in.jsonl" 2>/dev/null || fail "import failed"
m export --format jsonl > "$T/good.jsonl" || fail "export of a sound database failed"
# The source's C1 and bidi controls are escaped, and read back the same.
python3 - "$T/good.jsonl" <<'PY' || fail "jsonl controls: see above"
import json, sys
raw = open(sys.argv[1], "rb").read()
for bad in (b"\xc2\x9b", b"\xe2\x80\xae"):
    if bad in raw:
        sys.exit(f"raw {bad!r} in the JSONL")
doc = json.loads(raw.decode("utf-8").splitlines()[0])
if doc["source"] != "s\u009b31m\u202ex":
    sys.exit(f"source read back as {doc['source']!r}")
PY

# Another tool breaks three of the four spans' byte offsets.
python3 - "$DB" <<'PY' || fail "could not damage the database"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
# The schema's CHECKs stop a careless tool; this one turned them off.
db.execute("pragma ignore_check_constraints = 1")
ids = [r[0] for r in db.execute("select id from spans order by start")]
db.execute("update spans set end_byte = 100000 where id = ?", (ids[0],))
db.execute("update spans set start_byte = end_byte + 1 where id = ?", (ids[1],))
# Inside 中 (3 bytes): a slice there would cut a character.
db.execute("update spans set start_byte = start_byte + 1 where id = ?", (ids[2],))
db.commit()
PY
for f in jsonl conll csv; do
	rc=0
	m export --format "$f" -o "$T/out.$f" 2> "$T/err.$f" || rc=$?
	case $f in
	csv)	# CSV writes the rows as stored (their offsets are data).
		[ "$rc" = 0 ] || fail "csv: exit $rc: $(cat "$T/err.$f")";;
	*)	[ "$rc" = 1 ] || fail "$f: exit $rc, not 1: $(cat "$T/err.$f")"
		n=$(grep -c 'do not fit the article' "$T/err.$f")
		[ "$n" = 4 ] || fail "$f: $n messages, not 3 + a count: $(cat "$T/err.$f")"
		grep -q '3 spans whose offsets do not fit' "$T/err.$f" ||
			fail "$f: no count: $(cat "$T/err.$f")";;
	esac
done
grep -q '"label":"LOC"' "$T/out.jsonl" || fail "the sound span was not written"
[ "$(grep -o '"label"' "$T/out.jsonl" | wc -l)" = 1 ] || fail "damaged spans written: $(cat "$T/out.jsonl")"
grep -q 'B-LOC' "$T/out.conll" || fail "conll: the sound span is not there"
grep -q 'B-PER' "$T/out.conll" && fail "conll: a damaged span was written"
rc=0
m export --format brat -o "$T/brat" 2> "$T/err.brat" || rc=$?
[ "$rc" = 1 ] || fail "brat: exit $rc: $(cat "$T/err.brat")"
[ "$(grep -c '^T' "$T"/brat/*.ann)" = 1 ] || fail "brat: $(cat "$T"/brat/*.ann)"

# -o FILE killed half-way: FILE is the old one, whole.  A corpus large
# enough that the export is caught while its temporary file grows.
python3 - "$T/big.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(6000):
        t = f"Article {i}. " + "Ada Lovelace wrote to Babbage in London. " * 40
        f.write(json.dumps({"title": f"A{i}", "text": t, "spans": [
            {"start": 0, "end": 7, "label": "MISC"}]}) + "\n")
PY
BIG="$T/big.db"
"$MARGIN_BIN" --db "$BIG" import "$T/big.jsonl" 2>/dev/null || fail "big import failed"
printf 'the old export\n' > "$T/out.keep"
python3 - "$MARGIN_BIN" "$BIG" "$T" <<'PY' || fail "kill during export: see above"
import os, signal, subprocess, sys, time
margin, db, t = sys.argv[1:4]
out = os.path.join(t, "out.keep")
p = subprocess.Popen([margin, "--db", db, "export", "--format", "jsonl",
                      "-o", out], stderr=subprocess.DEVNULL)
# Wait until the export is half-way: bytes in its temporary file beside
# out.keep (or in out.keep itself, when an export writes in place).  The
# export takes seconds; this sees it in time.
def written():
    names = [n for n in os.listdir(t) if n.startswith(".out.keep.")]
    try:
        if os.path.getsize(out) != len("the old export\n"):
            return True
        return any(os.path.getsize(os.path.join(t, n)) > 0 for n in names)
    except OSError:
        return False
caught = False
deadline = time.time() + 120
while time.time() < deadline and p.poll() is None:
    if written():
        p.send_signal(signal.SIGKILL)
        caught = True
        break
    time.sleep(0.001)
tmps = [n for n in os.listdir(t) if n.startswith(".out.keep.")]
p.wait()
if not caught:
    sys.exit("the export ended before it was seen half-way")
if open(out).read() != "the old export\n":
    sys.exit("out.keep was changed by an export that did not finish")
# Run to its end, the file is the whole export, and no temporary is left.
subprocess.run([margin, "--db", db, "export", "--format", "jsonl", "-o",
                out], check=True, stderr=subprocess.DEVNULL)
lines = open(out).read().splitlines()
if len(lines) != 6000:
    sys.exit(f"the finished export has {len(lines)} lines")
left = [n for n in os.listdir(t) if n.startswith(".out.keep.") and
        n not in tmps]
if left:
    sys.exit(f"temporary files left: {left}")
PY

# The reader leaves the damaged spans out too, and says so.
printf ':dump %s\n:export -o /dev/tty\n:dump %s\n' \
    "$T/reader.txt" "$T/tty.txt" > "$T/script"
MARGIN_ANNOTATOR=imported m --size 100x20 --script "$T/script" 2> "$T/ui.err" ||
	fail "the reader failed on damaged spans: $(cat "$T/ui.err")"
grep -q '3 spans left out' "$T/reader.txt" ||
	fail "no message in the reader: $(cat "$T/reader.txt")"
# A terminal is the TUI's screen (with none, /dev/tty cannot be opened).
grep -Eq 'export: /dev/tty: (a terminal; export to a file|No such device)' \
    "$T/tty.txt" || fail ":export to a terminal: $(cat "$T/tty.txt")"
