# The list's filters (issue 16, item 7), at 80x24 and 50x15: a filter on
# is always shown (the list's title, "3 of 5", and the status line, which
# every layout has); filters combine, and when they leave nothing the list
# and the message say which ones; :goto to an article a filter hides takes
# the filters off and says so; :filter all takes every filter off, the
# tag's too.
. tests/lib.sh
cd "$T"
for i in 1 2 3 4 5; do
	article "$i.txt" "Article $i\n\nText of article $i about Berlin.\n"
done
m import articles 2>/dev/null || fail "import failed"
for i in 1 3 4; do
	m tag $i urgent || fail "tag $i failed"
done

for size in 80x24 50x15; do
	rm -rf "$T/$size"
	mkdir -p "$T/$size"
	d="$T/$size"
	ui $size ':filter tag urgent
:dump '"$d"'/tag.txt
:filter todo
:dump '"$d"'/todo.txt
:filter tag nothing
:dump '"$d"'/none.txt
:goto 2
:dump '"$d"'/goto.txt
:filter tag urgent
:filter done
:filter all
:dump '"$d"'/all.txt'
	expect_in "$d/tag.txt" "filter: tag=urgent (of 5)"
	expect_in "$d/tag.txt" "filter tag=urgent: 3 of 5 articles"
	expect_in "$d/todo.txt" "filter: tag=urgent, not done (of 5)"
	expect_in "$d/none.txt" "no article with tag=nothing, not done"
	expect_in "$d/goto.txt" "article 2: filter off (tag=nothing, not done"
	expect_in "$d/goto.txt" " 2/5 "
	expect_not_in "$d/goto.txt" "  filter: "
	expect_in "$d/all.txt" "no filter: 5 articles"
	expect_not_in "$d/all.txt" "  filter: "
	expect_not_in "$d/all.txt" "urgent"
done
# The list pane (80x24) and the reader alone (50x15) with the filters on.
expect_dump "$T/80x24/todo.txt" filters.todo
expect_dump "$T/80x24/none.txt" filters.none
expect_dump "$T/50x15/todo.txt" filters.todo.50x15
expect_in "$T/80x24/tag.txt" "…tag=urgent 3 of 5 │"
expect_in "$T/50x15/none.txt" "Articles: tag=nothing, not done"

# :goto to an article that does not exist says so, filter or not.
ui 80x24 ':filter tag urgent
:goto 99
:dump '"$T"'/missing.txt'
expect_in "$T/missing.txt" "goto: no article 99"
expect_in "$T/missing.txt" "filter: tag=urgent"
exit 0
