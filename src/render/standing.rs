//! Where a document stands at the build date: the years of its period, the date lists file it
//! under, and a community plan's standing (valid, a draft, ended, not yet valid, unknown).
//! Must not read the clock: the build date is the site's. Must not change the model: a period
//! stays the text the editor wrote (normalised by `resolve`), read here as years.

use serde_json::{Value, json};

use super::context::RenderCtx;
use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::model::{Document, DocumentKind, DocumentStatus, Site};

/// The first and last year of a period ("2020–2022" → (2020, 2022), "2019" → (2019, 2019)):
/// the first and the last four-digit number in it. `None` when it names no year.
pub(super) fn period_years(period: &str) -> Option<(i16, i16)> {
    let years: Vec<i16> = period
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .collect();
    let (first, last) = (*years.first()?, *years.last()?);
    Some((first, last.max(first)))
}

/// The date a document is listed under: its `published` date, else the first year of its
/// period (an action plan "2019" without a publication date belongs to 2019, not "Bez data").
pub(super) fn document_date(d: &Document) -> Option<PartialDate> {
    d.published.or_else(|| {
        period_years(&d.period).map(|(year, _)| PartialDate {
            year,
            month: None,
            day: None,
        })
    })
}

/// What a community plan is at the build date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Standing {
    /// Not a draft, and the build year lies in its period.
    Valid,
    /// Not a draft, its period starts after the build year.
    Future(i16),
    /// A draft (or `status = "navrh"`) under consultation: open, or its deadline passed.
    Draft { open: bool },
    /// Not a draft, its period ended before the build year.
    Ended(i16),
    /// Not a draft and without a period: nobody can say whether it is valid.
    Unknown,
}

impl Standing {
    /// The order plans are shown in: the valid one first, then what comes, then the rest.
    fn rank(self) -> u8 {
        match self {
            Standing::Valid => 0,
            Standing::Future(_) => 1,
            Standing::Draft { open: true } => 2,
            Standing::Ended(_) => 3,
            Standing::Unknown => 4,
            Standing::Draft { open: false } => 5,
        }
    }
}

/// A plan document's standing at the build date. Documents carry no extension of a plan's
/// validity; a territory that has plans as data (`plany/`, with extensions) is judged by
/// `plan_status` instead, and this judgement is used only for territories without them.
pub(super) fn standing(site: &Site, d: &Document) -> Standing {
    let proposal = match d.status {
        Some(DocumentStatus::Navrh) => true,
        Some(
            DocumentStatus::Pracovni | DocumentStatus::Definitivni | DocumentStatus::Aktualizovany,
        )
        | None => false,
    };
    if d.draft || proposal {
        return Standing::Draft {
            open: d.draft && site.is_open_consultation(d),
        };
    }
    let year = site.build_date.year();
    match period_years(&d.period) {
        None => Standing::Unknown,
        Some((_, end)) if year > end => Standing::Ended(end),
        Some((start, _)) if year < start => Standing::Future(start),
        Some(_) => Standing::Valid,
    }
}

/// At most this many plans on a territory's page; the rest are in its document list.
const PLANS_SHOWN: usize = 3;

impl RenderCtx<'_> {
    /// The community plans of a territory as its page shows them: each with what it is at the
    /// build date ("Platný plán", "Návrh plánu, připomínky do 25. 6. 2019", "Poslední plán,
    /// platnost skončila 2022"), the valid one first, newest first within a standing.
    pub(super) fn plans(&self, documents: &[usize]) -> Vec<Value> {
        let site = self.site;
        let mut plans: Vec<(Standing, usize)> = documents
            .iter()
            .copied()
            .filter(|d| site.documents[*d].kind == Some(DocumentKind::KomunitniPlan))
            .map(|d| (standing(site, &site.documents[d]), d))
            .collect();
        plans.sort_by(|(sa, a), (sb, b)| {
            let (x, y) = (&site.documents[*a], &site.documents[*b]);
            sa.rank()
                .cmp(&sb.rank())
                .then_with(|| period_years(&y.period).cmp(&period_years(&x.period)))
                .then_with(|| document_date(y).cmp(&document_date(x)))
                .then_with(|| x.path.cmp(&y.path))
        });
        // One ended plan is the last plan; older ones are history (the document list has them).
        let mut ended_seen = false;
        plans.retain(|(s, _)| match s {
            Standing::Ended(_) => !std::mem::replace(&mut ended_seen, true),
            _ => true,
        });
        plans
            .into_iter()
            .take(PLANS_SHOWN)
            .map(|(s, d)| json!({ "standing": self.standing_label(s, &site.documents[d]), "document": self.document_row(d) }))
            .collect()
    }

    fn standing_label(&self, s: Standing, d: &Document) -> String {
        let until = d.comments_until.map(|u| u.format(self.lang));
        match (self.lang, s, until) {
            (Lang::Cs, Standing::Valid, _) => "Platný plán".into(),
            (Lang::En, Standing::Valid, _) => "Current plan".into(),
            (Lang::Cs, Standing::Future(y), _) => format!("Schválený plán, platí od {y}"),
            (Lang::En, Standing::Future(y), _) => format!("Approved plan, valid from {y}"),
            (Lang::Cs, Standing::Draft { open: true }, Some(u)) => {
                format!("Návrh plánu, připomínky do {u}")
            }
            (Lang::En, Standing::Draft { open: true }, Some(u)) => {
                format!("Draft plan, comments until {u}")
            }
            (Lang::Cs, Standing::Draft { open: false }, Some(u)) => {
                format!("Návrh plánu, připomínkové řízení skončilo {u}")
            }
            (Lang::En, Standing::Draft { open: false }, Some(u)) => {
                format!("Draft plan, the consultation closed on {u}")
            }
            (Lang::Cs, Standing::Draft { .. }, None) => "Návrh plánu".into(),
            (Lang::En, Standing::Draft { .. }, None) => "Draft plan".into(),
            (Lang::Cs, Standing::Ended(y), _) => format!("Poslední plán, platnost skončila {y}"),
            (Lang::En, Standing::Ended(y), _) => format!("Last plan, expired in {y}"),
            (Lang::Cs, Standing::Unknown, _) => "Plán bez uvedeného období platnosti".into(),
            (Lang::En, Standing::Unknown, _) => "Plan without a stated period".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::period_years;

    #[test]
    fn periods_as_years() {
        let rows = [
            ("2020–2022", Some((2020, 2022))),
            ("2019", Some((2019, 2019))),
            ("od 2019 do 2021", Some((2019, 2021))),
            ("2021–2019", Some((2021, 2021))),
            ("", None),
            ("2020 - 22", Some((2020, 2020))),
            ("dlouhodobě", None),
        ];
        for (input, want) in rows {
            assert_eq!(period_years(input), want, "{input:?}");
        }
    }
}
