//! When a page last changed: from git (`[build] git_dates`, the map `Site::source_dates`) for
//! the line "Naposledy upraveno" and the sitemap's `lastmod`; without git, the sitemap takes
//! the content's own day of publication where a page has one. Must not read anything but the
//! site: the dates were read at the edge.
//!
//! A page with a source file is dated by the newest of its file and the files attached to it
//! (a meeting whose minutes came later changed then). Lists and indexes get no date: they
//! change with whatever they list and with the build date (upcoming meetings), so any single
//! day would be a guess. The match over jobs has no catch-all arm: a new kind of page must
//! decide.

use jiff::civil::Date;

use super::plan::Job;
use crate::czech::date::PartialDate;
use crate::model::Site;

/// The day the page's own files last changed in git, if git dates are on and known.
pub(super) fn page_changed(site: &Site, job: &Job) -> Option<Date> {
    if site.source_dates.is_empty() {
        return None;
    }
    let newest = |sources: &mut dyn Iterator<Item = &str>| {
        sources
            .filter_map(|s| site.source_dates.get(s).copied())
            .max()
    };
    match job {
        Job::Home => newest(&mut std::iter::once(site.home.source.as_str())),
        Job::Territory(i) => newest(&mut std::iter::once(site.territories[*i].source.as_str())),
        Job::Group(i) => newest(&mut std::iter::once(site.groups[*i].source.as_str())),
        Job::Meeting(i) => {
            let m = &site.meetings[*i];
            newest(
                &mut std::iter::once(m.source.as_str())
                    .chain(m.minutes.iter().map(|a| a.source.as_str()))
                    .chain(m.attachments.iter().map(|a| a.source.as_str())),
            )
        }
        Job::Document(i) => {
            let d = &site.documents[*i];
            newest(
                &mut std::iter::once(d.source.as_str())
                    .chain(d.file.iter().map(|a| a.source.as_str())),
            )
        }
        Job::Project(i) => newest(&mut std::iter::once(site.projects[*i].source.as_str())),
        Job::Organisation(i) => {
            newest(&mut std::iter::once(site.organisations[*i].source.as_str()))
        }
        Job::News(i) => newest(&mut std::iter::once(site.news[*i].source.as_str())),
        Job::Page(i) => newest(&mut std::iter::once(site.pages[*i].source.as_str())),
        Job::Service(i) => newest(&mut std::iter::once(site.services[*i].source.as_str())),
        Job::Plan(i) => newest(&mut std::iter::once(site.plans[*i].source.as_str())),
        Job::Activity(i) => newest(&mut std::iter::once(site.activities[*i].source.as_str())),
        // Lists and pages without a source file of their own (see the module's comment).
        Job::Meetings { .. }
        | Job::Documents { .. }
        | Job::PlanYear { .. }
        | Job::Plans(_)
        | Job::Groups(_)
        | Job::TargetGroups
        | Job::TargetGroup(_)
        | Job::Projects
        | Job::Organisations
        | Job::Services(_)
        | Job::Accessibility
        | Job::NotFound
        | Job::Sitemap
        | Job::Robots
        | Job::Search
        | Job::Output(_) => None,
    }
}

/// The sitemap's `lastmod` of a page: the git date when known; else the day a news item or a
/// document says it was published (known to the day and not after the build date: a page
/// cannot have changed in the future). A meeting's date is when it meets, not when its page
/// changed, so meetings have none without git.
pub(super) fn lastmod(site: &Site, job: &Job) -> Option<Date> {
    page_changed(site, job).or_else(|| {
        let published = match job {
            Job::News(i) => Some(site.news[*i].date),
            Job::Document(i) => site.documents[*i].published,
            _ => None,
        };
        published
            .and_then(|d| d.to_civil())
            .filter(|d| *d <= site.build_date)
    })
}

/// A day as a full [`PartialDate`], for the views' date format.
pub(super) fn as_partial(d: Date) -> PartialDate {
    PartialDate {
        year: d.year(),
        month: Some(d.month() as u8),
        day: Some(d.day() as u8),
    }
}
