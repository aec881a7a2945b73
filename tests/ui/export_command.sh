# :export takes margin export's options and a destination: brat writes a
# folder (not an empty file), jsonl with filters writes a file, and a
# wrong option is named in the message.
. tests/lib.sh
three_articles
ui 120x16 ':export --format brat '"$T"'/brat
:dump '"$T"'/brat.txt
:export -f jsonl --status all '"$T"'/out.jsonl
:dump '"$T"'/jsonl.txt
:export --excel-safe -f conll '"$T"'/x.conll
:dump '"$T"'/csvonly.txt
:export --bogus '"$T"'/y.csv
:dump '"$T"'/bogus.txt
:export -f brat
:dump '"$T"'/nodir.txt'
[ -d "$T/brat" ] || fail "brat did not write a folder"
[ "$(ls "$T/brat" | grep -c '\.txt$')" = 3 ] ||
	fail "brat folder: $(ls "$T/brat")"
[ "$(ls "$T/brat" | grep -c '\.ann$')" = 3 ] ||
	fail "brat folder: $(ls "$T/brat")"
expect_in "$T/brat.txt" "exported to $T/brat/"
[ "$(wc -l < "$T/out.jsonl")" = 3 ] || fail "jsonl: $(cat "$T/out.jsonl")"
expect_in "$T/jsonl.txt" "exported to $T/out.jsonl"
expect_in "$T/csvonly.txt" "--excel-safe is for --format csv"
[ ! -e "$T/x.conll" ] || fail "a refused export made a file"
expect_in "$T/bogus.txt" "unexpected argument --bogus"
[ ! -e "$T/y.csv" ] || fail "a refused export made a file"
expect_in "$T/nodir.txt" "usage: export"
