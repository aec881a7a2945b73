#!/usr/bin/env python3
# bench.py: margin's benchmarks (make bench, make bench-quick): each figure
# beside the tool a user would otherwise use, on the same data, in one run.
"""Usage: bench.py quick|full [--margin PATH] [--results FILE]

Medians of several runs, ratios against the sqlite3 shell and grep, growth
from a small to a large corpus, instructions per keystroke under callgrind,
peak resident memory under GNU time.  Generated data and databases stay in
build/bench/ and are reused while the generator is unchanged.  Nothing here
is a test: a missed target is reported, never an error.
"""

import argparse
import csv
import datetime
import hashlib
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

import pg_bench
from report import fmt_ms, human_bytes, human_count, log
import tagger_bench

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "build", "bench")
GEN = os.path.join(ROOT, "tools", "gen_corpus.py")

# The sizes of each mode.  Articles of one seed are prefixes of each other,
# so that 1k and 100k compare like with like.
MODES = {
    "quick": {
        "imports": [(1000, 5), (5000, 3)],
        "small": 1000, "large": 5000, "huge": 10000,
        "spans": [(100, 10000), (1000, 100000)],
        "long_bytes": 1000000,
        "startup_runs": 11, "export_runs": 5, "search_runs": 5,
    },
    "full": {
        "imports": [(1000, 5), (10000, 3), (100000, 3)],
        "small": 1000, "large": 100000, "huge": 1000000,
        "spans": [(1000, 100000), (10000, 1000000)],
        "long_bytes": 10000000,
        "startup_runs": 15, "export_runs": 5, "search_runs": 7,
    },
}
SHORT_BYTES = 3000
KEY_REPEAT = 60         # moves per script
EDIT_REPEAT = 30        # tags and undos per script
SEED_ARTICLES, SEED_SPANS, SEED_LONG = 1, 2, 3

# What a user types in the list pane's search, from the generator's word
# lists: a person, a surname, places and a company with and without
# accents, topic words, two-word queries, and two of the most common words.
SEARCH_QUERIES = ["Marta Lindqvist", "Müller", "Zürich", "Kraków", "Nestlé",
    "harbor", "tariffs", "vaccine", "drought", "Olympic Games",
    "inflation rate", "government", "minister"]
# Typed in the list pane to see whether it has a search: a place in some
# titles, and no letter of it is bound in the list.
SEARCH_PROBE = "Basel"

# margin's list search as the store prepared it before it ranked a bounded
# set (bm25() over every match; the store's own margin_rank() is not in the
# sqlite3 shell): the figure that shows what ranking every match costs
# (ST_ARTICLE_SEARCH with the
# filter of the list: ?1 annotator, ?2 tag, ?3 status, ?4 FTS5 query,
# ?5 limit).  Used through the sqlite3 shell while the list pane has no
# search of its own; keep it in step with src/store/store_stmt.c and store_article.c.
SEARCH_SQL = (
    "SELECT a.id, a.title, a.source, a.hash, a.meta, a.imported_at,"
    " EXISTS (SELECT 1 FROM article_status st WHERE st.article = a.id"
    " AND st.status = 'done' AND (?1 IS NULL OR st.annotator = ?1)),"
    " (SELECT count(*) FROM spans sp WHERE sp.article = a.id"
    " AND sp.status <> 'rejected' AND (?1 IS NULL OR sp.annotator = ?1))"
    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    " WHERE articles_fts MATCH ?4 AND (?2 IS NULL OR EXISTS (SELECT 1"
    " FROM article_tags t WHERE t.article = a.id AND t.tag = ?2))"
    " AND (?3 = 0 OR (?3 > 0) = EXISTS (SELECT 1 FROM article_status st"
    " WHERE st.article = a.id AND st.status = 'done'"
    " AND (?1 IS NULL OR st.annotator = ?1)))"
    " ORDER BY bm25(articles_fts, 10.0, 1.0), a.id LIMIT ?5")
# ui_list_find() asks for the best 1,000.
SEARCH_LIMIT = 1000
# The same search ranked on the FTS5 table alone and joined to the list's
# columns afterwards, for the best ?5 only: what the note on search
# proposes for a list without a tag or status filter.
SEARCH_SQL_RANK_FIRST = (
    "WITH hits AS (SELECT rowid AS id, bm25(articles_fts, 10.0, 1.0)"
    " AS score FROM articles_fts WHERE articles_fts MATCH ?4"
    " ORDER BY score, rowid LIMIT ?5)"
    " SELECT a.id, a.title, a.source, a.hash, a.meta, a.imported_at,"
    " EXISTS (SELECT 1 FROM article_status st WHERE st.article = a.id"
    " AND st.status = 'done' AND (?1 IS NULL OR st.annotator = ?1)),"
    " (SELECT count(*) FROM spans sp WHERE sp.article = a.id"
    " AND sp.status <> 'rejected' AND (?1 IS NULL OR sp.annotator = ?1))"
    " FROM hits JOIN articles a ON a.id = hits.id"
    " WHERE ?2 IS NULL AND ?3 = 0 ORDER BY hits.score, a.id")

# The CSV export's columns selected by the sqlite3 shell (SPEC §9), the
# entity's last (SPEC §16).
CSV_SQL = (
    "SELECT a.id AS article_id, a.title AS article_title, a.source,"
    " s.annotator, s.label, s.start, s.end, s.text, s.start_byte,"
    " s.end_byte, s.status, s.origin, s.note,"
    " strftime('%Y-%m-%dT%H:%M:%SZ', s.created_at, 'unixepoch')"
    " AS created_at, s.entity AS entity_id, e.name AS entity_name,"
    " e.kb_id FROM spans s JOIN articles a ON a.id = s.article"
    " LEFT JOIN entities e ON e.id = s.entity"
    " WHERE s.status = 'accepted' ORDER BY s.article, s.start, s.end")
# The JSONL export's records (SPEC §9) built by SQLite's JSON functions.
JSONL_SQL = (
    "SELECT json_object('id', a.id, 'title', a.title, 'source', a.source,"
    " 'text', a.text, 'spans', (SELECT json_group_array(json_object("
    "'start', s.start, 'end', s.end, 'label', s.label, 'text', s.text,"
    " 'annotator', s.annotator)) FROM (SELECT * FROM spans s"
    " WHERE s.article = a.id AND s.status = 'accepted'"
    " ORDER BY s.start, s.end) s), 'tags', json('[]'))"
    " FROM articles a WHERE EXISTS (SELECT 1 FROM spans s"
    " WHERE s.article = a.id AND s.status = 'accepted') ORDER BY a.id")


class Seconds(float):
    """Wall-clock seconds of a run, with its CPU seconds (user + sys of the
    child) beside them: on a loaded machine the two part ways."""

    def __new__(cls, wall, cpu):
        self = super().__new__(cls, wall)
        self.cpu = cpu
        return self


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def path(*parts):
    return os.path.join(WORK, *parts)


def fmt_instr(n):
    if abs(n) >= 1e6:
        return "%.2fM" % (n / 1e6)
    return "%.0fk" % (n / 1e3)


