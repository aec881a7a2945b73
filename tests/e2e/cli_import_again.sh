# Importing the same folder again (a second make run, issue 16 item 11):
# a few duplicates are named, the rest counted in one line, exit 0, and
# nothing reads as an error.
. tests/lib.sh
m import "$MARGIN_ROOT/share/samples" 2>/dev/null || fail "first import failed"
n=$(ls "$MARGIN_ROOT/share/samples" | wc -l)
m import "$MARGIN_ROOT/share/samples" 2>"$T/err" || fail "second import: exit $?: $(cat "$T/err")"
[ "$(grep -c 'duplicate of article' "$T/err")" = 3 ] || fail "$(cat "$T/err")"
grep -q "margin: import: $((n - 3)) more duplicates not named" "$T/err" || fail "$(cat "$T/err")"
grep -q "imported 0 articles ($n duplicates" "$T/err" || fail "$(cat "$T/err")"
grep -qi 'error\|fail[^e]' "$T/err" && fail "reads as an error: $(cat "$T/err")"
exit 0
