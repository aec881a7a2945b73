# A disk that is already full when margin starts (SPEC §12), with no
# -shm beside the database (no one has it open): what is saved can still
# be read (list, --readonly, export, the TUI, which says the database is
# read-only), and a command that must write exits 1 with one line saying
# the disk is full.  The database is unchanged.  The small filesystem is
# a 2 MB tmpfs in a private mount namespace, as in fault_full_disk.sh;
# where none can be made the test fails and says why.
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
command -v sha256sum >/dev/null || fail "sha256sum is missing"
mkdir -p "$T/small"
mount -t tmpfs -o size=2m,mode=0777 tmpfs "$T/small" 2>"$T/mount.err" ||
	fail "cannot mount a tmpfs in the mount namespace: $(cat "$T/mount.err")"
at_exit 'umount "$T/small" 2>/dev/null'
DB="$T/small/test.db"

printf '%s\n' '{"title": "Saved", "text": "Ada Lovelace met Charles Babbage.", "spans": [{"start": 0, "end": 12, "label": "PER"}, {"start": 17, "end": 32, "label": "PER"}]}' > "$T/in.jsonl"
m import "$T/in.jsonl" 2>"$T/import.err" || fail "import failed: $(cat "$T/import.err")"
[ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ] || fail "a -wal or -shm stayed after a clean exit"
sum=$(sha256sum "$DB" | cut -d' ' -f1)
dd if=/dev/zero of="$T/small/filler" bs=4096 2>/dev/null
dd if=/dev/zero of="$T/small/tail" bs=512 2>/dev/null
sync
printf 'Another article.\n' > "$T/other.txt"

problems=""
problem() {
	problems="$problems
- $*"
}
reads() {
	m "$@" >"$T/out" 2>"$T/err" ||
		problem "margin $* failed on a full disk: $(head -c 300 "$T/err")"
}
reads list
grep -q Saved "$T/out" || problem "margin list does not show the article"
reads --readonly list
grep -q Saved "$T/out" || problem "margin --readonly list does not show the article"
reads export
grep -c 'Lovelace\|Babbage' "$T/out" | grep -qx 2 ||
	problem "the export on a full disk is not the two spans: $(cat "$T/out")"
printf '%s\n' '<Enter>' ":dump $T/tui.txt" > "$T/script"
if m --size 100x20 --script "$T/script" >/dev/null 2>"$T/err"; then
	grep -q "Ada Lovelace met Charles Babbage." "$T/tui.txt" ||
		problem "the TUI on a full disk does not show the article"
	grep -q 'READ-ONLY' "$T/tui.txt" ||
		problem "the TUI on a full disk does not say READ-ONLY: $(tail -1 "$T/tui.txt")"
else
	problem "the TUI failed on a full disk: $(head -c 300 "$T/err")"
fi
for cmd in "import $T/other.txt" "labels add NEWLABEL" "tag 1 urgent"; do
	# shellcheck disable=SC2086
	m $cmd >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" != 1 ]; then
		problem "margin $cmd exited $rc on a full disk, not 1: $(head -c 300 "$T/err")"
	elif ! grep -qi 'disk is full' "$T/err"; then
		problem "margin $cmd said \"$(head -c 300 "$T/err")\", not that the disk is full"
	fi
done
rm -f "$T/small/filler" "$T/small/tail"
[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] || problem "the database changed"
m list >"$T/out" 2>"$T/err" || problem "after the disk has room again: $(cat "$T/err")"
[ -z "$problems" ] || fail "a full disk at start-up:$problems"
exit 0
