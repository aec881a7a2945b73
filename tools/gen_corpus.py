#!/usr/bin/env python3
# gen_corpus.py: news-like articles for margin's benchmarks, the same bytes
# for the same seed and arguments on every machine (Python standard library).
"""Write a benchmark corpus as JSONL, one article per line.

  gen_corpus.py articles COUNT OUT.jsonl [--seed S] [--spans N] [--sql F]
                [--long-every N]
  gen_corpus.py article BYTES OUT.jsonl [--seed S]

"articles": COUNT articles of 300-1,500 words (every 1,000th one far longer),
paragraphs of a few sentences; words from a vocabulary of common news words
and a long tail of made-up ones, entity names from lists (people as first
and last names, organisations, places, other names), both drawn with Zipf
weights; quotes in other scripts; about one word in ten non-ASCII.
With --spans N the entity mentions carry N spans in all (as margin's JSONL
import reads them: code point offsets, labels PER ORG LOC MISC); with --sql
the same rows are also written as SQL INSERT statements for margin's
articles table (title, source, imported_at, text, hash, meta), so that the
sqlite3 shell can load exactly what margin imports.

"article": one article of at least BYTES bytes of UTF-8 text.

Everything comes from random.Random(seed): no clock, no environment.
"""

import argparse
import bisect
import hashlib
import json
import random
import sys

# Common words of news text, most frequent first: the generator draws them
# with Zipf weights, so that full-text search meets both very common and
# rare words, as in real text.
WORDS = """
the of to and a in that for on is said was with by as at from it his be
has have are were an its not but their which had who they this been more
after also will would year about two new one government people than when
there over last first minister other could into percent told police
officials week city president state public since some before three years
country market under against million company party report court workers
between during while plan month members official most because where both
only days security national council local group day news second time
support talks health region minister leaders water power prices
economic capital election law project energy months border trade growth
statement agency industry system service funding rules according budget
former interior foreign central children schools hospital tuesday
monday wednesday thursday friday saturday sunday morning evening early
late share shares investors bank rate rates inflation debt bonds exports
imports harbor harbour port ships railway trains station airport flights
tram buses road bridge tunnel river coast island mountain valley forest
storm flood drought heat fire rescue survey census study scientists data
research university students teachers doctors nurses patients vaccine
court judge ruling appeal case evidence witness trial sentence prison
strike union wages pay contract talks deal agreement treaty summit
ministers delegates envoy embassy visit meeting conference vote voters
campaign candidate coalition opposition majority parliament assembly
mayor governor senator spokesman spokeswoman chairman director chief
executive board shareholders profit loss revenue sales quarter forecast
outlook demand supply shortage cost costs tax taxes tariff tariffs
duties subsidies housing rent homes farmers harvest grain wheat coffee
oil gas coal wind solar nuclear grid network cable satellite launch
mission rocket orbit lander telescope museum festival concert orchestra
choir film exhibition gallery artists writer novel prize award match
season club coach players striker goal goals league cup final title
record transfer fee injury stadium fans police arrested suspect charged
inquiry investigation fraud corruption scandal resigned appointed named
elected announced confirmed denied warned urged rejected approved
signed agreed expected planned reported described added noted called
opened closed began ended rose fell cut raised increased reduced
returned moved remained became held took gave made found showed left
café régime façade naïve déjà élite protégé rôle señor Straße smörgåsbord
€ £ ¥ — — — – … °C
""".split()

