# vim.keys on its own: Enter opens, j and gg move, w and l go by words, v
# selects, 2 and 3 tag, 4 then dd tags and deletes, ZZ quits.  Every key a
# script sends must be one of the steps below, and each step's keys are
# checked to be bound by vim.keys (with `margin keys`) to the action the
# step means.  The export is read back by Python's csv.
. tests/lib.sh
cd "$T"
keymap="$MARGIN_ROOT/keymaps/vim.keys"
article a.txt 'Tram strike in Zürich\n\nDrivers of the Verkehrsbetriebe Zürich stopped work on Monday, said Andrea Müller of the union.\n'
m import articles 2>/dev/null || fail "import failed"

# CONTEXT KEYS ACTION for every key the script sends (canonical spelling).
steps='list <Enter> open
reader j move-down
reader gg top
reader w word-next
reader v select
reader l word-next
reader 2 label-2
reader 3 label-3
reader 4 label-4
reader dd delete
reader ZZ quit'
m keys > "$T/default.txt" || fail "margin keys failed"
m keys --keymap "$keymap" > "$T/keys.txt" 2> "$T/keys.err" ||
	fail "margin keys --keymap vim.keys failed: $(cat "$T/keys.err")"
[ -s "$T/keys.err" ] && fail "vim.keys is not clean: $(cat "$T/keys.err")"

# Every key of a script must be one of the steps, bound so by vim.keys.
check_keys() {
	printf '%s\n' "$1" > "$T/keys.script"
	python3 - "$T/keys.txt" "$T/default.txt" "$steps" "$T/keys.script" 0 <<'PY' ||
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
        print(f"{k} in {c} is a default key, not one of vim.keys")
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
	fail "the script uses a key that vim.keys does not bind so"
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
	[ -e "$T/after_quit.txt" ] && fail "ZZ did not quit"
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
# From Tram: gg comes back from the second line; 7 words on is
# "Verkehrsbetriebe", v l 2 makes ORG of it and "Zürich"; gg w w w 3 makes
# LOC of the title's "Zürich"; gg w 4 tags "strike".  A :dump after ZZ
# must not run.
run '<Enter>
j j gg
w w w w w w w
v l 2
gg w w w 3
gg w 4
ZZ
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nMISC\tstrike\nORG\tVerkehrsbetriebe Zürich'
# A new session: dd deletes "strike" (a single d waits for the second).
run '<Enter>
gg w dd
ZZ
:dump '"$T"'/after_quit.txt' 'LOC\tZürich\nORG\tVerkehrsbetriebe Zürich'
exit 0
