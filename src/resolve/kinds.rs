//! One resolver per content kind: a raw item (as written) → the validated item pushed into the
//! site, its references resolved through `Ctx` and every problem a diagnostic. Back-links and
//! orders come later (`order`); bodies are scanned in `links`. No I/O.

use crate::fast::HashMap;

use super::read::{list, v};
use super::refs::{Ctx, unresolved};
use super::*;
use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest_n};
use crate::i18n::tr;
use crate::source::config::Config;
use crate::source::frontmatter::Located;
use crate::source::raw;

/// Where an item sits: its file, its territory (slug and index) and its site path.
pub(super) struct At<'a> {
    pub(super) file: &'a str,
    pub(super) here: Option<&'a str>,
    pub(super) tid: usize,
    pub(super) slug: String,
    pub(super) path: String,
}

/// The home page (`content/_index.md`): its title; the body comes with the others.
pub(super) fn home(site: &mut Site, at: &At, r: &raw::RawPage) {
    let file = at.file;
    let path = at.path.clone();
    site.home = Page {
        path,
        source: file.to_string(),
        title: v(&r.title),
        weight: 0,
        menu: false,
        body: Body::default(),
    };
}

/// A free page: title, menu place.
pub(super) fn page(site: &mut Site, at: &At, r: &raw::RawPage) {
    let file = at.file;
    let path = at.path.clone();
    site.pages.push(Page {
        path,
        source: file.to_string(),
        title: v(&r.title),
        weight: r.weight.as_ref().map(|w| w.value).unwrap_or(0),
        menu: r.menu.as_ref().is_some_and(|m| m.value),
        body: Body::default(),
    });
}

/// A territory (`<území>/_index.md`): kind, contacts (organisations resolved), history.
pub(super) fn territory<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &raw::RawTerritory,
    d: &mut Diagnostics,
) {
    let file = at.file;
    let path = at.path.clone();
    let kind = r.kind.as_ref().and_then(|k| ctx.vocab(k, "kind", file, d));
    let contacts = r
        .contacts
        .iter()
        .map(|c| Contact {
            name: v(&c.name),
            role: v(&c.role),
            organization: ctx.org_or_text(&c.organization),
            email: v(&c.email),
            phone: v(&c.phone),
            address: v(&c.address),
        })
        .collect();
    let history = r
        .history
        .iter()
        .map(|h| HistoryEntry {
            period: crate::czech::date::format_period(&v(&h.period)),
            title: v(&h.title),
            text: v(&h.text),
        })
        .collect();
    site.territories.push(Territory {
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        title: v(&r.title),
        name: v(&r.name),
        kind,
        code: v(&r.code),
        region: v(&r.region),
        municipalities: list(&r.municipalities),
        planning_since: r.planning_since.as_ref().map(|x| x.value),
        contacts,
        history,
        body: Body::default(),
        groups: Vec::new(),
        meetings: Vec::new(),
        documents: Vec::new(),
        projects: Vec::new(),
        news: Vec::new(),
        plans: Vec::new(),
        services: Vec::new(),
    });
}

/// An organisation: its web address checked.
pub(super) fn organisation<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &raw::RawOrganisation,
    d: &mut Diagnostics,
) {
    let file = at.file;
    let path = at.path.clone();
    site.organisations.push(Organisation {
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        title: v(&r.title),
        kind: v(&r.kind),
        ico: v(&r.ico),
        web: ctx.url(&r.web, "web", file, d).unwrap_or_default(),
        address: v(&r.address),
        email: v(&r.email),
        phone: v(&r.phone),
        body: Body::default(),
        projects: Vec::new(),
        groups: Vec::new(),
        territories: Vec::new(),
        services: Vec::new(),
        activities: Vec::new(),
    });
}

/// A group: kind, target groups (declared in config.toml), members.
pub(super) fn group<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &raw::RawGroup,
    d: &mut Diagnostics,
    config: &Config,
) {
    let file = at.file;
    let tid = at.tid;
    let path = at.path.clone();
    let lang = ctx.lang;
    let kind = r.kind.as_ref().and_then(|k| ctx.vocab(k, "kind", file, d));
    let tgs = target_groups(config, lang, &r.target_groups, file, d);
    let members = r
        .members
        .iter()
        .map(|m| Member {
            name: v(&m.name),
            role: v(&m.role),
            organization: ctx.org_or_text(&m.organization),
        })
        .collect();
    let title = v(&r.title);
    let genitive = group_genitive(r, &title, file, lang, d);
    site.groups.push(Group {
        territory: tid,
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        short: r
            .short
            .as_ref()
            .map(|s| s.value.clone())
            .unwrap_or_else(|| title.clone()),
        title,
        genitive,
        kind,
        target_groups: tgs,
        locality: v(&r.locality),
        active: crate::czech::date::format_period(&v(&r.active)),
        members,
        body: Body::default(),
        meetings: Vec::new(),
        documents: Vec::new(),
        activities: Vec::new(),
    });
}

