//! Invalid sites under tests/invalid/: one folder per class of mistake. Each is checked
//! in-process: it must fail, its report (rustc-style text) is snapshotted, and targeted
//! assertions pin what a snapshot could hide (the exact `file:line:col`, the hint, the count).

use crate::common::copy_tree;
use std::path::PathBuf;
use std::process::Command;

use kpss::diagnostics::Diagnostics;
use kpss::pipeline::{Options, Outcome, run};

const DATE: &str = "2026-11-25";

fn invalid_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

/// Every folder under tests/invalid/, sorted.
fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(invalid_root())
        .expect("tests/invalid exists")
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    Content,
    Config,
}

struct Failed {
    failure: Failure,
    diagnostics: Diagnostics,
    text: String,
}

/// Run `check` on one invalid case in-process; panics if it succeeds.
fn check(case: &str) -> Failed {
    let root = invalid_root().join(case);
    let opts = Options {
        root: root.clone(),
        output: None,
        date: DATE.parse().unwrap(),
        base_url: None,
        check_only: true,
        drafts: false,
        cache: false,
    };
    match run(&opts)
        .unwrap_or_else(|e| panic!("{case}: the pipeline failed with an I/O error: {e:#}"))
    {
        Outcome::Done { .. } => panic!("{case}: an invalid site passed the check"),
        Outcome::ContentErrors(d, c) => Failed {
            failure: Failure::Content,
            text: d.render_plain(c.language),
            diagnostics: d,
        },
        Outcome::ConfigErrors(d) => Failed {
            failure: Failure::Config,
            text: d.render_plain(d.language()),
            diagnostics: d,
        },
    }
}

/// What each case must show, beyond its snapshot.
struct Expect {
    case: &'static str,
    failure: Failure,
    /// Number of errors (and of diagnostics: no case has warnings).
    errors: usize,
    /// The summary line, exactly.
    summary: &'static str,
    /// Substrings that must all appear: positions (`--> file:line:col`, or `--> file` plus a
    /// newline for a problem with the file as a whole), the offending line as shown in the
    /// snippet, the bad value and the hint.
    has: &'static [&'static str],
}

