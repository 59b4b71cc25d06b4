//! Czech wording of the TOML parser's messages. The `toml` crate (with `toml_parser` and
//! `toml_datetime`) reports syntax errors in English as "<what>[, expected <a>, <b>]"; the texts
//! below are every such message of toml 1.2 / toml_parser 1.1 / toml_datetime 1.1 (grep
//! `ParseError::new`, `Expected::Description` and `DatetimeParseError` in their sources when
//! the crates are updated). A message not in the tables is shown as written, in parentheses, so
//! an editor never sees English without a Czech lead.

/// The Czech text of a TOML parser message, or `None` when a part of it is not known.
pub fn czech(message: &str) -> Option<String> {
    let message = message.trim();
    let (what, expected) = match message.split_once(", expected ") {
        Some((w, e)) => (w, Some(e)),
        None => (message, None),
    };
    let mut out = what_cs(what)?;
    if let Some(e) = expected {
        out.push_str("; očekáváno: ");
        out.push_str(&expected_cs(e)?);
    }
    Some(out)
}

/// The full message of a syntax error: Czech with the original kept only when unknown.
pub fn syntax_error(message: &str) -> String {
    match czech(message) {
        Some(cs) => format!("chyba v zápisu TOML: {cs}"),
        None => format!("chyba v zápisu TOML ({})", message.trim()),
    }
}

/// What went wrong (the part before ", expected").
fn what_cs(what: &str) -> Option<String> {
    if let Some(kind) = what
        .strip_prefix("cannot extend value of type ")
        .and_then(|r| r.strip_suffix(" with a dotted key"))
    {
        return Some(format!(
            "hodnotu typu {} nelze doplnit klíčem s tečkou",
            value_type_cs(kind)?
        ));
    }
    let cs = match what {
        "duplicate key" => "klíč je zapsán podruhé",
        "recursion limit" | "cannot recurse further; max recursion depth met" => {
            "příliš mnoho vnořených seznamů či tabulek"
        }
        "could not allocate for string" => "na text nestačí paměť",
        "invalid string" => "neplatný text",
        "invalid boolean" => "neplatná hodnota true/false",
        "invalid date-time" | "invalid datetime" => "neplatné datum či čas",
        "invalid date" => "neplatné datum",
        "invalid time" => "neplatný čas",
        "invalid offset" => "neplatný časový posun",
        "invalid float" => "neplatné desetinné číslo",
        "invalid integer number" => "neplatné celé číslo",
        "invalid hexadecimal number" => "neplatné šestnáctkové číslo",
        "invalid octal number" => "neplatné osmičkové číslo",
        "invalid binary number" => "neplatné dvojkové číslo",
        "invalid literal string" => "neplatný text v apostrofech",
        "invalid multi-line literal string" => "neplatný víceřádkový text v apostrofech",
        "invalid basic string" => "neplatný text v uvozovkách",
        "invalid multi-line basic string" => "neplatný víceřádkový text v uvozovkách",
        "`_` may only go between digits" => "`_` smí stát jen mezi číslicemi",
        "carriage return must be followed by newline" => {
            "za znakem CR (\\r) musí následovat konec řádku"
        }
        "extra `=`" => "přebytečné `=`",
        "extra assignment between key-value pairs" => {
            "přebytečné `=` mezi dvojicemi klíč = hodnota"
        }
        "extra comma in array" => "přebytečná čárka v seznamu",
        "extra comma in inline table" => "přebytečná čárka ve vložené tabulce `{…}`",
        "integers with a radix cannot be signed" => {
            "číslo v jiné soustavě (0x, 0o, 0b) nesmí mít znaménko"
        }
        "invalid comment character" => "neplatný znak v komentáři",
        "invalid inline table element" => "neplatná položka vložené tabulky `{…}`",
        "invalid key-value pair" => "neplatný zápis klíč = hodnota",
        "invalid unquoted key" => {
            "neplatný klíč (bez uvozovek smí mít jen písmena bez diakritiky, číslice, `-` a `_`)"
        }
        "invalid value" => "neplatná hodnota",
        "key with no value" => "klíč bez hodnoty",
        "keys cannot be multi-line basic strings" | "keys cannot be multi-line literal strings" => {
            "klíč nesmí být víceřádkový text"
        }
        "missing array opening" => "chybí začátek seznamu `[`",
        "missing assignment between key-value pairs" => "mezi klíčem a hodnotou chybí `=`",
        "missing comma between array elements" => "mezi položkami seznamu chybí čárka",
        "missing comma between key-value pairs" => "mezi dvojicemi klíč = hodnota chybí čárka",
        "missing comment start" => "chybí začátek komentáře `#`",
        "missing escaped value" => "neplatný znak za zpětným lomítkem `\\`",
        "missing inline table opening" => "chybí začátek vložené tabulky `{`",
        "missing key for inline table element" => "položce vložené tabulky chybí klíč",
        "missing opening quote" => "chybí úvodní uvozovka",
        "missing table open" => "chybí začátek hlavičky tabulky `[`",
        "missing value for key" => "klíči chybí hodnota",
        "missing value" => "chybí hodnota",
        "radix must be lowercase" => "předpona soustavy se píše malým písmenem (0x, 0o, 0b)",
        "redundant integer number prefix" => "nadbytečná předpona čísla",
        "redundant numeric sign" => "nadbytečné znaménko",
        "string values must be quoted" => "text musí být v uvozovkách",
        "too few unicode value digits" => "kódu znaku Unicode chybějí číslice",
        "unclosed array table" => "neuzavřená hlavička `[[…]]`",
        "unclosed array" => "neuzavřený seznam (chybí `]`)",
        "unclosed inline table" => "neuzavřená vložená tabulka (chybí `}`)",
        "unclosed table" => "neuzavřená hlavička tabulky (chybí `]`)",
        "unexpected `=` in array" => "nečekané `=` v seznamu",
        "unexpected content between comment and newline" => "nečekaný obsah v komentáři",
        "unexpected content" => "nečekaný obsah",
        "unexpected key or value" => "nečekaný klíč nebo hodnota",
        "unexpected leading zero" => "číslo nesmí začínat nulou",
        "unexpected sign" => "nečekané znaménko",
        "unquoted keys cannot be empty" => "klíč bez uvozovek nesmí být prázdný",
        _ => return None,
    };
    Some(cs.to_string())
}