/// References to target groups (declared in config.toml), each one missing an error with the
/// nearest slugs.
pub(super) fn target_groups(
    config: &Config,
    lang: Lang,
    refs: &[Located<String>],
    file: &str,
    d: &mut Diagnostics,
) -> Vec<usize> {
    let mut tgs = Vec::new();
    for tg in refs {
        match config.target_groups.iter().position(|x| x.slug == tg.value) {
            Some(i) => tgs.push(i),
            None => {
                let near = nearest_n(
                    &tg.value,
                    config.target_groups.iter().map(|x| x.slug.as_str()),
                    3,
                );
                let mut diag =
                    unresolved(lang, file, tg, ("cílovou skupinu", "target group"), &near);
                let extra = tr(
                    lang,
                    " (cílové skupiny se zapisují v config.toml jako [[target_groups]])",
                    " (target groups are declared in config.toml as [[target_groups]])",
                );
                diag.hint = diag.hint.map(|h| h + &extra);
                d.push(diag);
            }
        }
    }
    tgs
}

/// A target group named by its slug in `config.toml`, with the nearest on a miss.
pub(super) fn target_group(
    config: &Config,
    tg: &Located<String>,
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> Option<usize> {
    let found = config.target_groups.iter().position(|x| x.slug == tg.value);
    if found.is_none() {
        let near = nearest_n(
            &tg.value,
            config.target_groups.iter().map(|x| x.slug.as_str()),
            3,
        );
        let mut diag = unresolved(lang, file, tg, ("cílovou skupinu", "target group"), &near);
        let extra = tr(
            lang,
            " (cílové skupiny se zapisují v config.toml jako [[target_groups]])",
            " (target groups are declared in config.toml as [[target_groups]])",
        );
        diag.hint = diag.hint.map(|h| h + &extra);
        d.push(diag);
    }
    found
}

/// How generated meeting titles name a group (see `Group::genitive`); a Czech title no rule
/// declines, with no `short` or `title_genitive`, is used as written and warned about.
fn group_genitive(
    r: &crate::source::raw::RawGroup,
    title: &str,
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> String {
    if let Some(s) = r.short.as_ref().or(r.title_genitive.as_ref()) {
        return s.value.clone();
    }
    if lang == Lang::En {
        return title.to_string();
    }
    if let Some(g) = crate::czech::genitive::group_genitive(title) {
        return g;
    }
    if let Some(t) = &r.title {
        d.push(
            Diagnostic::warning(
                file,
                Some(t.span.clone()),
                format!(
                    "název skupiny „{title}“ neumím dát do 2. pádu, v názvech jednání bude, jak je napsán („1. jednání {title}“)"
                ),
            )
            .with_hint(format!(
                "doplňte zkratku `short = \"PS …\"`, nebo název ve 2. pádě, např. `title_genitive = \"skupiny {title}\"`"
            )),
        );
    }
    title.to_string()
}

/// A meeting: kind, group, number (unique in its group), time, minutes, attachments and
/// documents.
pub(super) fn meeting<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &raw::RawMeeting,
    d: &mut Diagnostics,
    numbers: &mut HashMap<(GroupId, u32), &'a str>,
) {
    let file = at.file;
    let here = at.here;
    let tid = at.tid;
    let path = at.path.clone();
    let lang = ctx.lang;
    let kind = r.kind.as_ref().and_then(|k| ctx.vocab(k, "kind", file, d));
    let kind = kind.unwrap_or(MeetingKind::Jednani);
    let group = match &r.group {
        Some(g) => ctx.lookup(&ctx.groups, here, g, ("skupinu", "group"), file, d),
        None => {
            // A group's meeting needs its group; a public event may have none.
            if !kind.is_event() {
                d.push(
                        Diagnostic::error(
                            file,
                            Some(0..3),
                            tr(
                                lang,
                                "chybí pole `group`: jednání patří skupině",
                                "the field `group` is missing: a meeting belongs to a group",
                            ),
                        )
                        .with_hint(tr(
                            lang,
                            "doplňte `group = \"ps-seniori\"`, nebo u veřejné akce `kind = \"verejne-projednani\"`, \"kulaty-stul\" či \"akce\"",
                            "add `group = \"ps-seniori\"`, or for a public event `kind = \"verejne-projednani\"`, \"kulaty-stul\" or \"akce\"",
                        )),
                    );
            }
            None
        }
    };
    let number = meeting_number(&r.number, file, lang, d);
    if let (Some(g), Some(n), Some(ln)) = (group, number, &r.number) {
        number_once(numbers, (g, n, ln), file, lang, d);
    }
    let time = r
        .time
        .as_ref()
        .and_then(|t| match crate::czech::date::parse_time(&t.value) {
            Ok(x) => Some(x),
            Err(e) => {
                d.push(
                    Diagnostic::error(file, Some(t.span.clone()), e.message(lang))
                        .with_hint("time = \"13:00\""),
                );
                None
            }
        });
    let minutes = r
        .minutes
        .as_ref()
        .and_then(|m| ctx.attachment(file, &path, m, d));
    let attachments = r
        .attachments
        .iter()
        .filter_map(|a| ctx.attachment(file, &path, a, d))
        .collect();
    let documents = r
        .documents
        .iter()
        .filter_map(|x| ctx.lookup(&ctx.documents, here, x, ("dokument", "document"), file, d))
        .collect();
    if group.is_none() && r.group.is_none() && r.title.is_none() {
        d.push(
            Diagnostic::error(
                file,
                Some(0..3),
                tr(
                    lang,
                    "veřejná akce bez skupiny potřebuje pole `title`",
                    "a public event without a group needs a `title`",
                ),
            )
            .with_hint("title = \"Veřejné projednání plánu\""),
        );
    }
    site.meetings.push(Meeting {
        territory: tid,
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        group,
        date: r.date.as_ref().map(|x| x.value),
        time,
        number,
        title: v(&r.title),
        kind,
        place: v(&r.place),
        agenda: list(&r.agenda),
        minutes,
        minutes_title: String::new(),
        attachments,
        documents,
        body: Body::default(),
    });
}

/// Meeting number `n` (written at `ln`) of group `g` in `file`: the file that claimed it first
/// in `numbers` (file order) keeps it, and every other file that claims it is told which one.
fn number_once<'a>(
    numbers: &mut HashMap<(GroupId, u32), &'a str>,
    (g, n, ln): (GroupId, u32, &Located<i64>),
    file: &'a str,
    lang: Lang,
    d: &mut Diagnostics,
) {
    let other = *numbers.entry((g, n)).or_insert(file);
    if other == file {
        return;
    }
    d.push(
        Diagnostic::error(
            file,
            Some(ln.span.clone()),
            match lang {
                Lang::Cs => format!("{n}. jednání této skupiny už popisuje {other}"),
                Lang::En => format!("meeting {n} of this group is already {other}"),
            },
        )
        .with_hint(tr(lang, "opravte číslo `number`", "fix the `number`")),
    );
}

