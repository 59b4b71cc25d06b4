//! URL slugs for Czech text; owns `slugify` and `is_valid_slug` and must not do I/O or touch paths on disk.

/// Turns any text into a URL slug matching `^[a-z0-9]+(-[a-z0-9]+)*$`, or
/// an empty string when nothing usable is left.
///
/// "§" becomes "paragraf" and "%" becomes "procent" before transliteration,
/// so "§ 5 odst. 2" gives "paragraf-5-odst-2". Idempotent.
pub fn slugify(s: &str) -> String {
    let mut pre = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '§' => pre.push_str(" paragraf "),
            '%' => pre.push_str(" procent "),
            _ => pre.push(c),
        }
    }
    let raw = ::slug::slugify(&pre);
    // Belt and braces: the crate promises this shape already; enforce it.
    let mut out = String::with_capacity(raw.len());
    let mut pending_dash = false;
    for c in raw.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// True when `s` is non-empty, uses only `a-z`, `0-9` and single hyphens, and
/// neither starts nor ends with a hyphen.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_table() {
        let rows = [
            ("Jindřichův Hradec", "jindrichuv-hradec"),
            ("Senioři", "seniori"),
            ("Řídicí skupina", "ridici-skupina"),
            ("§ 5 odst. 2", "paragraf-5-odst-2"),
            ("50 % plochy", "50-procent-plochy"),
            ("50% plochy", "50-procent-plochy"),
            ("§5", "paragraf-5"),
            ("PS Děti", "ps-deti"),
            (
                "Žluťoučký kůň úpěl ďábelské ódy",
                "zlutoucky-kun-upel-dabelske-ody",
            ),
            ("  --Zápis ze 3. jednání--  ", "zapis-ze-3-jednani"),
            (
                "Osoby se zdravotním postižením",
                "osoby-se-zdravotnim-postizenim",
            ),
            ("2019–2021", "2019-2021"),
            ("a_b", "a-b"),
            ("ČESKÁ LÍPA", "ceska-lipa"),
            ("", ""),
            ("   ", ""),
            ("!!!", ""),
            ("—", ""),
            ("seniori", "seniori"),
        ];
        for (input, want) in rows {
            assert_eq!(slugify(input), want, "slugify({input:?})");
        }
    }

    #[test]
    fn slugify_output_is_valid_or_empty_and_idempotent() {
        let inputs = [
            "Jindřichův Hradec",
            "§§ %% §",
            "Ærøskøbing — Straße",
            "日本語",
            "emoji 😀 test",
            "a--b",
            "-a-",
            "x\u{a0}y",
            "Mgr. Jaroslava Sedláková, Ph.D.",
            "\u{0}\u{1f}",
        ];
        for input in inputs {
            let s = slugify(input);
            assert!(s.is_empty() || is_valid_slug(&s), "{input:?} -> {s:?}");
            assert_eq!(slugify(&s), s, "idempotent for {input:?}");
        }
    }

    #[test]
    fn is_valid_slug_table() {
        let rows = [
            ("seniori", true),
            ("jindrichuv-hradec", true),
            ("a", true),
            ("2019-2021", true),
            ("a-b-c-1", true),
            ("Senioři", false),
            ("a--b", false),
            ("-a", false),
            ("a-", false),
            ("", false),
            ("a_b", false),
            ("A", false),
            ("a b", false),
            ("-", false),
            ("a.b", false),
        ];
        for (input, want) in rows {
            assert_eq!(is_valid_slug(input), want, "is_valid_slug({input:?})");
        }
    }
}
