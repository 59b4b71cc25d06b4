//! The human report: rustc-style snippets (annotate-snippets, no colour), at most [`SHOWN`]
//! of them and a line counting the rest. Each diagnostic costs the length of its own lines:
//! line starts are found once per file ([`LineIndex`]), long lines are cut around the span.

use std::collections::BTreeMap;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::*;

impl Diagnostics {
    /// Human-readable report, rustc style, without colour: the first [`SHOWN`] diagnostics
    /// (sorted by file and position), a line saying how many more there are, and the summary,
    /// which counts them all. Each diagnostic costs the length of its own lines, not of its
    /// file: line starts are found once per file.
    pub fn render_plain(&self, lang: crate::czech::Lang) -> String {
        let renderer = Renderer::plain();
        let mut out = String::new();
        let sorted = self.sorted();
        let mut indexes: BTreeMap<&str, LineIndex> = BTreeMap::new();
        for d in sorted.iter().take(SHOWN) {
            let index = self.sources.get(&d.file).map(|text| {
                &*indexes
                    .entry(d.file.as_str())
                    .or_insert_with(|| LineIndex::new(text))
            });
            out.push_str(&render_one(&renderer, d, index, lang));
            out.push_str("\n\n");
        }
        if let Some(rest) = sorted.get(SHOWN..)
            && !rest.is_empty()
        {
            out.push_str(&more_line(rest, lang));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary(lang));
        out.push('\n');
        out
    }
}

/// How many diagnostics the human report prints; the rest are counted in one line. 200 per
/// run, not per file: past that an editor fixes the first ones and runs again, and a report
/// that long is already more than a terminal shows. `--message-format json` writes them all.
pub const SHOWN: usize = 200;

/// A snippet shows at most this many lines of a span (from its first line), so a diagnostic
/// whose span covers a whole long body still prints in the time of a few lines.
const SNIPPET_LINES: usize = 12;

/// Where every line of one text starts, found once, so a diagnostic's line is a binary search
/// instead of a count from the file's start (which made 30,000 diagnostics in one file
/// quadratic). Remembers the last position asked for: in sorted order the column of the next
/// one on the same line is counted from there, so even one huge line stays linear.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last (offset, line, column) returned.
    last: Option<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            last: None,
        }
    }

    /// The line (from 0) holding byte `offset` (clamped to the text).
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset.min(self.text.len()))
            .saturating_sub(1)
    }

    /// Bytes of line `line` (from 0), its newline included.
    fn line_bytes(&self, line: usize) -> Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        start..end
    }

    /// Line and column (both from 1; the column counts characters) of byte `offset`.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(self.text, offset);
        let line = self.line_of(offset);
        let (from, column) = match self.last {
            Some((o, l, c)) if l == line && o <= offset => (o, c),
            _ => (self.starts[line], 1),
        };
        let column = column + self.text[from..offset].chars().count();
        self.last = Some((offset, line, column));
        (line + 1, column)
    }
}

/// The largest character boundary of `text` at or before `i` (clamped to its length).
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One diagnostic, rustc style. Only the lines its span touches (at most [`SNIPPET_LINES`])
/// are handed to annotate-snippets, which would otherwise read the whole file every time.
fn render_one(
    renderer: &Renderer,
    d: &Diagnostic,
    index: Option<&LineIndex>,
    lang: crate::czech::Lang,
) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let (level, help) = match lang {
        crate::czech::Lang::Cs => (
            level.with_name(match d.severity {
                Severity::Error => "chyba",
                Severity::Warning => "varování",
            }),
            Level::HELP.with_name("rada"),
        ),
        crate::czech::Lang::En => (level, Level::HELP),
    };
    let mut elements: Vec<annotate_snippets::Element> = Vec::new();
    match (index, &d.span) {
        (Some(ix), Some(span)) => {
            let span = clamp_span(ix.text, span.clone());
            let first = ix.line_of(span.start);
            let last = ix
                .line_of(span.end.saturating_sub(1).max(span.start))
                .min(first + SNIPPET_LINES - 1);
            let lines = ix.line_bytes(first).start..ix.line_bytes(last).end;
            if lines.len() > LONG_LINE {
                elements.extend(long_line_snippet(ix, &d.file, span, lines));
            } else {
                let local = span.start - lines.start..span.end.min(lines.end) - lines.start;
                elements.push(
                    Snippet::source(&ix.text[lines])
                        .line_start(first + 1)
                        .path(d.file.as_str())
                        .annotation(AnnotationKind::Primary.span(local))
                        .into(),
                );
            }
        }
        _ => elements.push(annotate_snippets::Origin::path(d.file.as_str()).into()),
    }
    if let Some(hint) = &d.hint {
        elements.push(help.message(hint.as_str()).into());
    }
    let group = annotate_snippets::Group::with_title(level.primary_title(d.message.as_str()))
        .elements(elements);
    renderer.render(&[group])
}

