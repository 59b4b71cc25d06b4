//! Czech alphabetical ordering (ICU collation, locale cs, compiled data) and the surname-first sort key for people; owns comparison only and must not load data at run time, do I/O or read the environment.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use icu_locale::locale;

/// Academic titles and degrees dropped by [`Collator::person_key`]
/// (compared without regard to case). Any other leading word ending in a
/// dot with at least two letters ("arch.", "et") is treated as a title too.
const TITLES: [&str; 48] = [
    "bc.",
    "bca.",
    "ing.",
    "arch.",
    "mgr.",
    "mga.",
    "mudr.",
    "mddr.",
    "mvdr.",
    "judr.",
    "phdr.",
    "rndr.",
    "pharmdr.",
    "paeddr.",
    "thdr.",
    "thlic.",
    "thmgr.",
    "thbc.",
    "icdr.",
    "rsdr.",
    "rcdr.",
    "dr.",
    "doc.",
    "prof.",
    "dis.",
    "ph.d.",
    "phd.",
    "ph.d",
    "csc.",
    "drsc.",
    "th.d.",
    "dr.h.c.",
    "mba",
    "mpa",
    "ll.m.",
    "llm",
    "msc.",
    "bsc.",
    "ma",
    "ba",
    "dipl.",
    "et",
    "ing.arch.",
    "paedr.",
    "mgr.art.",
    "artd.",
    "dba",
    "emba",
];

fn is_title(word: &str) -> bool {
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return true;
    }
    // "Ph.D." style: letters with inner dots, or a word of 2+ letters ending in '.'.
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.ends_with('.') && letters >= 2
}

/// Czech collator ("ch" after "h", "č" after "c", "ř" after "r", …).
///
/// Built once from ICU compiled data; cheap to share (`Send + Sync`).
#[derive(Debug)]
pub struct Collator {
    /// `None` only if ICU refused the cs locale, which compiled data does
    /// not do; then comparison falls back to lower-cased code points.
    inner: Option<CollatorBorrowed<'static>>,
}

impl Default for Collator {
    fn default() -> Self {
        Self::new()
    }
}

impl Collator {
    /// Czech collator with default (tertiary) strength.
    pub fn new() -> Collator {
        let prefs = CollatorPreferences::from(&locale!("cs"));
        let inner = CollatorBorrowed::try_new(prefs, CollatorOptions::default()).ok();
        Collator { inner }
    }

