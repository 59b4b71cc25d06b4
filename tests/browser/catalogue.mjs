// The catalogue's filter in place and its print view, in headless Debian Chromium through
// playwright-core, on a built site served from its folder by a tiny HTTP server on 127.0.0.1.
// Usage: node catalogue.mjs DIST_DIR BASE_PATH SHOTS_DIR
//   (DIST_DIR: the built tests/sites/catalogue; BASE_PATH: /planovani/; screenshots and the
//   printed booklet go to SHOTS_DIR)
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const [dist, basePath, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith(basePath)) { res.writeHead(404).end(); return; }
  let p = normalize(join(dist, decodeURIComponent(url.pathname.slice(basePath.length))));
  if (!p.startsWith(dist)) { res.writeHead(403).end(); return; }
  try { if (statSync(p).isDirectory()) p = join(p, 'index.html'); res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' }).end(readFileSync(p)); } catch { res.writeHead(404).end(); }
});
const port = await new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
const base = `http://127.0.0.1:${port}${basePath}`;
let failed = 0;
const check = (ok, what) => { if (ok) console.log(`ok: ${what}`); else { console.error(`FAILED: ${what}`); failed++; } };
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(`http://127.0.0.1:${port}/`)) foreign.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + 'sluzby/');
  const visible = () => page.$$eval('.catalogue li.service', (l) => l.filter((x) => x.offsetParent !== null).map((x) => x.querySelector('a').textContent));
  const status = () => page.textContent('#filtr-stav');
  check(await page.isVisible('#filtr-sluzeb'), 'the script shows the filter form');
  check(!(await page.isVisible('#filtr-odkazy')), 'and hides the static filter links');
  check((await visible()).length === 10, 'every service is shown at first');
  // Selects are found by their labels: they are labelled.
  await page.getByLabel('Druh služby').selectOption('40');
  let shown = await visible();
  check(JSON.stringify(shown) === JSON.stringify(['Pečovatelská služba Cetviny', 'Pečovatelská služba Horní Dvořiště', 'Pečovatelská služba Chvalšiny']), `kind § 40 shows its three services: ${shown}`);
  check(await status() === 'Zobrazené služby: 3 z 10', `the live region says so: ${await status()}`);
  check(await page.getAttribute('#filtr-stav', 'aria-live') === 'polite', 'the count is a polite live region');
  check(!(await page.isVisible('#k-prevence')), 'a category left empty is hidden with its heading');
  check(await page.isVisible('#d-pecovatelska-sluzba'), 'the kind heading stays');
  await page.getByLabel('Území').selectOption('ck');
  shown = await visible();
  check(JSON.stringify(shown) === JSON.stringify(['Pečovatelská služba Chvalšiny']), `§ 40 in Český Krumlov: ${shown}`);
  check(await status() === 'Zobrazené služby: 1 z 10', `count 1: ${await status()}`);
  await page.screenshot({ path: join(shots, 'catalogue-filtered-1280.png'), fullPage: true });
  await page.getByRole('button', { name: 'Zrušit filtr' }).click();
  await page.waitForFunction(() => document.querySelector('#filtr-stav').textContent === 'Zobrazené služby: 10 z 10');
  check((await visible()).length === 10, 'clearing the filter shows every service again');
  await page.getByLabel('Cílová skupina').selectOption('deti');
  await page.getByLabel('Forma').selectOption('terenni');
  shown = await visible();
  check(JSON.stringify(shown) === JSON.stringify(['Poradna pro rodinu, manželství a mezilidské vztahy', 'Sociálně aktivizační služba pro rodiny Český Krumlov']), `children and outreach: ${shown}`);
  // A phone: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(wide <= 360, `no horizontal scrolling at 360 px (${wide})`);
  await page.screenshot({ path: join(shots, 'catalogue-filtered-360.png'), fullPage: true });
  await page.goto(base + 'sluzby/tisk/');
  const bookletWide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(bookletWide <= 360, `the booklet on a phone: no horizontal scrolling (${bookletWide})`);
  await page.goto(base + 'sluzby/pecovatelska-sluzba-cetviny/');
  const serviceWide = await page.evaluate(() => document.documentElement.scrollWidth);
  check(serviceWide <= 360, `a service's page on a phone: no horizontal scrolling (${serviceWide})`);
  // The booklet in print: no navigation, each category on a new page, web addresses printed.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(base + 'sluzby/tisk/');
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['.main-nav', '.crumbs', '.skip-link', '.screen-only']) {
    check(await page.$eval(sel, (e) => getComputedStyle(e).display) === 'none', `${sel} is not printed`);
  }
  const breaks = await page.$$eval('.booklet-category', (l) => l.map((e) => getComputedStyle(e).breakBefore));
  check(breaks.length === 4 && breaks.every((b) => b === 'page'), `each category starts a page: ${breaks}`);
  const after = await page.$eval('.booklet dd a[href^="http"]', (a) => getComputedStyle(a, '::after').content);
  check(after.includes('https://example.org/pecovatelska'), `a web address is printed after its link: ${after}`);
  await page.screenshot({ path: join(shots, 'catalogue-print.png'), fullPage: true });
  const pdf = await page.pdf({ path: join(shots, 'katalog.pdf'), format: 'A4' });
  const sheets = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  check(sheets >= 5, `the booklet prints the contents and each of 4 categories on pages of their own (${sheets} pages)`);
  check(foreign.length === 0, `no request to another host: ${foreign}`);
  check(errors.length === 0, `no script errors: ${errors}`);
} catch (e) {
  console.error(e);
  failed++;
} finally {
  await browser.close();
  server.close();
}
console.log(`${failed ? 0 : 1} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
