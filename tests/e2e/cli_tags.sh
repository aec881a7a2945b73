# margin tag / untag from scripts: tags per annotator, exported with
# --what tags, filtered by list --tag and export --tag; bad input exits 2,
# a missing article 1.
. tests/lib.sh
three_articles
m tag 1 transport zurich || fail "tag"
m tag 1 transport || fail "tagging twice"
MARGIN_ANNOTATOR=ana m tag 2 transport || fail "ana tag"
m untag 1 zurich nosuch || fail "untag"
[ "$(m list --tag transport | tail -n +2 | cut -f1 | tr '\n' ' ')" = "1 2 " ] ||
	fail "list --tag: $(m list --tag transport)"
m export --what tags > "$T/tags.csv" || fail "export tags"
python3 - "$T/tags.csv" <<'PY' || fail "tags: $(cat "$T/tags.csv")"
import csv, sys
rows = [(r["article_id"], r["tag"], r["annotator"]) for r in
        csv.DictReader(open(sys.argv[1], encoding="utf-8", newline=""))]
assert rows == [("1", "transport", "tester"), ("2", "transport", "ana")], rows
PY
m tag 1 "two words" 2>/dev/null; [ $? = 2 ] || fail "a blank in a tag is a usage error"
m tag x t 2>/dev/null; [ $? = 2 ] || fail "a bad id is a usage error"
m tag 99 t 2>"$T/err"; [ $? = 1 ] || fail "a missing article exits 1"
grep -q 'margin: tag: article 99' "$T/err" || fail "message: $(cat "$T/err")"
