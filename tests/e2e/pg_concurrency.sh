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

conc_writers_mix
