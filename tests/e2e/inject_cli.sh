# Terminal injection through the command line's output on a terminal
# (SPEC §2, §4, §12): `margin list` (a JSONL source), `margin labels list`
# (a description) and the messages of `margin import` (a file name) print
# data that carries OSC 0/2, OSC 52 and CSI sequences.  Run in a tmux
# pane with set-clipboard on, none of it may set the pane title, make a
# paste buffer or colour the screen.  (Output to a pipe is data and may
# stay exact; a terminal is not a pipe.)  A probe first shows that the
# same bytes printed raw do act on this tmux.
. tests/lib.sh
command -v tmux >/dev/null || fail "tmux is not installed"
python3 - "$T" <<'PY'
import json, os, sys
t = sys.argv[1]
E, BEL, ST = "\x1b", "\x07", "\x1b\\"
evil = (f"{E}]0;pwn0{BEL}{E}]2;pwn2{ST}{E}]52;c;cHduZWQ={BEL}"
        f"{E}[38;5;123mRED{E}[0m")
with open(os.path.join(t, "evil.txt"), "w") as f:
    f.write(evil)
with open(os.path.join(t, "a.jsonl"), "w") as f:
    f.write(json.dumps({"title": "T", "source": "s" + evil,
                        "text": "Some text."}) + "\n")
    # A span, so that every export has a row with that source to write
    # (import drops the controls from an article's text, not its source).
    f.write(json.dumps({"title": "U", "source": "u" + evil,
                        "text": "Ends here.",
                        "spans": [{"start": 0, "end": 4,
                                   "label": "MISC"}]}) + "\n")
os.makedirs(os.path.join(t, "names"))
# A binary file, so that import names it in a message.
with open(os.path.join(t, "names", "b" + evil + ".txt"), "wb") as f:
    f.write(b"bin\0ary")
PY
evil=$(cat "$T/evil.txt")
m import "$T/a.jsonl" 2>/dev/null || fail "import failed"
m labels add EVIL --desc "d$evil" 2>/dev/null || fail "labels add failed"

tmux_cleanup
tmux_cmd new-session -d -s probe -x 100 -y 10 "sleep 60" || fail "tmux did not start"
tmux_cmd set -g set-clipboard on
tmux_cmd set -g allow-rename on
# run COMMAND: run it in a window of its own (its id in $win), wait for
# it to end.
run() {
	win=$(tmux_cmd new-window -d -P -F '#{window_id}' -t probe \
	    "$1; echo done-done; sleep 60")
	for _ in $(seq 1 200); do
		tmux_cmd capture-pane -p -t "$win" | grep -q done-done && return 0
		sleep 0.05
	done
	fail "$1 did not finish"
}
check() {
	local title buffers
	title=$(tmux_cmd display -p -t "$win" '#{pane_title}')
	buffers=$(tmux_cmd list-buffers)
	problems=""
	case "$title" in *pwn*) problems="$problems the pane title became '$title';"; esac
	[ -z "$buffers" ] || problems="$problems a paste buffer appeared ($buffers);"
	# The colour as an attribute (ESC [ ... m from capture -e), not the
	# visible placeholder text "␛[38;5;123m" that margin prints instead.
	tmux_cmd capture-pane -p -e -t "$win" | grep -q $'\e\\[38;5;123m' &&
		problems="$problems the injected colour is on screen;"
	while tmux_cmd delete-buffer 2>/dev/null; do :; done
	printf '%s' "$problems"
}
run "printf '%s' \"\$(cat $T/evil.txt)\""
[ -n "$(check)" ] || fail "probe: raw bytes had no effect: the test cannot see an injection"

m_cmd="env LC_ALL=C.UTF-8 $(printf '%q ' "$MARGIN_BIN" --db "$DB")"
failures=""
run "$m_cmd list"
p=$(check); [ -z "$p" ] || failures="$failures
- margin list:$p"
run "$m_cmd labels list"
p=$(check); [ -z "$p" ] || failures="$failures
- margin labels list:$p"
run "$m_cmd import $T/names"
p=$(check); [ -z "$p" ] || failures="$failures
- margin import (a file name in a message):$p"
# An export is data, but one sent to a terminal by name is for a person.
for dest in /dev/stdout /dev/tty; do
	for f in csv jsonl conll; do
		run "$m_cmd export --format $f --status all -o $dest"
		p=$(check); [ -z "$p" ] || failures="$failures
- margin export --format $f -o $dest:$p"
	done
done
[ -z "$failures" ] || fail "data acted on the terminal:$failures"
exit 0
