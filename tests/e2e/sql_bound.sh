# SQL is never built from data (SPEC §12): every statement margin hands
# to SQLite is constant text with bound values.  A checker reads the C
# sources and fails on
#   1. SQLite's own formatters (sqlite3_mprintf, _snprintf, sqlite3_str_*);
#   2. an SQL-looking string literal holding a printf conversion (%s, %q…);
#   3. an SQL-looking format given to any printf-style call (buf_printf,
#      xasprintf, snprintf…);
#   4. SQL handed to sqlite3_prepare*/sqlite3_exec (or to a function of
#      ours that passes its argument on to them) that is not a literal, a
#      static const table of literals, or a parameter of such a function.
# It must pass on the sources and fail on copies with each of those bugs
# put in, so the check itself is tested.
. tests/lib.sh
command -v python3 >/dev/null || fail "python3 is not installed"

cat > "$T/sqlcheck.py" <<'PY'
import re, sys

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|"
                       r"PRAGMA|ATTACH|DETACH|REPLACE|VALUES|WHERE|BEGIN|"
                       r"COMMIT|ROLLBACK|SAVEPOINT|RELEASE|ORDER BY|"
                       r"GROUP BY|LIMIT)\b")
CONV = re.compile(r"%[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|z|j|t|L)?"
                  r"[sdiuxXoqQwzcfgeEp]|\"\s*PRI[diuxX]\d+")
FORMATTERS = re.compile(r"\bsqlite3_(v?mprintf|v?snprintf|str_v?appendf|"
                        r"str_new|str_append|str_appendall)\s*\(")
PRINTFS = re.compile(r"\b(buf_printf|xasprintf|xvasprintf|err_set|"
                     r"snprintf|sprintf|asprintf|vasprintf|vsnprintf|"
                     r"dprintf|fprintf|printf)\s*\(")
SINKS = {"sqlite3_prepare": 1, "sqlite3_prepare_v2": 1,
         "sqlite3_prepare_v3": 1, "sqlite3_prepare16": 1,
         "sqlite3_exec": 1,
         # The store's driver layer (src/store/db.h), on both backends.
         "db_prepare": 1, "db_exec": 1, "db_session": 1}

def strip_comments(src):
    """Comments become spaces (line numbers kept); strings stay."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)

def literals(text):
    """Adjacent string literals joined, with their offset."""
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"(?:\s*(?:PRI\w+\s*)?'
                         r'"(?:[^"\\\n]|\\.)*")*', text):
        yield m.start(), m.group(0)

def call_args(text, open_paren):
    """The top-level arguments of the call whose '(' is at open_paren."""
    args, depth, cur, i = [], 0, [], open_paren + 1
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append("".join(cur).strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    return args

def functions(text):
    """(name, parameter names, body start, body end) of each definition
    written in style(9): the name at the start of a line, '{' alone."""
    for m in re.finditer(r"^(\w+)\(([^)]*)\)\s*\n\{", text, re.M):
        params = []
        for p in m.group(2).split(","):
            ids = re.findall(r"\w+", p.split("[")[0])
            params.append(ids[-1] if ids else "")
        end = text.find("\n}", m.end())
        yield m.group(1), params, m.end(), end if end > 0 else len(text)

def line_of(text, pos):
    return text.count("\n", 0, pos) + 1

def const_tables(text, at):
    """The static const tables visible at offset at: those of the file,
    and those declared in the function that at is in.  Struct tables are
    marked, since only theirs may be read through a member."""
    scopes = [(s, e) for _, _, s, e in functions(text)]
    def visible(pos):
        for s, e in scopes:
            if s <= pos < e:
                return s <= at < e
        return True
    names = {}
    for m in re.finditer(r"\bstatic\s+const\b[^;={}]*?\b(\w+)\s*(\[[^\]]*\]\s*)*=",
                         text):
        if visible(m.start()):
            names[m.group(1)] = False
    for m in re.finditer(r"\bstatic\s+const\s+struct\s*\w*\s*\{[^}]*\}\s*"
                         r"(\w+)\s*(\[[^\]]*\]\s*)*=", text):
        if visible(m.start()):
            names[m.group(1)] = True
    return names

def top_split(arg, sep):
    """Split at sep outside brackets and strings."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(arg):
        c = arg[i]
        if c == '"':
            j = i + 1
            while j < len(arg) and arg[j] != '"':
                j += 2 if arg[j] == "\\" else 1
            cur.append(arg[i:j + 1])
            i = j + 1
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts

def is_constant(arg, tables):
    """Compile-time constant SQL: literals joined with upper-case macros
    (which must expand to literals to be joined), a static const table
    entry, or a choice between such."""
    arg = arg.strip()
    q = top_split(arg, "?")
    if len(q) == 2:
        branches = top_split(q[1], ":")
        return len(branches) == 2 and all(is_constant(b, tables)
                                          for b in branches)
    if re.fullmatch(r'(\s*("(?:[^"\\]|\\.)*"|[A-Z_][A-Z0-9_]*'
                    r'(\s*\([A-Z0-9_, ]*\))?))+\s*', arg, re.S) and '"' in arg:
        return True
    base = re.match(r"\w+", arg)
    if not base or base.group(0) not in tables:
        return False
    rest = arg[base.end():]
    if tables[base.group(0)]:
        return bool(re.fullmatch(r"(\s*\[[^\]]*\])+\s*\.\s*\w+\s*", rest))
    return bool(re.fullmatch(r"(\s*\[[^\]]*\])*\s*", rest))

