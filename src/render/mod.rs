//! Render: `&Site` + templates → output files, handed one at a time to a [`Sink`].
//!
//! Every page of site.md is a [`Job`]; jobs are listed cheaply, then rendered in parallel,
//! each building only its own view (a page gets the slice it shows, never the whole site), so
//! the cost stays linear in pages. Long lists are cut into pages of [`PER_PAGE`] rows.
//! Invariant: no I/O; the sink decides where bytes go (a folder for `build`, memory for tests).
//!
//! This file holds the entry points and their errors only; it must not build views or list
//! pages itself. The parts:
//! `plan` (which pages exist), `context` (what one render shares), `lists` (orders, years,
//! pages of lists), `rows` (one item as a list shows it), `body` (bodies as HTML),
//! `views/` (one function per page kind), `standing` (a plan at the build date, a document's
//! date), `modified` (when a page last changed: git dates, the sitemap's `lastmod`),
//! `sitemap`, `fingerprints` (for the preview),
//! `attachments` (copied files) and `templates` (the minijinja environment).

use rayon::prelude::*;
use serde_json::Value;

/// A view's JSON object with its values moved in (`serde_json::Value::from`): `json!` copies
/// each value it is given by serializing it, so a list of rows put in an object, and that
/// object in the view, was copied whole twice (`serde_json::to_value`: 7 % of a warm build
/// at 100,000 meetings that rendered 1,023 list pages, perf). For objects that hold lists;
/// `json!` stays for the small ones.
macro_rules! object {
    ({ $($key:literal: $value:expr),* $(,)? }) => {{
        let mut map = serde_json::Map::new();
        $(map.insert($key.to_string(), serde_json::Value::from($value));)*
        serde_json::Value::Object(map)
    }};
}

pub mod affected;
mod attachments;
pub use attachments::attached_files;
mod body;
mod context;
mod fingerprints;
mod lists;
mod meta;
mod modified;
pub mod outputs;
mod plan;
mod plan_status;
pub mod row_parts;
mod rows;
mod sitemap;
mod standing;
pub mod templates;
mod views;

pub use self::attachments::copy_attachments;
pub use self::fingerprints::{Fingerprints, Last, Learned, fingerprints, fingerprints_since};
pub use self::lists::{PER_PAGE, Year, pages_for, resort_meetings, sort_meetings, year_of};
pub use self::plan::{Job, MeetingsShown, ServiceList, meeting_job, page_file};
pub use self::sitemap::{SITEMAP, SITEMAP_LIMIT, is_sitemap_part};
pub use self::views::globals;
pub use crate::output::Sink;

use self::body::Bodies;
use self::context::RenderCtx;
use self::plan::jobs;
use self::templates::Templates;
use self::views::view;
use crate::model::Site;

/// Failure to render or write one page.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template error in {template} for /{path}: {message}")]
    Template {
        template: String,
        path: String,
        message: String,
    },
    #[error("cannot write /{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Render every page and copy every file into `sink`. Returns the number of pages written.
pub fn render(site: &Site, templates: &Templates, sink: &dyn Sink) -> Result<usize, RenderError> {
    let pages = render_where(site, templates, sink, &|_, _| true)?;
    copy_attachments(site, sink)?;
    Ok(pages)
}

/// Render every page but those at the paths in `taken` (a build took them from its cache),
/// and copy every file into `sink` (`meetings_sorted`: the site-wide meeting order, when the
/// fingerprints of this very site sorted it). Returns the number of pages written.
pub fn render_except(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    taken: &crate::fast::HashSet<String>,
    splicing: &outputs::splice::Splicing,
    row_parts: &row_parts::RowParts,
    meetings_sorted: Option<Vec<usize>>,
) -> Result<usize, RenderError> {
    let mut ctx = RenderCtx::new(site, Bodies::Html);
    if let Some(sorted) = meetings_sorted {
        ctx = ctx.with_meetings_sorted(sorted);
    }
    ctx.splicing = Some(splicing);
    ctx.row_parts = Some(row_parts);
    let pages = render_kept(&ctx, templates, sink, &|path, _| !taken.contains(path))?;
    copy_attachments(site, sink)?;
    Ok(pages)
}

/// Render only the jobs `keep` selects (the preview server re-renders what an edit affects).
/// Returns the number of HTML pages written.
pub fn render_where(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    keep: &(dyn Fn(&str, &Job) -> bool + Sync),
) -> Result<usize, RenderError> {
    let ctx = RenderCtx::new(site, Bodies::Html);
    render_kept(&ctx, templates, sink, keep)
}

/// [`render_where`] with the site-wide meeting order already known (the preview server has
/// it after an edit) and the preview's output pieces, if it keeps them; the jobs `later`
/// selects are returned, not rendered (the preview renders them after serving these).
pub fn render_where_sorted(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    keep: &(dyn Fn(&str, &Job) -> bool + Sync),
    later: &(dyn Fn(&str, &Job) -> bool + Sync),
    meetings_sorted: Vec<usize>,
    pieces: Option<&outputs::Pieces>,
) -> Result<(usize, Vec<(String, Job)>), RenderError> {
    let ctx = RenderCtx::new(site, Bodies::Html)
        .with_meetings_sorted(meetings_sorted)
        .with_pieces(pieces);
    let jobs = jobs(&ctx);
    let selected: Vec<&(String, Job)> = jobs.iter().filter(|(p, j)| keep(p, j)).collect();
    let pages = render_selected(&ctx, templates, sink, &selected, &jobs)?;
    let later = jobs.iter().filter(|(p, j)| later(p, j)).cloned().collect();
    Ok((pages, later))
}