const CASES: &[Expect] = &[
    Expect {
        case: "service-bad-identifier",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:5:14\n",
            "identifikátor služby \"12345\" nemá sedm číslic",
            "rada: opište identifikátor z registru poskytovatelů sociálních služeb, např. identifier = \"1234567\"",
        ],
    },
    Expect {
        case: "service-duplicate-identifier",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:5:14\n",
            "identifikátor 1234567 už má služba v content/sluzby/osobni-asistence.md",
            "rada: každá registrovaná služba má vlastní identifikátor",
        ],
    },
    Expect {
        case: "service-missing-fields",
        failure: Failure::Content,
        errors: 2,
        summary: "2 chyby v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:2:1\n",
            "chybí povinné pole `provider`",
            "chybí povinné pole `type`",
            "rada: doplňte řádek `type = \"40\"`",
        ],
    },
    Expect {
        case: "service-reserved-name",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/sluzby/tisk.md\n",
            "adresu /planovani/sluzby/tisk/ už používá rejstřík, který kpss vytváří sám",
            "rada: přejmenujte",
        ],
    },
    Expect {
        case: "service-section-sign",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:4:8\n",
            "\"§ 40\" není druh sociální služby podle zákona č. 108/2006 Sb.",
            "rada: pište jen číslo paragrafu: type = \"40\"",
        ],
    },
    Expect {
        case: "service-unknown-fee",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:5:7\n",
            "neplatná hodnota pole `fee`: \"zdarma\"",
            "Povolené hodnoty: bezplatna, hrazena",
        ],
    },
    Expect {
        case: "service-unknown-form",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:5:21\n",
            "neplatná hodnota pole `forms`: \"domaci\"",
            "rada: povolené hodnoty: ambulantni, terenni, pobytova",
        ],
    },
    Expect {
        case: "service-unknown-key",
        failure: Failure::Content,
        errors: 3,
        summary: "3 chyby v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:5:1\n",
            "neznámé pole `form`",
            "měli jste na mysli `forms`?",
            " --> content/sluzby/pecovatelska.md:7:1\n",
            "měli jste na mysli `address`?",
        ],
    },
    Expect {
        case: "service-unknown-type",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:4:8\n",
            "\"41b\" není druh sociální služby podle zákona č. 108/2006 Sb.",
            "rada: nejbližší: 41, 40, 42; zákon zná § 37, § 39–52 a § 54–70 (i 60a)",
            "type = \"souvisejici\"",
        ],
    },
    Expect {
        case: "service-unresolved-references",
        failure: Failure::Content,
        errors: 3,
        summary: "3 chyby v 1 souboru",
        has: &[
            " --> content/sluzby/pecovatelska.md:3:12\n",
            "odkaz na neexistující organizaci: \"charita-kaplice\"",
            "rada: nejbližší existující: charita",
            " --> content/sluzby/pecovatelska.md:5:18\n",
            "nejbližší existující: seniori",
            " --> content/sluzby/pecovatelska.md:6:22\n",
            "odkaz na neexistující území: \"kaplice\"",
        ],
    },
    Expect {
        case: "bad-file-name",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/skupiny/Senioři.md\n",
            "jméno souboru \"Senioři\" není platný slug",
            "rada: přejmenujte na \"seniori\"",
        ],
    },
    Expect {
        case: "broken-fragment",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/skupiny/ps-seniori.md:6:5\n",
            "6 | Viz [cíle plánu](../dokumenty/kp.md#neni-nadpis).",
            "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
            "odkaz na neexistující místo #neni-nadpis v content/jh/dokumenty/kp.md",
            "rada: nadpisy v content/jh/dokumenty/kp.md: #cile",
        ],
    },
    Expect {
        case: "broken-markdown-link",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/skupiny/ps-seniori.md:6:20\n",
            "6 | Skupina připravuje [plán](../dokumenty/neni.md).",
            "odkaz na neexistující soubor \"../dokumenty/neni.md\" (content/jh/dokumenty/neni.md)",
            "rada: složka content/jh/dokumenty/ neobsahuje žádnou stránku .md",
        ],
    },
    Expect {
        case: "config-missing-base-url",
        failure: Failure::Config,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> config.toml:1:1\n",
            "chybí povinné pole `base_url`",
            "base_url = \"https://example.org/\"",
        ],
    },
    Expect {
        case: "config-english",
        failure: Failure::Config,
        errors: 1,
        summary: "1 error in 1 file",
        has: &[
            " --> config.toml:4:1\n",
            "error: unknown field `descripton`",
            "help: did you mean `description`?",
        ],
    },
    Expect {
        case: "config-unknown-key",
        failure: Failure::Config,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> config.toml:3:1\n",
            "3 | descripton = \"Plánování sociálních služeb\"",
            "  | ^^^^^^^^^^\n",
            "neznámé pole `descripton`",
            "měli jste na mysli `description`?",
        ],
    },
    Expect {
        case: "duplicate-url",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/skupiny.md\n",
            "adresu /planovani/skupiny/ už používá rejstřík, který kpss vytváří sám",
            "rada: přejmenujte",
        ],
    },
    Expect {
        case: "duplicate-url-two-files",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/o.md\n",
            "adresu /planovani/jh/o/ už používá content/jh/o/_index.md",
            "rada: přejmenujte",
        ],
    },
    Expect {
        case: "empty-file",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/o-nas.md\n",
            "soubor je prázdný",
            "rada: soubor musí začínat řádkem `+++`",
        ],
    },
    Expect {
        case: "english",
        failure: Failure::Content,
        errors: 1,
        summary: "1 error in 1 file",
        has: &[
            "error: unknown field `titel`",
            " --> content/jh/jednani/ps-seniori-01.md:4:1\n",
            "4 | titel = \"Opening meeting\"",
            "help: did you mean `title`?",
        ],
    },
    Expect {
        case: "file-and-url",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/dokumenty/kp.md:5:7\n",
            "5 | url = \"https://example.org/kp.pdf\"",
            "dokument má zároveň `file` i `url`",
            "rada: ponechte jen jedno",
        ],
    },
    Expect {
        case: "missing-attached-file",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/jednani/ps-seniori-01.md:4:11\n",
            "4 | minutes = \"zapis.pdf\"",
            "  |           ^^^^^^^^^^^\n",
            "soubor \"zapis.pdf\" neexistuje (content/jh/jednani/zapis.pdf)",
            "rada: nahrajte soubor do složky content/jh/jednani/",
        ],
    },
    Expect {
        case: "missing-required-field",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/skupiny/ps-seniori.md:2:1\n",
            "chybí povinné pole `kind`",
            "kind = \"pracovni\"",
        ],
    },
    Expect {
        case: "no-front-matter",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/o-nas.md:1:1\n",
            "1 | # O nás",
            "soubor nezačíná hlavičkou `+++`",
            "rada: na první řádek napište `+++`",
        ],
    },
    Expect {
        case: "not-utf8",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/skupiny/ps-seniori.md\n",
            "soubor není v kódování UTF-8 (neplatný bajt na řádku 2, bajt 20)",
            "Windows-1250",
        ],
    },
    Expect {
        // The first file to claim a number keeps it: both others name that one.
        case: "meeting-number-twice",
        failure: Failure::Content,
        errors: 2,
        summary: "2 chyby ve 2 souborech",
        has: &[
            " --> content/jh/jednani/ps-seniori-02.md:3:10\n",
            " --> content/jh/jednani/ps-seniori-03.md:3:10\n",
            "1. jednání této skupiny už popisuje content/jh/jednani/ps-seniori-01.md",
            "rada: opravte číslo `number`",
        ],
    },
    Expect {
        case: "number-too-large",
        failure: Failure::Content,
        errors: 2,
        summary: "2 chyby ve 2 souborech",
        has: &[
            " --> content/jh/jednani/ps-seniori-03.md:3:10\n",
            "pole `number`: číslo je příliš velké (celé číslo smí být od −9 223 372 036 854 775 808 do 9 223 372 036 854 775 807)",
            " --> content/jh/jednani/ps-seniori-04.md:3:10\n",
            "pořadové číslo jednání 200000 je příliš velké (nejvýš 100 000)",
        ],
    },
    Expect {
        case: "plan-activity-named-a-year",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/plany/kp/2021.md\n",
            "jméno souboru aktivity \"2021\" je rok: tuto adresu má přehled plánu za rok 2021",
            "rada: pojmenujte soubor podle aktivity",
        ],
    },
    Expect {
        case: "plan-activity-outside-plan-folder",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/plany/pecovatelska.md\n",
            "aktivita content/jh/plany/pecovatelska.md neleží ve složce plánu",
            "rada: přesuňte soubor do složky svého plánu",
        ],
    },
    Expect {
        case: "plan-activity-without-measure",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/odlehcovaci.md:2:8\n",
            "2 | code = \"1.2.1\"",
            "aktivita \"1.2.1\" patří k opatření \"1.2\", které plán nemá",
            "rada: opatření plánu: 1.1 (přidejte do _index.md plánu [[measures]] s code = \"1.2\"",
        ],
    },
    Expect {
        case: "plan-bad-period",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/_index.md:3:10\n",
            "období plánu \"od roku 2020\" nejsou roky od–do",
            "rada: period = \"2020–2022\"",
        ],
    },
    Expect {
        case: "plan-duplicate-codes",
        failure: Failure::Content,
        errors: 3,
        summary: "3 chyby ve 2 souborech",
        has: &[
            " --> content/jh/plany/kp/_index.md:15:8\n",
            "kód \"1\" už v tomto plánu používá jiná priorita",
            " --> content/jh/plany/kp/_index.md:24:8\n",
            "kód \"1.1\" už v tomto plánu používá jiné opatření",
            " --> content/jh/plany/kp/b.md:2:8\n",
            "kód \"1.1.1\" už v tomto plánu používá content/jh/plany/kp/a.md",
            "rada: kódy jsou v plánu jedinečné",
        ],
    },
    Expect {
        case: "plan-folder-without-index",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/plany/kp-2020/pecovatelska.md\n",
            "složka plánu content/jh/plany/kp-2020/ nemá soubor _index.md",
            "rada: vytvořte content/jh/plany/kp-2020/_index.md s poli title a period (kpss new plan)",
        ],
    },
    Expect {
        case: "plan-index-in-plans-folder",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            "--> content/jh/plany/_index.md\n",
            "adresu /planovani/jh/plany/ má seznam plánů území, který kpss vytváří sám",
            "rada: úvod k plánům napište do textu území",
        ],
    },
    Expect {
        case: "plan-measure-without-priority",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/_index.md:15:8\n",
            "opatření \"2.1\" patří k prioritě \"2\", kterou plán nemá",
            "rada: priority plánu: 1",
        ],
    },
    Expect {
        case: "plan-monitoring-year-twice",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/pecovatelska.md:10:8\n",
            "rok 2021 je v plnění aktivity uveden dvakrát",
            "rada: každý rok má jednu tabulku [[monitoring]]",
        ],
    },
    Expect {
        case: "plan-priority-without-target-group",
        failure: Failure::Content,
        errors: 2,
        summary: "2 chyby v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/_index.md:9:1\n",
            "priorita 1 nemá cílovou skupinu ani není průřezová",
            "rada: doplňte `target_group = \"seniori\"`",
            " --> content/jh/plany/kp/_index.md:17:17\n",
            "průřezová priorita nemá vlastní cílovou skupinu",
        ],
    },
    Expect {
        case: "plan-unknown-key",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/pecovatelska.md:4:1\n",
            "neznámé pole `naklady`",
            "cost",
        ],
    },
    Expect {
        case: "plan-unknown-monitoring-status",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/pecovatelska.md:7:10\n",
            "neplatná hodnota pole `status`: \"splnen\"",
            "Povolené hodnoty: splneno, plni-se, castecne, nesplneno, odlozeno, zruseno",
        ],
    },
    Expect {
        case: "plan-unresolved-references",
        failure: Failure::Content,
        errors: 6,
        summary: "6 chyb ve 2 souborech",
        has: &[
            " --> content/jh/plany/kp/_index.md:4:12\n",
            "odkaz na neexistující dokument: \"kp-pdf\"",
            " --> content/jh/plany/kp/_index.md:5:12\n",
            "odkaz na neexistující plán: \"kp-2017\"",
            "rada: nejbližší existující: kp\n",
            " --> content/jh/plany/kp/_index.md:6:18\n",
            "odkaz na neexistující cílovou skupinu: \"senior\"",
            " --> content/jh/plany/kp/pecovatelska.md:4:18\n",
            "odkaz na neexistující organizaci: \"charitas\"",
            " --> content/jh/plany/kp/pecovatelska.md:5:11\n",
            "odkaz na neexistující skupinu: \"ps-senior\"",
            " --> content/jh/plany/kp/pecovatelska.md:6:13\n",
            "odkaz na neexistující službu: \"pecovatelska-sluzb\"",
            "rada: nejbližší existující: pecovatelska-sluzba\n",
        ],
    },
    Expect {
        case: "plan-year-outside-period",
        failure: Failure::Content,
        errors: 2,
        summary: "2 chyby v 1 souboru",
        has: &[
            " --> content/jh/plany/kp/pecovatelska.md:4:16\n",
            "rok 2023 leží mimo období plánu 2020–2022",
            " --> content/jh/plany/kp/pecovatelska.md:7:8\n",
            "rok 2019 leží mimo období plánu 2020–2022",
            "[[extensions]]",
        ],
    },
    Expect {
        case: "script-url",
        failure: Failure::Content,
        errors: 3,
        summary: "3 chyby ve 3 souborech",
        has: &[
            " --> content/organizace/spolek.md:4:7\n",
            "4 | web = \"javascript:alert(document.cookie)\"",
            "pole `web` není webová ani e-mailová adresa: \"javascript:alert(document.cookie)\"",
            "rada: adresa musí začínat https://, http:// nebo mailto: (např. web = \"https://example.org/\")",
            " --> content/organizace/charita.md:3:7\n",
            "(např. web = \"https://www.charita.example.org\")",
            " --> content/jh/dokumenty/mapa.md:4:7\n",
            "pole `url` není webová ani e-mailová adresa: \"data:text/html,<script>alert(1)</script>\"",
        ],
    },
    Expect {
        case: "several-errors",
        failure: Failure::Content,
        errors: 3,
        summary: "3 chyby ve 2 souborech",
        has: &[
            " --> content/jh/jednani/ps-seniori-01.md:2:9\n",
            "odkaz na neexistující skupinu: \"ps-senori\"",
            "rada: nejbližší existující: ps-seniori",
            " --> content/jh/jednani/ps-seniori-01.md:4:11\n",
            "soubor \"zapis.pdf\" neexistuje",
            " --> content/jh/skupiny/ps-seniori.md:3:8\n",
            "neplatná hodnota pole `kind`: \"pracovnni\"",
            "měli jste na mysli \"pracovni\"?",
        ],
    },
    Expect {
        case: "toml-syntax-error",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            // line 4 of the file: the `+++` fence is line 1, not skipped
            " --> content/jh/jednani/rs-01.md:4:9\n",
            "4 | place = MěÚ",
            "chyba v zápisu TOML: text musí být v uvozovkách",
            "rada: text v uvozovkách",
        ],
    },
    Expect {
        case: "unknown-enum-value",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/skupiny/ps-seniori.md:3:8\n",
            "3 | kind = \"pracovnni\"",
            "neplatná hodnota pole `kind`: \"pracovnni\"",
            "rada: měli jste na mysli \"pracovni\"?",
        ],
    },
    Expect {
        case: "unknown-key",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/jednani/ps-seniori-01.md:4:1\n",
            "4 | titel = \"Zahajovací jednání\"",
            "  | ^^^^^\n",
            "neznámé pole `titel`",
            "rada: měli jste na mysli `title`?",
        ],
    },
    Expect {
        case: "unknown-target-group",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/skupiny/ps-seniori.md:4:18\n",
            "4 | target_groups = [\"senioři\"]",
            "odkaz na neexistující cílovou skupinu: \"senioři\"",
            "rada: nejbližší existující: seniori",
            "config.toml",
        ],
    },
    Expect {
        case: "unresolved-reference",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/jednani/ps-seniori-01.md:2:9\n",
            "2 | group = \"ps-senori\"",
            "  |         ^^^^^^^^^^^\n",
            "odkaz na neexistující skupinu: \"ps-senori\"",
            "rada: nejbližší existující: ps-seniori",
        ],
    },
    Expect {
        case: "unterminated-front-matter",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/o-nas.md:1:1\n",
            "hlavička `+++` není uzavřena",
            "rada: za poslední pole hlavičky přidejte řádek `+++`",
        ],
    },
    Expect {
        case: "wrong-type",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/jh/jednani/ps-seniori-03.md:3:10\n",
            "3 | number = \"tři\"",
            "pole `number` má být celé číslo, je zde text",
            "rada: number = 3",
        ],
    },
    Expect {
        case: "yaml-front-matter",
        failure: Failure::Content,
        errors: 1,
        summary: "1 chyba v 1 souboru",
        has: &[
            " --> content/o-nas.md:1:1\n",
            "1 | ---",
            "hlavička v YAML (`---`) se nepoužívá",
            "`+++`",
            "TOML",
        ],
    },
];

