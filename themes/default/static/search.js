// kpss search (/hledat/): the pagefind index of this site, searched in the browser; nothing
// is requested from another host. Results are a list of links with the page's kind and
// territory; the status line (role="status") says how many were found. The strings come
// from the page (#hledat-texty), in the site's language.
const me = document.querySelector('script[data-bundle]');
const form = document.querySelector('.search-form');
const input = document.getElementById('hledat');
const status = document.getElementById('hledat-stav');
const list = document.getElementById('hledat-vysledky');
const more = document.getElementById('hledat-dalsi');
const texts = JSON.parse(document.getElementById('hledat-texty').textContent);
const PAGE = 10;

let pagefind = null;
let current = 0;
let shown = [];
let results = [];

function countText(n) {
  if (n === 0) return texts.search_none;
  if (n === 1) return texts.search_one;
  const key = n >= 2 && n <= 4 ? 'search_few' : 'search_many';
  return texts[key].replace('{n}', String(n));
}

// The index of a large site is in parts: the first beside pagefind.js, the others listed in
// kpss-parts.json (folders relative to it), merged into the first, so one search asks them all.
async function load() {
  if (!pagefind) {
    const options = { excerptLength: 24 };
    const pf = await import(me.dataset.bundle);
    await pf.options(options);
    await pf.init();
    const base = new URL('.', new URL(me.dataset.bundle, window.location.href));
    const listed = await fetch(new URL('kpss-parts.json', base));
    if (!listed.ok) throw new Error(`kpss-parts.json: ${listed.status}`);
    const parts = await listed.json();
    await Promise.all(parts.map((dir) => pf.mergeIndex(new URL(dir, base).pathname, options)));
    pagefind = pf;
  }
  return pagefind;
}

function item(data) {
  const li = document.createElement('li');
  const h = document.createElement('a');
  h.href = data.url;
  h.textContent = (data.meta && data.meta.title) || data.url;
  li.append(h);
  const where = [data.meta && data.meta.kind, data.meta && data.meta.territory].filter(Boolean);
  if (where.length) {
    const m = document.createElement('p');
    m.className = 'meta small';
    m.textContent = where.join(' · ');
    li.append(m);
  }
  if (data.excerpt) {
    const p = document.createElement('p');
    // pagefind's excerpt is the page's own text, escaped, with the matches in <mark>.
    p.innerHTML = data.excerpt;
    li.append(p);
  }
  return li;
}

async function showMore(run) {
  const next = results.slice(shown.length, shown.length + PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  if (run !== current) return;
  for (const d of data) {
    shown.push(d);
    list.append(item(d));
  }
  more.hidden = shown.length >= results.length;
}

async function search(query) {
  const run = ++current;
  const q = query.trim();
  list.replaceChildren();
  shown = [];
  results = [];
  more.hidden = true;
  if (!q) {
    list.hidden = true;
    status.textContent = '';
    return;
  }
  status.textContent = texts.search_loading;
  try {
    const pf = await load();
    const found = await pf.search(q);
    if (run !== current) return;
    results = found.results;
    list.hidden = results.length === 0;
    await showMore(run);
    if (run !== current) return;
    status.textContent = countText(results.length);
  } catch (e) {
    if (run !== current) return;
    status.textContent = texts.search_failed;
    console.error(e);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const url = new URL(window.location.href);
  url.searchParams.set('q', input.value);
  window.history.replaceState(null, '', url);
  search(input.value);
});
input.addEventListener('input', () => search(input.value));
more.addEventListener('click', () => {
  const first = shown.length;
  showMore(current).then(() => {
    // Focus the first new result, so a keyboard user goes on where the list grew.
    const link = list.children[first] && list.children[first].querySelector('a');
    if (link) link.focus();
  });
});

const initial = new URL(window.location.href).searchParams.get('q');
if (initial) {
  input.value = initial;
  search(initial);
}
