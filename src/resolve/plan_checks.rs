//! The diagnostics of plans and activities that need more words than a line: where activity
//! files may lie, codes without their parent or written twice, years outside a plan, negative
//! amounts. Each names the place and the fix, in Czech or English. No I/O.

use super::read::Parsed;
use super::refs::Ctx;
use super::*;
use crate::czech::Lang;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::tr;
use crate::source::frontmatter::Located;

/// An activity file directly in `plany/` (no plan folder), or in a plan folder that has no
/// `_index.md`: one error per file, naming the file to create or the place to move it to.
pub(super) fn check_folders(
    parsed: &[Parsed],
    ctx: &Ctx,
    config: &crate::source::config::Config,
    d: &mut Diagnostics,
) {
    let lang = ctx.lang;
    let plans = config.folders.plans.as_str();
    // `<území>/plany/_index.md` would take the address of the territory's list of plans.
    for p in parsed.iter().filter(|p| p.place.kind == Kind::Page) {
        let mut parts = p.place.path.split('/');
        if let (Some(t), Some(f), Some(""), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
            && f == plans
            && ctx.territories.contains_key(t)
        {
            d.push(
                Diagnostic::error(
                    p.rel,
                    None,
                    match lang {
                        Lang::Cs => format!(
                            "adresu {} má seznam plánů území, který kpss vytváří sám",
                            config.url(&p.place.path)
                        ),
                        Lang::En => format!(
                            "the address {} is the territory's list of plans, which kpss generates",
                            config.url(&p.place.path)
                        ),
                    },
                )
                .with_hint(tr(
                    lang,
                    "úvod k plánům napište do textu území (_index.md území), nebo soubor přejmenujte",
                    "write an introduction to the plans in the territory's text (its _index.md), or rename the file",
                )),
            );
        }
    }
    for p in parsed.iter().filter(|p| p.place.kind == Kind::Activity) {
        let t = p.place.territory.as_deref().unwrap_or("");
        let folder = p.rel.rsplit_once('/').map(|(a, _)| a).unwrap_or("");
        match &p.place.plan {
            None => d.push(
                Diagnostic::error(
                    p.rel,
                    None,
                    match lang {
                        Lang::Cs => format!(
                            "aktivita {} neleží ve složce plánu (soubory aktivit patří do {folder}/<plán>/ vedle jeho _index.md)",
                            p.rel
                        ),
                        Lang::En => format!(
                            "the activity {} is not in a plan's folder (activity files belong in {folder}/<plan>/ beside its _index.md)",
                            p.rel
                        ),
                    },
                )
                .with_hint(tr(
                    lang,
                    "přesuňte soubor do složky svého plánu, např. plany/kp-2020-2022/; plán sám je plany/<plán>/_index.md",
                    "move the file into its plan's folder, e.g. plany/kp-2020-2022/; the plan itself is plany/<plan>/_index.md",
                )),
            ),
            Some(plan) if !ctx.plans.contains_key(&(t.to_string(), plan.clone())) => d.push(
                Diagnostic::error(
                    p.rel,
                    None,
                    match lang {
                        Lang::Cs => format!("složka plánu {folder}/ nemá soubor _index.md"),
                        Lang::En => format!("the plan folder {folder}/ has no _index.md"),
                    },
                )
                .with_hint(match lang {
                    Lang::Cs => format!(
                        "vytvořte {folder}/_index.md s poli title a period (kpss new plan)"
                    ),
                    Lang::En => format!(
                        "create {folder}/_index.md with title and period (kpss new plan)"
                    ),
                }),
            ),
            Some(_) => {}
        }
    }
}

/// The error of a code written twice in one plan, at the second one.
pub(super) fn duplicate(file: &str, code: &Located<String>, other: &str, lang: Lang) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(code.span.clone()),
        match lang {
            Lang::Cs => format!("kód \"{}\" už v tomto plánu používá {other}", code.value),
            Lang::En => format!(
                "the code \"{}\" is already used in this plan by {other}",
                code.value
            ),
        },
    )
    .with_hint(tr(
        lang,
        "kódy jsou v plánu jedinečné: opravte číslo",
        "codes are unique within a plan: fix the number",
    ))
}

/// "1.2.3" → "1.2"; `None` for a code without a dot.
pub(super) fn parent(code: &str) -> Option<&str> {
    code.rsplit_once('.')
        .map(|(p, _)| p)
        .filter(|p| !p.is_empty())
}

#[derive(Clone, Copy)]
pub(super) enum Parent {
    Priority,
    Measure,
}

