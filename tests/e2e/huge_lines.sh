# An article of 1,000,000 lines opens and scrolls in the TUI (SPEC §6,
# §12): it opens, pages, jumps to its end and back, and takes a tag near
# its end, in a real terminal (tmux).  (A one-line 5 MB article:
# huge_article.sh and huge_word.sh.)
. tests/lib.sh
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
with open(t + "/lines.txt", "w", encoding="utf-8") as f:
    f.write("Million lines\n")
    f.write("".join(f"line{i:07d} Zürich\n" for i in range(1, 1_000_000)))
    f.write("LAST-LINE Łódź\n")
PY
[ "$(wc -l < "$T/lines.txt")" = 1000001 ] || fail "the article has $(wc -l < "$T/lines.txt") lines"
m import "$T/lines.txt" 2>"$T/import.err" ||
	fail "import failed: $(cat "$T/import.err")"
tmux_start 100 30
tmux_wait 'done 0/1'
tmux_keys Enter
tmux_wait 'line0000001'
tmux_keys Space Space
tmux_wait 'line00000[4-9][0-9]'
tmux_keys G
tmux_wait 'LAST-LINE'
tmux_keys g
tmux_wait 'line0000001'
tmux_keys G k 3
tmux_wait 'LOC +line0999999'
tmux_keys q
tmux_wait 'margin-exited-0'
got=$(exported)
[ "$got" = "LOC	line0999999" ] || fail "the export is \"$got\", not the tag near the end"
exit 0
