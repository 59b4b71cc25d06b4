//! Diagnostics: every problem found in a site, as data (file, byte span, message, hint).
//! Stages push into a [`Diagnostics`] list and go on; nothing here stops at the first error.
//! Rendering (rustc-style snippets) happens only at the edge, against the file's own text, so
//! lines and columns are always counted from the file's first line, past the `+++` fence.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

mod human;
mod machine;
mod suggest;

pub use human::{LineIndex, SHOWN, line_col};
pub use suggest::{MAX_COMPARED, nearest, nearest_n};

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

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Every diagnostic (sorted, all of them) with its start and end position, if it has one.
    /// One [`LineIndex`] per file, walked in sorted order, so every report is linear in the file
    /// sizes; the JSON, GitHub and GitLab reports all take their positions from here.
    pub(super) fn located(&self) -> Vec<(Diagnostic, Option<Position>)> {
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
}

/// Where a diagnostic starts and ends: (line, column) pairs, both from 1.
#[derive(Clone, Copy)]
pub(super) struct Position {
    pub(super) start: (usize, usize),
    pub(super) end: (usize, usize),
}

#[cfg(test)]
mod tests {
    use super::human::more_line;
    use super::machine::{escape_data, escape_property, fingerprint};
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
