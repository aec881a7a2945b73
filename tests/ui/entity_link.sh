# Entities and relations in the reader (SPEC §16), on two seed articles:
# "Alexei Navalny" in one becomes a new entity through the picker (e);
# in the other, "Aleksey Navalny" is offered that entity first (the
# variant), and Enter links it, offering the "Alexey Navalny" tagged
# there as a suggested link, which a accepts.  R on "Blinken" then R on
# "Lavrov" and the key s make a spoke_with relation.  Undo takes back the
# relation, then the link; redo puts both back.  At 80x24, with a dump
# of the picker at 50x15 too.
. tests/lib.sh
seeds="$MARGIN_SHARED/corpus/seeds"
[ -d "$seeds" ] || fail "no seed articles in $seeds"
mkdir -p "$T/articles"
cp "$seeds"/000_*.txt "$seeds"/002_*.txt "$T/articles/"
m import "$T/articles" 2>/dev/null || fail "import failed"
m labels load "$MARGIN_ROOT/share/labels/news.labels" >/dev/null 2>&1 ||
	fail "labels load news.labels failed"

# The database as Python's sqlite3 reads it: each linked span as
# "TEXT=ENTITY(STATUS)", each relation as "SRC -LABEL-> DST".
state() {
	python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for text, name, st in db.execute(
        "select s.text, e.name, s.entity_status from spans s"
        " join entities e on e.id = s.entity order by s.article, s.start"):
    print(f"{text}={name}({st})")
for a, l, b in db.execute(
        "select x.text, r.label, y.text from relations r"
        " join spans x on x.id = r.src join spans y on y.id = r.dst"
        " order by r.id"):
    print(f"{a} -{l}-> {b}")
PY
}

# Article 1: tag "Alexei Navalny", e, Enter: a new entity.
ui 80x24 '<Enter>
/Alexei
<Enter>
v w 1
e
:dump '"$T"'/new.txt
<Enter>
:goto 2
/Alexey
<Enter>
v w 1
/Aleksey
<Enter>
v w 1
e
:dump '"$T"'/variant.txt
<Enter>
:dump '"$T"'/linked.txt'
# The picker of the first: only "new", named from the span.
expect_in "$T/new.txt" "+ new PER entity “Alexei Navalny”"
# The second: the entity first, its score, "new" after it.
row=$(grep -n 'Alexei Navalny  (1 mention)' "$T/variant.txt" | cut -d: -f1)
new=$(grep -n '+ new PER entity “Aleksey Navalny”' "$T/variant.txt" | cut -d: -f1)
[ -n "$row" ] && [ -n "$new" ] && [ "$row" -lt "$new" ] ||
	{ cat "$T/variant.txt" >&2; fail "the variant is not offered first"; }
expect_in "$T/variant.txt" "0.95"
expect_in "$T/linked.txt" "1 more mention here offered"
got=$(state)
want="Alexei Navalny=Alexei Navalny(accepted)
Alexey Navalny=Alexei Navalny(suggested)
Aleksey Navalny=Alexei Navalny(accepted)"
[ "$got" = "$want" ] || fail "links: $got"

# The suggested link accepted with a; the annotations pane shows it.
ui 80x24 '<Enter>
:goto 2
/Alexey
<Enter>
a
:dump '"$T"'/accepted.txt'
expect_in "$T/accepted.txt" "accepted the link of “Alexey Navalny” to Alexei Navalny"
[ "$(state | grep -c '(accepted)')" = 3 ] || fail "not accepted: $(state)"

# A relation in article 1: R on Blinken, R on Lavrov, s.
ui 80x24 '<Enter>
/Blinken
<Enter>
1
R
/Lavrov
<Enter>
1
R
:dump '"$T"'/relation_pick.txt
s
:dump '"$T"'/related.txt'
expect_in "$T/relation_pick.txt" "spoke_with (both ways)"
expect_in "$T/related.txt" "related: PER “Blinken” —spoke_with→ PER “Lavrov”"
[ "$(state | tail -1)" = "Blinken -spoke_with-> Lavrov" ] ||
	fail "relation: $(state)"

# Undo: the relation goes, then the link (the accepted one stays); redo
# puts both back, in that order.
ui 80x24 '<Enter>
u
:dump '"$T"'/undo1.txt
u
u
u
:dump '"$T"'/undo4.txt'
expect_in "$T/undo1.txt" "undo: added relation spoke_with"
state | grep -q -- '-spoke_with->' && fail "relation not undone: $(state)"
# Four undos: the relation, Lavrov, Blinken, the link accepted.
[ "$(state | grep -c 'Alexey Navalny=Alexei Navalny(suggested)')" = 1 ] ||
	fail "link acceptance not undone: $(state)"
ui 120x30 '<Enter>
<C-r>
<C-r>
<C-r>
<C-r>
:dump '"$T"'/redone.txt'
[ "$(state | tail -1)" = "Blinken -spoke_with-> Lavrov" ] ||
	fail "relation not redone: $(state)"
[ "$(state | grep -c '(accepted)')" = 3 ] || fail "link not redone: $(state)"
# The annotations pane (shown at 120 columns) has the relation under its
# first span.
expect_in "$T/redone.txt" "spoke_with → PER Lavrov"

# The picker at 50x15: rows fit, nothing wraps past the width.
ui 50x15 '<Enter>
:goto 2
/Aleksey
<Enter>
e
:dump '"$T"'/small.txt
<Esc>'
expect_in "$T/small.txt" "Alexei Navalny"
python3 -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 50 for l in open(sys.argv[1], encoding="utf-8")))' "$T/small.txt" ||
	fail "a line of the 50x15 screen is wider than 50"
