//! Markdown bodies to HTML: CommonMark with tables, footnotes, strikethrough and heading ids,
//! syntax-highlighted code blocks (syntect, CSS classes prefixed `hl-`), link rewriting through
//! a caller's function, and sanitising of raw HTML (ammonia). Pure: no I/O, no site knowledge;
//! what a link means is decided by the caller.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// A rendered body: its HTML and the ids of its headings (for fragment checks).
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub heading_ids: Vec<String>,
}

/// What the caller says about one link destination.
pub enum LinkAction {
    /// Leave it as written.
    Keep,
    /// Write this URL instead.
    Rewrite(String),
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

/// The id a heading gets when the editor wrote none: its text as a slug.
pub fn heading_id(text: &str) -> String {
    let s = crate::czech::slug::slugify(text);
    if s.is_empty() { "oddil".to_string() } else { s }
}

/// Read a body without rendering it: ask `link` about every link and image (as `render`
/// would) and return the heading ids `render` would give. Validation runs this; the HTML is
/// made only when the page is written, so a build never holds every body as HTML.
pub fn scan(body: &str, link: &dyn Fn(&str, Range<usize>) -> LinkAction) -> Vec<String> {
    let mut ids = Vec::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let _ = link(&dest_url, range);
            }
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = in_heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = in_heading.take() {
                    push_unique(&mut ids, id.unwrap_or_else(|| heading_id(&text)));
                }
            }
            _ => {}
        }
    }
    ids
}

/// Only the heading ids of a body, without rendering it.
pub fn heading_ids(body: &str) -> Vec<String> {
    scan(body, &|_, _| LinkAction::Keep)
}

fn push_unique(ids: &mut Vec<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while ids.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    ids.push(candidate.clone());
    candidate
}

fn shift(level: HeadingLevel, by: usize) -> HeadingLevel {
    let n = (level as usize + by).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

fn highlight(lang: &str, code: &str) -> String {
    let ss = syntaxes();
    let Some(syntax) = (!lang.is_empty())
        .then(|| ss.find_syntax_by_token(lang))
        .flatten()
    else {
        let mut out = String::from("<pre><code>");
        pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
        out.push_str("</code></pre>\n");
        return out;
    };
    let mut g = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        ss,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if g.parse_html_for_line_which_includes_newline(line).is_err() {
            let mut out = String::from("<pre><code>");
            pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
            out.push_str("</code></pre>\n");
            return out;
        }
    }
    format!(
        "<pre class=\"code\" data-lang=\"{}\"><code>{}</code></pre>\n",
        crate::czech::slug::slugify(lang),
        g.finalize()
    )
}

fn is_dangerous_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    l.starts_with("javascript:") || l.starts_with("vbscript:") || l.starts_with("data:")
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tags([
                "details",
                "summary",
                "abbr",
                "figure",
                "figcaption",
                "input",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("pre", ["data-lang"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .link_rel(None);
        b
    })
}

/// Render `body`. `link` is asked about every link and image destination together with its
/// byte range in `body`. Raw HTML is sanitised unless `trust_html`.
pub fn render(
    body: &str,
    trust_html: bool,
    link: &dyn Fn(&str, Range<usize>) -> LinkAction,
) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut ids = Vec::new();
    let mut needs_sanitising = false;
    let mut min_level = 7;
    let mut code: Option<(String, String)> = None;
    let mut heading_start: Option<usize> = None;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((lang, text)) = code.as_mut() {
            match ev {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = highlight(lang, text);
                    events.push(Event::Html(CowStr::from(html)));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                min_level = min_level.min(level as usize);
                heading_start = Some(events.len());
                events.push(ev);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading_start.take() {
                    let text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let wanted = id
                            .as_ref()
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| heading_id(&text));
                        *id = Some(CowStr::from(push_unique(&mut ids, wanted)));
                    }
                }
                events.push(ev);
            }
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    if let LinkAction::Rewrite(u) = link(dest_url, range) {
                        *dest_url = CowStr::from(u);
                    }
                    needs_sanitising |= is_dangerous_url(dest_url);
                }
                events.push(Event::Start(tag));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                needs_sanitising = true;
                events.push(ev);
            }
            other => events.push(other),
        }
    }
    // The page title is the only h1: a body that uses `#` headings is moved one level down.
    let by = if min_level == 1 { 1 } else { 0 };
    if by > 0 {
        for ev in events.iter_mut() {
            match ev {
                Event::Start(Tag::Heading { level, .. }) => *level = shift(*level, by),
                Event::End(TagEnd::Heading(level)) => *level = shift(*level, by),
                _ => {}
            }
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if needs_sanitising && !trust_html {
        html = sanitizer().clean(&html).to_string();
    }
    Rendered {
        html,
        heading_ids: ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(_: &str, _: Range<usize>) -> LinkAction {
        LinkAction::Keep
    }

    #[test]
    fn headings_get_ids_and_move_below_the_title() {
        let r = render("# Historie plánování\n\n## Cíle\n\n## Cíle\n", false, &keep);
        assert!(
            r.html.contains("<h2 id=\"historie-planovani\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h3 id=\"cile-1\">"), "{}", r.html);
        assert_eq!(r.heading_ids, ["historie-planovani", "cile", "cile-1"]);
        assert_eq!(
            heading_ids("# Historie plánování\n\n## Cíle\n\n## Cíle\n"),
            r.heading_ids
        );
    }

    #[test]
    fn raw_html_is_sanitised_unless_trusted() {
        let src = "Ahoj <script>alert(1)</script><b onclick=\"x()\">tučně</b>\n\n[x](javascript:alert(1))";
        let r = render(src, false, &keep);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(r.html.contains("<b>tučně</b>"), "{}", r.html);
        let t = render(src, true, &keep);
        assert!(t.html.contains("<script>"));
    }

    #[test]
    fn code_blocks_are_highlighted_with_prefixed_classes() {
        let r = render("```rust\nfn main() {}\n```\n", false, &keep);
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        let plain = render("```nonexistent\n<a>\n```\n", false, &keep);
        assert!(plain.html.contains("&lt;a&gt;"), "{}", plain.html);
    }

    #[test]
    fn links_go_through_the_callers_function_with_their_span() {
        let body = "See [plán](../dokumenty/kp.md#cile).";
        let r = render(body, false, &|dest, range| {
            assert_eq!(dest, "../dokumenty/kp.md#cile");
            assert_eq!(&body[range], "[plán](../dokumenty/kp.md#cile)");
            LinkAction::Rewrite("/jh/dokumenty/kp/#cile".into())
        });
        assert!(
            r.html.contains("href=\"/jh/dokumenty/kp/#cile\""),
            "{}",
            r.html
        );
    }
}
