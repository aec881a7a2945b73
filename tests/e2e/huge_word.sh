# A one-line article of 5 MB with no break opportunity at all (SPEC §4,
# §6): one 5 MB "word" of letters and digits, which the reader must split
# between cells.  It opens, page-down shows later parts of it, G shows its
# end and g its start again, in a real terminal (tmux).
. tests/lib.sh
python3 - "$T" <<'PY'
import sys
with open(sys.argv[1] + "/word.txt", "w", encoding="utf-8") as f:
    f.write("Word\n\n" + "".join(f"x{i:07d}" for i in range(625_000)) +
            "WORDEND\n")
PY
m import "$T/word.txt" 2>"$T/import.err" ||
	fail "import failed: $(cat "$T/import.err")"
tmux_start 100 30
tmux_wait 'done 0/1'
tmux_keys Enter
tmux_wait 'x0000000x'
# Each page is some 25 rows of 37 columns: four pages are past x0000300.
tmux_keys Space Space Space Space
tmux_wait 'x000(0[3-9]|[1-9][0-9])[0-9][0-9]'
tmux_keys G
tmux_wait 'WORDEND'
tmux_keys g
tmux_wait 'x0000000x'
tmux_keys q
tmux_wait 'margin-exited-0'
exit 0
