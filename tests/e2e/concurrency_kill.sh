# A writer killed with SIGKILL in the middle of a large import, while
# other annotators write and export (SPEC §10, §12): the others go on
# without an error, every write of theirs is there once, the killed
# writer's articles are each whole or absent (never without their
# spans), and SQLite's integrity check passes.
. tests/lib.sh
. tests/e2e/concurrency.lib

printf 'base-1\n\nA first article about nothing in particular.\n' \
    > "$T/work/base.txt"
m import "$T/work/base.txt" 2>/dev/null || fail "setup import failed"
conc_other_db "$T/other.db"
conc_jsonl big 1 20000 "$T/work/big.jsonl"
python3 -c 'import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(l)["title"])' "$T/work/big.jsonl" > "$T/work/big.titles"

conc_start conc_import_writer w1
conc_start conc_import_writer w2
conc_start conc_merge_writer merger "$T/other.db"
conc_start conc_exporter exporter
conc_start conc_stats_reader stats

# The victim: one import of 20000 articles, in batches; killed once some
# of it is committed and while it is still writing.  margin itself, not
# `m`: a function in the background is a subshell, and SIGKILL to it
# would leave margin running on (importing all 20000 articles while the
# others wait, and still writing during the checks).
"$MARGIN_BIN" --db "$DB" --annotator big import "$T/work/big.jsonl" \
    2>/dev/null &
victim=$!
for i in $(seq 1 600); do
	n=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM articles WHERE title LIKE ?",
                 ("big-%",)).fetchone()[0])' "$DB" 2>/dev/null || echo 0)
	[ "$n" -gt 0 ] && break
	sleep 0.05
done
[ "$n" -gt 0 ] || fail "the large import never committed a batch"
kill -0 "$victim" 2>/dev/null || fail "the large import ended before the kill"
kill -KILL "$victim"
{ wait "$victim"; } 2>/dev/null		# bash would say "Killed"
[ $? = 137 ] || fail "the large import was not killed by SIGKILL"
echo "killed the import after $n of 20000 articles were committed"

conc_run
conc_check "$T/work/big.titles"
# And the database is usable by the next process as ever.
m export --status all > "$T/final.csv" 2> "$T/final.err" ||
	fail "export after the kill failed: $(cat "$T/final.err")"
