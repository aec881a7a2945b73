# Suggestions are drawn apart from accepted spans in a real terminal of
# 256 colours, of 8 colours, and in monochrome (NO_COLOR), SPEC §6 and
# §11: read back from tmux with the attributes of each cell, a suggestion
# is dim and underlined (and in its label's colour when there are
# colours), an accepted span is neither dim nor underlined in colour and
# underlined alone in monochrome; the 49-column reader labels a suggestion
# inline, "[Zürich]LOC?", the tag dim (and in its colour).
. tests/lib.sh
cd "$T"
article a.txt 'Zürich news\n\nZürich and Zürich again, not Zürichsee.\n'
m import articles 2>/dev/null || fail "import failed"
printf '<Enter>\n3 p a\n' > "$T/propagate"
m --script "$T/propagate" || fail "propagate failed"

# The attributes of the first cell of each occurrence of WORD on the
# screen's rows that hold TEXT: "dim,underline,fg" and the like.
cell_attrs() {
	python3 - "$1" "$2" "$3" <<'PY'
import re, sys
screen, text, word = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
for line in screen.split("\n"):
    plain = re.sub(r"\x1b\[[0-9;:]*m", "", line)
    if text not in plain:
        continue
    state, cells = set(), []
    for tok in re.split(r"(\x1b\[[0-9;:]*m)", line):
        m = re.fullmatch(r"\x1b\[([0-9;:]*)m", tok)
        if not m:
            cells += [(ch, frozenset(state)) for ch in tok]
            continue
        codes = [c for c in m.group(1).split(";") if c != ""] or ["0"]
        i = 0
        while i < len(codes):
            c = int(codes[i].split(":")[0])
            if c == 0:
                state.clear()
            elif c in (1, 2, 4, 7):
                state.add({1: "bold", 2: "dim", 4: "underline", 7: "reverse"}[c])
            elif c == 22:
                state -= {"bold", "dim"}
            elif c == 24:
                state.discard("underline")
            elif 30 <= c <= 37 or 90 <= c <= 97:
                state = {s for s in state if s != "fg"} | {"fg"}
            elif c == 39:
                state.discard("fg")
            elif c in (38, 48):
                if c == 38:
                    state.add("fg")
                i += 2 if codes[i + 1] == "5" else 4
            i += 1
    s = "".join(ch for ch, _ in cells)
    at = s.find(word)
    while at >= 0:
        print(",".join(sorted(cells[at][1])))
        at = s.find(word, at + 1)
PY
}

for mode in 256 8 mono; do
	case $mode in
	256) env="TERM=xterm-256color" ;;
	8) env="TERM=xterm" ;;
	mono) env="TERM=xterm-256color NO_COLOR=1" ;;
	esac
	tmux_cleanup
	tmux_cmd new-session -d -x 100 -y 12 \
		"env $env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=tester $(printf '%q ' \
		"$MARGIN_BIN" --db "$DB") 2>$T/tmux.err; echo margin-exited-\$?; sleep 30"
	tmux_wait '2 suggestions left'
	tmux_screen -e > "$T/screen.$mode"
	# The title's Zürich is accepted; both of the body are suggestions.
	title=$(cell_attrs "$T/screen.$mode" "Zürich news" "Zürich" | sed -n 2p)
	body=$(cell_attrs "$T/screen.$mode" "LOC? and" "Zürich" | sed -n 1,2p)
	tags=$(cell_attrs "$T/screen.$mode" "LOC? and" "LOC?")
	case $mode in
	mono)
		[ "$title" = "underline" ] || fail "$mode: accepted drawn $title"
		[ "$body" = "dim,underline
dim,underline" ] || fail "$mode: suggestions drawn $body"
		[ "$tags" = "dim
dim" ] || fail "$mode: LOC? tags drawn $tags" ;;
	*)
		[ "$title" = "bold,fg" ] || fail "$mode: accepted drawn $title"
		[ "$body" = "dim,fg,underline
dim,fg,underline" ] || fail "$mode: suggestions drawn $body"
		[ "$tags" = "dim,fg
dim,fg" ] || fail "$mode: LOC? tags drawn $tags" ;;
	esac
	tmux_keys q
	tmux_wait 'margin-exited-0'
	[ -s "$T/tmux.err" ] && fail "$mode: stderr: $(cat "$T/tmux.err")"
	tmux_kill
done
# 8 colours: no colour past the first eight reaches the terminal.
grep -q $'\e\\[38;5;' "$T/screen.8" && fail "8 colours: a 256-colour code was sent"
grep -q $'\e\\[3[0-7]m' "$T/screen.mono" && fail "monochrome: a colour was sent"
exit 0