#[test]
fn every_invalid_site_fails_and_its_report_is_snapshotted() {
    let names = case_names();
    assert!(names.len() >= 20, "tests/invalid/ has only {names:?}");
    for name in &names {
        let f = check(name);
        assert!(
            f.diagnostics.has_errors(),
            "{name}: failed without an error"
        );
        insta::with_settings!({snapshot_path => "snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(name.as_str(), f.text);
        });
    }
}

#[test]
fn every_case_has_targeted_expectations() {
    let names = case_names();
    let listed: Vec<&str> = CASES.iter().map(|c| c.case).collect();
    for n in &names {
        assert!(
            listed.contains(&n.as_str()),
            "tests/invalid/{n} has no entry in CASES"
        );
    }
    for c in &listed {
        assert!(
            names.iter().any(|n| n == c),
            "CASES names {c}, which is not in tests/invalid/"
        );
    }
}

#[test]
fn each_case_names_the_file_position_value_and_hint() {
    let mut failures = Vec::new();
    for e in CASES {
        let f = check(e.case);
        let mut problems = Vec::new();
        if f.failure != e.failure {
            problems.push(format!(
                "ended as {:?}, expected {:?}",
                f.failure, e.failure
            ));
        }
        if f.diagnostics.error_count() != e.errors {
            problems.push(format!(
                "{} errors, expected {}",
                f.diagnostics.error_count(),
                e.errors
            ));
        }
        if f.diagnostics.sorted().len() != e.errors {
            problems.push(format!(
                "{} diagnostics, expected {}",
                f.diagnostics.sorted().len(),
                e.errors
            ));
        }
        let last = f.text.trim_end().lines().last().unwrap_or("");
        if last != e.summary {
            problems.push(format!("summary {last:?}, expected {:?}", e.summary));
        }
        for s in e.has {
            if !f.text.contains(s) {
                problems.push(format!("missing {s:?}"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}\n--- report ---\n{}",
                e.case,
                problems.join("\n  "),
                f.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn toml_errors_count_lines_from_the_first_fence() {
    // The snippet's line number and the JSON line must both be the line in the file (4), not
    // the line inside the front matter (3).
    let f = check("toml-syntax-error");
    let d = &f.diagnostics.sorted()[0];
    assert_eq!(f.diagnostics.line_col(d), Some((4, 9)));
}

#[test]
fn json_report_has_one_object_per_line_with_all_fields() {
    let f = check("several-errors");
    let json = f.diagnostics.render_json();
    let lines: Vec<&str> = json.lines().collect();
    assert_eq!(lines.len(), 3, "{json}");
    let mut got = Vec::new();
    for line in &lines {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let obj = v
            .as_object()
            .unwrap_or_else(|| panic!("not an object: {line}"));
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["column", "file", "hint", "line", "message", "severity"],
            "{line}"
        );
        assert_eq!(obj["severity"], "error", "{line}");
        assert!(
            obj["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{line}"
        );
        assert!(
            obj["hint"].as_str().is_some_and(|m| !m.is_empty()),
            "{line}"
        );
        got.push((
            obj["file"].as_str().unwrap().to_string(),
            obj["line"].as_u64().unwrap(),
            obj["column"].as_u64().unwrap(),
        ));
    }
    assert_eq!(
        got,
        [
            ("content/jh/jednani/ps-seniori-01.md".to_string(), 2, 9),
            ("content/jh/jednani/ps-seniori-01.md".to_string(), 4, 11),
            ("content/jh/skupiny/ps-seniori.md".to_string(), 3, 8),
        ]
    );
}

fn kpss_check(case: &str, extra: &[&str]) -> std::process::Output {
    let root = invalid_root().join(case);
    Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(&root)
        .args(extra)
        .args(["check", "--date", DATE])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("kpss runs")
}

#[test]
fn the_binary_exits_1_on_content_errors_and_2_on_config_errors() {
    let out = kpss_check("several-errors", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(" --> content/jh/jednani/ps-seniori-01.md:2:9"),
        "{err}"
    );
    assert!(err.contains("3 chyby ve 2 souborech"), "{err}");
    assert!(
        !invalid_root().join("several-errors/dist").exists(),
        "check wrote output"
    );

    let out = kpss_check("several-errors", &["--message-format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 3, "{err}");
    for line in err.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }

    let out = kpss_check("config-missing-base-url", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`base_url`"), "{err}");
}

/// (severity word, file:line:col or file) of each diagnostic in a human report, in order:
/// a line starting with the severity opens one, its first `-->` line says where.
fn human_positions(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some((word, _)) = line.split_once(": ")
            && ["chyba", "varování", "error", "warning"].contains(&word)
        {
            out.push((word.to_string(), String::new()));
        } else if let Some(at) = line.trim_start().strip_prefix("--> ")
            && let Some(last) = out.last_mut()
            && last.1.is_empty()
        {
            last.1 = at.to_string();
        }
    }
    out
}

/// (severity word, file:line:col or file) of each `::error`/`::warning` workflow command.
fn github_positions(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("::")?;
            let (command, rest) = rest.split_once(' ')?;
            let (props, _message) = rest.split_once("::")?;
            let get = |k: &str| {
                props
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{k}=")))
                    .map(|v| {
                        v.replace("%3A", ":")
                            .replace("%2C", ",")
                            .replace("%25", "%")
                    })
            };
            let word = get("title")?.strip_prefix("kpss: ")?.to_string();
            assert!(
                matches!(
                    (command, word.as_str()),
                    ("error", "chyba" | "error") | ("warning", "varování" | "warning")
                ),
                "{line}"
            );
            let at = match (get("line"), get("col")) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", get("file")?),
                _ => get("file")?,
            };
            Some((word, at))
        })
        .collect()
}

/// `--message-format github` reports exactly what the human report does: for every invalid
/// site, as many `::error`/`::warning` lines as errors and warnings, each at the same
/// file:line:col, and then the same summary line.
#[test]
fn github_annotations_match_the_human_report_for_every_invalid_site() {
    for name in case_names() {
        let f = check(&name);
        let lang = f.diagnostics.language();
        let github = f.diagnostics.render_github(lang, "");
        let human = human_positions(&f.text);
        assert!(!human.is_empty(), "{name}: no diagnostic in\n{}", f.text);
        assert_eq!(
            github_positions(&github),
            human,
            "{name}:\n{github}\n--- human ---\n{}",
            f.text
        );
        assert_eq!(
            github.lines().filter(|l| l.starts_with("::")).count(),
            human.len(),
            "{name}: {github}"
        );
        assert_eq!(
            github.trim_end().lines().last(),
            f.text.trim_end().lines().last(),
            "{name}: the summary line differs"
        );
    }
}

/// The binary names files from the repository root when the site lies in a sub-folder of a
/// git repository (found by its `.git`), writes the annotations on stdout and exits 1; the
/// GitLab report is a JSON array whose fingerprints are unique and the same on every run.
#[test]
fn ci_formats_name_files_from_the_repository_root() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let site = repo.join("weby/kpss");
    copy_tree(&invalid_root().join("several-errors"), &site);
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_kpss"))
            .arg("--root")
            .arg(&site)
            .args(["--message-format", format, "check", "--date", DATE])
            .output()
            .expect("kpss runs")
    };
    let out = run("github");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        github_positions(&stdout),
        [
            "weby/kpss/content/jh/jednani/ps-seniori-01.md:2:9",
            "weby/kpss/content/jh/jednani/ps-seniori-01.md:4:11",
            "weby/kpss/content/jh/skupiny/ps-seniori.md:3:8",
        ]
        .map(|p| ("chyba".to_string(), p.to_string())),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("3 chyby ve 2 souborech"));

    let report = |out: &std::process::Output| -> Vec<serde_json::Value> {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    };
    let first = run("gitlab");
    assert_eq!(first.status.code(), Some(1));
    let issues = report(&first);
    assert_eq!(issues.len(), 3);
    for i in &issues {
        assert_eq!(i["severity"], "major", "{i}");
        assert!(i["check_name"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(
            i["description"]
                .as_str()
                .is_some_and(|s| s.contains("rada: "))
        );
        assert!(
            i["location"]["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("weby/kpss/content/jh/")),
            "{i}"
        );
        assert!(
            i["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
    }
    let prints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), 3, "fingerprints are not unique");
    assert_eq!(report(&run("gitlab")), issues, "a second run differs");
    // the human report goes to the job log
    assert!(String::from_utf8_lossy(&first.stderr).contains("3 chyby ve 2 souborech"));

    // a valid site: exit 0; its one warning (no `[accessibility]`, which `basic` lacks) is minor
    let ok = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .arg("--root")
        .arg(crate::common::fixture("basic"))
        .args(["--message-format", "gitlab", "check", "--date", DATE])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let warnings = report(&ok);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["severity"], "minor");
    assert!(
        warnings[0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("[accessibility]"))
    );
}
