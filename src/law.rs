//! The kinds of social service of zákon č. 108/2006 Sb., o sociálních službách: one row per §
//! (§ 37, § 39–52, § 54–70 with § 60a; 33 kinds), with its name, URL slug, category and the
//! forms the § lets it take. Owns the facts of the law only; what a site writes is judged in
//! `resolve` and shown in `render`.
//!
//! Source: the Act as consolidated before zákon č. 38/2025 Sb. (the wording of each § on the
//! forms: "terénní", "ambulantní", "pobytové"), checked against ../shared/research/domain.md
//! § 2.1 (MPSV glossary: 33 kinds, 14 of them residential — only residential §§ 47–52, 57, 58,
//! 68; residential and ambulatory § 64; all three §§ 44, 60, 60a, 70). Zákon č. 38/2025 Sb.
//! removed § 52 (social services in inpatient health care) in favour of sociálně-zdravotní
//! služby (§ 36); § 52 stays here, marked removed, because older records name it.
//! Invariant: sections and slugs are unique; the table is in the law's order.

/// The three categories of the law (§ 32), in the law's order, and related services last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Sociální poradenství (§ 37).
    Counselling,
    /// Služby sociální péče (§ 38–52).
    Care,
    /// Služby sociální prevence (§ 53–70).
    Prevention,
    /// Související služby: not registered under the law (senior taxi, …).
    Related,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Counselling,
        Category::Care,
        Category::Prevention,
        Category::Related,
    ];

    /// A slug for fragments and CSS ("pece").
    pub fn slug(self) -> &'static str {
        match self {
            Category::Counselling => "poradenstvi",
            Category::Care => "pece",
            Category::Prevention => "prevence",
            Category::Related => "souvisejici",
        }
    }

    /// The category's name, in Czech and English.
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            Category::Counselling => ("Sociální poradenství", "Social counselling"),
            Category::Care => ("Služby sociální péče", "Social care services"),
            Category::Prevention => ("Služby sociální prevence", "Social prevention services"),
            Category::Related => ("Související služby", "Related services"),
        }
    }
}

/// One kind of service: a § of the Act.
#[derive(Clone, Copy, Debug)]
pub struct ServiceKind {
    /// The § as content writes it ("40", "60a").
    pub section: &'static str,
    /// The name as the Act has it, lower-case ("pečovatelská služba").
    pub name: &'static str,
    pub name_en: &'static str,
    /// The name as an ASCII slug, for `/sluzby/druh/<slug>/`.
    pub slug: &'static str,
    pub category: Category,
    /// The forms the § allows (of [`FORMS`]).
    pub forms: &'static [&'static str],
    /// The amendment that removed the §, if one did.
    pub removed_by: Option<&'static str>,
}

const A: &str = "ambulantni";
const T: &str = "terenni";
const P: &str = "pobytova";
/// The forms of § 33 (ambulantní, terénní, pobytové), in the order pages show them.
pub const FORMS: &[&str] = &[A, T, P];
/// The `type` of a related service that is not registered under the Act.
pub const RELATED: &str = "souvisejici";

const fn row(
    section: &'static str,
    name: &'static str,
    name_en: &'static str,
    slug: &'static str,
    category: Category,
    forms: &'static [&'static str],
) -> ServiceKind {
    ServiceKind {
        section,
        name,
        name_en,
        slug,
        category,
        forms,
        removed_by: None,
    }
}

use Category::{Care, Counselling, Prevention};