# Entity names, by label.  About two in five carry non-ASCII letters or are
# written in another script, as names in European news do.
PER_FIRST = """
Andrea Jonas Marta Inês Rafael Magdalena Henrik Tomasz Léa Nikolaos Olga
Ayşe Mehmet Björn Sigríður Jiří Zuzana Pedro Lucía Chen Kofi Amara Priya
Arjun David Sarah Emma James Oliver Sophie François Élodie Karl Ursula
Giulia Matteo Anna Piotr Ewa Lars Ingrid Mikko Aino Søren Małgorzata
João Željko Dóra Radu Ilse Yusuf Fatima Kenji Mei
""".split()
PER_LAST = """
Müller Berg Lindqvist Carvalho Assunção Ostrowska Sandberg Wójcik Fontaine
Papadopoulos Sokolova Yılmaz Demir Håkansson Jónsdóttir Novák Dvořáková
Núñez Fernández Wei Mensah Okafor Raman Mehta Cohen Levi Clarke Whitfield
Grant Laurent Dupuis Marchand Steiner Brandt Rossi Bianchi Kowalska
Zieliński Nowak Eriksen Solberg Virtanen Mäkinen Jørgensen Horváth Petrović
Schmidt Weber García López Silva Costa Ionescu Andersson
""".split()
# Names kept whole: Chinese and Japanese ones, and a few Greek and Cyrillic.
PER_WHOLE = """
王秀英 田中裕子 李明 Σοφία_Καραγιάννη Дмитрий_Орлов Олена_Коваленко
""".split()
ORG = """
Stadtbahn_Zürich Syndikat_Verkehr Atlético_Paulistano Tkacze_Łódź
Vistula_Kraków Saigon_Wheels Baltica_Shipping Nordhavn_Energy
Helexpo Rudolfinum Vltava_Symphony European_Commission General_Court
United_Nations World_Health_Organization Central_Bank Finance_Ministry
Interior_Ministry Port_Authority Red_Cross Greenpeace Reuters Agence_Presse
Deutsche_Bahn Škoda_Transportation Électricité_Régionale Société_Générale
Banco_Atlântico Norsk_Hydro Øresund_Link Gazprom Сбербанк Toyota トヨタ
華為 Huawei Samsung Airbus Siemens Nestlé Maersk Equinor Vattenfall
FC_Rheinau Olympique_Lyonnais Real_Betis Galatasaray Fenerbahçe
National_Assembly Supreme_Court Labour_Party Green_Party Social_Democrats
""".split()
LOC = """
Zürich Geneva Basel Bern Łódź Kraków Gdańsk Warsaw Prague Brno Vienna
Berlin Hamburg München Köln Paris Lyon Marseille Nice Toulouse Madrid
Sevilla Málaga Lisbon Porto São_Paulo Brasília Reykjavík Akureyri
Oslo Bergen Tromsø Stockholm Göteborg Malmö Helsinki Tampere Copenhagen
Aarhus Thessaloniki Αθήνα Athens Istanbul İzmir Ankara Москва Moscow
Kyiv Київ Tallinn Riga Vilnius 東京 Tokyo Osaka 北京 Beijing Shanghai
Hanoi Ho_Chi_Minh_City Cairo Lagos Nairobi Accra Mumbai Delhi Karachi
Dubai Doha Rotterdam Antwerp Brussels Luxembourg Strasbourg Milan Rome
Naples Dubrovnik Ljubljana Bratislava Budapest Bucharest Sofia
Baltic_Sea Mediterranean North_Sea Danube Rhine Vltava Wisła Alps
""".split()
MISC = """
European Greek Polish Swiss Icelandic Brazilian Vietnamese Norwegian
Swedish Finnish Danish Turkish Russian Chinese Japanese German French
Spanish Portuguese Czech Italian Dutch Olympic_Games World_Cup
Champions_League Eurovision Nobel_Prize Dvořák_Autumn Expo_2025
Hrafn Te_Deum COVID-19 Brexit Euro_2024 Tour_de_France Paris_Agreement
""".split()


def zipf_cum(n, exponent=1.0, shift=2.7):
    """Cumulative Zipf weights for ranks 0..n-1."""
    cum, total = [], 0.0
    for rank in range(n):
        total += 1.0 / (rank + shift) ** exponent
        cum.append(total)
    return cum


def build_entities():
    """Entity names by label, each list in a fixed order of popularity
    (drawn with Zipf weights: a few names are in many articles, most in
    few, as in news).  Built from a fixed seed: the same for every corpus."""
    r = random.Random(20240601)
    people = ["%s %s" % (f, l) for f in PER_FIRST for l in PER_LAST]
    people += [n.replace("_", " ") for n in PER_WHOLE]
    places = [n.replace("_", " ") for n in LOC]
    suffixes = ["Energy", "Rail", "Holdings", "Bank", "University", "Port",
        "Airport", "City Council", "Times", "Football Club", "Hospital",
        "Philharmonic"]
    orgs = [n.replace("_", " ") for n in ORG]
    orgs += ["%s %s" % (p, x) for p in places for x in suffixes]
    misc = [n.replace("_", " ") for n in MISC]
    out = {}
    for label, names in (("PER", people), ("ORG", orgs), ("LOC", places),
            ("MISC", misc)):
        names = sorted(set(names))
        r.shuffle(names)
        out[label] = (names, zipf_cum(len(names)))
    return out


