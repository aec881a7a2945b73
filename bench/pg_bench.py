# pg_bench.py: the PostgreSQL section of bench.py (issue 17): the same
# work on both backends, the server's own tool (psql \copy) beside it.
"""margin on PostgreSQL against margin on SQLite and against psql.

A throwaway cluster, as tests/pg.sh makes it: initdb, pg_ctl on a unix
socket in a temporary folder, listen_addresses='', run as an
unprivileged user (nobody, when run as root).  Unlike the tests' cluster
it keeps fsync on: SQLite's side commits with synchronous=FULL.

1. Writers: N annotators (CLI processes) write at once for S seconds,
   each alternating an import of one new article with three spans and a
   `margin tag` of one of the shared articles; every write a process
   reported saved is looked up in the database afterwards.
2. Live refresh: a TUI in tmux shows an article; another process (the
   TUI headless, --script) tags a word in it; the time from that
   process's exit (its commit is before) to the first screen capture
   that shows the span.
3. Export of the span corpus (CSV) and import of the article corpus,
   margin on each backend and psql \\copy of the same rows.
"""

import csv
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from report import fmt_ms, human_bytes, human_count, log

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(ROOT, "build", "bench", "pg")

SECTION = "PostgreSQL backend (issue 17)"

SOLO_SECONDS = 5
PARTS = ("writers", "refresh", "export", "import")
# Per mode: writers, seconds, refresh trials, spans and articles of the
# export and import corpora, runs of each.
SIZES = {
    "quick": {"writers": 20, "seconds": 10, "trials": 5,
              "spans": 100000, "articles": 5000,
              "export_runs": 3, "import_runs": 1, "parts": PARTS},
    "full": {"writers": 20, "seconds": 30, "trials": 10,
             "spans": 1000000, "articles": 100000,
             "export_runs": 5, "import_runs": 1, "parts": PARTS},
}

# The CSV export's columns (SPEC §9) as psql selects them: the same as
# bench.py's CSV_SQL for the sqlite3 shell.
PG_CSV_SQL = (
    "SELECT a.id AS article_id, a.title AS article_title, a.source,"
    " s.annotator, s.label, s.start, s.\"end\", s.text, s.start_byte,"
    " s.end_byte, s.status, s.origin, s.note,"
    " to_char(to_timestamp(s.created_at) AT TIME ZONE 'UTC',"
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at,"
    " s.entity AS entity_id, coalesce(e.name, '') AS entity_name,"
    " coalesce(e.kb_id, '') AS kb_id"
    " FROM spans s JOIN articles a ON a.id = s.article"
    " LEFT JOIN entities e ON e.id = s.entity"
    " WHERE s.status = 'accepted' ORDER BY s.article, s.start, s.\"end\"")
# The articles' own columns (the full-text column is generated).
ARTICLE_COLUMNS = "id, title, source, imported_at, text, hash, meta"

# The text the refresh trials tag, one word per trial.
REFRESH_WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot",
    "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima", "Mike",
    "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango"]


class Seconds(float):
    """Wall-clock seconds with the CPU seconds beside them."""

    def __new__(cls, wall, cpu):
        self = super().__new__(cls, wall)
        self.cpu = cpu
        return self


