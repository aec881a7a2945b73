# A file that is not ours is refused and never written (SPEC §5, §12):
# a text file, a truncated margin database, one with pages overwritten in
# the middle, and one with a newer schema.  Every command (list, export,
# import, labels add, the TUI) exits 1 with a message saying what is
# wrong; the file is byte-identical afterwards (sha256) and no -wal or
# -shm file is left beside it.
. tests/lib.sh
command -v sha256sum >/dev/null || fail "sha256sum is missing"

# A real database: 300 articles of about 3 KB, each with spans.
python3 - "$T/in.jsonl" <<'PY'
import json, random, sys
rnd = random.Random(7)
words = "Ada Lovelace Charles Babbage London Zürich Łódź news strike union".split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(300):
        body = " ".join(rnd.choice(words) for _ in range(450))
        text = f"Article {i}\n\n{body}\n"
        f.write(json.dumps({"text": text, "spans": [
            {"start": 0, "end": 7, "label": "MISC"}]}) + "\n")
PY
m import "$T/in.jsonl" 2>"$T/import.err" || fail "import failed: $(cat "$T/import.err")"
[ ! -e "$DB-wal" ] || fail "a -wal file stayed after a clean exit"
printf 'Another article about Babbage.\n' > "$T/other.txt"

# The bad files, each from the good one (or from nothing).
printf 'Dear diary,\nthis is not a database.\n' > "$T/text.db"
cp "$DB" "$T/truncated.db"
size=$(stat -c %s "$DB")
truncate -s $((size / 2)) "$T/truncated.db"
cp "$DB" "$T/corrupt.db"
python3 - "$T/corrupt.db" <<'PY'
import random, sys
rnd = random.Random(1)
with open(sys.argv[1], "r+b") as f:
    f.seek(0, 2)
    pages = f.tell() // 4096
    for p in range(pages // 2, pages // 2 + 12):
        f.seek(p * 4096)
        f.write(bytes(rnd.getrandbits(8) for _ in range(4096)))
PY
cp "$DB" "$T/newer.db"
python3 - "$T/newer.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
v = c.execute("PRAGMA user_version").fetchone()[0]
c.execute(f"PRAGMA user_version = {v + 1}")
c.commit()
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.execute("PRAGMA journal_mode = DELETE")
c.close()
PY
[ ! -e "$T/newer.db-wal" ] || fail "python left a -wal file"

printf 'q\n' > "$T/quit"
failures=""
# refuse FILE PATTERN: every command refuses FILE with a message matching
# PATTERN (grep -E), exit 1, and leaves it as it was.
refuse() {
	local file=$1 pattern=$2 sum cmd rc
	sum=$(sha256sum "$file" | cut -d' ' -f1)
	for cmd in "list" "export" "import $T/other.txt" \
	    "labels add NEWLABEL --desc x" "--size 80x24 --script $T/quit"; do
		# shellcheck disable=SC2086
		"$MARGIN_BIN" --db "$file" $cmd >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" != 1 ]; then
			failures="$failures
$(basename "$file"): margin $cmd exited $rc, not 1 ($(head -c 300 "$T/err"))"
		elif ! grep -qiE "$pattern" "$T/err"; then
			failures="$failures
$(basename "$file"): margin $cmd said \"$(head -c 300 "$T/err")\", not /$pattern/"
		fi
		if [ "$(sha256sum "$file" | cut -d' ' -f1)" != "$sum" ]; then
			failures="$failures
$(basename "$file"): margin $cmd changed the file"
			sum=$(sha256sum "$file" | cut -d' ' -f1)
		fi
		if [ -e "$file-wal" ] || [ -e "$file-shm" ] ||
		    [ -e "$file-journal" ]; then
			failures="$failures
$(basename "$file"): margin $cmd left $(cd "$T" && echo "$(basename "$file")"-*)"
			rm -f "$file-wal" "$file-shm" "$file-journal"
		fi
	done
}
refuse "$T/text.db" 'not an SQLite database|not a margin database'
refuse "$T/truncated.db" 'corrupt|truncated|malformed'
refuse "$T/corrupt.db" 'corrupt|malformed'
refuse "$T/newer.db" 'newer'
# The good database still opens, so the refusals are about the files.
m list >/dev/null 2>"$T/err" || fail "the good database is refused: $(cat "$T/err")"
[ -z "$failures" ] || fail "not refused as it should be:$failures"
exit 0
