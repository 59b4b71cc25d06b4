//! Front matter: splitting a Markdown file into its `+++` TOML block and body, and reading the
//! TOML exactly as written (the raw layer) with byte spans counted from the file's first byte.
//! A [`Reader`] hands out typed fields and records every problem (wrong type, missing field,
//! unknown key with the nearest known one) instead of stopping at the first. No I/O here.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::czech::Lang;
use crate::czech::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::i18n::tr;

/// A value with the byte span (in the whole file) it was written at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Located { value, span }
    }
}

/// A file cut at its fences: the TOML text and the body, each with its offset in the file.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Cut `text` into front matter and body, or say what is wrong with the fences.
pub fn split<'a>(file: &str, text: &'a str, lang: Lang) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    if rest.trim().is_empty() {
        return Err(Diagnostic::error(
            file,
            None,
            tr(lang, "soubor je prázdný", "the file is empty"),
        )
        .with_hint(tr(
            lang,
            "soubor musí začínat řádkem `+++`, pod ním TOML s poli (např. `title = \"…\"`), pak znovu `+++` a text",
            "a file starts with a line `+++`, then TOML fields (e.g. `title = \"…\"`), another `+++`, then the text",
        )));
    }
    let first_line_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    let first = rest[..first_line_end].trim_end();
    if first == "---" {
        return Err(Diagnostic::error(
            file,
            Some(start..start + 3),
            tr(
                lang,
                "hlavička v YAML (`---`) se nepoužívá",
                "YAML front matter (`---`) is not supported",
            ),
        )
        .with_hint(tr(
            lang,
            "ohraničte hlavičku řádky `+++` a pište ji v TOML: `title = \"…\"` místo `title: …`",
            "fence the front matter with `+++` lines and write it in TOML: `title = \"…\"` instead of `title: …`",
        )));
    }
    if first != "+++" {
        return Err(Diagnostic::error(
            file,
            Some(start..start + first.len().max(1).min(rest.len())),
            tr(
                lang,
                "soubor nezačíná hlavičkou `+++`",
                "the file does not start with front matter `+++`",
            ),
        )
        .with_hint(tr(
            lang,
            "na první řádek napište `+++`, pod něj pole v TOML (např. `title = \"…\"`) a hlavičku uzavřete dalším `+++`",
            "put `+++` on the first line, TOML fields below it (e.g. `title = \"…\"`), and close with another `+++`",
        )));
    }
    let toml_offset = start + first_line_end;
    let mut pos = toml_offset;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i + 1)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == "+++" {
            return Ok(Split {
                toml: &text[toml_offset..pos],
                toml_offset,
                body: &text[end..],
                body_offset: end,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error(
        file,
        Some(start..start + 3),
        tr(
            lang,
            "hlavička `+++` není uzavřena",
            "the front matter `+++` is never closed",
        ),
    )
    .with_hint(tr(
        lang,
        "za poslední pole hlavičky přidejte řádek `+++`",
        "add a line `+++` after the last front matter field",
    )))
}

/// Parse the TOML block; a syntax error becomes a diagnostic at its place in the file.
pub fn parse<'a>(
    file: &str,
    split: &Split<'a>,
    lang: Lang,
) -> Result<Spanned<DeTable<'a>>, Diagnostic> {
    DeTable::parse(split.toml).map_err(|e| {
        let span = e
            .span()
            .map(|s| s.start + split.toml_offset..s.end + split.toml_offset);
        let at = e.span().map(|s| s.start);
        if let Some((message, hint)) =
            at.and_then(|at| crate::source::date_syntax::date_error(split.toml, at, lang))
        {
            return Diagnostic::error(file, span, message).with_hint(hint);
        }
        Diagnostic::error(
            file,
            span,
            match lang {
                Lang::Cs => crate::source::toml_messages::syntax_error(e.message()),
                Lang::En => format!("TOML syntax error: {}", e.message().trim()),
            },
        )
        .with_hint(tr(
            lang,
            "text v uvozovkách (`title = \"Zápis\"`), seznamy v hranatých závorkách (`agenda = [\"a\", \"b\"]`), datum jako 2019-06-12",
            "quote text (`title = \"Minutes\"`), lists in brackets (`agenda = [\"a\", \"b\"]`), dates as 2019-06-12",
        ))
    })
}

