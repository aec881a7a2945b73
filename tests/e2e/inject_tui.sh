# Terminal injection through every field the TUI draws (SPEC §4, §12):
# OSC 0/2 (title), OSC 8 (hyperlink), OSC 52 (clipboard), CSI (colours,
# blink, strike-through, cursor moves, clear screen), DCS, C1 controls and
# bidi overrides/isolates, in an article's text, its JSONL title, source
# and span note, a label's description, a tag (from the CLI and typed at
# the T prompt) and a file name.  In tmux, with set-clipboard on and
# allow-rename on: the pane title and window name stay, no paste buffer
# appears, no attribute or colour of the injected CSI is on screen, the
# layout is not moved, and the characters show as visible placeholders.
# A probe first prints the same bytes raw in another pane, to prove that
# this tmux would show each effect.
. tests/lib.sh
command -v tmux >/dev/null || fail "tmux is not installed"

python3 - "$T" <<'PY'
import json, os, sys
t = sys.argv[1]
E, BEL, ST = "\x1b", "\x07", "\x1b\\"
evil = (f"{E}]0;pwn0{BEL} {E}]2;pwn2{ST} {E}]8;;http://evil.example/{ST}link"
        f"{E}]8;;{ST} {E}]52;c;cHduZWQ={BEL} {E}[2J{E}[3;3H "
        f"{E}[5;9m{E}[38;5;123mRED{E}[0m {E}P+q544e{ST} \u009b31m \u009d0;pwnc1\u009c "
        f"\u202eRLO\u202c \u2066iso\u2069")
rec = {"title": "Evil " + evil, "source": "src " + evil,
       "text": "Body Ada " + evil + "\nEnd of the evil article.\n",
       "spans": [{"start": 5, "end": 8, "label": "PER", "note": "n " + evil}]}
with open(os.path.join(t, "evil.jsonl"), "w", encoding="utf-8") as f:
    f.write(json.dumps(rec) + "\n")
with open(os.path.join(t, "evil.txt"), "w", encoding="utf-8") as f:
    f.write(evil)
os.makedirs(os.path.join(t, "names"))
name = f"f{E}]52;c;cHduZWQ={BEL}{E}]2;pwnf{BEL}.txt"
with open(os.path.join(t, "names", name), "w", encoding="utf-8") as f:
    f.write("Second article\n\nNamed by its file.\n")
PY
evil=$(cat "$T/evil.txt")
m --annotator tester import "$T/evil.jsonl" "$T/names" 2>/dev/null ||
	fail "import failed"
m labels add EVIL --desc "d $evil" 2>"$T/err" ||
	fail "labels add failed: $(cat "$T/err")"
m tag 1 "$(printf 'tg\302\233y\342\200\256z')" 2>"$T/err" ||
	fail "margin tag failed: $(cat "$T/err")"

# tmux with every door open: clipboard and renames allowed.
tmux_cleanup
tmux_cmd new-session -d -s probe -x 100 -y 10 "sleep 60" ||
	fail "tmux did not start"
tmux_cmd set -g set-clipboard on
tmux_cmd set -g allow-rename on
tmux_cmd set -g automatic-rename off
scr() { tmux_cmd capture-pane -p -t "$1" "${@:2}"; }

# The probe: the same bytes printed raw do act on this tmux.
tmux_cmd new-window -d -t probe -n probewin "printf '%s' \"\$(cat $T/evil.txt)\"; sleep 60"
sleep 0.5
probe_title=$(tmux_cmd display -p -t probe:probewin '#{pane_title}')
case "$probe_title" in *pwn*) ;; *) fail "probe: raw OSC 0/2 did not set the pane title ($probe_title): the test cannot see an injection";; esac
tmux_cmd list-buffers > "$T/probe-buffers"
[ -s "$T/probe-buffers" ] || fail "probe: raw OSC 52 made no paste buffer: the test cannot see an injection"
scr probe:probewin -e > "$T/probe-attrs"
grep -q '38;5;123' "$T/probe-attrs" || fail "probe: raw CSI colour not seen by capture-pane -e"
while tmux_cmd delete-buffer 2>/dev/null; do :; done

tmux_cmd new-session -d -s m -x 160 -y 30 \
	"env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=tester $(printf '%q ' "$MARGIN_BIN" \
	--db "$DB") 2>$T/tmux.err; echo margin-exited-\$?; sleep 30"
