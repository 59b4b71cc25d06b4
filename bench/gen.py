#!/usr/bin/env python3
"""Generate a synthetic KPSS site of N meetings and the equivalent Hugo site.

    bench/gen.py --meetings N --out DIR

writes DIR/kpss/ (a kpss site root) and DIR/hugo/ (a Hugo site with the same bodies).
Python 3 standard library only; the output depends only on N (seeded random).

Shape: 20 territories, 16 groups each (1 steering group + 15 working groups), N meetings
spread round-robin over the 320 groups, each with a ~500-word Czech-ish body: `##`
headings, a bulleted list, a table, a ```rust code block and 2 links to other meetings of the
same territory. Dates are TOML dates spread over 2010-2025.

kpss:  content/<t>/_index.md, content/<t>/skupiny/ps-<g>.md, content/<t>/jednani/ps-<g>-<n>.md
       links as relative `.md` links: [předchozí](ps-3-12.md)
Hugo:  content/<t>/_index.md (a section per territory), content/<t>/jednani/ps-<g>-<n>.md
       (same body; links are plain relative links to the sibling page URL: ../ps-3-12/),
       taxonomy `groups` (one term per group, the counterpart of a kpss group page),
       HTML+RSS for home/section/taxonomy/term, sitemap, paginated lists (.Paginate, 200 per
       page, like kpss's PER_PAGE), code highlighting with CSS classes (like kpss).
"""

import argparse
import datetime
import os
import random
import shutil
import sys

TERRITORIES = [
    ("jindrichuv-hradec", "Jindřichův Hradec"), ("tabor", "Tábor"),
    ("cesky-krumlov", "Český Krumlov"), ("pisek", "Písek"), ("strakonice", "Strakonice"),
    ("prachatice", "Prachatice"), ("ceske-budejovice", "České Budějovice"),
    ("trebon", "Třeboň"), ("dacice", "Dačice"), ("milevsko", "Milevsko"),
    ("sobeslav", "Soběslav"), ("tyn-nad-vltavou", "Týn nad Vltavou"),
    ("vimperk", "Vimperk"), ("vodnany", "Vodňany"), ("blatna", "Blatná"),
    ("kaplice", "Kaplice"), ("trhove-sviny", "Trhové Sviny"),
    ("mlada-vozice", "Mladá Vožice"), ("bechyne", "Bechyně"), ("netolice", "Netolice"),
]
GROUPS_PER_TERRITORY = 16
TARGET_GROUPS = [
    ("seniori", "Senioři"), ("deti", "Děti, mládež a rodiny"),
    ("zdravotni-postizeni", "Osoby se zdravotním postižením"),
    ("dusevni-onemocneni", "Osoby s duševním onemocněním"),
    ("ohrozeni", "Osoby ohrožené sociálním vyloučením"),
    ("zavislosti", "Osoby ohrožené závislostmi"),
    ("romove", "Romská komunita"), ("cizinci", "Cizinci"),
]
GROUP_TOPICS = [
    "Senioři", "Děti a rodina", "Zdravotní postižení", "Duševní zdraví", "Bydlení",
    "Závislosti", "Zaměstnanost", "Dluhy", "Romská komunita", "Cizinci",
    "Doprava", "Paliativní péče", "Mládež", "Prevence", "Dobrovolnictví",
]
WORDS = (
    "plánování sociálních služeb pracovní skupina jednání zápis komunitní plán poskytovatel "
    "uživatel obec město kraj senioři rodina děti mládež pečovatelská služba odlehčovací "
    "terapeutická dílna azylový dům nízkoprahové zařízení terénní program sociální "
    "rehabilitace poradenství dotace rozpočet priorita opatření cíl aktivita financování "
    "spolupráce koordinátor řídicí skupina veřejnost připomínka dotazník analýza potřeb "
    "kapacita lůžko dostupnost kvalita domácnost péče příspěvek úřad práce zastupitelstvo "
    "starosta mikroregion území síť služeb průzkum vyhodnocení akční plán střednědobý "
    "krizová pomoc denní stacionář chráněné bydlení osobní asistence raná péče"
).split()
PLACES = ["MěÚ, zasedací místnost", "Kulturní dům", "Centrum sociálních služeb",
          "Knihovna, sál", "Obecní úřad", "Fara", "Komunitní centrum"]
AGENDA = ["Úvod a kontrola zápisu", "Vyhodnocení akčního plánu", "Dotace kraje",
          "Nové služby v území", "Průzkum potřeb", "Různé", "Závěr",
          "Představení poskytovatele", "Financování", "Připomínky veřejnosti"]
