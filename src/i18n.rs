//! Interface language: picking the Czech or English wording of a message or a UI string.
//! Czech is the default everywhere; English only when `language = "en"`.

use crate::czech::Lang;

/// The Czech or the English text, as an owned string.
pub fn tr(lang: Lang, cs: &str, en: &str) -> String {
    match lang {
        Lang::Cs => cs.to_string(),
        Lang::En => en.to_string(),
    }
}

/// UI strings handed to templates as `t.<key>`; one table so a theme never hard-codes Czech.
pub const UI: &[(&str, &str, &str)] = &[
    ("home", "Úvod", "Home"),
    ("skip", "Přeskočit na obsah", "Skip to content"),
    ("breadcrumbs", "Drobečková navigace", "Breadcrumbs"),
    ("menu", "Hlavní menu", "Main menu"),
    ("territories", "Území", "Territories"),
    ("territory", "Území", "Territory"),
    ("groups", "Skupiny", "Groups"),
    ("group", "Skupina", "Group"),
    ("meetings", "Jednání", "Meetings"),
    ("meeting", "Jednání", "Meeting"),
    ("documents", "Dokumenty", "Documents"),
    ("document", "Dokument", "Document"),
    ("projects", "Projekty", "Projects"),
    ("project", "Projekt", "Project"),
    ("organisations", "Organizace", "Organisations"),
    ("organisation", "Organizace", "Organisation"),
    ("news", "Aktuality", "News"),
    ("target_groups", "Cílové skupiny", "Target groups"),
    ("target_group", "Cílová skupina", "Target group"),
    ("upcoming", "Nadcházející jednání", "Upcoming meetings"),
    ("recent_meetings", "Poslední jednání", "Recent meetings"),
    (
        "newest_documents",
        "Nejnovější dokumenty",
        "Newest documents",
    ),
    (
        "consultations",
        "Otevřená připomínková řízení",
        "Open public consultations",
    ),
    ("consultation", "Připomínkové řízení", "Public consultation"),
    (
        "comments_until",
        "Připomínky lze zasílat do",
        "Comments may be sent until",
    ),
    ("comments_to", "Připomínky zasílejte na", "Send comments to"),
    (
        "consultation_closed",
        "Připomínkové řízení skončilo",
        "The public consultation has closed",
    ),
    ("draft", "Návrh", "Draft"),
    ("minutes", "Zápis", "Minutes"),
    (
        "no_minutes",
        "Zápis z tohoto jednání nebyl zveřejněn.",
        "No minutes of this meeting were published.",
    ),
    ("attachments", "Přílohy", "Attachments"),
    ("attachment", "příloha", "attachment"),
    ("agenda", "Program", "Agenda"),
    ("date", "Datum", "Date"),
    ("time", "Čas", "Time"),
    ("place", "Místo", "Place"),
    ("undated", "Bez data", "Undated"),
    (
        "undated_note",
        "Datum jednání nebylo zveřejněno.",
        "The date of this meeting was not published.",
    ),
    ("previous_meeting", "Předchozí jednání", "Previous meeting"),
    ("next_meeting", "Další jednání", "Next meeting"),
    ("members", "Členové", "Members"),
    ("kind", "Druh", "Kind"),
    ("period", "Období", "Period"),
    ("published", "Zveřejněno", "Published"),
    ("modified", "Naposledy upraveno", "Last changed"),
    ("status", "Stav", "Status"),
    ("file", "Soubor", "File"),
    ("external_link", "Odkaz na jiný web", "External link"),
    ("download", "Stáhnout", "Download"),
    ("registration", "Registrační číslo", "Registration number"),
    ("programme", "Program financování", "Programme"),
    ("funding", "Financování", "Funding"),
    ("implementer", "Realizátor", "Implementer"),
    ("partners", "Partneři", "Partners"),
    ("budget", "Rozpočet", "Budget"),
    ("goals", "Cíle", "Goals"),
    ("activities", "Aktivity", "Activities"),
    ("outputs", "Výstupy", "Outputs"),
    ("contacts", "Kontakty", "Contacts"),
    ("history", "Etapy plánování", "Stages of planning"),
    ("community_plan", "Komunitní plán", "Community plan"),
    (
        "documents_by_kind",
        "Dokumenty podle druhu",
        "Documents by kind",
    ),
    ("when_where", "Kdy a kde", "When and where"),
    (
        "will_take_place",
        "Jednání se uskuteční",
        "The meeting will take place on",
    ),
    (
        "event_will_take_place",
        "Akce se uskuteční",
        "The event will take place on",
    ),
    ("from_time", "od", "at"),
    ("municipalities", "Obce", "Municipalities"),
    ("planning_since", "Plánuje se od roku", "Planning since"),
    ("region", "Kraj", "Region"),
    ("code", "Kód ORP", "Code"),
    ("locality", "Lokalita", "Locality"),
    ("active", "Působnost", "Active"),
    ("last_meeting", "Poslední jednání", "Last meeting"),
    ("next", "Příští jednání", "Next meeting"),
    ("member_count", "Členů", "Members"),
    ("meeting_count", "Jednání", "Meetings"),
    ("all_meetings", "Všechna jednání", "All meetings"),
    ("all_documents", "Všechny dokumenty", "All documents"),
    ("all_groups", "Všechny skupiny", "All groups"),
    ("by_year", "Podle roku", "By year"),
    ("by_kind", "Podle druhu", "By kind"),
    ("filter", "Filtrovat", "Filter"),
    ("filter_territory", "Území", "Territory"),
    ("filter_group", "Skupina", "Group"),
    ("filter_all", "vše", "all"),
    ("filter_apply", "Použít filtr", "Apply filter"),
    (
        "named_by",
        "Uvádějí tuto organizaci",
        "Referring to this organisation",
    ),
    ("page", "Strana", "Page"),
    ("pages", "Stránkování", "Pagination"),
    ("prev_page", "Předchozí strana", "Previous page"),
    ("next_page", "Další strana", "Next page"),
    ("not_found", "Stránka nenalezena", "Page not found"),
    (
        "not_found_text",
        "Hledaná stránka neexistuje nebo byla přesunuta.",
        "The page does not exist or has moved.",
    ),
    (
        "back_home",
        "Zpět na úvodní stránku",
        "Back to the home page",
    ),
    ("ico", "IČO", "Company ID"),
    ("web", "Web", "Website"),
    ("address", "Adresa", "Address"),
    ("email", "E-mail", "E-mail"),
    ("phone", "Telefon", "Phone"),
    ("role", "Role", "Role"),
    ("name", "Jméno", "Name"),
    ("none", "Zatím nic.", "Nothing yet."),
    ("events", "Veřejné akce", "Public events"),
    ("related", "Související", "Related"),
    ("year", "Rok", "Year"),
    ("other", "Ostatní", "Other"),
    (
        "accessibility",
        "Prohlášení o přístupnosti",
        "Accessibility statement",
    ),
    ("a11y_status", "Stav souladu", "Compliance status"),
    (
        "a11y_inaccessible",
        "Nepřístupný obsah",
        "Non-accessible content",
    ),
    (
        "a11y_non_compliant",
        "Nesoulad se zákonem",
        "Non-compliance with the Act",
    ),
    (
        "a11y_burden",
        "Nepřiměřená zátěž",
        "Disproportionate burden",
    ),
    (
        "a11y_out_of_scope",
        "Obsah mimo působnost zákona",
        "Content outside the scope of the Act",
    ),
    (
        "a11y_alternatives",
        "Přístupné alternativy",
        "Accessible alternatives",
    ),
    (
        "a11y_preparation",
        "Vypracování prohlášení",
        "Preparation of this statement",
    ),
    (
        "a11y_prepared",
        "Prohlášení bylo vypracováno dne",
        "This statement was prepared on",
    ),
    (
        "a11y_reviewed",
        "Naposledy bylo přezkoumáno dne",
        "It was last reviewed on",
    ),
    (
        "a11y_feedback",
        "Zpětná vazba a kontaktní údaje",
        "Feedback and contact information",
    ),
    (
        "a11y_enforcement",
        "Postupy pro prosazování práva",
        "Enforcement procedure",
    ),
    ("a11y_none", "Žádný takový obsah.", "No such content."),
    ("services", "Služby", "Services"),
    ("catalogue", "Katalog služeb", "Service catalogue"),
    (
        "catalogue_print",
        "Katalog služeb k tisku",
        "Printable service catalogue",
    ),
    (
        "catalogue_print_note",
        "Stránka je připravena k tisku jako brožura: každá kategorie služeb začíná na nové straně.",
        "This page prints as a booklet: each category of services starts on a new page.",
    ),
    ("contents", "Obsah", "Contents"),
    ("service_kind", "Druh služby", "Kind of service"),
    ("provider", "Poskytovatel", "Provider"),
    ("form", "Forma", "Form"),
    ("forms", "Forma poskytování", "Form of provision"),
    ("fee", "Úhrada", "Fee"),
    ("capacity", "Kapacita", "Capacity"),
    ("since", "Poskytuje se od", "Provided since"),
    ("clients", "Okruh osob", "Clients"),
    ("ages", "Věkové kategorie", "Age groups"),
    ("places", "Místa poskytování", "Places"),
    ("hours", "Provozní doba", "Opening hours"),
    (
        "identifier",
        "Identifikátor v registru poskytovatelů",
        "Identifier in the registry of providers",
    ),
    ("where_provided", "Kde se poskytuje", "Where it is provided"),
    (
        "related_service",
        "Související služba (neregistrovaná)",
        "Related service (not registered)",
    ),
    (
        "removed_by",
        "Tento druh služby zrušil",
        "This kind of service was removed by",
    ),
    (
        "removed_note",
        "údaj platí pro dobu před touto změnou.",
        "the record describes the time before.",
    ),
    ("filter_services", "Filtrovat služby", "Filter services"),
    ("filter_reset", "Zrušit filtr", "Clear the filter"),
    ("by_target_group", "Podle cílové skupiny", "By target group"),
    ("by_form", "Podle formy", "By form"),
    ("by_territory", "Podle území", "By territory"),
    ("all_services", "Všechny služby", "All services"),
    ("service_count", "Počet služeb", "Number of services"),
    ("web_page", "Stránka na webu", "Web page"),
    ("plans", "Plány", "Plans"),
    ("plan", "Plán", "Plan"),
    (
        "plan_title_where",
        "priority, opatření a plnění",
        "priorities, measures and monitoring",
    ),
    ("valid_plan", "Platný plán", "Current plan"),
    ("plan_status", "Stav plánu", "Status of the plan"),
    ("approval", "Schválení", "Approval"),
    ("approved_by", "Schválil", "Approved by"),
    ("resolution", "Usnesení", "Resolution"),
    ("extensions", "Prodloužení platnosti", "Extensions"),
    ("extended_until", "Prodlouženo do", "Extended until"),
    ("decided_by", "Rozhodl", "Decided by"),
    ("previous_plan", "Předchozí plán", "Previous plan"),
    ("next_plan", "Navazující plán", "Next plan"),
    ("plan_document", "Text plánu", "The plan's text"),
    (
        "settlement",
        "Vypořádání připomínek",
        "Settlement of comments",
    ),
    (
        "priorities",
        "Priority a opatření",
        "Priorities and measures",
    ),
    ("priority", "Priorita", "Priority"),
    ("measure", "Opatření", "Measure"),
    ("cross_cutting", "průřezová", "cross-cutting"),
    ("activity_code", "Kód", "Code"),
    ("activity", "Aktivita", "Activity"),
    ("monitoring", "Plnění", "Monitoring"),
    (
        "monitoring_by_year",
        "Plnění podle let",
        "Monitoring by year",
    ),
    (
        "status_counts",
        "Aktivity podle stavu plnění",
        "Activities by status",
    ),
    ("count", "Počet", "Count"),
    ("not_evaluated", "bez hodnocení", "not evaluated"),
    (
        "total_cost",
        "Odhadované náklady celkem",
        "Estimated cost in total",
    ),
    ("cost", "Odhadované náklady", "Estimated cost"),
    ("spent", "Vynaloženo", "Spent"),
    ("years", "Roky", "Years"),
    ("plan_years", "Plán po letech", "The plan by year"),
    ("indicators", "Indikátory", "Indicators"),
    ("carried_out_by", "Realizují", "Carried out by"),
    (
        "looked_after_by",
        "Garantující skupiny",
        "Groups looking after it",
    ),
    ("evaluation", "Hodnocení", "Evaluation"),
    ("all_plans", "Všechny plány", "All plans"),
    ("plan_activities", "Aktivity plánů", "Activities of plans"),
    ("plan_priorities", "Priority plánů", "Priorities of plans"),
    (
        "activities_of_year",
        "Aktivity roku",
        "Activities of the year",
    ),
    (
        "generated_by",
        "Vytvořeno generátorem kpss",
        "Made with kpss",
    ),
    // Outputs people subscribe to (render::outputs): calendars and feeds.
    ("add_to_calendar", "Přidat do kalendáře", "Add to calendar"),
    (
        "calendar_of_group",
        "Přidat jednání skupiny do kalendáře",
        "Add the group's meetings to your calendar",
    ),
    (
        "calendar_note",
        "soubor iCalendar; adresu lze v kalendáři také odebírat",
        "an iCalendar file; calendars can also subscribe to its address",
    ),
    // Search (/hledat/ and the header's box); the counts are filled in by search.js.
    ("search", "Hledat", "Search"),
    ("search_title", "Hledání na webu", "Search this site"),
    ("search_label", "Hledaný výraz", "Search for"),
    (
        "search_hint",
        "Stačí psát bez diakritiky: „zapis“ najde i „Zápis“.",
        "Diacritics are optional: “zapis” also finds “Zápis”.",
    ),
    (
        "search_noscript",
        "Vyhledávání potřebuje JavaScript, který je ve vašem prohlížeči vypnutý. Vše najdete i v přehledech:",
        "Search needs JavaScript, which is turned off in your browser. Everything is also in the indexes:",
    ),
    ("search_indexes", "Přehledy webu", "Indexes of the site"),
    ("search_one", "Nalezen 1 výsledek.", "1 result found."),
    ("search_few", "Nalezeny {n} výsledky.", "{n} results found."),
    (
        "search_many",
        "Nalezeno {n} výsledků.",
        "{n} results found.",
    ),
    ("search_none", "Nic nenalezeno.", "Nothing found."),
    ("search_loading", "Hledám…", "Searching…"),
    (
        "search_failed",
        "Vyhledávání se nepodařilo načíst. Vše najdete i v přehledech níže.",
        "Search could not be loaded. Everything is also in the indexes below.",
    ),
    (
        "search_more",
        "Zobrazit další výsledky",
        "Show more results",
    ),
    ("news_item", "Aktualita", "News item"),
    ("page_kind", "Stránka", "Page"),
];

