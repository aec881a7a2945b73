# The first screen at 80x24 and 120x40: focus in the list on the first
# article not done, shown in the reader; status line with the legend.
. tests/lib.sh
cd "$T"
article a.txt 'Tram strike in Zürich\n\nDrivers of the Verkehrsbetriebe Zürich stopped work on Monday, said Andrea Müller of the VPOD union.\n'
article b.txt 'Łódź signs striker\n\nThe club ŁKS Łódź signed Tomás Ribeiro from São Paulo for €4m.\n'
article c.txt 'Summit in 北京\n\nمحمد العلي met Marta Lindqvist in 北京 on Tuesday 🎉.\n'
m import articles 2>/dev/null || fail "import failed"
# b.txt is done for me: the start selects the first article not done.
m list | grep -q '^1	' || fail "article 1 missing"
ui 80x24 ':dump '"$T"'/80.txt'
expect_dump "$T/80.txt" start_screen.80x24
ui 120x40 ':dump '"$T"'/120.txt'
expect_dump "$T/120.txt" start_screen.120x40
