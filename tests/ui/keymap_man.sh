# `margin keys` and the man page's key table (SPEC §7): the table that
# man/margin.1 carries between its GENERATED KEYS comments is exactly what
# `margin keys --format man` prints for the defaults; it lists every action
# of include/margin/actions.h, groff reads it without a warning, and keys
# that roff or tbl would misread (| \ . _ ' and non-ASCII) come out as
# themselves.  The text format lists every action with its help.
. tests/lib.sh
page="$MARGIN_ROOT/man/margin.1"

"$MARGIN_BIN" --config /dev/null keys --format man > "$T/keys.man" ||
	fail "margin keys --format man failed"
sed -n '/^\.\\" BEGIN GENERATED KEYS$/,/^\.\\" END GENERATED KEYS$/p' \
	"$page" | sed '1d;$d' > "$T/page.man"
[ -s "$T/page.man" ] || fail "man/margin.1 has no GENERATED KEYS region"
diff -u "$T/page.man" "$T/keys.man" >&2 ||
	fail "man/margin.1's key table differs from margin keys --format man: run make man"

# Every action of the table, with its help, in both formats.
"$MARGIN_BIN" --config /dev/null keys > "$T/keys.txt" ||
	fail "margin keys failed"
python3 - "$MARGIN_ROOT/include/margin/actions.h" "$T/keys.txt" "$T/keys.man" <<'PY' ||
import re, sys
src = re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S)
actions = re.findall(r'X\(\w+, "([^"]+)", "([^"]+)"\)', src)
if len(actions) < 40:
    sys.exit(f"only {len(actions)} actions read from actions.h")
text = open(sys.argv[2], encoding="utf-8").read()
man = open(sys.argv[3], encoding="utf-8").read()
bad = 0
for name, help in actions:
    if not re.search(r"^  .*  " + re.escape(name) + r" +" + re.escape(help) + "$",
                     text, re.M):
        print(f"margin keys: no row for {name} with its help")
        bad = 1
    roff = name.replace("-", "\\-")
    if not re.search(r"\|" + re.escape(roff) + r"\|T\{\n" +
                     re.escape(help.replace("-", "\\-")) + r"\nT\}", man):
        print(f"margin keys --format man: no row for {name} with its help")
        bad = 1
sys.exit(bad)
PY
	fail "an action is missing from margin keys"

# groff: the generated table alone, and the whole page.
if command -v groff >/dev/null; then
	{ printf '.TH KEYS 1\n.SH KEYS\n'; cat "$T/keys.man"; } > "$T/keys.1"
	groff -ww -z -man -t "$T/keys.1" 2> "$T/groff.err"
	[ -s "$T/groff.err" ] && fail "groff warns on the table: $(cat "$T/groff.err")"
	groff -ww -z -man -t "$page" 2> "$T/groff.err"
	[ -s "$T/groff.err" ] && fail "groff warns on man/margin.1: $(cat "$T/groff.err")"

	# Keys that are roff or tbl syntax, bound by a keymap file to actions
	# that the reader binds no key to by default: each key is alone in
	# its cell, where tbl and roff look at the first character.
	cat > "$T/odd.keys" <<'EOF'
bind reader	|	quit
bind reader	\	command
bind reader	.	redo
bind reader	_	undo
bind reader	'	tag-article
bind reader	=	search
bind reader	é	help
EOF
	"$MARGIN_BIN" --config /dev/null keys --keymap "$T/odd.keys" \
		--format man > "$T/odd.man" 2> "$T/odd.err" ||
		fail "margin keys --keymap odd.keys: $(cat "$T/odd.err")"
	{ printf '.TH KEYS 1\n.SH KEYS\n'; cat "$T/odd.man"; } > "$T/odd.1"
	groff -ww -man -t -Tutf8 "$T/odd.1" 2> "$T/groff.err" |
		col -b > "$T/odd.txt"
	[ -s "$T/groff.err" ] && fail "groff warns on odd keys: $(cat "$T/groff.err")"
	python3 - "$T/odd.txt" <<'PY' || fail "a key is garbled in the man table"
import sys
rows = open(sys.argv[1], encoding="utf-8").read().replace("\u2212", "-")
want = {"|": "quit", "\\": "command", ".": "redo", "_": "undo",
        "'": "tag-article", "=": "search", "é": "help"}
bad = 0
for key, action in want.items():
    if not any(key in line.split() and action in line.split()
               for line in rows.splitlines()):
        print(f"no row with {key} and {action}")
        bad = 1
sys.exit(bad)
PY
fi

# Bad arguments are usage errors (exit 2).
rc=0
"$MARGIN_BIN" keys --format html > /dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "margin keys --format html exited $rc"
rc=0
"$MARGIN_BIN" keys extra > /dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "margin keys extra exited $rc"
exit 0
