# A database that becomes read-only in the middle of a TUI session
# (SPEC §12).  1: as an unprivileged user (root ignores permissions), the
# file and its folder lose write permission; whatever the next tag does,
# the screen shows what the database holds, and the next session opens it
# READ-ONLY, refuses edits with a message and leaves the file unchanged.
# 2: the filesystem itself goes read-only (an LD_PRELOAD
# shim that fails writes with EROFS, as on a filesystem remounted
# read-only): a clear message, margin goes on READ-ONLY, nothing saved is
# lost and the screen matches the database.
. tests/lib.sh
command -v tmux >/dev/null || fail "tmux is not installed"
chmod 755 "$T"
mkdir -p "$T/home" "$T/ro"
chmod 777 "$T/home"

problems=""
problem() {
	problems="$problems
- $*"
}

# Run as someone whom permissions bind.
if [ "$(id -u)" = 0 ]; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		AS_USER="setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif runuser -u nobody -- true 2>/dev/null; then
		AS_USER="runuser -u nobody --"
	else
		fail "cannot run as an unprivileged user (no setpriv, no runuser)"
	fi
	chown 65534:65534 "$T/ro"
	binary_for_nobody
else
	AS_USER=""
fi
DB="$T/ro/test.db"
mu() {
	$AS_USER env HOME="$T/home" XDG_CONFIG_HOME="$T/home" \
	    XDG_DATA_HOME="$T/home" MARGIN_ANNOTATOR=tester \
	    "$MARGIN_BIN" --db "$DB" "$@"
}
start_as_user() {
	tmux_kill
	tmux_cmd new-session -d -x 160 -y 40 \
		"$AS_USER env LC_ALL=C.UTF-8 HOME=$T/home XDG_CONFIG_HOME=$T/home \
XDG_DATA_HOME=$T/home MARGIN_ANNOTATOR=tester $(printf '%q ' "$MARGIN_BIN" \
		--db "$DB") 2>>$T/tmux.err; echo margin-exited-\$?; sleep 30"
}
at_exit 'chmod -R u+w "$T" 2>/dev/null'
tmux_cleanup

# The Annotations pane as LABEL<TAB>TEXT lines; the same from the database.
screen_spans() {
	tmux_screen | python3 -c '
import re, sys
for line in sys.stdin:
    cols = line.rstrip("\n").split("\u2502")
    if len(cols) >= 3:
        m = re.match(r"\s*(PER|ORG|LOC|MISC)\s+(\S+)", cols[-1])
        if m:
            print(m.group(1) + "\t" + m.group(2))' | sort
}
db_spans() {
	python3 - "$1" <<'PY' | sort
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
(ok,) = c.execute("PRAGMA integrity_check").fetchone()
if ok != "ok":
    sys.exit(f"integrity_check: {ok}")
for label, text in c.execute("SELECT label, text FROM spans WHERE status != 'rejected'"):
    print(f"{label}\t{text}")
PY
}

{
	printf 'Perm\n\n'
	for i in $(seq 1 40); do printf 'w%03d ' "$i"; done
	printf '\n'
} > "$T/perm.txt"
chmod 644 "$T/perm.txt"

# --- 1. Permission taken away -----------------------------------------
part_permissions() {
	mu import "$T/perm.txt" 2>"$T/import.err" || fail "import failed: $(cat "$T/import.err")"
	start_as_user
	tmux_wait 'Articles'
	tmux_keys Enter w 1
	tmux_wait 'PER +w001'
	chmod a-w "$DB" "$T/ro"
	tmux_keys w w 2
	sleep 1
	tmux_screen > "$T/perm-screen.txt"
	# margin keeps its open file, so the tag may still be saved; either way
	# the screen and the database must agree, and a refusal must say why.
	if ! grep -qE 'ORG +w003' "$T/perm-screen.txt"; then
		grep -qiE 'read-only|permission|denied' "$T/perm-screen.txt" ||
			problem "a tag after write permission was taken away was" \
			    "neither saved nor refused with a message: $(tail -1 \
			    "$T/perm-screen.txt" | tr -s ' ')"
	fi
	screen_spans > "$T/screen.spans"
	tmux_keys q
	tmux_wait 'margin-exited'
	db_spans "$DB" > "$T/db.spans" || fail "the database is damaged"
	grep -qx 'PER	w001' "$T/db.spans" || problem "PER w001, saved first, is lost"
	diff -u "$T/db.spans" "$T/screen.spans" > "$T/diff" ||
		problem "permission taken away: the screen (+) does not show what" \
		    "the database (-) holds: $(cat "$T/diff")"

	# The next session: read-only from the start, and the file is untouched.
	sum=$(sha256sum "$DB" | cut -d' ' -f1)
	start_as_user
	tmux_wait 'Articles'
	tmux_keys Enter w w w w 3
	sleep 0.5
	tmux_screen > "$T/next.txt"
	grep -q 'READ-ONLY' "$T/next.txt" ||
		problem "a database the user cannot write does not open READ-ONLY:" \
		    "$(tail -2 "$T/next.txt" | tr -s ' ')"
	grep -q 'read-only' "$T/next.txt" ||
		problem "a tag on a read-only database is not refused with a message"
	tmux_keys q
	tmux_wait 'margin-exited'
	[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] ||
		problem "a session on the read-only database changed the file"
	for f in "$DB-wal" "$DB-shm"; do
		[ ! -e "$f" ] || [ -w "$T/ro" ] || problem "$f appeared in a read-only folder"
	done
	chmod u+w "$DB" "$T/ro"

}