/// Every kind of the Act, in the law's order.
#[rustfmt::skip]
pub const SERVICE_KINDS: &[ServiceKind] = &[
    row("37", "odborné sociální poradenství", "specialised social counselling", "odborne-socialni-poradenstvi", Counselling, &[A, T]),
    row("39", "osobní asistence", "personal assistance", "osobni-asistence", Care, &[T]),
    row("40", "pečovatelská služba", "home care service", "pecovatelska-sluzba", Care, &[T, A]),
    row("41", "tísňová péče", "emergency care", "tisnova-pece", Care, &[T]),
    row("42", "průvodcovské a předčitatelské služby", "guide and reading services", "pruvodcovske-a-predcitatelske-sluzby", Care, &[T, A]),
    row("43", "podpora samostatného bydlení", "support for independent living", "podpora-samostatneho-bydleni", Care, &[T]),
    row("44", "odlehčovací služby", "respite services", "odlehcovaci-sluzby", Care, &[T, A, P]),
    row("45", "centra denních služeb", "day service centres", "centra-dennich-sluzeb", Care, &[A]),
    row("46", "denní stacionáře", "day care centres", "denni-stacionare", Care, &[A]),
    row("47", "týdenní stacionáře", "weekly care centres", "tydenni-stacionare", Care, &[P]),
    row("48", "domovy pro osoby se zdravotním postižením", "homes for persons with disabilities", "domovy-pro-osoby-se-zdravotnim-postizenim", Care, &[P]),
    row("49", "domovy pro seniory", "homes for the elderly", "domovy-pro-seniory", Care, &[P]),
    row("50", "domovy se zvláštním režimem", "homes with a special regime", "domovy-se-zvlastnim-rezimem", Care, &[P]),
    row("51", "chráněné bydlení", "sheltered housing", "chranene-bydleni", Care, &[P]),
    ServiceKind {
        removed_by: Some("zákon č. 38/2025 Sb."),
        ..row("52", "sociální služby poskytované ve zdravotnických zařízeních lůžkové péče", "social services in inpatient health care facilities", "socialni-sluzby-poskytovane-ve-zdravotnickych-zarizenich-luzkove-pece", Care, &[P])
    },
    row("54", "raná péče", "early intervention", "rana-pece", Prevention, &[T, A]),
    row("55", "telefonická krizová pomoc", "telephone crisis help", "telefonicka-krizova-pomoc", Prevention, &[T]),
    row("56", "tlumočnické služby", "interpreting services", "tlumocnicke-sluzby", Prevention, &[T, A]),
    row("57", "azylové domy", "shelters", "azylove-domy", Prevention, &[P]),
    row("58", "domy na půl cesty", "halfway houses", "domy-na-pul-cesty", Prevention, &[P]),
    row("59", "kontaktní centra", "contact centres", "kontaktni-centra", Prevention, &[A, T]),
    row("60", "krizová pomoc", "crisis help", "krizova-pomoc", Prevention, &[T, A, P]),
    row("60a", "intervenční centra", "intervention centres", "intervencni-centra", Prevention, &[P, A, T]),
    row("61", "nízkoprahová denní centra", "low-threshold day centres", "nizkoprahova-denni-centra", Prevention, &[A, T]),
    row("62", "nízkoprahová zařízení pro děti a mládež", "low-threshold facilities for children and youth", "nizkoprahova-zarizeni-pro-deti-a-mladez", Prevention, &[A, T]),
    row("63", "noclehárny", "night shelters", "nocleharny", Prevention, &[A]),
    row("64", "služby následné péče", "aftercare services", "sluzby-nasledne-pece", Prevention, &[A, P]),
    row("65", "sociálně aktivizační služby pro rodiny s dětmi", "social activation services for families with children", "socialne-aktivizacni-sluzby-pro-rodiny-s-detmi", Prevention, &[T, A]),
    row("66", "sociálně aktivizační služby pro seniory a osoby se zdravotním postižením", "social activation services for the elderly and persons with disabilities", "socialne-aktivizacni-sluzby-pro-seniory-a-osoby-se-zdravotnim-postizenim", Prevention, &[A, T]),
    row("67", "sociálně terapeutické dílny", "social therapy workshops", "socialne-terapeuticke-dilny", Prevention, &[A]),
    row("68", "terapeutické komunity", "therapeutic communities", "terapeuticke-komunity", Prevention, &[P]),
    row("69", "terénní programy", "outreach programmes", "terenni-programy", Prevention, &[T]),
    row("70", "sociální rehabilitace", "social rehabilitation", "socialni-rehabilitace", Prevention, &[T, A, P]),
];

