# margin stats as a report for people (issue 16, item 10): bar charts of
# the spans per label and per annotator, the articles done per annotator,
# and done per annotator by day; the report is the default at a terminal
# (tmux), the table of counts stays the default in a pipe (scripts keep
# working), --format report|table|json choose, --days and --ascii shape
# the report, and the JSON carries the days too.
. tests/lib.sh
cd "$T"
for i in 1 2 3 4; do
	article "$i.txt" "Article $i\n\nAngela Merkel met Joe Biden in Berlin and Paris.\n"
done
m import articles 2>/dev/null || fail "import failed"
export TZ=UTC
# alice tags and marks two articles done on 2 December, one on the 3rd;
# bob one on the 3rd, with a suggestion left.
printf '<Enter>\nw w v w 1 w w v w 1 w w 3 w w 3\nm\nw w v w 1 w w w w w 2\nm\n' \
    > "$T/alice1"
printf '<Enter>\nw w 1\nm\n' > "$T/alice2"
printf '<Enter>\nw w v w 1\nm\n' > "$T/bob"
MARGIN_NOW=1764676800 MARGIN_ANNOTATOR=alice m --script "$T/alice1" ||
	fail "alice's first day failed"
MARGIN_NOW=1764763200 MARGIN_ANNOTATOR=alice m --script "$T/alice2" ||
	fail "alice's second day failed"
MARGIN_NOW=1764763200 MARGIN_ANNOTATOR=bob m --script "$T/bob" ||
	fail "bob's day failed"
m suggest --propagate --annotator bob > /dev/null 2> "$T/err" ||
	fail "suggest --propagate failed: $(cat "$T/err")"
got=$(exported | sort | uniq -c | sed 's/^ *//')
[ "$got" = "$(printf '1 LOC\tBerlin\n1 LOC\tParis\n1 ORG\tBerlin\n1 PER\tAngela\n3 PER\tAngela Merkel\n1 PER\tJoe Biden')" ] ||
	fail "the annotators tagged $got"

m stats --format report > "$T/report.txt" 2> "$T/err" ||
	fail "stats --format report exited $?: $(cat "$T/err")"
cat > "$T/want.txt" <<'EOF'
4 articles, 2 annotators

Spans per label (accepted; +N? suggested)
PER   ████████████████████████████████████████  5  +3?
ORG   ████████                                  1
LOC   ████████████████                          2
MISC                                            0

Spans per annotator (accepted; +N? suggested)
alice  ████████████████████████████████████████  7
bob    █████▊                                    1  +3?

Articles done per annotator, of 4
alice  ██████████████████████████████░░░░░░░░░░  3   75%
bob    ██████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░  1   25%

Articles done per day
2025-12-02  alice  ████████████████████████████████████████  2
2025-12-03  alice  ████████████████████                      1
            bob    ████████████████████                      1
EOF
diff -u "$T/want.txt" "$T/report.txt" >&2 || fail "the report differs"

# --ascii and --days 1: the latest day only, bars of # and .
m stats --format report --ascii --days 1 > "$T/ascii.txt" ||
	fail "stats --ascii failed"
expect_in "$T/ascii.txt" "alice  ##############################..........  3   75%"
expect_in "$T/ascii.txt" "2025-12-03  alice  ########################################  1"
expect_not_in "$T/ascii.txt" "2025-12-02"
LC_ALL=C grep -q "$(printf '\342')" "$T/ascii.txt" &&
	fail "--ascii wrote a block character"

# In a pipe the table stays the default, as it was.
m stats > "$T/table.txt" || fail "stats in a pipe failed"
head -3 "$T/table.txt" | tail -1 | grep -q '^label  accepted  suggested  rejected$' ||
	fail "the table is not the default in a pipe: $(cat "$T/table.txt")"
m stats --format json > "$T/stats.json" || fail "stats --format json failed"
python3 - "$T/stats.json" <<'PY' || fail "the JSON days are not right"
import json, sys
st = json.load(open(sys.argv[1], encoding="utf-8"))
days = [(d["day"], d["annotator"], d["done"]) for d in st["days"]]
assert days == [("2025-12-02", "alice", 2), ("2025-12-03", "alice", 1),
                ("2025-12-03", "bob", 1)], days
PY
m stats --days x > /dev/null 2>&1
[ $? = 2 ] || fail "stats --days x did not exit 2"

# At a terminal (80 columns) the report is the default, within the width.
tmux_start 80 24 stats
tmux_wait 'margin-exited-0'
tmux_screen > "$T/tty.txt"
expect_in "$T/tty.txt" "Articles done per annotator, of 4"
expect_in "$T/tty.txt" "alice  ██████████████████████████████░░░░░░░░░░  3   75%"
tmux_kill
exit 0
