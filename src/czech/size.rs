//! File sizes, format names and amounts in Czech crowns for download links; owns number wording only and must not stat files or do any other I/O.
//!
//! Units are decimal (powers of 1000: B, kB, MB, GB). That is how Czech
//! guidance for public web sites and file managers on the web state sizes,
//! and what a visitor compares against; binary (KiB, MiB) units are not used.

use super::{Lang, NBSP};

/// Size rounded for display: (whole part, tenths or `None`, unit index).
/// Unit index 0 = B, 1 = kB, 2 = MB, 3 = GB. kB are whole numbers; MB and
/// GB carry one decimal that is `None` when it would be 0.
fn rounded(bytes: u64) -> (u128, Option<u8>, usize) {
    let b = u128::from(bytes);
    if b < 1_000 {
        return (b, None, 0);
    }
    let kb = (b + 500) / 1_000;
    if kb < 1_000 {
        return (kb, None, 1);
    }
    let mb_tenths = (b + 50_000) / 100_000;
    if mb_tenths < 10_000 {
        return split_tenths(mb_tenths, 2);
    }
    split_tenths((b + 50_000_000) / 100_000_000, 3)
}

fn split_tenths(tenths: u128, unit: usize) -> (u128, Option<u8>, usize) {
    let whole = tenths / 10;
    let frac = u8::try_from(tenths % 10).unwrap_or(0);
    (whole, (frac != 0).then_some(frac), unit)
}

fn number(whole: u128, frac: Option<u8>, lang: Lang) -> String {
    let sep = match lang {
        Lang::Cs => ',',
        Lang::En => '.',
    };
    match frac {
        Some(f) => format!("{whole}{sep}{f}"),
        None => whole.to_string(),
    }
}

/// "1,2 MB", "340 kB", "850 B" (Czech: decimal comma) or "1.2 MB" (English),
/// with a no-break space before the unit.
pub fn file_size(bytes: u64, lang: Lang) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let (whole, frac, unit) = rounded(bytes);
    let unit = UNITS.get(unit).copied().unwrap_or("B");
    format!("{}{NBSP}{unit}", number(whole, frac, lang))
}

/// Long form for screen readers: "1,2 megabajtu", "1 kilobajt",
/// "2 kilobajty", "5 kilobajtů", "850 bajtů"; English "1.2 megabytes",
/// "1 kilobyte". Uses an ordinary space.
///
/// Czech agreement: 1 → nominative singular, 2–4 → nominative plural,
/// 0 and 5+ → genitive plural (judged on the whole number, so 22 →
/// "kilobajtů"), a decimal → genitive singular ("1,2 megabajtu").
pub fn file_size_spoken(bytes: u64, lang: Lang) -> String {
    // [singular, plural 2–4, genitive plural, genitive singular]
    const CS: [[&str; 4]; 4] = [
        ["bajt", "bajty", "bajtů", "bajtu"],
        ["kilobajt", "kilobajty", "kilobajtů", "kilobajtu"],
        ["megabajt", "megabajty", "megabajtů", "megabajtu"],
        ["gigabajt", "gigabajty", "gigabajtů", "gigabajtu"],
    ];
    const EN: [[&str; 2]; 4] = [
        ["byte", "bytes"],
        ["kilobyte", "kilobytes"],
        ["megabyte", "megabytes"],
        ["gigabyte", "gigabytes"],
    ];
    let (whole, frac, unit) = rounded(bytes);
    let word = match lang {
        Lang::Cs => {
            let form = match (frac, whole) {
                (Some(_), _) => 3,
                (None, 1) => 0,
                (None, 2..=4) => 1,
                (None, _) => 2,
            };
            CS.get(unit).and_then(|u| u.get(form)).copied()
        }
        Lang::En => {
            let form = usize::from(!(frac.is_none() && whole == 1));
            EN.get(unit).and_then(|u| u.get(form)).copied()
        }
    };
    format!("{} {}", number(whole, frac, lang), word.unwrap_or(""))
}

/// "699 053 Kč": no-break spaces between thousands and before "Kč"
/// (four-digit amounts are grouped too: "1 500 Kč"). Negative amounts use
/// the minus sign U+2212: "−1 500 Kč".
pub fn format_czk(amount: i64) -> String {
    let grouped = group_thousands(amount.unsigned_abs(), NBSP);
    let sign = if amount < 0 { "\u{2212}" } else { "" };
    format!("{sign}{grouped}{NBSP}Kč")
}

