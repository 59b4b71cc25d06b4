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

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
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

    /// Human-readable report of every diagnostic, rustc style, without colour.
    pub fn render_plain(&self, lang: crate::czech::Lang) -> String {
        let renderer = Renderer::plain();
        let mut out = String::new();
        let sorted = self.sorted();
        for d in &sorted {
            out.push_str(&self.render_one(&renderer, d, lang));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary(lang));
        out.push('\n');
        out
    }

    fn render_one(&self, renderer: &Renderer, d: &Diagnostic, lang: crate::czech::Lang) -> String {
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
        let source = self.sources.get(&d.file);
        let mut elements: Vec<annotate_snippets::Element> = Vec::new();
        match (source, &d.span) {
            (Some(text), Some(span)) => {
                let span = clamp_span(text, span.clone());
                elements.push(
                    Snippet::source(text.as_ref())
                        .line_start(1)
                        .path(d.file.as_str())
                        .annotation(AnnotationKind::Primary.span(span))
                        .into(),
                );
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
                let e = match errors {
                    1 => "1 chyba".to_string(),
                    2..=4 => format!("{errors} chyby"),
                    _ => format!("{errors} chyb"),
                };
                let f = match files {
                    1 => "v 1 souboru".to_string(),
                    _ => format!("{} {files} souborech", v_before_count(files)),
                };
                let w = match warnings {
                    0 => String::new(),
                    1 => ", 1 varování".to_string(),
                    _ => format!(", {warnings} varování"),
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

    /// One JSON object per line: file, line, column, severity, message, hint.
    pub fn render_json(&self) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            let (line, column) = match self.line_col(&d) {
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
}

/// Line and column (from 1; the column counts characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Keep a span inside the text and on character boundaries, so rendering never panics.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = fix(span.start);
    let end = fix(span.end.max(span.start));
    start..end
}

/// The known name closest to `wrong`, for "did you mean" hints.
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_l = wrong.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&wrong_l, &k.to_lowercase()), k))
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
    let wrong_l = wrong.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&wrong_l, &k.to_lowercase()), k))
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
    fn nearest_suggests_close_names_only() {
        assert_eq!(nearest("titel", ["title", "date", "kind"]), Some("title"));
        assert_eq!(nearest("zzzzzz", ["title", "date"]), None);
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
