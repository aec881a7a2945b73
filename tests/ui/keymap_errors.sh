# A keymap file with errors (SPEC §7): the TUI starts anyway, shows the
# first error with file:line in the message line, applies the valid lines
# (a new key after the bad lines works, an unbind after them too), and
# prints every problem on stderr.  `margin keys` reads the file the same
# way and exits 1.
. tests/lib.sh
cd "$T"
article a.txt 'Tram strike in Zürich\n\nDrivers of the Verkehrsbetriebe Zürich stopped work on Monday.\n'
m import articles 2>/dev/null || fail "import failed"
cat > bad.keys <<'EOF'
# Two mistakes, then lines that must still apply.
bind reader	z		frobnicate
bind reader	<Nonsense>	word-next
bind reader	<C-y>		word-next
unbind reader	w
EOF

cat > script <<EOF
:dump $T/start.txt
<Enter>
<C-y> <C-y> <C-y> 3
w
:dump $T/after.txt
EOF
m --keymap bad.keys --size 80x24 --script script 2> ui.err ||
	fail "margin --script failed: $(cat ui.err)"
msg=$(tail -n 1 start.txt)
case $msg in
'bad.keys:2: unknown action "frobnicate"'*'1 more'*) ;;
*) fail "the message line shows \"$msg\", not the first error" ;;
esac
grep -q '^bad.keys:2: unknown action "frobnicate"$' ui.err ||
	fail "stderr lacks the first error: $(cat ui.err)"
grep -q '^bad.keys:3: .*<Nonsense>' ui.err ||
	fail "stderr lacks the second error: $(cat ui.err)"
# <C-y> from line 4 moved to "Zürich", 3 tagged it LOC; w (unbound by
# line 5) did nothing but say so.
m export > out.csv || fail "export failed"
got=$(check_csv out.csv) || fail "csv check: $got"
[ "$got" = "LOC	Zürich" ] || fail "exported: $got"
grep -q 'w is not bound' after.txt ||
	fail "w still acts after unbind: $(tail -n 1 after.txt)"

# margin keys: the same bindings, the same errors, exit 1.
rc=0
m keys --keymap bad.keys > keys.txt 2> keys.err || rc=$?
[ "$rc" = 1 ] || fail "margin keys exited $rc with errors in the keymap"
grep -q '^margin: keys: bad.keys:2: unknown action "frobnicate"$' keys.err ||
	fail "margin keys stderr: $(cat keys.err)"
[ "$(wc -l < keys.err)" = 2 ] || fail "margin keys stderr: $(cat keys.err)"
# The reader's word-next row: its keys, then two blanks, the action.
row=$(sed -n '/^reader:/,/^$/p' keys.txt | grep -E '^  .*  +word-next  ')
case " ${row%%  word-next*} " in
*" <C-y> "*) ;;
*) fail "margin keys lacks <C-y> for word-next: $row" ;;
esac
case " ${row%%  word-next*} " in
*" w "*) fail "margin keys still shows w for word-next: $row" ;;
esac
exit 0
