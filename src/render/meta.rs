//! What a page's `<head>` says about it: the canonical absolute URL, a description of its
//! own (the first sentence of its text, or what it is: "3. jednání PS Děti, 14. 5. 2018,
//! Jindřichův Hradec"), Open Graph, and on a meeting's page schema.org `Event` JSON-LD. Added
//! to every HTML view as `meta`, from the job and the site only. Must not render Markdown to
//! HTML: the first sentence comes from the parser's text events of the first paragraph.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::{Value, json};

use super::context::RenderCtx;
use super::outputs::time::rfc3339;
use super::outputs::{Scope, absolute, calendar_file, feed_file};
use super::plan::Job;
use crate::i18n::kind_label_or_empty;

/// The longest description, in characters; a longer first sentence is cut at a word.
const MAX: usize = 200;

/// The first sentence of the first paragraph of a Markdown body, plain text; `None` for a
/// body without a paragraph.
pub fn first_sentence(markdown: &str) -> Option<String> {
    let mut text = String::new();
    let mut inside = false;
    for e in Parser::new(markdown) {
        match e {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
        // A paragraph longer than this is cut anyway; stop reading.
        if text.len() > 8 * MAX {
            break;
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    Some(shorten(cut_sentence(&text)))
}

/// Up to the end of the first sentence: `.`, `!` or `?` before a space and a capital letter,
/// after a word of three letters or more (so "č. 108/2006 Sb. Zákon" and "1. 5. Jednání" do
/// not end a sentence at an abbreviation or an ordinal).
fn cut_sentence(text: &str) -> &str {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in 0..chars.len().saturating_sub(2) {
        let (i, c) = chars[w];
        if !matches!(c, '.' | '!' | '?') || chars[w + 1].1 != ' ' || !chars[w + 2].1.is_uppercase()
        {
            continue;
        }
        let word = text[..i].rsplit(' ').next().unwrap_or("");
        if c != '.' || word.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            return &text[..i + c.len_utf8()];
        }
    }
    text
}

/// At most `MAX` characters and an ellipsis, cut at a word; a shortened text stays as it is.
fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX + 1 {
        return s.to_string();
    }
    let cut: String = s.chars().take(MAX).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

/// What a meeting is: its title, date (and time), and territory.
pub(in crate::render) fn meeting_summary(ctx: &RenderCtx, i: usize) -> String {
    let site = ctx.site;
    let m = &site.meetings[i];
    let mut parts = vec![m.title.clone()];
    if let Some(d) = m.date {
        let mut when = d.format(ctx.lang);
        if let (true, Some((h, mi))) = (d.is_precise(), m.time) {
            when.push_str(&format!(" {}", crate::czech::date::format_time(h, mi)));
        }
        parts.push(when);
    }
    parts.push(site.territories[m.territory].name.clone());
    parts.join(", ")
}

/// The description of a page: its text's first sentence, or what it is.
fn description(ctx: &RenderCtx, job: &Job, title: &str) -> String {
    let site = ctx.site;
    let own = |b: &crate::model::Body| first_sentence(&b.markdown());
    let or = |s: Option<String>, what: String| s.unwrap_or(what);
    let where_ = |t: usize| site.territories[t].name.clone();
    let text = match job {
        Job::Home => or(own(&site.home.body), site.config.description.clone()),
        Job::Meeting(i) => meeting_summary(ctx, *i),
        Job::Territory(i) => {
            let t = &site.territories[*i];
            or(
                own(&t.body),
                format!("{}, {}", t.title, kind_label_or_empty(ctx.lang, t.kind)),
            )
        }
        Job::Group(i) => {
            let g = &site.groups[*i];
            or(
                own(&g.body),
                format!("{}, {}", g.title, where_(g.territory)),
            )
        }
        Job::Document(i) => {
            let d = &site.documents[*i];
            let mut what = format!("{}, {}", d.title, kind_label_or_empty(ctx.lang, d.kind));
            if let Some(t) = d.territory {
                what = format!("{what}, {}", where_(t));
            }
            or(own(&d.body), what)
        }
        Job::Project(i) => or(own(&site.projects[*i].body), title.to_string()),
        Job::Organisation(i) => or(own(&site.organisations[*i].body), title.to_string()),
        Job::News(i) => {
            let n = &site.news[*i];
            or(
                own(&n.body),
                format!("{}, {}", n.title, n.date.format(ctx.lang)),
            )
        }
        Job::Page(i) => or(own(&site.pages[*i].body), title.to_string()),
        _ => format!("{title} – {}", site.config.title),
    };
    shorten(&text)
}

/// schema.org `Event` of a dated meeting, as the text of its `<script type="application/ld+json">`:
/// JSON with `<`, `>`, `&` and `'` written as `\u00XX` escapes, so no title can end the script
/// (as minijinja's `tojson` filter escapes them). Made here once, not taken apart into
/// template values and put together again by the filter on every meeting's page: the
/// templates of a cold build at 10,000 meetings took 2,734 perf samples before, 2,549–2,650
/// after (of ~16,000).
fn event(ctx: &RenderCtx, i: usize, url: &str, description: &str) -> Option<String> {
    let site = ctx.site;
    let m = &site.meetings[i];
    let d = m.date?;
    let start = if d.is_precise() && m.time.is_some() {
        rfc3339(d, m.time)?
    } else {
        d.iso()
    };
    let territory = &site.territories[m.territory].name;
    let place = if m.place.is_empty() {
        territory
    } else {
        &m.place
    };
    let organizer = m.group.map(|g| Named {
        kind: "Organization",
        name: &site.groups[g].title,
        address: None,
    });
    let e = SchemaEvent {
        context: "https://schema.org",
        kind: "Event",
        description,
        attendance: "https://schema.org/OfflineEventAttendanceMode",
        status: "https://schema.org/EventScheduled",
        location: Named {
            kind: "Place",
            name: place,
            address: Some(territory),
        },
        name: &m.title,
        organizer,
        start: &start,
        url,
    };
    Some(script_json(&e))
}

/// schema.org `Event`, its keys in the order of their names (as a JSON object of serde_json
/// holds them).
#[derive(serde::Serialize)]
struct SchemaEvent<'a> {
    #[serde(rename = "@context")]
    context: &'a str,
    #[serde(rename = "@type")]
    kind: &'a str,
    description: &'a str,
    #[serde(rename = "eventAttendanceMode")]
    attendance: &'a str,
    #[serde(rename = "eventStatus")]
    status: &'a str,
    location: Named<'a>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organizer: Option<Named<'a>>,
    #[serde(rename = "startDate")]
    start: &'a str,
    url: &'a str,
}

/// A schema.org `Place` or `Organization`.
#[derive(serde::Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    name: &'a str,
}

