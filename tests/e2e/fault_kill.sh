# SIGKILL at any moment loses nothing that was on screen as saved, and
# never corrupts the database (SPEC §6, §12).  32 rounds in a row: margin
# runs in tmux (as the pane's own process), a word is tagged and the test
# waits until the Annotations pane shows it; another tag is typed and
# margin is killed (kill -9) after a random delay of 0-60 ms, or while it
# starts.  After each kill, PRAGMA integrity_check (and FTS5's own check)
# says ok, and every span seen on screen is in the CSV export, whose
# offsets slice the text.
. tests/lib.sh
command -v tmux >/dev/null || fail "tmux is not installed"
ROUNDS=${KILL_ROUNDS:-32}

# One article: a title word and numbered words to tag, one per round.
{
	printf 'Kill\n\n'
	for i in $(seq 1 $((2 * ROUNDS + 4))); do printf 'w%03d ' "$i"; done
	printf '\n'
} > "$T/kill.txt"
m import "$T/kill.txt" 2>/dev/null || fail "import failed"

tmux_cleanup
# margin is the pane's process itself (exec), so its pid is the pane's.
start_margin() {
	tmux_kill
	tmux_cmd new-session -d -x 160 -y 50 \
		"exec env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=tester $(printf '%q ' \
		"$MARGIN_BIN" --db "$DB") 2>>$T/stderr.txt"
	pid=$(tmux_cmd display-message -p -t 0 '#{pane_pid}')
	[ -n "$pid" ] || fail "no pane pid"
}
kill_margin() {
	local state
	kill -9 "$pid" 2>/dev/null
	for _ in $(seq 1 500); do
		# Gone, or a zombie (its files are closed) until tmux reaps it.
		state=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)
		case "$state" in ""|Z|X) return 0;; esac
		sleep 0.01
	done
	fail "margin (pid $pid) did not die"
}
check_db() {
	m export > "$T/export.csv" 2>"$T/export.err" ||
		fail "after kill $round: export failed: $(cat "$T/export.err")"
	python3 - "$DB" "$T/seen" "$T/export.csv" <<'PY' || fail "after kill $round"
import csv, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(ok,) = db.execute("PRAGMA integrity_check").fetchone()
if ok != "ok":
    sys.exit(f"integrity_check: {ok}")
try:
    db.execute("INSERT INTO articles_fts(articles_fts, rank) "
               "VALUES('integrity-check', 1)")
except sqlite3.DatabaseError as e:
    sys.exit(f"FTS5 integrity-check: {e}")
rows = set()
for r in csv.DictReader(open(sys.argv[3], encoding="utf-8", newline="")):
    (text,) = db.execute("SELECT text FROM articles WHERE id = ?",
                         (int(r["article_id"]),)).fetchone()
    s, e = int(r["start"]), int(r["end"])
    if text[s:e] != r["text"]:
        sys.exit(f"text[{s}:{e}] = {text[s:e]!r}, the export says {r['text']!r}")
    rows.add((r["label"], r["text"]))
for line in open(sys.argv[2], encoding="utf-8"):
    label, word = line.rstrip("\n").split("\t")
    if (label, word) not in rows:
        sys.exit(f"{label} {word} was on screen as saved, and is lost "
                 f"(the export has {sorted(rows)})")
db.close()
PY
}

labels=(PER ORG LOC MISC)
: > "$T/seen"
RANDOM=7
nseen=0
for round in $(seq 1 "$ROUNDS"); do
	[ -n "${KILL_DEBUG:-}" ] && date +%s.%N >&2
	start_margin
	word=$((2 * round - 1))
	k=$(( (round - 1) % 4 ))
	name=$(printf 'w%03d' "$word")
	# The reader's search puts the cursor on the word.
	wkeys=(/ "$name" Enter)
	if [ $((round % 8)) = 0 ]; then
		# A kill while it starts, with keys on their way.
		tmux_keys Enter "${wkeys[@]}" "$((k + 1))"
		sleep "0.0$((RANDOM % 10))"
		kill_margin
		check_db
		continue
	fi
	tmux_wait 'Articles'
	[ -n "${KILL_DEBUG:-}" ] && date +%s.%N >&2
	tmux_keys Enter "${wkeys[@]}" "$((k + 1))"
	# In the Annotations pane, or (once that is full) the status line.
	tmux_wait "${labels[$k]}:? +$name"
	printf '%s\t%s\n' "${labels[$k]}" "$name" >> "$T/seen"
	nseen=$((nseen + 1))
	# The next word is tagged too, and margin dies somewhere in that.
	tmux_keys w "$(( (k + 1) % 4 + 1 ))"
	sleep "0.0$((RANDOM % 7))"
	[ -n "${KILL_DEBUG:-}" ] && date +%s.%N >&2
	kill_margin
	[ -n "${KILL_DEBUG:-}" ] && date +%s.%N >&2
	check_db
done
[ "$nseen" -ge $((ROUNDS * 3 / 4)) ] || fail "only $nseen spans were seen saved"
if grep -q 'ERROR: AddressSanitizer\|runtime error' "$T/stderr.txt" 2>/dev/null; then
	cat "$T/stderr.txt" >&2
	fail "a sanitiser report"
fi
exit 0
