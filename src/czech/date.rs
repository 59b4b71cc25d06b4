//! Partial dates, times and periods in Czech and English wording; owns parsing, validation, ordering and formatting, and must not read the clock, the time zone or the environment.

use std::cmp::Ordering;
use std::fmt;

use super::{Lang, NBSP};

/// Czech month names, nominative ("červen 2019").
const MONTHS_CS_NOM: [&str; 12] = [
    "leden",
    "únor",
    "březen",
    "duben",
    "květen",
    "červen",
    "červenec",
    "srpen",
    "září",
    "říjen",
    "listopad",
    "prosinec",
];

/// Czech month names, genitive ("12. června 2019").
pub(crate) const MONTHS_CS_GEN: [&str; 12] = [
    "ledna",
    "února",
    "března",
    "dubna",
    "května",
    "června",
    "července",
    "srpna",
    "září",
    "října",
    "listopadu",
    "prosince",
];

pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Czech weekday names, Monday first, lower-case.
const WEEKDAYS_CS: [&str; 7] = [
    "pondělí",
    "úterý",
    "středa",
    "čtvrtek",
    "pátek",
    "sobota",
    "neděle",
];

/// Why a date or time was rejected. Each variant carries the input as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DateError {
    /// Not in any accepted shape (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`).
    Format(String),
    /// Year outside 1–9999.
    Year(String),
    /// Month outside 1–12.
    Month(String),
    /// The day does not exist in that month (e.g. 2019-02-29).
    Day(String),
    /// A time that is not `HH:MM` with hour 0–23 and minute 0–59.
    Time(String),
}

impl DateError {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, _) => self.to_string(),
            (Lang::Cs, DateError::Format(s)) => {
                format!("neplatné datum „{s}“, očekává se RRRR-MM-DD, RRRR-MM nebo RRRR")
            }
            (Lang::Cs, DateError::Year(s)) => {
                format!("neplatné datum „{s}“: rok musí být 1–9999")
            }
            (Lang::Cs, DateError::Month(s)) => {
                format!("neplatné datum „{s}“: měsíc musí být 1–12")
            }
            (Lang::Cs, DateError::Day(s)) => {
                format!("neplatné datum „{s}“: takový den v daném měsíci není")
            }
            (Lang::Cs, DateError::Time(s)) => {
                format!("neplatný čas „{s}“, očekává se HH:MM (např. 9:30 nebo 13:00)")
            }
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format(s) => write!(
                f,
                "invalid date \"{s}\", expected YYYY-MM-DD, YYYY-MM or YYYY"
            ),
            DateError::Year(s) => write!(f, "invalid date \"{s}\": year must be 1-9999"),
            DateError::Month(s) => write!(f, "invalid date \"{s}\": month must be 1-12"),
            DateError::Day(s) => write!(f, "invalid date \"{s}\": no such day in that month"),
            DateError::Time(s) => write!(
                f,
                "invalid time \"{s}\", expected HH:MM (e.g. 9:30 or 13:00)"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// How much of a [`PartialDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year ("2019").
    Year,
    /// Year and month ("2019-06").
    Month,
    /// A full calendar day ("2019-06-12").
    Day,
}

