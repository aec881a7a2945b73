# p propagates the span under the cursor to every identical, word-aligned
# string in the corpus as suggestions (drawn distinctly, marked ? in the
# annotations pane); a accepts one, r rejects one, A accepts all of that
# text and label in the article.  Suggestions are exported only with
# --status suggested|all.
. tests/lib.sh
cd "$T"
article a.txt 'Zürich news\n\nZürich and Zürich again, not Zürichsee.\n'
article b.txt 'More from Zürich\n\nIn Zürich 🎉 Zürich.\n'
m import articles 2>/dev/null || fail "import failed"
ui 100x12 '<Enter>
3 p
:dump '"$T"'/ask.txt
a
:dump-attrs '"$T"'/suggested.txt'
# p asks first: this article (its exact count) or all (the index's).
expect_in "$T/ask.txt" "propagate LOC “Zürich”: t=this article (3) a=all 2 (≈6)?"
expect_in "$T/suggested.txt" "LOC ?Zürich"
expect_in "$T/suggested.txt" "propagate: 5 suggestions of LOC “Zürich” in 2 articles; u takes them back"
expect_in "$T/suggested.txt" "underline,dim"
[ "$(exported | sort)" = "LOC	Zürich" ] || fail "suggestions exported as accepted"
# Two in a.txt (not inside Zürichsee), three in b.txt (title included).
[ "$(exported --status suggested | wc -l)" = 5 ] || fail "not 5 suggestions"
# Accept the first Zürich of the body, which moves on to the second;
# reject that; in b.txt accept all three at once from the one in its
# title.
ui 100x12 '<Enter>
j a
r
J
ww A
:dump '"$T"'/done.txt'
expect_in "$T/done.txt" "accepted 3 suggestions"
[ "$(exported | wc -l)" = 5 ] || fail "accepted: $(exported)"
[ "$(exported --status suggested | wc -l)" = 0 ] || fail "left: $(exported --status suggested)"
