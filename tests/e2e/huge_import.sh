# A 200 MB single file (SPEC §8, §12) either imports with constant extra
# memory or is refused by a documented --max-size with a message.  Two
# files of 200 MB: JSONL (58,000 articles, which can stream) and one plain
# text article.  Memory is the maximum resident set of the plain build
# (./margin, no sanitiser) as /usr/bin/time -v reports it, against the
# same import of a 2 MB file: "constant" is at most 48 MB more.
. tests/lib.sh
[ -x /usr/bin/time ] || fail "/usr/bin/time is missing (Debian package time)"
make -s -C "$MARGIN_ROOT" margin >"$T/make.log" 2>&1 ||
	fail "make margin failed: $(tail -20 "$T/make.log")"
plain="$MARGIN_ROOT/margin"
MB=${HUGE_MB:-200}
SLACK_KB=$((48 * 1024))

# make KIND MB PATH: a file of about MB megabytes.
make_input() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, random, sys
kind, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(1)
words = ("Ada Lovelace Charles Babbage London Zürich Łódź news strike union "
         "said Monday the of and to in").split()
para = " ".join(rnd.choice(words) for _ in range(500))
size, limit = 0, mb * 1_000_000
with open(path, "w", encoding="utf-8") as f:
    if kind == "jsonl":
        i = 0
        while size < limit:
            line = json.dumps({"title": f"A {i}",
                               "text": f"Article {i}\n\n{para} {i}\n"}) + "\n"
            f.write(line)
            size += len(line.encode())
            i += 1
    else:
        f.write("One big article\n\n")
        line = para + "\n"
        f.write(line * (limit // len(line.encode()) + 1))
PY
}
# rss DB FILE: import FILE into DB; prints "RSS_KB EXIT_STATUS".
rss() {
	local status
	rm -f "$1" "$1-wal" "$1-shm"
	/usr/bin/time -v -o "$T/time.txt" "$plain" --db "$1" import "$2" \
		>/dev/null 2>"$T/import.err"
	status=$?
	echo "$(awk -F': ' '/Maximum resident set size/ { print $2 }' \
		"$T/time.txt") $status"
}

problems=""
for kind in jsonl txt; do
	make_input "$kind" 2 "$T/small.$kind"
	read -r small _ <<EOF
$(rss "$T/small.db" "$T/small.$kind")
EOF
	rm -f "$T/small".*
	make_input "$kind" "$MB" "$T/big.$kind"
	read -r big status <<EOF
$(rss "$T/big.db" "$T/big.$kind")
EOF
	echo "$kind: $MB MB: max RSS $big KB, exit $status (2 MB: $small KB)"
	if grep -q -- '--max-size' "$T/import.err" && [ "$status" = 1 ]; then
		# Refused, as documented, and without reading it into memory.
		grep -q -- 'max\\-size' "$MARGIN_ROOT/man/margin.1" ||
			problems="$problems
- $kind: refused by --max-size, which man/margin.1 does not document"
		[ "$big" -le $((small + SLACK_KB)) ] || problems="$problems
- $kind: refusing it took $((big / 1024)) MB of memory"
	elif [ "$big" -le $((small + SLACK_KB)) ]; then
		[ "$status" = 0 ] || problems="$problems
- $kind: the import failed: $(tail -3 "$T/import.err")"
	else
		problems="$problems
- $kind: a $MB MB file took $((big / 1024)) MB of memory (a 2 MB one $((small / 1024)) MB), and was not refused by a --max-size (exit $status: $(tail -1 "$T/import.err"))"
	fi
	rm -f "$T/big".*
done
[ -z "$problems" ] || fail "huge input:$problems"
exit 0
