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

use crate::fast::{HashMap, HashSet};

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

/// What [`scan`] found in a body.
#[derive(Debug, Default, Clone)]
pub struct Scanned {
    /// The ids `render` gives the headings, in order.
    pub heading_ids: Vec<String>,
    /// Heading attributes `render` drops: byte range of the heading, the attributes as written.
    pub dropped: Vec<(Range<usize>, Vec<String>)>,
    /// Where the body first nests deeper than [`MAX_NESTING`]; such a body must be refused.
    pub too_deep: Option<TooDeep>,
}

/// A body that nests elements deeper than [`MAX_NESTING`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// Bytes of `body` where the limit was passed.
    pub span: Range<usize>,
    /// Whether raw HTML took it there (else Markdown alone: quotes, lists, links, images).
    pub raw_html: bool,
}

/// Read a body without rendering it: ask `link` about every link and image (as `render`
/// would), return the heading ids `render` would give and the heading attributes it drops, and
/// say whether it nests too deep to be rendered. Validation runs this; the HTML is made only
/// when the page is written, so a build never holds every body as HTML.
pub fn scan(body: &str, link: &dyn Fn(&str, Range<usize>) -> LinkAction) -> Scanned {
    let mut out = Scanned::default();
    let mut ids = HeadingIds::default();
    let mut in_heading: Option<(Option<String>, String)> = None;
    let mut nesting = Nesting::default();
    let mut too_deep = None;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if too_deep.is_none() {
            too_deep = nesting.follow(&ev, body, &range);
        }
        match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let _ = link(&dest_url, range);
            }
            Event::Start(Tag::Heading {
                mut id,
                mut classes,
                mut attrs,
                ..
            }) => {
                let dropped = clean_heading(&mut id, &mut classes, &mut attrs);
                if !dropped.is_empty() {
                    out.dropped.push((range, dropped));
                }
                in_heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = in_heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = in_heading.take() {
                    ids.push_unique(id.unwrap_or_else(|| heading_id(&text)));
                }
            }
            _ => {}
        }
    }
    out.heading_ids = ids.list;
    out.too_deep = too_deep;
    out
}

/// An id or class a heading may keep: letters, digits, `-` and `_`, so it can neither leave
/// its attribute nor confuse a CSS selector or a `#fragment`.
fn is_plain_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Keep only a plain id and plain classes of a heading (`{#id .class}`): any other attribute
/// the heading attributes extension accepts (`onfocus=…`, `style=…`, `tabindex=…`) would reach
/// the page as written. Returns what was dropped, as the editor wrote it.
fn clean_heading(
    id: &mut Option<CowStr<'_>>,
    classes: &mut Vec<CowStr<'_>>,
    attrs: &mut Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
) -> Vec<String> {
    let mut dropped = Vec::new();
    if let Some(i) = id.as_ref()
        && !is_plain_name(i)
    {
        dropped.push(format!("#{i}"));
        *id = None;
    }
    classes.retain(|c| {
        let keep = is_plain_name(c);
        if !keep {
            dropped.push(format!(".{c}"));
        }
        keep
    });
    for (name, value) in attrs.drain(..) {
        dropped.push(match value {
            Some(v) => format!("{name}={v}"),
            None => name.to_string(),
        });
    }
    dropped
}

/// Heading ids given so far. The set and the next free suffix of each id keep a body of
/// 10,000 headings "Bod" linear: searching the list for `bod`, `bod-1`, … was cubic.
#[derive(Default)]
struct HeadingIds {
    list: Vec<String>,
    taken: HashSet<String>,
    /// For each wanted id, the suffix to try next (0: the id itself).
    next: HashMap<String, usize>,
}

impl HeadingIds {
    /// Give `id`, or `id-1`, `id-2`, … when it is taken: the same ids a search from `id`
    /// would give, as every suffix below `next` is taken and ids are never freed.
    fn push_unique(&mut self, id: String) -> String {
        let mut n = self.next.get(&id).copied().unwrap_or(0);
        let name = |n: usize| {
            if n == 0 {
                id.clone()
            } else {
                format!("{id}-{n}")
            }
        };
        let mut candidate = name(n);
        while self.taken.contains(&candidate) {
            n += 1;
            candidate = name(n);
        }
        self.next.insert(id.clone(), n + 1);
        self.taken.insert(candidate.clone());
        self.list.push(candidate.clone());
        candidate
    }
}