/// The pseudo-kind of related services (`type = "souvisejici"`), last in every order.
pub const RELATED_KIND: ServiceKind = ServiceKind {
    section: RELATED,
    name: "související služby",
    name_en: "related services",
    slug: "souvisejici-sluzby",
    category: Category::Related,
    forms: &[A, T, P],
    removed_by: None,
};

/// The kind of a `type` value: a § of the table or `souvisejici`.
pub fn kind(section: &str) -> Option<&'static ServiceKind> {
    if section == RELATED_KIND.section {
        return Some(&RELATED_KIND);
    }
    SERVICE_KINDS.iter().find(|k| k.section == section)
}

/// Where a `type` stands in the law's order (related services after every §).
pub fn rank(section: &str) -> usize {
    SERVICE_KINDS
        .iter()
        .position(|k| k.section == section)
        .unwrap_or(SERVICE_KINDS.len())
}

/// Every kind, the related one last: the order of catalogues.
pub fn all_kinds() -> impl Iterator<Item = &'static ServiceKind> {
    SERVICE_KINDS.iter().chain(std::iter::once(&RELATED_KIND))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::HashSet;

    #[test]
    fn the_table_has_the_33_kinds_of_the_act_with_unique_sections_and_slugs() {
        assert_eq!(SERVICE_KINDS.len(), 33);
        let sections: HashSet<_> = all_kinds().map(|k| k.section).collect();
        let slugs: HashSet<_> = all_kinds().map(|k| k.slug).collect();
        assert_eq!(sections.len(), 34);
        assert_eq!(slugs.len(), 34);
        for k in all_kinds() {
            assert_eq!(crate::czech::slug::slugify(k.name), k.slug, "{}", k.section);
            assert!(!k.forms.is_empty(), "{}", k.section);
            for f in k.forms {
                assert!(FORMS.contains(f), "{} {f}", k.section);
            }
        }
    }

    #[test]
    fn categories_follow_the_sections_of_the_act() {
        assert_eq!(kind("37").unwrap().category, Category::Counselling);
        for k in SERVICE_KINDS {
            let n: u32 = k.section.trim_end_matches('a').parse().unwrap();
            let expected = match n {
                37 => Category::Counselling,
                38..=52 => Category::Care,
                53..=70 => Category::Prevention,
                _ => panic!("§ {n} is outside the Act's kinds"),
            };
            assert_eq!(k.category, expected, "§ {}", k.section);
        }
        assert!(
            kind("38").is_none() && kind("53").is_none(),
            "category headings"
        );
        assert_eq!(kind("souvisejici").unwrap().category, Category::Related);
    }

    #[test]
    fn forms_are_as_the_act_words_them() {
        let forms = |s: &str| {
            let mut f = kind(s).unwrap().forms.to_vec();
            f.sort();
            f
        };
        assert_eq!(forms("49"), ["pobytova"]);
        assert_eq!(forms("39"), ["terenni"]);
        assert_eq!(forms("64"), ["ambulantni", "pobytova"]);
        // MPSV: 14 kinds may be residential; 4 of them in all three forms.
        let residential = SERVICE_KINDS
            .iter()
            .filter(|k| k.forms.contains(&"pobytova"))
            .count();
        let three = SERVICE_KINDS.iter().filter(|k| k.forms.len() == 3).count();
        assert_eq!((residential, three), (14, 4));
    }

    #[test]
    fn section_52_stays_but_is_marked_removed() {
        let k = kind("52").unwrap();
        assert_eq!(k.removed_by, Some("zákon č. 38/2025 Sb."));
        assert_eq!(
            SERVICE_KINDS
                .iter()
                .filter(|k| k.removed_by.is_some())
                .count(),
            1
        );
        assert!(rank("52") < rank("54") && rank("60") < rank("60a") && rank("60a") < rank("61"));
        assert_eq!(rank("souvisejici"), SERVICE_KINDS.len());
    }
}