/// A meeting's `number`: from 1 to 100,000 (a larger one is a typo, and numbers are read
/// aloud in titles).
pub(super) fn meeting_number(
    n: &Option<Located<i64>>,
    file: &str,
    lang: Lang,
    d: &mut Diagnostics,
) -> Option<u32> {
    match n {
        Some(n) if n.value >= 1 && n.value <= 100_000 => Some(n.value as u32),
        Some(n) => {
            d.push(
                Diagnostic::error(
                    file,
                    Some(n.span.clone()),
                    match (lang, n.value > 0) {
                        (Lang::Cs, false) => {
                            format!("pořadové číslo jednání musí být kladné, je {}", n.value)
                        }
                        (Lang::En, false) => {
                            format!("the meeting number must be positive, found {}", n.value)
                        }
                        (Lang::Cs, true) => format!(
                            "pořadové číslo jednání {} je příliš velké (nejvýš 100 000)",
                            n.value
                        ),
                        (Lang::En, true) => format!(
                            "the meeting number {} is too large (at most 100,000)",
                            n.value
                        ),
                    },
                )
                .with_hint("number = 1"),
            );
            None
        }
        None => None,
    }
}

/// A document: kind, status, `file` or `url` (exactly one), project, group, meeting.
pub(super) fn document<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &raw::RawDocument,
    d: &mut Diagnostics,
) {
    let file = at.file;
    let here = at.here;
    let path = at.path.clone();
    let lang = ctx.lang;
    let kind = r.kind.as_ref().and_then(|k| ctx.vocab(k, "kind", file, d));
    let status = r
        .status
        .as_ref()
        .and_then(|s| ctx.vocab(s, "status", file, d));
    let file_ref = r
        .file
        .as_ref()
        .and_then(|f| ctx.attachment(file, &path, f, d));
    match (&r.file, &r.url) {
        (Some(_), Some(u)) => d.push(
            Diagnostic::error(
                file,
                Some(u.span.clone()),
                tr(
                    lang,
                    "dokument má zároveň `file` i `url`",
                    "the document has both `file` and `url`",
                ),
            )
            .with_hint(tr(
                lang,
                "ponechte jen jedno: `file` pro soubor vedle, `url` pro odkaz na jiný web",
                "keep one: `file` for a file beside it, `url` for a link to another site",
            )),
        ),
        (None, None) => d.push(
            Diagnostic::error(
                file,
                Some(0..3),
                tr(
                    lang,
                    "dokument nemá `file` ani `url`",
                    "the document has neither `file` nor `url`",
                ),
            )
            .with_hint("file = \"komunitni-plan.pdf\""),
        ),
        _ => {}
    }
    let url = ctx.url(&r.url, "url", file, d);
    let project = r
        .project
        .as_ref()
        .and_then(|x| ctx.lookup(&ctx.projects, here, x, ("projekt", "project"), file, d));
    let group = r
        .group
        .as_ref()
        .and_then(|x| ctx.lookup(&ctx.groups, here, x, ("skupinu", "group"), file, d));
    let meeting = r
        .meeting
        .as_ref()
        .and_then(|x| ctx.lookup(&ctx.meetings, here, x, ("jednání", "meeting"), file, d));
    site.documents.push(Document {
        territory: here.and_then(|t| ctx.territories.get(t).copied()),
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        title: v(&r.title),
        kind,
        file: file_ref,
        url,
        published: r.published.as_ref().map(|x| x.value),
        period: crate::czech::date::format_period(&v(&r.period)),
        project,
        group,
        meeting,
        draft: r.draft.as_ref().is_some_and(|x| x.value),
        comments_until: r.comments_until.as_ref().map(|x| x.value),
        comments_to: v(&r.comments_to),
        status,
        body: Body::default(),
    });
}