/// Deepest nesting of elements a body may produce. html5ever (in ammonia) checks scopes by
/// walking its stack of open elements, so each tag costs the depth: 100,000 nested `<div>`
/// took minutes to sanitise. Browsers' parsers stop nesting at 512 too; no text an editor
/// writes comes near.
pub const MAX_NESTING: usize = 512;

/// HTML elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out: a second `<p>` or `<li>` right after the first
/// closes it (as the HTML parser does) instead of nesting.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "tr", "td", "th", "rt", "rp", "tbody", "thead",
];

/// The nesting depth a body's HTML reaches, followed event by event in time linear in the
/// body: Markdown elements open at this point plus raw HTML elements still open (a tag may
/// be split over several events of an HTML block, so the tag reader keeps its state).
#[derive(Default)]
struct Nesting {
    markdown: usize,
    /// Raw HTML elements open, innermost last; never longer than [`MAX_NESTING`] + 1.
    html: Vec<String>,
    lex: Lex,
}

/// Where the raw HTML reader is: in text, just after `<`, in a tag's name or attributes,
/// in a comment (counting the `-` just read) or in a `<!…>`/`<?…>` declaration.
#[derive(Default)]
enum Lex {
    #[default]
    Text,
    Lt,
    Name {
        close: bool,
        name: String,
    },
    Attrs {
        close: bool,
        name: String,
        quote: Option<u8>,
        slash: bool,
    },
    Bang {
        dashes: u8,
    },
    Comment {
        dashes: u8,
    },
    Decl,
}

impl Nesting {
    /// Take one event; `Some` when it takes the nesting past [`MAX_NESTING`].
    fn follow(&mut self, ev: &Event, body: &str, range: &Range<usize>) -> Option<TooDeep> {
        match ev {
            Event::Start(_) => self.markdown += 1,
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(text) | Event::InlineHtml(text) => {
                let at = self.read_html(text)?;
                // Point at the tag when the event's text is the body's own (it is, but for
                // HTML blocks inside quotes or lists, whose markers are left out).
                let span = if body.get(range.clone()) == Some(text.as_ref()) {
                    range.start + at..range.start + at + 1
                } else {
                    range.clone()
                };
                return Some(TooDeep {
                    span,
                    raw_html: true,
                });
            }
            _ => {}
        }
        (self.markdown > MAX_NESTING).then(|| TooDeep {
            span: range.clone(),
            raw_html: false,
        })
    }

    /// Read raw HTML; `Some(byte offset in text)` of the tag that nests too deep.
    fn read_html(&mut self, text: &str) -> Option<usize> {
        let mut tag_start = 0;
        for (i, b) in text.bytes().enumerate() {
            if matches!(self.lex, Lex::Text) && b == b'<' {
                tag_start = i;
            }
            if let Some((close, name, empty)) = self.lex.step(b) {
                self.tag(close, name, empty);
                if self.markdown + self.html.len() > MAX_NESTING {
                    return Some(tag_start);
                }
            }
        }
        None
    }

    /// A whole tag was read: open or close an element.
    fn tag(&mut self, close: bool, name: String, empty: bool) {
        if close {
            // Close up to the innermost element of that name; a stray end tag closes nothing.
            if let Some(i) = self.html.iter().rposition(|n| *n == name) {
                self.html.truncate(i);
            }
        } else {
            let sibling =
                SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && self.html.last() == Some(&name);
            if !(empty || sibling || VOID.contains(&name.as_str())) {
                self.html.push(name);
            }
        }
    }
}

