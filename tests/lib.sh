# tests/lib.sh: helpers for the shell tests in tests/ui and tests/e2e.
# Sourced by each test; tests/run sets MARGIN_BIN, MARGIN_ROOT and
# MARGIN_SHARED.  A test fails by exiting non-zero with a message on
# stderr saying what differed.
set -u

: "${MARGIN_BIN:?run the tests through tests/run}"
T=$(mktemp -d)
DB="$T/test.db"
export MARGIN_ANNOTATOR=tester

# at_exit CMD: run CMD when the test exits (newest first), before $T is
# removed.  A test adds to this instead of setting its own EXIT trap.
lib_at_exit=""
at_exit() {
	lib_at_exit="$1; $lib_at_exit"
}
lib_exit() {
	local status=$?

	[ -e "$T/failed" ] && status=1
	eval "$lib_at_exit"
	rm -rf "$T"
	exit "$status"
}
trap lib_exit EXIT

# A fail inside $(...) or a pipeline ends only that subshell: it leaves
# $T/failed behind, so that the test still fails when it exits.
fail() {
	echo "FAIL: $*" >&2
	: > "$T/failed"
	exit 1
}

# margin with the test's database.
m() {
	"$MARGIN_BIN" --db "$DB" "$@"
}

# Write an article file: article NAME TEXT (printf %b escapes allowed).
article() {
	mkdir -p "$T/articles"
	printf '%b' "$2" > "$T/articles/$1"
}

# Run a headless script: ui SIZE SCRIPT-TEXT
ui() {
	local size=$1
	printf '%s\n' "$2" > "$T/script"
	m --size "$size" --script "$T/script" 2> "$T/ui.err" ||
		fail "margin --script failed: $(cat "$T/ui.err")"
}

# Compare a dump with tests/ui/expected/NAME (MARGIN_UPDATE=1 rewrites it).
expect_dump() {
	local got=$1 name=$2 want="$MARGIN_ROOT/tests/ui/expected/$2"
	if [ "${MARGIN_UPDATE:-}" = 1 ]; then
		mkdir -p "$(dirname "$want")"
		cp "$got" "$want"
		echo "updated $name"
		return 0
	fi
	[ -f "$want" ] || fail "no expected dump $name (make test-update)"
	diff -u "$want" "$got" >&2 || fail "screen differs from $name"
}

# The CSV export checked by Python's csv module against the article text:
# every row's text[start:end] and bytes[start_byte:end_byte] must match.
# Prints "LABEL<TAB>TEXT" per row.
check_csv() {
	python3 - "$1" "$DB" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
db = sqlite3.connect(sys.argv[2])
for r in rows:
    (text,) = db.execute("select text from articles where id = ?",
                         (int(r["article_id"]),)).fetchone()
    s, e = int(r["start"]), int(r["end"])
    if text[s:e] != r["text"]:
        sys.exit(f"text[{s}:{e}] = {text[s:e]!r}, csv says {r['text']!r}")
    b = text.encode("utf-8")
    bs, be = int(r["start_byte"]), int(r["end_byte"])
    if b[bs:be].decode("utf-8") != r["text"]:
        sys.exit(f"bytes[{bs}:{be}] = {b[bs:be]!r}, csv says {r['text']!r}")
    # The source file itself, when it needed no canonicalising.
    try:
        raw = open(r["source"], encoding="utf-8", newline="").read()
    except (OSError, UnicodeDecodeError):
        raw = None
    if raw is not None and raw == text and raw[s:e] != r["text"]:
        sys.exit(f"file text[{s}:{e}] = {raw[s:e]!r}, csv says {r['text']!r}")
    print(r["label"] + "\t" + r["text"])
PY
}

# tmux: each test gets its own server socket.
TMUX_SOCK="margin-test-$$"
tmux_cmd() {
	tmux -L "$TMUX_SOCK" -f /dev/null "$@"
}
# Kill the test's tmux server, and take a new socket for the next one: a
# new-session sent at once to the old socket can reach the server while
# it is still going away ("server exited unexpectedly").
lib_tmux_n=0
tmux_kill() {
	tmux_cmd kill-server 2>/dev/null
	lib_tmux_n=$((lib_tmux_n + 1))
	TMUX_SOCK="margin-test-$$-$lib_tmux_n"
}
# Kill the test's tmux server when the test exits.
tmux_cleanup() {
	if [ -z "${lib_tmux_cleanup:-}" ]; then
		at_exit 'tmux_cmd kill-server 2>/dev/null'
		lib_tmux_cleanup=1
	fi
}
# Start margin in a detached session: tmux_start COLS ROWS [ARGS...]
tmux_start() {
	local cols=$1 rows=$2
	shift 2
	command -v tmux >/dev/null || fail "tmux is not installed"
	tmux_cleanup
	# A login-like environment: a UTF-8 locale and a real terminal type.
	tmux_cmd new-session -d -x "$cols" -y "$rows" \
		"env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=tester $(printf '%q ' \
		"$MARGIN_BIN" --db "$DB" "$@") 2>$T/tmux.err; echo margin-exited-\$?; sleep 30"
}
tmux_screen() {
	tmux_cmd capture-pane -p -t 0 "$@"
}
# Wait (polling, at most 15 s) until the screen matches a grep -E pattern.
tmux_wait() {
	local pattern=$1 i
	for i in $(seq 1 300); do
		if tmux_screen | grep -qE -- "$pattern"; then
			return 0
		fi
		sleep 0.05
	done
	tmux_screen >&2
	fail "the screen never showed /$pattern/"
}
# Send keys in tmux's spelling (send-keys arguments).
tmux_keys() {
	tmux_cmd send-keys -t 0 "$@"
}

