# A 10 MB article opens, scrolls and jumps to its end (only what is shown
# is laid out); a one-line 5 MB article too.
. tests/lib.sh
python3 - "$T" <<'PY'
import sys
words = "Zürich Łódź 北京 Dvořák news article with words".split()
lines = []
size = 0
i = 0
while size < 10_000_000:
    line = " ".join(words[(i + k) % len(words)] for k in range(12)) + f" line{i}"
    lines.append(line)
    size += len(line.encode()) + 1
    i += 1
lines.append("THE-VERY-END")
open(sys.argv[1] + "/big.txt", "w", encoding="utf-8").write("Big\n" + "\n".join(lines) + "\n")
open(sys.argv[1] + "/wide.txt", "w", encoding="utf-8").write("Wide " + "word " * 1_000_000 + "WIDE-END\n")
PY
m import "$T/big.txt" "$T/wide.txt" 2>/dev/null || fail "import failed"
tmux_start 100 30
tmux_wait 'done 0/2'
tmux_keys Enter
tmux_wait 'line0'
tmux_keys Space Space G
tmux_wait 'THE-VERY-END'
tmux_keys g
tmux_wait 'line0'
tmux_keys J G
tmux_wait 'WIDE-END'
tmux_keys k k
tmux_keys 1
tmux_wait 'PER: word'
tmux_keys q
tmux_wait 'margin-exited-0'
