# :train in a real terminal (SPEC §11): the reader's own loop polls the
# training child while it waits for keys, so the status line follows it
# and its end is told without a key pressed; s then suggests with the new
# model; quitting while a training runs leaves it to finish, and its
# model is saved.  The child is margin itself with its own connection:
# it holds none of the reader's files (they are close-on-exec).  Every
# wait polls, with generous bounds.
. tests/lib.sh
reports_for_the_tagger
models() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "select count(*) from models").fetchone()[0])' "$DB"
}
# Poll (at most 120 s) until the screen matches a grep -E pattern.
wait_long() {
	local i
	for i in $(seq 1 1200); do
		tmux_screen | grep -qE -- "$1" && return 0
		sleep 0.1
	done
	tmux_screen >&2
	fail "the screen never showed /$1/"
}

tmux_start 80 24
tmux_wait "Report 1"
tmux_keys ":goto 13" Enter
tmux_wait "13/16"
tmux_keys ":train --epochs 6" Enter
# Its status line, or already its end: no key is pressed meanwhile.
tmux_wait "training… \(12 articles done|model 1 trained"
wait_long "model 1 trained on 12 articles, 828 tokens"
[ "$(models)" = 1 ] || fail "$(models) models after :train"
tmux_keys s
tmux_wait "suggestions from model 1; u takes them back"

# A training that runs while the reader quits: another process holds the
# write lock meanwhile, so that the training, done learning, waits to save
# its model (for up to half a minute) until the reader is gone and the
# lock given back; nothing here races its speed.
python3 - "$DB" "$T/locked" "$T/release" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for i in range(1200):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
db.execute("ROLLBACK")
PY
locker=$!
at_exit "touch '$T/release'; wait $locker 2>/dev/null"
for i in $(seq 1 300); do
	[ -e "$T/locked" ] && break
	sleep 0.05
done
[ -e "$T/locked" ] || fail "the write lock was never taken"
tmux_keys ":train --epochs 4" Enter
tmux_wait "training…"
child=$(pgrep -f -- "--db $DB --annotator tester train --epochs 4" |
	head -1)
[ -n "$child" ] || fail "no training process"
reader=$(ps -o ppid= -p "$child" | tr -d ' ')
for fd in /proc/"$child"/fd/*; do
	case $(readlink "$fd") in
	/dev/pts/*) fail "the training child holds the terminal" ;;
	esac
done
# The reader's own database files are close-on-exec: the child opened
# its own.
for fd in /proc/"$reader"/fd/*; do
	case $(readlink "$fd") in
	"$DB"*)
		flags=$(awk '/^flags/ { print $2 }' \
		    "/proc/$reader/fdinfo/${fd##*/}")
		[ $((0$flags & 02000000)) != 0 ] ||
			fail "the reader's $(readlink "$fd") is not close-on-exec"
		;;
	esac
done
tmux_keys q
tmux_wait "margin-exited-0"
grep -q "margin: train: still running (process $child)" "$T/tmux.err" ||
	fail "quitting did not say the training goes on: $(cat "$T/tmux.err")"
kill -0 "$child" 2>/dev/null || fail "the training ended with the reader"
touch "$T/release"
for i in $(seq 1 1200); do
	[ "$(models)" = 2 ] && break
	sleep 0.1
done
[ "$(models)" = 2 ] || fail "the training left running saved no model"