class Bench:
    def __init__(self, mode, margin, results, only):
        self.mode = mode
        self.only = only
        self.cfg = MODES[mode]
        self.results = results
        self.rows = []          # (section, measure, figure, anchor, ratio,
                                #  target, verdict)
        self.notes = []         # (title, [lines]) for misses and gaps
        self.facts = []         # lines about the data
        os.makedirs(path("data"), exist_ok=True)
        os.makedirs(path("db"), exist_ok=True)
        os.makedirs(path("tmp"), exist_ok=True)
        os.makedirs(path("xdg", "config"), exist_ok=True)
        os.makedirs(path("xdg", "data"), exist_ok=True)
        # Our own copy: other builds in the tree must not change the
        # binary under a running benchmark.
        self.margin = path("margin")
        shutil.copy2(margin, self.margin)
        self.env = dict(os.environ)
        for k in ("MARGIN_DB", "NO_COLOR", "MARGIN_SCRIPT"):
            self.env.pop(k, None)
        self.env.update({"LC_ALL": "C.UTF-8", "MARGIN_ANNOTATOR": "bench",
            "XDG_CONFIG_HOME": path("xdg", "config"),
            "XDG_DATA_HOME": path("xdg", "data")})

    # --- running things -------------------------------------------------

    def run(self, cmd, stdout=subprocess.DEVNULL, check=True, input=None):
        p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE,
            env=self.env, input=input,
            stdin=None if input is not None else subprocess.DEVNULL)
        if check and p.returncode != 0:
            raise RuntimeError("%s exited %d: %s" % (" ".join(cmd),
                p.returncode, p.stderr.decode(errors="replace")[-2000:]))
        return p

    def timed(self, cmd, out=None):
        """Wall-clock seconds of one run; stdout to the file out."""
        f = open(out, "wb") if out else subprocess.DEVNULL
        try:
            c0 = child_cpu()
            t0 = time.perf_counter()
            self.run(cmd, stdout=f)
            return Seconds(time.perf_counter() - t0, child_cpu() - c0)
        finally:
            if out:
                f.close()

    def peak_rss(self, cmd, out=None):
        """Peak resident memory in bytes (GNU time -v)."""
        f = open(out, "wb") if out else subprocess.DEVNULL
        try:
            p = self.run(["/usr/bin/time", "-v"] + cmd, stdout=f)
        finally:
            if out:
                f.close()
        m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)",
            p.stderr)
        if not m:
            raise RuntimeError("no peak memory from /usr/bin/time -v")
        return int(m.group(1)) * 1024

    def callgrind(self, cmd, name):
        """Instructions executed (callgrind's Ir) and the profile file."""
        out = path("tmp", name + ".callgrind")
        self.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" +
            out] + cmd)
        with open(out) as f:
            for line in f:
                if line.startswith(("summary:", "totals:")):
                    return int(line.split()[1]), out
        raise RuntimeError("no total in " + out)

    def m(self, db, *args):
        return [self.margin, "--db", db] + list(args)

    def medians(self, runs, fns):
        """Run each of fns runs times, interleaved so that drift of a noisy
        machine falls on all of them alike; the median of each."""
        times = [[] for _ in fns]
        for _ in range(runs):
            for i, fn in enumerate(fns):
                times[i].append(fn())
        return [Seconds(statistics.median(t), statistics.median(
            getattr(x, "cpu", float("nan")) for x in t)) for t in times]

    # --- results --------------------------------------------------------

    def row(self, section, measure, figure, anchor="", ratio="",
            target="", verdict=""):
        self.rows.append((section, measure, figure, anchor, ratio, target,
            verdict))
        print("  %-34s %-26s %-22s %-9s %-22s %s" % (measure[:34], figure,
            anchor, ratio, target, verdict), flush=True)

    def note(self, title, lines):
        self.notes.append((title, lines))

    # --- data -----------------------------------------------------------

    def generate(self, name, args):
        """Run the generator unless its output for these arguments and
        this version of it is already there."""
        with open(GEN, "rb") as f:
            stamp = hashlib.sha256(f.read() + repr(args).encode()).hexdigest()
        out = path("data", name)
        st = out + ".stamp"
        if os.path.exists(out) and os.path.exists(out + ".stats") and \
                os.path.exists(st) and open(st).read() == stamp:
            return out
        log("generating " + name)
        cmd = [sys.executable, GEN] + [a.replace("@OUT@", out)
            for a in args]
        if args[0] == "articles":
            cmd.append("--stats")
        p = self.run(cmd)
        with open(out + ".stats", "wb") as f:
            f.write(p.stderr)
        with open(st, "w") as f:
            f.write(stamp)
        return out

    def corpus_stats(self, out):
        """The generator's line about a corpus (words, non-ASCII)."""
        try:
            with open(out + ".stats", encoding="utf-8") as f:
                return f.read().strip()
        except OSError:
            return "?"

    def corpus(self, n):
        out = self.generate("articles-%d.jsonl" % n, ["articles", str(n),
            "@OUT@", "--seed", str(SEED_ARTICLES), "--sql", "@OUT@.sql"])
        return out, out + ".sql"

    def fresh(self, db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)

    def schema_version(self):
        """PRAGMA user_version of a database this margin creates."""
        if getattr(self, "_schema", None) is None:
            db = path("tmp", "version.db")
            one = path("tmp", "version.txt")
            with open(one, "w") as f:
                f.write("An article that makes margin create its schema.\n")
            self.fresh(db)
            self.run(self.m(db, "import", one))
            self._schema = self.user_version(db)
            self.fresh(db)
        return self._schema

    def user_version(self, db):
        return self.run(["sqlite3", db, "PRAGMA user_version"],
            stdout=subprocess.PIPE).stdout.strip()

    def cached_db(self, db, source):
        """Whether db was made from source by a margin of this schema."""
        return os.path.exists(db) and \
            os.path.getmtime(db) >= os.path.getmtime(source) and \
            self.user_version(db) == self.schema_version()

    def copy_db(self, src, dst):
        self.fresh(dst)
        shutil.copyfile(src, dst)

    # --- 1. import ------------------------------------------------------

    def anchor_prelude(self):
        """Pragmas and schema for the sqlite3 shell: the schema read from
        a database margin created, with margin's durability (WAL, FULL)."""
        pre = path("tmp", "anchor-prelude.sql")
        db = path("tmp", "schema.db")
        one = path("tmp", "schema.txt")
        with open(one, "w") as f:
            f.write("An article that makes margin create its schema.\n")
        self.fresh(db)
        self.run(self.m(db, "import", one))
        schema = self.run(["sqlite3", db, ".schema"],
            stdout=subprocess.PIPE).stdout.decode()
        with open(pre, "w") as f:
            f.write("PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\n"
                "PRAGMA foreign_keys = ON;\n")
            f.write(schema)
        return pre

    def same_rows(self, a, b):
        """Whether two databases hold the same articles (all but the
        import time)."""
        q = ("ATTACH %s AS b; SELECT (SELECT count(*) FROM articles),"
            " (SELECT count(*) FROM b.articles), (SELECT count(*) FROM"
            " articles x JOIN b.articles y ON x.id = y.id AND"
            " x.title = y.title AND x.source = y.source AND x.text = y.text"
            " AND x.hash = y.hash AND x.meta = y.meta);") % (
            "'" + b.replace("'", "''") + "'")
        out = self.run(["sqlite3", a, q], stdout=subprocess.PIPE).stdout
        n1, n2, n3 = (int(v) for v in out.decode().strip().split("|"))
        return n1 == n2 == n3, n1

    def bench_import(self):
        print("1. import", flush=True)
        pre = self.anchor_prelude()
        last = None
        for n, runs in self.cfg["imports"]:
            jsonl, sql = self.corpus(n)
            size = os.path.getsize(jsonl)
            db = path("db", "articles-%d.db" % n)
            adb = path("tmp", "anchor-%d.db" % n)

            def margin_run():
                self.fresh(db)
                return self.timed(self.m(db, "import", jsonl))

            def anchor_run():
                self.fresh(adb)
                return self.timed(["sqlite3", adb, ".read " + pre,
                    ".read " + sql])

            log("import %s articles, %d runs each" % (human_count(n), runs))
            tm, ta = self.medians(runs, [margin_run, anchor_run])
            same, count = self.same_rows(db, adb)
            if not same:
                raise RuntimeError("margin and the sqlite3 shell did not "
                    "store the same %d articles" % n)
            self.fresh(adb)
            self.dbs[n] = db
            ratio = tm / ta
            largest = n == self.cfg["imports"][-1][0]
            self.row("import", "import %s articles (%s), n=%d" % (
                human_count(n), human_bytes(size), runs),
                "%s, %.0f art/s, %.1f MB/s; CPU %s" % (fmt_ms(tm), n / tm,
                size / tm / 1e6, fmt_ms(tm.cpu)), "sqlite3 %s; CPU %s" % (
                fmt_ms(ta), fmt_ms(ta.cpu)), "%.2f× (CPU %.2f×)" % (ratio,
                tm.cpu / ta.cpu), "≤ 1.0× sqlite3" if largest else "",
                self.verdict(self.within(ratio, 1.0)) if largest else "")
            last = (n, ratio, jsonl)
        self.facts.append("Corpus (tools/gen_corpus.py, seed %d; the "
            "smaller ones are the first articles of the larger): %s." % (
            SEED_ARTICLES, self.corpus_stats(last[2])))
        self.facts.append("Import: margin reads the JSONL file, the "
            "sqlite3 shell a file of INSERT statements of the same rows "
            "(checked equal after each size) into the schema read from a "
            "database margin created (FTS5 triggers included), WAL and "
            "synchronous=FULL, one transaction; margin commits every 500 "
            "articles.")
        n, ratio, jsonl = last
        if ratio > 1.0:
            small = self.corpus(self.cfg["imports"][0][0])[0]
            db = path("tmp", "profile-import.db")
            self.fresh(db)
            total, out = self.callgrind(self.m(db, "import", small),
                "import")
            self.fresh(db)
            self.note("Import is %.2f× the sqlite3 shell at %s articles" % (
                ratio, human_count(n)), ["Profile of `margin import` of "
                "%s articles (%s instructions):" % (human_count(
                self.cfg["imports"][0][0]), fmt_instr(total))] +
                profile_lines(out))

    # --- 2. start-up and the TUI's memory ---------------------------------

    def script(self, name, lines):
        p = path("tmp", name + ".script")
        with open(p, "w") as f:
            f.write("\n".join(lines) + "\n")
        return p

    def startup_script(self):
        dump = path("tmp", "startup.dump")
        return self.script("startup", [":dump " + dump, "q"]), dump

    def bench_startup(self):
        print("2. start-up to the first full screen", flush=True)
        small, large = self.cfg["small"], self.cfg["large"]
        script, dump = self.startup_script()
        dbs = [self.dbs[small], self.dbs[large]]
        for n, db in zip((small, large), dbs):
            self.run(self.m(db, "--script", script))
            with open(dump) as f:
                screen = f.read().split("\n")
            if not any(("/%d" % n) in line for line in screen[-3:]):
                raise RuntimeError("start-up screen at %d articles does "
                    "not show the list: %r" % (n, screen[-3:]))
        log("start-up, %d runs each" % self.cfg["startup_runs"])
        t1, t2 = self.medians(self.cfg["startup_runs"], [
            lambda: self.timed(self.m(dbs[0], "--script", script)),
            lambda: self.timed(self.m(dbs[1], "--script", script))])
        i1, _ = self.callgrind(self.m(dbs[0], "--script", script),
            "startup-small")
        i2, out = self.callgrind(self.m(dbs[1], "--script", script),
            "startup-large")
        growth = t2 / t1
        self.row("start-up", "start-up, %s articles, n=%d" % (
            human_count(small), self.cfg["startup_runs"]),
            "%s; CPU %s; %s instr" % (fmt_ms(t1), fmt_ms(t1.cpu),
            fmt_instr(i1)))
        self.row("start-up", "start-up, %s articles, n=%d" % (
            human_count(large), self.cfg["startup_runs"]),
            "%s; CPU %s; %s instr" % (fmt_ms(t2), fmt_ms(t2.cpu),
            fmt_instr(i2)), "",
            "%.2f×" % growth, "≤ 10 ms", self.verdict(t2 <= 0.010))
        self.row("start-up", "start-up growth %s → %s" % (
            human_count(small), human_count(large)), "%.2f× time, %.2f× "
            "CPU, %.2f× instr" % (growth, t2.cpu / t1.cpu, i2 / i1), "", "%.2f×" % growth, "≤ 1.3×",
            self.verdict(self.within(growth, 1.3)))
        if growth > 1.3 or t2 > 0.010:
            self.note("Start-up grows %.2f× from %s to %s articles (%s)" % (
                growth, human_count(small), human_count(large), fmt_ms(t2)),
                ["Profile of the start-up at %s articles:" %
                human_count(large)] + profile_lines(out))
        # The list's last row: a jump that an OFFSET walk makes cost what
        # the database holds.
        bottom = self.script("list-bottom", ["G", ":dump " + dump, "q"])
        tb, ts = self.medians(self.cfg["startup_runs"], [
            lambda: self.timed(self.m(dbs[1], "--script", bottom)),
            lambda: self.timed(self.m(dbs[1], "--script", script))])
        ib, outb = self.callgrind(self.m(dbs[1], "--script", bottom),
            "list-bottom")
        self.row("start-up", "list: G to the last of %s" % human_count(
            large), "%s, %s instr" % (fmt_ms(max(tb - ts, 0)),
            fmt_instr(ib - i2)), "", "", "≤ 500k instr, as a key",
            self.verdict(ib - i2 <= 5e5))
        if ib - i2 > 5e5:
            self.note("G in the list at %s articles costs %s instructions" % (
                human_count(large), fmt_instr(ib - i2)),
                ["Functions that cost more than at start-up (the "
                "difference of two profiles):"] +
                profile_diff_lines(outb, out, 1))
        if self.cfg["huge"]:
            self.bench_startup_huge(script, bottom, dbs[0], t1, i1)

    def huge_db(self):
        """The growth corpus (1M articles in full mode): generated and
        imported once, kept in build/bench/ (no SQL file: the import
        ratio is measured at the sizes above)."""
        n = self.cfg["huge"]
        jsonl = self.generate("articles-%d.jsonl" % n, ["articles", str(n),
            "@OUT@", "--seed", str(SEED_ARTICLES)])
        db = path("db", "articles-%d.db" % n)
        if not self.cached_db(db, jsonl):
            self.fresh(db)
            log("importing %s articles (once)" % human_count(n))
            t = self.timed(self.m(db, "import", jsonl))
            self.row("start-up", "(import of %s articles, once)" %
                human_count(n), "%s, %.0f art/s; CPU %s" % (fmt_ms(t),
                n / t, fmt_ms(t.cpu)))
        return n, db

    def bench_startup_huge(self, script, bottom, small_db, t1, i1):
        """Start-up and G at the growth corpus, beside the small one."""
        small = self.cfg["small"]
        n, db = self.huge_db()
        self.dbs["huge"] = db
        log("start-up at %s, %d runs each" % (human_count(n),
            self.cfg["startup_runs"]))
        t1, t3 = self.medians(self.cfg["startup_runs"], [
            lambda: self.timed(self.m(small_db, "--script", script)),
            lambda: self.timed(self.m(db, "--script", script))])
        i3, out = self.callgrind(self.m(db, "--script", script),
            "startup-huge")
        growth = t3 / t1
        self.row("start-up", "start-up, %s articles, n=%d" % (
            human_count(n), self.cfg["startup_runs"]),
            "%s; CPU %s; %s instr" % (fmt_ms(t3), fmt_ms(t3.cpu),
            fmt_instr(i3)), "1k: %s; CPU %s" % (fmt_ms(t1), fmt_ms(t1.cpu)),
            "%.2f×" % growth, "≤ 10 ms", self.verdict(t3 <= 0.010))
        self.row("start-up", "start-up growth %s → %s" % (
            human_count(small), human_count(n)), "%.2f× time, %.2f× "
            "CPU, %.2f× instr" % (growth, t3.cpu / t1.cpu, i3 / i1), "",
            "%.2f×" % growth, "≤ 1.3×", self.verdict(self.within(growth,
            1.3)))
        if growth > 1.3 or t3 > 0.010:
            self.note("Start-up at %s articles: %s, %.2f× the %s one" % (
                human_count(n), fmt_ms(t3), growth, human_count(small)),
                ["Profile of the start-up at %s articles:" %
                human_count(n)] + profile_lines(out))
        ib, outb = self.callgrind(self.m(db, "--script", bottom),
            "list-bottom-huge")
        self.row("start-up", "list: G to the last of %s" % human_count(n),
            "%s instr" % fmt_instr(ib - i3), "", "",
            "≤ 500k instr, as a key", self.verdict(ib - i3 <= 5e5))
        if ib - i3 > 5e5:
            self.note("G in the list at %s articles costs %s instructions" % (
                human_count(n), fmt_instr(ib - i3)),
                ["Functions that cost more than at start-up (the "
                "difference of two profiles):"] +
                profile_diff_lines(outb, out, 1))

    def bench_tui_memory(self):
        print("6a. resident memory of the TUI", flush=True)
        large = self.cfg["large"]
        db = self.dbs[large]
        script, _ = self.startup_script()
        dump = path("tmp", "browse.dump")
        browse = self.script("browse", ["J J J J J J J J J J", "G",
            "<Enter>", "<Space> <Space> <Space> <Space>", "g",
            ":dump " + dump, "q"])
        r1 = self.peak_rss(self.m(db, "--script", script))
        r2 = self.peak_rss(self.m(db, "--script", browse))
        self.row("memory", "TUI at start, %s articles" % human_count(large),
            human_bytes(r1), "", "", "≤ 32 MB", self.verdict(r1 <= 32e6))
        self.row("memory", "TUI after browsing, %s articles" %
            human_count(large), human_bytes(r2), "", "", "≤ 32 MB",
            self.verdict(r2 <= 32e6))
        if not self.cfg["huge"]:
            return
        n, hdb = self.huge_db()
        r3 = self.peak_rss(self.m(hdb, "--script", browse))
        self.row("memory", "TUI after browsing, %s articles" %
            human_count(n), human_bytes(r3), "", "", "≤ 32 MB",
            self.verdict(r3 <= 32e6))

    # --- 3. keystrokes in the reader ------------------------------------

    def long_dbs(self):
        dbs = {}
        for label, size in (("short", SHORT_BYTES),
                ("long", self.cfg["long_bytes"])):
            jsonl = self.generate("article-%d.jsonl" % size, ["article",
                str(size), "@OUT@", "--seed", str(SEED_LONG)])
            db = path("db", "article-%d.db" % size)
            if not self.cached_db(db, jsonl):
                self.fresh(db)
                self.run(self.m(db, "import", jsonl))
            dbs[label] = (db, size)
        return dbs

    def key_script(self, name, keys, repeat, start="<Enter>"):
        dump = path("tmp", name + ".dump")
        lines = [start]
        if repeat:
            lines.append(" ".join([keys] * repeat))
        lines += [":dump " + dump, "q"]
        return self.script(name, lines), dump

    def undo_works(self, db):
        """Tag a word, undo: does the span go away?"""
        work = path("tmp", "undo-probe.db")
        self.copy_db(db, work)
        s, _ = self.key_script("undo-probe", "1 u", 1)
        self.run(self.m(work, "--script", s))
        out = self.run(self.m(work, "export"), stdout=subprocess.PIPE).stdout
        rows = out.decode().count("\n") - 1
        work2 = path("tmp", "undo-probe2.db")
        self.copy_db(db, work2)
        s, _ = self.key_script("undo-probe2", "1", 1)
        self.run(self.m(work2, "--script", s))
        out = self.run(self.m(work2, "export"), stdout=subprocess.PIPE).stdout
        tagged = out.decode().count("\n") - 1
        for p in (work, work2):
            self.fresh(p)
        if tagged != 1:
            raise RuntimeError("pressing 1 in the reader did not tag a word")
        return rows == 0

    def instr(self, db, name, keys, repeat, start="<Enter>"):
        """Instructions of a script on a fresh copy of db."""
        work = path("tmp", "keys.db")
        self.copy_db(db, work)
        s, _ = self.key_script(name, keys, repeat, start)
        n, out = self.callgrind(self.m(work, "--script", s), name)
        self.fresh(work)
        return n, out

    def bench_keys(self):
        print("3. instructions per keystroke in the reader", flush=True)
        dbs = self.long_dbs()
        undo = self.undo_works(dbs["short"][0])
        # Each measure: the keys, how many keys per repetition, and the
        # script it is the difference from.
        measures = [
            ("word move (w)", "word", "w", 1, KEY_REPEAT, "base"),
            ("line move (j×5 k×5)", "line", "j j j j j k k k k k", 10,
                KEY_REPEAT // 10, "base"),
            ("page down/up (Space×2 PgUp×2)", "page",
                "<Space> <Space> <PgUp> <PgUp>", 4, KEY_REPEAT // 4, "base"),
            ("tag (1, a new span each)", "tag", "1 w", 1, EDIT_REPEAT,
                "tagbase"),
            ("undo (u after each tag)", "undo", "1 u w", 1, EDIT_REPEAT,
                "tag"),
        ]
        per = {}
        for label, (db, size) in dbs.items():
            log("callgrind on the %s article (%s)" % (label,
                human_bytes(size)))
            runs = {"base": self.instr(db, label + "-base", "", 0),
                "tagbase": self.instr(db, label + "-tagbase", "w",
                EDIT_REPEAT)}
            for _, key, keys, nkeys, repeat, _ in measures:
                if key == "undo" and not undo:
                    continue
                runs[key] = self.instr(db, "%s-%s" % (label, key), keys,
                    repeat)
            for _, key, keys, nkeys, repeat, base in measures:
                if key in runs:
                    per[(label, key)] = ((runs[key][0] - runs[base][0]) /
                        (nkeys * repeat), runs[key][1], runs[base][1],
                        nkeys * repeat)
        shortsize = human_bytes(dbs["short"][1])
        longsize = human_bytes(dbs["long"][1])
        for name, key, _, _, _, _ in measures:
            if (("short", key)) not in per:
                self.row("keys", name, "not available", "", "",
                    "≤ 500k; ≤ 1.2×", "n/a")
                self.note("Undo is not available", ["`u` in the reader "
                    "did not remove the span just tagged (checked with "
                    "an export), so undo was not measured."])
                continue
            s, l = per[("short", key)][0], per[("long", key)][0]
            ratio = l / s if s > 0 else float("inf")
            ok = max(s, l) <= 5e5 and self.within(ratio, 1.2)
            self.row("keys", name, "%s / %s" % (fmt_instr(s), fmt_instr(l)),
                "%s / %s" % (shortsize, longsize), "%.2f×" % ratio,
                "≤ 500k instr; ≤ 1.2×", self.verdict(ok))
            if not ok:
                for label in ("short", "long"):
                    v, out, base, nkeys = per[(label, key)]
                    if v <= 5e5 and (label == "short" or ratio <= 1.2):
                        continue
                    self.note("%s in the %s article: %s instructions a key" %
                        (name, human_bytes(dbs[label][1]), fmt_instr(v)),
                        ["Per key, the functions that cost more than in "
                        "the script without these keys:"] +
                        profile_diff_lines(out, base, nkeys))
        self.bench_deep_tag()
        self.facts.append("Keystrokes: each script opens the article "
            "(Enter), presses the keys %d times or more, dumps the screen "
            "and quits, at 80×24; the same script without the keys is "
            "subtracted (for tag, the word moves between tags; for undo, "
            "the tags).  Every key redraws the screen, as in the "
            "terminal." % EDIT_REPEAT)

    def bench_deep_tag(self):
        """A tag in the last article of the large corpus (and of the
        growth corpus): the same key, where the list around it is far from
        the start.  The session's first write (a tag and its undo) comes
        before both scripts: it reads the whole file once (quick_check of a
        database too large to check at open, store_txn.c), which is a cost
        of the session, shown on its own row, not of every key."""
        sizes = [(self.cfg["large"], self.dbs[self.cfg["large"]])]
        if "huge" in self.dbs:
            sizes.append((self.cfg["huge"], self.dbs["huge"]))
        repeat = 10
        for n, db in sizes:
            log("callgrind: tags in the last of %s articles" %
                human_count(n))
            opened = self.instr(db, "deep-open", "", 0, "G <Enter>")
            first = self.instr(db, "deep-first", "", 0, "G <Enter> 1 u")
            base = self.instr(db, "deep-tagbase", "w", repeat,
                "G <Enter> 1 u")
            tag = self.instr(db, "deep-tag", "1 w", repeat, "G <Enter> 1 u")
            v = (tag[0] - base[0]) / repeat
            self.row("keys", "tag in the last of %s articles" %
                human_count(n), fmt_instr(v), "", "", "≤ 500k instr",
                self.verdict(v <= 5e5))
            self.row("keys", "first write of a session, %s articles "
                "(tag, undo, quick_check)" % human_count(n),
                fmt_instr(first[0] - opened[0]), "", "", "", "")
            if v > 5e5:
                self.note("A tag in the last of %s articles: %s "
                    "instructions" % (human_count(n), fmt_instr(v)),
                    ["The same tag as above, in an article of ordinary "
                    "length, but at the end of the list.  Per key, the "
                    "functions that cost more than word moves there:"] +
                    profile_diff_lines(tag[1], base[1], repeat))

    # --- 4. export ------------------------------------------------------

    def span_db(self, articles, spans):
        jsonl = self.generate("spans-%d.jsonl" % spans, ["articles",
            str(articles), "@OUT@", "--seed", str(SEED_SPANS), "--spans",
            str(spans), "--long-every", "0"])
        db = path("db", "spans-%d.db" % spans)
        if self.cached_db(db, jsonl):
            return db, None
        self.fresh(db)
        log("importing %s spans" % human_count(spans))
        t = self.timed(self.m(db, "import", jsonl))
        got = int(self.run(["sqlite3", db, "SELECT count(*) FROM spans"],
            stdout=subprocess.PIPE).stdout)
        if got != spans:
            raise RuntimeError("%d spans imported, %d generated" % (got,
                spans))
        return db, t

    def formats(self, db):
        have = {}
        for fmt in ("jsonl", "conll"):
            p = self.run(self.m(db, "export", "--format", fmt, "-o",
                os.devnull), check=False)
            have[fmt] = p.returncode == 0
        return have

    def csv_rows_equal(self, a, b):
        with open(a, newline="", encoding="utf-8") as fa, \
                open(b, newline="", encoding="utf-8") as fb:
            ra, rb = csv.reader(fa), csv.reader(fb)
            n = 0
            for x, y in zip(ra, rb):
                if x != y:
                    return False, n
                n += 1
            if next(ra, None) is not None or next(rb, None) is not None:
                return False, n
        return True, n - 1

    def bench_export(self):
        print("4. export", flush=True)
        (sa, ss), (la, ls) = self.cfg["spans"]
        small, _ = self.span_db(sa, ss)
        large, tl = self.span_db(la, ls)
        if tl is not None:
            self.row("export", "(import of %s spans, once)" % human_count(ls),
                "%s, %.0f spans/s" % (fmt_ms(tl), ls / tl))
        runs = self.cfg["export_runs"]
        mout = path("tmp", "export-margin.out")
        aout = path("tmp", "export-anchor.out")
        log("export csv of %s spans, %d runs each" % (human_count(ls), runs))
        tm, ta = self.medians(runs, [
            lambda: self.timed(self.m(large, "export", "--format", "csv"),
                mout),
            lambda: self.timed(["sqlite3", "-csv", "-header", "-newline",
                "\n", large, CSV_SQL], aout)])
        same, nrows = self.csv_rows_equal(mout, aout)
        if not same:
            raise RuntimeError("margin's CSV and sqlite3's differ in row %d"
                % nrows)
        size = os.path.getsize(mout)
        ratio = tm / ta
        self.row("export", "CSV, %s spans (%s), n=%d" % (human_count(ls),
            human_bytes(size), runs), "%s, %.0f MB/s; CPU %s" % (fmt_ms(tm),
            size / tm / 1e6, fmt_ms(tm.cpu)), "sqlite3 -csv %s; CPU %s" % (
            fmt_ms(ta), fmt_ms(ta.cpu)), "%.2f× (CPU %.2f×)" % (ratio,
            tm.cpu / ta.cpu), "≤ 1.0× sqlite3",
            self.verdict(self.within(ratio, 1.0)))
        self.facts.append("CSV export: margin's rows and the sqlite3 "
            "shell's (`-csv`, the same columns, joins and order) were read "
            "back with Python's csv module and are equal (%d rows)." % nrows)
        if ratio > 1.0:
            total, out = self.callgrind(self.m(small, "export", "-o",
                os.devnull), "export")
            self.note("CSV export is %.2f× `sqlite3 -csv`" % ratio,
                ["Profile of `margin export` of %s spans (%s instructions):"
                % (human_count(ss), fmt_instr(total))] + profile_lines(out))
        have = self.formats(large)
        for fmt in ("jsonl", "conll"):
            if not have[fmt]:
                self.row("export", "%s, %s spans" % (fmt.upper(),
                    human_count(ls)), "not available", "", "", "MB/s", "n/a")
                continue
            fns = [lambda f=fmt: self.timed(self.m(large, "export",
                "--format", f), mout)]
            if fmt == "jsonl":
                fns.append(lambda: self.timed(["sqlite3", "-list", large,
                    JSONL_SQL], aout))
            got = self.medians(runs, fns)
            size = os.path.getsize(mout)
            anchor = ratio = ""
            if fmt == "jsonl":
                anchor = "sqlite3 json %s; CPU %s" % (fmt_ms(got[1]),
                    fmt_ms(got[1].cpu))
                ratio = "%.2f× (CPU %.2f×)" % (got[0] / got[1],
                    got[0].cpu / got[1].cpu)
            self.row("export", "%s, %s spans (%s), n=%d" % (fmt.upper(),
                human_count(ls), human_bytes(size), runs),
                "%s, %.0f MB/s; CPU %s" % (fmt_ms(got[0]), size / got[0] /
                1e6, fmt_ms(got[0].cpu)), anchor, ratio,
                "≤ 1.0× sqlite3" if fmt == "jsonl" else "MB/s (no bar)",
                self.verdict(self.within(got[0] / got[1], 1.0))
                if fmt == "jsonl" else "")
        if not all(have.values()):
            self.note("JSONL and CoNLL export", ["`margin export --format "
                "F` failed for: %s; those rows say \"not available\"." %
                ", ".join(f for f in have if not have[f])])
        # Memory: the same export of ten times fewer spans.
        print("6b. resident memory of the export", flush=True)
        for fmt in ["csv"] + [f for f in ("jsonl", "conll") if have[f]]:
            r1 = self.peak_rss(self.m(small, "export", "--format", fmt), mout)
            r2 = self.peak_rss(self.m(large, "export", "--format", fmt), mout)
            ok = r2 <= r1 * 1.1 + 1e6
            self.row("memory", "export %s, %s → %s spans" % (fmt.upper(),
                human_count(ss), human_count(ls)), "%s → %s" % (
                human_bytes(r1), human_bytes(r2)), "", "%.2f×" % (r2 / r1),
                "constant", self.verdict(ok))
        ra = self.peak_rss(["sqlite3", "-csv", "-header", large, CSV_SQL],
            aout)
        self.row("memory", "sqlite3 -csv, %s spans" % human_count(ls),
            human_bytes(ra))
        for p in (mout, aout):
            os.unlink(p)

    # --- 5. search ------------------------------------------------------

    def list_region(self, dump):
        """The text of the list pane: each row up to the first border."""
        with open(dump, encoding="utf-8") as f:
            return [line.split("│", 1)[0] for line in f.read().split("\n")]

    def list_search_exists(self, db):
        """Type a search in the list pane: does the list change?  Without
        a search there, the probe's keys are bound to nothing in the list
        and Enter opens the selected article, which leaves the list as it
        was."""
        start, dump = self.startup_script()
        probe = path("tmp", "probe.dump")
        s = self.script("probe", ["/ " + " ".join(SEARCH_PROBE) +
            " <Enter>", ":dump " + probe, "q"])
        work = path("tmp", "probe.db")
        self.copy_db(db, work)
        self.run(self.m(work, "--script", start))
        self.run(self.m(work, "--script", s), check=False)
        self.fresh(work)
        try:
            return self.list_region(probe) != self.list_region(dump)
        except OSError:
            return False

    def fts_query(self, q):
        """The FTS5 query margin makes of what is typed (store_article.c
        store_fts_query): each word quoted, the last one a prefix."""
        words = q.split()
        return " ".join('"%s"' % w.replace('"', '""') for w in words) + "*"

    def sqlite_search(self, db, q, runs, sql=SEARCH_SQL):
        """The median CPU seconds (user + sys: the shell's .timer gives
        wall-clock time in whole milliseconds only) of runs executions of
        the query in one sqlite3 shell, after one warm-up run."""
        cmds = [".parameter init", ".parameter set ?1 'bench'",
            ".parameter set ?2 NULL", ".parameter set ?3 0",
            ".parameter set ?4 '%s'" % self.fts_query(q).replace("'", "''"),
            ".parameter set ?5 %d" % SEARCH_LIMIT, ".output /dev/null",
            sql + ";", ".timer on"] + [sql + ";"] * runs
        out = self.run(["sqlite3", db], stdout=subprocess.PIPE,
            input=("\n".join(cmds) + "\n").encode()).stdout.decode()
        times = [float(u) + float(s) for u, s in re.findall(
            r"Run Time: real [\d.]+ user ([\d.]+) sys ([\d.]+)", out)]
        if len(times) != runs:
            raise RuntimeError("no .timer output from sqlite3: " + out[-500:])
        return statistics.median(times)

    def match_count(self, db, q):
        out = self.run(["sqlite3", db, ".parameter init",
            ".parameter set ?1 '%s'" % self.fts_query(q).replace("'", "''"),
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1"],
            stdout=subprocess.PIPE).stdout
        return int(out)

    def grep_time(self, jsonl, q):
        # Not to /dev/null: GNU grep then stops at the first match.
        return self.timed(["grep", "-c", "-i", "-F", q, jsonl],
            path("tmp", "grep.out"))

    def bench_search(self):
        print("5. full-text search", flush=True)
        n = self.cfg["large"]
        db = self.dbs[n]
        jsonl = self.corpus(n)[0]
        runs = self.cfg["search_runs"]
        inpane = self.list_search_exists(db)
        base, _ = self.startup_script()
        per = []
        for q in SEARCH_QUERIES:
            log("search: " + q)
            fns = [lambda: self.grep_time(jsonl, q)]
            if inpane:
                keys = " ".join("<Space>" if c == " " else c for c in q)
                s = self.script("search-" + str(len(per)), ["/ " + keys +
                    " <Enter>", ":dump " + path("tmp", "search.dump"), "q"])
                fns += [lambda s=s: self.timed(self.m(db, "--script", s)),
                    lambda: self.timed(self.m(db, "--script", base))]
            t = self.medians(runs, fns)
            tpane = max(t[1] - t[2], 0) if inpane else None
            per.append({"q": q, "sql": self.sqlite_search(db, q, runs),
                "first": self.sqlite_search(db, q, runs,
                SEARCH_SQL_RANK_FIRST), "grep": t[0], "pane": tpane,
                "hits": self.match_count(db, q)})
        key = "pane" if inpane else "sql"
        med = statistics.median(p[key] for p in per)
        worst = max(per, key=lambda p: p[key])
        gmed = statistics.median(p["grep"] for p in per)
        if inpane:
            self.row("search", "search in the list pane, %s articles, "
                "typed, median" % human_count(n), fmt_ms(med),
                "grep -ciF %s" % fmt_ms(gmed), "%.2f×" % (med / gmed),
                "≤ 10 ms median", self.verdict(med <= 0.010))
            self.row("search", "worst: %s (%d hits)" % (worst["q"],
                worst["hits"]), fmt_ms(worst["pane"]), "", "", "≤ 30 ms",
                self.verdict(worst["pane"] <= 0.030))
        smed = statistics.median(p["sql"] for p in per)
        sworst = max(per, key=lambda p: p["sql"])
        self.row("search", "bm25 over every match in sqlite3 (CPU), %s, median" %
            human_count(n), fmt_ms(smed), "grep -ciF %s" % fmt_ms(gmed),
            "%.2f×" % (smed / gmed), "" if inpane else "≤ 20 ms median",
            "" if inpane else self.verdict(smed <= 0.010))
        self.row("search", "worst: %s (%d hits)" % (sworst["q"],
            sworst["hits"]), fmt_ms(sworst["sql"]), "grep %s" %
            fmt_ms(sworst["grep"]), "", "", "")
        lines = ["| query | articles matched | list pane, typed | "
            "bm25, every match, in sqlite3 | ranked first, then joined | "
            "grep -ciF |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for p in sorted(per, key=lambda p: p[key]):
            lines.append("| %s | %d | %s | %s | %s | %s |" % (p["q"],
                p["hits"], fmt_ms(p["pane"]) if inpane else "—",
                fmt_ms(p["sql"]), fmt_ms(p["first"]), fmt_ms(p["grep"])))
        lines.append("| median | | %s | %s | %s | %s |" % (
            fmt_ms(med) if inpane else "—", fmt_ms(statistics.median(
            p["sql"] for p in per)), fmt_ms(statistics.median(p["first"]
            for p in per)), fmt_ms(gmed)))
        intro = ("margin's store (`store_article_search`) makes an FTS5 "
            "MATCH of each word quoted, the last one a prefix, and ranks "
            "the first %d matches (STORE_SEARCH_CANDIDATES) with "
            "margin_rank(), BM25 without document frequencies, title words "
            "×10.  The query it made before, bm25() over every match with "
            "LIMIT %d, is run %d times in one "
            "sqlite3 shell after a warm-up run, and its CPU time (`.timer`, "
            "user + sys) is the figure; grep reads the corpus file for the "
            "same string.  \"Ranked first, then joined\" is the same "
            "ranking done on the FTS5 table alone, with the list's columns "
            "(done mark, span count) computed for the best %d only "
            "(`SEARCH_SQL_RANK_FIRST` in bench/bench.py; it holds for a "
            "list without a tag or status filter)." % (SEARCH_LIMIT,
            SEARCH_LIMIT, runs, SEARCH_LIMIT))
        if inpane:
            intro += (" In the list pane, the words are typed and Enter "
                "pressed (margin searches then, and opens the first "
                "match); the time is the script's minus the same script's "
                "without the search.")
        else:
            intro += (" The list pane has no search yet (typing `/`, a word "
                "and Enter there left the list as it was), so the sqlite3 "
                "figure stands in for it.")
        self.note("Search queries at %s articles" % human_count(n),
            [intro, ""] + lines)
        if inpane and "huge" in self.dbs:
            self.bench_search_huge(base, min(runs, 3))
        if med > 0.010:
            self.note("Search misses its median", ["The ranking is bounded "
                "(the first %d matches); what is left grows with the "
                "matches still: FTS5 merges the whole list of rows of every "
                "word the prefix (the last word) stands for before it "
                "returns the first row, and the list's columns (done mark, "
                "span counts) are read for each of the rows kept." %
                SEARCH_LIMIT])

    def bench_search_huge(self, base, runs):
        """The same typed searches in the list pane of the growth corpus
        (no grep beside them: it would read the whole corpus each time)."""
        n, db = self.cfg["huge"], self.dbs["huge"]
        per = []
        for i, q in enumerate(SEARCH_QUERIES):
            log("search at %s: %s" % (human_count(n), q))
            keys = " ".join("<Space>" if c == " " else c for c in q)
            sc = self.script("search-huge-%d" % i, ["/ " + keys +
                " <Enter>", ":dump " + path("tmp", "search.dump"), "q"])
            t = self.medians(runs, [
                lambda sc=sc: self.timed(self.m(db, "--script", sc)),
                lambda: self.timed(self.m(db, "--script", base))])
            per.append((max(t[0] - t[1], 0), q))
        med = statistics.median(p[0] for p in per)
        worst = max(per)
        self.row("search", "search in the list pane, %s articles, typed, "
            "median (n=%d)" % (human_count(n), runs), fmt_ms(med), "", "",
            "≤ 10 ms median", self.verdict(med <= 0.010))
        self.row("search", "worst: %s" % worst[1], fmt_ms(worst[0]), "", "",
            "≤ 30 ms", self.verdict(worst[0] <= 0.030))

    # --- machine and results --------------------------------------------

    # --- bulk writes (issue 11) ------------------------------------------

    def propagate_word(self, jsonl):
        """A word of the first article that the corpus has about once to
        four times per article (judged on its first 2,000 articles): a
        corpus-wide run writes on the order of one suggestion per article."""
        import json
        texts = []
        with open(jsonl, encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= 2000:
                    break
                texts.append(json.loads(line)["text"])
        first = set(re.findall(r"\b[A-Za-z]{5,}\b", texts[0]))
        best, best_gap = None, None
        for w in sorted(first):
            pat = re.compile(r"\b" + w + r"\b")
            per = sum(len(pat.findall(t)) for t in texts) / len(texts)
            if 1.0 <= per <= 4.0:
                gap = abs(per - 2.0)
                if best is None or gap < best_gap:
                    best, best_gap = w, gap
        return best

    def lock_probe(self, db, stop_file, out_file):
        """Another writer, as a margin process waits: BEGIN IMMEDIATE, and
        when the lock is taken, try again every half millisecond (no
        SQLite busy handler, whose sleeps grow to 100 ms); the longest wait
        for the lock is what a tag of another annotator would wait."""
        code = (
            "import os, sqlite3, sys, time\n"
            "db, stop, out = sys.argv[1:4]\n"
            "c = sqlite3.connect(db, timeout=0, isolation_level=None)\n"
            "waits = []\n"
            "while not os.path.exists(stop):\n"
            "    t0 = time.perf_counter()\n"
            "    while True:\n"
            "        try:\n"
            "            c.execute('BEGIN IMMEDIATE'); break\n"
            "        except sqlite3.OperationalError:\n"
            "            time.sleep(0.0005)\n"
            "    waits.append(time.perf_counter() - t0)\n"
            "    c.execute('COMMIT')\n"
            "    time.sleep(0.005)\n"
            "waits.sort()\n"
            "p99 = waits[int(len(waits) * 0.99)] if waits else 0.0\n"
            "open(out, 'w').write('%f %f %d' % (waits[-1] if waits else 0.0,"
            " p99, len(waits)))\n")
        return subprocess.Popen([sys.executable, "-c", code, db, stop_file,
            out_file], env=self.env)

    def bench_bulk(self):
        print("7. bulk writes: a corpus-wide propagate and its undo",
            flush=True)
        n = self.cfg["large"]
        jsonl = self.corpus(n)[0]
        word = self.propagate_word(jsonl)
        if word is None:
            self.note("No word to propagate", ["The first article has no "
                "word the corpus holds one to four times per article."])
            return
        db = path("tmp", "propagate.db")
        self.fresh(db)
        shutil.copy2(self.dbs[n], db)
        dump = path("tmp", "propagate.dump")
        run = self.script("propagate", ["<Enter>", "/" + word, "<Enter>",
            ":set propagate-max 0", "3", "p", "a", ":dump " + dump, "q"])
        undo = self.script("propagate-undo", ["u", ":dump " + dump, "q"])
        stop, out = path("tmp", "probe.stop"), path("tmp", "probe.out")
        for f in (stop, out):
            if os.path.exists(f):
                os.remove(f)
        probe = self.lock_probe(db, stop, out)
        t_run = self.timed(self.m(db, "--size", "120x40", "--script", run))
        open(stop, "w").close()
        probe.wait()
        longest, p99, probes = open(out).read().split()
        longest, p99, probes = float(longest), float(p99), int(probes)
        text = open(dump, encoding="utf-8").read()
        m = re.search(r"propagate: (\d+) suggestions? of LOC", text)
        if not m:
            raise RuntimeError("propagate did not finish: " + text[-400:])
        added = int(m.group(1))
        t_undo = self.timed(self.m(db, "--size", "120x40", "--script",
            undo))
        text = open(dump, encoding="utf-8").read()
        if not re.search(r"undo: suggested LOC .* and %d more" % (added - 1),
                text):
            raise RuntimeError("undo did not take the run back: " +
                text[-400:])
        self.row("bulk", "propagate \"%s\", %s articles" % (word,
            human_count(n)), "%.0f sugg./s" % (added / t_run),
            "%s in %s" % (human_count(added), fmt_ms(t_run)), "", "")
        self.row("bulk", "longest wait of another writer", "%.0f ms" % (
            longest * 1000), "99%% within %.0f ms, %d tries" % (p99 * 1000,
            probes), "", "<= 50 ms", self.verdict(longest <= 0.050))
        self.row("bulk", "undo of that propagate", fmt_ms(t_undo),
            "run " + fmt_ms(t_run), "%.2f" % (t_undo / t_run), "<= run",
            self.verdict(t_undo <= t_run))
        self.facts.append("Bulk writes: the TUI in script mode tags the "
            "first \"%s\" of article 1 and propagates it to all %s "
            "articles (set propagate-max 0), then undoes it in a second "
            "run; another process takes the write lock every 5 ms "
            "meanwhile and times its longest wait." % (word,
            human_count(n)))
        if longest > 0.050:
            self.note("Another writer waited %.0f ms" % (longest * 1000), [
                "A batch holds the lock for about 40 ms (STORE_BATCH_MS) "
                "plus its COMMIT's fsync of the WAL; the probe's wait also "
                "holds its own scheduling delay, which on a loaded machine "
                "(see the load average above) can be tens of ms.  99% of "
                "the waits were within %.0f ms." % (p99 * 1000)])

    # --- gazetteer matching (issue 12) -----------------------------------

    def gazetteer_data(self, sizes):
        """At least 48 MB of the generated news text, and name lists of
        the sizes given: the capitalised words and pairs of words the text
        holds (so that there are matches), then made-up names."""
        import json
        import random
        text_path = path("tmp", "gaz_text.txt")
        jsonl = self.corpus(self.cfg["large"])[0]
        seen, names = set(), []
        if not os.path.exists(text_path) or \
                os.path.getsize(text_path) < 48 << 20:
            with open(jsonl, encoding="utf-8") as f, \
                    open(text_path, "w", encoding="utf-8") as out:
                total = 0
                for line in f:
                    t = json.loads(line)["text"]
                    out.write(t + "\n\n")
                    total += len(t.encode("utf-8")) + 2
                    if total >= 48 << 20:
                        break
        with open(text_path, encoding="utf-8") as f:
            head = f.read(8 << 20)
        for m in re.finditer(r"\b[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?\b",
                             head):
            w = m.group(0)
            if w not in seen:
                seen.add(w)
                names.append(w)
        rnd = random.Random(12)
        letters = "abcdefghijklmnopqrstuvwxyz"
        lists = {}
        for n in sizes:
            v = names[:n]
            while len(v) < n:
                w = (rnd.choice("BCDFGKLMNPRSTVZ") +
                     "".join(rnd.choice(letters) for _ in range(
                         rnd.randint(4, 9))))
                if w not in seen:
                    seen.add(w)
                    v.append(w)
            p = path("tmp", "gaz_names_%d.txt" % n)
            with open(p, "w", encoding="utf-8") as f:
                f.write("\n".join(v) + "\n")
            lists[n] = p
        return text_path, lists, min(len(names), max(sizes))

    def time_rss(self, cmd, stdout=subprocess.PIPE):
        """Wall seconds, peak RSS bytes and stdout of one run; the CPU
        seconds (user + sys, children included) in self.last_cpu."""
        t0 = time.perf_counter()
        p = self.run(["/usr/bin/time", "-v"] + cmd, stdout=stdout)
        wall = time.perf_counter() - t0
        m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)",
                      p.stderr)
        self.last_cpu = sum(float(x) for x in re.findall(
            rb"(?:User|System) time \(seconds\): ([\d.]+)", p.stderr))
        return wall, int(m.group(1)) * 1024 if m else 0, p.stdout

    def bench_gazetteer(self):
        print("8. gazetteer matching: margin's Aho-Corasick, grep -F, "
              "python3-ahocorasick", flush=True)
        tool = path("aho_bench")    # make bench builds it here
        if not os.path.exists(tool):
            raise RuntimeError("no %s: run make bench" % tool)
        sizes = [10000, 100000, 1000000]
        text, lists, real = self.gazetteer_data(sizes)
        mb = os.path.getsize(text) / 1e6
        pyac = (
            "import ahocorasick, re, sys, time\n"
            "names = open(sys.argv[1], encoding='utf-8').read().split('\\n')\n"
            "text = open(sys.argv[2], encoding='utf-8').read()\n"
            "a = ahocorasick.Automaton()\n"
            "for w in names:\n"
            "    if w: a.add_word(w, len(w))\n"
            "a.make_automaton()\n"
            "word = re.compile(r'\\w')\n"
            "n = 0\n"
            "for end, ln in a.iter_long(text):\n"
            "    s = end - ln + 1\n"
            "    if (s == 0 or not word.match(text[s - 1])) and \\\n"
            "       (end + 1 >= len(text) or not word.match(text[end + 1])):\n"
            "        n += 1\n"
            "print(n)\n")
        for n in sizes:
            names = lists[n]
            wall, rss, out = self.time_rss([tool, names, text])
            cpu = self.last_cpu
            count, build, search, mem = out.split()
            count, build, search = int(count), float(build), float(search)
            # With glibc's own mmap threshold, which keeps the build's
            # freed temporaries in the heap (aho_bench.c).
            _, grss_default, _ = self.time_rss([tool, "-g", names, text])
            gwall, grss, gout = self.time_rss(["sh", "-c",
                "LC_ALL=C.UTF-8 grep -F -o -w -f %s %s | wc -l" % (
                names, text)])
            gcpu = self.last_cpu
            gcount = int(gout.split()[0])
            pwall, prss, pout = self.time_rss(["/usr/bin/python3", "-c",
                pyac, names, text])
            pcount = int(pout.split()[0])
            same = "same" if count == gcount == pcount else \
                "counts %d / grep %d / pyahocorasick %d" % (count, gcount,
                                                            pcount)
            speed = mb / search if search > 0 else float("inf")
            ratio = gwall / wall if wall > 0 else float("inf")
            if n < 1000000:
                target = ">= 100 MB/s, >= 5x grep"
                ok = speed >= 100 and ratio >= 5
            else:
                target = ">= 2x grep incl. build, <= 1/3 its memory"
                ok = ratio >= 2 and rss <= grss / 3
            cpu_ratio = gcpu / cpu if cpu > 0 else float("inf")
            self.row("gazetteer", "%s names, %.0f MB: %d matches (%s)" % (
                human_count(n), mb, count, "same count as grep and "
                "pyahocorasick" if same == "same" else same),
                "%.0f MB/s; %s all (CPU %s), build %s; %s (%s with "
                "glibc's threshold)" % (speed, fmt_ms(wall), fmt_ms(cpu),
                fmt_ms(build), human_bytes(rss), human_bytes(grss_default)),
                "grep %s (CPU %s), %s; pyac %s, %s" % (fmt_ms(gwall),
                fmt_ms(gcpu), human_bytes(grss), fmt_ms(pwall),
                human_bytes(prss)),
                "%.1fx (CPU %.1fx)" % (ratio, cpu_ratio), target,
                self.verdict(ok))
            if not ok:
                self.note("Gazetteer at %s names" % human_count(n), [
                    "margin searched at %.0f MB/s and took %.0f%% of "
                    "grep's time (build %s of %s).  The automaton reads "
                    "every byte through a table, and each node it walks "
                    "for a capitalised word is a cache miss at large "
                    "lists; grep -F skips ahead over bytes that start no "
                    "name." % (speed, 100.0 * wall / gwall if gwall > 0
                    else 0, fmt_ms(build), fmt_ms(wall))])
        self.facts.append("Gazetteer: %.0f MB of the generated news text "
            "searched once; the lists are the text's %d distinct "
            "capitalised words and pairs, then made-up names; margin's "
            "matcher is bench/aho_bench.c (the one margin suggest uses, "
            "alone, reading the text a megabyte at a time as grep does, "
            "with a fixed mmap threshold; the figure in brackets keeps "
            "glibc's moving one); grep runs with LC_ALL=C.UTF-8 -F -o -w, "
            "python3-ahocorasick's iter_long with the same word test." % (
            mb, real))

    def bench_tagger(self):
        tagger_bench.bench_tagger(self)

    def bench_pg(self):
        pg_bench.bench_pg(self)

    def verdict(self, ok):
        return "met" if ok else "MISSED"

    def within(self, ratio, limit):
        """A ratio judged as it is shown, to two decimals."""
        return round(ratio, 2) <= limit

    def machine(self):
        model = "unknown"
        try:
            for line in open("/proc/cpuinfo"):
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        sqlite = self.run(["sqlite3", "--version"],
            stdout=subprocess.PIPE).stdout.decode().split()[0]
        version = self.run([self.margin, "--version"],
            stdout=subprocess.PIPE).stdout.decode().strip()
        commit = self.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
            stdout=subprocess.PIPE, check=False).stdout.decode().strip()
        dirty = self.run(["git", "-C", ROOT, "status", "--porcelain",
            "--untracked-files=no"], stdout=subprocess.PIPE,
            check=False).stdout.strip()
        return {"load": os.getloadavg()[0],
            "date": datetime.datetime.now(datetime.timezone.utc)
            .strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": str(os.cpu_count()), "cpu": model,
            "system": "%s %s" % (platform.system(), platform.release()),
            "sqlite": sqlite, "margin": version,
            "commit": (commit or "unknown") + (" (with uncommitted changes)"
            if dirty else "")}

    def write_results(self, info, seconds):
        lines = ["# margin benchmark results", "",
            "Written by `make %s` (bench/bench.py); every figure is a median "
            "of the runs shown (n), next to its anchor measured in the same "
            "run on the same data, and to its target from the benchmark "
            "issue.  Instructions are callgrind's counts." % (
            "bench" if self.mode == "full" else "bench-quick"), "",
            "- date: %s" % info["date"],
            "- machine: %s CPUs (nproc), %s, %s" % (info["nproc"],
            info["cpu"], info["system"]),
            "- %s at commit %s; SQLite %s" % (info["margin"], info["commit"],
            info["sqlite"]),
            "- mode: %s (%.0f s)" % (self.mode, seconds),
            "- load average (1 min) at the start and the end: %.1f, %.1f; "
            "where it passes the number of CPUs, wall-clock times stretch "
            "and the CPU times beside them (user + sys) tell more" % (
            info["load"], os.getloadavg()[0]), "",
            "| measure | margin | anchor | ratio | target | result |",
            "| --- | --- | --- | --- | --- | --- |"]
        for r in self.rows:
            if r[0] in APART:
                continue
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in
                r[1:]) + " |")
        missed = [r for r in self.rows if r[6] == "MISSED" and
            r[0] not in APART]
        lines += ["", "%d figures missed their target." % len(missed)]
        lines += ["", "## How it was measured", ""]
        lines += ["- " + f for f in self.facts]
        lines += ["", "## What bounds each miss, and what is missing", ""]
        if not self.notes:
            lines.append("Nothing.")
        for title, body in self.notes:
            lines += ["### " + title, ""] + body + [""]
        kept = kept_sections(self.results)
        with open(self.results, "w", encoding="utf-8") as f:
            f.write("\n".join(lines).rstrip("\n") + "\n")
            for sec in kept:
                f.write("\n" + sec.rstrip("\n") + "\n")

    def main(self):
        t0 = time.time()
        info = self.machine()
        print("margin benchmarks (%s): %s CPUs, %s, %s" % (self.mode,
            info["nproc"], info["cpu"], info["date"]), flush=True)
        print("  %-34s %-26s %-22s %-9s %-22s %s" % ("measure", "margin",
            "anchor", "ratio", "target", "result"))
        sections = [("import", self.bench_import),
            ("startup", self.bench_startup), ("keys", self.bench_keys),
            ("export", self.bench_export), ("search", self.bench_search),
            ("memory", self.bench_tui_memory), ("bulk", self.bench_bulk),
            ("gazetteer", self.bench_gazetteer),
            ("tagger", self.bench_tagger), ("pg", self.bench_pg)]
        self.dbs = {n: path("db", "articles-%d.db" % n)
            for n, _ in self.cfg["imports"]}
        huge = path("db", "articles-%d.db" % self.cfg["huge"])
        if self.cfg["huge"] and os.path.exists(huge):
            self.dbs["huge"] = huge
        for name, fn in sections:
            if self.only and name not in self.only:
                continue
            if name not in ("import", "tagger", "gazetteer", "pg") and \
                    not os.path.exists(
                    self.dbs[self.cfg["large"]]):
                raise RuntimeError("no databases yet: run the import first")
            t = time.time()
            fn()
            log("%s took %.0f s" % (name, time.time() - t))
        self.facts.append("Times are wall-clock medians of whole "
            "processes (fork and exec included on both sides); the runs "
            "of margin and of its anchor alternate.  Generated data "
            "(tools/gen_corpus.py, fixed seeds) and databases are kept "
            "in build/bench/.")
        seconds = time.time() - t0
        if self.only and all(n in APART for n in self.only):
            # Written into its own section already; the main table and
            # the other sections stay as they are.
            return
        self.write_results(info, seconds)
        missed = sum(1 for r in self.rows if r[6] == "MISSED")
        print("%d figures, %d missed their target; written to %s (%.0f s)"
            % (len(self.rows), missed, os.path.relpath(self.results, ROOT),
            seconds))


