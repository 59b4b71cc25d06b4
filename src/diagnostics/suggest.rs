//! "Did you mean": the nearest known names to a wrong one (Jaro–Winkler), bounded so that a
//! huge wrong value costs a constant per comparison.

/// Names longer than this (in characters) are never compared. Jaro–Winkler costs about the
/// product of the two lengths, so one 64 KiB broken link compared with each of 10,000 pages
/// took half a minute; no key, slug or file name an editor means is this long, so such a
/// name gets no suggestion and every comparison costs at most a constant.
pub const MAX_COMPARED: usize = 100;

/// Similarity of `wrong_l` (already lowercased, at most [`MAX_COMPARED`] characters) and `k`;
/// `None` when `k` is too long to compare.
fn similarity(wrong_l: &str, k: &str) -> Option<f64> {
    if k.len() > 4 * MAX_COMPARED || k.chars().count() > MAX_COMPARED {
        return None;
    }
    Some(strsim::jaro_winkler(wrong_l, &k.to_lowercase()))
}

/// `wrong` lowercased, or `None` when it is too long to suggest anything for.
fn comparable(wrong: &str) -> Option<String> {
    (wrong.len() <= 4 * MAX_COMPARED && wrong.chars().count() <= MAX_COMPARED)
        .then(|| wrong.to_lowercase())
}

/// The known name closest to `wrong`, for "did you mean" hints.
pub fn nearest<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_l = comparable(wrong)?;
    known
        .into_iter()
        .filter_map(|k| Some((similarity(&wrong_l, k)?, k)))
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
    let Some(wrong_l) = comparable(wrong) else {
        return Vec::new();
    };
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .filter_map(|k| Some((similarity(&wrong_l, k)?, k)))
        .filter(|(score, _)| *score > 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, k)| k).collect()
}
