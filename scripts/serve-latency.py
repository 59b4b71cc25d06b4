#!/usr/bin/env python3
"""Time from saving a file to `kpss serve` serving the page that shows the edit.

Usage: scripts/serve-latency.py KPSS_BINARY SITE_ROOT CONTENT_FILE URL_PATH [RUNS] [EDIT[,EDIT...]]
  e.g. scripts/serve-latency.py target/release/kpss . \
         content/jindrichuv-hradec/jednani/ps-seniori-03.md /jindrichuv-hradec/jednani/ps-seniori-03/ 20 body,date

Starts the server on a free loopback port once, then for each EDIT, RUNS times: edits and
polls the page (every 2 ms) until it shows the edit. CONTENT_FILE is a meeting; EDIT is
- `body` (default): append a unique line to its body;
- `place`: set the front matter's `place` to a unique value;
- `date`: a unique place and the date one day later each run (the meeting moves in its lists);
- `number`: a unique place and a new number (its derived title changes, it moves in its group);
- `title`: a unique place and a new `title` (its rows in every list read differently);
- `minutes`: a unique place and new minutes: a PDF is written beside the meeting first, then
  `minutes` names it;
- `new`: a new meeting file beside it (its group, a new number, a unique place); its own page is
  polled;
- `group`: a unique line appended to the body of the meeting's group (`group = "…"`, the file
  `<territory>/skupiny/<group>.md`); the group's page is polled.
Restores every file at the end (deletes the ones it wrote) and prints, per EDIT, min / median /
max in milliseconds. With KPSS_LATENCY_LOG=<file> the server's stderr is kept there (with
KPSS_TIMINGS=1 it holds the time of each stage of each rebuild).
"""
import datetime, http.client, os, re, socket, statistics, subprocess, sys, tempfile, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path); r = c.getresponse(); body = r.read(); c.close()
    return r.status, body

KINDS = ("body", "place", "date", "number", "title", "minutes", "new", "group")

def edited(original, edit, marker, i):
    if edit == "body":
        return original + f"\n{marker}\n"
    head, sep, body = original.partition("\n+++\n")
    head = re.sub(r"(?m)^place = .*\n?", "", head) + f'\nplace = "{marker}"'
    if edit == "date":
        m = re.search(r"(?m)^date = (\d{4}-\d{2}-\d{2})", head)
        if not m: raise SystemExit("EDIT=date needs a `date = YYYY-MM-DD` line")
        day = datetime.date.fromisoformat(m.group(1)) + datetime.timedelta(days=i + 1)
        head = head[:m.start(1)] + day.isoformat() + head[m.end(1):]
    if edit in ("number", "new"):
        head = re.sub(r"(?m)^number = \d+", f"number = {90000 + i}", head)
    if edit == "title":
        head = re.sub(r"(?m)^title = .*\n?", "", head) + f'\ntitle = "Jednání {marker}"'
    if edit == "minutes":
        head = re.sub(r"(?m)^minutes = .*\n?", "", head) + f'\nminutes = "zapis-{i}.pdf"'
    head = re.sub(r"\n+", "\n", head)
    return head + sep + body

def target(root, rel, url, edit, i):
    """The file an edit writes and the URL that shows it."""
    path = os.path.join(root, rel)
    if edit == "new":
        name = f"kpss-latency-{i}"
        return os.path.join(os.path.dirname(path), name + ".md"), url.rstrip("/").rsplit("/", 1)[0] + f"/{name}/"
    if edit == "group":
        m = re.search(r'(?m)^group = "([^"]+)"', open(path, encoding="utf-8").read())
        if not m: raise SystemExit("EDIT=group needs a meeting with `group = \"…\"`")
        territory = os.path.dirname(os.path.dirname(path))
        base = url.rstrip("/").rsplit("/", 2)[0]
        return os.path.join(territory, "skupiny", m.group(1) + ".md"), f"{base}/skupiny/{m.group(1)}/"
    return path, url

