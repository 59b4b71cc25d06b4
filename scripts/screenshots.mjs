#!/usr/bin/env node
// Screenshots of a built kpss site: home, a territory, a group, a meeting, a document, an index
// page and the accessibility statement, each at 360 px (a small phone) and 1280 px (a laptop),
// full page, as PNG files. The site is served from its folder by a tiny HTTP server on
// 127.0.0.1 (a random port) under the path of its base URL; nothing leaves the machine.
//
//   npm install --prefix scripts            # once: playwright-core
//   cargo run -- build --date 2026-11-25 --output /tmp/kpss-dist
//   node scripts/screenshots.mjs /tmp/kpss-dist /tmp/kpss-shots [--base /planovani/]
//
// Pages are found by following the site's own links from the home page (the first territory,
// its first group, meeting and document), so the script works on any kpss site. Override one
// with --page kind=site/path/ (e.g. --page group=jindrichuv-hradec/skupiny/rs/).
// The catalogue of services too, and when it lists any, a service and the printable booklet.
// Also written: print-territory.png, print-meeting.png and print-booklet.png (print styles at
// A4 width) and
// focus-*.png (keyboard focus on the skip link and the first link of the header).
// --tiles also writes each full page cut into pieces of about two screens
// (`home-360-01.png` …), easier to look at than one very tall image.
// CHROMIUM overrides the browser (default /usr/bin/chromium).