/// Lines longer than this (in bytes) are cut around the span before rendering: annotate-snippets
/// measures every character of the lines it gets, so 200 diagnostics on one 180 KB line took
/// seconds.
const LONG_LINE: usize = 2_000;

/// The snippet of a span on long lines: a window of the text around the span's start, with
/// the position counted in the whole file and given as the origin (annotate-snippets would
/// count it in the window).
fn long_line_snippet<'a>(
    ix: &'a LineIndex,
    file: &'a str,
    span: Range<usize>,
    lines: Range<usize>,
) -> [annotate_snippets::Element<'a>; 2] {
    let from = floor_boundary(ix.text, span.start.saturating_sub(60).max(lines.start));
    let to = floor_boundary(ix.text, (span.start + 200).min(lines.end));
    let from = ix.starts[ix.line_of(span.start)].max(from);
    let line = ix.line_of(span.start);
    let column = ix.text[ix.starts[line]..span.start].chars().count() + 1;
    let local = span.start - from..span.end.min(to) - from;
    let window = ix.text[from..to].split('\n').next().unwrap_or("");
    let local = local.start.min(window.len())..local.end.min(window.len());
    [
        annotate_snippets::Origin::path(file)
            .line(line + 1)
            .char_column(column)
            .into(),
        Snippet::source(window)
            .line_start(line + 1)
            .annotation(AnnotationKind::Primary.span(local))
            .into(),
    ]
}

/// "… a dalších 29 950 chyb" for the diagnostics past [`SHOWN`], with Czech number agreement
/// (1 další chyba, 2–4 další chyby, 5 a víc dalších chyb) and where to see them all.
pub(super) fn more_line(rest: &[Diagnostic], lang: crate::czech::Lang) -> String {
    use crate::czech::size::group_thousands;
    let errors = rest
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = rest.len() - errors;
    let n = |k: usize| group_thousands(k as u64, ' ');
    match lang {
        crate::czech::Lang::Cs => {
            let cs = |k: usize, one: &str, few: &str, many: &str| match k {
                1 => format!("1 další {one}"),
                2..=4 => format!("další {k} {few}"),
                _ => format!("dalších {} {many}", n(k)),
            };
            let what = match (errors, warnings) {
                (0, w) => cs(w, "varování", "varování", "varování"),
                (e, 0) => cs(e, "chyba", "chyby", "chyb"),
                (e, w) => format!("{} a {} varování", cs(e, "chyba", "chyby", "chyb"), n(w)),
            };
            format!("… a {what} (všechny vypíše --message-format json)")
        }
        crate::czech::Lang::En => {
            let en = |k: usize, s: &str| {
                let s = if k == 1 {
                    s.to_string()
                } else {
                    format!("{s}s")
                };
                format!("{} more {s}", group_thousands(k as u64, ','))
            };
            let what = match (errors, warnings) {
                (0, w) => en(w, "warning"),
                (e, 0) => en(e, "error"),
                (e, w) => format!("{} and {}", en(e, "error"), en(w, "warning")),
            };
            format!("… and {what} (--message-format json lists them all)")
        }
    }
}

/// Line and column (from 1; the column counts characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Keep a span inside the text and on character boundaries, so rendering never panics.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    floor_boundary(text, span.start)..floor_boundary(text, span.end.max(span.start))
}
