//! The vocabulary of the content: the allowed values of each kind's `kind` (and a document's
//! `status`) as enums, each listed in `ALL` in the order lists show them. One home: `resolve`
//! parses the front matter's string once (`from_slug`), the model holds the enum, and views
//! write it back as the same string (`slug`).

/// A closed set of front-matter values: what `resolve` checks a field against.
pub trait Vocab: Copy + Eq + 'static {
    /// Every value, in the order lists show them.
    const ALL: &'static [Self];
    /// The value as written in front matter (and in URLs, data files and feeds).
    fn slug(self) -> &'static str;
    /// The value written as `s`, if it is one.
    fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.slug() == s)
    }
}

/// An enum of front-matter values with its slugs, in the order lists show them.
macro_rules! vocab {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($v),+
        }

        impl $name {
            /// Every value, in the order lists show them.
            pub const ALL: &'static [Self] = &[$(Self::$v),+];

            /// The value as written in front matter.
            pub fn slug(self) -> &'static str {
                match self {
                    $(Self::$v => $s),+
                }
            }

            /// The value written as `s`, if it is one.
            pub fn from_slug(s: &str) -> Option<Self> {
                match s {
                    $($s => Some(Self::$v),)+
                    _ => None,
                }
            }
        }

        impl Vocab for $name {
            const ALL: &'static [Self] = $name::ALL;
            fn slug(self) -> &'static str {
                $name::slug(self)
            }
            fn from_slug(s: &str) -> Option<Self> {
                $name::from_slug(s)
            }
        }
    };
}

vocab! {
    /// A territory's `kind`.
    TerritoryKind {
        Orp = "orp",
        Pou = "pou",
        Mikroregion = "mikroregion",
    }
}

vocab! {
    /// A group's `kind`.
    GroupKind {
        Ridici = "ridici",
        Koordinacni = "koordinacni",
        Pracovni = "pracovni",
        Jina = "jina",
    }
}

vocab! {
    /// A meeting's `kind`; `Jednani` (a group's meeting) when not written.
    MeetingKind {
        Jednani = "jednani",
        VerejneProjednani = "verejne-projednani",
        KulatyStul = "kulaty-stul",
        Akce = "akce",
    }
}

vocab! {
    /// A document's `kind`. `Zapis` lists also hold the meetings' minutes.
    DocumentKind {
        KomunitniPlan = "komunitni-plan",
        AkcniPlan = "akcni-plan",
        Analyza = "analyza",
        Katalog = "katalog",
        TiskovaZprava = "tiskova-zprava",
        Metodika = "metodika",
        Statut = "statut",
        JednaciRad = "jednaci-rad",
        Evaluace = "evaluace",
        Vyhodnoceni = "vyhodnoceni",
        KomunikacniStrategie = "komunikacni-strategie",
        Pruzkum = "pruzkum",
        Zapis = "zapis",
        Jiny = "jiny",
    }
}

vocab! {
    /// A document's `status`.
    DocumentStatus {
        Pracovni = "pracovni",
        Navrh = "navrh",
        Definitivni = "definitivni",
        Aktualizovany = "aktualizovany",
    }
}

impl MeetingKind {
    /// A public event (open to anyone, may have no group), not a group's own meeting.
    pub fn is_event(self) -> bool {
        match self {
            MeetingKind::Jednani => false,
            MeetingKind::VerejneProjednani | MeetingKind::KulatyStul | MeetingKind::Akce => true,
        }
    }
}

impl DocumentKind {
    /// Whether the lists of this kind also hold the meetings' minutes.
    pub fn holds_minutes(self) -> bool {
        use DocumentKind as K;
        match self {
            K::Zapis => true,
            K::KomunitniPlan
            | K::AkcniPlan
            | K::Analyza
            | K::Katalog
            | K::TiskovaZprava
            | K::Metodika
            | K::Statut
            | K::JednaciRad
            | K::Evaluace
            | K::Vyhodnoceni
            | K::KomunikacniStrategie
            | K::Pruzkum
            | K::Jiny => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<K: Vocab + std::fmt::Debug>() {
        for k in K::ALL {
            assert_eq!(K::from_slug(k.slug()), Some(*k));
        }
        assert_eq!(K::from_slug("nic"), None);
    }

    #[test]
    fn slugs_round_trip() {
        round_trip::<TerritoryKind>();
        round_trip::<GroupKind>();
        round_trip::<MeetingKind>();
        round_trip::<DocumentKind>();
        round_trip::<DocumentStatus>();
    }

    #[test]
    fn lists_keep_their_order() {
        let slugs = |all: &[DocumentKind]| all.iter().map(|k| k.slug()).collect::<Vec<_>>();
        assert_eq!(slugs(DocumentKind::ALL)[0], "komunitni-plan");
        assert_eq!(slugs(DocumentKind::ALL)[12], "zapis");
        let groups: Vec<_> = GroupKind::ALL.iter().map(|k| k.slug()).collect();
        assert_eq!(groups, ["ridici", "koordinacni", "pracovni", "jina"]);
    }
}