title0=$(tmux_cmd display -p -t m '#{pane_title}')
window0=$(tmux_cmd display -p -t m '#{window_name}')
wait_m() {
	for _ in $(seq 1 300); do
		scr m | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	scr m >&2
	fail "the screen never showed /$1/"
}
n=0
snap() {
	n=$((n + 1))
	scr m > "$T/screen$n-$1.txt"
	scr m -e > "$T/attrs$n-$1.txt"
}
keys() { tmux_cmd send-keys -t m "$@"; }
# Esc and then a key within ESCDELAY would be read as Meta and that key.
esc() { keys Escape; sleep 0.3; }

wait_m 'Articles'
snap list
keys Enter w
wait_m 'Body Ada'
snap reader
keys t
wait_m 'EVIL'
snap labelpick
esc
keys T
wait_m 'tags:'
snap tagprompt
keys -l "$(printf 'ab\302\235cd\342\200\256e')"
keys Enter
wait_m 'added'
keys c
wait_m 'note:'
snap noteprompt
esc
keys J
wait_m 'Named by its file'
snap second
keys '?'
wait_m '^ Keys +1-'
snap help
esc
keys q
wait_m 'margin-exited'

title1=$(tmux_cmd display -p -t m '#{pane_title}')
window1=$(tmux_cmd display -p -t m '#{window_name}')
[ "$title1" = "$title0" ] || fail "the pane title changed from '$title0' to '$title1'"
[ "$window1" = "$window0" ] || fail "the window name changed from '$window0' to '$window1'"
tmux_cmd list-buffers > "$T/buffers"
[ ! -s "$T/buffers" ] || fail "a paste buffer appeared (OSC 52): $(cat "$T/buffers")"

python3 - "$T" <<'PY' || fail "see above"
import glob, os, re, sys
t = sys.argv[1]
bad = []
for path in sorted(glob.glob(os.path.join(t, "attrs*.txt"))):
    for seq in re.findall(r"\x1b\[([0-9;:]*)m", open(path, encoding="utf-8").read()):
        p = [x for x in re.split("[;:]", seq) if x != ""]
        i = 0
        while i < len(p):
            if p[i] in ("38", "48") and i + 2 < len(p) and p[i + 1] == "5":
                if p[i + 2] == "123":
                    bad.append(f"{os.path.basename(path)}: colour 123 (injected)")
                i += 3
                continue
            if p[i] in ("38", "48") and i + 1 < len(p) and p[i + 1] == "2":
                i += 5
                continue
            if p[i] in ("5", "6"):
                bad.append(f"{os.path.basename(path)}: blink (injected)")
            if p[i] == "9":
                bad.append(f"{os.path.basename(path)}: strike-through (injected)")
            i += 1
    if "\x1b]8;" in open(path, encoding="utf-8").read():
        bad.append(f"{os.path.basename(path)}: a hyperlink (OSC 8)")
for path in sorted(glob.glob(os.path.join(t, "screen*.txt"))):
    text = open(path, encoding="utf-8").read()
    name = os.path.basename(path)
    for c in text:
        o = ord(c)
        if (o < 32 and c != "\n") or 0x7f <= o < 0xa0 or \
           0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
            bad.append(f"{name}: U+{o:04X} reached the screen")
            break
    rows = text.split("\n")
    # The help overlay covers the whole screen, its header first.
    if not rows[0].startswith(" Keys " if "help" in name else " Articles"):
        bad.append(f"{name}: the first row is not the pane header: {rows[0][:60]!r}")
    if "help" not in name:
        cols = [i for i, c in enumerate(rows[1]) if c == "\u2502"]
        for r, row in enumerate(rows[1:24], 1):
            if [i for i, c in enumerate(row) if c == "\u2502"] != cols:
                bad.append(f"{name}: row {r} is out of place (the layout moved): {row[:80]!r}")
                break
    if "pwn" in text and "\u241b" not in text and name.find("list") < 0 and name.find("second") < 0:
        bad.append(f"{name}: escape text shown without its ␛ placeholder")
def need(name_part, what, chars):
    for path in glob.glob(os.path.join(t, f"screen*-{name_part}.txt")):
        text = open(path, encoding="utf-8").read()
        if not any(c in text for c in chars):
            bad.append(f"{name_part}: no visible placeholder for {what}")
need("reader", "the source's ESC (␛)", "\u241b")
need("reader", "C1 and bidi controls in the text (U+FFFD)", "\ufffd")
need("labelpick", "the description's ESC (␛)", "\u241b")
need("tagprompt", "the tag's C1 and bidi controls (U+FFFD)", "\ufffd")
need("noteprompt", "the note's ESC (␛)", "\u241b")
need("second", "the file name's ESC (␛)", "\u241b")
if bad:
    sys.exit("\n".join(bad))
PY
exit 0
