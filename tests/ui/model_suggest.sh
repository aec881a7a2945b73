# The trained model in the reader (SPEC §11): suggest (s) with no model
# says how to make one; :train trains in the background (the status line
# follows it, a second :train says one runs, :wait polls for its end) and
# then s writes the model's suggestions, as one undo group, and not twice;
# :suggest gazetteer NAME; set suggest-on-open; set next uncertain opens
# the article holding the suggestion scored nearest 0.5; set train-every;
# quitting while training leaves the training to finish.  At 80x24.
. tests/lib.sh
reports_for_the_tagger
models() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(
    "select count(*) from models").fetchone()[0])' "$DB"
}

# No model yet: suggest-on-open says so once, s says how to make one.
ui 80x24 ':set suggest-on-open on
:dump '"$T"'/open_none.txt
J
:dump '"$T"'/open_none2.txt'
expect_in "$T/open_none.txt" "suggest-on-open: no model yet (:train makes one)"
expect_not_in "$T/open_none2.txt" "no model"

# No model yet: s says how to make one.  :train starts one in the
# background: the status line follows it, a second :train says one is
# running; at its end the message tells what it learnt from, and s then
# suggests in Report 13.  Again: nothing new.  u takes the run back.
ui 80x24 ':goto 13
s
:dump '"$T"'/none.txt
:train --epochs 4
:dump '"$T"'/training.txt
:train
:dump '"$T"'/again.txt
:wait
:dump '"$T"'/trained.txt
s
:dump '"$T"'/suggested.txt
s
:dump '"$T"'/twice.txt
u
:dump '"$T"'/undone.txt'
expect_dump "$T/none.txt" model_suggest.none
expect_in "$T/none.txt" "no model: run :train or margin train"
expect_in "$T/training.txt" "training… (12 articles done"
expect_in "$T/again.txt" "train: a training is running already"
expect_in "$T/trained.txt" "model 1 trained on 12 articles, 828 tokens"
expect_dump "$T/suggested.txt" model_suggest.suggested
expect_in "$T/suggested.txt" "suggestions from model 1; u takes them back"
expect_in "$T/twice.txt" "0 suggestions from model 1 ("
expect_not_in "$T/undone.txt" "suggestions left"
[ "$(models)" = 1 ] || fail "$(models) models after one :train"
[ -z "$(exported --status suggested)" ] || fail "undo left suggestions"

# The run once more, and its suggestions as the export has them: origin
# model, a score, mine, in Report 13 only.
ui 80x24 ':goto 13
s'
m export --format csv --status suggested -o "$T/sugg.csv" ||
	fail "export failed"
check_csv "$T/sugg.csv" > /dev/null || fail "the suggestions do not slice"
python3 - "$T/sugg.csv" <<'PY' || fail "the suggestions are wrong"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
if len(rows) < 10:
    sys.exit(f"only {len(rows)} suggestions in Report 13")
for r in rows:
    if (r["origin"], r["annotator"], r["article_id"]) != \
            ("model", "tester", "13"):
        sys.exit(f"unexpected suggestion {r}")
PY

# A gazetteer's names in this article only.
printf 'Monday\n' > "$T/days.txt"
m gazetteer load "$T/days.txt" --label MISC --name days 2>/dev/null ||
	fail "gazetteer load failed"
ui 80x24 ':goto 14
:suggest gazetteer days
:dump '"$T"'/gazetteer.txt
:suggest gazetteer nosuch
:dump '"$T"'/nosuch.txt'
expect_in "$T/gazetteer.txt" "6 suggestions from gazetteer days; u takes them back"
expect_in "$T/nosuch.txt" "suggest:"

# suggest-on-open: opening Report 14 and 15 runs the model there (Report
# 14 has only the gazetteer's so far); coming back to Report 14 runs
# nothing again.
ui 80x24 ':set suggest-on-open on
:goto 14
:dump '"$T"'/open14.txt
J
:dump '"$T"'/open15.txt
K
:dump '"$T"'/back14.txt'
expect_in "$T/open14.txt" "suggestions from model 1"
expect_dump "$T/open15.txt" model_suggest.open15
expect_not_in "$T/back14.txt" "from model 1"

# next uncertain: done-next opens the article (not done, not this one)
# with my pending model suggestion scored nearest 0.5, as computed here.
python3 - "$DB" 13 > "$T/want.txt" <<'PY' || fail "no uncertain article"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("""select s.article, s.score, a.title from spans s
    join articles a on a.id = s.article where s.annotator = 'tester'
    and s.status = 'suggested' and s.origin = 'model'
    and s.article <> ? and not exists (select 1 from article_status st
    where st.article = s.article and st.annotator = 'tester'
    and st.status = 'done')""", (int(sys.argv[2]),)).fetchall()
rows.sort(key=lambda r: (abs(r[1] - 0.5), r[0]))
print(f"{rows[0][2]}\t{rows[0][1]:.2f}")
PY
want_title=$(cut -f1 "$T/want.txt")
want_score=$(cut -f2 "$T/want.txt")
ui 80x24 ':set next uncertain
:goto 13
m
:dump '"$T"'/uncertain.txt'
expect_in "$T/uncertain.txt" "the least certain suggestion next ($want_score)"
expect_in "$T/uncertain.txt" "│ $want_title"
# With none pending (the other annotator sees none of mine), the order.
MARGIN_ANNOTATOR=bob ui 80x24 ':set next uncertain
:goto 13
m
:dump '"$T"'/in_order.txt'
expect_in "$T/in_order.txt" "no suggestion of the model pending: the next in order"
expect_in "$T/in_order.txt" "│ Report 14"

# train-every 2: the second article marked done starts a training.
ui 80x24 ':set train-every 2
:goto 14
m
:dump '"$T"'/every1.txt
m
:dump '"$T"'/every2.txt
:wait
:dump '"$T"'/every_done.txt'
expect_not_in "$T/every1.txt" "training"
expect_in "$T/every2.txt" "; training in the background"
expect_in "$T/every_done.txt" "model 2 trained on 15 articles"
[ "$(models)" = 2 ] || fail "$(models) models after train-every"

# Quitting while it trains: the training goes on and saves its model.
ui 80x24 ':train --epochs 4
q'
expect_in "$T/ui.err" "margin: train: still running (process "
for i in $(seq 1 1200); do
	[ "$(models)" = 3 ] && break
	sleep 0.1
done
[ "$(models)" = 3 ] || fail "the training left behind saved no model"

# The help overlay names the key, the commands and the options: the key
# three pages down, the commands and options on the last page.
ui 80x24 '?
<PgDn><PgDn><PgDn>
:dump '"$T"'/help_keys.txt
<PgDn><PgDn><PgDn><PgDn>
:dump '"$T"'/help_end.txt'
expect_in "$T/help_keys.txt" "Run the trained model on this article"
expect_in "$T/help_end.txt" ":suggest"
grep -qE '^  :train +train a new model in the background$' "$T/help_end.txt" ||
	fail "no :train in the help: $(cat "$T/help_end.txt")"
expect_in "$T/help_end.txt" "set suggest-on-open on|off"
expect_in "$T/help_end.txt" "set train-every N"
expect_in "$T/help_end.txt" "set next order|uncertain"
