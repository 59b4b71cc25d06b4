//! What a plan (`content/<území>/plany/<plán>/`) is at the build date, exactly as the spec's
//! table says (`plan-and-catalogue.md`, "Derived status of a plan"), and its words in Czech
//! and English. Must not read the clock: the build date is the site's. A territory with plan
//! data is judged by it; `standing` keeps the older judgement by documents for the others.

use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::model::{Plan, PlanId, Site};

/// A plan's status at the build date d.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PlanStatus {
    /// No `[approval]`: a draft; `open` while d ≤ `consultation.until`.
    Draft {
        until: Option<PartialDate>,
        open: bool,
    },
    /// Approved, d before the period.
    Approved { from: i16 },
    /// Approved, d within the period.
    Valid,
    /// Approved, d after the period but within an extension.
    Extended { until: i16 },
    /// Approved, d after the period and every extension.
    Ended,
    /// Ended, and a later plan names it as `previous`.
    Replaced { by: PlanId },
}

impl PlanStatus {
    /// True for the plan a territory's page calls "Platný plán".
    pub(super) fn is_valid(self) -> bool {
        matches!(self, PlanStatus::Valid | PlanStatus::Extended { .. })
    }

    /// A short key for templates and tests (`platny`, `navrh`, …).
    pub(super) fn key(self) -> &'static str {
        match self {
            PlanStatus::Draft { .. } => "navrh",
            PlanStatus::Approved { .. } => "schvaleny",
            PlanStatus::Valid | PlanStatus::Extended { .. } => "platny",
            PlanStatus::Ended => "ukonceny",
            PlanStatus::Replaced { .. } => "nahrazeny",
        }
    }

    /// The status as pages show it ("platný (prodloužen do 2023)").
    pub(super) fn label(self, lang: Lang) -> String {
        use PlanStatus as S;
        match (self, lang) {
            (
                S::Draft {
                    until: Some(u),
                    open: true,
                },
                Lang::Cs,
            ) => {
                format!("návrh, připomínky do {}", u.format(lang))
            }
            (
                S::Draft {
                    until: Some(u),
                    open: true,
                },
                Lang::En,
            ) => {
                format!("draft, comments until {}", u.format(lang))
            }
            (S::Draft { .. }, Lang::Cs) => "návrh".into(),
            (S::Draft { .. }, Lang::En) => "draft".into(),
            (S::Approved { from }, Lang::Cs) => format!("schválený, platí od {from}"),
            (S::Approved { from }, Lang::En) => format!("approved, valid from {from}"),
            (S::Valid, Lang::Cs) => "platný".into(),
            (S::Valid, Lang::En) => "valid".into(),
            (S::Extended { until }, Lang::Cs) => format!("platný (prodloužen do {until})"),
            (S::Extended { until }, Lang::En) => format!("valid (extended until {until})"),
            (S::Ended, Lang::Cs) => "ukončený".into(),
            (S::Ended, Lang::En) => "ended".into(),
            (S::Replaced { .. }, Lang::Cs) => "nahrazený".into(),
            (S::Replaced { .. }, Lang::En) => "superseded".into(),
        }
    }
}

/// The status of plan `i` at the site's build date.
pub(super) fn plan_status(site: &Site, i: PlanId) -> PlanStatus {
    let p: &Plan = &site.plans[i];
    let year = site.build_date.year();
    if p.approval.is_none() {
        let until = p.consultation.as_ref().map(|c| c.until);
        return PlanStatus::Draft {
            until,
            open: until.is_some_and(|u| site.not_past(u)),
        };
    }
    let (start, end) = p.years;
    let (_, last) = p.valid_years();
    if year < start {
        PlanStatus::Approved { from: start }
    } else if year <= end {
        PlanStatus::Valid
    } else if year <= last {
        PlanStatus::Extended { until: last }
    } else {
        // Only an approved successor replaces a plan: a draft is not in force yet (the spec
        // says "a later plan"; a draft under consultation replacing nothing is what a reader
        // expects, and what the example's Český Krumlov draft showed wrongly).
        match p.next.iter().find(|n| site.plans[**n].approval.is_some()) {
            Some(by) => PlanStatus::Replaced { by: *by },
            None => PlanStatus::Ended,
        }
    }
}

