# Nested spans need an explicit selection; label-N on a span of mine
# relabels the innermost; delete removes the innermost; in the
# annotations pane label-N and delete act on the selected span.
. tests/lib.sh
cd "$T"
article a.txt 'Bank of Łódź\n\nThe Bank of Łódź opened in Kraków.\n'
m import articles 2>/dev/null || fail "import failed"
# Select "Bank of Łódź" on the second line as ORG (the cursor ends on
# Łódź), then nest LOC on Łódź with a selection of that word.
ui 100x20 '<Enter>
jw
v ww 2
v 3
:dump '"$T"'/nested.txt'
expect_dump "$T/nested.txt" nested_relabel_delete.nested
m export > "$T/1.csv" || fail export
got=$(check_csv "$T/1.csv" | sort) || fail "csv: $got"
[ "$got" = "$(printf 'LOC\tŁódź\nORG\tBank of Łódź')" ] || fail "after nesting: $got"
# Relabel the inner span (cursor inside it) to MISC, delete it; then in
# the annotations pane relabel the outer one to LOC.
ui 100x20 '<Enter>
jwww 4
:dump '"$T"'/relabel.txt
x
<Tab> 3
:dump '"$T"'/pane.txt'
expect_dump "$T/relabel.txt" nested_relabel_delete.relabel
expect_dump "$T/pane.txt" nested_relabel_delete.pane
m export > "$T/2.csv" || fail export
got=$(check_csv "$T/2.csv") || fail "csv: $got"
[ "$got" = "LOC	Bank of Łódź" ] || fail "after relabel and delete: $got"