HEADINGS = ["Zahájení", "Kontrola úkolů", "Vyhodnocení opatření", "Financování služeb",
            "Potřeby uživatelů", "Diskuse", "Úkoly do příštího jednání", "Závěr",
            "Informace z kraje", "Síť služeb"]
CODE = """```rust
fn kapacita(luzka: u32, obsazeno: u32) -> f64 {
    // podíl volných míst v zařízení
    let volna = luzka.saturating_sub(obsazeno);
    f64::from(volna) / f64::from(luzka.max(1))
}
```"""


def sentence(r, n):
    w = [r.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def paragraph(r, words):
    out, left = [], words
    while left > 0:
        n = min(left, r.randint(8, 16))
        out.append(sentence(r, n))
        left -= n
    return " ".join(out)


def body(r, links):
    """~500 words; `links` is a list of (text, href) put into the paragraphs."""
    heads = r.sample(HEADINGS, 4)
    parts = [paragraph(r, 60) + f" Viz [{links[0][0]}]({links[0][1]}).",
             f"## {heads[0]}", paragraph(r, 90),
             "\n".join(f"- {sentence(r, r.randint(5, 9))}" for _ in range(5)),
             f"## {heads[1]}", paragraph(r, 80) + f" Navazuje na [{links[1][0]}]({links[1][1]}).",
             "| Služba | Kapacita | Obsazeno | Poznámka |\n|---|---:|---:|---|\n" + "\n".join(
                 f"| {r.choice(WORDS)} {r.choice(WORDS)} | {r.randint(5, 80)} | {r.randint(0, 80)} "
                 f"| {r.choice(WORDS)} |" for _ in range(5)),
             f"## {heads[2]}", paragraph(r, 80), CODE,
             f"## {heads[3]}", paragraph(r, 70)]
    return "\n\n".join(parts) + "\n"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    n, out = a.meetings, a.out
    r = random.Random(20261125)
    kroot, hroot = os.path.join(out, "kpss"), os.path.join(out, "hugo")
    for d in (kroot, hroot):
        if os.path.exists(d):
            shutil.rmtree(d)

    # --- kpss config and home
    os.makedirs(os.path.join(kroot, "content"))
    cfg = ['title = "Syntetické plánování"', 'base_url = "https://example.org/planovani/"', ""]
    for slug, name in TARGET_GROUPS:
        cfg += ["[[target_groups]]", f"slug = {toml_str(slug)}", f"name = {toml_str(name)}", ""]
    write(os.path.join(kroot, "config.toml"), "\n".join(cfg))
    write(os.path.join(kroot, "content", "_index.md"),
          '+++\ntitle = "Syntetické plánování"\n+++\nSyntetický web pro měření výkonu.\n')

    # --- Hugo config, layouts, home
    os.makedirs(os.path.join(hroot, "content"))
    write(os.path.join(hroot, "hugo.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        p = os.path.join(hroot, "layouts", rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        write(p, text)
    write(os.path.join(hroot, "content", "_index.md"),
          '+++\ntitle = "Syntetické plánování"\n+++\nSyntetický web pro měření výkonu.\n')

    # Meetings: round-robin over the 320 groups; meeting k of a territory is the
    # (k // 16 + 1)-th meeting of group k % 16 + 1 of that territory.
    per_t = [n // len(TERRITORIES) + (1 if i < n % len(TERRITORIES) else 0)
             for i in range(len(TERRITORIES))]

    def mslug(k):
        return f"ps-{k % GROUPS_PER_TERRITORY + 1}-{k // GROUPS_PER_TERRITORY + 1}"

    start = datetime.date(2010, 1, 1).toordinal()
    span = datetime.date(2025, 12, 31).toordinal() - start
    for ti, (tslug, tname) in enumerate(TERRITORIES):
        kt = os.path.join(kroot, "content", tslug)
        ht = os.path.join(hroot, "content", tslug)
        for d in (os.path.join(kt, "skupiny"), os.path.join(kt, "jednani"),
                  os.path.join(ht, "jednani")):
            os.makedirs(d)
        write(os.path.join(kt, "_index.md"),
              f'+++\ntitle = "Plánování – {tname}"\nname = {toml_str(tname)}\nkind = "orp"\n'
              f'region = "Jihočeský kraj"\n+++\nKomunitní plánování v území {tname}.\n')
        write(os.path.join(ht, "_index.md"),
              f'+++\ntitle = "Plánování – {tname}"\n+++\nKomunitní plánování v území {tname}.\n')
        for g in range(1, GROUPS_PER_TERRITORY + 1):
            if g == 1:
                title, short, kind = "Řídicí skupina", "ŘS", "ridici"
            else:
                topic = GROUP_TOPICS[(g - 2) % len(GROUP_TOPICS)]
                title, short, kind = f"Pracovní skupina {topic}", f"PS {g}", "pracovni"
            tg = TARGET_GROUPS[(ti + g) % len(TARGET_GROUPS)][0]
            write(os.path.join(kt, "skupiny", f"ps-{g}.md"),
                  f'+++\ntitle = {toml_str(title)}\nshort = {toml_str(short)}\nkind = "{kind}"\n'
                  f'target_groups = ["{tg}"]\n+++\nSkupina {short} v území {tname}.\n')
        count = per_t[ti]
        for k in range(count):
            slug = mslug(k)
            g, num = k % GROUPS_PER_TERRITORY + 1, k // GROUPS_PER_TERRITORY + 1
            prev = k - 1 if k > 0 else (1 if count > 1 else 0)
            other = r.randrange(count)
            targets = [("předchozí", mslug(prev)), ("související jednání", mslug(other))]
            seed = r.random()
            br = random.Random(seed)
            kbody = body(br, [(t, f"{s}.md") for t, s in targets])
            br = random.Random(seed)
            hbody = body(br, [(t, f"../{s}/") for t, s in targets])
            date = datetime.date.fromordinal(start + r.randrange(span + 1)).isoformat()
            place = r.choice(PLACES)
            agenda = ", ".join(toml_str(x) for x in r.sample(AGENDA, 3))
            write(os.path.join(kt, "jednani", f"{slug}.md"),
                  f'+++\ngroup = "ps-{g}"\nnumber = {num}\ndate = {date}\n'
                  f'place = {toml_str(place)}\nagenda = [{agenda}]\n+++\n{kbody}')
            gtitle = "ŘS" if g == 1 else f"PS {g}"
            write(os.path.join(ht, "jednani", f"{slug}.md"),
                  f'+++\ntitle = "{num}. jednání {gtitle} ({tname})"\ndate = {date}\n'
                  f'groups = ["{tslug}-ps-{g}"]\nplace = {toml_str(place)}\n'
                  f'agenda = [{agenda}]\n+++\n{hbody}')
    print(f"{out}: {n} meetings, {len(TERRITORIES)} territories, "
          f"{len(TERRITORIES) * GROUPS_PER_TERRITORY} groups", file=sys.stderr)


HUGO_CONFIG = """baseURL = "https://example.org/planovani/"
title = "Syntetické plánování"
languageCode = "cs"
defaultContentLanguage = "cs"
paginate = 200
rssLimit = 20
disableKinds = []
enableRobotsTXT = true

[taxonomies]
group = "groups"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]

[markup.highlight]
noClasses = false

[sitemap]
changefreq = "monthly"
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="cs">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2. 1. 2006" }}</time>
{{ with .Params.place }} · {{ . }}{{ end }}</p>
{{ with .Params.agenda }}<ol>{{ range . }}<li>{{ . }}</li>{{ end }}</ol>{{ end }}
{{ with .GetTerms "groups" }}<p>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $p := .Paginate $pages.ByDate.Reverse }}
{{ partial "rows.html" $p }}
{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $p := .Paginate .Pages.ByDate.Reverse }}
{{ partial "rows.html" $p }}
{{ end }}
""",
    "partials/rows.html": """<table><thead><tr><th>Datum</th><th>Jednání</th><th>Místo</th></tr></thead><tbody>
{{ range .Pages }}<tr><td>{{ .Date.Format "2. 1. 2006" }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.place }}</td></tr>
{{ end }}</tbody></table>
{{ if gt .TotalPages 1 }}<nav class="pager">{{ if .HasPrev }}<a href="{{ .Prev.URL }}">«</a>{{ end }}
{{ range .Pagers }}<a href="{{ .URL }}"{{ if eq .PageNumber $.PageNumber }} aria-current="page"{{ end }}>{{ .PageNumber }}</a> {{ end }}
{{ if .HasNext }}<a href="{{ .Next.URL }}">»</a>{{ end }}</nav>{{ end }}
""",
}

if __name__ == "__main__":
    main()