# For tests that run margin as an unprivileged user (as root, 65534): a
# copy of the binary that user can reach, wherever the checkout lives
# (a clone under a private home folder is not theirs to enter).
binary_for_nobody() {
	chmod 755 "$T"
	cp "$MARGIN_BIN" "$T/margin-bin" && chmod 755 "$T/margin-bin" ||
		fail "cannot copy margin for the unprivileged user"
	MARGIN_BIN="$T/margin-bin"
}

# The standard small corpus of the UI tests: three short articles.
three_articles() {
	cd "$T" || exit 1
	article a.txt 'Tram strike in Zürich\n\nDrivers of the Verkehrsbetriebe Zürich stopped work on Monday, said Andrea Müller of the VPOD union.\n'
	article b.txt 'Łódź signs striker\n\nThe club ŁKS Łódź signed Tomás Ribeiro from São Paulo for €4m.\n'
	article c.txt 'Summit in 北京\n\nمحمد العلي met Marta Lindqvist in 北京 on Tuesday 🎉.\n'
	m import articles 2>/dev/null || fail "import failed"
}

# The rows of the CSV export as LABEL<TAB>TEXT lines, checked (check_csv).
exported() {
	m export "$@" > "$T/export.csv" || fail "export failed"
	check_csv "$T/export.csv" || fail "the export does not slice the text"
}

# Fail unless the file contains the fixed string.
expect_in() {
	grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "no \"$2\" in $1"; }
}
expect_not_in() {
	! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "\"$2\" in $1"; }
}

# A corpus for the tagger: twelve reports (Report 1 to 12) whose people,
# organisations and places are marked by the annotator "imported", who
# marks them done, and four new ones (Report 13 to 16).  Always the same.
reports_for_the_tagger() {
	cd "$T" || exit 1
	python3 - <<'PY' || fail "cannot write the reports"
import json, random
random.seed(7)
first = ["Anna", "Boris", "Clara", "David", "Elena", "Felix", "Greta",
         "Hugo", "Irina", "Jonas", "Karin", "Lukas"]
last = ["Berg", "Novak", "Weber", "Lind", "Moreau", "Costa", "Ivanov",
        "Sato", "Keller", "Horvat"]
cities = ["Paris", "Vienna", "Oslo", "Lisbon", "Prague", "Dublin",
          "Zagreb", "Riga"]
orgs = ["Acme Corp", "Nordbank", "Globex", "Initech"]
verbs = ["met reporters in", "spoke in", "flew to", "opened an office in"]
def report(n, tagged):
    title = f"Report {n}"
    text, spans = title + "\n\n", []
    for k in range(6):
        p = random.choice(first) + " " + random.choice(last)
        o, c = random.choice(orgs), random.choice(cities)
        s = f"{p} of {o} {random.choice(verbs)} {c} on Monday. "
        for t, label in ((p, "PER"), (o, "ORG"), (c, "LOC")):
            i = len(text) + s.index(t)
            spans.append({"start": i, "end": i + len(t), "label": label,
                          "text": t, "annotator": "imported"})
        text += s
    d = {"title": title, "text": text}
    if tagged:
        d["spans"] = spans
    return json.dumps(d) + "\n"
with open("train.jsonl", "w") as f:
    f.writelines(report(n, True) for n in range(1, 13))
with open("new.jsonl", "w") as f:
    f.writelines(report(n, False) for n in range(13, 17))
PY
	m import train.jsonl new.jsonl 2>/dev/null || fail "import failed"
	for i in $(seq 12); do echo m; done > "$T/done.keys"
	MARGIN_ANNOTATOR=imported m --script "$T/done.keys" 2> "$T/ui.err" ||
		fail "marking done failed: $(cat "$T/ui.err")"
}
