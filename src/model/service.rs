//! A service of the catalogue (a registered social service under zákon č. 108/2006 Sb., or a
//! related unregistered one), as `resolve` validated it. Invariant: `kind` names a row of the
//! law's table (`crate::law`) or is `souvisejici`; an identifier is seven digits and unique.

use super::{ActivityId, Body, OrganisationId, ServiceId, TerritoryId};
use crate::czech::date::PartialDate;

/// The allowed forms of a service, in the order pages show them.
pub const SERVICE_FORMS: &[&str] = crate::law::FORMS;
/// The allowed values of `fee`.
pub const SERVICE_FEES: &[&str] = &["bezplatna", "hrazena"];
/// The `type` of a related service that is not registered under the law.
pub const RELATED_SERVICE: &str = crate::law::RELATED;
/// The catalogue's static filter pages under `/sluzby/`: by kind (`druh/<slug>/`), by form
/// (`forma/<form>/`), and the printable booklet (`tisk/`). A service may not take these names.
pub const KIND_FOLDER: &str = "druh";
pub const FORM_FOLDER: &str = "forma";
pub const BOOKLET_FOLDER: &str = "tisk";

/// The catalogue's order: by the law's order of kinds (related services last), then by title
/// in Czech order, then by slug (so it is total).
pub fn catalogue_order(
    services: &[Service],
    collator: &crate::czech::collate::Collator,
    a: ServiceId,
    b: ServiceId,
) -> std::cmp::Ordering {
    let (x, y) = (&services[a], &services[b]);
    crate::law::rank(&x.kind)
        .cmp(&crate::law::rank(&y.kind))
        .then_with(|| collator.compare(&x.title, &y.title))
        .then_with(|| x.slug.cmp(&y.slug))
}

#[derive(Clone, Debug, Hash)]
pub struct Place {
    pub address: String,
    pub hours: String,
}

#[derive(Clone, Debug, Hash)]
pub struct Service {
    pub slug: String,
    pub path: String,
    pub source: String,
    pub title: String,
    pub provider: OrganisationId,
    /// The § as written ("37", "60a") or `souvisejici`.
    pub kind: String,
    /// Each one of `SERVICE_FORMS`.
    pub forms: Vec<String>,
    /// The registry's seven-digit identifier, empty when not given.
    pub identifier: String,
    pub target_groups: Vec<usize>,
    pub clients: Vec<String>,
    pub ages: Vec<String>,
    pub territories: Vec<TerritoryId>,
    pub municipalities: Vec<String>,
    pub capacity: String,
    pub places: Vec<Place>,
    pub email: String,
    pub phone: String,
    pub web: String,
    /// One of `SERVICE_FEES`, or empty.
    pub fee: String,
    pub since: Option<PartialDate>,
    pub body: Body,
    /// Activities whose `services` name this one, by plan then code.
    pub activities: Vec<ActivityId>,
}