fn render_kept(
    ctx: &RenderCtx,
    templates: &Templates,
    sink: &dyn Sink,
    keep: &(dyn Fn(&str, &Job) -> bool + Sync),
) -> Result<usize, RenderError> {
    let jobs = jobs(ctx);
    let selected: Vec<&(String, Job)> = jobs.iter().filter(|(p, j)| keep(p, j)).collect();
    render_selected(ctx, templates, sink, &selected, &jobs)
}

/// Render exactly these jobs, e.g. the page of one edited meeting ([`meeting_job`]): nothing else
/// of the site is listed or sorted unless one of them needs it (or the preview gives the
/// site-wide meeting order it keeps). Outputs are put together from `pieces` when the preview
/// keeps them.
pub fn render_jobs(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    selected: &[(String, Job)],
    pieces: Option<&outputs::Pieces>,
    meetings_sorted: Option<Vec<usize>>,
) -> Result<usize, RenderError> {
    let mut ctx = RenderCtx::new(site, Bodies::Html).with_pieces(pieces);
    if let Some(sorted) = meetings_sorted {
        ctx = ctx.with_meetings_sorted(sorted);
    }
    let all = if selected.iter().any(|(_, j)| matches!(j, Job::Sitemap)) {
        jobs(&ctx)
    } else {
        Vec::new()
    };
    let selected: Vec<&(String, Job)> = selected.iter().collect();
    render_selected(&ctx, templates, sink, &selected, &all)
}
/// A page's view rendered by `template`: with rows' parts, rows the last build's page holds
/// are taken from it, unless the template wants one that was not built (then it is rendered
/// again with every row built); the spans of its rows are noted.
fn render_page(
    ctx: &RenderCtx,
    templates: &Templates,
    (path, job): (&str, &Job),
    template: &str,
    value: Value,
) -> Result<String, RenderError> {
    let remake = || {
        let (_, mut value) = view(ctx, job);
        meta::add(ctx, path, job, &mut value);
        value
    };
    let error = |e| RenderError::Template {
        template: template.to_string(),
        path: path.to_string(),
        message: e,
    };
    let Some(parts) = ctx.row_parts else {
        return templates
            .render(template, value, &|v, alone| ctx.stood_in(v, alone, None))
            .map_err(error);
    };
    let page = parts.page(path);
    let first = templates.render(template, value, &|v, alone| {
        ctx.stood_in(v, alone, Some(&page))
    });
    let (html, page) = if parts.again(&page) {
        // The view made again (rarely: a theme that reads a row outside `row()`), not kept
        // for it: cloning every list page's view was 0.6 % of a warm build's CPU.
        let page = page.built();
        let html = templates.render(template, remake(), &|v, alone| {
            ctx.stood_in(v, alone, Some(&page))
        });
        (html, page)
    } else {
        (first, page)
    };
    let html = html.map_err(error)?;
    parts.rendered(path, &html, &page);
    Ok(html)
}

/// Below this many jobs besides the outputs that hold every meeting, those outputs are
/// rendered in parallel too (`render_selected`).
const FEW_PAGES: usize = 256;

/// At most this many jobs one after another on one thread without another thread being able
/// to take the rest. Left to itself rayon splits a list only about as many times as there are
/// threads, then each part runs whole on its thread unless taken: the last part ran alone for
/// 190 ms at the end of a cold 10k build on 2 cores (one thread idle, 14 % of the build).
pub(super) const JOBS_AT_ONCE: usize = 16;

/// Render `selected`; `all` is every job of the site, which the sitemap lists.
fn render_selected(
    ctx: &RenderCtx,
    templates: &Templates,
    sink: &dyn Sink,
    selected: &[&(String, Job)],
    all: &[(String, Job)],
) -> Result<usize, RenderError> {
    let site = ctx.site;
    let one = |(path, job): &&(String, Job)| -> Result<(), RenderError> {
        if let Job::Sitemap = job {
            return sitemap::write_sitemaps(
                &site.config.base_url,
                templates,
                sink,
                &sitemap::sitemap_urls(site, all),
                SITEMAP_LIMIT,
            );
        }
        if let (Job::Output(o), Some(s)) = (job, ctx.splicing)
            && let Some(written) = outputs::splice::write(ctx, s, path, o, sink)
        {
            return written.map_err(|source| RenderError::Io {
                path: path.clone(),
                source,
            });
        }
        let (template, mut value) = view(ctx, job);
        meta::add(ctx, path, job, &mut value);
        let html = match value {
            Value::String(text) if template == outputs::VERBATIM => text,
            value => render_page(ctx, templates, (path, job), template, value)?,
        };
        sink.write_owned(path, html.into_bytes())
            .map_err(|source| RenderError::Io {
                path: path.clone(),
                source,
            })
    };
    // The outputs that hold every meeting one after another on one thread (the peak memory of
    // a build was two or three of them at once), the rest in parallel beside them.
    let (big, small): (Vec<_>, Vec<_>) = selected
        .iter()
        .copied()
        .partition(|(_, job)| matches!(job, Job::Output(o) if o.holds_every_meeting()));
    // Beside a few pages (a warm build or a preview after an edit) that one thread was most
    // of the render, the others idle (a date fixed within its month at 100,000 meetings: 7
    // jobs in 1.2-1.9 s, the four outputs 0.9-1.4 s): then the outputs too go in
    // parallel, one per thread at a time.
    if small.len() < FEW_PAGES {
        selected.par_iter().with_max_len(1).try_for_each(one)?;
    } else {
        let (small, big) = rayon::join(
            || {
                small
                    .par_iter()
                    .with_max_len(JOBS_AT_ONCE)
                    .try_for_each(one)
            },
            || big.iter().try_for_each(one),
        );
        small.and(big)?;
    }
    Ok(selected
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count())
}
