# Working through suggestions (SPEC §11): they are drawn apart in colour
# and in monochrome (dim and underlined, "LOC?" in the reader's margin, "?"
# and the score in the annotations pane, "+N?" in the list, "N suggestions
# left" in the status line); } and { go from one suggestion of mine to the
# next, then on to the next article that has some (another annotator's do
# not count); a and r decide and go on to the next; a label key on a
# suggestion accepts it with that label; A right after p accepts the
# copies in the article.
. tests/lib.sh
cd "$T"
article a.txt 'Zürich news\n\nZürich and Zürich again, not Zürichsee. Basel too.\n'
article b.txt 'Basel only\n\nBasel and Bern.\n'
article c.txt 'More from Zürich\n\nIn Zürich 🎉 Zürich and Basel.\n'
m import articles 2>/dev/null || fail "import failed"

# both SCRIPT: run SCRIPT in colour, then again from the same database in
# monochrome (NO_COLOR); its dumps name @D@, the folder of the mode.
both() {
	local f
	mkdir -p "$T/color" "$T/mono" "$T/saved"
	for f in "$DB" "$DB-wal" "$DB-shm"; do
		[ -e "$f" ] && cp "$f" "$T/saved/"
	done
	ui 100x12 "${1//@D@/$T/color}"
	rm -f "$DB" "$DB-wal" "$DB-shm"
	cp "$T"/saved/* "$(dirname "$DB")/"
	rm -f "$T"/saved/*
	NO_COLOR=1 ui 100x12 "${1//@D@/$T/mono}"
}
# Both dumps of NAME against suggest_flow.NAME and suggest_flow.NAME.mono.
expect_both() {
	expect_dump "$T/color/$1.txt" "suggest_flow.$1"
	expect_dump "$T/mono/$1.txt" "suggest_flow.$1.mono"
	expect_not_in "$T/mono/$1.txt" "fg="
}

# Mine: Zürich is LOC, suggested twice in a.txt and three times in c.txt.
# bob's: Basel, suggested in b.txt and c.txt (b.txt has none of mine).
ui 100x12 '<Enter>
3 p a'
MARGIN_ANNOTATOR=bob ui 100x12 '<Enter>
/Basel<Enter>
3 p a'
# A model's score on the first suggestion of a.txt.
python3 - "$DB" <<'PY' || fail "cannot set a score"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""update spans set score = 0.87 where id = (select min(id)
    from spans where annotator = 'tester' and status = 'suggested')""")
db.commit()
PY

# Drawn: in colour and in monochrome.
ui 100x12 '<Enter>
:dump-attrs '"$T"'/color.txt'
expect_dump "$T/color.txt" suggest_flow.color
NO_COLOR=1 ui 100x12 '<Enter>
:dump-attrs '"$T"'/mono.txt'
expect_dump "$T/mono.txt" suggest_flow.mono
expect_not_in "$T/mono.txt" "fg="

# } twice: the two of a.txt; again: c.txt's title, past b.txt (bob's);
# { back to the last of a.txt.
both '<Enter>
}
:dump @D@/next1.txt
}
:dump-attrs @D@/next2.txt
}
:dump-attrs @D@/next3.txt
{
:dump-attrs @D@/prev.txt'
expect_in "$T/color/next1.txt" "2 suggestions left"
expect_both next2
expect_both next3
expect_in "$T/color/next3.txt" "next article: 3 suggestions"
expect_both prev

# a on the last of a.txt goes back to the one left before it; r there
# leaves none, and says so.  Then in c.txt: 2 accepts the title as ORG
# and goes on; 3 accepts the next as LOC (it was LOC already).
both '<Enter>
}}
a
:dump-attrs @D@/accepted.txt
r
:dump @D@/rejected.txt
}
2
:dump-attrs @D@/relabelled.txt
3
:dump @D@/label_same.txt'
expect_in "$T/color/accepted.txt" "accepted LOC: Zürich"
expect_both accepted
expect_in "$T/color/rejected.txt" "rejected LOC: Zürich; no suggestions left in this article"
expect_not_in "$T/color/rejected.txt" "suggestions left  "
expect_in "$T/color/relabelled.txt" "accepted LOC → ORG: Zürich"
expect_both relabelled
expect_in "$T/color/label_same.txt" "accepted LOC: Zürich"
expect_in "$T/color/label_same.txt" "1 suggestion left"

# The annotations pane: } selects the next suggestion there, a accepts it
# and, none being left, says so; } then finds no more of mine.
ui 100x12 '<Enter>
J J
<Tab>
}
:dump '"$T"'/pane.txt
a
:dump '"$T"'/pane_done.txt
}
:dump '"$T"'/none_after.txt'
expect_in "$T/pane.txt" "1 suggestion left"
expect_in "$T/pane_done.txt" "accepted LOC: Zürich; no suggestions left in this article"
expect_in "$T/none_after.txt" "no suggestions of yours after this"

# A right after p: the cursor is on the accepted span, and its copies in
# this article are accepted (those in other articles stay suggested).
both '<Enter>
J
3 p a
A
:dump-attrs @D@/accept_all.txt'
expect_in "$T/color/accept_all.txt" "accepted 1 suggestion LOC: Basel; no suggestions left in this article"
expect_both accept_all
[ "$(exported --status suggested --annotator tester)" = "LOC	Basel
LOC	Basel" ] || fail "suggestions left: $(exported --status suggested)"
# Accepted: Zürich in a.txt's title and body, ORG and two LOC in c.txt,
# Basel twice in b.txt.
[ "$(exported --annotator tester | sort | uniq -c | tr -s ' ')" = " 2 LOC	Basel
 4 LOC	Zürich
 1 ORG	Zürich" ] || fail "accepted: $(exported --annotator tester)"

# In the results of a full-text search, } goes on along the results: a.txt
# and c.txt both hold Zürich and one suggestion of mine (Basel) each.
ui 100x12 '/Zürich<Enter>
<Enter>
}
:dump '"$T"'/found1.txt
}
:dump '"$T"'/found2.txt
}
:dump '"$T"'/found3.txt'
expect_in "$T/found1.txt" "FOUND  1 suggestion left"
expect_in "$T/found2.txt" "next article: 1 suggestion"
expect_in "$T/found3.txt" "no suggestions of yours after this"
