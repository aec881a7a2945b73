# The command line's help and usage (SPEC §2): `margin --help` lists the
# commands; each one's --help starts with its usage line and, like the
# overall help, fits in 80 columns; a usage error prints that same usage
# line and a hint on stderr and exits 2, for margin itself and for every
# command.
. tests/lib.sh

# fits FILE WHAT: no line of FILE is wider than 80 columns.
fits() {
	python3 - "$1" <<'PY' || fail "$2 is wider than 80 columns"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
       if width(l) > 80]
for l in bad:
    print(f"{width(l)} columns: {l}")
sys.exit(1 if bad else 0)
PY
}

m --help > "$T/help.txt" || fail "margin --help failed"
fits "$T/help.txt" "margin --help"
[ "$(head -n 1 "$T/help.txt")" = "usage: margin [OPTIONS] [COMMAND [ARGS]]" ] ||
	fail "margin --help starts with: $(head -n 1 "$T/help.txt")"
rc=0
m --no-such-option > /dev/null 2> "$T/err" || rc=$?
[ "$rc" = 2 ] || fail "an unknown option exited $rc, not 2"
expect_in "$T/err" "usage: margin [OPTIONS] [COMMAND [ARGS]]"
expect_in "$T/err" "Try 'margin --help'."

# The commands, as margin --help lists them.
commands=$(sed -n '/^Commands:$/,/^$/s/^  \([a-z]*\) .*/\1/p' "$T/help.txt")
[ "$(echo $commands | wc -w)" -ge 10 ] ||
	fail "margin --help lists only: $commands"
for c in $commands; do
	m "$c" --help > "$T/$c.txt" || fail "margin $c --help failed"
	fits "$T/$c.txt" "margin $c --help"
	case $(head -n 1 "$T/$c.txt") in
	"usage: margin [OPTIONS] $c "?*) ;;
	*) fail "margin $c --help starts with: $(head -n 1 "$T/$c.txt")" ;;
	esac
	# The usage: its first line, and the lines under its first argument.
	awk -v pad="$(printf '%*s' $((25 + ${#c})) '')" \
	    'NR == 1 || (NR > 1 && index($0, pad) == 1 && go) { print; go = 1;
	    next } { exit }' "$T/$c.txt" > "$T/$c.usage"
	# An option no command has is a usage error that shows the usage.
	rc=0
	m "$c" --no-such-option > /dev/null 2> "$T/$c.err" || rc=$?
	[ "$rc" = 2 ] || fail "margin $c --no-such-option exited $rc, not 2"
	grep -Fxf "$T/$c.usage" "$T/$c.err" > "$T/$c.shown"
	cmp -s "$T/$c.usage" "$T/$c.shown" ||
		fail "margin $c: the usage error does not show the usage of --help:
$(cat "$T/$c.err")"
	expect_in "$T/$c.err" "Try 'margin $c --help'."
done
exit 0
