//! Dates the TOML parser refuses: `date = 2025-13-45`, `date = 2025-02-30` or
//! `date = 17. 3. 2026` are syntax errors to it, reported in its own words ("invalid date",
//! "string values must be quoted") with a hint about quotes. Here the erroneous line is read
//! again at the error's place, and when it writes a date (a date field, or a value that looks
//! like one) the editor is told what is wrong with the date and how to write it. Pure text; no
//! I/O and no knowledge of the model.

use crate::czech::Lang;
use crate::czech::date::{MONTHS_CS_GEN, MONTHS_EN};

/// The front matter and config fields that hold dates (content-format.md; `prepared` and
/// `reviewed` of `[accessibility]`).
pub const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "comments_until",
    "start",
    "end",
    "prepared",
    "reviewed",
];

/// A message and a hint for a syntax error at byte `at` of `toml` when its line writes a date;
/// `None` when it does not (the parser's own message is then the right one).
pub fn date_error(toml: &str, at: usize, lang: Lang) -> Option<(String, String)> {
    let (key, value) = key_and_value(toml, at.min(toml.len()))?;
    let is_date_key = DATE_FIELDS.contains(&key.as_str());
    let generic = match lang {
        Lang::Cs => {
            "datum pište jako 2026-03-17 (rok-měsíc-den), nebo jen \"2026-03\" či \"2026\", když den či měsíc nejsou známy"
        }
        Lang::En => {
            "write a date as 2026-03-17 (year-month-day), or \"2026-03\" or \"2026\" when the day or month is unknown"
        }
    };
    let Some((y, m, d, iso_shape)) = numbers(&value) else {
        if !is_date_key || value.is_empty() {
            return None;
        }
        let message = match lang {
            Lang::Cs => format!("pole `{key}`: „{value}“ není datum"),
            Lang::En => format!("field `{key}`: \"{value}\" is not a date"),
        };
        return Some((message, generic.to_string()));
    };
    if let Some(why) = why_invalid(y, m, d, lang) {
        let message = match lang {
            Lang::Cs => format!("pole `{key}`: neplatné datum {value}: {why}"),
            Lang::En => format!("field `{key}`: invalid date {value}: {why}"),
        };
        return Some((message, generic.to_string()));
    }
    let iso = format!("{y:04}-{m:02}-{d:02}");
    if iso_shape && iso == value {
        // A valid date: the error is about something else on the line.
        return None;
    }
    let message = match lang {
        Lang::Cs => format!("pole `{key}`: datum pište jako {iso} (rok-měsíc-den), ne „{value}“"),
        Lang::En => {
            format!("field `{key}`: write the date as {iso} (year-month-day), not \"{value}\"")
        }
    };
    let hint = match lang {
        Lang::Cs => format!("datum pište jako {iso}: `{key} = {iso}`"),
        Lang::En => format!("write the date as {iso}: `{key} = {iso}`"),
    };
    Some((message, hint))
}