impl Lex {
    /// Read byte `b`; a tag that ends here comes back as (end tag?, name, `/>`?).
    fn step(&mut self, b: u8) -> Option<(bool, String, bool)> {
        let mut done = None;
        *self = match std::mem::take(self) {
            Lex::Text if b == b'<' => Lex::Lt,
            Lex::Text => Lex::Text,
            Lex::Lt => match b {
                b'/' => Lex::Name {
                    close: true,
                    name: String::new(),
                },
                b'!' => Lex::Bang { dashes: 0 },
                b'?' => Lex::Decl,
                b'<' => Lex::Lt,
                _ if b.is_ascii_alphabetic() => Lex::Name {
                    close: false,
                    name: char::from(b.to_ascii_lowercase()).to_string(),
                },
                _ => Lex::Text,
            },
            Lex::Name { close, mut name } if b.is_ascii_alphanumeric() || b == b'-' => {
                // Names past 32 bytes are no element the sanitiser knows; keep them short.
                if name.len() < 32 {
                    name.push(char::from(b.to_ascii_lowercase()));
                }
                Lex::Name { close, name }
            }
            Lex::Name { close, name } => Lex::Attrs {
                close,
                name,
                quote: None,
                slash: false,
            }
            .after(b, &mut done),
            attrs @ Lex::Attrs { .. } => attrs.after(b, &mut done),
            Lex::Bang { dashes } if b == b'-' && dashes < 2 => {
                if dashes == 1 {
                    Lex::Comment { dashes: 0 }
                } else {
                    Lex::Bang { dashes: 1 }
                }
            }
            Lex::Bang { .. } | Lex::Decl if b == b'>' => Lex::Text,
            Lex::Bang { .. } | Lex::Decl => Lex::Decl,
            Lex::Comment { dashes } => match b {
                b'-' => Lex::Comment {
                    dashes: dashes.saturating_add(1),
                },
                b'>' if dashes >= 2 => Lex::Text,
                _ => Lex::Comment { dashes: 0 },
            },
        };
        done
    }

    /// Inside a tag after its name: quotes, `/` and the closing `>`.
    fn after(self, b: u8, done: &mut Option<(bool, String, bool)>) -> Lex {
        let Lex::Attrs {
            close,
            name,
            quote,
            slash,
        } = self
        else {
            return self;
        };
        let (quote, slash) = match (quote, b) {
            (Some(q), _) if b == q => (None, false),
            (Some(q), _) => (Some(q), false),
            (None, b'"' | b'\'') => (Some(b), false),
            (None, b'>') => {
                *done = Some((close, name, slash));
                return Lex::Text;
            }
            (None, b'/') => (None, true),
            (None, _) if b.is_ascii_whitespace() => (None, slash),
            (None, _) => (None, false),
        };
        Lex::Attrs {
            close,
            name,
            quote,
            slash,
        }
    }
}

