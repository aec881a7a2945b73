# emacs.keys on its own: Enter opens, C-n and M-< move, M-f and C-f go by
# words, C-SPC sets the mark, M-2 M-3 M-4 tag, C-w deletes, C-x C-c quits.
# Every key a script sends must be one of the steps below, and each step's
# keys are checked to be bound by emacs.keys (with `margin keys`) to the
# action the step means, and not to be a key the defaults already bind so
# (Enter aside): the test types Emacs chords only.  The export is read
# back by Python's csv.
. tests/lib.sh
cd "$T"
keymap="$MARGIN_ROOT/keymaps/emacs.keys"
article a.txt 'Tram strike in Zürich\n\nDrivers of the Verkehrsbetriebe Zürich stopped work on Monday, said Andrea Müller of the union.\n'
m import articles 2>/dev/null || fail "import failed"

# CONTEXT KEYS ACTION for every key the script sends (canonical spelling).
steps='list <Enter> open
reader <C-n> move-down
reader <M-LT> top
reader <M-f> word-next
reader <C-Space> select
reader <C-f> word-next
reader <M-2> label-2
reader <M-3> label-3
reader <M-4> label-4
reader <C-w> delete
reader <C-x><C-c> quit'
m keys > "$T/default.txt" || fail "margin keys failed"
m keys --keymap "$keymap" > "$T/keys.txt" 2> "$T/keys.err" ||
	fail "margin keys --keymap emacs.keys failed: $(cat "$T/keys.err")"
[ -s "$T/keys.err" ] && fail "emacs.keys is not clean: $(cat "$T/keys.err")"

# Every key of a script must be one of the steps, bound so by emacs.keys.
check_keys() {
	printf '%s\n' "$1" > "$T/keys.script"
	python3 - "$T/keys.txt" "$T/default.txt" "$steps" "$T/keys.script" 1 <<'PY' ||
import re, sys
def table(path):
    bound, ctx = {}, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"^([a-z]+): ", line)
        if m:
            ctx = m.group(1)
        elif line.startswith("  "):
            keys, action = re.split(r"  +", line.strip())[:2]
            for k in keys.split(" "):
                bound.setdefault(ctx, {})[k] = action
    return bound
def lookup(bound, c, k):
    return bound.get(c, {}).get(k) or bound.get("generic", {}).get(k)
def tokens(text):
    # As the script runner reads keys: <Name> or one character.
    return re.findall(r"<[^>]+>|\S", text)
mine, default = table(sys.argv[1]), table(sys.argv[2])
strict = sys.argv[5] == "1"
bad = 0
steps = [s.split(" ") for s in sys.argv[3].splitlines()]
for c, k, want in steps:
    got = lookup(mine, c, k)
    if got != want:
        print(f"{k} in {c}: bound to {got}, the test means {want}")
        bad = 1
    elif strict and k != "<Enter>" and lookup(default, c, k) == want:
        print(f"{k} in {c} is a default key, not one of emacs.keys")
        bad = 1
seqs = sorted((tokens(k) for _, k, _ in steps), key=len, reverse=True)
for line in open(sys.argv[4], encoding="utf-8"):
    if line.startswith(":"):
        continue
    t = tokens(line)
    while t:
        n = next((len(q) for q in seqs if t[:len(q)] == q), 0)
        if n == 0:
            print(f"the script sends {t[0]}, which no step checks")
            sys.exit(1)
        t = t[n:]
sys.exit(bad)
PY
	fail "the script uses a key that emacs.keys does not bind so"
}

# run SCRIPT ROWS: check its keys, run it, quit, and compare the export
# (LABEL<TAB>TEXT rows, sorted; printf escapes) with ROWS.
run() {
	check_keys "$1"
	printf '%s\n' "$1" > "$T/script"
	m --keymap "$keymap" --size 80x24 --script "$T/script" 2> "$T/ui.err" ||
		fail "margin --script failed: $(cat "$T/ui.err")"
	# Loaded after the defaults, the keymap gives no error or warning.
	[ -s "$T/ui.err" ] && fail "margin said: $(cat "$T/ui.err")"
	[ -e "$T/after_quit.txt" ] && fail "C-x C-c did not quit"
	m export > "$T/out.csv" || fail "export failed"
	got=$(check_csv "$T/out.csv" | sort) || fail "csv check: $got"
	want=$(printf "$2")
	[ "$got" = "$want" ] || fail "after
$1
exported:
$got
wanted:
$want"
}
# From Tram: M-< comes back from the second line; 7 words on is
# "Verkehrsbetriebe", C-SPC C-f M-2 makes ORG of it and "Zürich"; M-< and
# three C-f, M-3 make LOC of the title's "Zürich"; M-< M-f M-4 tags
# "strike".  A :dump after C-x C-c must not run.
run '<Enter>
<C-n> <C-n> <M-LT>
<M-f> <M-f> <M-f> <M-f> <M-f> <M-f> <M-f>
<C-Space> <C-f> <M-2>
<M-LT> <C-f> <C-f> <C-f> <M-3>
<M-LT> <M-f> <M-4>
<C-x><C-c>
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nMISC\tstrike\nORG\tVerkehrsbetriebe Zürich'
# A new session: C-w deletes "strike".
run '<Enter>
<M-LT> <M-f> <C-w>
<C-x><C-c>
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nORG\tVerkehrsbetriebe Zürich'
exit 0
