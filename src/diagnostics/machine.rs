//! The reports tools read: JSON lines, GitHub workflow commands, a GitLab Code Quality report.
//! Every diagnostic is written (no cap), with positions from one walk per file
//! ([`Diagnostics::located`]).

use super::*;

impl Diagnostics {
    /// One JSON object per line: file, line, column, severity, message, hint. Every
    /// diagnostic is written (no cap: tools read this); positions come from
    /// [`Diagnostics::located`], so the whole report is linear in the file sizes.
    pub fn render_json(&self) -> String {
        let mut out = String::new();
        for (d, pos) in self.located() {
            let (line, column) = match pos {
                Some(p) => (Some(p.start.0), Some(p.start.1)),
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
pub(super) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`escape_data`], and `:` and `,`, which separate
/// the properties and end the list.
pub(super) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// 32 hex digits: two 64-bit FNV-1a hashes (different offset bases) of the parts, each part
/// ended by a 0 byte. Written out here, not `std`'s `DefaultHasher`, whose output may change
/// between Rust releases: a fingerprint must stay the same from one kpss to the next.
pub(super) fn fingerprint(parts: &[&str]) -> String {
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