/// The key (its last dotted part) and the value written on the line of byte `at`.
fn key_and_value(toml: &str, at: usize) -> Option<(String, String)> {
    let line_start = toml[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = toml[at..].find('\n').map(|i| at + i).unwrap_or(toml.len());
    let line = &toml[line_start..line_end];
    let pos = at - line_start;
    let eq = line[..pos].rfind('=').or_else(|| line.find('='))?;
    let before = &line[..eq];
    let key_start = before
        .rfind(['{', ',', '[', ']'])
        .map(|i| i + 1)
        .unwrap_or(0);
    let key = before[key_start..].trim();
    let key = key.rsplit('.').next()?.trim().trim_matches(['"', '\'']);
    let after = &line[eq + 1..];
    let value_end = after.find(['#', ',', '}', ']']).unwrap_or(after.len());
    let value = after[..value_end].trim();
    if key.is_empty() {
        return None;
    }
    Some((key.to_string(), value.to_string()))
}

/// Year, month and day of a value that looks like a date: `2025-13-45` (ISO order, the last
/// flag true) or `17. 3. 2026` / `17.3.2026` (Czech order).
fn numbers(value: &str) -> Option<(i64, i64, i64, bool)> {
    let digits = |s: &str| -> Option<i64> {
        let s = s.trim();
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let dash: Vec<&str> = value.split('-').collect();
    if dash.len() == 3 {
        return Some((digits(dash[0])?, digits(dash[1])?, digits(dash[2])?, true));
    }
    let dot: Vec<&str> = value.split('.').collect();
    if dot.len() == 3 && dot[2].trim().len() == 4 {
        return Some((digits(dot[2])?, digits(dot[1])?, digits(dot[0])?, false));
    }
    None
}

/// Why year `y`, month `m`, day `d` is not a date, or `None` when it is one.
fn why_invalid(y: i64, m: i64, d: i64, lang: Lang) -> Option<String> {
    if !(1..=9999).contains(&y) {
        return Some(match lang {
            Lang::Cs => format!("rok {y} nelze použít"),
            Lang::En => format!("the year {y} cannot be used"),
        });
    }
    if !(1..=12).contains(&m) {
        return Some(match lang {
            Lang::Cs => format!("měsíc {m} neexistuje"),
            Lang::En => format!("there is no month {m}"),
        });
    }
    if jiff::civil::Date::new(y as i16, m as i8, d.clamp(0, 99) as i8).is_ok() {
        return None;
    }
    let month = (m - 1) as usize;
    Some(match lang {
        Lang::Cs if d == 0 || d > 31 => format!("den {d} neexistuje"),
        Lang::En if d == 0 || d > 31 => format!("there is no day {d}"),
        Lang::Cs if m == 2 && d == 29 => {
            format!("29. února {y} neexistuje (rok {y} není přestupný)")
        }
        Lang::En if m == 2 && d == 29 => {
            format!("there is no 29 February {y} ({y} is not a leap year)")
        }
        Lang::Cs => format!("{d}. {} neexistuje", MONTHS_CS_GEN[month]),
        Lang::En => format!("there is no {d} {}", MONTHS_EN[month]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Front matter → a part of the Czech message, a part of the hint.
    const CASES: &[(&str, &str, &str)] = &[
        (
            "date = 2025-13-45\n",
            "pole `date`: neplatné datum 2025-13-45: měsíc 13 neexistuje",
            "datum pište jako 2026-03-17",
        ),
        (
            "date = 2025-02-30\n",
            "neplatné datum 2025-02-30: 30. února neexistuje",
            "datum pište jako 2026-03-17",
        ),
        (
            "published = 2025-02-29\n",
            "29. února 2025 neexistuje (rok 2025 není přestupný)",
            "rok-měsíc-den",
        ),
        (
            "end = 2025-04-31\n",
            "31. dubna neexistuje",
            "rok-měsíc-den",
        ),
        ("date = 2025-01-45\n", "den 45 neexistuje", "rok-měsíc-den"),
        (
            "date = 17. 3. 2026\n",
            "datum pište jako 2026-03-17 (rok-měsíc-den), ne „17. 3. 2026“",
            "datum pište jako 2026-03-17: `date = 2026-03-17`",
        ),
        (
            "start = 1.9.2019 # začátek\n",
            "pole `start`: datum pište jako 2019-09-01",
            "`start = 2019-09-01`",
        ),
        (
            "date = 30. 2. 2026\n",
            "neplatné datum 30. 2. 2026: 30. února neexistuje",
            "rok-měsíc-den",
        ),
        (
            "title = \"a\"\nreviewed = 2026-3-7\n",
            "pole `reviewed`: datum pište jako 2026-03-07",
            "`reviewed = 2026-03-07`",
        ),
        (
            "date = zítra\n",
            "pole `date`: „zítra“ není datum",
            "rok-měsíc-den",
        ),
        (
            "x = { date = 2025-13-01 }\n",
            "měsíc 13 neexistuje",
            "rok-měsíc-den",
        ),
    ];

    #[test]
    fn a_date_the_parser_refuses_is_explained_as_a_date() {
        let mut failures = Vec::new();
        for (toml, message, hint) in CASES {
            let err = toml::de::DeTable::parse(toml).expect_err(toml);
            let at = err.span().map(|s| s.start).unwrap_or(0);
            match date_error(toml, at, Lang::Cs) {
                Some((m, h)) if m.contains(message) && h.contains(hint) => {}
                other => failures.push(format!("{toml:?} at {at}: {other:?}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn english_stays_english() {
        let toml = "date = 2025-02-30\n";
        let at = toml::de::DeTable::parse(toml)
            .unwrap_err()
            .span()
            .unwrap()
            .start;
        let (m, h) = date_error(toml, at, Lang::En).unwrap();
        assert_eq!(
            m,
            "field `date`: invalid date 2025-02-30: there is no 30 February"
        );
        assert!(h.starts_with("write a date as 2026-03-17"), "{h}");
    }

    #[test]
    fn other_errors_are_left_to_the_parser() {
        for toml in [
            "title = Zápis\n",
            "number = 03\n",
            "agenda = [\"a\" \"b\"]\n",
            "date = 2025-03-17\nx = y\n",
        ] {
            let at = toml::de::DeTable::parse(toml)
                .unwrap_err()
                .span()
                .map(|s| s.start)
                .unwrap_or(0);
            assert_eq!(date_error(toml, at, Lang::Cs), None, "{toml:?}");
        }
    }
}
