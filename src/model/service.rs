//! A service of the catalogue (a registered social service under zákon č. 108/2006 Sb., or a
//! related unregistered one), as `resolve` validated it. Invariant: `kind` names a row of the
//! law's table (`crate::law`) or is `souvisejici`; an identifier is seven digits and unique.

use super::{ActivityId, Body, OrganisationId, TerritoryId};
use crate::czech::date::PartialDate;

/// The allowed forms of a service, in the order pages show them.
pub const SERVICE_FORMS: &[&str] = &["ambulantni", "terenni", "pobytova"];
/// The allowed values of `fee`.
pub const SERVICE_FEES: &[&str] = &["bezplatna", "hrazena"];
/// The `type` of a related service that is not registered under the law.
pub const RELATED_SERVICE: &str = "souvisejici";

#[derive(Clone, Debug)]
pub struct Place {
    pub address: String,
    pub hours: String,
}

#[derive(Clone, Debug)]
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