def restore(originals):
    for path, text in originals.items():
        if text is None:
            if os.path.exists(path): os.remove(path)
        else:
            with open(path, "w", encoding="utf-8") as f: f.write(text)

def main():
    binary, root, rel, url = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    edits = (sys.argv[6] if len(sys.argv) > 6 else "body").split(",")
    for edit in edits:
        if edit not in KINDS:
            raise SystemExit(f"EDIT must be one of {', '.join(KINDS)}, not {edit}")
    port = free_port()
    # KPSS_LATENCY_LOG=<file> keeps the server's stderr (with KPSS_TIMINGS=1, its stage times).
    log_path = os.environ.get("KPSS_LATENCY_LOG")
    # Appending: the server writes at the end wherever this script reads (they share the offset).
    if log_path:
        open(log_path, "wb").close()
    log = open(log_path, "a+b") if log_path else tempfile.TemporaryFile(mode="a+b")
    # The server's stage times (KPSS_TIMINGS) say how long the files rendered after the page
    # took (`Session::finish`: shifted list pages, outputs listing every meeting).
    env = dict(os.environ, KPSS_TIMINGS="1")
    srv = subprocess.Popen([binary, "--root", root, "serve", "--port", str(port), "--date", "2026-11-25"],
                           stdout=subprocess.DEVNULL, stderr=log, env=env)
    meeting = os.path.join(root, rel)
    meeting_text = open(meeting, encoding="utf-8").read()
    originals = {}   # path → text before (None: the file did not exist)
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                status, _ = get(port, "/")
                if status in (200, 302): break
            except OSError: pass
            time.sleep(0.05)
        print(f"startup (first full build + listen): {time.time() - deadline + 600:.2f} s")
        base = url if url.startswith("/") else "/" + url
        for edit in edits:
            times = []
            log_from = log.seek(0, os.SEEK_END)
            for i in range(runs):
                marker = f"ZMENA{i}X{time.time_ns()}"
                path, page = target(root, rel, base, edit, i)
                if path not in originals:
                    originals[path] = open(path, encoding="utf-8").read() if os.path.exists(path) else None
                start = time.perf_counter()
                if edit == "minutes":
                    pdf = os.path.join(os.path.dirname(path), f"zapis-{i}.pdf")
                    originals.setdefault(pdf, None)
                    with open(pdf, "wb") as f: f.write(b"%PDF-1.4 " + marker.encode() + b"\n")
                text = (originals[path] + f"\n{marker}\n") if edit == "group" else edited(meeting_text, edit, marker, i)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                while True:
                    status, body = get(port, page)
                    if marker.encode() in body: break
                    if time.perf_counter() - start > 60: raise SystemExit(f"{edit} run {i}: not served after 60 s")
                    time.sleep(0.002)
                times.append((time.perf_counter() - start) * 1000)
                # An editor's saves are seconds apart: the preview renders the files that come
                # after the page meanwhile (up to about a second for a new meeting at 100,000).
                time.sleep(2.0)
            print(f"{edit:8} save → served, {runs} runs: min {min(times):.0f} ms, median {statistics.median(times):.0f} ms, max {max(times):.0f} ms", flush=True)
            log.seek(log_from)
            later = [float(ms) for ms in re.findall(rb"files after the pages in (\d+) ms", log.read())]
            if later:
                print(f"{edit:8} files after the page, {len(later)} runs: median {statistics.median(later):.0f} ms, max {max(later):.0f} ms later", flush=True)
            # Back to the start for the next kind of edit, and wait until it is served.
            restore(originals)
            start = time.perf_counter()
            while marker.encode() in get(port, page)[1] and time.perf_counter() - start < 120:
                time.sleep(0.05)
            time.sleep(0.5)
    finally:
        restore(originals)
        srv.terminate(); srv.wait()
        log.seek(0)
        err = log.read().decode("utf-8", "replace").strip().splitlines()
        print("server:", *err[-int(os.environ.get("SERVER_LINES", "3")):], sep="\n  ")

main()