/// A value type as `toml` names it (`DeValue::type_str`).
fn value_type_cs(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "string" => "text",
        "integer" => "celé číslo",
        "float" => "desetinné číslo",
        "boolean" => "true/false",
        "datetime" => "datum",
        "array" => "seznam",
        "table" => "tabulka",
        "inline table" => "vložená tabulka",
        _ => return None,
    })
}

/// What the parser expected: one phrase of `toml_datetime`, or a list of literals (kept as
/// written, they are TOML) and descriptions.
fn expected_cs(expected: &str) -> Option<String> {
    if let Some(cs) = datetime_expected_cs(expected) {
        return Some(cs);
    }
    let items: Option<Vec<String>> = expected.split(", ").map(expected_item_cs).collect();
    Some(items?.join(", "))
}

fn expected_item_cs(item: &str) -> Option<String> {
    if item.len() >= 2 && item.starts_with(['`', '\'']) && item.ends_with(['`', '\'']) {
        return Some(item.to_string());
    }
    Some(
        match item {
            "newline" => "konec řádku",
            "nothing" => "nic",
            "etc" => "…",
            "basic string" => "text v uvozovkách",
            "literal string" => "text v apostrofech",
            "multi-line basic string" => "víceřádkový text v uvozovkách",
            "characters" => "znaky",
            "digits" => "číslice",
            "numbers" => "čísla",
            "letters" => "písmena",
            "key" => "klíč",
            "value" => "hodnota",
            "non-double-quote visible characters" => "viditelné znaky kromě uvozovek",
            "non-single-quote characters" => "znaky kromě apostrofu",
            "non-single-quote visible characters" => "viditelné znaky kromě apostrofu",
            "printable characters" => "tisknutelné znaky",
            "unicode hexadecimal value" => "šestnáctkový kód znaku Unicode",
            _ => return None,
        }
        .to_string(),
    )
}