# --- 2. The filesystem goes read-only ----------------------------------
# A remount read-only is refused while margin holds files open for
# writing (EBUSY), so the fault is injected: a small LD_PRELOAD shim
# makes every write to the database's files fail with EROFS from the
# moment a trigger file exists, as writes on a filesystem remounted
# read-only after an error do.
cat > "$T/erofs.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Writes to NAME.db, NAME.db-wal, NAME.db-shm and NAME.db-journal fail
   once the file $MARGIN_FAULT_TRIGGER exists. */
static int
faulty(int fd)
{
	const char	*trigger = getenv("MARGIN_FAULT_TRIGGER");
	char		 link[64], path[4096];
	ssize_t		 n;

	if (trigger == NULL || access(trigger, F_OK) != 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, sizeof(path) - 1)) <= 0)
		return 0;
	path[n] = '\0';
	return strstr(path, ".db") != NULL;
}

#define WRAP(ret, name, params, args)					\
ret name params;							\
ret name params								\
{									\
	static ret (*real) params;					\
	if (real == NULL)						\
		real = (ret (*) params)dlsym(RTLD_NEXT, #name);		\
	if (faulty(fd)) {						\
		errno = EROFS;						\
		return -1;						\
	}								\
	return real args;						\
}
WRAP(ssize_t, pwrite64, (int fd, const void *b, size_t n, off_t o), (fd, b, n, o))
WRAP(ssize_t, pwrite, (int fd, const void *b, size_t n, off_t o), (fd, b, n, o))
WRAP(ssize_t, write, (int fd, const void *b, size_t n), (fd, b, n))
WRAP(int, ftruncate64, (int fd, off_t l), (fd, l))
WRAP(int, ftruncate, (int fd, off_t l), (fd, l))
WRAP(int, fdatasync, (int fd), (fd))
WRAP(int, fsync, (int fd), (fd))
C
part_erofs() {
	local shim="$T/erofs.so" trigger="$T/now-read-only"
	cc -shared -fPIC -o "$shim" "$T/erofs.c" -ldl 2>"$T/cc.err" ||
		fail "cannot build the fault shim: $(cat "$T/cc.err")"
	DB="$T/erofs.db"
	AS_USER=""
	m import "$T/perm.txt" 2>"$T/import.err" ||
		fail "import failed: $(cat "$T/import.err")"
	tmux_kill
	tmux_cmd new-session -d -x 160 -y 40 \
		"env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=tester LD_PRELOAD=$shim \
MARGIN_FAULT_TRIGGER=$trigger ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
$(printf '%q ' "$MARGIN_BIN" --db "$DB") 2>>$T/tmux.err; echo margin-exited-\$?; sleep 30"
	tmux_wait 'Articles'
	tmux_keys Enter w 1
	tmux_wait 'PER +w001'
	touch "$trigger"
	tmux_keys w w 2
	sleep 1
	tmux_screen > "$T/ro-screen.txt"
	grep -qiE 'read-only|read only|I/O error' "$T/ro-screen.txt" ||
		problem "filesystem read-only: no message says the database" \
		    "cannot be written: $(tail -1 "$T/ro-screen.txt" | tr -s ' ')"
	grep -q 'READ-ONLY' "$T/ro-screen.txt" ||
		problem "filesystem read-only: the status line does not say" \
		    "READ-ONLY: $(tail -2 "$T/ro-screen.txt" | tr -s ' ')"
	tmux_keys w 4
	sleep 0.3
	screen_spans > "$T/screen.spans"
	tmux_keys q
	tmux_wait 'margin-exited'
	rm -f "$trigger"
	db_spans "$DB" > "$T/db.spans" ||
		problem "filesystem read-only: the database is damaged"
	grep -qx 'PER	w001' "$T/db.spans" ||
		problem "filesystem read-only: PER w001, saved first, is lost"
	diff -u "$T/db.spans" "$T/screen.spans" > "$T/diff" ||
		problem "filesystem read-only: the screen (+) does not show" \
		    "what the database (-) holds: $(cat "$T/diff")"
}

part_permissions
chmod u+w "$DB" "$T/ro"
part_erofs
[ -z "$problems" ] || fail "read-only:$problems"
exit 0