# Sections of RESULTS.md written apart (their own runs and words): a new
# run keeps them as they are, whatever it measured.
KEPT_SECTIONS = ("Bulk writes", "Gazetteer matching", "Tagger against CRFsuite",
    pg_bench.SECTION)
# Sections that write their own part of RESULTS.md (pg_bench.py): their
# rows are not in the main table.
APART = ("pg",)


def kept_sections(results):
    """The "## " sections of an earlier results file whose titles start
    with one of KEPT_SECTIONS, verbatim, in their order."""
    try:
        with open(results, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return []
    out, cur = [], None
    for line in text.split("\n"):
        if line.startswith("## "):
            if cur is not None:
                out.append("\n".join(cur))
            cur = [line] if line[3:].startswith(KEPT_SECTIONS) else None
        elif cur is not None:
            cur.append(line)
    if cur is not None:
        out.append("\n".join(cur))
    return out


# --- profiles -------------------------------------------------------------

PROFILE_LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*?)"
    r"(?:\s+\[(.*)\])?\s*$")


def profile(out, inclusive):
    """{function: instructions} from callgrind_annotate."""
    p = subprocess.run(["callgrind_annotate", "--auto=no", "--threshold=100",
        "--inclusive=" + ("yes" if inclusive else "no"), out],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    funcs = {}
    for line in p.stdout.decode(errors="replace").splitlines():
        m = PROFILE_LINE.match(line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        where, obj = m.group(2), m.group(3) or ""
        fn = where.rsplit(":", 1)[-1]
        if "/src/" in where:
            name = "%s (%s)" % (fn, os.path.basename(where.rsplit(":", 1)[0]))
        elif obj:
            lib = os.path.basename(obj).split(".so")[0]
            name = "%s (%s)" % (fn, lib)
        else:
            name = fn
        funcs[name] = funcs.get(name, 0) + int(m.group(1).replace(",", ""))
    return funcs


def is_margin(name):
    """margin's own functions, less the ones every run goes through."""
    return name.endswith(".c)") and "'" not in name and not name.startswith(
        ("main ", "cmd_", "ui_run ", "ui_script_", "ui_start "))


def profile_lines(out, top=6):
    """The hottest functions by own cost, and margin's by inclusive cost."""
    own = sorted(profile(out, False).items(), key=lambda kv: -kv[1])
    incl = sorted(((k, v) for k, v in profile(out, True).items()
        if is_margin(k)), key=lambda kv: -kv[1])
    total = sum(v for _, v in own) or 1
    lines = ["", "| own instructions | function |", "| ---: | --- |"]
    lines += ["| %s (%.0f%%) | %s |" % (fmt_instr(v), 100.0 * v / total, k)
        for k, v in own[:top]]
    lines += ["", "| with callees | margin function |", "| ---: | --- |"]
    lines += ["| %s | %s |" % (fmt_instr(v), k) for k, v in incl[:top]]
    return lines


def profile_diff_lines(out, base, nkeys, top=6):
    """Per key, what a profile costs beyond another one."""
    lines = ["", "| own, per key | function |", "| ---: | --- |"]
    a, b = profile(out, False), profile(base, False)
    diff = sorted(((k, (v - b.get(k, 0)) / nkeys) for k, v in a.items()),
        key=lambda kv: -kv[1])
    lines += ["| %s | %s |" % (fmt_instr(v), k) for k, v in diff[:top]]
    a, b = profile(out, True), profile(base, True)
    diff = sorted(((k, (v - b.get(k, 0)) / nkeys) for k, v in a.items()
        if is_margin(k)), key=lambda kv: -kv[1])
    lines += ["", "| with callees, per key | margin function |",
        "| ---: | --- |"]
    lines += ["| %s | %s |" % (fmt_instr(v), k) for k, v in diff[:top]]
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=sorted(MODES))
    p.add_argument("--margin", default=os.path.join(ROOT, "margin"))
    p.add_argument("--results")
    p.add_argument("--huge", type=int, metavar="N", help="articles in the "
        "growth corpus (default: 1000000 in full mode, 10000 in quick; "
        "0 leaves it out)")
    p.add_argument("--only", help="comma-separated sections: import, "
        "startup, keys, export, search, memory, bulk, gazetteer, tagger, pg (the others are "
        "skipped; "
        "the databases of an earlier import are used)")
    p.add_argument("--pg-writers", type=int, metavar="N",
        help="pg: annotators writing at once (default 20)")
    p.add_argument("--pg-seconds", type=int, metavar="S",
        help="pg: how long they write (default 30 s, 10 s in quick)")
    p.add_argument("--pg-trials", type=int, metavar="N",
        help="pg: live refresh trials (default 10, 5 in quick)")
    p.add_argument("--pg-spans", type=int, metavar="N",
        help="pg: spans exported (default 1000000, 100000 in quick)")
    p.add_argument("--pg-articles", type=int, metavar="N",
        help="pg: articles imported (default 100000, 5000 in quick)")
    p.add_argument("--pg-parts", metavar="LIST", help="pg: comma-separated"
        " parts: writers, refresh, export, import (default all)")
    args = p.parse_args()
    only = args.only.split(",") if args.only else []
    results = args.results or (os.path.join(ROOT, "bench", "RESULTS.md")
        if args.mode == "full" else path("RESULTS-quick.md"))
    os.makedirs(WORK, exist_ok=True)
    if args.huge is not None:
        MODES[args.mode]["huge"] = args.huge
    try:
        b = Bench(args.mode, args.margin, results, only)
        b.pg_sizes = {"writers": args.pg_writers,
            "seconds": args.pg_seconds, "trials": args.pg_trials,
            "spans": args.pg_spans, "articles": args.pg_articles,
            "parts": tuple(args.pg_parts.split(",")) if args.pg_parts
            else None}
        b.pg_args = "".join(" --%s %s" % (k.replace("_", "-"), v)
            for k, v in vars(args).items() if k.startswith("pg_") and
            v is not None)
        b.main()
    except (RuntimeError, OSError) as e:
        print("bench: " + str(e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
