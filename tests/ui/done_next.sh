# m marks the article done and opens the next one not done; M toggles;
# the list shows the done mark and my span count; progress in the status.
. tests/lib.sh
cd "$T"
article 1.txt 'First article about Oslo\n'
article 2.txt 'Second article about Bergen\n'
article 3.txt 'Third article about Tromsø\n'
m import articles 2>/dev/null || fail "import failed"
ui 100x12 '<Enter>
G 3
m
:dump '"$T"'/after_m.txt
M
:dump '"$T"'/after_M.txt'
expect_dump "$T/after_m.txt" done_next.after_m
expect_dump "$T/after_M.txt" done_next.after_M
m list --done > "$T/done.tsv"
[ "$(cut -f1 "$T/done.tsv" | tail -n +2 | tr '\n' ' ')" = "1 2 " ] || fail "done: $(cat "$T/done.tsv")"
# Next start: the first article not done is 3.
ui 100x12 ':dump '"$T"'/restart.txt'
grep -q 'Third article about Tromsø' "$T/restart.txt" || fail "restart did not open article 3"
