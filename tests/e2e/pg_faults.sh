# Faults of a PostgreSQL server under writers (SPEC §17, §12): while a
# tagger (margin tag) and an importer (articles with spans) write in
# loops, the server ends their connections (pg_terminate_backend, again
# and again) and is restarted (pg_ctl restart -m fast).  A write that
# exited 0 is in the database afterwards; one that failed exited 1 and
# said the connection or the server was lost (no crash, no sanitiser
# report); after each fault both writers save again; every article in
# the database has all its spans.
. tests/lib.sh
. tests/pg.sh
. tests/e2e/concurrency.lib
pg_start
pg_db faults

psql_db() {
	pg_psql faults -c "$1"
}

printf 'base-1\n\nA first article about nothing in particular.\n' \
    > "$T/work/base.txt"
m import "$T/work/base.txt" 2>/dev/null || fail "setup import failed"

# What a failed write may say: the connection or the server is gone.
clear_msg='lost the connection to the PostgreSQL server|cannot connect to PostgreSQL'

# check_failure NAME RC ERRFILE WHAT: a write that failed failed cleanly.
check_failure() {
	local name=$1 rc=$2 err=$3 what=$4
	if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$err"; then
		echo "$what: a sanitiser report: $(head -5 "$err")" \
		    >> "$T/errors/$name"
	elif [ "$rc" != 1 ]; then
		echo "$what exited $rc: $(head -3 "$err")" >> "$T/errors/$name"
	elif ! grep -Eq "^margin: .*($clear_msg)" "$err"; then
		echo "$what: no clear message: $(head -3 "$err")" \
		    >> "$T/errors/$name"
	else
		echo "$what: $(head -1 "$err" | sed -E \
		    -e 's/host=[^ :]*/host=.../' \
		    -e 's/socket "[^"]*"/socket/')" >> "$T/work/$name.failed"
	fi
}

# A tagger: tags article 1 with t1, t2, ...; each tag that margin said
# was saved is expected.
tag_writer() {
	local name=$1 i=0 rc
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		rc=0
		m --annotator "$name" tag 1 "t$i" 2> "$T/work/$name.err" ||
			rc=$?
		if [ "$rc" = 0 ]; then
			[ -s "$T/work/$name.err" ] && echo "tag t$i said:" \
			    "$(head -3 "$T/work/$name.err")" >> "$T/errors/$name"
			echo "t$i" >> "$T/expect/$name.tags"
		else
			check_failure "$name" "$rc" "$T/work/$name.err" "tag t$i"
		fi
	done
}

# An importer: a few articles with spans at a time.
import_writer() {
	local name=$1 seq=0 f rc
	while [ ! -e "$T/stop" ]; do
		seq=$((seq + 1))
		f="$T/work/$name-$seq.jsonl"
		conc_jsonl "$name" "$seq" $((1 + seq % 3)) "$f"
		rc=0
		m --annotator "$name" import "$f" > /dev/null \
		    2> "$T/work/$name.err" || rc=$?
		if [ "$rc" = 0 ]; then
			conc_expect_jsonl "$name" "$f"
			echo "$seq" >> "$T/expect/$name.seqs"
		else
			check_failure "$name" "$rc" "$T/work/$name.err" \
			    "import $seq"
		fi
	done
}

saved() {	# saved NAME: how many writes NAME saved
	cat "$T/expect/$1".* 2>/dev/null | wc -l
}

# After a fault: both writers save twice more (the second of which began
# after the fault was over), within 120 s.
both_save_again() {
	local what=$1 t0 i0 i
	t0=$(saved tagger)
	i0=$(cat "$T/expect/importer.seqs" 2>/dev/null | wc -l)
	for i in $(seq 1 1200); do
		if [ "$(saved tagger)" -ge $((t0 + 2)) ] &&
		    [ "$(cat "$T/expect/importer.seqs" 2>/dev/null | wc -l)" \
		    -ge $((i0 + 2)) ]; then
			return 0
		fi
		sleep 0.1
	done
	fail "after $what the writers did not save again:" \
	    "$(cat "$T/errors/"* "$T/work/"*.err 2>/dev/null | tail -5)"
}

terminate_all() {
	pg_sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
	    WHERE datname = 'faults' AND pid <> pg_backend_pid()" > /dev/null ||
		fail "pg_terminate_backend failed"
}

conc_start tag_writer tagger
conc_start import_writer importer
both_save_again "the start"
for round in 1 2 3; do
	for k in 1 2 3 4 5; do
		terminate_all
		sleep 0.1
	done
	both_save_again "pg_terminate_backend (round $round)"
done
pg_server restart
both_save_again "the server's restart"
touch "$T/stop"
wait "${conc_pids[@]}" 2>/dev/null


# Every saved tag, article and span is there; every article whole.
psql_db "SELECT tag FROM article_tags WHERE annotator = 'tagger'" \
    > "$T/have.tags" || fail "reading the tags failed"
psql_db "SELECT a.title || chr(9) || s.start || chr(9) || s.\"end\" ||
    chr(9) || s.label || chr(9) || s.annotator
    FROM spans s JOIN articles a ON a.id = s.article" > "$T/have.spans" ||
	fail "reading the spans failed"
psql_db "SELECT title FROM articles" > "$T/have.articles" ||
	fail "reading the articles failed"
python3 - "$T" <<'PY' || fail "the database lost saved writes"
import collections, sys
t = sys.argv[1]
def lines(p):
    try:
        return [l.rstrip("\n") for l in open(p, encoding="utf-8")]
    except FileNotFoundError:
        return []
bad = []
tags = set(lines(f"{t}/have.tags"))
for tag in lines(f"{t}/expect/tagger.tags"):
    if tag not in tags:
        bad.append(f"tag {tag} was reported saved but is not there")
spans = collections.Counter(tuple(l.split("\t")) for l in lines(f"{t}/have.spans"))
for l in lines(f"{t}/expect/importer.spans"):
    if spans[tuple(l.split("\t"))] != 1:
        bad.append(f"span {l!r}: {spans[tuple(l.split(chr(9)))]} times")
arts = collections.Counter(lines(f"{t}/have.articles"))
for a in lines(f"{t}/expect/importer.articles"):
    if arts[a] != 1:
        bad.append(f"article {a}: {arts[a]} times")
per = collections.Counter(k[0] for k in spans.elements())
for a in arts:
    if a.startswith("base-"):
        continue
    want = 4 if int(a.rsplit("-", 1)[1]) % 3 == 0 else 3
    if per[a] != want:
        bad.append(f"article {a} has {per[a]} of its {want} spans")
if bad:
    sys.exit("\n".join(bad[:10]))
PY
for f in "$T/errors"/*; do
	[ -s "$f" ] || continue
	fail "$(basename "$f"): $(head -5 "$f")"
done
nt=$(saved tagger)
ni=$(wc -l < "$T/expect/importer.seqs")
nf=$(cat "$T/work/"*.failed 2>/dev/null | wc -l)
cat "$T/work/"*.failed >&2 2>/dev/null
echo "$nt tags and $ni imports saved and found; $nf writes failed cleanly"
