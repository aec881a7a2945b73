# A headless session (open, tag, label picker, note, search in the reader
# and over the corpus, undo and redo, resize, export) on the plain build
# of ./margin (no sanitiser, so that valgrind sees the real allocator)
# runs clean under valgrind memcheck: no invalid read or write, no use of
# uninitialised memory, nothing definitely lost.
. tests/lib.sh
command -v valgrind >/dev/null || fail "valgrind is not installed"
make -s -C "$MARGIN_ROOT" margin >"$T/make.log" 2>&1 ||
	fail "make margin failed: $(tail -20 "$T/make.log")"
plain="$MARGIN_ROOT/margin"
three_articles
cat > "$T/session" <<EOF
<Enter>
w
1
w
w
v
w
2
t
LOC
<Enter>
c
a<Space>note
<Enter>
/lódz
<Enter>
u
u
<C-r>
:resize 60 20
J
w
3
:resize 30 10
T
tag1
<Enter>
:resize 100 30
<Tab>
<Tab>
/strike
<Enter>
:export $T/out.csv
:dump $T/screen.txt
q
EOF
valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--track-origins=yes --log-file="$T/vg.log" \
	"$plain" --db "$DB" --size 80x24 --script "$T/session" \
	2>"$T/err.txt"
rc=$?
[ "$rc" != 99 ] || { cat "$T/vg.log" >&2; fail "valgrind found errors"; }
[ "$rc" = 0 ] || { cat "$T/err.txt" "$T/vg.log" >&2; fail "margin exited $rc"; }
grep -q "ERROR SUMMARY: 0 errors" "$T/vg.log" ||
	{ cat "$T/vg.log" >&2; fail "valgrind reported errors"; }
if grep -q "definitely lost: [1-9]" "$T/vg.log"; then
	cat "$T/vg.log" >&2
	fail "memory definitely lost"
fi
# The session did what it says, so that a clean run means something.
expect_in "$T/screen.txt" "exported to"
[ -s "$T/out.csv" ] || fail "the export is empty"
got=$(exported | sort)
printf '%s\n' "$got" | grep -q '^PER' || fail "no PER span: $got"
printf '%s\n' "$got" | grep -q '^LOC' || fail "no LOC span: $got"
exit 0