    /// Czech ordering of two strings.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.inner {
            Some(c) => c.compare(a, b),
            None => a
                .to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| a.cmp(b)),
        }
    }

    /// Stable sort of `items` by the Czech ordering of `key(item)`.
    pub fn sort_by_key<T>(&self, items: &mut [T], key: impl Fn(&T) -> &str) {
        items.sort_by(|a, b| self.compare(key(a), key(b)));
    }

    /// Sort key "Surname Given names" for a person's display name:
    /// "Mgr. Jaroslava Sedláková, Ph.D." → "Sedláková Jaroslava".
    ///
    /// Drops everything from the first comma, academic titles before and
    /// after the name, and takes the last remaining word as the surname.
    /// A name with nothing left after that is returned trimmed.
    pub fn person_key(name: &str) -> String {
        let head = name.split(',').next().unwrap_or(name);
        let words: Vec<&str> = head.split_whitespace().collect();
        let mut start = 0;
        while let Some(w) = words.get(start) {
            if is_title(w) {
                start += 1;
            } else {
                break;
            }
        }
        let mut end = words.len();
        while end > start {
            match words.get(end - 1) {
                Some(w) if is_title(w) => end -= 1,
                _ => break,
            }
        }
        let kept = words.get(start..end).unwrap_or(&[]);
        match kept.split_last() {
            None => name.trim().to_string(),
            Some((surname, [])) => (*surname).to_string(),
            Some((surname, given)) => format!("{surname} {}", given.join(" ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sorted(c: &Collator, list: &[&str]) {
        for w in list.windows(2) {
            assert_eq!(c.compare(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
            assert_eq!(
                c.compare(w[1], w[0]),
                Ordering::Greater,
                "{} > {}",
                w[1],
                w[0]
            );
        }
        let mut shuffled: Vec<&str> = list.iter().rev().copied().collect();
        shuffled.rotate_left(list.len() / 3);
        c.sort_by_key(&mut shuffled, |s| s);
        assert_eq!(shuffled, list);
    }

    #[test]
    fn is_send_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<Collator>();
    }

    #[test]
    fn uses_icu_data() {
        assert!(Collator::new().inner.is_some());
    }

    #[test]
    fn place_names() {
        let c = Collator::new();
        assert_sorted(
            &c,
            &[
                "Cvikov",
                "Čáslav",
                "Česká Lípa",
                "Dobříš",
                "Havlíčkův Brod",
                "Hradec Králové",
                "Cheb",
                "Chomutov",
                "Ivančice",
            ],
        );
        assert_sorted(&c, &["Rakovník", "Říčany"]);
        assert_sorted(&c, &["Svitavy", "Šumperk"]);
        assert_sorted(&c, &["Zlín", "Žatec"]);
        assert_sorted(&c, &["kura", "kúra", "kůra"]);
        assert_sorted(&c, &["Jihlava", "Jindřichův Hradec", "Kolín"]);
        assert_sorted(&c, &["Hustopeče", "Chrudim"]);
        assert_sorted(&c, &["Rumburk", "Řevnice", "Sázava"]);
        assert_eq!(c.compare("Tábor", "Tábor"), Ordering::Equal);
    }

    #[test]
    fn steering_group_sorts_by_surname() {
        let c = Collator::new();
        let mut names = vec![
            "Mgr. Jaroslava Sedláková, Ph.D.",
            "Andrea Šívrová",
            "MVDr. Petr Nekut",
            "Mgr. Zdeňka Šindelářová",
            "Ing. Petra Blížilová",
            "Mgr. Aleš Adamec",
            "Bc. Pavlína Nebeská",
            "PaedDr. Drahomíra Blažková",
            "Mgr. Rudolf Hubinger",
        ];
        let keys: Vec<String> = names.iter().map(|n| Collator::person_key(n)).collect();
        let mut pairs: Vec<(String, &str)> = keys.into_iter().zip(names.iter().copied()).collect();
        c.sort_by_key(&mut pairs, |(k, _)| k.as_str());
        let surnames: Vec<&str> = pairs
            .iter()
            .map(|(k, _)| k.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(
            surnames,
            [
                "Adamec",
                "Blažková",
                "Blížilová",
                "Hubinger",
                "Nebeská",
                "Nekut",
                "Sedláková",
                "Šindelářová",
                "Šívrová"
            ]
        );
        // Same result sorting the display names directly through the key.
        names.sort_by(|a, b| c.compare(&Collator::person_key(a), &Collator::person_key(b)));
        assert_eq!(names.first(), Some(&"Mgr. Aleš Adamec"));
        assert_eq!(names.last(), Some(&"Andrea Šívrová"));
    }

    #[test]
    fn person_key_table() {
        let rows = [
            ("Mgr. Jaroslava Sedláková, Ph.D.", "Sedláková Jaroslava"),
            ("Mgr. Aleš Adamec", "Adamec Aleš"),
            ("Andrea Šívrová", "Šívrová Andrea"),
            ("PaedDr. Drahomíra Blažková", "Blažková Drahomíra"),
            ("Ing. arch. Jan Novák", "Novák Jan"),
            ("prof. MUDr. Eva Malá, CSc.", "Malá Eva"),
            ("doc. Ing. Karel Veselý, Ph.D., MBA", "Veselý Karel"),
            ("Bc. Jana Nová DiS.", "Nová Jana"),
            ("Jana Nová, DiS.", "Nová Jana"),
            ("MgA. BcA. Petr Dvořák", "Dvořák Petr"),
            ("RNDr. Marie Anna Horká", "Horká Marie Anna"),
            ("ThLic. Pavel Černý, Th.D.", "Černý Pavel"),
            ("JUDr. Ivo Král Ph.D.", "Král Ivo"),
            ("J. Novák", "Novák J."),
            ("Novák", "Novák"),
            ("  Petr   Nekut  ", "Nekut Petr"),
            ("Ing.", "Ing."),
            ("", ""),
            (",", ","),
            ("   ", ""),
        ];
        for (input, want) in rows {
            assert_eq!(Collator::person_key(input), want, "person_key({input:?})");
        }
    }

    #[test]
    fn sort_by_key_is_stable() {
        let c = Collator::new();
        let mut items = vec![("b", 1), ("a", 2), ("b", 3), ("a", 4)];
        c.sort_by_key(&mut items, |(k, _)| k);
        assert_eq!(items, [("a", 2), ("a", 4), ("b", 1), ("b", 3)]);
    }
}
