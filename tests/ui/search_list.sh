# / in the articles list searches the corpus (FTS5, ranked); the list shows
# the hits; n moves to the next hit; Esc shows the whole list again.
. tests/lib.sh
three_articles
ui 100x12 '/łódź<Enter>
:dump '"$T"'/found.txt
<Esc>
:dump '"$T"'/all.txt'
expect_in "$T/found.txt" " 1/1 "
expect_in "$T/found.txt" "FOUND"
expect_in "$T/found.txt" "Łódź signs striker"
expect_not_in "$T/found.txt" "Tram strike"
expect_in "$T/all.txt" "Tram strike in Z"
expect_in "$T/all.txt" " 2/3 "
expect_not_in "$T/all.txt" "FOUND"

# A new search opens at its best match, whatever row was selected before
# (row 2 here; the search finds two articles).  At 80x24 and 50x15.
for size in 80x24 50x15; do
	ui "$size" 'j
/the<Enter>
:dump '"$T"'/best.txt'
	expect_in "$T/best.txt" " 1/2 "
	expect_in "$T/best.txt" "FOUND"
done
