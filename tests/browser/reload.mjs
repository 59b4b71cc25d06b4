// An open tab reloads by itself after an edit: kpss serve on a free loopback port, headless
// Debian Chromium through playwright-core, a meeting file edited on disk.
// Usage: node reload.mjs KPSS_BINARY SITE_DIR   (SITE_DIR is a scratch copy; it gets edited)
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const [bin, site] = process.argv.slice(2);
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const server = spawn(bin, ['--root', site, 'serve', '--port', String(port), '--date', '2026-11-25'], { stdio: 'ignore' });
const base = `http://127.0.0.1:${port}/planovani/`;
let failed = 0;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
try {
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(base)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  const page = await browser.newPage();
  await page.goto(base + 'jh/jednani/rs-02/');
  await page.waitForFunction(() => true);
  // Give the WebSocket a moment to connect, then mark this document: a reload loses the mark.
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.__kpssMark = 1; });
  const file = join(site, 'content/jh/jednani/rs-02.md');
  const text = readFileSync(file, 'utf8');
  const started = Date.now();
  writeFileSync(file, text + '\nOdstavec přidaný v prohlížečovém testu.\n');
  await page.waitForFunction(() => document.body.innerText.includes('Odstavec přidaný v prohlížečovém testu.'), null, { timeout: 10000 });
  const mark = await page.evaluate(() => window.__kpssMark);
  if (mark !== undefined) { console.error('the text changed without a reload?'); failed++; }
  else { console.log(`tab reloaded by itself ${Date.now() - started} ms after the save`); }
  // A broken edit shows the overlay in the open tab, without a reload.
  writeFileSync(file, '+++\ngroup = "neni"\n+++\n');
  await page.waitForSelector('#kpss-errors', { timeout: 10000 });
  const overlay = await page.textContent('#kpss-errors');
  if (!overlay.includes('rs-02.md:2:9')) { console.error('overlay lacks the position:', overlay); failed++; }
  // It can be dismissed: a focused button named „Zavřít“, and Esc.
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
  if (focused !== 'Zavřít') { console.error('the close button is not focused:', focused); failed++; }
  await page.getByRole('button', { name: 'Zavřít' }).click();
  if (await page.$('#kpss-errors')) { console.error('the close button left the overlay'); failed++; }
  writeFileSync(file, '+++\ngroup = "neni-ani-tato"\n+++\n');
  await page.waitForSelector('#kpss-errors', { timeout: 10000 });
  await page.keyboard.press('Escape');
  if (await page.$('#kpss-errors')) { console.error('Esc left the overlay'); failed++; }
  await page.evaluate(() => { window.__kpssMark = 2; });
  writeFileSync(file, text);
  await page.waitForFunction(() => window.__kpssMark === undefined && document.body.innerText.includes('Jednání číslo 2'), null, { timeout: 10000 });
  if (await page.$('#kpss-errors')) { console.error('the overlay stayed after the fix'); failed++; }
} catch (e) {
  console.error(e);
  failed++;
} finally {
  await browser.close();
  server.kill();
}
console.log(`${failed ? 0 : 1} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
