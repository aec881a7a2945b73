# Several annotators on one database at once (SPEC §10): two TUIs in tmux
# tagging the same article, three importers, a merger, an exporter and a
# statistics reader run together for 20 seconds.  Afterwards every write is in the database exactly once, no
# process printed an error ("database is locked" least of all), every
# export parsed with Python's csv module and held every article whole,
# and SQLite's integrity check passes.
. tests/lib.sh
. tests/e2e/concurrency.lib

conc_writers_mix
