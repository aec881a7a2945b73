# The store's unit tests, and those of the layers above it that build
# their stores with fixture_memory(), run again against PostgreSQL (SPEC
# §17): a throwaway cluster (tests/pg.sh), and every store an empty
# schema of its own on it.  Each binary must pass whole, with the same
# tests as on SQLite (test_* prints one "ok" line per test).
. tests/lib.sh
. tests/pg.sh
pg_start

bins="test_store test_store_assist test_store_entity test_store_label
test_store_model test_import test_export test_agree test_review
test_merge test_assist test_gazetteer test_entity_suggest test_tagger
test_doc"
dir=$(dirname "$MARGIN_BIN")
for b in $bins; do
	[ -x "$dir/$b" ] || fail "no unit test binary $b in $dir"
	out=$(cd "$MARGIN_ROOT" && "$dir/$b" 2>&1) ||
		fail "$b on PostgreSQL: $(printf '%s\n' "$out" | grep -v '^ok ' | head -20)"
	printf '%s\n' "$out" | grep -q '^[0-9]* passed, 0 failed$' ||
		fail "$b on PostgreSQL: $(printf '%s\n' "$out" | tail -5)"
	# Same tests as on SQLite: the count of "ok" lines matches.
	lite=$(cd "$MARGIN_ROOT" && MARGIN_TEST_PG= "$dir/$b" 2>&1 | grep -c '^ok ')
	pg=$(printf '%s\n' "$out" | grep -c '^ok ')
	[ "$lite" = "$pg" ] || fail "$b: $pg tests passed on PostgreSQL, $lite on SQLite"
done
# What only PostgreSQL has (test_store_pg.c): killed connections,
# NOTIFY, refusals.  Without a server it runs nothing.
out=$(cd "$MARGIN_ROOT" && "$dir/test_store_pg" 2>&1) ||
	fail "test_store_pg: $(printf '%s\n' "$out" | grep -v '^ok ' | head -20)"
printf '%s\n' "$out" | grep -q '^[1-9][0-9]* passed, 0 failed$' ||
	fail "test_store_pg: $(printf '%s\n' "$out" | tail -5)"
# Every store of those tests really was on the server: margin's tables in
# the schemas the fixture made.
n=$(pg_sql "SELECT count(*) FROM pg_tables WHERE tablename = 'margin_meta'")
[ "$n" -gt 50 ] || fail "only $n margin schemas on the server"
exit 0