/// Human names of the content's kinds and statuses: (Czech, English). The model's enums
/// implement it (`model::labels`, one exhaustive match per enum): imports point down from the
/// model to here, never back.
pub trait Labelled: Copy {
    fn names(self) -> (&'static str, &'static str);
}

/// Plural headings of the kinds lists are cut by: (Czech, English).
pub trait Plural: Copy {
    fn plural_names(self) -> (&'static str, &'static str);
}

/// Human name of a kind or status (`GroupKind::Ridici` → "Řídicí skupina").
pub fn kind_label(lang: Lang, k: impl Labelled) -> String {
    let (cs, en) = k.names();
    tr(lang, cs, en)
}

/// Human name of an optional kind or status; empty when there is none.
pub fn kind_label_or_empty<K: Labelled>(lang: Lang, k: Option<K>) -> String {
    k.map(|k| kind_label(lang, k)).unwrap_or_default()
}

/// Plural heading of a document or group kind for index pages ("Tiskové zprávy").
pub fn kind_plural(lang: Lang, k: impl Plural) -> String {
    let (cs, en) = k.plural_names();
    tr(lang, cs, en)
}

/// Human names of the other enum values (service forms and fees, monitoring statuses), per
/// language; a value not listed is shown as written.
pub fn label(lang: Lang, value: &str) -> String {
    let (cs, en) = match value {
        "ambulantni" => ("ambulantní", "outpatient"),
        "terenni" => ("terénní", "outreach"),
        "pobytova" => ("pobytová", "residential"),
        "bezplatna" => ("bezplatná", "free of charge"),
        "hrazena" => ("hrazená", "paid"),
        "splneno" => ("splněno", "done"),
        "plni-se" => ("plní se", "in progress"),
        "castecne" => ("částečně splněno", "partly done"),
        "nesplneno" => ("nesplněno", "not done"),
        "odlozeno" => ("odloženo", "postponed"),
        "zruseno" => ("zrušeno", "cancelled"),
        other => (other, other),
    };
    tr(lang, cs, en)
}
