# labels load on a full disk (SPEC §12), on a 1 MB tmpfs made for the test
# in a private mount namespace (as tests/e2e/fault_full_disk.sh makes
# it): the schema file is loaded in one transaction, so the database's
# labels are as they were, and one message names the file and says the
# disk is full (not one per label), exit 1.  Once there is room again,
# the same load adds every label.  Where no filesystem can be made the
# test fails and says why: it is never silently skipped.
if [ -z "${MARGIN_FAULT_NS:-}" ]; then
	export MARGIN_FAULT_NS=1
	if unshare -m --propagation private true 2>/dev/null; then
		exec unshare -m --propagation private bash "$0" "$@"
	elif unshare -Urm --propagation private true 2>/dev/null; then
		exec unshare -Urm --propagation private bash "$0" "$@"
	fi
	echo "FAIL: cannot make a small filesystem: neither 'unshare -m'" \
	    "(root) nor 'unshare -Urm' (user namespaces) works here" >&2
	exit 1
fi
. tests/lib.sh
mkdir -p "$T/small"
mount -t tmpfs -o size=1m,mode=0777 tmpfs "$T/small" 2>"$T/mount.err" ||
	fail "cannot mount a tmpfs in the mount namespace: $(cat "$T/mount.err")"
at_exit 'umount "$T/small" 2>/dev/null'
DB="$T/small/test.db"
schema="$MARGIN_ROOT/share/labels/ontonotes.labels"

m labels add EXTRA --key x --desc "Made before the disk filled" ||
	fail "labels add failed"
m labels list > "$T/before" || fail "labels list failed"

# Another connection keeps the database open (its -wal and -shm files
# stay), with the write-ahead log emptied: the load's first page needs a
# block the full disk does not have, and fails there, not while opening.
mkfifo "$T/holder.in"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("SELECT count(*) FROM labels").fetchone()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
open(sys.argv[2], "w").close()
sys.stdin.read()		# until the test closes the FIFO
' "$DB" "$T/holder.ready" < "$T/holder.in" &
holder=$!
exec 9> "$T/holder.in"
at_exit 'exec 9>&-; wait'
for _ in $(seq 1 600); do
	[ -e "$T/holder.ready" ] && break
	kill -0 "$holder" 2>/dev/null || fail "the connection holding the database died"
	sleep 0.05
done
[ -e "$T/holder.ready" ] || fail "the connection holding the database never got ready"

# Take every free block of the small filesystem.
dd if=/dev/zero of="$T/small/filler" bs=4096 2>/dev/null
dd if=/dev/zero of="$T/small/tail" bs=512 2>/dev/null
sync

kill -0 "$holder" 2>/dev/null || fail "the connection holding the database died"
m labels load "$schema" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" = 1 ] || fail "labels load on a full disk exited $rc, not 1: $(cat "$T/err")"
[ "$(wc -l < "$T/err")" = 1 ] ||
	fail "labels load on a full disk printed $(wc -l < "$T/err") lines, not one:
$(head -5 "$T/err")"
expect_in "$T/err" "$schema"
grep -qiE 'disk is full' "$T/err" ||
	fail "the message does not say the disk is full: $(cat "$T/err")"

rm -f "$T/small/filler" "$T/small/tail"
m labels list > "$T/after" || fail "labels list after the failed load failed"
diff -u "$T/before" "$T/after" >&2 ||
	fail "the failed load changed the labels (- before, + after)"

# With room again, the same load adds all 18.
m labels load "$schema" 2> "$T/err" || fail "labels load failed: $(cat "$T/err")"
expect_in "$T/err" "ontonotes.labels merged: 18 labels (16 added"
m labels list > "$T/loaded" || fail "labels list failed"
for name in PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW \
    LANGUAGE DATE TIME PERCENT MONEY QUANTITY ORDINAL CARDINAL EXTRA; do
	grep -q "^$name	" "$T/loaded" || fail "no label $name after the load"
done
exit 0