/// `n` with its digits in groups of three: `group_thousands(29950, ' ')` → "29 950"
/// (four-digit numbers are grouped too, as Czech typography does: "1 500").
pub fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(s: &str) -> String {
        s.replace(' ', "\u{a0}")
    }

    #[test]
    fn file_size_table() {
        let rows: [(u64, &str, &str); 22] = [
            (0, "0 B", "0 B"),
            (1, "1 B", "1 B"),
            (850, "850 B", "850 B"),
            (999, "999 B", "999 B"),
            (1_000, "1 kB", "1 kB"),
            (1_499, "1 kB", "1 kB"),
            (1_500, "2 kB", "2 kB"),
            (340_000, "340 kB", "340 kB"),
            (340_400, "340 kB", "340 kB"),
            (999_499, "999 kB", "999 kB"),
            (999_500, "1 MB", "1 MB"),
            (1_000_000, "1 MB", "1 MB"),
            (1_200_000, "1,2 MB", "1.2 MB"),
            (1_249_999, "1,2 MB", "1.2 MB"),
            (1_250_000, "1,3 MB", "1.3 MB"),
            (1_040_000, "1 MB", "1 MB"),
            (25_600_000, "25,6 MB", "25.6 MB"),
            (999_949_999, "999,9 MB", "999.9 MB"),
            (999_950_000, "1 GB", "1 GB"),
            (4_700_000_000, "4,7 GB", "4.7 GB"),
            (1_000_000_000_000, "1000 GB", "1000 GB"),
            (u64::MAX, "18446744073,7 GB", "18446744073.7 GB"),
        ];
        for (bytes, cs, en) in rows {
            assert_eq!(file_size(bytes, Lang::Cs), nb(cs), "cs {bytes}");
            assert_eq!(file_size(bytes, Lang::En), nb(en), "en {bytes}");
        }
    }

    #[test]
    fn file_size_spoken_table() {
        let rows: [(u64, &str, &str); 20] = [
            (0, "0 bajtů", "0 bytes"),
            (1, "1 bajt", "1 byte"),
            (2, "2 bajty", "2 bytes"),
            (4, "4 bajty", "4 bytes"),
            (5, "5 bajtů", "5 bytes"),
            (850, "850 bajtů", "850 bytes"),
            (1_000, "1 kilobajt", "1 kilobyte"),
            (2_000, "2 kilobajty", "2 kilobytes"),
            (3_000, "3 kilobajty", "3 kilobytes"),
            (4_000, "4 kilobajty", "4 kilobytes"),
            (5_000, "5 kilobajtů", "5 kilobytes"),
            (22_000, "22 kilobajtů", "22 kilobytes"),
            (340_000, "340 kilobajtů", "340 kilobytes"),
            (1_000_000, "1 megabajt", "1 megabyte"),
            (1_200_000, "1,2 megabajtu", "1.2 megabytes"),
            (3_000_000, "3 megabajty", "3 megabytes"),
            (7_500_000, "7,5 megabajtu", "7.5 megabytes"),
            (12_000_000, "12 megabajtů", "12 megabytes"),
            (1_000_000_000, "1 gigabajt", "1 gigabyte"),
            (2_300_000_000, "2,3 gigabajtu", "2.3 gigabytes"),
        ];
        for (bytes, cs, en) in rows {
            assert_eq!(file_size_spoken(bytes, Lang::Cs), cs, "cs {bytes}");
            assert_eq!(file_size_spoken(bytes, Lang::En), en, "en {bytes}");
        }
        assert!(!file_size_spoken(u64::MAX, Lang::Cs).is_empty());
    }

    #[test]
    fn format_czk_table() {
        let rows = [
            (0, "0 Kč"),
            (5, "5 Kč"),
            (999, "999 Kč"),
            (1_500, "1 500 Kč"),
            (12_345, "12 345 Kč"),
            (699_053, "699 053 Kč"),
            (1_000_000, "1 000 000 Kč"),
            (-1_500, "\u{2212}1 500 Kč"),
            (-7, "\u{2212}7 Kč"),
            (i64::MAX, "9 223 372 036 854 775 807 Kč"),
            (i64::MIN, "\u{2212}9 223 372 036 854 775 808 Kč"),
        ];
        for (amount, want) in rows {
            assert_eq!(format_czk(amount), nb(want), "{amount}");
        }
    }
}
