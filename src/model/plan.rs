//! The plan of a territory (střednědobý plán rozvoje sociálních služeb), its priorities,
//! measures and activities with their yearly monitoring, as `resolve` validated them
//! (`../shared/spec/plan-and-catalogue.md`). Invariant: every reference is an index into the
//! site's vectors; codes are unique within a plan; a measure's priority and an activity's
//! measure exist; a monitoring year appears once per activity.

use super::{Body, DocumentId, GroupId, OrganisationId, TerritoryId};
use crate::czech::date::PartialDate;

pub type PlanId = usize;
pub type ActivityId = usize;
pub type ServiceId = usize;

/// The allowed monitoring statuses, in the order lists and counts show them.
pub const MONITORING_STATUSES: &[&str] = &[
    "splneno",
    "plni-se",
    "castecne",
    "nesplneno",
    "odlozeno",
    "zruseno",
];

#[derive(Clone, Debug, Hash)]
pub struct Approval {
    /// "Zastupitelstvo města Jindřichův Hradec".
    pub body: String,
    pub date: PartialDate,
    /// "usnesení č. 123/2019", may be empty.
    pub resolution: String,
}

#[derive(Clone, Debug, Hash)]
pub struct Extension {
    /// The last year of validity after this extension.
    pub until: i16,
    pub decided_by: String,
    pub date: Option<PartialDate>,
}

#[derive(Clone, Debug, Hash)]
pub struct Consultation {
    pub from: Option<PartialDate>,
    pub until: PartialDate,
    /// Where comments go: an e-mail or an address.
    pub to: String,
    /// The document settling the comments (vypořádání připomínek).
    pub settlement: Option<DocumentId>,
}

#[derive(Clone, Debug, Hash)]
pub struct Priority {
    /// "1", "2", ...
    pub code: String,
    pub title: String,
    /// Index into `config.target_groups`; `None` for a cross-cutting priority.
    pub target_group: Option<usize>,
    pub cross_cutting: bool,
    pub text: String,
}

#[derive(Clone, Debug, Hash)]
pub struct Measure {
    /// "1.2": the part before the last dot is an existing priority's code.
    pub code: String,
    /// Index into the plan's `priorities`.
    pub priority: usize,
    pub title: String,
    pub text: String,
}

#[derive(Clone, Debug, Hash)]
pub struct Plan {
    pub territory: TerritoryId,
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    /// As written, normalised ("2020–2022").
    pub period: String,
    /// First and last year of the period.
    pub years: (i16, i16),
    pub document: Option<DocumentId>,
    pub previous: Option<PlanId>,
    /// Plans naming this one as `previous` (normally at most one).
    pub next: Vec<PlanId>,
    pub target_groups: Vec<usize>,
    pub approval: Option<Approval>,
    /// In the order written; the last one that applies decides.
    pub extensions: Vec<Extension>,
    pub consultation: Option<Consultation>,
    pub priorities: Vec<Priority>,
    /// Sorted by code, numerically.
    pub measures: Vec<Measure>,
    /// This plan's activities, sorted by code numerically.
    pub activities: Vec<ActivityId>,
    pub body: Body,
}

#[derive(Clone, Debug, Hash)]
pub struct Monitoring {
    pub year: i16,
    /// One of `MONITORING_STATUSES`.
    pub status: String,
    pub text: String,
    pub spent: Option<i64>,
    pub document: Option<DocumentId>,
}

#[derive(Clone, Debug, Hash)]
pub struct Activity {
    pub plan: PlanId,
    /// Index into the plan's `measures`.
    pub measure: usize,
    pub slug: String,
    pub path: String,
    pub source: String,
    /// "1.2.3".
    pub code: String,
    pub title: String,
    pub organisations: Vec<OrganisationId>,
    pub groups: Vec<GroupId>,
    pub services: Vec<ServiceId>,
    /// As written, else the priority's target group.
    pub target_groups: Vec<usize>,
    /// As written, else every year of the plan's period.
    pub years: Vec<i16>,
    pub cost: Option<i64>,
    pub funding: Vec<String>,
    pub indicators: Vec<String>,
    /// Sorted by year.
    pub monitoring: Vec<Monitoring>,
    pub body: Body,
}

impl Activity {
    /// The status of the newest monitoring year, if any.
    pub fn latest_status(&self) -> Option<&str> {
        self.monitoring.last().map(|m| m.status.as_str())
    }
}

impl Plan {
    /// The first and last year the plan is valid in: its period, and past it the last year of
    /// its extensions. Activities run and are monitored within these years.
    pub fn valid_years(&self) -> (i16, i16) {
        let last = self
            .extensions
            .iter()
            .map(|e| e.until)
            .fold(self.years.1, i16::max);
        (self.years.0, last)
    }
}

/// Compares two codes ("1.2.10", "1.2.9") numerically part by part; a part that is not a
/// number sorts after the numbers, by its text.
pub fn code_order(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| -> Vec<(u8, u64, String)> {
        s.split('.')
            .map(|p| match p.parse::<u64>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, p.to_string()),
            })
            .collect()
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::code_order;
    use std::cmp::Ordering::*;

    #[test]
    fn codes_sort_numerically() {
        assert_eq!(code_order("1.1.2", "1.1.10"), Less);
        assert_eq!(code_order("1.10", "1.9"), Greater);
        assert_eq!(code_order("2", "10"), Less);
        assert_eq!(code_order("1.2", "1.2.1"), Less);
        assert_eq!(code_order("1.2", "1.2"), Equal);
    }
}
