//! Diagnostics: every problem found in a site, as data (file, byte span, message, hint).
//! Stages push into a [`Diagnostics`] list and go on; nothing here stops at the first error.
//! Rendering (rustc-style snippets) happens only at the edge, against the file's own text, so
//! lines and columns are always counted from the file's first line, past the `+++` fence.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: where it is, what is wrong, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators (`content/jh/jednani/rs-01.md`).
    pub file: String,
    /// Byte range in the whole file; `None` when the problem concerns the file as a whole.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, span: Option<Range<usize>>, message: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            span,
            message,
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, span: Option<Range<usize>>, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The list every stage appends to, plus the text of each file for rendering.
#[derive(Clone, Default, Debug)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// The language the messages were written in (from config.toml), for labels and summary.
    lang: crate::czech::Lang,
    sources: BTreeMap<String, Arc<str>>,
}

/// "v" or "ve" before a count read aloud in the locative: "ve dvou", "ve třech", "ve čtyřech",
/// "ve dvanácti" … "ve čtrnácti", "ve dvaceti" … "ve čtyřiceti", "ve stu", "ve dvou stech",
/// but "v pěti", "v patnácti", "v padesáti", "v pěti stech", "v tisíci". Only the first spoken
/// word counts; the rule is the one `czech::preposition` follows for z/ze (clusters dv, tř, čt
/// and st are vocalised).
fn v_before_count(n: usize) -> &'static str {
    match n {
        2..=4 | 12..=14 | 20..=49 | 100..=499 => "ve",
        0..=999 => "v",
        1_000..=1_999 => "v",
        1_000_000.. => "v",
        _ => v_before_count(n / 1_000),
    }
}

impl Diagnostics {
    pub fn set_language(&mut self, lang: crate::czech::Lang) {
        self.lang = lang;
    }

    pub fn language(&self) -> crate::czech::Lang {
        self.lang
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
    }

