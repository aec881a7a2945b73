# The layout keeps its layers (README, "Layout of the source"): each folder
# of src/ is a layer, and the Makefile's LAYER_USES lines say which layers
# each may use.  Read from the sources and from the built objects:
#   1. the LAYER_USES graph has no cycle, and every folder of src/ is in it;
#   2. every #include of a margin header names a header of the file's own
#      layer or of a layer it uses (a private header only from its folder);
#   3. no include cycle between headers;
#   4. every symbol a built object uses from another of margin's objects is
#      defined in its own layer or in a layer it uses (nm);
#   5. no call cycle between files: no two files that reach each other
#      through the symbols they use (the main loop may name a pane's ops
#      table and the pane may call the TUI's services, but the services
#      never call back into the loop or a pane).
# The checker is itself checked: it must see a bad include, a call upwards
# and a cycle put into copies of the objects' symbol lists.
. tests/lib.sh
command -v python3 >/dev/null || fail "python3 is not installed"
command -v nm >/dev/null || fail "nm is not installed (binutils)"

objdir="$(dirname "$MARGIN_BIN")/obj"
[ -d "$objdir/base" ] || fail "no objects in $objdir (build with make check)"

cat > "$T/layers.py" <<'PY'
import os, re, subprocess, sys

root, objdir, mode = sys.argv[1], sys.argv[2], sys.argv[3]
errors = []

# 1. The layers and what each may use, from the Makefile.
uses = {}
for line in open(os.path.join(root, "Makefile"), encoding="utf-8"):
    m = re.match(r"LAYER_USES_(\w+)\s*=\s*(.*)", line)
    if m:
        uses[m.group(1)] = set(m.group(2).split())
folders = sorted(d for d in os.listdir(os.path.join(root, "src"))
                 if os.path.isdir(os.path.join(root, "src", d)))
for d in folders:
    if d not in uses:
        errors.append(f"src/{d}: a folder with no LAYER_USES line")
for l, us in uses.items():
    if l not in us:
        errors.append(f"LAYER_USES_{l} does not name {l} itself")
    for u in us:
        if u not in uses:
            errors.append(f"LAYER_USES_{l} names {u}, which is no layer")

def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, n = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = n[0]; n[0] += 1
        stack.append(v); on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out

for c in cycles({l: us - {l} for l, us in uses.items()}):
    errors.append("layers use each other: " + " <-> ".join(c))

# Which layer owns a source file, and a public header: margin/X.h belongs
# to the layer with a module X (src/L/X.c or src/L/X_*.c).
sources = []
for d in folders:
    for f in sorted(os.listdir(os.path.join(root, "src", d))):
        if f.endswith((".c", ".h")):
            sources.append(f"src/{d}/{f}")
modules = {}
for s in sources:
    if s.endswith(".c"):
        layer, base = s.split("/")[1], os.path.basename(s)[:-2]
        modules.setdefault(base, set()).add(layer)
def header_layer(name):
    if name in modules:
        return modules[name]
    parts = name.split("_")
    for k in range(len(parts), 0, -1):
        pre = "_".join(parts[:k])
        cands = {l for b, ls in modules.items()
                 if b == pre or b.startswith(pre + "_") for l in ls}
        if cands:
            return cands
    return set()

public = sorted(f for f in os.listdir(os.path.join(root, "include/margin"))
                if f.endswith(".h"))
headers = {}		# header path -> layer
for h in public:
    ls = header_layer(h[:-2])
    if len(ls) != 1:
        errors.append(f"include/margin/{h}: belongs to no one layer "
                      f"(modules in {sorted(ls) or 'none'})")
        continue
    headers["margin/" + h] = next(iter(ls))

# 2, 3. Includes.
inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
hgraph = {}
def includes(path):
    return inc_re.findall(open(os.path.join(root, path), encoding="utf-8",
                               errors="replace").read())
for s in sources:
    layer = s.split("/")[1]
    for inc in includes(s):
        if inc.startswith("margin/"):
            if inc not in headers:
                errors.append(f"{s}: includes {inc}, no public header")
                continue
            hl = headers[inc]
            if hl not in uses.get(layer, ()):
                errors.append(f"{s}: layer {layer} includes {inc} of layer "
                              f"{hl}, which it does not use")
            target = "include/" + inc
        else:
            target = f"src/{layer}/{inc}"
            if not os.path.exists(os.path.join(root, target)):
                errors.append(f"{s}: includes \"{inc}\", which is not "
                              f"beside it (a private header of another "
                              f"layer?)")
                continue
        if s.endswith(".h"):
            hgraph.setdefault(s, set()).add(target)