/// The `expected` phrases of `toml_datetime`'s errors.
fn datetime_expected_cs(e: &str) -> Option<String> {
    Some(
        match e {
            "year or hour" => "rok nebo hodina",
            "`-` (YYYY-MM) or `:` (HH:MM)" => "`-` (RRRR-MM) nebo `:` (HH:MM)",
            "`-` (MM-DD)" => "`-` (MM-DD)",
            "`:` (HH:MM)" => "`:` (HH:MM)",
            "`T` between date and time" => "`T` mezi datem a časem",
            "`Z`, +OFFSET, -OFFSET" => "`Z`, +POSUN nebo -POSUN",
            "a four-digit year (YYYY)" => "čtyřmístný rok (RRRR)",
            "a two-digit month (MM)" => "dvoumístný měsíc (MM)",
            "a two-digit day (DD)" => "dvoumístný den (DD)",
            "a two-digit hour (HH)" => "dvoumístná hodina (HH)",
            "a two-digit minute (MM)" => "dvoumístná minuta (MM)",
            "a two-digit second (SS)" => "dvoumístná sekunda (SS)",
            "year" => "rok",
            "month" => "měsíc",
            "day" => "den",
            "hour" => "hodina",
            "minute" => "minuta",
            "second" => "sekunda",
            "nanosecond" => "zlomek sekundy",
            "nanoseconds overflowed" => "nejvýš devět desetinných míst sekund",
            _ => return between_cs(e),
        }
        .to_string(),
    )
}