/// The plans a territory's page shows, with their labels: the valid one ("Platný plán"), a
/// draft under consultation; when there is neither, the last plan (newest period) with its
/// status. `plans` is the territory's list, newest period first.
pub(super) fn shown_on_territory(site: &Site, plans: &[PlanId]) -> Vec<(PlanId, PlanStatus)> {
    let all: Vec<(PlanId, PlanStatus)> =
        plans.iter().map(|p| (*p, plan_status(site, *p))).collect();
    let mut shown: Vec<(PlanId, PlanStatus)> = all
        .iter()
        .copied()
        .filter(|(_, s)| s.is_valid() || matches!(s, PlanStatus::Draft { open: true, .. }))
        .collect();
    // The valid plan first.
    shown.sort_by_key(|(_, s)| !s.is_valid());
    if shown.is_empty()
        && let Some(last) = all.first()
    {
        shown.push(*last);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::{Approval, Consultation, Extension};

    fn plan(years: (i16, i16), approved: bool) -> Plan {
        Plan {
            territory: 0,
            slug: String::new(),
            path: String::new(),
            source: String::new(),
            title: String::new(),
            period: String::new(),
            years,
            document: None,
            previous: None,
            next: Vec::new(),
            target_groups: Vec::new(),
            approval: approved.then(|| Approval {
                body: "Zastupitelstvo".into(),
                date: PartialDate::parse("2019-12-16").unwrap(),
                resolution: String::new(),
            }),
            extensions: Vec::new(),
            consultation: None,
            priorities: Vec::new(),
            measures: Vec::new(),
            activities: Vec::new(),
            body: Default::default(),
        }
    }

    fn site(plans: Vec<Plan>, date: &str) -> Site {
        Site {
            plans,
            ..Site::empty_for_tests(date)
        }
    }

    fn status_at(p: &Plan, date: &str, lang: Lang) -> String {
        let s = site(vec![p.clone()], date);
        plan_status(&s, 0).label(lang).replace('\u{a0}', " ")
    }

    #[test]
    fn a_draft_names_its_deadline_only_while_it_is_open() {
        let mut p = plan((2024, 2026), false);
        assert_eq!(status_at(&p, "2023-05-01", Lang::Cs), "návrh");
        p.consultation = Some(Consultation {
            from: None,
            until: PartialDate::parse("2019-06-25").unwrap(),
            to: String::new(),
            settlement: None,
        });
        assert_eq!(
            status_at(&p, "2019-06-25", Lang::Cs),
            "návrh, připomínky do 25. 6. 2019"
        );
        assert_eq!(status_at(&p, "2019-06-26", Lang::Cs), "návrh");
        assert_eq!(
            status_at(&p, "2019-06-01", Lang::En),
            "draft, comments until 25 June 2019"
        );
        // A draft is never valid, even within its period.
        assert_eq!(status_at(&p, "2025-01-01", Lang::Cs), "návrh");
    }

    #[test]
    fn an_approved_plan_by_the_build_year() {
        let mut p = plan((2020, 2022), true);
        assert_eq!(
            status_at(&p, "2019-12-31", Lang::Cs),
            "schválený, platí od 2020"
        );
        assert_eq!(status_at(&p, "2020-01-01", Lang::Cs), "platný");
        assert_eq!(status_at(&p, "2022-12-31", Lang::Cs), "platný");
        assert_eq!(status_at(&p, "2023-01-01", Lang::Cs), "ukončený");
        assert_eq!(status_at(&p, "2023-01-01", Lang::En), "ended");
        p.extensions.push(Extension {
            until: 2023,
            decided_by: String::new(),
            date: None,
        });
        p.extensions.push(Extension {
            until: 2024,
            decided_by: String::new(),
            date: None,
        });
        assert_eq!(
            status_at(&p, "2023-06-01", Lang::Cs),
            "platný (prodloužen do 2024)"
        );
        assert_eq!(
            status_at(&p, "2024-12-31", Lang::En),
            "valid (extended until 2024)"
        );
        assert_eq!(status_at(&p, "2025-01-01", Lang::Cs), "ukončený");
    }

    #[test]
    fn an_ended_plan_another_names_as_previous_is_replaced() {
        let mut old = plan((2017, 2019), true);
        old.next = vec![1];
        let mut new = plan((2020, 2022), true);
        new.previous = Some(0);
        let s = site(vec![old, new], "2020-03-01");
        assert_eq!(plan_status(&s, 0), PlanStatus::Replaced { by: 1 });
        assert_eq!(plan_status(&s, 0).label(Lang::Cs), "nahrazený");
        // While it is still valid, a successor does not replace it.
        let s = site(s.plans.clone(), "2019-03-01");
        assert_eq!(plan_status(&s, 0), PlanStatus::Valid);
    }

    #[test]
    fn a_draft_naming_an_ended_plan_as_previous_does_not_replace_it() {
        let mut old = plan((2015, 2017), true);
        old.next = vec![1];
        let mut draft = plan((2019, 2021), false);
        draft.previous = Some(0);
        let s = site(vec![old, draft], "2026-12-02");
        assert_eq!(plan_status(&s, 0), PlanStatus::Ended);
        assert_eq!(plan_status(&s, 0).label(Lang::Cs), "ukončený");
    }

    #[test]
    fn the_territory_shows_the_valid_plan_first_else_the_open_draft_else_the_last() {
        let valid = plan((2020, 2022), true);
        let mut draft = plan((2023, 2025), false);
        draft.consultation = Some(Consultation {
            from: None,
            until: PartialDate::parse("2022-06-25").unwrap(),
            to: String::new(),
            settlement: None,
        });
        let old = plan((2017, 2019), true);
        // Newest period first, as the territory's list has them.
        let s = site(vec![draft, valid, old], "2022-06-01");
        let shown: Vec<PlanId> = shown_on_territory(&s, &[0, 1, 2])
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(shown, [1, 0]);
        let s = site(s.plans.clone(), "2022-07-01");
        let shown = shown_on_territory(&s, &[0, 1, 2]);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].0, 1);
        // No valid plan and no open draft: the last plan with its status.
        let s = site(s.plans.clone(), "2026-01-01");
        let shown = shown_on_territory(&s, &[0, 1, 2]);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].0, 0);
        assert_eq!(shown[0].1.label(Lang::Cs), "návrh");
    }
}