/// Typed access to one TOML table; every key read is remembered so [`Reader::finish`] can
/// report the ones nobody asked for as unknown.
pub struct Reader<'t, 'a> {
    file: &'t str,
    offset: usize,
    span: Range<usize>,
    table: &'t DeTable<'a>,
    used: Vec<&'static str>,
    pub lang: Lang,
}

/// What kind of value a field holds, for "wrong type" messages.
fn type_name(v: &DeValue<'_>, lang: Lang) -> &'static str {
    match (v, lang) {
        (DeValue::String(_), Lang::Cs) => "text",
        (DeValue::Integer(_), Lang::Cs) => "celé číslo",
        (DeValue::Float(_), Lang::Cs) => "desetinné číslo",
        (DeValue::Boolean(_), Lang::Cs) => "true/false",
        (DeValue::Datetime(_), Lang::Cs) => "datum",
        (DeValue::Array(_), Lang::Cs) => "seznam",
        (DeValue::Table(_), Lang::Cs) => "tabulka",
        (DeValue::String(_), Lang::En) => "a string",
        (DeValue::Integer(_), Lang::En) => "an integer",
        (DeValue::Float(_), Lang::En) => "a float",
        (DeValue::Boolean(_), Lang::En) => "a boolean",
        (DeValue::Datetime(_), Lang::En) => "a date",
        (DeValue::Array(_), Lang::En) => "a list",
        (DeValue::Table(_), Lang::En) => "a table",
    }
}

impl<'t, 'a> Reader<'t, 'a> {
    /// A reader over the document's top table; `offset` is where the TOML starts in the file.
    pub fn new(file: &'t str, offset: usize, doc: &'t Spanned<DeTable<'a>>, lang: Lang) -> Self {
        let s = doc.span();
        Reader {
            file,
            offset,
            span: s.start + offset..s.end + offset,
            table: doc.get_ref(),
            used: Vec::new(),
            lang,
        }
    }

    fn abs(&self, r: Range<usize>) -> Range<usize> {
        r.start + self.offset..r.end + self.offset
    }

    fn get(&mut self, key: &'static str) -> Option<&'t Spanned<DeValue<'a>>> {
        self.used.push(key);
        self.table.get(key)
    }

    /// Where a missing field would go: the table's own span (its first line).
    pub fn span(&self) -> Range<usize> {
        self.span.start..self.span.start.max(self.span.end.min(self.span.start + 1))
    }

    fn wrong_type(
        &self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        expected: &str,
        example: &str,
        d: &mut Diagnostics,
    ) {
        d.push(
            Diagnostic::error(
                self.file,
                Some(self.abs(v.span())),
                match self.lang {
                    Lang::Cs => format!(
                        "pole `{key}` má být {expected}, je zde {}",
                        type_name(v.get_ref(), self.lang)
                    ),
                    Lang::En => format!(
                        "field `{key}` must be {expected}, found {}",
                        type_name(v.get_ref(), self.lang)
                    ),
                },
            )
            .with_hint(format!("{key} = {example}")),
        );
    }

    /// An integer TOML reads but i64 cannot hold: too large or too small, with the range (a
    /// "wrong type" message would say "must be an integer, found an integer").
    fn out_of_range(
        &self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        kind: &std::num::IntErrorKind,
        d: &mut Diagnostics,
    ) {
        let small = matches!(kind, std::num::IntErrorKind::NegOverflow);
        let message = match (self.lang, small) {
            (Lang::Cs, false) => format!("pole `{key}`: číslo je příliš velké"),
            (Lang::Cs, true) => format!("pole `{key}`: číslo je příliš malé"),
            (Lang::En, false) => format!("field `{key}`: the number is too large"),
            (Lang::En, true) => format!("field `{key}`: the number is too small"),
        };
        let range = tr(
            self.lang,
            " (celé číslo smí být od −9 223 372 036 854 775 808 do 9 223 372 036 854 775 807)",
            " (an integer must be between -9,223,372,036,854,775,808 and 9,223,372,036,854,775,807)",
        );
        d.push(
            Diagnostic::error(self.file, Some(self.abs(v.span())), message + &range)
                .with_hint(format!("{key} = 3")),
        );
    }

    pub fn missing(&self, key: &str, example: &str, d: &mut Diagnostics) {
        d.push(
            Diagnostic::error(
                self.file,
                Some(self.span()),
                match self.lang {
                    Lang::Cs => format!("chybí povinné pole `{key}`"),
                    Lang::En => format!("the required field `{key}` is missing"),
                },
            )
            .with_hint(match self.lang {
                Lang::Cs => format!("doplňte řádek `{key} = {example}`"),
                Lang::En => format!("add the line `{key} = {example}`"),
            }),
        );
    }

    /// Whether the table has `key` at all (for required fields of any type).
    pub fn string_present(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    pub fn string(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<Located<String>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::String(s) => Some(Located::new(s.to_string(), self.abs(v.span()))),
            _ => {
                let exp = tr(self.lang, "text v uvozovkách", "a quoted string");
                self.wrong_type(key, v, &exp, "\"…\"", d);
                None
            }
        }
    }

    pub fn req_string(
        &mut self,
        key: &'static str,
        example: &str,
        d: &mut Diagnostics,
    ) -> Option<Located<String>> {
        let present = self.table.contains_key(key);
        let v = self.string(key, d);
        if !present {
            self.missing(key, example, d);
        }
        v
    }

    pub fn integer(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<Located<i64>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Located::new(n, self.abs(v.span()))),
                Err(e) => {
                    self.out_of_range(key, v, e.kind(), d);
                    None
                }
            },
            _ => {
                let exp = tr(self.lang, "celé číslo", "an integer");
                self.wrong_type(key, v, &exp, "3", d);
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<Located<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Located::new(*b, self.abs(v.span()))),
            _ => {
                self.wrong_type(key, v, "true / false", "true", d);
                None
            }
        }
    }

    /// A date at its precision: a TOML date `2019-06-12`, or a string "2019-06" / "2019".
    pub fn date(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<Located<PartialDate>> {
        let v = self.get(key)?;
        let span = self.abs(v.span());
        let lang = self.lang;
        let bad = |d: &mut Diagnostics, what: &str| {
            d.push(
                Diagnostic::error(
                    self.file,
                    Some(span.clone()),
                    match lang {
                        Lang::Cs => format!("pole `{key}`: neplatné datum {what}"),
                        Lang::En => format!("field `{key}`: invalid date {what}"),
                    },
                )
                .with_hint(tr(
                    lang,
                    "datum pište jako 2019-06-12, nebo jen \"2019-06\" či \"2019\", když den či měsíc nejsou známy",
                    "write a date as 2019-06-12, or \"2019-06\" or \"2019\" when the day or month is unknown",
                )),
            )
        };
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => {
                    match PartialDate::from_ymd(date.year as i16, Some(date.month), Some(date.day))
                    {
                        Ok(p) => Some(Located::new(p, span)),
                        Err(_) => {
                            bad(d, &dt.to_string());
                            None
                        }
                    }
                }
                _ => {
                    bad(
                        d,
                        &format!("`{dt}` ({})", tr(lang, "s časem", "with a time")),
                    );
                    None
                }
            },
            DeValue::String(s) => match PartialDate::parse(s) {
                Ok(p) => Some(Located::new(p, span)),
                Err(_) => {
                    bad(d, &format!("\"{s}\""));
                    None
                }
            },
            _ => {
                let exp = tr(lang, "datum", "a date");
                self.wrong_type(key, v, &exp, "2019-06-12", d);
                None
            }
        }
    }

    /// A list of strings; a single string is refused with a hint to use brackets.
    pub fn strings(
        &mut self,
        key: &'static str,
        d: &mut Diagnostics,
    ) -> Option<Vec<Located<String>>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => {
                            out.push(Located::new(s.to_string(), self.abs(item.span())))
                        }
                        _ => {
                            let exp = tr(self.lang, "seznam textů", "a list of strings");
                            self.wrong_type(key, item, &exp, "[\"…\", \"…\"]", d);
                        }
                    }
                }
                Some(out)
            }
            _ => {
                let exp = tr(self.lang, "seznam textů", "a list of strings");
                self.wrong_type(key, v, &exp, "[\"…\", \"…\"]", d);
                None
            }
        }
    }

    /// A list of integers (`years = [2020, 2021]`); a single integer is refused with a hint to
    /// use brackets, like [`Reader::strings`].
    pub fn integers(
        &mut self,
        key: &'static str,
        d: &mut Diagnostics,
    ) -> Option<Vec<Located<i64>>> {
        let v = self.get(key)?;
        let exp = tr(self.lang, "seznam celých čísel", "a list of integers");
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                            Ok(n) => out.push(Located::new(n, self.abs(item.span()))),
                            Err(e) => self.out_of_range(key, item, e.kind(), d),
                        },
                        _ => self.wrong_type(key, item, &exp, "[2020, 2021]", d),
                    }
                }
                Some(out)
            }
            _ => {
                self.wrong_type(key, v, &exp, "[2020, 2021]", d);
                None
            }
        }
    }

    /// An array of tables (`[[members]]`): one reader per table.
    pub fn tables(&mut self, key: &'static str, d: &mut Diagnostics) -> Vec<Reader<'t, 'a>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push(Reader {
                            file: self.file,
                            offset: self.offset,
                            span: self.abs(item.span()),
                            table: t,
                            used: Vec::new(),
                            lang: self.lang,
                        }),
                        _ => {
                            let exp = tr(self.lang, "tabulka", "a table");
                            let ex = format!("[[{key}]]");
                            self.wrong_type(key, item, &exp, &ex, d);
                        }
                    }
                }
                out
            }
            _ => {
                let exp = tr(self.lang, "pole tabulek", "an array of tables");
                let ex = format!("[[{key}]]");
                self.wrong_type(key, v, &exp, &ex, d);
                Vec::new()
            }
        }
    }

    /// A sub-table (`[build]`).
    pub fn table(&mut self, key: &'static str, d: &mut Diagnostics) -> Option<Reader<'t, 'a>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Reader {
                file: self.file,
                offset: self.offset,
                span: self.abs(v.span()),
                table: t,
                used: Vec::new(),
                lang: self.lang,
            }),
            _ => {
                let exp = tr(self.lang, "tabulka", "a table");
                let ex = format!("[{key}]");
                self.wrong_type(key, v, &exp, &ex, d);
                None
            }
        }
    }

    /// Report every key that no field read asked for, with the nearest known key.
    pub fn finish(self, d: &mut Diagnostics) {
        for (k, v) in self.table.iter() {
            let name = k.get_ref().as_ref();
            if self.used.contains(&name) {
                continue;
            }
            let near = nearest(name, self.used.iter().copied());
            let mut known = self.used.clone();
            known.sort();
            known.dedup();
            let list = known.join(", ");
            let hint = match (near, self.lang) {
                (Some(n), Lang::Cs) => format!("měli jste na mysli `{n}`? Známá pole: {list}"),
                (Some(n), Lang::En) => format!("did you mean `{n}`? Known fields: {list}"),
                (None, Lang::Cs) => format!("známá pole: {list}"),
                (None, Lang::En) => format!("known fields: {list}"),
            };
            let span = k.span();
            let _ = v;
            d.push(
                Diagnostic::error(
                    self.file,
                    Some(self.abs(span)),
                    match self.lang {
                        Lang::Cs => format!("neznámé pole `{name}`"),
                        Lang::En => format!("unknown field `{name}`"),
                    },
                )
                .with_hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Diagnostics, Option<String>) {
        let mut d = Diagnostics::default();
        let s = split("f.md", text, Lang::En).unwrap();
        let doc = parse("f.md", &s, Lang::En).unwrap();
        let mut r = Reader::new("f.md", s.toml_offset, &doc, Lang::En);
        let t = r.req_string("title", "\"x\"", &mut d).map(|l| l.value);
        r.finish(&mut d);
        (d, t)
    }

    #[test]
    fn spans_are_counted_from_the_file_start() {
        let text = "+++\ntitle = \"A\"\ntitel = 1\n+++\nbody";
        let (d, t) = read(text);
        assert_eq!(t.as_deref(), Some("A"));
        let items = d.items();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].message, "unknown field `titel`");
        assert_eq!(
            items[0].span.as_ref().unwrap().start,
            text.find("titel").unwrap()
        );
        assert!(items[0].hint.as_ref().unwrap().contains("`title`"));
    }

    #[test]
    fn fences_are_checked() {
        assert!(
            split("f", "---\ntitle: x\n---\n", Lang::En)
                .unwrap_err()
                .message
                .contains("YAML")
        );
        assert!(
            split("f", "", Lang::En)
                .unwrap_err()
                .message
                .contains("empty")
        );
        assert!(
            split("f", "+++\ntitle = 1\n", Lang::En)
                .unwrap_err()
                .message
                .contains("never closed")
        );
        assert!(
            split("f", "# Hi\n", Lang::En)
                .unwrap_err()
                .message
                .contains("does not start")
        );
        let s = split("f", "+++\na = 1\n+++\nbody\n", Lang::En).unwrap();
        assert_eq!(s.toml, "a = 1\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_offset, 14);
    }

    #[test]
    fn wrong_type_and_missing_field_are_both_reported() {
        let (d, t) = read("+++\ntitle = 5\n+++\n");
        assert_eq!(t, None);
        assert_eq!(d.items().len(), 1);
        assert!(d.items()[0].message.contains("must be a quoted string"));
        let (d, _) = read("+++\n+++\n");
        assert!(d.items()[0].message.contains("`title` is missing"));
    }

    fn syntax_message(text: &str, lang: Lang) -> String {
        let s = split("f.md", text, lang).unwrap();
        parse("f.md", &s, lang).unwrap_err().message
    }

    #[test]
    fn toml_syntax_errors_are_czech_on_a_czech_site_and_english_on_an_english_one() {
        let text = "+++\nplace = MěÚ\n+++\n";
        let cs = syntax_message(text, Lang::Cs);
        assert_eq!(
            cs,
            "chyba v zápisu TOML: text musí být v uvozovkách; očekáváno: text v apostrofech"
        );
        let en = syntax_message(text, Lang::En);
        assert!(
            en.starts_with("TOML syntax error: string values must be quoted"),
            "{en}"
        );
        let dup = syntax_message("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", Lang::Cs);
        assert_eq!(dup, "chyba v zápisu TOML: klíč je zapsán podruhé");
    }

    fn integer_message(value: &str, lang: Lang) -> String {
        let mut d = Diagnostics::default();
        let text = format!("+++\nnumber = {value}\n+++\n");
        let s = split("f.md", &text, lang).unwrap();
        let doc = parse("f.md", &s, lang).unwrap();
        let mut r = Reader::new("f.md", s.toml_offset, &doc, lang);
        assert_eq!(r.integer("number", &mut d), None);
        assert_eq!(d.items().len(), 1);
        d.items()[0].message.clone()
    }

    #[test]
    fn an_integer_too_large_says_so_and_gives_the_range() {
        let m = integer_message("99999999999999999999", Lang::Cs);
        assert!(!m.contains("je zde celé číslo"), "{m}");
        assert!(m.contains("příliš velké"), "{m}");
        assert!(m.contains("9 223 372 036 854 775 807"), "{m}");
        let m = integer_message("-99999999999999999999", Lang::Cs);
        assert!(m.contains("příliš malé"), "{m}");
        let m = integer_message("0xFFFFFFFFFFFFFFFFFF", Lang::En);
        assert!(m.contains("too large"), "{m}");
        assert!(m.contains("9,223,372,036,854,775,807"), "{m}");
    }
}
