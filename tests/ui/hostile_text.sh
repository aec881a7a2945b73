# No byte of article text reaches the terminal as a control: escape
# sequences, C1 controls, bidi overrides and invalid UTF-8 are shown as
# visible placeholders (or removed at import), never as themselves.
. tests/lib.sh
cd "$T"
article evil.txt 'Title \033]0;pwned\007 here\n\nRed \033[31mtext\033[0m and \302\233 C1, \342\200\256reversed\342\200\254 and bad \377 byte.\n'
m import articles 2>"$T/import.err" || fail "import failed"
grep -q '1 invalid UTF-8' "$T/import.err" || fail "import did not report the invalid byte: $(cat "$T/import.err")"
ui 100x12 '<Enter>
:dump '"$T"'/screen.txt'
expect_dump "$T/screen.txt" hostile_text.screen
python3 - "$T/screen.txt" <<'PY' || fail "a control reached the screen"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
bad = [c for c in t if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) < 0xa0
       or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069]
assert not bad, bad
assert "reversed" in t and "\ufffd" in t
PY
