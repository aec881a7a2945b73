# Resizing at any moment: to 20x5 in the middle of a selection and back;
# the selection survives and tags what was selected.
. tests/lib.sh
cd "$T"
article a.txt 'Dvořák in Reykjavík\n\nThe composer Antonín Dvořák never visited Reykjavík, said the historian Guðrún Jónsdóttir.\n'
m import articles 2>/dev/null || fail "import failed"
ui 80x24 '<Enter>
jwwv w
:resize 20 5
:dump '"$T"'/small.txt
:resize 59 12
:dump '"$T"'/one.txt
:resize 80 24
1
:dump '"$T"'/back.txt'
expect_dump "$T/small.txt" resize.20x5
expect_dump "$T/one.txt" resize.59x12
expect_dump "$T/back.txt" resize.80x24
m export > "$T/out.csv" || fail export
got=$(check_csv "$T/out.csv") || fail "csv: $got"
[ "$got" = "PER	Antonín Dvořák" ] || fail "exported: $got"
