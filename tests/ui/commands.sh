# : commands (a line that starts with a blank types : as a key): label add (and the legend shows it), set, goto, filter,
# export, annotator; Tab completes command and label names.
. tests/lib.sh
three_articles
ui 120x16 ':label add EVENT key 5 color cyan "Named events"
:set wrap-width 24
:goto 2
:dump '"$T"'/goto.txt
 :lab<Tab><Space>add<Space>X<Space>key<Space>6
<Enter>
5
:filter done
:dump '"$T"'/filter.txt
:filter clear
:annotator bob
w 1
:export '"$T"'/out.csv
:dump '"$T"'/end.txt'
# The legend has EVENT; the reader shows article 2 (" 2/3 "), wrapped at
# 24 columns.  Its title alone would prove nothing: the list always has it.
expect_in "$T/goto.txt" "5:EVENT"
expect_dump "$T/goto.txt" commands.goto
expect_in "$T/filter.txt" " 0/0 "
m labels list | grep -q '^X	6' || fail "completion did not type :label: $(m labels list)"
expect_in "$T/end.txt" "exported to"
python3 - "$T/out.csv" <<'PY' || fail "export: $(cat "$T/out.csv")"
import csv, sys
rows = sorted((r["annotator"], r["label"], r["text"]) for r in
              csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert rows == [("bob", "PER", "strike"), ("tester", "EVENT", "Łódź")], rows
PY