    /// Remember the text of `file` so its diagnostics can show the offending line.
    pub fn add_source(&mut self, file: &str, text: Arc<str>) {
        self.sources.insert(file.to_string(), text);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then position, then message; duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut v = self.items.clone();
        v.sort_by(|a, b| {
            (&a.file, a.span.as_ref().map(|s| s.start), &a.message).cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                &b.message,
            ))
        });
        v.dedup();
        v
    }

    /// Line and column (both from 1) of a diagnostic's start, counted in the whole file.
    pub fn line_col(&self, d: &Diagnostic) -> Option<(usize, usize)> {
        let text = self.sources.get(&d.file)?;
        let start = d.span.as_ref()?.start.min(text.len());
        Some(line_col(text, start))
    }

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

    /// "3 chyby ve 2 souborech" / "3 errors in 2 files".
    pub fn summary(&self, lang: crate::czech::Lang) -> String {
        let errors = self.error_count();
        let files = {
            let mut f: Vec<&str> = self
                .items
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.file.as_str())
                .collect();
            f.sort();
            f.dedup();
            f.len()
        };
        let warnings = self.items.len() - errors;
        match lang {
            crate::czech::Lang::Cs => {
                let n = |k: usize| crate::czech::size::group_thousands(k as u64, ' ');
                let e = match errors {
                    1 => "1 chyba".to_string(),
                    2..=4 => format!("{errors} chyby"),
                    _ => format!("{} chyb", n(errors)),
                };
                let f = match files {
                    1 => "v 1 souboru".to_string(),
                    _ => format!("{} {} souborech", v_before_count(files), n(files)),
                };
                let w = match warnings {
                    0 => String::new(),
                    1 => ", 1 varování".to_string(),
                    _ => format!(", {} varování", n(warnings)),
                };
                if errors == 0 {
                    return w.trim_start_matches(", ").to_string();
                }
                format!("{e} {f}{w}")
            }
            crate::czech::Lang::En => {
                let plural = |n: usize, s: &str| {
                    if n == 1 {
                        format!("1 {s}")
                    } else {
                        let n = crate::czech::size::group_thousands(n as u64, ',');
                        format!("{n} {s}s")
                    }
                };
                let w = if warnings == 0 {
                    String::new()
                } else {
                    format!(", {}", plural(warnings, "warning"))
                };
                if errors == 0 {
                    return w.trim_start_matches(", ").to_string();
                }
                format!(
                    "{} in {}{w}",
                    plural(errors, "error"),
                    plural(files, "file")
                )
            }
        }
    }

    /// One JSON object per line: file, line, column, severity, message, hint. Every
    /// diagnostic is written (no cap: tools read this); positions come from one [`LineIndex`]
    /// per file, walked in the sorted order, so the whole report is linear in the file sizes.
    pub fn render_json(&self) -> String {
        let mut out = String::new();
        let mut index: Option<(&str, LineIndex)> = None;
        let sorted = self.sorted();
        for d in &sorted {
            let pos = match (self.sources.get(&d.file), &d.span) {
                (Some(text), Some(span)) => {
                    if index.as_ref().is_none_or(|(f, _)| *f != d.file) {
                        index = Some((d.file.as_str(), LineIndex::new(text)));
                    }
                    index.as_mut().map(|(_, ix)| ix.line_col(span.start))
                }
                _ => None,
            };
            let (line, column) = match pos {
                Some((l, c)) => (Some(l), Some(c)),
                None => (None, None),
            };
            let obj = serde_json::json!({
                "file": d.file,
                "line": line,
                "column": column,
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": d.message,
                "hint": d.hint,
            });
            out.push_str(&obj.to_string());
            out.push('\n');
        }
        out
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Every diagnostic (sorted, all of them) with its start and end position, if it has one.
    /// One [`LineIndex`] per file, walked in sorted order, as in [`Diagnostics::render_json`].
    fn located(&self) -> Vec<(Diagnostic, Option<Position>)> {
        let mut index: Option<(String, LineIndex)> = None;
        let mut out = Vec::new();
        for d in self.sorted() {
            let pos = match (self.sources.get(&d.file), &d.span) {
                (Some(text), Some(span)) => {
                    if index.as_ref().is_none_or(|(f, _)| *f != d.file) {
                        index = Some((d.file.clone(), LineIndex::new(text)));
                    }
                    index.as_mut().map(|(_, ix)| {
                        let start = ix.line_col(span.start);
                        let end = ix.line_col(span.end.max(span.start));
                        Position { start, end }
                    })
                }
                _ => None,
            };
            out.push((d, pos));
        }
        out
    }

    /// GitHub Actions workflow commands, one `::error …::` or `::warning …::` line per
    /// diagnostic, then the summary line, so a failed `kpss check` in a workflow marks the very
    /// line of each file in the pull request. `prefix` is the site root's path from the
    /// repository root (`web/`, or empty), because GitHub resolves `file=` from there. Every
    /// diagnostic is written (no cap: GitHub itself shows only the first few per step, the log
    /// keeps the rest); the message carries the hint, in the site's language.
    /// Escaping follows GitHub's workflow-command rules (as `@actions/core` does): `%`, CR and
    /// LF in the message; those and `:` and `,` in property values.
    pub fn render_github(&self, lang: crate::czech::Lang, prefix: &str) -> String {
        let mut out = String::new();
        for (d, pos) in self.located() {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut props = vec![("file", format!("{prefix}{}", d.file))];
            if let Some(Position { start, end }) = pos {
                props.push(("line", start.0.to_string()));
                props.push(("col", start.1.to_string()));
                props.push(("endLine", end.0.to_string()));
                props.push(("endColumn", end.1.to_string()));
            }
            props.push((
                "title",
                format!("kpss: {}", severity_word(d.severity, lang)),
            ));
            let props: Vec<String> = props
                .into_iter()
                .map(|(k, v)| format!("{k}={}", escape_property(&v)))
                .collect();
            out.push_str(&format!(
                "::{command} {}::{}\n",
                props.join(","),
                escape_data(&message_with_hint(&d, lang))
            ));
        }
        out.push_str(&self.summary(lang));
        out.push('\n');
        out
    }

    /// A GitLab Code Quality report: a JSON array with one issue per diagnostic
    /// (`description`, `check_name`, `fingerprint`, `severity`, `location.path`,
    /// `location.lines.begin`), for `artifacts: reports: codequality`, so a merge request
    /// shows each problem at its line. `prefix` as in [`Diagnostics::render_github`]. The
    /// fingerprint hashes the path, position and message, so the same problem keeps its
    /// fingerprint from one pipeline to the next (GitLab compares them to tell new problems
    /// from old) and two problems never share one (GitLab would show only the first).
    pub fn render_gitlab(&self, lang: crate::czech::Lang, prefix: &str) -> String {
        let issues: Vec<serde_json::Value> = self
            .located()
            .into_iter()
            .map(|(d, pos)| {
                let path = format!("{prefix}{}", d.file);
                let (line, column) = pos.map_or((1, 1), |p| p.start);
                let description = message_with_hint(&d, lang);
                let (severity, check_name) = match d.severity {
                    Severity::Error => ("major", "kpss/error"),
                    Severity::Warning => ("minor", "kpss/warning"),
                };
                let fingerprint =
                    fingerprint(&[&path, &line.to_string(), &column.to_string(), &d.message]);
                serde_json::json!({
                    "description": description,
                    "check_name": check_name,
                    "fingerprint": fingerprint,
                    "severity": severity,
                    "location": { "path": path, "lines": { "begin": line } },
                })
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&serde_json::Value::Array(issues))
            .unwrap_or_else(|_| "[]".to_string());
        out.push('\n');
        out
    }
}

/// Where a diagnostic starts and ends: (line, column) pairs, both from 1.
#[derive(Clone, Copy)]
struct Position {
    start: (usize, usize),
    end: (usize, usize),
}

/// "chyba" / "error", "varování" / "warning": the word the human report starts a line with.
fn severity_word(s: Severity, lang: crate::czech::Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, crate::czech::Lang::Cs) => "chyba",
        (Severity::Warning, crate::czech::Lang::Cs) => "varování",
        (Severity::Error, crate::czech::Lang::En) => "error",
        (Severity::Warning, crate::czech::Lang::En) => "warning",
    }
}

