# A terminal that cannot draw the reader (issue 16, item 3): TERM=dumb,
# an unknown TERM or none is refused at once with a message saying why and
# what still works, exit 1, and the screen is not touched (nothing on
# stdout); the command line works on it as ever.
. tests/lib.sh
three_articles
for term in dumb no-such-terminal ""; do
	rc=0
	env TERM="$term" "$MARGIN_BIN" --db "$DB" </dev/null >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" = 1 ] || fail "TERM='$term': exit $rc, not 1"
	[ -s "$T/out" ] && fail "TERM='$term': wrote to the screen: $(od -c "$T/out" | head -3)"
	grep -q 'margin: tui: TERM' "$T/err" || fail "TERM='$term': $(cat "$T/err")"
	[ "$term" != dumb ] || grep -q 'cannot move the cursor' "$T/err" ||
		fail "TERM=dumb: $(cat "$T/err")"
done
env TERM=dumb "$MARGIN_BIN" --db "$DB" list >/dev/null || fail "list fails with TERM=dumb"