/// A date known to year, month or day precision.
///
/// Values built by [`PartialDate::parse`] or [`PartialDate::from_ymd`] are
/// valid calendar dates. The fields are public, so other values can be built
/// by hand; every method stays panic-free on them (a day without a month is
/// treated as year precision, out-of-range numbers are printed as digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Year, 1–9999 when validated.
    pub year: i16,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day of the month, if known (only together with `month`).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses "2019", "2019-06" or "2019-06-12" (surrounding whitespace is
    /// ignored). Month and day are checked against the real calendar,
    /// leap years included.
    pub fn parse(s: &str) -> Result<PartialDate, DateError> {
        let t = s.trim();
        let err = || DateError::Format(s.to_string());
        let mut parts = t.split('-');
        let year = parts.next().ok_or_else(err)?;
        let month = parts.next();
        let day = parts.next();
        if parts.next().is_some() {
            return Err(err());
        }
        let year = digits(year, 4).ok_or_else(err)?;
        let month = match month {
            Some(m) => Some(digits(m, 2).ok_or_else(err)?),
            None => None,
        };
        let day = match day {
            Some(d) => Some(digits(d, 2).ok_or_else(err)?),
            None => None,
        };
        let year = i16::try_from(year).map_err(|_| err())?;
        let month = month.map(u8::try_from).transpose().map_err(|_| err())?;
        let day = day.map(u8::try_from).transpose().map_err(|_| err())?;
        Self::validate(year, month, day, t)
    }

    /// Builds a validated date. `day` requires `month`.
    pub fn from_ymd(
        year: i16,
        month: Option<u8>,
        day: Option<u8>,
    ) -> Result<PartialDate, DateError> {
        let shown = match (month, day) {
            (None, None) => format!("{year:04}"),
            (Some(m), None) => format!("{year:04}-{m:02}"),
            (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
            (None, Some(d)) => format!("{year:04}-??-{d:02}"),
        };
        if month.is_none() && day.is_some() {
            return Err(DateError::Format(shown));
        }
        Self::validate(year, month, day, &shown)
    }

    fn validate(
        year: i16,
        month: Option<u8>,
        day: Option<u8>,
        shown: &str,
    ) -> Result<PartialDate, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(shown.to_string()));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(DateError::Month(shown.to_string()));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
                return Err(DateError::Day(shown.to_string()));
            };
            if jiff::civil::Date::new(year, m, d).is_err() {
                return Err(DateError::Day(shown.to_string()));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            (None, _) => Precision::Year,
        }
    }

    /// True for day precision.
    pub fn is_precise(&self) -> bool {
        self.precision() == Precision::Day
    }

    /// The calendar day, for day precision only (and only when valid).
    pub fn to_civil(&self) -> Option<jiff::civil::Date> {
        let (Some(m), Some(d)) = (self.month, self.day) else {
            return None;
        };
        let m = i8::try_from(m).ok()?;
        let d = i8::try_from(d).ok()?;
        jiff::civil::Date::new(self.year, m, d).ok()
    }

    /// ISO 8601 at the known precision: "2019", "2019-06", "2019-06-12".
    pub fn iso(&self) -> String {
        match (self.precision(), self.month, self.day) {
            (Precision::Day, Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Precision::Month, Some(m), _) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Short form. Czech: "12. 6. 2019" (NBSP after the dots),
    /// "červen 2019" (NBSP), "2019". English: "12 June 2019", "June 2019", "2019".
    pub fn format(&self, lang: Lang) -> String {
        let y = self.year;
        match (self.precision(), self.month, self.day, lang) {
            (Precision::Day, Some(m), Some(d), Lang::Cs) => format!("{d}.{NBSP}{m}.{NBSP}{y}"),
            (Precision::Day, Some(m), Some(d), Lang::En) => {
                format!("{d} {} {y}", month_name(&MONTHS_EN, m))
            }
            (Precision::Month, Some(m), _, Lang::Cs) => {
                format!("{}{NBSP}{y}", month_name(&MONTHS_CS_NOM, m))
            }
            (Precision::Month, Some(m), _, Lang::En) => {
                format!("{} {y}", month_name(&MONTHS_EN, m))
            }
            _ => y.to_string(),
        }
    }

    /// Long form. Czech day precision: "12. června 2019" (genitive month,
    /// NBSP); English "12 June 2019". Other precisions as [`Self::format`].
    pub fn format_long(&self, lang: Lang) -> String {
        match (self.precision(), self.month, self.day, lang) {
            (Precision::Day, Some(m), Some(d), Lang::Cs) => format!(
                "{d}.{NBSP}{}{NBSP}{}",
                month_name(&MONTHS_CS_GEN, m),
                self.year
            ),
            _ => self.format(lang),
        }
    }
}

impl Ord for PartialDate {
    /// By (year, month or 0, day or 0), so "2019" < "2019-01" < "2019-01-01";
    /// the trailing precision flags only keep `Ord` consistent with `Eq` for
    /// hand-built values such as `month: Some(0)`.
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |p: &PartialDate| {
            (
                p.year,
                p.month.unwrap_or(0),
                p.day.unwrap_or(0),
                p.month.is_some(),
                p.day.is_some(),
            )
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn month_name(table: &[&'static str; 12], m: u8) -> String {
    usize::from(m)
        .checked_sub(1)
        .and_then(|i| table.get(i))
        .map_or_else(|| m.to_string(), |s| (*s).to_string())
}

/// Parses exactly `len` ASCII digits.
fn digits(s: &str, len: usize) -> Option<u32> {
    if s.len() != len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses 1 to `max_len` ASCII digits.
fn digits_upto(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Czech weekday name, lower-case: "středa".
pub fn weekday_cs(date: jiff::civil::Date) -> &'static str {
    let i = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
    WEEKDAYS_CS.get(i).copied().unwrap_or("")
}

/// "9:30", "13:00": hour without a leading zero, minutes with two digits.
pub fn format_time(h: u8, m: u8) -> String {
    format!("{h}:{m:02}")
}

/// Parses "9:30", "09:30", "13:00" into (hour, minute). Rejects "25:00",
/// "9.30", "9:5" and anything else that is not `H:MM` / `HH:MM`.
pub fn parse_time(s: &str) -> Result<(u8, u8), DateError> {
    let err = || DateError::Time(s.to_string());
    let (h, m) = s.trim().split_once(':').ok_or_else(err)?;
    let h = digits_upto(h, 2).ok_or_else(err)?;
    let m = digits(m, 2).ok_or_else(err)?;
    if h > 23 || m > 59 {
        return Err(err());
    }
    let h = u8::try_from(h).map_err(|_| err())?;
    let m = u8::try_from(m).map_err(|_| err())?;
    Ok((h, m))
}

/// Normalises a period of two years to "2019–2021" (en dash, no spaces).
///
/// Accepts a hyphen, a spaced hyphen or an en dash (spaced or not) between the
/// years; a two-digit second year is expanded ("2020 - 22" → "2020–2022",
/// "1998–02" → "1998–2002", at most ten years across a century).
/// The end must be after the start. A bare "2010-12" is left alone because it
/// reads as an ISO year-month; anything else is returned unchanged.
pub fn format_period(s: &str) -> String {
    normalise_period(s).unwrap_or_else(|| s.to_string())
}

fn normalise_period(s: &str) -> Option<String> {
    let t = s.trim();
    let sep = t.chars().find(|&c| c == '-' || c == '–')?;
    let (left, right) = t.split_once(sep)?;
    let spaced = left.ends_with(' ') || right.starts_with(' ');
    let start = digits(left.trim_end_matches(' '), 4)?;
    let right = right.trim_start_matches(' ');
    let end = if let Some(y) = digits(right, 4) {
        y
    } else {
        let yy = digits(right, 2)?;
        if sep == '-' && !spaced {
            return None;
        }
        let same_century = start / 100 * 100 + yy;
        if same_century > start {
            same_century
        } else if same_century + 100 - start <= 10 {
            same_century + 100
        } else {
            return None;
        }
    };
    if end <= start {
        return None;
    }
    Some(format!("{start}–{end}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(year: i16, month: Option<u8>, day: Option<u8>) -> PartialDate {
        PartialDate { year, month, day }
    }

    #[test]
    fn parse_accepts() {
        let rows = [
            ("2019", pd(2019, None, None)),
            ("2019-06", pd(2019, Some(6), None)),
            ("2019-06-12", pd(2019, Some(6), Some(12))),
            ("2019-01-01", pd(2019, Some(1), Some(1))),
            ("2019-12-31", pd(2019, Some(12), Some(31))),
            ("2020-02-29", pd(2020, Some(2), Some(29))),
            ("2000-02-29", pd(2000, Some(2), Some(29))),
            ("2024-02-29", pd(2024, Some(2), Some(29))),
            ("2019-02-28", pd(2019, Some(2), Some(28))),
            ("2019-04-30", pd(2019, Some(4), Some(30))),
            ("0001", pd(1, None, None)),
            ("9999-12-31", pd(9999, Some(12), Some(31))),
            (" 2019-06 ", pd(2019, Some(6), None)),
        ];
        for (input, want) in rows {
            assert_eq!(PartialDate::parse(input), Ok(want), "parse({input:?})");
        }
    }

    #[test]
    fn parse_rejects() {
        use DateError::*;
        type Ctor = fn(String) -> DateError;
        let rows: [(&str, Ctor); 24] = [
            ("", Format),
            ("19", Format),
            ("20190", Format),
            ("2019-6", Format),
            ("2019-06-1", Format),
            ("2019/06/12", Format),
            ("12. 6. 2019", Format),
            ("2019-06-12-01", Format),
            ("2019-", Format),
            ("2019--12", Format),
            ("-2019", Format),
            ("+2019", Format),
            ("２０１９", Format),
            ("2019-06-12T10:00", Format),
            ("abcd", Format),
            ("0000", Year),
            ("2019-00", Month),
            ("2019-13", Month),
            ("2019-00-10", Month),
            ("2019-02-29", Day),
            ("1900-02-29", Day),
            ("2100-02-29", Day),
            ("2019-04-31", Day),
            ("2019-06-00", Day),
        ];
        for (input, variant) in rows {
            assert_eq!(
                PartialDate::parse(input),
                Err(variant(input.to_string())),
                "parse({input:?})"
            );
        }
    }

    #[test]
    fn parse_error_messages() {
        let e = PartialDate::parse("2019-13-45").unwrap_err();
        assert_eq!(
            e.message(Lang::Cs),
            "neplatné datum „2019-13-45“: měsíc musí být 1–12"
        );
        let e = PartialDate::parse("12.6.2019").unwrap_err();
        assert_eq!(
            e.message(Lang::Cs),
            "neplatné datum „12.6.2019“, očekává se RRRR-MM-DD, RRRR-MM nebo RRRR"
        );
        assert_eq!(
            e.to_string(),
            "invalid date \"12.6.2019\", expected YYYY-MM-DD, YYYY-MM or YYYY"
        );
        assert_eq!(e.message(Lang::En), e.to_string());
        let e = PartialDate::parse("2019-02-29").unwrap_err();
        assert!(
            e.message(Lang::Cs)
                .starts_with("neplatné datum „2019-02-29“")
        );
    }

    #[test]
    fn from_ymd_table() {
        assert_eq!(
            PartialDate::from_ymd(2019, Some(6), Some(12)),
            Ok(pd(2019, Some(6), Some(12)))
        );
        assert_eq!(
            PartialDate::from_ymd(2019, Some(6), None),
            Ok(pd(2019, Some(6), None))
        );
        assert_eq!(
            PartialDate::from_ymd(2019, None, None),
            Ok(pd(2019, None, None))
        );
        assert!(matches!(
            PartialDate::from_ymd(2019, None, Some(3)),
            Err(DateError::Format(_))
        ));
        assert!(matches!(
            PartialDate::from_ymd(2019, Some(13), None),
            Err(DateError::Month(_))
        ));
        assert!(matches!(
            PartialDate::from_ymd(2019, Some(0), Some(1)),
            Err(DateError::Month(_))
        ));
        assert!(matches!(
            PartialDate::from_ymd(2019, Some(2), Some(29)),
            Err(DateError::Day(_))
        ));
        assert!(matches!(
            PartialDate::from_ymd(2019, Some(2), Some(255)),
            Err(DateError::Day(_))
        ));
        assert!(PartialDate::from_ymd(2016, Some(2), Some(29)).is_ok());
        assert!(matches!(
            PartialDate::from_ymd(0, None, None),
            Err(DateError::Year(_))
        ));
        assert!(matches!(
            PartialDate::from_ymd(-5, None, None),
            Err(DateError::Year(_))
        ));
        assert!(matches!(
            PartialDate::from_ymd(i16::MAX, None, None),
            Err(DateError::Year(_))
        ));
    }

    #[test]
    fn precision_and_civil() {
        let rows = [
            ("2019", Precision::Year, false, None),
            ("2019-06", Precision::Month, false, None),
            (
                "2019-06-12",
                Precision::Day,
                true,
                Some(jiff::civil::date(2019, 6, 12)),
            ),
            (
                "2020-02-29",
                Precision::Day,
                true,
                Some(jiff::civil::date(2020, 2, 29)),
            ),
        ];
        for (input, prec, precise, civil) in rows {
            let d = PartialDate::parse(input).unwrap();
            assert_eq!(d.precision(), prec, "{input}");
            assert_eq!(d.is_precise(), precise, "{input}");
            assert_eq!(d.to_civil(), civil, "{input}");
        }
        // Hand-built nonsense stays panic-free.
        assert_eq!(pd(2019, None, Some(5)).precision(), Precision::Year);
        assert_eq!(pd(2019, Some(2), Some(30)).to_civil(), None);
        assert_eq!(pd(2019, Some(200), Some(200)).to_civil(), None);
    }

    #[test]
    fn ordering() {
        let sorted = [
            "1999-12-31",
            "2019",
            "2019-01",
            "2019-01-01",
            "2019-01-31",
            "2019-02",
            "2019-02-01",
            "2019-06",
            "2019-06-12",
            "2019-12-31",
            "2020",
            "2020-02-29",
        ];
        let parsed: Vec<PartialDate> = sorted
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        for w in parsed.windows(2) {
            assert!(w[0] < w[1], "{} < {}", w[0].iso(), w[1].iso());
        }
        let mut shuffled = parsed.clone();
        shuffled.reverse();
        shuffled.swap(0, 5);
        shuffled.sort();
        assert_eq!(shuffled, parsed);
        let a = PartialDate::parse("2019-06").unwrap();
        assert_eq!(a.cmp(&a), Ordering::Equal);
        // Ord stays consistent with Eq on hand-built values.
        assert_ne!(
            pd(2019, Some(0), None).cmp(&pd(2019, None, None)),
            Ordering::Equal
        );
    }

    #[test]
    fn iso_roundtrip() {
        for s in ["2019", "2019-06", "2019-06-12", "0999-01-05", "2020-02-29"] {
            assert_eq!(PartialDate::parse(s).unwrap().iso(), s);
        }
        assert_eq!(pd(2019, None, Some(4)).iso(), "2019");
    }

    #[test]
    fn format_table() {
        let rows = [
            ("2019-06-12", "12.\u{a0}6.\u{a0}2019", "12 June 2019"),
            ("2019-01-01", "1.\u{a0}1.\u{a0}2019", "1 January 2019"),
            ("2020-02-29", "29.\u{a0}2.\u{a0}2020", "29 February 2020"),
            ("2019-12-31", "31.\u{a0}12.\u{a0}2019", "31 December 2019"),
            ("2019-06", "červen\u{a0}2019", "June 2019"),
            ("2019-01", "leden\u{a0}2019", "January 2019"),
            ("2019-07", "červenec\u{a0}2019", "July 2019"),
            ("2019-09", "září\u{a0}2019", "September 2019"),
            ("2019-12", "prosinec\u{a0}2019", "December 2019"),
            ("2019", "2019", "2019"),
        ];
        for (input, cs, en) in rows {
            let d = PartialDate::parse(input).unwrap();
            assert_eq!(d.format(Lang::Cs), cs, "cs {input}");
            assert_eq!(d.format(Lang::En), en, "en {input}");
        }
        // Hand-built out-of-range month prints digits, never panics.
        assert_eq!(pd(2019, Some(13), None).format(Lang::Cs), "13\u{a0}2019");
        assert_eq!(pd(2019, Some(0), None).format(Lang::En), "0 2019");
    }

    #[test]
    fn format_long_table() {
        let rows = [
            ("2019-06-12", "12.\u{a0}června\u{a0}2019", "12 June 2019"),
            ("2019-01-05", "5.\u{a0}ledna\u{a0}2019", "5 January 2019"),
            ("2019-02-14", "14.\u{a0}února\u{a0}2019", "14 February 2019"),
            ("2019-03-01", "1.\u{a0}března\u{a0}2019", "1 March 2019"),
            ("2019-04-01", "1.\u{a0}dubna\u{a0}2019", "1 April 2019"),
            ("2019-05-01", "1.\u{a0}května\u{a0}2019", "1 May 2019"),
            ("2019-07-01", "1.\u{a0}července\u{a0}2019", "1 July 2019"),
            ("2019-08-01", "1.\u{a0}srpna\u{a0}2019", "1 August 2019"),
            ("2019-09-01", "1.\u{a0}září\u{a0}2019", "1 September 2019"),
            ("2019-10-28", "28.\u{a0}října\u{a0}2019", "28 October 2019"),
            (
                "2019-11-17",
                "17.\u{a0}listopadu\u{a0}2019",
                "17 November 2019",
            ),
            (
                "2019-12-24",
                "24.\u{a0}prosince\u{a0}2019",
                "24 December 2019",
            ),
            ("2019-06", "červen\u{a0}2019", "June 2019"),
            ("2019", "2019", "2019"),
        ];
        for (input, cs, en) in rows {
            let d = PartialDate::parse(input).unwrap();
            assert_eq!(d.format_long(Lang::Cs), cs, "cs {input}");
            assert_eq!(d.format_long(Lang::En), en, "en {input}");
        }
    }

    #[test]
    fn weekday_table() {
        let rows = [
            ((2019, 6, 12), "středa"),
            ((2019, 6, 10), "pondělí"),
            ((2019, 6, 11), "úterý"),
            ((2019, 6, 13), "čtvrtek"),
            ((2019, 6, 14), "pátek"),
            ((2019, 6, 15), "sobota"),
            ((2019, 6, 16), "neděle"),
            ((2020, 2, 29), "sobota"),
            ((2000, 1, 1), "sobota"),
        ];
        for ((y, m, d), want) in rows {
            assert_eq!(weekday_cs(jiff::civil::date(y, m, d)), want, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn format_time_table() {
        let rows = [
            ((9, 30), "9:30"),
            ((13, 0), "13:00"),
            ((0, 0), "0:00"),
            ((0, 5), "0:05"),
            ((23, 59), "23:59"),
            ((10, 7), "10:07"),
        ];
        for ((h, m), want) in rows {
            assert_eq!(format_time(h, m), want);
        }
    }

    #[test]
    fn parse_time_table() {
        let ok = [
            ("9:30", (9, 30)),
            ("09:30", (9, 30)),
            ("13:00", (13, 0)),
            ("0:00", (0, 0)),
            ("00:00", (0, 0)),
            ("23:59", (23, 59)),
            (" 8:15 ", (8, 15)),
        ];
        for (input, want) in ok {
            assert_eq!(parse_time(input), Ok(want), "{input:?}");
        }
        let bad = [
            "25:00",
            "24:00",
            "9.30",
            "9:60",
            "9:5",
            "930",
            "",
            ":",
            "9:",
            ":30",
            "009:30",
            "9:300",
            "-1:00",
            "+9:30",
            "9:30:00",
            "a:bc",
            "9 :30",
            "९:३०",
        ];
        for input in bad {
            assert_eq!(
                parse_time(input),
                Err(DateError::Time(input.to_string())),
                "{input:?}"
            );
        }
        let e = parse_time("9.30").unwrap_err();
        assert!(e.to_string().contains("HH:MM"));
        assert!(e.message(Lang::Cs).contains("HH:MM"));
        assert!(e.message(Lang::Cs).starts_with("neplatný čas „9.30“"));
    }

    #[test]
    fn format_period_table() {
        let rows = [
            ("2019-2021", "2019–2021"),
            ("2019 - 2021", "2019–2021"),
            ("2019 -2021", "2019–2021"),
            ("2011 – 2015", "2011–2015"),
            ("2011–2015", "2011–2015"),
            ("2020 - 22", "2020–2022"),
            ("2020–22", "2020–2022"),
            ("2020 – 22", "2020–2022"),
            ("1998 - 02", "1998–2002"),
            (" 2019-2021 ", "2019–2021"),
            // Left unchanged:
            ("2019-06", "2019-06"),
            ("2010-12", "2010-12"),
            ("2019 - 06", "2019 - 06"),
            ("2021-2019", "2021-2019"),
            ("2019-2019", "2019-2019"),
            ("2019", "2019"),
            ("2019-06-12", "2019-06-12"),
            ("2019—2021", "2019—2021"),
            ("od 2019 do 2021", "od 2019 do 2021"),
            ("2019-2021 (plán)", "2019-2021 (plán)"),
            ("19-21", "19-21"),
            ("", ""),
            ("–", "–"),
            ("2019 - 2", "2019 - 2"),
        ];
        for (input, want) in rows {
            assert_eq!(format_period(input), want, "format_period({input:?})");
        }
    }
}