/// `v` as JSON that can stand in an HTML `<script>` element: `<`, `>`, `&` and `'` (which JSON
/// holds only inside strings) as `\u00XX` escapes.
fn script_json(v: &impl serde::Serialize) -> String {
    let text = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text.as_str();
    while let Some(at) = rest.find(['<', '>', '&', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => "\\u0027",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// Add `meta` to the view of an HTML page at output `path`.
pub(super) fn add(ctx: &RenderCtx, path: &str, job: &Job, value: &mut Value) {
    let Some(page) = path.strip_suffix("index.html") else {
        return;
    };
    let title = value["title"].as_str().unwrap_or("").to_string();
    let url = absolute(ctx.site, page);
    let description = description(ctx, job, &title);
    let jsonld = match job {
        Job::Meeting(i) => event(ctx, *i, &url, &description),
        _ => None,
    };
    let og_type = match job {
        Job::News(_) | Job::Document(_) => "article",
        _ => "website",
    };
    let site = ctx.site;
    // The calendar a page offers: its group's; a meeting's only when it is in it (dated to
    // the day), that of its group or, for an event of no group, of its territory.
    let calendar = match job {
        Job::Group(g) => Some(Scope::Group(*g)),
        Job::Meetings { territory, .. } => Some(territory.map_or(Scope::Site, Scope::Territory)),
        Job::Meeting(i) => {
            let m = &site.meetings[*i];
            m.date.filter(|d| d.is_precise()).map(|_| match m.group {
                Some(g) => Scope::Group(g),
                None => Scope::Territory(m.territory),
            })
        }
        _ => None,
    };
    let feed = match job {
        Job::Territory(t) => Some(ctx.url(&feed_file(site, Some(*t)))),
        _ => None,
    };
    value["meta"] = json!({
        "canonical": url,
        "description": description,
        "og_type": og_type,
        "jsonld": jsonld,
        "calendar": calendar.map(|s| ctx.url(&calendar_file(site, s))),
        "feed": feed,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_escapes_what_could_end_a_script_and_reads_back_the_same() {
        let name = "</script><!-- Tom & Jerry's \"show\" -->\n";
        let text = script_json(&Named {
            kind: "Place",
            address: None,
            name,
        });
        for raw in ['<', '>', '&', '\''] {
            assert!(!text.contains(raw), "{raw} in {text}");
        }
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, json!({ "@type": "Place", "name": name }));
    }

    #[test]
    fn the_first_sentence_skips_headings_and_abbreviations() {
        assert_eq!(
            first_sentence("# Nadpis\n\nPodle zákona č. 108/2006 Sb. Plán platí. Druhá věta.")
                .as_deref(),
            Some("Podle zákona č. 108/2006 Sb. Plán platí.")
        );
        assert_eq!(
            first_sentence("Jednání se konalo 1. 5. Zápis je níže. Další.").as_deref(),
            Some("Jednání se konalo 1. 5. Zápis je níže.")
        );
        assert_eq!(
            first_sentence("Jen *jedna*\nvěta").as_deref(),
            Some("Jen jedna věta")
        );
        assert_eq!(first_sentence("## Jen nadpis\n"), None);
        let long = "slovo ".repeat(100);
        let s = first_sentence(&long).unwrap();
        assert!(s.chars().count() <= MAX + 1 && s.ends_with('…'), "{s}");
    }
}
