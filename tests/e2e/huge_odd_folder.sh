# A folder of odd entries imports the rest and reports each (SPEC §8,
# §12): a symbolic link back to a folder above (a loop), a link to itself,
# a dangling link, a file its user cannot read (the import runs as an
# unprivileged user, since root reads anything), a FIFO (which must not
# hang the import), an empty and a binary file, beside good files in
# nested folders.  The good articles are all in, each bad entry is named
# on stderr, and the exit status is 1.
. tests/lib.sh
command -v mkfifo >/dev/null || fail "mkfifo is missing"
if [ "$(id -u)" = 0 ]; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		AS_USER="setpriv --reuid=65534 --regid=65534 --clear-groups"
	elif runuser -u nobody -- true 2>/dev/null; then
		AS_USER="runuser -u nobody --"
	else
		fail "cannot run as an unprivileged user (no setpriv, no runuser)"
	fi
	binary_for_nobody
else
	AS_USER=""
fi
chmod 755 "$T"
d="$T/in"
mkdir -p "$d/sub/deeper" "$T/db"
chmod 777 "$T/db"
for i in 1 2 3; do
	printf 'Good article %s\n\nAda Lovelace wrote notes %s.\n' "$i" "$i" > "$d/good$i.txt"
done
printf 'Deep article\n\nCharles Babbage in London.\n' > "$d/sub/deeper/deep.txt"
ln -s ../.. "$d/sub/deeper/loop"		# back to $d: a loop
ln -s self "$d/self"				# a link to itself
ln -s nowhere.txt "$d/dangling.txt"
printf 'Secret\n\nNot for you.\n' > "$d/secret.txt"
chmod 000 "$d/secret.txt"
mkfifo "$d/fifo.txt"
: > "$d/empty.txt"
printf 'bin\0ary\n' > "$d/binary.txt"
chmod -R a+rX "$d"
chmod 000 "$d/secret.txt"
at_exit 'chmod -R u+rwX "$T" 2>/dev/null'

DB="$T/db/odd.db"
timeout 60 $AS_USER env HOME="$T/db" XDG_CONFIG_HOME="$T/db" \
    XDG_DATA_HOME="$T/db" "$MARGIN_BIN" --db "$DB" import "$d" \
    >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" != 124 ] || fail "the import hung (on the FIFO?): $(cat "$T/err")"
problems=""
[ "$rc" = 1 ] || problems="$problems
- exit status $rc, not 1"
n=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from articles").fetchone()[0])' "$DB")
[ "$n" = 4 ] || problems="$problems
- $n articles imported, not the 4 good ones"
for want in 'secret.txt:.*(ermission|denied|cannot read)' \
    'fifo.txt:.*FIFO' 'loop:.*(link|loop)' 'self:.*(levels|loop|link)' \
    'dangling.txt:.*(No such file|dangling|missing)' \
    'empty.txt:.*empty' 'binary.txt:.*binary'; do
	grep -qE "$want" "$T/err" || problems="$problems
- no message matching /$want/"
done
[ -z "$problems" ] || fail "odd folder:$problems
stderr was:
$(cat "$T/err")"
exit 0