/// "<unit> between <a> and <b>" of `toml_datetime` ("month between 01 and 12").
fn between_cs(e: &str) -> Option<String> {
    if let Some((unit, range)) = e.split_once(" between ") {
        let (from, to) = range.split_once(" and ")?;
        let unit = match unit {
            "day" => "den",
            "month" => "měsíc",
            "hour" => "hodina",
            "hours" => "hodiny",
            "minute" => "minuta",
            "minutes" => "minuty",
            "second" => "sekunda",
            _ => return None,
        };
        return Some(format!("{unit} od {from} do {to}"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English of `message` (its words of three letters or more, lower case).
    fn english_words(message: &str) -> Vec<String> {
        message
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .map(str::to_ascii_lowercase)
            // the name of the standard is the same in Czech
            .filter(|w| w != "unicode")
            .collect()
    }

    /// TOML as an editor might get it wrong → a part of the Czech message.
    const CASES: &[(&str, &str)] = &[
        ("place = MěÚ\n", "text musí být v uvozovkách"),
        ("title = \"a\"\ntitle = \"b\"\n", "klíč je zapsán podruhé"),
        ("[skupina\n", "neuzavřená hlavička tabulky"),
        ("[[members]\nname = \"a\"\n", "neuzavřená hlavička"),
        ("title = \"a\\q\"\n", "neplatný znak za zpětným lomítkem"),
        ("title = \"bez konce\n", "neplatný text v uvozovkách"),
        ("title = 'bez konce\n", "neplatný text v apostrofech"),
        (
            "agenda = [\"a\" \"b\"]\n",
            "mezi položkami seznamu chybí čárka",
        ),
        ("agenda = [\"a\",\n", "neuzavřený seznam"),
        ("agenda = [\"a\",,]\n", "přebytečná čárka v seznamu"),
        ("number = 03\n", "číslo nesmí začínat nulou"),
        ("number = 1__0\n", "`_` smí stát jen mezi číslicemi"),
        ("number = 0X1F\n", "předpona soustavy"),
        ("budget = 1.2.3\n", "neplatné desetinné číslo"),
        ("date = 2019-13-01\n", "měsíc od 01 do 12"),
        ("date = 2019-02-30\n", "den od 01 do 28"),
        ("date = 2019-06-12T25:00:00\n", "hodina od 00 do 23"),
        ("title\n", "klíč bez hodnoty"),
        ("title =\n", "text musí být v uvozovkách"),
        (
            "title = \"a\" b = 1\n",
            "nečekaný klíč nebo hodnota; očekáváno: konec řádku",
        ),
        ("x = { a = 1 b = 2 }\n", "očekáváno: `,`"),
        ("x = { a = 1,, }\n", "vložené tabulce"),
        ("x = { a = 1\n", "neuzavřená vložená tabulka"),
        ("= 3\n", "klíč bez uvozovek nesmí být prázdný"),
        ("draft = ano\n", "text musí být v uvozovkách"),
        ("a.b = 1\na.b.c = 2\n", "nelze doplnit klíčem s tečkou"),
        ("title = \"\\u12\"\n", "kódu znaku Unicode chybějí číslice"),
        ("\"\"\"k\"\"\" = 1\n", "víceřádkový"),
    ];

    #[test]
    fn known_toml_errors_read_in_czech_without_the_english() {
        let mut failures = Vec::new();
        for (toml, want) in CASES {
            let err = toml::de::DeTable::parse(toml).expect_err(toml);
            let original = err.message();
            let cs = syntax_error(original);
            let cs_lower = cs.to_ascii_lowercase();
            let english: Vec<String> = english_words(original)
                .into_iter()
                .filter(|w| {
                    cs_lower
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .any(|x| x == w)
                })
                .collect();
            if !cs.contains(want) || !english.is_empty() {
                failures.push(format!(
                    "{toml:?}: {original:?} → {cs:?} (English left: {english:?})"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn an_unknown_message_keeps_a_czech_lead_and_the_original() {
        assert_eq!(
            syntax_error("something new, expected `x`"),
            "chyba v zápisu TOML (something new, expected `x`)"
        );
        assert_eq!(
            syntax_error("duplicate key, expected wombats"),
            "chyba v zápisu TOML (duplicate key, expected wombats)"
        );
    }

    #[test]
    fn every_message_of_the_toml_crates_has_a_czech_text() {
        // From the sources of toml 1.2.2, toml_parser 1.1.6 and toml_datetime 1.1.3.
        let whats = [
            "duplicate key",
            "recursion limit",
            "could not allocate for string",
            "invalid string",
            "invalid boolean",
            "invalid date-time",
            "invalid datetime",
            "invalid date",
            "invalid time",
            "invalid offset",
            "invalid float",
            "invalid integer number",
            "invalid hexadecimal number",
            "invalid octal number",
            "invalid binary number",
            "invalid literal string",
            "invalid multi-line literal string",
            "invalid basic string",
            "invalid multi-line basic string",
            "`_` may only go between digits",
            "cannot recurse further; max recursion depth met",
            "carriage return must be followed by newline",
            "extra `=`",
            "extra assignment between key-value pairs",
            "extra comma in array",
            "extra comma in inline table",
            "integers with a radix cannot be signed",
            "invalid comment character",
            "invalid inline table element",
            "invalid key-value pair",
            "invalid unquoted key",
            "invalid value",
            "key with no value",
            "keys cannot be multi-line basic strings",
            "keys cannot be multi-line literal strings",
            "missing array opening",
            "missing assignment between key-value pairs",
            "missing comma between array elements",
            "missing comma between key-value pairs",
            "missing comment start",
            "missing escaped value",
            "missing inline table opening",
            "missing key for inline table element",
            "missing opening quote",
            "missing table open",
            "missing value for key",
            "missing value",
            "radix must be lowercase",
            "redundant integer number prefix",
            "redundant numeric sign",
            "string values must be quoted",
            "too few unicode value digits",
            "unclosed array table",
            "unclosed array",
            "unclosed inline table",
            "unclosed table",
            "unexpected `=` in array",
            "unexpected content between comment and newline",
            "unexpected content",
            "unexpected key or value",
            "unexpected leading zero",
            "unexpected sign",
            "unquoted keys cannot be empty",
            "cannot extend value of type array with a dotted key",
            "cannot extend value of type inline table with a dotted key",
            "cannot extend value of type string with a dotted key",
        ];
        for w in whats {
            assert!(czech(w).is_some(), "{w}");
        }
        let expected = [
            "basic string",
            "characters",
            "digits",
            "key",
            "letters",
            "literal string",
            "multi-line basic string",
            "non-double-quote visible characters",
            "non-single-quote characters",
            "non-single-quote visible characters",
            "numbers",
            "printable characters",
            "unicode hexadecimal value",
            "value",
            "newline",
            "nothing",
            "`=`",
            "year or hour",
            "`-` (YYYY-MM) or `:` (HH:MM)",
            "month",
            "`-` (MM-DD)",
            "day",
            "a four-digit year (YYYY)",
            "a two-digit month (MM)",
            "a two-digit day (DD)",
            "month between 01 and 12",
            "day between 01 and 29",
            "`T` between date and time",
            "hour",
            "`:` (HH:MM)",
            "minute",
            "second",
            "nanosecond",
            "a two-digit hour (HH)",
            "a two-digit minute (MM)",
            "a two-digit second (SS)",
            "hour between 00 and 23",
            "minute between 00 and 59",
            "second between 00 and 60",
            "nanoseconds overflowed",
            "hours between 00 and 23",
            "minutes between 00 and 59",
            "`Z`, +OFFSET, -OFFSET",
        ];
        for e in expected {
            let m = format!("invalid value, expected {e}");
            assert!(czech(&m).is_some(), "{m}");
        }
    }
}
