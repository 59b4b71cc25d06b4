//! `kpss new plan` and `kpss new activity`: a plan's `_index.md` (a draft with one priority and
//! one measure to fill in) and an activity coded as the next free code of its measure (read from
//! the plan's existing activities). Writes nothing itself: `new::new_item` does, inside
//! `content/` only and never over a file.

use std::fs;
use std::path::Path;

use super::new::{Planned, body_hint};
use super::*;
use crate::model::plan::code_order;

/// `content/<území>/plany/<slug>/_index.md`.
pub(super) fn plan_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let name = args
        .name
        .as_deref()
        .ok_or_else(|| missing_name("plan", "kp-2024-2026 --period 2024-2026", lang))?;
    let t = pick_territory(content, &config.folders, args.territory.as_deref(), lang)?;
    let (slug, from_title) = slug_or_title(name, "plán", lang)?;
    let period = match args.period.as_deref().or(Some(name)).and_then(years_of) {
        Some(p) => p,
        None => {
            return Err(Refusal::Refused(tr(
                lang,
                "zadejte období plánu: kpss new plan <slug> --period 2024-2026 (nebo roky ve slugu: kp-2024-2026)",
                "give the plan's period: kpss new plan <slug> --period 2024-2026 (or years in the slug: kp-2024-2026)",
            )));
        }
    };
    let t_name = t.clone();
    let title = args
        .title
        .clone()
        .or(from_title)
        .unwrap_or_else(|| format!("Komunitní plán sociálních služeb {t_name} {period}"));
    let path = content
        .join(&t)
        .join(&config.folders.plans)
        .join(&slug)
        .join("_index.md");
    let text = format!(
        "+++\n\
         title = {title}\n\
         period = {period}\n\
         # document = \"slug-dokumentu-s-pdf\"\n\
         # previous = \"slug-predchoziho-planu\"\n\
         \n\
         # Bez [approval] je plán návrh; po schválení doplňte:\n\
         # [approval]\n\
         # body = \"Zastupitelstvo města …\"\n\
         # date = 2023-12-11\n\
         # resolution = \"usnesení č. …\"\n\
         \n\
         # [consultation]\n\
         # until = 2023-06-25\n\
         # to = \"kpss@example.org\"\n\
         \n\
         [[priorities]]\n\
         code = \"1\"\n\
         title = \"Senioři\"\n\
         # slug cílové skupiny z config.toml, nebo cross_cutting = true\n\
         {target_group}\
         \n\
         [[measures]]\n\
         code = \"1.1\"\n\
         title = \"Zachovat a rozvíjet terénní služby\"\n\
         {hint}\
         +++\n",
        title = toml_string(&title),
        period = toml_string(&period),
        target_group = match config.target_groups.first() {
            Some(tg) => format!("target_group = {}\n", toml_string(&tg.slug)),
            None => "cross_cutting = true\n".to_string(),
        },
        hint = body_hint(),
    );
    Ok((path, text, None))
}

/// "kp-2024-2026" or "2024-2026" → "2024–2026"; "2024" → "2024".
fn years_of(s: &str) -> Option<String> {
    let years: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .collect();
    match years.as_slice() {
        [y] => Some(y.to_string()),
        [a, b] if a < b => Some(format!("{a}–{b}")),
        _ => None,
    }
}

