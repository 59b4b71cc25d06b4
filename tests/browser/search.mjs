// Search in a browser: a built site served by a small static server on a free loopback port,
// headless Debian Chromium through playwright-core. Types queries into /hledat/ and the
// header's box, checks the results (diacritics optional, kind and territory named), the
// keyboard path, that no request leaves the site, and runs axe with the results shown. Prints
// the status of "zapis" and how many index parts beyond the first were asked.
// Usage: node search.mjs OUTPUT_DIR AXE_MIN_JS AXE_TAGS
//   OUTPUT_DIR  a built site whose base path is /
//   AXE_MIN_JS  axe-core's axe.min.js (tests/browser/node_modules); AXE_TAGS e.g. wcag2a,wcag2aa
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';

const [root, axePath, axeTags] = process.argv.slice(2);
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml',
};
const server = createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (path.includes('..')) { res.writeHead(400).end(); return; }
  let file = join(root, path);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
let failed = 0;
const fail = (...m) => { console.error(...m); failed++; };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});

// The results shown for the query now in the box: [{url, text}] once the status says a count.
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('hledat-stav').textContent;
    return /Nalezen|Nic nenalezeno/.test(s);
  }, null, { timeout: 15000 });
  return page.$$eval('#hledat-vysledky > li', (lis) => lis.map((li) => ({
    url: li.querySelector('a').getAttribute('href'), text: li.innerText,
  })));
}

try {
  const page = await browser.newPage();
  const foreign = [];
  const partsAsked = new Set();
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) foreign.push(r.url());
    const part = new URL(r.url()).pathname.match(/^\/pagefind\/(\d+)\//);
    if (part) partsAsked.add(part[1]);
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(base + 'hledat/');
  await page.getByLabel('Hledaný výraz').fill('strmilov');
  let found = await results(page);
  const group = found.find((r) => r.url === '/jindrichuv-hradec/skupiny/ps-strmilov/');
  if (!group) fail('"strmilov" did not find the group PS Strmilov:', JSON.stringify(found));
  else if (!group.text.includes('Pracovní skupina') || !group.text.includes('Jindřichův Hradec')) {
    fail('the result does not name the kind and territory:', group.text);
  } else console.log(`"strmilov": ${found.length} results shown, the group among them`);
  const status = await page.textContent('#hledat-stav');
  if (!/^Nalezen[oy]? \d* ?výsled/.test(status)) fail('the status does not say the count:', status);

  await page.getByLabel('Hledaný výraz').fill('zapis');
  found = await results(page);
  const minutes = found.filter((r) => r.text.includes('Zápis'));
  if (minutes.length === 0) fail('"zapis" found nothing with "Zápis":', JSON.stringify(found));
  else console.log(`"zapis": ${found.length} results shown, ${minutes.length} with "Zápis"`);
  console.log(`"zapis" status: ${await page.textContent('#hledat-stav')}`);

  // The keyboard: from the box, Tab reaches the button, then the first result's link.
  await page.focus('#hledat');
  await page.keyboard.press('Tab');
  const onButton = await page.evaluate(() => document.activeElement.textContent);
  if (onButton !== 'Hledat') fail('Tab from the box did not reach the button:', onButton);
  await page.keyboard.press('Tab');
  const onLink = await page.evaluate(() => document.activeElement.closest('#hledat-vysledky') !== null);
  if (!onLink) fail('the next Tab did not reach the first result');

  // axe with the results shown.
  await page.addScriptTag({ path: axePath });
  const axe = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags.split(',') } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, axeTags);
  if (axe.length) fail('axe violations with results shown:', axe.join('\n'));
  else console.log(`axe (${axeTags}) with results shown: no violations`);

  // The header's box on another page: Enter goes to /hledat/?q=… and shows the results there.
  await page.goto(base + 'jindrichuv-hradec/');
  await page.getByRole('search').getByLabel('Hledaný výraz').fill('strmilov');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/hledat\/\?q=strmilov/);
  found = await results(page);
  if (!found.some((r) => r.url === '/jindrichuv-hradec/skupiny/ps-strmilov/')) {
    fail('the header box did not lead to results:', JSON.stringify(found));
  } else console.log('the header box leads to the results');

  // A large site's index is in parts (pagefind/<n>/): every part is asked.
  console.log(`index parts beyond the first asked: ${partsAsked.size}`);
  if (foreign.length) fail('requests to other hosts:', foreign.join(', '));
  if (errors.length) fail('page errors:', errors.join('\n'));
} catch (e) {
  fail(e);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