/// A measure whose priority, or an activity whose measure, the plan does not have.
pub(super) fn missing_parent(
    file: &str,
    code: &Located<String>,
    known: &[&str],
    what: Parent,
    lang: Lang,
) -> Diagnostic {
    let p = parent(&code.value).unwrap_or("");
    let list = if known.is_empty() {
        tr(lang, "žádné", "none")
    } else {
        known.join(", ")
    };
    let (message, hint) = match (what, lang, p.is_empty()) {
        (Parent::Priority, Lang::Cs, true) => (
            format!(
                "kód opatření \"{}\" nemá tvar <priorita>.<číslo>",
                code.value
            ),
            format!("např. code = \"1.1\"; priority plánu: {list}"),
        ),
        (Parent::Priority, Lang::En, true) => (
            format!(
                "the measure code \"{}\" is not <priority>.<number>",
                code.value
            ),
            format!("e.g. code = \"1.1\"; the plan's priorities: {list}"),
        ),
        (Parent::Measure, Lang::Cs, true) => (
            format!(
                "kód aktivity \"{}\" nemá tvar <opatření>.<číslo>",
                code.value
            ),
            format!("např. code = \"1.1.1\"; opatření plánu: {list}"),
        ),
        (Parent::Measure, Lang::En, true) => (
            format!(
                "the activity code \"{}\" is not <measure>.<number>",
                code.value
            ),
            format!("e.g. code = \"1.1.1\"; the plan's measures: {list}"),
        ),
        (Parent::Priority, Lang::Cs, false) => (
            format!(
                "opatření \"{}\" patří k prioritě \"{p}\", kterou plán nemá",
                code.value
            ),
            format!(
                "priority plánu: {list} (přidejte [[priorities]] s code = \"{p}\", nebo kód opravte)"
            ),
        ),
        (Parent::Priority, Lang::En, false) => (
            format!(
                "the measure \"{}\" belongs to priority \"{p}\", which the plan does not have",
                code.value
            ),
            format!(
                "the plan's priorities: {list} (add [[priorities]] with code = \"{p}\", or fix the code)"
            ),
        ),
        (Parent::Measure, Lang::Cs, false) => (
            format!(
                "aktivita \"{}\" patří k opatření \"{p}\", které plán nemá",
                code.value
            ),
            format!(
                "opatření plánu: {list} (přidejte do _index.md plánu [[measures]] s code = \"{p}\", nebo kód opravte)"
            ),
        ),
        (Parent::Measure, Lang::En, false) => (
            format!(
                "the activity \"{}\" belongs to measure \"{p}\", which the plan does not have",
                code.value
            ),
            format!(
                "the plan's measures: {list} (add [[measures]] with code = \"{p}\" to the plan's _index.md, or fix the code)"
            ),
        ),
    };
    Diagnostic::error(file, Some(code.span.clone()), message).with_hint(hint)
}

/// A year outside the plan's period (and its extensions).
pub(super) fn year_outside(
    file: &str,
    y: &Located<i64>,
    plan: &Plan,
    lang: Lang,
) -> Option<Diagnostic> {
    let (first, last) = plan.valid_years();
    if (first as i64..=last as i64).contains(&y.value) {
        return None;
    }
    let range = if first == last {
        first.to_string()
    } else {
        format!("{first}–{last}")
    };
    Some(
        Diagnostic::error(
            file,
            Some(y.span.clone()),
            match lang {
                Lang::Cs => format!("rok {} leží mimo období plánu {range}", y.value),
                Lang::En => format!("the year {} lies outside the plan's period {range}", y.value),
            },
        )
        .with_hint(match lang {
            Lang::Cs => format!(
                "uveďte rok z období {range}; je-li plán prodloužen, zapište to v jeho _index.md jako [[extensions]]"
            ),
            Lang::En => format!(
                "give a year of {range}; if the plan was extended, write it in its _index.md as [[extensions]]"
            ),
        }),
    )
}

/// An amount of money below zero.
pub(super) fn negative(file: &str, field: &str, x: &Located<i64>, lang: Lang) -> Diagnostic {
    Diagnostic::error(
        file,
        Some(x.span.clone()),
        match lang {
            Lang::Cs => format!("částka `{field}` je záporná: {}", x.value),
            Lang::En => format!("the amount `{field}` is negative: {}", x.value),
        },
    )
    .with_hint(match lang {
        Lang::Cs => format!("částky se píší v korunách jako celé kladné číslo: {field} = 250000"),
        Lang::En => format!("amounts are whole crowns, positive: {field} = 250000"),
    })
}
