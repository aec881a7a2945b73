#!/usr/bin/env python3
"""bench/tag_keys.py: how many keys an annotator needs to tag every mention
of a list of entity strings in one article, at 80x24 in tmux.

    bench/tag_keys.py [--binary ./margin] [--size 80x24] ARTICLE MENTIONS

MENTIONS has one "LABEL<TAB>string" line per entity string; every
occurrence of a string on word boundaries is a mention, except inside a
longer one.  The plan is the cheapest per mention, from where the cursor
is: word moves (w/b) or a search (/prefix Enter, the shortest prefix whose
next match is the mention), then the label key for one word, or v, w for
each further word, < or > for each character the last word has too many or
too few (Biden's, U.S), and the label key.  The words are margin's own (its CoNLL
export's tokens that hold a letter or digit, where w and b stop).  The keys are typed into margin in tmux, and the export
must hold exactly the mentions, or the count is refused.
"""
import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

KEYS = {"PER": "1", "ORG": "2", "LOC": "3", "MISC": "4"}


def run(binary, db, *args, stdin=None):
    r = subprocess.run([binary, "--db", db, *args], input=stdin,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("margin %s: %s" % (" ".join(args), r.stderr))
    return r.stdout


def tokens_of(binary, db):
    """The article's text and its words as code point ranges."""
    text = json.loads(run(binary, db, "export", "--format", "jsonl")
                      .splitlines()[0])["text"]
    words = []
    for line in run(binary, db, "export", "--format", "conll").splitlines():
        if not line or line.startswith("-DOCSTART-"):
            continue
        words.append(line.split(" ")[0])
    spans, at = [], 0
    for w in words:
        w = w.replace("_", " ") if w not in text[at:at + len(w) + 50] else w
        i = text.find(w, at)
        if i < 0:
            sys.exit("cannot find the word %r after offset %d" % (w, at))
        at = i + len(w)
        # The cursor stops on words only (letters or digits), not on
        # punctuation.
        if any(ch.isalnum() for ch in w):
            spans.append((i, i + len(w)))
    return text, spans


def mentions_of(text, words, path):
    """(first word, last word, label, start, end) of each mention; the
    mention may end inside its last word or after it (U.S. where the words
    are U.S and a full stop), which the selection's < and > mend."""
    starts = {s: k for k, (s, _) in enumerate(words)}
    wanted = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                label, s = line.rstrip("\n").split("\t")
                wanted.append((label, s))
    wanted.sort(key=lambda m: -len(m[1]))
    taken, found = set(), []
    for label, s in wanted:
        i = text.find(s)
        while i >= 0:
            j = i + len(s)
            edge = ((i == 0 or not text[i - 1].isalnum()) and
                    (j == len(text) or not text[j].isalnum()))
            if edge and not taken & set(range(i, j)):
                if i not in starts:
                    sys.exit("%r at %d starts inside a word" % (s, i))
                last = max(k for k, (ws, _) in enumerate(words) if ws < j)
                found.append((starts[i], last, label, i, j))
                taken |= set(range(i, j))
            i = text.find(s, i + 1)
    return sorted(found)


def search_keys(text, words, cur, target):
    """The shortest search that lands on word target from word cur."""
    folded = text.casefold() if len(text.casefold()) == len(text) else text
    start = words[target][0]
    for n in range(1, 40):
        pat = folded[start:start + n]
        if len(pat) < n:
            break
        # The first match from the cursor on (the word under it counts,
        # as margin's search starts there), wrapping round.
        i = folded.find(pat, words[cur][0])
        if i < 0:
            i = folded.find(pat)
        if i == start:
            return ["/"] + list(text[start:start + n]) + ["Enter"]
    return None


def plan(text, words, mentions):
    keys, cur = ["Enter"], 0
    for first, last, label, _, end in mentions:
        moves = ["w"] * (first - cur) if first >= cur else ["b"] * (cur - first)
        found = search_keys(text, words, cur, first)
        if found is not None and len(found) < len(moves):
            moves = found
        keys += moves
        # Characters the selection must lose or gain at its end.
        mend = end - words[last][1]
        if last > first or mend != 0:
            keys += ["v"] + ["w"] * (last - first)
            keys += ["<"] * -mend if mend < 0 else [">"] * mend
        keys.append(KEYS[label])
        cur = last
    return keys


def tmux(sock, *args):
    return subprocess.run(["tmux", "-S", sock, *args], capture_output=True,
                          text=True, check=True).stdout


def type_keys(binary, db, size, keys, tmp):
    sock = os.path.join(tmp, "tmux.sock")
    cols, rows = size.split("x")
    env = "MARGIN_ANNOTATOR=counter TERM=xterm-256color"
    tmux(sock, "new-session", "-d", "-x", cols, "-y", rows,
         "env %s %s --db %s" % (env, binary, db))
    try:
        time.sleep(0.5)
        for k in keys:
            if k in ("Enter", "Space"):
                tmux(sock, "send-keys", "-t", "0", k)
            else:
                tmux(sock, "send-keys", "-t", "0", "-l", k)
            # One key at a time, each seen by margin before the next.
            time.sleep(0.02)
        time.sleep(1.0)
        screen = tmux(sock, "capture-pane", "-p", "-t", "0")
        tmux(sock, "send-keys", "-t", "0", "q")
        for _ in range(100):
            if subprocess.run(["tmux", "-S", sock, "has-session"],
                              capture_output=True).returncode != 0:
                break
            time.sleep(0.1)
        return screen
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"],
                       capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="./margin")
    ap.add_argument("--size", default="80x24")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("article")
    ap.add_argument("mentions")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    tmp = tempfile.mkdtemp()
    try:
        db = os.path.join(tmp, "count.db")
        run(binary, db, "import", a.article)
        text, words = tokens_of(binary, db)
        mentions = mentions_of(text, words, a.mentions)
        keys = plan(text, words, mentions)
        screen = type_keys(binary, db, a.size, keys, tmp)
        rows = list(csv.DictReader(io.StringIO(run(
            binary, db, "export", "--format", "csv"))))
        got = sorted((int(r["start"]), int(r["end"]), r["label"])
                     for r in rows)
        want = sorted((s, e, label) for _, _, label, s, e in mentions)
        if got != want:
            print(screen, file=sys.stderr)
            for m in sorted(set(want) - set(got)):
                print("missing %s %r" % (m, text[m[0]:m[1]]), file=sys.stderr)
            for m in sorted(set(got) - set(want)):
                print("extra %s %r" % (m, text[m[0]:m[1]]), file=sys.stderr)
            sys.exit("the keys did not tag exactly the mentions")
        if a.show:
            print(" ".join(keys))
        print("%d mentions tagged with %d keys at %s" % (len(mentions),
              len(keys), a.size))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