/// The message with its hint on a second line ("rada: …" / "help: …"), as the human report
/// shows it: an annotation or a Code Quality issue has no field of its own for a hint.
fn message_with_hint(d: &Diagnostic, lang: crate::czech::Lang) -> String {
    match &d.hint {
        Some(h) => {
            let label = match lang {
                crate::czech::Lang::Cs => "rada",
                crate::czech::Lang::En => "help",
            };
            format!("{}\n{label}: {h}", d.message)
        }
        None => d.message.clone(),
    }
}

/// A workflow command's message: `%`, CR and LF would end or corrupt the command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`escape_data`], and `:` and `,`, which separate
/// the properties and end the list.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// 32 hex digits: two 64-bit FNV-1a hashes (different offset bases) of the parts, each part
/// ended by a 0 byte. Written out here, not `std`'s `DefaultHasher`, whose output may change
/// between Rust releases: a fingerprint must stay the same from one kpss to the next.
fn fingerprint(parts: &[&str]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            a = (a ^ u64::from(byte)).wrapping_mul(PRIME);
            b = (b ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    }
    format!("{a:016x}{b:016x}")
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
fn more_line(rest: &[Diagnostic], lang: crate::czech::Lang) -> String {
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

/// Names longer than this (in characters) are never compared. Jaro–Winkler costs about the
/// product of the two lengths, so one 64 KiB broken link compared with each of 10,000 pages
/// took half a minute; no key, slug or file name an editor means is this long, so such a
/// name gets no suggestion and every comparison costs at most a constant.
pub const MAX_COMPARED: usize = 100;

/// Similarity of `wrong_l` (already lowercased, at most [`MAX_COMPARED`] characters) and `k`;
/// `None` when `k` is too long to compare.
fn similarity(wrong_l: &str, k: &str) -> Option<f64> {
    if k.len() > 4 * MAX_COMPARED || k.chars().count() > MAX_COMPARED {
        return None;
    }
    Some(strsim::jaro_winkler(wrong_l, &k.to_lowercase()))
}

/// `wrong` lowercased, or `None` when it is too long to suggest anything for.
fn comparable(wrong: &str) -> Option<String> {
    (wrong.len() <= 4 * MAX_COMPARED && wrong.chars().count() <= MAX_COMPARED)
        .then(|| wrong.to_lowercase())
}

/// The known name closest to `wrong`, for "did you mean" hints.
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_l = comparable(wrong)?;
    known
        .into_iter()
        .filter_map(|k| Some((similarity(&wrong_l, k)?, k)))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// Up to `n` known names closest to `wrong`, best first.
pub fn nearest_n<'a>(
    wrong: &str,
    known: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let Some(wrong_l) = comparable(wrong) else {
        return Vec::new();
    };
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .filter_map(|k| Some((similarity(&wrong_l, k)?, k)))
        .filter(|(score, _)| *score > 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_file_start_and_chars() {
        let t = "+++\ntitle = \"Řída\"\nx = 1\n+++\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 1));
        let x = t.find("x =").unwrap();
        assert_eq!(line_col(t, x), (3, 1));
        // a column after a two-byte letter counts one character for it
        let q = t.find("da").unwrap();
        assert_eq!(line_col(t, q), (2, 12));
    }

    #[test]
    fn line_index_agrees_with_counting_from_the_start() {
        let t = "+++\ntitle = \"Řída\"\nx = 1\n+++\nčř [a](b.md) ž\n\n";
        let mut ix = LineIndex::new(t);
        // in order (the cursor path), then backwards (the binary-search path)
        for o in (0..=t.len() + 3).chain((0..=t.len()).rev()) {
            assert_eq!(ix.line_col(o), line_col(t, o), "offset {o}");
        }
    }

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("50 % a\r\nb: c, d"), "50 %25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn github_and_gitlab_reports_carry_position_and_hint() {
        let mut ds = Diagnostics::default();
        let text: Arc<str> = Arc::from("+++\ntitle = 1\n+++\n");
        ds.add_source("content/a.md", text);
        ds.push(
            Diagnostic::error("content/a.md", Some(12..13), "špatně: 100 %".into())
                .with_hint("napište \"x\""),
        );
        ds.push(Diagnostic::warning("content/b.md", None, "pozor".into()));
        let gh = ds.render_github(crate::czech::Lang::Cs, "web/");
        let lines: Vec<&str> = gh.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=web/content/a.md,line=2,col=9,endLine=2,endColumn=10,title=kpss%3A chyba::špatně: 100 %25%0Arada: napište \"x\"",
                "::warning file=web/content/b.md,title=kpss%3A varování::pozor",
                "1 chyba v 1 souboru, 1 varování",
            ]
        );
        let gl: serde_json::Value =
            serde_json::from_str(&ds.render_gitlab(crate::czech::Lang::Cs, "")).unwrap();
        let gl = gl.as_array().unwrap();
        assert_eq!(gl.len(), 2);
        assert_eq!(gl[0]["location"]["path"], "content/a.md");
        assert_eq!(gl[0]["location"]["lines"]["begin"], 2);
        assert_eq!(gl[0]["severity"], "major");
        assert_eq!(gl[1]["severity"], "minor");
        assert_eq!(gl[1]["location"]["lines"]["begin"], 1);
        assert_ne!(gl[0]["fingerprint"], gl[1]["fingerprint"]);
        assert_eq!(gl[0]["fingerprint"].as_str().unwrap().len(), 32);
    }

    #[test]
    fn fingerprints_are_fixed_values() {
        // A change here changes every fingerprint GitLab has stored: do it knowingly.
        assert_eq!(fingerprint(&[]), "cbf29ce4842223256c62272e07bb0142");
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
    }

    #[test]
    fn more_line_agrees_in_number() {
        let e = |n: usize| vec![Diagnostic::error("f", None, String::new()); n];
        let cs = |n: usize| more_line(&e(n), crate::czech::Lang::Cs);
        assert!(cs(1).starts_with("… a 1 další chyba ("), "{}", cs(1));
        assert!(cs(3).starts_with("… a další 3 chyby ("), "{}", cs(3));
        assert!(
            cs(29_950).starts_with("… a dalších 29 950 chyb ("),
            "{}",
            cs(29_950)
        );
        let en = more_line(&e(29_950), crate::czech::Lang::En);
        assert!(en.starts_with("… and 29,950 more errors ("), "{en}");
        let mut mixed = e(5);
        mixed.push(Diagnostic::warning("f", None, String::new()));
        let m = more_line(&mixed, crate::czech::Lang::Cs);
        assert!(m.starts_with("… a dalších 5 chyb a 1 varování"), "{m}");
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        assert_eq!(nearest("titel", ["title", "date", "kind"]), Some("title"));
        assert_eq!(nearest("zzzzzz", ["title", "date"]), None);
        // too long to compare, either side: no suggestion rather than a slow one
        let long = "title".repeat(30);
        assert_eq!(nearest(&long, ["title"]), None);
        assert!(nearest_n("title", [long.as_str()], 3).is_empty());
    }

    #[test]
    fn v_or_ve_follows_the_spoken_count() {
        for (n, want) in [
            (2, "ve"),
            (3, "ve"),
            (4, "ve"),
            (5, "v"),
            (11, "v"),
            (12, "ve"),
            (14, "ve"),
            (15, "v"),
            (21, "ve"),
            (49, "ve"),
            (50, "v"),
            (99, "v"),
            (100, "ve"),
            (250, "ve"),
            (500, "v"),
            (1_000, "v"),
            (2_000, "ve"),
            (5_000, "v"),
            (13_000, "ve"),
            (120_000, "ve"),
        ] {
            assert_eq!(v_before_count(n), want, "{n}");
        }
    }
}
