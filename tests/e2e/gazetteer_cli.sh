# margin gazetteer load / list / rm and margin suggest --gazetteer on the
# seed articles: suggestions are token-aligned, their offsets slice the
# text exactly (Python's csv and str), a second run adds nothing, a load
# with unknown labels is refused naming them, a reload replaces the list,
# and one undo in the TUI takes the whole suggest run back.
. tests/lib.sh
m import "$MARGIN_SHARED/corpus/seeds" 2>/dev/null || fail "import seeds"
printf '# places\nMoscow\nRussia\n\nWashington\nMos\n' > "$T/places.txt"
printf 'Antony Blinken\tPER\nBlinken\tPER\nputin\tPER\nnavalny\tPER\n' \
	> "$T/people.tsv"
m gazetteer load "$T/places.txt" --label LOC 2>"$T/err" ||
	fail "load places: $(cat "$T/err")"
m gazetteer load "$T/people.tsv" --ignore-case --name people 2>"$T/err" ||
	fail "load people: $(cat "$T/err")"
m gazetteer list > "$T/list"
printf 'people\t4\tPER\tignore-case\nplaces\t4\tLOC\tcase-sensitive\n' |
	diff -u - "$T/list" >&2 || fail "gazetteer list"
# Unknown labels: refused, named, nothing loaded.
printf 'Foo\tXYZ\nBar\tQQ\n' > "$T/bad.tsv"
m gazetteer load "$T/bad.tsv" 2>"$T/err"; [ $? = 1 ] || fail "bad labels exit 1"
grep -q '"XYZ", "QQ"' "$T/err" || fail "message: $(cat "$T/err")"
[ "$(m gazetteer list | wc -l)" = 2 ] || fail "a refused load left a list"
m gazetteer load 2>/dev/null; [ $? = 2 ] || fail "load without FILE exits 2"
m suggest 2>/dev/null; [ $? = 2 ] || fail "suggest without a source exits 2"
m suggest --gazetteer nosuch 2>"$T/err"; [ $? = 1 ] || fail "no such list exits 1"

m suggest --gazetteer places 2>"$T/err" || fail "suggest: $(cat "$T/err")"
m suggest --gazetteer people --article 1 --article 3 2>"$T/err" ||
	fail "suggest people: $(cat "$T/err")"
m export --status suggested --format csv > "$T/s.csv" || fail "export"
check_csv "$T/s.csv" > "$T/rows" || fail "offsets"
python3 - "$T/s.csv" <<'PY' || fail "suggestions: $(head "$T/s.csv")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
texts = {r["text"] for r in rows}
assert rows and all(r["origin"] == "gazetteer" for r in rows), rows[:2]
assert "Moscow" in texts and "Mos" not in texts, texts
# Leftmost-longest: "Antony Blinken", never "Blinken" inside it.
per = [r for r in rows if r["label"] == "PER"]
assert all(r["article_id"] in ("1", "3") for r in per), per
full = {(r["article_id"], int(r["start"])) for r in per
        if r["text"] == "Antony Blinken"}
assert full, per
for r in per:
    if r["text"] == "Blinken":
        assert (r["article_id"], int(r["start"]) - 7) not in full, r
# Case folded: "Putin" from "putin".
assert "Putin" in texts, texts
PY
n=$(tail -n +2 "$T/s.csv" | wc -l)
m suggest --gazetteer places 2>"$T/err" || fail "suggest again"
grep -q ' 0 suggestions written' "$T/err" || fail "again: $(cat "$T/err")"
# A reload replaces the list whole.
printf 'Moscow\n' > "$T/places2.txt"
m gazetteer load "$T/places2.txt" --label LOC --name places 2>/dev/null ||
	fail "reload"
m gazetteer list | grep -q "^places	1	LOC" || fail "reload: $(m gazetteer list)"
m gazetteer rm places || fail "rm"
m gazetteer rm places 2>/dev/null; [ $? = 1 ] || fail "rm twice exits 1"
[ "$(m gazetteer list | cut -f1)" = people ] || fail "rm: $(m gazetteer list)"
[ "$(m export --status suggested --format csv | tail -n +2 | wc -l)" = "$n" ] ||
	fail "rm took suggestions away"
# One undo takes the last suggest run (people) back, whole.
before=$(m export --status suggested --format csv | grep -c ',PER,')
[ "$before" -gt 1 ] || fail "people suggested $before"
ui 100x12 'u'
after=$(m export --status suggested --format csv | grep -c ',PER,')
[ "$after" = 0 ] || fail "undo left $after of $before PER suggestions"
[ "$(m export --status suggested --format csv | grep -c ',LOC,')" -gt 0 ] ||
	fail "undo took the places run too"
exit 0