def check(paths):
    errors = []
    sources = {}
    for p in paths:
        sources[p] = strip_comments(open(p, encoding="utf-8",
                                         errors="replace").read())
    # Rules 1-3.
    for p, text in sources.items():
        for m in FORMATTERS.finditer(text):
            errors.append(f"{p}:{line_of(text, m.start())}: "
                          f"{m.group(0).rstrip('(')}: SQLite's formatter "
                          "builds SQL from data; bind the value")
        for pos, lit in literals(text):
            if SQL_WORDS.search(lit) and CONV.search(lit):
                errors.append(f"{p}:{line_of(text, pos)}: SQL text with a "
                              f"printf conversion: {lit[:70]}")
        for m in PRINTFS.finditer(text):
            args = call_args(text, m.end() - 1)
            fmt = " ".join(a for a in args if a.startswith('"'))
            if SQL_WORDS.search(fmt):
                errors.append(f"{p}:{line_of(text, m.start())}: "
                              f"{m.group(1)} formats SQL: {fmt[:70]}")
    # Rule 4: find our own wrappers (functions passing a parameter on as
    # SQL) until nothing changes, then check every argument given as SQL.
    sinks = dict(SINKS)
    changed = True
    while changed:
        changed = False
        for p, text in sources.items():
            for name, params, start, end in functions(text):
                if name in sinks:
                    continue
                body = text[start:end]
                for sm in re.finditer(r"\b(\w+)\s*\(", body):
                    if sm.group(1) not in sinks:
                        continue
                    args = call_args(body, sm.end() - 1)
                    k = sinks[sm.group(1)]
                    if k < len(args) and args[k] in params:
                        sinks[name] = params.index(args[k])
                        changed = True
                        break
    for p, text in sources.items():
        defs = [(s, e, params) for _, params, s, e in functions(text)]
        for sm in re.finditer(r"\b(\w+)\s*\(", text):
            name = sm.group(1)
            if name not in sinks:
                continue
            # A definition or prototype is no call.
            before = text[max(0, sm.start() - 1):sm.start()]
            if before == "\n" or re.search(r"\b(int|void|char|int64_t)\s*\*?\s*$",
                                          text[max(0, sm.start() - 40):sm.start()]):
                continue
            args = call_args(text, sm.end() - 1)
            k = sinks[name]
            if k >= len(args):
                continue
            arg = args[k]
            where = f"{p}:{line_of(text, sm.start())}"
            if is_constant(arg, const_tables(text, sm.start())):
                continue
            base = re.match(r"\w+", arg)
            rest = arg[base.end():] if base else arg
            # A parameter of the function we are in, which is itself
            # a sink (so its own callers are checked).
            enclosing = [params for s, e, params in defs
                         if s <= sm.start() < e]
            if base and not rest.strip() and enclosing and \
               base.group(0) in enclosing[0]:
                fn = [n for n, pr, s, e in functions(text)
                      if s <= sm.start() < e][0]
                if fn in sinks and enclosing[0].index(base.group(0)) == sinks[fn]:
                    continue
            errors.append(f"{where}: {name} is given SQL that is not "
                          f"constant text: {arg[:70]}")
    return errors

errs = check(sys.argv[1:])
for e in errs:
    print(e)
sys.exit(1 if errs else 0)
PY

cd "$MARGIN_ROOT" || fail "no MARGIN_ROOT"
sources=$(ls src/*/*.c src/*/*.h include/margin/*.h 2>/dev/null)
python3 "$T/sqlcheck.py" $sources > "$T/clean.out" ||
	fail "SQL built from data in margin's sources:
$(cat "$T/clean.out")"

# The check must see each kind of bug.  A copy of store_stmt.c (the
# statement table, and store_exec, which passes its SQL on to SQLite)
# with one added.
mkdir -p "$T/bad"
mutant() {
	local name=$1 code=$2
	{ cat src/store/store_stmt.c; printf '\n%s\n' "$code"; } \
	    > "$T/bad/store_stmt.c"
	if python3 "$T/sqlcheck.py" "$T/bad/store_stmt.c" > "$T/bad.out"; then
		fail "the check missed: $name"
	fi
	grep -q 'store_stmt.c:' "$T/bad.out" ||
		fail "the check did not say where ($name): $(cat "$T/bad.out")"
}
mutant "sqlite3_mprintf with %q" \
'static char *
bad_find(const char *t)
{
	return sqlite3_mprintf("SELECT id FROM articles WHERE title = '"'"'%q'"'"'", t);
}'
mutant "SQL built in a buf_printf and prepared" \
'static int
bad_prepare(struct store *s, const char *t)
{
	struct buf	 sql = BUF_INIT;
	sqlite3_stmt	*st;

	buf_printf(&sql, "DELETE FROM labels WHERE name = '"'"'%s'"'"'", t);
	return sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL);
}'
mutant "SQL assembled piecewise and executed" \
'static int
bad_exec(struct store *s, const char *t, char **errp)
{
	struct buf	 sql = BUF_INIT;

	buf_adds(&sql, "UPDATE labels SET description = ");
	buf_adds(&sql, t);
	return store_exec(s, sql.data, errp);
}'
mutant "an SQL literal with a conversion in a table" \
'static const char *const bad_sql[] = {
	"SELECT text FROM articles WHERE id = %lld",
};'
mutant "xasprintf into a variable handed to sqlite3_exec" \
'static int
bad_pragma(struct store *s, int v)
{
	char	*q = xasprintf("PRAGMA user_version = %d", v);

	return sqlite3_exec(s->db, q, NULL, NULL, NULL);
}'
exit 0
