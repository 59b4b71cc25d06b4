//! Czech conventions (dates, prepositions, the genitive of group names, collation, slugs, sizes); owns pure text rules only and must not do I/O, read the clock or the environment.

pub mod collate;
pub mod date;
pub mod genitive;
pub mod preposition;
pub mod size;
pub mod slug;

/// Language of generated wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Czech (the default).
    #[default]
    Cs,
    /// English.
    En,
}

/// NO-BREAK SPACE (U+00A0), used between numbers and units or in dates.
pub(crate) const NBSP: char = '\u{a0}';
