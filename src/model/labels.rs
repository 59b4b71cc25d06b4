//! The human names of the content's vocabulary (`vocab`), in Czech and English, for
//! `i18n::kind_label` and `i18n::kind_plural`. One exhaustive match per enum: a new value
//! does not compile until it is named.

use super::vocab::{DocumentKind, DocumentStatus, GroupKind, MeetingKind, TerritoryKind};
use crate::i18n::{Labelled, Plural};

impl Labelled for TerritoryKind {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            TerritoryKind::Orp => ("ORP", "ORP (municipality with extended powers)"),
            TerritoryKind::Pou => ("POU", "POU (municipality with a commissioned office)"),
            TerritoryKind::Mikroregion => ("Mikroregion", "Micro-region"),
        }
    }
}

impl Labelled for GroupKind {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            GroupKind::Ridici => ("Řídicí skupina", "Steering group"),
            GroupKind::Pracovni => ("Pracovní skupina", "Working group"),
            GroupKind::Koordinacni => ("Koordinační skupina", "Coordination group"),
            GroupKind::Jina => ("Jiná skupina", "Other group"),
        }
    }
}

impl Labelled for MeetingKind {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            MeetingKind::Jednani => ("Jednání", "Meeting"),
            MeetingKind::VerejneProjednani => ("Veřejné projednání", "Public hearing"),
            MeetingKind::KulatyStul => ("Kulatý stůl", "Round table"),
            MeetingKind::Akce => ("Akce", "Event"),
        }
    }
}

impl Labelled for DocumentKind {
    fn names(self) -> (&'static str, &'static str) {
        use DocumentKind as K;
        match self {
            K::KomunitniPlan => ("Komunitní plán", "Community plan"),
            K::AkcniPlan => ("Akční plán", "Action plan"),
            K::Analyza => ("Analýza", "Analysis"),
            K::Katalog => ("Katalog služeb", "Service catalogue"),
            K::TiskovaZprava => ("Tisková zpráva", "Press release"),
            K::Metodika => ("Metodika", "Methodology"),
            K::Statut => ("Statut", "Statute"),
            K::JednaciRad => ("Jednací řád", "Rules of procedure"),
            K::Evaluace => ("Evaluace", "Evaluation"),
            K::Vyhodnoceni => ("Vyhodnocení", "Assessment"),
            K::KomunikacniStrategie => ("Komunikační strategie", "Communication strategy"),
            K::Pruzkum => ("Průzkum", "Survey"),
            K::Zapis => ("Zápis", "Minutes"),
            K::Jiny => ("Jiný dokument", "Other document"),
        }
    }
}

impl Labelled for DocumentStatus {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            DocumentStatus::Pracovni => ("Pracovní verze", "Working version"),
            DocumentStatus::Navrh => ("Návrh", "Draft"),
            DocumentStatus::Definitivni => ("Definitivní", "Final"),
            DocumentStatus::Aktualizovany => ("Aktualizovaný", "Updated"),
        }
    }
}

impl Plural for DocumentKind {
    fn plural_names(self) -> (&'static str, &'static str) {
        use DocumentKind as K;
        match self {
            K::KomunitniPlan => ("Komunitní plány", "Community plans"),
            K::AkcniPlan => ("Akční plány", "Action plans"),
            K::Analyza => ("Analýzy", "Analyses"),
            K::Katalog => ("Katalogy služeb", "Service catalogues"),
            K::TiskovaZprava => ("Tiskové zprávy", "Press releases"),
            K::Metodika => ("Metodiky", "Methodologies"),
            K::Statut => ("Statuty", "Statutes"),
            K::JednaciRad => ("Jednací řády", "Rules of procedure"),
            K::Evaluace => ("Evaluace", "Evaluations"),
            K::Vyhodnoceni => ("Vyhodnocení", "Assessments"),
            K::KomunikacniStrategie => ("Komunikační strategie", "Communication strategies"),
            K::Pruzkum => ("Průzkumy", "Surveys"),
            K::Zapis => ("Zápisy z jednání", "Minutes of meetings"),
            K::Jiny => ("Jiné dokumenty", "Other documents"),
        }
    }
}

impl Plural for GroupKind {
    fn plural_names(self) -> (&'static str, &'static str) {
        match self {
            GroupKind::Ridici => ("Řídicí skupiny", "Steering groups"),
            GroupKind::Pracovni => ("Pracovní skupiny", "Working groups"),
            GroupKind::Koordinacni => ("Koordinační skupiny", "Coordination groups"),
            GroupKind::Jina => ("Jiné skupiny", "Other groups"),
        }
    }
}