/// Whether `body` nests past [`MAX_NESTING`]: looked at only for a body the sanitiser would
/// clean (followed in `render` on every event of every body, `Nesting::follow` had 16–22 of
/// some 16,500 perf samples of a cold build at 10,000 meetings).
fn too_deep(body: &str) -> bool {
    let mut nesting = Nesting::default();
    Parser::new_ext(body, options())
        .into_offset_iter()
        .any(|(ev, range)| nesting.follow(&ev, body, &range).is_some())
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

/// Whether a link or image destination can go out without the sanitiser: no scheme (a path,
/// a `#fragment`, `//host`) or `http`, `https`, `mailto`. Browsers ignore ASCII whitespace and
/// control characters when they read a scheme, so this does too; anything else (`javascript:`,
/// `vbscript:`, `data:`, `tel:`, ...) is left to ammonia's list of schemes.
fn is_plain_url(u: &str) -> bool {
    let seen: String = u
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match seen.find([':', '/', '?', '#']) {
        Some(i) if seen[i..].starts_with(':') => {
            matches!(&seen[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Whether an event of the parser can put something into the HTML that escaping does not make
/// harmless. pulldown-cmark escapes text, titles, alt texts, ids and classes; what it writes
/// as is: raw HTML, and link destinations (escaped, but any scheme). An event not listed here
/// (a future extension) counts as unsafe, so the sanitiser runs.
fn needs_sanitiser(ev: &Event<'_>) -> bool {
    match ev {
        Event::Html(_) | Event::InlineHtml(_) => true,
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            !is_plain_url(dest_url)
        }
        // Headings are cleaned before they get here (`clean_heading`).
        Event::Start(
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough,
        )
        | Event::End(_)
        | Event::Text(_)
        | Event::Code(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::Rule
        | Event::TaskListMarker(_) => false,
        _ => true,
    }
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
            // Table alignment is the only style pulldown-cmark writes.
            .filter_style_properties(["text-align"].into_iter().collect())
            // The schemes kpss lets through elsewhere (front matter URLs), plus phone numbers.
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(None);
        b
    })
}

/// Render `body`. `link` is asked about every link and image destination together with its
/// byte range in `body`. Unless `trust_html`, the HTML goes through ammonia whenever any event
/// could carry markup or a scheme that escaping does not neutralise (`needs_sanitiser`);
/// heading attributes other than a plain id and classes are dropped in any case.
pub fn render(
    body: &str,
    trust_html: bool,
    link: &dyn Fn(&str, Range<usize>) -> LinkAction,
) -> Rendered {
    // Room for one event per 20 bytes of the body, made once (bytes per event: the example
    // site's bodies 22.7 at the 10th percentile, 31.6 median; the benchmark's meetings 33):
    // vectors grown by doubling under `render` (`grow_one`, `finish_grow`) had ~0.6 % of the
    // perf samples of a cold build at 10,000 meetings, this one among them.
    let mut events: Vec<Event> = Vec::with_capacity(body.len() / 20 + 8);
    let mut ids = HeadingIds::default();
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
            Event::Start(Tag::Heading {
                level,
                mut id,
                mut classes,
                mut attrs,
            }) => {
                clean_heading(&mut id, &mut classes, &mut attrs);
                min_level = min_level.min(level as usize);
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
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
                        *id = Some(CowStr::from(ids.push_unique(wanted)));
                    }
                }
                events.push(ev);
            }
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag
                    && let LinkAction::Rewrite(u) = link(dest_url, range)
                {
                    *dest_url = CowStr::from(u);
                }
                let ev = Event::Start(tag);
                needs_sanitising |= needs_sanitiser(&ev);
                events.push(ev);
            }
            other => {
                needs_sanitising |= needs_sanitiser(&other);
                events.push(other);
            }
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
        html = if too_deep(body) {
            // `scan` refuses such a body before any page is written; should one come here
            // anyway, it is shown as text: sanitising it would take minutes.
            let mut text = String::from("<pre>");
            pulldown_cmark_escape::escape_html_body_text(&mut text, body).ok();
            text.push_str("</pre>\n");
            text
        } else {
            sanitizer().clean(&html).to_string()
        };
    }
    Rendered {
        html,
        heading_ids: ids.list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the heading ids of a body, without rendering it.
    fn heading_ids(body: &str) -> Vec<String> {
        scan(body, &|_, _| LinkAction::Keep).heading_ids
    }

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
    fn repeated_headings_get_the_ids_a_search_would_give() {
        let body = "## Bod\n\n## Bod {#bod-1}\n\n## Bod\n\n## Bod-1\n";
        assert_eq!(heading_ids(body), ["bod", "bod-1", "bod-2", "bod-1-1"]);
        let many = "## Bod\n\n".repeat(2000);
        let ids = heading_ids(&many);
        assert_eq!(ids.len(), 2000);
        assert_eq!(ids[1999], "bod-1999");
    }

    fn too_deep(body: &str) -> Option<TooDeep> {
        scan(body, &keep).too_deep
    }

    #[test]
    fn nesting_past_the_limit_is_found_where_it_happens() {
        let body = format!("Úvod\n\n{}x\n", "<div class=\"a>b\">".repeat(600));
        let deep = too_deep(&body).expect("600 nested divs are too deep");
        assert!(deep.raw_html);
        assert!(body[deep.span.start..].starts_with("<div"), "{deep:?}");
        assert!(deep.span.start > "Úvod\n\n".len() + 500 * 10, "{deep:?}");
        let quotes = format!("{}x\n", "> ".repeat(600));
        assert_eq!(too_deep(&quotes).map(|d| d.raw_html), Some(false));
        let images = format!("{}x{}\n", "![".repeat(600), "](a.png)".repeat(600));
        assert_eq!(too_deep(&images).map(|d| d.raw_html), Some(false));
    }

    #[test]
    fn wide_html_is_not_deep() {
        for body in [
            "<div>x</div>\n".repeat(1000),
            format!("<div>\n\n{}\n</div>\n", "<p>odstavec ".repeat(1000)),
            format!("<ul>{}</ul>\n", "<li>a".repeat(1000)),
            "a<br>b<img src=\"x.png\"><span/>c\n".repeat(1000),
            "<!-- <div> -- > <div> -->\n\n".repeat(1000),
            "<div\ntitle=\"x\">a</div\n>\n\n".repeat(1000),
        ] {
            assert_eq!(too_deep(&body), None, "{}", &body[..60]);
        }
    }

    #[test]
    fn a_body_too_deep_is_rendered_as_text_not_sanitised() {
        let body = format!("{}x\n", "<div>".repeat(600));
        let r = render(&body, false, &keep);
        assert!(r.html.starts_with("<pre>&lt;div&gt;"), "{}", &r.html[..40]);
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

    #[test]
    fn heading_attributes_keep_only_a_plain_id_and_classes() {
        let src = "## X {#x .a tabindex=0 autofocus onfocus=alert(1)}\n\n## Y {#y\"z .b'c}\n";
        for trusted in [false, true] {
            let r = render(src, trusted, &keep);
            assert!(
                r.html.contains("<h2 id=\"x\" class=\"a\">X</h2>"),
                "{}",
                r.html
            );
            assert!(!r.html.contains("onfocus"), "{}", r.html);
            assert!(!r.html.contains("tabindex"), "{}", r.html);
            assert!(!r.html.contains("autofocus"), "{}", r.html);
            // a bad id falls back to the slug of the text, a bad class is dropped
            assert!(r.html.contains("<h2 id=\"y\">Y</h2>"), "{}", r.html);
        }
        let s = scan(src, &keep);
        assert_eq!(s.heading_ids, ["x", "y"]);
        let dropped: Vec<&Vec<String>> = s.dropped.iter().map(|(_, d)| d).collect();
        assert_eq!(
            dropped,
            [
                &vec![
                    "tabindex=0".to_string(),
                    "autofocus".into(),
                    "onfocus=alert(1)".into()
                ],
                &vec!["#y\"z".to_string(), ".b'c".into()],
            ]
        );
        assert_eq!(&src[s.dropped[0].0.clone()][..5], "## X ");
    }

    #[test]
    fn only_plain_urls_skip_the_sanitiser() {
        for plain in [
            "https://example.org/",
            "HTTP://example.org",
            "mailto:a@example.org",
            "/jh/",
            "../kp.md#cile",
            "#cile",
            "//example.org/x",
            "a/b:c",
            "?q=a:b",
        ] {
            assert!(is_plain_url(plain), "{plain}");
        }
        for odd in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,x",
            "tel:+420123",
            "x:y",
        ] {
            assert!(!is_plain_url(odd), "{odd:?}");
        }
    }

    #[test]
    fn no_link_image_or_autolink_keeps_a_script_scheme() {
        let src = "[a](javascript:alert(1)) <vbscript:x> ![b](data:image/png;base64,AA \"t\")\n\n\
                   [c][r] ![d][r]\n\n[r]: JAVASCRIPT:alert(1) \"\\\" onclick=\\\"x\"\n";
        let r = render(src, false, &keep);
        let doc = scraper::Html::parse_fragment(&r.html);
        let all = scraper::Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{name} in {}", r.html);
                let v = value.to_ascii_lowercase();
                assert!(
                    !(name == "href" || name == "src") || is_plain_url(&v),
                    "{name}={value} in {}",
                    r.html
                );
            }
        }
    }

    #[test]
    fn table_cells_keep_only_their_alignment_as_style() {
        let r = render(
            "| a |\n|:-:|\n| <td style=\"background:url(x)\">b</td> |\n",
            false,
            &keep,
        );
        assert!(r.html.contains("text-align"), "{}", r.html);
        assert!(!r.html.contains("background"), "{}", r.html);
    }
}