ENTITIES = build_entities()
LABELS = ["PER", "ORG", "LOC", "MISC"]
LABEL_CUM = [0.30, 0.55, 0.85, 1.0]


def pseudo_words(n):
    """n made-up words from syllables: the long tail of a news vocabulary
    (real text has tens of thousands of word types, most of them rare)."""
    r = random.Random(1789)
    onsets = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h",
        "j", "k", "l", "m", "n", "p", "pr", "qu", "r", "s", "sc", "sh",
        "st", "t", "tr", "v", "w", "z"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee"]
    codas = ["", "", "n", "r", "s", "t", "l", "nd", "st", "ck", "m", "rt"]
    seen = set(WORDS)
    out = []
    while len(out) < n:
        w = "".join(r.choice(onsets) + r.choice(vowels) + r.choice(codas)
            for _ in range(r.choice((1, 1, 2, 2, 3))))
        if w not in seen:
            seen.add(w)
            out.append(w)
    return out


# The vocabulary: the common words above first, then the long tail, with
# Zipf weights over all of it (the 400 common words make about two thirds
# of the running text, as the most frequent words do in English news).
VOCABULARY = WORDS + pseudo_words(30000)
VOCABULARY_CUM = zipf_cum(len(VOCABULARY), 1.1)


def entity(rng):
    label = LABELS[bisect.bisect(LABEL_CUM, rng.random() * LABEL_CUM[-1])]
    names, cum = ENTITIES[label]
    return rng.choices(names, cum_weights=cum)[0], label


# Whole sentences quoted in other languages, about one sentence in six.
FOREIGN = [
    "„Wir haben keine andere Wahl“, sagte sie am Dienstag.",
    "« Nous attendons une réponse claire du gouvernement », a-t-il déclaré.",
    "«La situación es grave, pero no desesperada», añadió el portavoz.",
    "„To była trudna decyzja dla całego zarządu”, powiedział prezes.",
    "«Η κατάσταση είναι υπό έλεγχο», δήλωσε ο εκπρόσωπος.",
    "«Мы продолжим переговоры на следующей неделе», сказал министр.",
    "「状況は改善している」と担当者は述べた。",
    "「我们将继续努力」，发言人表示。",
    "„Situace je vážná, ale zvládneme ji,“ řekl starosta.",
    "”Vi måste agera nu”, säger ministern.",
    "«O acordo é bom para ambas as partes», afirmou o diretor.",
    "“Bu karar herkes için önemli,” dedi bakan.",
]


class Article:
    """Text built piece by piece, with code point offsets of mentions."""

    def __init__(self):
        self.parts = []
        self.length = 0         # code points so far
        self.mentions = []      # (start, end, label)

    def add(self, s):
        self.parts.append(s)
        self.length += len(s)

    def mention(self, name, label):
        self.mentions.append((self.length, self.length + len(name), label))
        self.add(name)

    def text(self):
        return "".join(self.parts)


def sentence(rng, art, entity_rate):
    """Append one sentence; return the number of words in it."""
    if rng.random() < 1 / 6:
        s = rng.choice(FOREIGN)
        art.add(s)
        return len(s.split())
    n = rng.randint(8, 28)
    words = rng.choices(VOCABULARY, cum_weights=VOCABULARY_CUM, k=n)
    count = 0
    for i, w in enumerate(words):
        if i > 0:
            art.add(", " if rng.random() < 0.06 else " ")
        if rng.random() < entity_rate:
            name, label = entity(rng)
            art.mention(name, label)
            count += name.count(" ") + 1
            continue
        r = rng.random()
        if r < 0.03:
            w = str(rng.randint(2, 2025))
        elif r < 0.04:
            w = "%d.%d percent" % (rng.randint(0, 40), rng.randint(0, 9))
        elif r < 0.08:
            w = "“" + w + "”"
        if i == 0:
            w = w[:1].upper() + w[1:]
        art.add(w)
        count += 1
    art.add(".")
    return count


