#!/usr/bin/env python3
"""Sizes of the code, as the shape rules count them (ARCHITECTURE.md, "Shape rules").

    scripts/sizes.py [--check] [--top N]

Prints every Rust file under src/ with its lines of non-test code (every line, blank and
comment lines too; a `#[cfg(test)]` module is left out), then the N longest functions (lines from `fn` to its closing brace, test modules
left out), then the imports between the top-level modules of src/ (`crate::x` outside comments
and tests) and any cycle among them. With --check, exits 1 when a file has over 700 lines of
non-test code, a function over 120 lines, or the imports have a cycle. Braces are counted outside strings, chars and comments, which is enough for
rustfmt-formatted code.
"""
import pathlib
import re
import sys

FILE_LIMIT = 700
FN_LIMIT = 120
FN_RE = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def strip(line, state):
    """The line with strings, chars and comments blanked; `state` carries block comments and
    raw/normal strings across lines."""
    out = []
    i = 0
    while i < len(line):
        c = line[i]
        if state["block"]:
            if line.startswith("*/", i):
                state["block"] -= 1
                i += 2
            elif line.startswith("/*", i):
                state["block"] += 1
                i += 2
            else:
                i += 1
            continue
        if state["string"] is not None:
            end = state["string"]
            if end == '"' and c == "\\":
                i += 2
                continue
            if line.startswith(end, i):
                state["string"] = None
                i += len(end)
            else:
                i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = 1
            i += 2
            continue
        m = re.match(r'b?r(#*)"', line[i:])
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            state["string"] = '"' + m.group(1)
            i += len(m.group(0))
            continue
        if c == '"':
            state["string"] = '"'
            i += 1
            continue
        if c == "'":
            m = re.match(r"'(\\.|\\u\{[0-9a-fA-F]+\}|[^\\'])'", line[i:])
            if m:
                i += len(m.group(0))
                continue
        out.append(c)
        i += 1
    return "".join(out)


def analyse(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    state = {"block": 0, "string": None}
    depth = 0
    test_depth = None  # depth at which a #[cfg(test)] item started
    pending_test = False
    code = 0
    fns = []
    stack = []  # (name, start line, depth before its body)
    for n, raw in enumerate(lines, 1):
        s = strip(raw, state)
        in_test = test_depth is not None
        if "#[cfg(test)]" in raw and not in_test:
            pending_test = True
        m = FN_RE.match(s)
        if m and not in_test and not pending_test:
            stack.append((m.group(6), n, depth))
        opened = s.count("{")
        closed = s.count("}")
        if pending_test and opened:
            test_depth = depth
            pending_test = False
            in_test = True
        if not in_test:
            code += 1
        depth += opened - closed
        while stack and depth <= stack[-1][2] and (opened or closed or s.rstrip().endswith(";")):
            name, start, d0 = stack.pop()
            if opened or closed:
                fns.append((n - start + 1, name, start))
        if test_depth is not None and depth <= test_depth and (opened or closed):
            test_depth = None
    return code, fns


def imports(root):
    """Edges between top-level modules: module -> modules it names as `crate::x`."""
    tops = {p.stem if p.is_file() else p.name for p in root.iterdir()} - {"lib", "main"}
    edges = {}
    for p in root.rglob("*.rs"):
        me = p.relative_to(root).parts[0].removesuffix(".rs")
        if me in ("lib", "main"):
            continue
        state = {"block": 0, "string": None}
        test_depth, depth = None, 0
        for raw in p.read_text(encoding="utf-8").splitlines():
            code = strip(raw, state)
            if "#[cfg(test)]" in raw and test_depth is None:
                test_depth = depth
            depth += code.count("{") - code.count("}")
            if test_depth is not None:
                if depth <= test_depth and "}" in code:
                    test_depth = None
                continue
            for m in re.finditer(r"crate::(\w+)", code):
                if m.group(1) in tops and m.group(1) != me:
                    edges.setdefault(me, set()).add(m.group(1))
    return edges


def cycles(edges):
    found = set()

    def walk(n, path):
        for t in sorted(edges.get(n, ())):
            if t in path:
                cyc = path[path.index(t):]
                i = cyc.index(min(cyc))
                found.add(tuple(cyc[i:] + cyc[:i]))
            else:
                walk(t, path + [t])

    for n in sorted(edges):
        walk(n, [n])
    return sorted(found)


def main():
    check = "--check" in sys.argv
    top = 10
    if "--top" in sys.argv:
        top = int(sys.argv[sys.argv.index("--top") + 1])
    root = pathlib.Path(__file__).resolve().parent.parent / "src"
    files = []
    all_fns = []
    for p in sorted(root.rglob("*.rs")):
        code, fns = analyse(p)
        rel = p.relative_to(root.parent)
        files.append((code, str(rel)))
        all_fns += [(length, f"{rel}:{line} {name}") for length, name, line in fns]
    bad = False
    print("lines of non-test code per file")
    for code, rel in sorted(files, reverse=True):
        flag = "  OVER" if code > FILE_LIMIT else ""
        bad |= bool(flag)
        print(f"{code:6} {rel}{flag}")
    print(f"\nthe {top} longest functions")
    for length, where in sorted(all_fns, reverse=True)[:top]:
        print(f"{length:6} {where}{'  OVER' if length > FN_LIMIT else ''}")
    edges = imports(root)
    print("\nimports between top-level modules")
    for m in sorted(edges):
        print(f"  {m} -> {', '.join(sorted(edges[m]))}")
    cyc = cycles(edges)
    print("cycles: " + ("; ".join(" -> ".join(c) for c in cyc) if cyc else "none"))
    bad |= bool(cyc)
    over = [f for f in all_fns if f[0] > FN_LIMIT]
    bad |= bool(over)
    print(f"\n{len(files)} files, {sum(c for c, _ in files)} lines of non-test code, "
          f"{len(all_fns)} functions, {len(over)} over {FN_LIMIT} lines")
    if check and bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