def percentile(xs, p):
    """The p-th percentile, nearest rank."""
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = max(0, min(len(xs) - 1, int(-(-p * len(xs) // 100)) - 1))
    return xs[k]


# --- the cluster ---------------------------------------------------------

def pg_bindir():
    """The newest server's bin folder, as tests/pg.sh finds it."""
    base = "/usr/lib/postgresql"
    found = []
    if os.path.isdir(base):
        for v in os.listdir(base):
            d = os.path.join(base, v, "bin")
            if os.access(os.path.join(d, "initdb"), os.X_OK):
                found.append((tuple(int(x) for x in re.findall(r"\d+", v)),
                    d))
    if found:
        return sorted(found)[-1][1]
    w = shutil.which("initdb")
    return os.path.dirname(w) if w else None


class Cluster:
    """A PostgreSQL server of our own, stopped and removed by stop()."""

    def __init__(self, env):
        self.env = env
        self.bin = pg_bindir()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server (initdb): install "
                "postgresql")
        if shutil.which("psql") is None:
            raise RuntimeError("no psql: install postgresql-client")
        self.dir = None

    def as_owner(self, cmd):
        """The server refuses root: run it as nobody then."""
        if os.getuid() == 0:
            return ["setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "--"] + cmd
        return cmd

    def run(self, cmd, what):
        p = subprocess.run(self.as_owner(cmd), cwd="/", env=self.env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        if p.returncode != 0:
            raise RuntimeError("%s failed: %s" % (what,
                p.stdout.decode(errors="replace")[-1000:]))

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="margin-pg-")
        os.chmod(self.dir, 0o755)
        self.data = os.path.join(self.dir, "data")
        self.sock = os.path.join(self.dir, "sock")
        os.mkdir(self.data)
        os.mkdir(self.sock)
        if os.getuid() == 0:
            shutil.chown(self.data, "nobody", "nogroup")
            shutil.chown(self.sock, "nobody", "nogroup")
        self.run([os.path.join(self.bin, "initdb"), "-D", self.data, "-A",
            "trust", "-U", "margin", "-E", "UTF8", "--locale=C.UTF-8",
            "--no-sync"], "initdb")
        self.run([os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-l",
            os.path.join(self.sock, "log"), "-w", "-t", "120", "-o",
            "-k %s -c listen_addresses='' -c max_connections=100"
            % self.sock, "start"], "starting the PostgreSQL server")
        self.version = self.psql_value("SHOW server_version")

    def stop(self):
        if self.dir is None:
            return
        subprocess.run(self.as_owner([os.path.join(self.bin, "pg_ctl"),
            "-D", self.data, "-m", "immediate", "-w", "stop"]), cwd="/",
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def conninfo(self, db):
        return "host=%s user=margin dbname=%s" % (self.sock, db)

    def psql_cmd(self, db="postgres"):
        return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h",
            self.sock, "-U", "margin", "-d", db]

    def psql(self, sql, db="postgres", stdout=subprocess.PIPE):
        p = subprocess.run(self.psql_cmd(db) + ["-c", sql], env=self.env,
            stdin=subprocess.DEVNULL, stdout=stdout, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError("psql: %s: %s" % (sql[:80],
                p.stderr.decode(errors="replace")[-1000:]))
        return p.stdout.decode("utf-8") if stdout == subprocess.PIPE \
            else ""

    def psql_value(self, sql, db="postgres"):
        return self.psql(sql, db).strip()

    def rows(self, sql, db):
        """Rows of a query, fields as text, tab-separated by psql."""
        p = subprocess.run(self.psql_cmd(db) + ["-F", "\t", "-c", sql],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError("psql: %s: %s" % (sql[:80],
                p.stderr.decode(errors="replace")[-1000:]))
        out = p.stdout.decode("utf-8")
        return [tuple(line.split("\t")) for line in out.split("\n") if line]

    def createdb(self, name):
        self.psql("DROP DATABASE IF EXISTS %s" % name)
        self.psql("CREATE DATABASE %s" % name)
        return self.conninfo(name)

    def dropdb(self, name):
        self.psql("DROP DATABASE IF EXISTS %s" % name)


# --- the backends, alike ---------------------------------------------------

class Backend:
    """One database of either kind: its --db, and SQL on it."""

    def __init__(self, kind, spec, cluster=None, name=None):
        self.kind = kind          # "SQLite" or "PostgreSQL"
        self.spec = spec          # a file, or a conninfo
        self.cluster = cluster
        self.name = name

    def rows(self, sql):
        if self.kind == "PostgreSQL":
            return self.cluster.rows(sql, self.name)
        import sqlite3
        db = sqlite3.connect(self.spec)
        try:
            return [tuple("" if v is None else str(v) for v in r)
                for r in db.execute(sql)]
        finally:
            db.close()


def fresh_sqlite(b, name):
    db = os.path.join(WORK, name + ".db")
    b.fresh(db)
    return Backend("SQLite", db)


def fresh_pg(cluster, name):
    return Backend("PostgreSQL", cluster.createdb(name), cluster, name)


# --- 1. writers --------------------------------------------------------------

WRITE_NOISE = re.compile(r"^margin: imported [0-9]+ articles? \(")


def base_articles(b, be, n):
    """n shared articles every writer tags; their ids."""
    f = os.path.join(WORK, "base.jsonl")
    with open(f, "w", encoding="utf-8") as out:
        for k in range(n):
            out.write('{"title": "base-%d", "text": "base-%d: an article '
                'everyone tags."}\n' % (k, k))
    b.run(b.m(be.spec, "import", f))
    ids = [r[0] for r in be.rows("SELECT id FROM articles ORDER BY id")]
    if len(ids) != n:
        raise RuntimeError("%s: %d base articles, not %d" % (be.kind,
            len(ids), n))
    return ids


def writer(b, be, name, ids, stop_at, out):
    """Import an article with three spans, then tag a shared article,
    and again, until stop_at; each command timed, what it saved kept."""
    work = os.path.join(WORK, "w-" + name)
    os.makedirs(work, exist_ok=True)
    f = os.path.join(work, "a.jsonl")
    seq = 0
    while time.time() < stop_at:
        seq += 1
        if seq % 2:
            title = "%s-%d" % (name, seq)
            text = "%s: Ada met Bob in Zürich at the Expo." % title
            spans = []
            for word, label in (("Ada", "PER"), ("Bob", "PER"),
                    ("Zürich", "LOC")):
                s = text.index(word)
                spans.append((s, s + len(word), label))
            with open(f, "w", encoding="utf-8") as o:
                o.write('{"title": "%s", "text": "%s", "spans": [%s]}\n' % (
                    title, text, ", ".join('{"start": %d, "end": %d, '
                    '"label": "%s"}' % sp for sp in spans)))
            cmd = b.m(be.spec, "--annotator", name, "import", f)
            kind = "import"
        else:
            article = ids[(seq // 2 + int(name[1:])) % len(ids)]
            tag = "t%s-%d" % (name, seq)
            cmd = b.m(be.spec, "--annotator", name, "tag", article, tag)
            kind = "tag"
        t0 = time.perf_counter()
        p = subprocess.run(cmd, env=b.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        err = [line for line in p.stderr.decode(errors="replace")
            .splitlines() if not WRITE_NOISE.match(line)]
        if p.returncode != 0 or err:
            out["errors"].append("%s %s: exit %d: %s" % (name, kind,
                p.returncode, " / ".join(err)[:300]))
        if p.returncode != 0:
            continue
        out["lat"][kind].append(dt)
        if kind == "import":
            out["articles"].append(title)
            for s, e, label in spans:
                out["spans"].append((title, str(s), str(e), label, name))
        else:
            out["tags"].append((article, tag, name))


def check_writes(be, got):
    """Writes reported saved but not in the database exactly once."""
    have_spans = {}
    for r in be.rows("SELECT a.title, s.start, s.\"end\", s.label,"
            " s.annotator FROM spans s JOIN articles a ON a.id = s.article"):
        have_spans[r] = have_spans.get(r, 0) + 1
    have_titles = {}
    for (t,) in be.rows("SELECT title FROM articles"):
        have_titles[t] = have_titles.get(t, 0) + 1
    have_tags = {}
    for r in be.rows("SELECT article, tag, annotator FROM article_tags"):
        have_tags[r] = have_tags.get(r, 0) + 1
    lost = []
    lost += ["article %s x%d" % (t, have_titles.get(t, 0))
        for t in got["articles"] if have_titles.get(t, 0) != 1]
    lost += ["span %s x%d" % ("/".join(k), have_spans.get(k, 0))
        for k in got["spans"] if have_spans.get(k, 0) != 1]
    lost += ["tag %s x%d" % ("/".join(k), have_tags.get(k, 0))
        for k in got["tags"] if have_tags.get(k, 0) != 1]
    return lost


def bench_writers(b, be, n, seconds):
    log("%s: %d writers for %d s" % (be.kind, n, seconds))
    ids = base_articles(b, be, n)
    got = {"lat": {"import": [], "tag": []}, "articles": [], "spans": [],
        "tags": [], "errors": []}
    stop_at = time.time() + seconds
    t0 = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(b, be, "w%02d" % k,
        ids, stop_at, got)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    got["wall"] = wall
    got["lost"] = check_writes(be, got)
    return got


def writer_rows(b, res, n, seconds):
    for kind, got in res:
        nw = len(got["lat"]["import"]) + len(got["lat"]["tag"])
        every = got["lat"]["import"] + got["lat"]["tag"]
        b.row("pg", "%d writers %d s, %s: writes/s (total)" % (n, seconds,
            kind), "%.1f/s (%d: %d imports of 3 spans, %d tags)" % (
            nw / got["wall"], nw, len(got["lat"]["import"]),
            len(got["lat"]["tag"])))
        nsaved = len(got["articles"]) + len(got["spans"]) + len(got["tags"])
        b.row("pg", "lost writes, %s" % kind, "%d of %d saved rows; %d "
            "errors" % (len(got["lost"]), nsaved, len(got["errors"])),
            "", "", "0", b.verdict(not got["lost"] and not got["errors"]))
        solo = got["solo"]["lat"]["import"] + got["solo"]["lat"]["tag"]
        b.row("pg", "write latency, %s, command run, p99 (median)" % kind,
            "%s (%s); import %s, tag %s" % (fmt_ms(percentile(every, 99)),
            fmt_ms(statistics.median(every)),
            fmt_ms(percentile(got["lat"]["import"], 99)),
            fmt_ms(percentile(got["lat"]["tag"], 99))),
            "alone: %s (%s); import %s, tag %s" % (
            fmt_ms(percentile(solo, 99)), fmt_ms(statistics.median(solo)),
            fmt_ms(statistics.median(got["solo"]["lat"]["import"])),
            fmt_ms(statistics.median(got["solo"]["lat"]["tag"]))),
            "%.1f× alone" % (percentile(every, 99) / percentile(solo, 99)))
    (k1, g1), (k2, g2) = res
    r1 = sum(len(v) for v in g1["lat"].values()) / g1["wall"]
    r2 = sum(len(v) for v in g2["lat"].values()) / g2["wall"]
    b.row("pg", "writes/s, %s against %s" % (k2, k1), "%.1f/s" % r2,
        "%.1f/s" % r1, "%.2f×" % (r2 / r1))


# --- 2. live refresh -------------------------------------------------------

class Tmux:
    def __init__(self, env):
        self.sock = "margin-bench-%d" % os.getpid()
        self.env = env

    def cmd(self, *args, check=True):
        p = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] +
            list(args), env=self.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if check and p.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (args[0],
                p.stderr.decode(errors="replace")))
        return p.stdout.decode("utf-8", errors="replace")

    def screen(self, name):
        return self.cmd("capture-pane", "-p", "-t", name, check=False)

    def wait(self, name, text, limit=30.0):
        end = time.time() + limit
        while time.time() < end:
            if text in self.screen(name):
                return
            time.sleep(0.02)
        raise RuntimeError("the TUI never showed %r: %s" % (text,
            self.screen(name)[-600:]))

    def kill(self):
        self.cmd("kill-server", check=False)


def refresh_article(b, be):
    f = os.path.join(WORK, "refresh.jsonl")
    with open(f, "w", encoding="utf-8") as o:
        o.write('{"title": "Refresh trial", "text": "%s."}\n' %
            " ".join(REFRESH_WORDS))
    b.run(b.m(be.spec, "import", f))


def shown(screen):
    """bob's spans in the viewer's annotations pane."""
    return len(re.findall(r"│ PER \S+ bob", screen))


def bench_refresh(b, be, trials):
    """Seconds from a writer's exit to the viewer's screen showing its
    span, per trial."""
    log("%s: live refresh, %d trials" % (be.kind, trials))
    trials = min(trials, len(REFRESH_WORDS))
    refresh_article(b, be)
    tm = Tmux(b.env)
    name = "viewer"
    try:
        tm.cmd("new-session", "-d", "-s", name, "-x", "120", "-y", "40",
            "env LC_ALL=C.UTF-8 MARGIN_ANNOTATOR=viewer %s --db '%s'; "
            "sleep 60" % (b.margin, be.spec))
        tm.wait(name, "done 0/1")
        tm.cmd("send-keys", "-t", name, "Enter")
        tm.wait(name, "Foxtrot")
        # Everyone's spans, not only mine.
        tm.cmd("send-keys", "-t", name, "V")
        time.sleep(0.5)
        rnd = random.Random(17)
        out = []
        for i in range(trials):
            script = os.path.join(WORK, "refresh-%d.script" % i)
            with open(script, "w") as s:
                s.write("<Enter>\n%s1\nq\n" % ("w " * i))
            if shown(tm.screen(name)) != i:
                raise RuntimeError("%s: %d spans shown before trial %d" % (
                    be.kind, shown(tm.screen(name)), i))
            # A moment of its own for each trial: the viewer's wake-ups
            # and the writes fall at different phases.
            time.sleep(rnd.uniform(0.3, 1.0))
            p = subprocess.Popen(b.m(be.spec, "--annotator", "bob",
                "--script", script), env=b.env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            t_exit = seen = None
            limit = time.perf_counter() + 20
            while seen is None and time.perf_counter() < limit:
                if t_exit is None and p.poll() is not None:
                    t_exit = time.perf_counter()
                if shown(tm.screen(name)) > i:
                    seen = time.perf_counter()
                    break
                time.sleep(0.01)
            err = p.communicate()[1].decode(errors="replace")
            if t_exit is None:
                # Shown before the writer was seen to exit: after its
                # commit, within one poll of its exit.
                t_exit = seen
            if p.returncode != 0 or err.strip():
                raise RuntimeError("the writer of trial %d: exit %d: %s" % (
                    i, p.returncode, err[-500:]))
            if seen is None:
                raise RuntimeError("%s: trial %d (%s): the viewer never "
                    "showed the span: %s" % (be.kind, i, REFRESH_WORDS[i],
                    tm.screen(name)[-800:]))
            out.append(seen - t_exit)
        tm.cmd("send-keys", "-t", name, "q")
        return out
    finally:
        tm.kill()


def refresh_rows(b, res):
    for kind, lat in res:
        worst = max(lat)
        b.row("pg", "live refresh, %s, n=%d: median (worst)" % (kind,
            len(lat)), "%s (%s)" % (fmt_ms(statistics.median(lat)),
            fmt_ms(worst)), "", "", "≤ 0.5 s" if kind == "PostgreSQL"
            else "", b.verdict(worst <= 0.5) if kind == "PostgreSQL"
            else "")


# --- 3. export and import --------------------------------------------------

def pg_import_spans(b, cluster, jsonl, spans):
    be = fresh_pg(cluster, "spans")
    log("PostgreSQL: importing %d spans" % spans)
    t = b.timed(b.m(be.spec, "import", jsonl))
    got = int(be.rows("SELECT count(*) FROM spans")[0][0])
    if got != spans:
        raise RuntimeError("PostgreSQL: %d spans imported, %d generated"
            % (got, spans))
    return be, t


def csv_rows(p, skip_created=False):
    with open(p, newline="", encoding="utf-8") as f:
        skip = None
        for r in csv.reader(f):
            if skip_created and skip is None:
                skip = r.index("created_at")
            yield r[:skip] + r[skip + 1:] if skip_created else r


def same_csv(a, b_, skip_created=False):
    n = 0
    ra, rb = csv_rows(a, skip_created), csv_rows(b_, skip_created)
    for x, y in zip(ra, rb):
        if x != y:
            return False, n
        n += 1
    if next(ra, None) is not None or next(rb, None) is not None:
        return False, n
    return True, n - 1


def bench_export(b, cluster, cfg):
    nspans = cfg["spans"]
    narticles = max(1, nspans // 100)
    jsonl = b.generate("spans-%d.jsonl" % nspans, ["articles",
        str(narticles), "@OUT@", "--seed", "2", "--spans", str(nspans),
        "--long-every", "0"])
    sq, ts = b.span_db(narticles, nspans)
    if ts is not None:
        b.row("pg", "(import of %s spans into SQLite, once)" % (
            human_count(nspans)), "%s, %.0f spans/s" % (fmt_ms(ts), nspans / ts))
    pg, tp = pg_import_spans(b, cluster, jsonl, nspans)
    b.row("pg", "(import of %s spans into PostgreSQL, once)" % (
        human_count(nspans)), "%s, %.0f spans/s; CPU (margin) %s" % (fmt_ms(tp),
        nspans / tp, fmt_ms(tp.cpu)), "SQLite %s" % fmt_ms(ts)
        if ts is not None else "", "%.2f×" % (tp / ts) if ts else "")
    runs = cfg["export_runs"]
    out = {k: os.path.join(WORK, "export-%s.csv" % k)
        for k in ("pg", "sqlite", "psql")}
    copy = "\\copy (%s) TO '%s' WITH (FORMAT csv, HEADER)" % (PG_CSV_SQL,
        out["psql"])
    log("export csv of %d spans, %d runs each" % (nspans, runs))
    tpg, tsq, tcp = b.medians(runs, [
        lambda: b.timed(b.m(pg.spec, "export", "--format", "csv"),
            out["pg"]),
        lambda: b.timed(b.m(sq, "export", "--format", "csv"), out["sqlite"]),
        lambda: b.timed(cluster.psql_cmd("spans") + ["-c", copy])])
    same, n = same_csv(out["pg"], out["psql"])
    if not same:
        raise RuntimeError("margin's CSV from PostgreSQL and psql's "
            "differ in row %d" % n)
    same2, n2 = same_csv(out["pg"], out["sqlite"], skip_created=True)
    if not same2:
        raise RuntimeError("margin's CSV from PostgreSQL and from SQLite "
            "differ in row %d" % n2)
    size = os.path.getsize(out["pg"])
    b.row("pg", "export CSV, %s spans (%s), PostgreSQL, n=%d" % (
        human_count(nspans), human_bytes(size), runs), "%s, %.0f MB/s; CPU %s" % (
        fmt_ms(tpg), size / tpg / 1e6, fmt_ms(tpg.cpu)),
        "psql \\copy %s; CPU %s" % (fmt_ms(tcp), fmt_ms(tcp.cpu)),
        "%.2f×" % (tpg / tcp))
    b.row("pg", "export CSV, %s spans, PostgreSQL against SQLite" % (
        human_count(nspans)), fmt_ms(tpg), "margin on SQLite %s; CPU %s" % (
        fmt_ms(tsq), fmt_ms(tsq.cpu)), "%.2f×" % (tpg / tsq))
    # Peak resident memory of each (GNU time), and of margin's export
    # of ten times fewer spans: SQLite's export streams.
    mem = [b.peak_rss(b.m(pg.spec, "export", "--format", "csv"), out["pg"]),
        b.peak_rss(b.m(sq, "export", "--format", "csv"), out["sqlite"]),
        b.peak_rss(cluster.psql_cmd("spans") + ["-c", copy])]
    small = nspans // 10
    sjsonl = b.generate("spans-%d.jsonl" % small, ["articles",
        str(max(1, small // 100)), "@OUT@", "--seed", "2", "--spans",
        str(small), "--long-every", "0"])
    spg = fresh_pg(cluster, "small")
    b.run(b.m(spg.spec, "import", sjsonl))
    ssq, _ = b.span_db(max(1, small // 100), small)
    m_pg = b.peak_rss(b.m(spg.spec, "export", "--format", "csv"), out["pg"])
    m_sq = b.peak_rss(b.m(ssq, "export", "--format", "csv"), out["sqlite"])
    cluster.dropdb("small")
    b.row("pg", "export CSV memory, %s → %s spans, PostgreSQL" % (
        human_count(small), human_count(nspans)), "%s → %s" % (
        human_bytes(m_pg), human_bytes(mem[0])), "margin on SQLite %s → "
        "%s; psql %s" % (human_bytes(m_sq), human_bytes(mem[1]),
        human_bytes(mem[2])), "%.2f× (SQLite %.2f×)" % (mem[0] / m_pg,
        mem[1] / m_sq), "constant, as SQLite", b.verdict(mem[0] <=
        m_pg * 1.1 + 1e6))
    b.facts_pg.append("Export: `margin export --format csv` on each "
        "backend and psql's `\\copy (SELECT …) TO FILE (FORMAT csv, "
        "HEADER)` of the same columns, joins and order, runs alternating; "
        "margin's rows from PostgreSQL equal psql's (%d rows, read back "
        "with Python's csv module) and margin's from SQLite but for "
        "created_at (the import's time).  CPU times are the client "
        "processes' (psql's \\copy formats on the server, whose CPU is "
        "not counted; margin's PostgreSQL export formats in margin)." % n)
    for p in out.values():
        os.unlink(p)
    cluster.dropdb("spans")


def bench_import(b, cluster, cfg):
    n = cfg["articles"]
    runs = cfg["import_runs"]
    jsonl, _ = b.corpus(n)
    size = os.path.getsize(jsonl)
    sq = os.path.join(WORK, "import.db")
    rows = os.path.join(WORK, "articles.csv")
    times = {"sqlite": [], "pg": [], "psql": []}
    log("import of %d articles, %d runs each" % (n, runs))
    for _ in range(runs):
        b.fresh(sq)
        times["sqlite"].append(b.timed(b.m(sq, "import", jsonl)))
        pg = fresh_pg(cluster, "imp")
        times["pg"].append(b.timed(b.m(pg.spec, "import", jsonl)))
        # The same rows, as margin stored them, into the same schema.
        cluster.psql("\\copy (SELECT %s FROM articles ORDER BY id) TO '%s'"
            " WITH (FORMAT csv)" % (ARTICLE_COLUMNS, rows), "imp")
        an = fresh_pg(cluster, "anchor")
        # margin makes its schema (an import does), then the article goes.
        one = os.path.join(WORK, "schema.txt")
        with open(one, "w") as f:
            f.write("An article that makes margin create its schema.\n")
        b.run(b.m(an.spec, "import", one))
        an.cluster.psql("DELETE FROM articles", "anchor")
        times["psql"].append(b.timed(cluster.psql_cmd("anchor") + ["-c",
            "\\copy articles(%s) FROM '%s' WITH (FORMAT csv)" % (
            ARTICLE_COLUMNS, rows)]))
        q = ("SELECT count(*), md5(string_agg(md5(%s), '' ORDER BY id))"
            " FROM articles" % " || ".join("coalesce(%s::text, '')" % c
            for c in ARTICLE_COLUMNS.replace("imported_at, ", "")
            .split(", ")))
        a1, a2 = pg.rows(q), an.rows(q)
        if a1 != a2 or int(a1[0][0]) != n:
            raise RuntimeError("margin and psql \\copy did not store the "
                "same %d articles: %s %s" % (n, a1, a2))
        cluster.dropdb("imp")
        cluster.dropdb("anchor")
    b.fresh(sq)
    os.unlink(rows)
    med = {k: Seconds(statistics.median(v), statistics.median(
        x.cpu for x in v)) for k, v in times.items()}
    b.row("pg", "import %s articles (%s), PostgreSQL, n=%d" % (human_count(n),
        human_bytes(size), runs), "%s, %.0f art/s; CPU %s" % (fmt_ms(med["pg"]),
        n / med["pg"], fmt_ms(med["pg"].cpu)), "psql \\copy %s" % fmt_ms(
        med["psql"]), "%.2f×" % (med["pg"] / med["psql"]))
    b.row("pg", "import %s articles, PostgreSQL against SQLite" % (
        human_count(n)), fmt_ms(med["pg"]), "margin on SQLite %s; CPU %s" % (
        fmt_ms(med["sqlite"]), fmt_ms(med["sqlite"].cpu)), "%.2f×" % (
        med["pg"] / med["sqlite"]))
    b.facts_pg.append("Import: `margin import` of the same JSONL file into "
        "a new database of each backend; psql's `\\copy articles(%s) FROM "
        "FILE (FORMAT csv)` of the rows margin stored (exported with "
        "\\copy first) into a new database that margin made its schema in "
        "(the full-text column, its GIN index and the triggers included), "
        "checked equal to margin's (count and a digest of every column "
        "but imported_at)." % ARTICLE_COLUMNS)


# --- the section -------------------------------------------------------------

def bench_pg(b):
    cfg = dict(SIZES[b.mode])
    for k, v in getattr(b, "pg_sizes", {}).items():
        if v is not None:
            cfg[k] = v
    os.makedirs(WORK, exist_ok=True)
    b.facts_pg = []
    b.notes_pg = []
    first = len(b.rows)
    t0 = time.time()
    info = b.machine()
    try:
        cluster = Cluster(b.env)
    except RuntimeError as e:
        if "pg" in b.only:
            raise
        # A whole run on a machine without the server: the rest stands.
        log("%s; the PostgreSQL section is left out" % e)
        return
    cluster.start()
    try:
        print("9. PostgreSQL %s" % cluster.version, flush=True)
        if "writers" in cfg["parts"]:
            res = []
            for kind in ("SQLite", "PostgreSQL"):
                be = (fresh_sqlite(b, "writers") if kind == "SQLite"
                    else fresh_pg(cluster, "writers"))
                got = bench_writers(b, be, cfg["writers"], cfg["seconds"])
                # The same commands with nobody else writing.
                be = (fresh_sqlite(b, "solo") if kind == "SQLite"
                    else fresh_pg(cluster, "solo"))
                got["solo"] = bench_writers(b, be, 1, SOLO_SECONDS)
                res.append((kind, got))
            writer_rows(b, res, cfg["writers"], cfg["seconds"])
            for kind, got in res:
                if got["lost"] or got["errors"]:
                    b.notes_pg.append("%s: %d lost, %d errors; first: %s"
                        % (kind, len(got["lost"]), len(got["errors"]),
                        "; ".join((got["lost"] + got["errors"])[:5])))
        if "refresh" in cfg["parts"]:
            res = []
            for kind in ("SQLite", "PostgreSQL"):
                be = (fresh_sqlite(b, "refresh") if kind == "SQLite"
                    else fresh_pg(cluster, "refresh"))
                res.append((kind, bench_refresh(b, be, cfg["trials"])))
            refresh_rows(b, res)
            b.pg_refresh = res
        if "export" in cfg["parts"]:
            bench_export(b, cluster, cfg)
        if "import" in cfg["parts"]:
            bench_import(b, cluster, cfg)
    finally:
        cluster.stop()
    b.pg_info = (info, cluster.version, time.time() - t0, first, cfg)
    write_section(b)


def section_text(b):
    info, version, seconds, first, cfg = b.pg_info
    rows = b.rows[first:]
    lines = ["## " + SECTION, "",
        "Measured with `bench/bench.py %s --only pg%s` (bench/pg_bench.py)."
        % (b.mode, getattr(b, "pg_args", "")), "",
        "- date: %s" % info["date"],
        "- machine: %s CPUs (nproc), %s, %s" % (info["nproc"], info["cpu"],
        info["system"]),
        "- %s at commit %s; SQLite %s; PostgreSQL %s" % (info["margin"],
        info["commit"], info["sqlite"], version),
        "- sizes: %d writers for %d s, %d refresh trials, %s spans, %s "
        "articles" % (cfg["writers"], cfg["seconds"], cfg["trials"],
        human_count(cfg["spans"]), human_count(cfg["articles"])),
        "- mode: %s (%.0f s)" % (b.mode, seconds),
        "- load average (1 min) at the start and the end: %.1f, %.1f; the "
        "machine is shared: ratios measured in the same run are what count"
        % (info["load"], os.getloadavg()[0]), "",
        "| measure | margin | anchor | ratio | target | result |",
        "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r[1:])
            + " |")
    lines += [""]
    facts = [
        "The cluster: initdb and pg_ctl as tests/pg.sh start them (unix "
        "socket in a temporary folder, listen_addresses='', run as nobody "
        "when root, trust authentication), but with fsync on (the tests' "
        "cluster has it off), since SQLite commits with synchronous=FULL; "
        "everything else is PostgreSQL's default.",
        "Writers: %d threads of one Python process, each running margin "
        "commands one after another until the time is up: an import of one "
        "new article with 3 spans (PER, PER, LOC) under its own annotator, "
        "then `margin tag` of one of %d shared articles with a new tag, and "
        "again.  Writes/s counts the commands that exited 0; latency is the "
        "command's whole run (fork, exec, opening the database, the write "
        "and its commit, exit), p99 by nearest rank; the anchor is the "
        "same commands run by one writer alone for %d s on a new database "
        "(its p99 (median); import and tag medians).  Afterwards every "
        "article, span and tag a command reported saved is looked up in "
        "the database: a lost write is one not there exactly once; an error "
        "is an exit other than 0 or anything on stderr but the import's "
        "summary." % (cfg["writers"], cfg["writers"], SOLO_SECONDS),
        "Live refresh: a TUI (annotator viewer, 120×40, everyone's spans "
        "shown) in tmux has an article open; another process, margin "
        "headless (`--script`, annotator bob), opens the same article and "
        "tags one word; the time is from that process's exit (its commit is "
        "just before) to the first `tmux capture-pane` (every 10 ms) whose "
        "annotations pane lists one span of bob's more.  Each trial waits a "
        "random 0.3-1.0 s first, so that the writes fall at every phase of "
        "the viewer's wake-ups.  On SQLite the viewer reads PRAGMA "
        "data_version when its key wait times out; on PostgreSQL it "
        "collects the LISTEN margin notifications (sent by the triggers at "
        "each commit) at the same moment (src/tui/ui.c ui_poll, "
        "UI_POLL_MS = 500 ms)."] + b.facts_pg
    lines += ["- " + f for f in facts]
    if b.notes_pg:
        lines += ["", "Failures seen:", ""]
        lines += ["- " + n for n in b.notes_pg]
    return "\n".join(lines) + "\n"


def write_section(b):
    """Put the section into the results file, in place of an older one."""
    text = section_text(b)
    try:
        with open(b.results, encoding="utf-8") as f:
            old = f.read()
    except OSError:
        old = ""
    parts = re.split(r"(?m)^(?=## )", old)
    keep = [p for p in parts if not p.startswith("## " + SECTION)]
    new = "".join(keep).rstrip("\n") + "\n\n" + text if old.strip() \
        else text
    with open(b.results, "w", encoding="utf-8") as f:
        f.write(new)
    log("PostgreSQL section written to %s" % os.path.relpath(b.results,
        ROOT))
