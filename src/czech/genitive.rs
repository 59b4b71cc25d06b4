//! The genitive of a group's name, for generated titles („12. jednání Řídicí skupiny“): the
//! head noun of the common names of planning groups and the adjectives before it, declined by
//! rule; the words after the head noun stay as written („Pracovní skupiny Senioři“). Pure text
//! rules; a name no rule fits is `None`, never a guess.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Feminine,
    Masculine,
    Neuter,
}

/// Head nouns of group names: nominative, genitive, gender.
const NOUNS: &[(&str, &str, Gender)] = &[
    ("skupina", "skupiny", Gender::Feminine),
    ("podskupina", "podskupiny", Gender::Feminine),
    ("rada", "rady", Gender::Feminine),
    ("komise", "komise", Gender::Feminine),
    ("platforma", "platformy", Gender::Feminine),
    ("síť", "sítě", Gender::Feminine),
    ("tým", "týmu", Gender::Masculine),
    ("výbor", "výboru", Gender::Masculine),
    ("sbor", "sboru", Gender::Masculine),
    ("stůl", "stolu", Gender::Masculine),
    ("fórum", "fóra", Gender::Neuter),
    ("setkání", "setkání", Gender::Neuter),
];

/// `name` (a group's title) in the genitive, or `None` when no rule fits it.
pub fn group_genitive(name: &str) -> Option<String> {
    let name = name.trim();
    let words: Vec<&str> = name.split(' ').collect();
    let head = words.iter().position(|w| noun(w).is_some())?;
    let (genitive, gender) = noun(words[head])?;
    let mut out = Vec::with_capacity(words.len());
    for w in &words[..head] {
        if w.is_empty() {
            out.push(String::new());
            continue;
        }
        out.push(adjective(w, gender)?);
    }
    out.push(with_case_of(words[head], genitive));
    out.extend(words[head + 1..].iter().map(|w| w.to_string()));
    Some(out.join(" "))
}

fn noun(word: &str) -> Option<(&'static str, Gender)> {
    let lower = word.to_lowercase();
    NOUNS
        .iter()
        .find(|(nom, _, _)| *nom == lower)
        .map(|(_, genitive, g)| (*genitive, *g))
}

/// An adjective before the head noun, agreeing with it: soft „pracovní“ (feminine unchanged,
/// otherwise „pracovního“), hard „odborná“ → „odborné“, „kulatý“ → „kulatého“,
/// „krajské“ (neuter) → „krajského“.
fn adjective(word: &str, gender: Gender) -> Option<String> {
    let stem = |suffix: char| word.strip_suffix(suffix);
    let lower_first = word.chars().next().is_some_and(char::is_lowercase);
    let upper_first = word.chars().next().is_some_and(char::is_uppercase);
    if !(lower_first || upper_first) || word.chars().count() < 3 {
        return None;
    }
    match gender {
        Gender::Feminine => {
            if word.ends_with('í') {
                Some(word.to_string())
            } else {
                stem('á').map(|s| format!("{s}é"))
            }
        }
        Gender::Masculine => stem('í')
            .map(|s| format!("{s}ího"))
            .or_else(|| stem('ý').map(|s| format!("{s}ého"))),
        Gender::Neuter => stem('í')
            .map(|s| format!("{s}ího"))
            .or_else(|| stem('é').map(|s| format!("{s}ého"))),
    }
}

/// `genitive` with the first letter's case of `word` („Tým“ → „Týmu“).
fn with_case_of(word: &str, genitive: &str) -> String {
    if word.chars().next().is_some_and(char::is_uppercase) {
        let mut c = genitive.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        genitive.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_group_names_decline() {
        let table = [
            ("Řídicí skupina", "Řídicí skupiny"),
            ("Řídící skupina", "Řídící skupiny"),
            ("Pracovní skupina Senioři", "Pracovní skupiny Senioři"),
            (
                "Pracovní skupina pro seniory",
                "Pracovní skupiny pro seniory",
            ),
            (
                "Koordinační skupina KPSS ORP Kaplice",
                "Koordinační skupiny KPSS ORP Kaplice",
            ),
            ("Krajská pracovní skupina", "Krajské pracovní skupiny"),
            ("Odborná skupina", "Odborné skupiny"),
            ("Skupina", "Skupiny"),
            ("skupina Děti", "skupiny Děti"),
            ("Tým", "Týmu"),
            ("Realizační tým", "Realizačního týmu"),
            ("Manažerský tým projektu", "Manažerského týmu projektu"),
            ("Rada", "Rady"),
            ("Koordinační rada", "Koordinační rady"),
            ("Výbor", "Výboru"),
            ("Řídicí výbor projektu", "Řídicího výboru projektu"),
            ("Komise", "Komise"),
            ("Sociální komise rady města", "Sociální komise rady města"),
            ("Kulatý stůl starostů", "Kulatého stolu starostů"),
            ("Regionální fórum", "Regionálního fóra"),
            ("Komunitní platforma", "Komunitní platformy"),
            ("  Řídicí skupina ", "Řídicí skupiny"),
        ];
        let mut failures = Vec::new();
        for (nom, want) in table {
            let got = group_genitive(nom);
            if got.as_deref() != Some(want) {
                failures.push(format!("{nom:?} → {got:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn names_no_rule_fits_are_not_guessed() {
        for name in [
            "Senioři",
            "PS Děti",
            "Pracovní skupiny KPSS",
            "Lidé z Nové Bystřice",
            "ABC skupina",
            "",
        ] {
            assert_eq!(group_genitive(name), None, "{name:?}");
        }
    }
}