import { createServer } from "node:http";
import { mkdir, readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

const WIDTHS = [360, 1280];
const HEIGHTS = { 360: 740, 1280: 800 };
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

function usage(msg) {
  if (msg) console.error(`screenshots: ${msg}`);
  console.error(
    "usage: node scripts/screenshots.mjs SITE_DIR OUT_DIR [--base /path/] [--page kind=path] [--tiles]",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { base: "/", pages: {}, positional: [], tiles: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--base") {
      opts.base = argv[++i] ?? usage("--base needs a value");
    } else if (a === "--page") {
      const v = argv[++i] ?? usage("--page needs kind=path");
      const eq = v.indexOf("=");
      if (eq < 1) usage(`--page ${v}: expected kind=path`);
      opts.pages[v.slice(0, eq)] = v.slice(eq + 1).replace(/^\//, "");
    } else if (a === "--tiles") {
      opts.tiles = true;
    } else if (a === "-h" || a === "--help") {
      usage();
    } else {
      opts.positional.push(a);
    }
  }
  if (opts.positional.length !== 2) usage("SITE_DIR and OUT_DIR are required");
  if (!opts.base.startsWith("/")) opts.base = `/${opts.base}`;
  if (!opts.base.endsWith("/")) opts.base += "/";
  return opts;
}

/** A static file server for `root`, mounted at `base`; resolves to its origin. */
async function serve(root, base) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let path = decodeURIComponent(url.pathname);
      if (!path.startsWith(base)) {
        res.writeHead(404).end();
        return;
      }
      path = path.slice(base.length);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      let s = await stat(file).catch(() => null);
      if (s?.isDirectory()) {
        file = join(file, "index.html");
        s = await stat(file).catch(() => null);
      }
      if (!s) {
        const body = await readFile(join(root, "404.html")).catch(() => "not found");
        res.writeHead(404, { "content-type": TYPES[".html"] }).end(body);
        return;
      }
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type }).end(await readFile(file));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** Site paths (relative to the base) of the page kinds, found by following links. */
async function discover(page, origin, base, given) {
  const rel = (href) => {
    if (!href) return null;
    const p = new URL(href, origin).pathname;
    return p.startsWith(base) ? p.slice(base.length) : null;
  };
  const first = async (path, selector) => {
    await page.goto(`${origin}${base}${path}`);
    const href = await page
      .locator(selector)
      .first()
      .getAttribute("href", { timeout: 2000 })
      .catch(() => null);
    return rel(href);
  };
  const all = async (path, selector) => {
    await page.goto(`${origin}${base}${path}`);
    const hrefs = await page
      .locator(selector)
      .evaluateAll((els) => els.map((e) => e.getAttribute("href")));
    return hrefs.map(rel).filter((x) => x !== null);
  };
  const pages = { home: "" };
  // The first territory with a group, a meeting and a document; else the first one.
  const territories = given.territory ? [given.territory] : await all("", ".cards a");
  for (const t of territories) {
    const found = {
      territory: t,
      group: given.group ?? (await first(t, "section[aria-labelledby=s-skupiny] li.group > a")),
      meeting: given.meeting ?? (await first(t, "li.meeting > a:not(.download)")),
      document: given.document ?? (await first(t, "section[aria-labelledby=s-dokumenty] li.document > a:not(.download)")),
    };
    if (pages.territory === undefined || (found.group && found.meeting && found.document)) {
      Object.assign(pages, found);
    }
    if (found.group && found.meeting && found.document) break;
  }
  pages.index = given.index ?? (await first("", ".main-nav a[href$='/jednani/'], .main-nav li:nth-child(2) a"));
  pages.accessibility = given.accessibility ?? (await first("", "footer a"));
  // The catalogue of services; a service and the printable booklet when it lists any.
  pages.catalogue = given.catalogue ?? (await first("", ".main-nav a[href$='/sluzby/']"));
  if (pages.catalogue) {
    const service = given.service ?? (await first(pages.catalogue, "li.service > a"));
    if (service) {
      pages.service = service;
      pages.booklet = given.booklet ?? (await first(pages.catalogue, "a[href$='/tisk/']"));
    }
  }
  for (const [k, v] of Object.entries(given)) pages[k] = v;
  return pages;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const root = resolve(opts.positional[0]);
  const out = resolve(opts.positional[1]);
  if (!(await stat(join(root, "index.html")).catch(() => null))) {
    usage(`${root} has no index.html: build the site first`);
  }
  await mkdir(out, { recursive: true });
  const { server, origin } = await serve(root, opts.base);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  let failed = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Every request must stay on the local server: the theme loads nothing from other hosts.
    const foreign = [];
    await context.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith(origin)) return route.continue();
      foreign.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    const pages = await discover(page, origin, opts.base, opts.pages);
    for (const [kind, path] of Object.entries(pages)) {
      if (path === null || path === undefined) {
        console.error(`screenshots: no ${kind} page found (use --page ${kind}=path)`);
        failed++;
        continue;
      }
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHTS[width] });
        const resp = await page.goto(`${origin}${opts.base}${path}`, { waitUntil: "load" });
        if (!resp || resp.status() !== 200) {
          console.error(`screenshots: ${kind} /${path} answered ${resp?.status()}`);
          failed++;
        }
        // Wider than the viewport means a horizontal scroll bar on a phone.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        const file = join(out, `${kind}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
        if (opts.tiles) {
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          const tile = HEIGHTS[width] * 2;
          for (let y = 0, n = 1; y < height; y += tile, n++) {
            await page.screenshot({
              path: join(out, `${kind}-${width}-${String(n).padStart(2, "0")}.png`),
              fullPage: true,
              animations: "disabled",
              clip: { x: 0, y, width, height: Math.min(tile, height - y) },
            });
          }
        }
        console.log(
          `${file}  /${path}${overflow > 0 ? `  (overflows by ${overflow} px)` : ""}`,
        );
        if (overflow > 0) failed++;
      }
    }
    // Print styles: the territory and the meeting as printed (A4 width, print media).
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: "print" });
    for (const kind of ["territory", "meeting", "booklet"]) {
      if (pages[kind] == null) continue;
      await page.goto(`${origin}${opts.base}${pages[kind]}`, { waitUntil: "load" });
      const file = join(out, `print-${kind}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      console.log(`${file}  /${pages[kind]} (print media)`);
    }
    await page.emulateMedia({ media: "screen" });
    // Keyboard focus: the skip link after one Tab, the first menu link after two (visible
    // outlines on the dark header too), at both widths, above the fold only.
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: HEIGHTS[width] });
      await page.goto(`${origin}${opts.base}`, { waitUntil: "load" });
      for (const [n, name] of [[1, "skip-link"], [2, "first-link"]]) {
        await page.keyboard.press("Tab");
        const file = join(out, `focus-${name}-${width}.png`);
        await page.screenshot({ path: file, animations: "disabled" });
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
        console.log(`${file}  Tab ×${n}: ${focused}`);
      }
    }
    if (foreign.length) {
      console.error(`screenshots: requests to other hosts: ${[...new Set(foreign)].join(", ")}`);
      failed++;
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