def article_body(rng, art, words, min_mentions, entity_rate):
    """Paragraphs of 2-6 sentences until words and mentions are reached."""
    done = 0
    while done < words or len(art.mentions) < min_mentions:
        if art.length > 0:
            art.add("\n\n")
        for i in range(rng.randint(2, 6)):
            if i > 0:
                art.add(" ")
            done += sentence(rng, art, entity_rate)


def headline(rng):
    org = entity(rng)[0]
    place = rng.choices(*ENTITIES["LOC"][:1],
        cum_weights=ENTITIES["LOC"][1])[0]
    verb = rng.choice(["announced", "rejected", "approved", "warned",
        "signed", "opened", "cut", "raised", "denied", "confirmed"])
    noun = rng.choice(WORDS[60:300])
    return "%s %s %s in %s" % (org, verb, noun, place)


def article_words(rng, index, long_every):
    """300-1,500 words, most near 600; every long_every-th article (if not
    0) has 20,000-60,000 words."""
    if long_every and index % long_every == long_every // 2:
        return rng.randint(20000, 60000)
    w = int(rng.lognormvariate(6.4, 0.45))
    return min(max(w, 300), 1500)


def sql_quote(s):
    return "'" + s.replace("'", "''") + "'"


def write_articles(args):
    rng = random.Random(args.seed)
    per, extra = divmod(args.spans, args.count) if args.spans else (0, 0)
    out = open(args.out, "w", encoding="utf-8", newline="\n")
    sql = open(args.sql, "w", encoding="utf-8", newline="\n") \
        if args.sql else None
    if sql:
        sql.write("BEGIN;\n")
    total_words = nonascii_words = nspans = 0
    for i in range(args.count):
        quota = per + (1 if i < extra else 0)
        # Span corpora are denser in names, as annotated data sets are.
        rate = 0.06 if quota == 0 else 0.16
        art = Article()
        words = article_words(rng, i, args.long_every)
        article_body(rng, art, words, quota, rate)
        text = art.text()
        title = headline(rng)
        source = "gen:%d:%d" % (args.seed, i + 1)
        rec = {"title": title, "source": source, "text": text}
        if quota:
            rec["spans"] = [{"start": s, "end": e, "label": l}
                for s, e, l in art.mentions[:quota]]
            nspans += quota
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if sql:
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            sql.write("INSERT INTO articles(title, source, imported_at, "
                "text, hash, meta) VALUES (%s, %s, 0, %s, '%s', '{}');\n" % (
                sql_quote(title), sql_quote(source), sql_quote(text),
                digest))
        if args.stats:
            ws = text.split()
            total_words += len(ws)
            nonascii_words += sum(1 for w in ws if not w.isascii())
    if sql:
        sql.write("COMMIT;\n")
        sql.close()
    out.close()
    if args.stats:
        print("%d articles, %d words, %.1f%% non-ASCII words, %d spans" % (
            args.count, total_words,
            100.0 * nonascii_words / max(total_words, 1), nspans),
            file=sys.stderr)


def write_article(args):
    rng = random.Random(args.seed)
    art = Article()
    # About six bytes a word: grow by paragraphs until the size is reached.
    while len(art.text().encode("utf-8")) < args.bytes:
        need = args.bytes - len(art.text().encode("utf-8"))
        article_body(rng, art, max(need // 6, 50), 0, 0.06)
    rec = {"title": headline(rng), "source": "gen:%d:long" % args.seed,
        "text": art.text()}
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    a = sub.add_parser("articles", help="COUNT news-like articles")
    a.add_argument("count", type=int)
    a.add_argument("out")
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--spans", type=int, default=0,
        help="spans in all, spread evenly over the articles")
    a.add_argument("--sql", help="also write the rows as SQL INSERTs")
    a.add_argument("--long-every", type=int, default=1000, metavar="N",
        help="every Nth article is very long (0: none; default 1000)")
    a.add_argument("--stats", action="store_true",
        help="print word and non-ASCII counts on stderr")
    b = sub.add_parser("article", help="one article of BYTES bytes")
    b.add_argument("bytes", type=int)
    b.add_argument("out")
    b.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if args.what == "articles":
        if args.count < 1 or args.spans < 0:
            p.error("COUNT must be positive and --spans not negative")
        write_articles(args)
    else:
        write_article(args)


if __name__ == "__main__":
    main()
