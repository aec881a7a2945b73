# --readonly: a READ-ONLY banner, and every editing key says why it does
# nothing; the database is unchanged.
. tests/lib.sh
three_articles
before=$(sha256sum "$DB" | cut -d' ' -f1)
printf '<Enter>\n1\n:dump %s\n' "$T/tag.txt" > "$T/s1"
m --readonly --script "$T/s1" || fail "readonly run failed"
expect_in "$T/tag.txt" "READ-ONLY"
expect_in "$T/tag.txt" "label-1: the database is open read-only"
for k in x c m M T t; do
	printf '<Enter>\n%s\n:dump %s\n' "$k" "$T/k.txt" > "$T/s2"
	m --readonly --script "$T/s2" || fail "readonly run failed"
	expect_in "$T/k.txt" "the database is open read-only"
done
[ "$(exported)" = "" ] || fail "something was written"
