# Config, keymap and label files are small files of ours (SPEC §12): one
# that is a device (/dev/zero, /dev/urandom), a FIFO or a folder is refused
# with a message naming it, at once, and the program goes on; one that
# never ends is not read until memory runs out.  /dev/null means "none".
. tests/lib.sh
command -v timeout >/dev/null || fail "timeout is not installed"
article a.txt 'Tram strike in Zürich\n'
m import "$T/articles" 2>/dev/null || fail "import failed"
mkfifo "$T/fifo" || fail "mkfifo failed"
mkdir "$T/folder"
head -c 2000000 /dev/zero | tr '\0' '#' > "$T/huge.keys"

for f in /dev/zero /dev/urandom "$T/fifo" "$T/folder" "$T/huge.keys"; do
	for opt in --config --keymap; do
		# A FIFO with no writer must not block: the bound is generous
		# (a loaded machine), and the outcome is what is checked.
		timeout 60 "$MARGIN_BIN" --db "$DB" "$opt" "$f" keys \
		    > "$T/out" 2> "$T/err"
		rc=$?
		[ "$rc" = 124 ] && fail "$opt $f: still reading after 60 s"
		[ "$rc" = 1 ] || fail "$opt $f keys: exit $rc, want 1"
		grep -qF -- "$f" "$T/err" ||
			fail "$opt $f: no message names it: $(cat "$T/err")"
		grep -qE 'not a regular file|larger than' "$T/err" ||
			fail "$opt $f: no reason given: $(cat "$T/err")"
		# The TUI starts all the same, and says why after quitting.
		printf 'q\n' > "$T/script"
		timeout 60 "$MARGIN_BIN" --db "$DB" "$opt" "$f" \
		    --script "$T/script" > "$T/out" 2> "$T/err"
		rc=$?
		[ "$rc" = 0 ] || fail "$opt $f: the TUI exited $rc: $(cat "$T/err")"
		grep -qE 'not a regular file|larger than' "$T/err" ||
			fail "$opt $f: the TUI gave no reason: $(cat "$T/err")"
	done
	timeout 60 "$MARGIN_BIN" --db "$DB" labels load "$f" \
	    > "$T/out" 2> "$T/err"
	rc=$?
	[ "$rc" = 124 ] && fail "labels load $f: still reading after 60 s"
	[ "$rc" = 1 ] || fail "labels load $f: exit $rc, want 1"
	grep -qE 'not a regular file|larger than' "$T/err" ||
		fail "labels load $f: no reason given: $(cat "$T/err")"
done

# A config that sources one of them: the error names the config's line.
printf 'source %s\nset wrap-width 60\n' "$T/fifo" > "$T/config"
timeout 60 "$MARGIN_BIN" --db "$DB" --config "$T/config" keys \
    > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" = 1 ] || fail "source of a FIFO: exit $rc: $(cat "$T/err")"
grep -qF "config:1: source: $T/fifo: not a regular file" "$T/err" ||
	fail "source of a FIFO: $(cat "$T/err")"

# /dev/null is an empty config, with no message at all.
"$MARGIN_BIN" --db "$DB" --config /dev/null keys > "$T/out" 2> "$T/err" ||
	fail "--config /dev/null: $(cat "$T/err")"
[ -s "$T/err" ] && fail "--config /dev/null said: $(cat "$T/err")"
exit 0