for h in public:
    p = "include/margin/" + h
    for inc in includes(p):
        t = "include/" + inc if inc.startswith("margin/") else None
        if t is None:
            errors.append(f"{p}: includes \"{inc}\", not a margin/ header")
            continue
        hl, me = headers.get(inc), headers.get("margin/" + h)
        if hl and me and hl not in uses.get(me, ()):
            errors.append(f"{p}: layer {me} includes {inc} of layer {hl}")
        hgraph.setdefault(p, set()).add(t)
for c in cycles(hgraph):
    errors.append("headers include each other: " + " <-> ".join(c))

# 4, 5. Symbols, from nm on the objects (or from a copy of its output,
# for the checker's own test).
def read_symbols():
    table = {}
    if mode == "nm":
        for d in folders:
            dd = os.path.join(objdir, d)
            if not os.path.isdir(dd):
                continue
            for f in sorted(os.listdir(dd)):
                if f.endswith(".o"):
                    out = subprocess.run(["nm", os.path.join(dd, f)],
                                         capture_output=True, text=True,
                                         check=True).stdout
                    table[f"{d}/{f[:-2]}"] = out
    else:
        cur = None
        for line in open(mode, encoding="utf-8"):
            if line.startswith("== "):
                cur = line[3:].strip(); table[cur] = ""
            elif cur:
                table[cur] += line
    return table

syms = read_symbols()
if mode == "nm":
    with open(os.path.join(os.environ["T"], "symbols.txt"), "w") as f:
        for k, v in syms.items():
            f.write(f"== {k}\n{v}")
defined, used = {}, {}
for obj, out in syms.items():
    used[obj] = set()
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "TDBRCGSV":
            defined.setdefault(p[2], set()).add(obj)
        elif len(p) == 2 and p[0] == "U":
            used[obj].add(p[1])
calls = {}
for obj, us in used.items():
    layer = obj.split("/")[0]
    for sym in sorted(us):
        for owner in sorted(defined.get(sym, ())):
            if owner == obj:
                continue
            ol = owner.split("/")[0]
            if ol not in uses.get(layer, ()):
                errors.append(f"{obj}.c uses {sym} of {owner}.c: layer "
                              f"{layer} does not use {ol}")
            calls.setdefault(obj, set()).add(owner)
for c in cycles(calls):
    # Name one reference each way, so that the cycle can be cut.
    why = []
    for a in c:
        for b in sorted(calls.get(a, ())):
            if b in c:
                s = sorted(x for x in used[a] if b in defined.get(x, ()))
                why.append(f"{a} -> {b} ({s[0]})")
    errors.append("files call each other: " + " <-> ".join(c) +
                  "\n      " + "\n      ".join(why))

for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY

export T
cd "$MARGIN_ROOT" || fail "no MARGIN_ROOT"
python3 "$T/layers.py" "$MARGIN_ROOT" "$objdir" nm > "$T/clean.out" ||
	fail "the layers are broken:
$(cat "$T/clean.out")"

# The checker must see each kind of fault, in copies of the symbol table.
mutant() {
	local name=$1 want=$2
	python3 "$T/layers.py" "$MARGIN_ROOT" "$objdir" "$T/bad.txt" \
	    > "$T/bad.out" && fail "the check missed: $name"
	grep -q -- "$want" "$T/bad.out" ||
		fail "the check did not say \"$want\" ($name): $(cat "$T/bad.out")"
}
# A call upwards: the text module calling the store.
{ cat "$T/symbols.txt"; printf '== base/zz_up\n         U store_open\n'; } \
    > "$T/bad.txt"
mutant "a call from base into the store" "layer base does not use store"
# A cycle: two new files of one layer calling each other.
{ cat "$T/symbols.txt"
  printf '== base/zz_a\n0000 T zz_a_f\n         U zz_b_f\n'
  printf '== base/zz_b\n0000 T zz_b_f\n         U zz_a_f\n'; } > "$T/bad.txt"
mutant "two files calling each other" "files call each other: base/zz_a <-> base/zz_b"
exit 0
