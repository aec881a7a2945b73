# u undoes and C-r redoes, from the database's history: after a restart,
# undo restores a deleted span with its note; tag, relabel, delete, note,
# tags and done are all undone.
. tests/lib.sh
three_articles
ui 100x12 '<Enter>
1 c
keep<Space>me
<Enter>
x
:dump '"$T"'/deleted.txt'
expect_dump "$T/deleted.txt" undo_redo.deleted
[ "$(exported)" = "" ] || fail "the span was not deleted"
# A new process: undo brings the span back with its note.
ui 100x12 '<Enter>
u
:dump '"$T"'/undone.txt'
expect_in "$T/undone.txt" "PER *Tram"
expect_dump "$T/undone.txt" undo_redo.undone
m export > "$T/out.csv"
python3 - "$T/out.csv" <<'PY' || fail "note lost: $(cat "$T/out.csv")"
import csv, sys
(r,) = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert (r["label"], r["text"], r["note"]) == ("PER", "Tram", "keep me"), r
PY
# Relabel, tags and done; undo each, then redo the last undo.
ui 100x12 '<Enter>
2
T
alpha
<Enter>
M
u
u
u
:dump '"$T"'/three.txt
<C-r>'
got=$(exported)
[ "$got" = "ORG	Tram" ] || fail "after undo x3 + redo: $got"
# An empty answer counts only from a command that succeeded.
m export --what tags > "$T/tags.csv" || fail "export --what tags failed"
[ "$(tail -n +2 "$T/tags.csv")" = "" ] || fail "tag not undone: $(cat "$T/tags.csv")"
m list --done > "$T/done.tsv" || fail "list --done failed"
[ "$(tail -n +2 "$T/done.tsv")" = "" ] || fail "done not undone: $(cat "$T/done.tsv")"
expect_in "$T/three.txt" "undo"
expect_dump "$T/three.txt" undo_redo.three