/// A project: implementer and partners, territories (its own first), output documents, dates.
pub(super) fn project<'a>(
    site: &mut Site,
    ctx: &Ctx,
    at: &At<'a>,
    r: &raw::RawProject,
    d: &mut Diagnostics,
) {
    let file = at.file;
    let here = at.here;
    let path = at.path.clone();
    let lang = ctx.lang;
    let implementer = r.implementer.as_ref().and_then(|x| ctx.org(x, file, d));
    let partners = r
        .partners
        .iter()
        .filter_map(|x| ctx.org(x, file, d))
        .collect();
    let mut territories: Vec<usize> = r
        .territories
        .iter()
        .filter_map(|x| ctx.territory(x, file, d))
        .collect();
    if let Some(t) = here.and_then(|t| ctx.territories.get(t))
        && !territories.contains(t)
    {
        territories.insert(0, *t);
    }
    let output_documents = r
        .output_documents
        .iter()
        .filter_map(|x| ctx.lookup(&ctx.documents, here, x, ("dokument", "document"), file, d))
        .collect();
    if let (Some(s), Some(e)) = (&r.start, &r.end)
        && e.value < s.value
    {
        d.push(
            Diagnostic::error(
                file,
                Some(e.span.clone()),
                tr(
                    lang,
                    "projekt končí dřív, než začal",
                    "the project ends before it starts",
                ),
            )
            .with_hint(tr(
                lang,
                "zkontrolujte `start` a `end`",
                "check `start` and `end`",
            )),
        );
    }
    site.projects.push(Project {
        territory: here.and_then(|t| ctx.territories.get(t).copied()),
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        title: v(&r.title),
        registration: v(&r.registration),
        programme: v(&r.programme),
        funding: list(&r.funding),
        implementer,
        partners,
        start: r.start.as_ref().map(|x| x.value),
        end: r.end.as_ref().map(|x| x.value),
        budget: r.budget.as_ref().map(|x| x.value),
        territories,
        goals: list(&r.goals),
        activities: list(&r.activities),
        outputs: list(&r.outputs),
        output_documents,
        body: Body::default(),
        documents: Vec::new(),
    });
}

/// A news item: territory and date.
pub(super) fn news(site: &mut Site, at: &At, r: &raw::RawNews) {
    let file = at.file;
    let tid = at.tid;
    let path = at.path.clone();
    site.news.push(News {
        territory: tid,
        slug: at.slug.clone(),
        path,
        source: file.to_string(),
        title: v(&r.title),
        date: r.date.as_ref().map(|x| x.value).unwrap_or(PartialDate {
            year: 1970,
            month: None,
            day: None,
        }),
        body: Body::default(),
    });
}
