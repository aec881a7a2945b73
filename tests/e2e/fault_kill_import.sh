# SIGKILL during a large import (SPEC §8, §12): what the progress line
# reported saved is committed, nothing is half-imported (no
# article without its spans, no batch partly there), the database passes
# PRAGMA integrity_check, and importing the same file again completes it
# with no duplicate.  The import runs on a pseudo-terminal, so that it
# shows its progress ("importing: N articles") as a person would see it.
. tests/lib.sh
N=12000
python3 - "$T/in.jsonl" "$N" <<'PY'
import json, random, sys
rnd = random.Random(3)
words = "Ada Lovelace Charles Babbage London Zürich Łódź news strike union said".split()
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(int(sys.argv[2])):
        title = f"Article {i:05d}"
        body = " ".join(rnd.choice(words) for _ in range(60))
        text = f"{title}\n\nAda Lovelace {body}\n"
        f.write(json.dumps({"title": title, "text": text, "spans": [
            {"start": 0, "end": 7, "label": "MISC"},
            {"start": len(title) + 2, "end": len(title) + 14,
             "label": "PER"}]}) + "\n")
PY

python3 - "$MARGIN_BIN" "$DB" "$T/in.jsonl" "$N" <<'PY' || fail "see above"
import os, pty, random, re, select, signal, sqlite3, sys, time
margin, db, path, n = sys.argv[1], sys.argv[2], sys.argv[3], \
    int(sys.argv[4])
rnd = random.Random(11)
progress = re.compile(rb"importing: (\d+) articles")

def run(kill_after):
    """Import on a pty; with kill_after, SIGKILL that many seconds after
    the first progress line.  Returns (the last count reported, status)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(margin, [margin, "--db", db, "import", path])
    out, deadline, reported = b"", None, 0
    while True:
        timeout = 0.05 if deadline is None else max(0, deadline - time.time())
        r, _, _ = select.select([fd], [], [], timeout)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out += chunk
            counts = [int(c) for c in progress.findall(out)]
            if counts:
                reported = max(counts)
                if deadline is None and kill_after is not None:
                    deadline = time.time() + kill_after
        if deadline is not None and time.time() >= deadline:
            os.kill(pid, signal.SIGKILL)
            break
    # What it wrote before it died was reported too.
    while True:
        r, _, _ = select.select([fd], [], [], 0.2)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    counts = [int(c) for c in progress.findall(out)]
    return (max(counts) if counts else 0), status, out

def check(reported, finished, what):
    c = sqlite3.connect(db)
    (ok,) = c.execute("PRAGMA integrity_check").fetchone()
    if ok != "ok":
        sys.exit(f"{what}: integrity_check: {ok}")
    titles = [t for (t,) in c.execute("SELECT title FROM articles ORDER BY id")]
    count = len(titles)
    if titles != [f"Article {i:05d}" for i in range(count)]:
        sys.exit(f"{what}: the articles are not the first {count} of the file")
    # The progress line counts what is committed: all of it is there.
    if count < reported:
        sys.exit(f"{what}: {reported} reported saved, only {count} in "
                 f"the database")
    bad = c.execute("SELECT a.title, count(s.id) FROM articles a LEFT JOIN "
                    "spans s ON s.article = a.id GROUP BY a.id "
                    "HAVING count(s.id) != 2 LIMIT 3").fetchall()
    if bad:
        sys.exit(f"{what}: articles without their two spans: {bad}")
    (dups,) = c.execute("SELECT count(*) - count(DISTINCT hash) "
                        "FROM articles").fetchone()
    if dups:
        sys.exit(f"{what}: {dups} duplicate articles")
    c.close()
    return count

killed = 0
for attempt in range(3):
    delay = rnd.uniform(0.0, 1.5)
    reported, status, out = run(delay)
    finished = os.WIFEXITED(status)
    count = check(reported, finished, f"kill {attempt + 1} ({delay:.2f} s "
                  f"after the first progress line)")
    print(f"kill {attempt + 1}: reported {reported}, {count} in the database"
          + (" (it had finished)" if finished else ""))
    if not finished:
        if os.WTERMSIG(status) != signal.SIGKILL:
            sys.exit(f"margin died of signal {os.WTERMSIG(status)}: {out[-2000:]!r}")
        killed += 1
if killed == 0:
    sys.exit("the import finished before every kill: nothing was tested")
reported, status, out = run(None)
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    sys.exit(f"the last import failed: {out[-2000:]!r}")
count = check(reported, True, "after the import was run to its end")
if count != n:
    sys.exit(f"{count} articles after the import completed, not {n}")
PY
exit 0