/// `content/<území>/plany/<plán>/<slug>.md`, coded as the next activity of `--measure`.
pub(super) fn activity_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let usage = tr(
        lang,
        "zadejte plán a opatření: kpss new activity <slug> --plan <území>/<plán> --measure 1.2",
        "give the plan and the measure: kpss new activity <slug> --plan <territory>/<plan> --measure 1.2",
    );
    let (Some(plan), Some(measure)) = (args.plan.as_deref(), args.measure.as_deref()) else {
        return Err(Refusal::Refused(usage));
    };
    let (given_t, plan) = match plan.trim().trim_matches('/').split_once('/') {
        Some((t, p)) => (Some(t), p),
        None => (args.territory.as_deref(), plan.trim()),
    };
    let t = pick_territory(content, &config.folders, given_t, lang)?;
    let dir = content.join(&t).join(&config.folders.plans).join(plan);
    let index = fs::read_to_string(dir.join("_index.md")).map_err(|_| {
        let plans = subfolders(&content.join(&t).join(&config.folders.plans));
        Refusal::Refused(match lang {
            Lang::Cs => format!(
                "plán „{plan}“ v území {t} neexistuje (chybí {}); plány: {}",
                dir.join("_index.md").display(),
                choices(&plans)
            ),
            Lang::En => format!(
                "plan \"{plan}\" does not exist in {t} (no {}); plans: {}",
                dir.join("_index.md").display(),
                choices(&plans)
            ),
        })
    })?;
    let measure = measure.trim();
    let measures = codes_in(&index, "measures");
    if !measures.iter().any(|m| m == measure) {
        return Err(Refusal::Refused(match lang {
            Lang::Cs => format!(
                "opatření „{measure}“ plán {plan} nemá; opatření: {}",
                choices(&measures)
            ),
            Lang::En => format!(
                "the plan {plan} has no measure \"{measure}\"; measures: {}",
                choices(&measures)
            ),
        }));
    }
    let code = next_code(&dir, measure);
    let name = args.name.clone().unwrap_or_else(|| code.replace('.', "-"));
    let (slug, from_title) = slug_or_title(&name, "aktivita", lang)?;
    let title = args
        .title
        .clone()
        .or(from_title)
        .unwrap_or_else(|| format!("Aktivita {code}"));
    let path = dir.join(format!("{slug}.md"));
    let text = format!(
        "+++\n\
         # kód: opatření {measure} a pořadí aktivity v něm\n\
         code = {code}\n\
         title = {title}\n\
         # organisations = [\"slug-organizace\"]\n\
         # groups = [\"ps-seniori\"]\n\
         # years = [2024, 2025]\n\
         # cost = 250000\n\
         # funding = [\"rozpočet města\"]\n\
         # indicators = [\"počet klientů\"]\n\
         \n\
         # Plnění po letech (stav: splneno | plni-se | castecne | nesplneno | odlozeno | zruseno):\n\
         # [[monitoring]]\n\
         # year = 2024\n\
         # status = \"plni-se\"\n\
         # text = \"…\"\n\
         {hint}\
         +++\n",
        code = toml_string(&code),
        title = toml_string(&title),
        hint = body_hint(),
    );
    Ok((path, text, None))
}

/// The codes of a plan's `[[priorities]]` or `[[measures]]`, sorted numerically; a plan TOML
/// cannot read has none.
fn codes_in(index: &str, key: &str) -> Vec<String> {
    let Ok(split) = crate::source::frontmatter::split("", index, Lang::Cs) else {
        return Vec::new();
    };
    let Ok(table) = toml::from_str::<toml::Table>(split.toml) else {
        return Vec::new();
    };
    let mut out: Vec<String> = match table.get(key) {
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.get("code")?.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    out.sort_by(|a, b| code_order(a, b));
    out
}

/// The next free code of `measure` among the activities in `dir`: one past the highest
/// number under it ("1.2.3" after "1.2.1" and "1.2.2").
fn next_code(dir: &Path, measure: &str) -> String {
    let prefix = format!("{measure}.");
    let highest = slugs_in(dir)
        .iter()
        .filter_map(|s| fs::read_to_string(dir.join(format!("{s}.md"))).ok())
        .filter_map(|text| {
            let split = crate::source::frontmatter::split("", &text, Lang::Cs).ok()?;
            let table = toml::from_str::<toml::Table>(split.toml).ok()?;
            let code = table.get("code")?.as_str()?.to_string();
            code.strip_prefix(&prefix)?.parse::<u64>().ok()
        })
        .max()
        .unwrap_or(0);
    format!("{prefix}{}", highest.saturating_add(1))
}

/// The names of the folders in `dir`, sorted.
fn subfolders(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    out.sort();
    out
}
