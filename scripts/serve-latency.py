#!/usr/bin/env python3
"""Time from saving a meeting file to `kpss serve` serving the new page.

Usage: scripts/serve-latency.py KPSS_BINARY SITE_ROOT CONTENT_FILE URL_PATH [RUNS] [EDIT]
  e.g. scripts/serve-latency.py target/release/kpss . \
         content/jindrichuv-hradec/jednani/ps-seniori-03.md /jindrichuv-hradec/jednani/ps-seniori-03/ 20

Starts the server on a free loopback port, then RUNS times: edits the file and polls the page
(every 2 ms) until it shows the edit. EDIT is `body` (default: append a unique line to the body),
`place` (set the front matter's `place` to a unique value), `date` (a unique place and the
date one day later each run: the meeting moves in its lists) or `number` (a unique place and a
new number: titles change, so kpss resolves the whole site again) or `minutes` (a unique place
and a new minutes file: a PDF is written beside the meeting first, then `minutes` names it). Restores the file at the end and
prints min / median / max in milliseconds.
"""
import datetime, http.client, os, re, socket, statistics, subprocess, sys, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path); r = c.getresponse(); body = r.read(); c.close()
    return r.status, body

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
    if edit == "number":
        head = re.sub(r"(?m)^number = \d+", f"number = {90000 + i}", head)
    if edit == "minutes":
        head = re.sub(r"(?m)^minutes = .*\n?", "", head) + f'\nminutes = "zapis-{i}.pdf"'
    head = re.sub(r"\n+", "\n", head)
    return head + sep + body

def main():
    binary, root, rel, url = sys.argv[1:5]
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 10
    edit = sys.argv[6] if len(sys.argv) > 6 else "body"
    if edit not in ("body", "place", "date", "number", "minutes"):
        raise SystemExit(f"EDIT must be body, place, date, number or minutes, not {edit}")
    port = free_port()
    srv = subprocess.Popen([binary, "--root", root, "serve", "--port", str(port), "--date", "2026-11-25"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    path = os.path.join(root, rel)
    original = open(path, encoding="utf-8").read()
    written = []
    try:
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                status, _ = get(port, "/")
                if status in (200, 302): break
            except OSError: pass
            time.sleep(0.05)
        t0 = time.time() - deadline + 600
        base = url if url.startswith("/") else "/" + url
        times = []
        for i in range(runs):
            marker = f"ZMENA{i}X{time.time_ns()}"
            start = time.perf_counter()
            if edit == "minutes":
                pdf = os.path.join(os.path.dirname(path), f"zapis-{i}.pdf")
                with open(pdf, "wb") as f: f.write(b"%PDF-1.4 " + marker.encode() + b"\n")
                written.append(pdf)
            with open(path, "w", encoding="utf-8") as f:
                f.write(edited(original, edit, marker, i))
            while True:
                status, body = get(port, base)
                if marker.encode() in body: break
                if time.perf_counter() - start > 30: raise SystemExit(f"run {i}: not served after 30 s")
                time.sleep(0.002)
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.3)
        print(f"startup (first full build + listen): {t0:.2f} s")
        print(f"save → served, {runs} runs: min {min(times):.0f} ms, median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")
    finally:
        with open(path, "w", encoding="utf-8") as f: f.write(original)
        for pdf in written: os.remove(pdf)
        srv.terminate(); srv.wait()
        err = srv.stderr.read().decode("utf-8", "replace").strip().splitlines()
        print("server:", *err[-3:], sep="\n  ")

main()
