#!/usr/bin/env python3
"""Generate a synthetic KPSS site of N meetings and the equivalent Hugo site.

    bench/gen.py --meetings N --out DIR [--plans]

writes DIR/kpss/ (a kpss site root) and DIR/hugo/ (a Hugo site with the same bodies).
`--plans` adds to the kpss site only (the Hugo site and the meetings stay byte-identical) a
service catalogue, its providers and one plan per territory with activities: see plans().
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
import re
import shutil
import sys
import unicodedata

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


def group_target_group(ti, g):
    """The target group of group `ps-<g>` of territory number `ti`."""
    return TARGET_GROUPS[(ti + g) % len(TARGET_GROUPS)][0]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--plans", action="store_true",
                    help="add to the kpss site a service catalogue (~N/50 services), their "
                         "providers, and per territory a plan with ~N/100 activities site-wide")
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
            tg = group_target_group(ti, g)
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
    if a.plans:
        plans(kroot, n)

# --- `--plans`: the service catalogue, its providers, a plan per territory with activities ---
#
# Written into the kpss site only, from a random of its own (seeded) and after the meetings,
# so the meetings and the Hugo site are byte-identical with and without the flag.
#
# content/organizace/<slug>.md       a town per territory (`mesto-<t>`) and the providers
# content/sluzby/<slug>.md           max(1, N // 50) services (200 at N = 10,000)
# content/<t>/plany/kp-<y0>-<y1>/    per territory one plan (_index.md: 3-4 priorities, 3
#                                    measures each) and its activities: max(1, N // 100)
#                                    site-wide, spread like the meetings (100 at 10,000)

PLANS_SEED = 20261126
# The build date the benchmark uses: monitoring is written for the years up to it.
PLANS_YEAR = 2026

# Kinds of service of zákon č. 108/2006 Sb. (src/law.rs): §, a title for the service, the forms
# the § allows, the target groups it suits. § 52 (removed from the law) is left out.
A, T, P = "ambulantni", "terenni", "pobytova"
SERVICE_KINDS = [
    ("37", "Odborné sociální poradenství", [A, T], ["ohrozeni", "deti", "seniori"]),
    ("39", "Osobní asistence", [T], ["zdravotni-postizeni", "seniori"]),
    ("40", "Pečovatelská služba", [T, A], ["seniori", "zdravotni-postizeni"]),
    ("41", "Tísňová péče", [T], ["seniori", "zdravotni-postizeni"]),
    ("43", "Podpora samostatného bydlení", [T], ["dusevni-onemocneni", "zdravotni-postizeni"]),
    ("44", "Odlehčovací služba", [T, A, P], ["seniori", "zdravotni-postizeni"]),
    ("45", "Centrum denních služeb", [A], ["seniori", "dusevni-onemocneni"]),
    ("46", "Denní stacionář", [A], ["seniori", "zdravotni-postizeni"]),
    ("48", "Domov pro osoby se zdravotním postižením", [P], ["zdravotni-postizeni"]),
    ("49", "Domov pro seniory", [P], ["seniori"]),
    ("50", "Domov se zvláštním režimem", [P], ["seniori", "dusevni-onemocneni", "zavislosti"]),
    ("51", "Chráněné bydlení", [P], ["zdravotni-postizeni", "dusevni-onemocneni"]),
    ("54", "Raná péče", [T, A], ["deti", "zdravotni-postizeni"]),
    ("57", "Azylový dům", [P], ["ohrozeni", "deti"]),
    ("59", "Kontaktní centrum", [A, T], ["zavislosti"]),
    ("60", "Krizová pomoc", [T, A, P], ["ohrozeni"]),
    ("60a", "Intervenční centrum", [P, A, T], ["ohrozeni", "deti"]),
    ("61", "Nízkoprahové denní centrum", [A, T], ["ohrozeni"]),
    ("62", "Nízkoprahové zařízení pro děti a mládež", [A, T], ["deti", "romove"]),
    ("63", "Noclehárna", [A], ["ohrozeni"]),
    ("65", "Sociálně aktivizační služba pro rodiny s dětmi", [T, A], ["deti", "romove", "cizinci"]),
    ("66", "Sociálně aktivizační služba pro seniory", [A, T], ["seniori", "zdravotni-postizeni"]),
    ("67", "Sociálně terapeutická dílna", [A], ["zdravotni-postizeni", "dusevni-onemocneni"]),
    ("69", "Terénní program", [T], ["zavislosti", "romove", "ohrozeni"]),
    ("70", "Sociální rehabilitace", [T, A, P], ["dusevni-onemocneni", "zdravotni-postizeni", "cizinci"]),
]
# Kinds of provider: a name before the town, the legal form. 7 kinds × 20 towns are unique.
PROVIDER_KINDS = [
    ("Oblastní charita", "charita"), ("Diakonie, středisko", "církevní organizace"),
    ("Centrum sociálních služeb", "příspěvková organizace"), ("Spolek Naděje", "z. s."),
    ("Domov Harmonie", "příspěvková organizace"), ("Poradna pro rodinu", "z. ú."),
    ("Společnost Most", "o. p. s."),
]
CLIENTS = ["senioři", "osoby se zdravotním postižením", "osoby s chronickým onemocněním",
           "rodiny s dětmi", "osoby v krizi", "osoby bez přístřeší", "osoby s duševním onemocněním",
           "osoby ohrožené závislostí", "etnické menšiny", "oběti trestné činnosti"]
AGES = ["děti předškolního věku (1–6 let)", "mladší děti (7–12 let)", "starší děti (13–15 let)",
        "dorost (16–18 let)", "mladí dospělí (19–26 let)", "dospělí (27–64 let)",
        "mladší senioři (65–80 let)", "starší senioři (nad 80 let)"]
STREETS = ["Nádražní", "Husova", "Palackého", "Školní", "Komenského", "Zahradní", "Náměstí Míru",
           "Tyršova", "Sokolská", "Budějovická"]
PRIORITY_TEXTS = ["Služby, které lidem umožní co nejdéle žít doma.",
                  "Dostupné služby i v menších obcích území.",
                  "Podpora pečujících a prevence krizí.",
                  "Kvalitní a stabilní síť služeb pro cílovou skupinu."]
CROSS_CUTTING = ["Průřezová opatření", "Dostupnost a informovanost", "Síť služeb a spolupráce"]
MEASURES = ["Zachování stávajících služeb", "Rozvoj terénních služeb", "Podpora pečujících",
            "Navýšení kapacity pobytových služeb", "Dostupnost služeb v obcích",
            "Informovanost o službách", "Spolupráce poskytovatelů a obcí",
            "Prevence sociálního vyloučení", "Dobrovolnictví", "Bezbariérové prostředí",
            "Podpora bydlení", "Vzdělávání pracovníků"]
ACTIVITIES = ["Rozšíření pečovatelské služby", "Odlehčovací pobyty", "Katalog sociálních služeb",
              "Terénní program v obcích", "Nový denní stacionář", "Senior taxi",
              "Průzkum potřeb uživatelů", "Dluhová poradna", "Nízkoprahový klub",
              "Chráněné bydlení", "Tísňová péče v obcích", "Setkávání pečujících",
              "Dobrovolnické centrum", "Sociální rehabilitace", "Azylový dům pro matky s dětmi",
              "Bezbariérová mapa", "Vzdělávání pracovníků služeb", "Raná péče v terénu"]
FUNDING = ["dotace Jihočeského kraje", "rozpočet města", "rozpočty obcí ORP", "MPSV",
           "OP Zaměstnanost plus", "úhrady uživatelů", "nadace"]
INDICATORS = ["počet klientů", "počet obcí, kde služba působí", "počet lůžek",
              "počet intervencí za rok", "počet vydaných katalogů", "počet setkání",
              "počet proškolených pracovníků"]
STATUSES = ["splneno", "plni-se", "plni-se", "castecne", "nesplneno", "odlozeno", "zruseno"]
STATUS_TEXTS = {"splneno": "Aktivita byla splněna.", "plni-se": "Aktivita probíhá podle plánu.",
                "castecne": "Splněno jen zčásti.", "nesplneno": "Nesplněno pro nedostatek peněz.",
                "odlozeno": "Odloženo na další rok.", "zruseno": "Zrušeno řídicí skupinou."}


def slugify(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def toml_list(xs):
    return "[" + ", ".join(str(x) if isinstance(x, int) else toml_str(x) for x in xs) + "]"


def split(total, parts):
    """`total` spread over `parts` like the meetings: the first ones get one more."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def plans(kroot, n):
    r = random.Random(PLANS_SEED)
    content = os.path.join(kroot, "content")
    nt = len(TERRITORIES)
    tg_names = dict(TARGET_GROUPS)
    os.makedirs(os.path.join(content, "organizace"))
    os.makedirs(os.path.join(content, "sluzby"))

    # Organisations: the town of each territory, and the providers (one per 4 services).
    for tslug, tname in TERRITORIES:
        write(os.path.join(content, "organizace", f"mesto-{tslug}.md"),
              f'+++\ntitle = {toml_str("Město " + tname)}\nkind = "město"\n'
              f'ico = "{r.randrange(10**7, 10**8):08d}"\n'
              f'address = {toml_str(f"{r.choice(STREETS)} {r.randint(1, 99)}, {tname}")}\n'
              f'+++\nSídlo obce s rozšířenou působností {tname}.\n')
    nserv = max(1, n // 50)
    nprov = max(1, nserv // 4)
    providers = []  # (slug, title, territory index)
    for i in range(nprov):
        kind, form = PROVIDER_KINDS[i % len(PROVIDER_KINDS)]
        ti = (i // len(PROVIDER_KINDS) + 3 * (i % len(PROVIDER_KINDS))) % nt
        title = f"{kind} {TERRITORIES[ti][1]}"
        m = i // (len(PROVIDER_KINDS) * nt)
        if m:
            title += f" {m + 1}"
        slug = slugify(title)
        providers.append((slug, title, ti))
        write(os.path.join(content, "organizace", f"{slug}.md"),
              f'+++\ntitle = {toml_str(title)}\nkind = {toml_str(form)}\n'
              f'ico = "{r.randrange(10**7, 10**8):08d}"\nweb = "https://example.org/{slug}/"\n'
              f'email = "info@{slug}.example.org"\n+++\n{paragraph(r, 40)}\n')

    # Services: round-robin over the providers, in the provider's territory and maybe 1-2 more.
    identifiers = r.sample(range(10**6, 10**7), nserv)
    services_in = [[] for _ in range(nt)]  # territory index -> [(slug, provider slug, tgs)]
    taken = set()
    for j in range(nserv):
        pslug, ptitle, home = providers[j % nprov]
        section, name, forms, tgs = r.choice(SERVICE_KINDS)
        title = f"{name} – {ptitle}"
        slug, k = slugify(title), 2
        while slug in taken:
            slug, k = f"{slugify(title)}-{k}", k + 1
        taken.add(slug)
        others = [t for t in range(nt) if t != home]
        terr = [home] + sorted(r.sample(others, r.choice([0, 0, 1, 2])))
        ftake = sorted(r.sample(forms, r.randint(1, len(forms))), key=forms.index)
        stgs = r.sample(tgs, r.randint(1, len(tgs)))
        for t in terr:
            services_in[t].append((slug, pslug, stgs))
        town = TERRITORIES[home][1]
        municipalities = [TERRITORIES[t][1] for t in terr]
        cap = r.randint(5, 120)
        capacity = f"{cap} lůžek" if ftake == [P] else f"{cap} klientů"
        fee = "bezplatna" if section in ("37", "54", "55", "59", "61", "62", "65", "69") \
            else "hrazena"
        since = datetime.date(r.randint(1995, 2024), r.randint(1, 12), r.randint(1, 28))
        fm = [f"title = {toml_str(title)}", f"provider = {toml_str(pslug)}",
              f"type = {toml_str(section)}", f"forms = {toml_list(ftake)}",
              f'identifier = "{identifiers[j]}"', f"target_groups = {toml_list(stgs)}",
              f"clients = {toml_list(r.sample(CLIENTS, r.randint(1, 3)))}",
              f"ages = {toml_list(sorted(r.sample(AGES, r.randint(1, 4)), key=AGES.index))}",
              f"territories = {toml_list([TERRITORIES[t][0] for t in terr])}",
              f"municipalities = {toml_list(municipalities)}",
              f"capacity = {toml_str(capacity)}",
              f'email = "{slug[:40]}@example.org"',
              f'phone = "+420 38{r.randint(0, 9)} {r.randint(100, 999)} {r.randint(100, 999)}"',
              f'web = "https://example.org/sluzby/{slug}/"', f'fee = "{fee}"',
              f"since = {since.isoformat()}"]
        for _ in range(r.randint(1, 2)):
            fm += ["", "[[places]]",
                   f"address = {toml_str(f'{r.choice(STREETS)} {r.randint(1, 99)}, {town}')}",
                   f'hours = "po–pá {r.randint(7, 9)}:00–{r.randint(14, 17)}:30"']
        write(os.path.join(content, "sluzby", f"{slug}.md"),
              "+++\n" + "\n".join(fm) + "\n+++\n"
              f"{paragraph(r, 50)}\n\n{paragraph(r, 40)}\n")

    # Plans: one per territory; the period and status vary with the territory (at the
    # benchmark's date 2026-11-25: valid, valid by an extension, approved but not yet valid,
    # ended, a draft under consultation).
    nact = max(1, n // 100)
    per_t = split(nact, nt)
    nplans_acts = 0
    for ti, (tslug, tname) in enumerate(TERRITORIES):
        variant = ti % 5
        draft = ti == nt - 1  # the last territory's plan is a draft under consultation
        y0 = 2027 if draft else {0: 2024, 1: 2023, 2: 2027, 3: 2022, 4: 2025}[variant]
        y1 = y0 + 2
        pslug = f"kp-{y0}-{y1}"
        valid_last = y1
        np_ = r.randint(3, 4)
        ptgs = r.sample([s for s, _ in TARGET_GROUPS], np_ - 1)
        fm = [f'title = "Komunitní plán sociálních služeb ORP {tname} {y0}–{y1}"',
              f'period = "{y0}–{y1}"', f"target_groups = {toml_list(ptgs)}"]
        if draft:
            fm += ["", "[consultation]", f"from = {PLANS_YEAR}-10-01",
                   f"until = {PLANS_YEAR}-12-15", f'to = "pripominky@{tslug}.example.org"']
        else:
            fm += ["", "[approval]", f'body = "Zastupitelstvo města {tname}"',
                   f"date = {y0 - 1}-12-{r.randint(10, 20)}",
                   f'resolution = "usnesení č. {r.randint(50, 300)}/{y0 - 1}"']
            if variant == 1:
                valid_last = y1 + 1
                fm += ["", "[[extensions]]", f"until = {valid_last}",
                       'decided_by = "Řídicí skupina"', f"date = {y1}-11-{r.randint(10, 20)}"]
        priorities = []  # (code, target group or None)
        for pi in range(np_):
            code = str(pi + 1)
            fm += ["", "[[priorities]]", f'code = "{code}"']
            if pi < np_ - 1:
                fm += [f"title = {toml_str(tg_names[ptgs[pi]])}",
                       f"target_group = {toml_str(ptgs[pi])}"]
                priorities.append((code, ptgs[pi]))
            else:
                fm += [f"title = {toml_str(r.choice(CROSS_CUTTING))}", "cross_cutting = true"]
                priorities.append((code, None))
            fm.append(f"text = {toml_str(r.choice(PRIORITY_TEXTS))}")
        measures = []  # (code, priority target group)
        for code, tg in priorities:
            for mi, title in enumerate(r.sample(MEASURES, 3)):
                measures.append((f"{code}.{mi + 1}", tg))
                fm += ["", "[[measures]]", f'code = "{code}.{mi + 1}"', f"title = {toml_str(title)}"]
        pdir = os.path.join(content, tslug, "plany", pslug)
        os.makedirs(pdir)
        write(os.path.join(pdir, "_index.md"),
              "+++\n" + "\n".join(fm) + f"\n+++\n{paragraph(r, 80)}\n\n{paragraph(r, 60)}\n")

        # Activities: under random measures, numbered within each.
        years = list(range(y0, valid_last + 1))
        numbered = {}
        local = services_in[ti] or [x for t in services_in for x in t]
        for _ in range(per_t[ti]):
            mcode, tg = r.choice(measures)
            numbered[mcode] = numbered.get(mcode, 0) + 1
            code = f"{mcode}.{numbered[mcode]}"
            title = r.choice(ACTIVITIES)
            aslug = f"{code.replace('.', '-')}-{slugify(title)}"
            servs = r.sample(local, min(len(local), r.randint(0, 2)))
            orgs = [p for _, p, _ in servs]
            if not orgs or r.random() < 0.5:
                orgs.insert(0, f"mesto-{tslug}")
            orgs = list(dict.fromkeys(orgs))
            matching = [g for g in range(2, GROUPS_PER_TERRITORY + 1)
                        if group_target_group(ti, g) == tg]
            groups = [r.choice(matching)] if matching else []
            if tg is None or r.random() < 0.3:
                groups.insert(0, 1)
            a = r.randrange(len(years))
            b = r.randrange(a, len(years))
            ayears = years[a:b + 1]
            cost = r.randrange(20, 5000) * 1000
            fm = [f'code = "{code}"', f"title = {toml_str(title)}",
                  f"organisations = {toml_list(orgs)}",
                  f"groups = {toml_list([f'ps-{g}' for g in groups])}",
                  f"services = {toml_list([s for s, _, _ in servs])}"]
            if tg is None:
                fm.append(f"target_groups = {toml_list(r.sample([s for s, _ in TARGET_GROUPS], 2))}")
            fm += [f"years = {toml_list(ayears)}", f"cost = {cost}",
                   f"funding = {toml_list(r.sample(FUNDING, r.randint(1, 2)))}",
                   f"indicators = {toml_list(r.sample(INDICATORS, r.randint(1, 3)))}"]
            for y in ayears:
                if y > PLANS_YEAR:
                    break
                status = r.choice(STATUSES)
                fm += ["", "[[monitoring]]", f"year = {y}", f'status = "{status}"',
                       f"text = {toml_str(STATUS_TEXTS[status])}"]
                if status in ("splneno", "plni-se", "castecne"):
                    fm.append(f"spent = {cost // len(ayears) // 1000 * r.randint(500, 1000)}")
            write(os.path.join(pdir, f"{aslug}.md"),
                  "+++\n" + "\n".join(fm) + f"\n+++\n{paragraph(r, 70)}\n")
            nplans_acts += 1
    print(f"  --plans: {nt + nprov} organisations ({nprov} providers), {nserv} services, "
          f"{nt} plans, {nplans_acts} activities", file=sys.stderr)


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
