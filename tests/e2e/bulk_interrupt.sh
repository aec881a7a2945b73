# Ctrl-C during a bulk write on the command line (SPEC §11, issue 11):
# import and merge stop after the batch in hand, say how far they got,
# exit 1, and leave whole articles with all their spans; running the same
# command again completes the work, with nothing twice.  Both run on a
# pseudo-terminal, as a person would see their progress.
. tests/lib.sh
N=30000
python3 - "$T/in.jsonl" "$N" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i in range(int(sys.argv[2])):
        title = f"Article {i:05d}"
        text = f"{title}\n\nAda Lovelace wrote to Babbage in London. {i}\n"
        f.write(json.dumps({"title": title, "text": text, "spans": [
            {"start": 0, "end": 7, "label": "MISC"},
            {"start": len(title) + 2, "end": len(title) + 14,
             "label": "PER"}]}) + "\n")
PY
python3 - "$MARGIN_BIN" "$T" "$N" <<'PY' || fail "see above"
import os, pty, re, select, signal, sqlite3, sys, time
margin, t, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def run(args, interrupt):
    """Run margin on a pty; with interrupt, SIGINT at its first progress
    line.  Returns (exit status, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(margin, [margin] + args)
    out, sent = b"", False
    while True:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out += chunk
        if interrupt and not sent and re.search(rb"saved", out):
            os.kill(pid, signal.SIGINT)
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return status, out.decode("utf-8", "replace")

def check(db, what):
    c = sqlite3.connect(db)
    titles = [x for (x,) in c.execute("SELECT title FROM articles ORDER BY id")]
    if titles != [f"Article {i:05d}" for i in range(len(titles))]:
        sys.exit(f"{what}: the articles are not a prefix of the input")
    bad = c.execute("SELECT a.id FROM articles a LEFT JOIN spans s ON "
                    "s.article = a.id GROUP BY a.id HAVING count(s.id) != 2 "
                    "LIMIT 3").fetchall()
    if bad:
        sys.exit(f"{what}: articles without their two spans: {bad}")
    (dups,) = c.execute("SELECT count(*) - count(DISTINCT hash) FROM "
                        "articles").fetchone()
    if dups:
        sys.exit(f"{what}: {dups} articles twice")
    return len(titles)

def interrupted(args, db, what, pattern):
    status, out = run(args, True)
    if not os.WIFEXITED(status):
        sys.exit(f"{what}: killed by signal {os.WTERMSIG(status)}: {out[-800:]!r}")
    if os.WEXITSTATUS(status) == 0:
        sys.exit(f"{what}: finished before Ctrl-C was seen: nothing was tested")
    if os.WEXITSTATUS(status) != 1:
        sys.exit(f"{what}: exit {os.WEXITSTATUS(status)}: {out[-800:]!r}")
    m = re.search(pattern, out)
    if not m:
        sys.exit(f"{what}: no word of the interruption: {out[-800:]!r}")
    count = check(db, what)
    if count == 0 or count >= n:
        sys.exit(f"{what}: {count} articles after Ctrl-C")
    return m, count

src, dst = os.path.join(t, "src.db"), os.path.join(t, "dst.db")
inp = os.path.join(t, "in.jsonl")
m, count = interrupted(["--db", src, "import", inp], src, "import",
                       r"interrupted: (\d+) articles saved")
if int(m.group(1)) != count:
    sys.exit(f"import: said {m.group(1)} saved, {count} in the database")
status, out = run(["--db", src, "import", inp], False)
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    sys.exit(f"import again: {out[-800:]!r}")
if check(src, "import again") != n:
    sys.exit("import again did not complete the corpus")
print(f"import: stopped at {count} of {n}, completed after")

interrupted(["--db", dst, "merge", src], dst, "merge",
            r"merge: interrupted: what is below is merged")
status, out = run(["--db", dst, "merge", src], False)
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    sys.exit(f"merge again: {out[-800:]!r}")
if check(dst, "merge again") != n:
    sys.exit("merge again did not complete the corpus")
PY
