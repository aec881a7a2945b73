# Several annotators on one PostgreSQL database at once (SPEC §10, §17):
# the mix of tests/e2e/concurrency_writers.sh against a database of a
# throwaway cluster: two TUIs in tmux tagging the same article, three
# importers, a merger (of a SQLite file), an exporter and a statistics
# reader run together for 20 seconds.  Afterwards every write is in the
# database exactly once, no process printed an error, and every export
# parsed with Python's csv module and held every article whole.
. tests/lib.sh
. tests/pg.sh
. tests/e2e/concurrency.lib
pg_start
pg_db conc

printf 'base-1\n\nA first article about nothing in particular.\n' \
    > "$T/work/base.txt"
m import "$T/work/base.txt" 2>/dev/null || fail "setup import failed"
conc_other_db "$T/other.db"

command -v tmux >/dev/null || fail "tmux is not installed"
tmux_cleanup
conc_start conc_tui_writer tui1 1
conc_start conc_tui_writer tui2 2
conc_start conc_import_writer w1
conc_start conc_import_writer w2
conc_start conc_import_writer w3
conc_start conc_merge_writer merger "$T/other.db"
conc_start conc_exporter exporter
conc_start conc_stats_reader stats
conc_run
conc_check
