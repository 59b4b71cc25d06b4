//! No input makes kpss panic: property tests over whole files, generated front matter,
//! references, slugs and Markdown. Each property runs a bounded number of cases
//! ([`CASES`]); the pipeline cases run `check` in-process on one temporary copy of the `basic`
//! fixture per property, rewriting one file per case and putting it back afterwards.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use kpss::pipeline::{Options, Outcome, run};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, FileFailurePersistence};

use crate::common::*;

/// Cases per property. Four properties: 4 × 256 = 1024 cases in all.
const CASES: u32 = 256;

fn config() -> PtConfig {
    PtConfig {
        cases: CASES,
        // Shrinking a pipeline case is slow; a failure prints its input anyway.
        max_shrink_iters: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..PtConfig::default()
    }
}

/// Cases run by each property, to print the total.
static RAN: AtomicUsize = AtomicUsize::new(0);

/// One temporary copy of `basic`; a case writes one file and [`Site::restore`] puts it back.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let src = fixture("basic");
        for e in walkdir::WalkDir::new(&src)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let target = root.join(e.path().strip_prefix(&src).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
        Site { _dir: dir, root }
    }

    /// Write `bytes` at `rel` (after the file's present text if `append`), run `check`, put
    /// the old file back; the outcome's error count.
    fn check_with(&self, rel: &str, bytes: &[u8], append: bool) -> usize {
        let path = self.root.join(rel);
        let old = std::fs::read(&path).ok();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut text = match (&old, append) {
            (Some(o), true) => o.clone(),
            _ => Vec::new(),
        };
        text.extend_from_slice(bytes);
        std::fs::write(&path, text).unwrap();
        let result = run(&Options {
            root: self.root.clone(),
            output: None,
            date: date("2026-11-25"),
            base_url: None,
            check_only: true,
            drafts: false,
            cache: false,
        });
        match old {
            Some(b) => std::fs::write(&path, b).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
        let outcome = result.unwrap_or_else(|e| panic!("{rel}: pipeline error {e:#}"));
        match outcome {
            Outcome::Done { .. } => 0,
            Outcome::ContentErrors(d, c) => {
                // Rendering the diagnostics must not panic either, whatever their spans.
                let _ = d.render_plain(c.language);
                let _ = d.render_json();
                d.error_count()
            }
            Outcome::ConfigErrors(d) => panic!("config errors: {}", d.render_plain(d.language())),
        }
    }
}

/// Where a case's file goes: every kind, existing files and new ones.
const PATHS: &[&str] = &[
    "content/_index.md",
    "content/jh/_index.md",
    "content/nove/_index.md",
    "content/jh/skupiny/rs.md",
    "content/jh/skupiny/nova.md",
    "content/jh/jednani/rs-01.md",
    "content/jh/jednani/nove.md",
    "content/jh/dokumenty/kp.md",
    "content/jh/dokumenty/novy.md",
    "content/jh/projekty/projekt-jh.md",
    "content/projekty/kraj.md",
    "content/organizace/cpkp.md",
    "content/jh/aktuality/zprava.md",
    "content/o-nas.md",
    "content/nekde/hluboko/stranka.md",
];

/// Pieces that make files interesting: fences, TOML fragments, Markdown, links, raw HTML.
const PIECES: &[&str] = &[
    "+++\n",
    "+++",
    "---\n",
    "\u{feff}",
    "\n",
    "\r\n",
    "title = \"Název\"\n",
    "title = 5\n",
    "title = \"\"\"\nvíce\nřádků\"\"\"\n",
    "name = \"Jindřichův Hradec\"\n",
    "kind = \"orp\"\n",
    "kind = \"pracovni\"\n",
    "kind = \"akce\"\n",
    "kind = \"zapis\"\n",
    "group = \"rs\"\n",
    "group = \"jh/ps-deti\"\n",
    "group = \"neni\"\n",
    "group = \"/\"\n",
    "number = 3\n",
    "number = -1\n",
    "number = 99999999999999999999\n",
    "number = 0x7fffffffffffffff\n",
    "date = 2019-06-12\n",
    "date = 2019-02-30\n",
    "date = \"2019-13\"\n",
    "date = \"0000\"\n",
    "date = 2019-06-12T10:00:00Z\n",
    "date = 1979-05-27T07:32:00\n",
    "time = \"25:99\"\n",
    "minutes = \"rs-01.pdf\"\n",
    "minutes = \"../../../config.toml\"\n",
    "file = \"kp.pdf\"\n",
    "file = \"/etc/passwd\"\n",
    "file = \"\"\n",
    "url = \"javascript:alert(1)\"\n",
    "url = \"https://example.org/\"\n",
    "attachments = [\"rs-02.pdf\", \"rs-02.pdf\"]\n",
    "documents = [\"kp\", \"ck/x\", \"\"]\n",
    "target_groups = [\"seniori\", 1]\n",
    "territories = [\"jh\", \"jh\", \"zz\"]\n",
    "output_documents = [\"kp\"]\n",
    "implementer = \"cpkp\"\n",
    "budget = -5\n",
    "start = \"2018\"\n",
    "end = 2017-01-01\n",
    "menu = true\n",
    "weight = -9223372036854775808\n",
    "draft = true\ncomments_until = 2020-01-01\n",
    "[[contacts]]\nname = \"A\"\nemail = \"a@b.cz\"\norganization = \"mesto-jh\"\n",
    "[[members]]\nrole = \"x\"\n",
    "[[history]]\nperiod = \"2012–2014\"\n",
    "[contacts]\n",
    "a.b.c = 1\n",
    "= \"\"\n",
    "\"ключ\" = \"\u{0}\"\n",
    "# Nadpis\n",
    "## Cíle {#cile}\n",
    "###### h6\n",
    "[plán](../dokumenty/kp.md#cile)\n",
    "[plán](@/jh/dokumenty/kp.md#neni)\n",
    "[x](@/)\n",
    "[x](@/../../etc.md)\n",
    "[x](../../../../x.md)\n",
    "[x](kp.pdf)\n",
    "[x](<>)\n",
    "![obr](obr.png \"t\")\n",
    "[^1]\n\n[^1]: pozn.\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "```rust\nfn main() {}\n```\n",
    "```\nneuzavřený kód\n",
    "<script>alert(1)</script>\n",
    "<a href=\"javascript:x\" onclick=\"y\">z</a>\n",
    "<div>\n\n*md*\n\n</div>\n",
    "<!-- komentář\n",
    "&#0; &#x110000; &amp\n",
    "- [ ] úkol\n- [x] hotovo\n",
    "~~škrt~~ **tučně** _kurzíva_\n",
    "\\",
    "\"",
    "'",
    "ř",
    "𝕏",
    "\u{200b}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[ -~]{0,12}",
    ]
}

/// A whole file: arbitrary text, or a sequence of pieces (often starting with a fence).
fn file_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        4 => (any::<bool>(), proptest::collection::vec(piece(), 0..24)).prop_map(|(fence, ps)| {
            let mut s = if fence { "+++\n".to_string() } else { String::new() };
            for p in ps {
                s.push_str(&p);
            }
            s
        }),
    ]
}

#[test]
fn any_file_anywhere_never_panics_the_pipeline() {
    let site = Site::new();
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let ran = AtomicUsize::new(0);
    let with_errors = AtomicUsize::new(0);
    runner
        .run(
            &(
                proptest::sample::select(PATHS),
                file_text(),
                any::<bool>(),
                any::<bool>(),
            ),
            |(rel, text, as_bytes, append)| {
                ran.fetch_add(1, Ordering::Relaxed);
                // Sometimes not UTF-8 at all; sometimes after the file's own valid text, as a
                // body that reaches the renderer.
                let mut bytes = text.into_bytes();
                if as_bytes && !append {
                    bytes.push(0xff);
                }
                if site.check_with(rel, &bytes, append) > 0 {
                    with_errors.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            },
        )
        .unwrap();
    eprintln!(
        "proptest any file anywhere: {} of the cases had content errors",
        with_errors.load(Ordering::Relaxed)
    );
    report("any file anywhere", &ran);
}

// ---------------------------------------------------------------------------------------------
// Structured front matter with counted mistakes

#[derive(Clone, Copy, Debug)]
enum Ty {
    Str,
    Int,
    Bool,
    Date,
    StrList,
    /// A reference; the slugs that exist.
    Ref(&'static [&'static str]),
    RefList(&'static [&'static str]),
    /// One of these values.
    Enum(&'static [&'static str]),
    /// A file beside the page; the names that exist.
    File(&'static [&'static str]),
}

use Ty::*;

struct Kind {
    path: &'static str,
    fields: &'static [(&'static str, Ty)],
}

const GROUPS: &[&str] = &["rs", "ps-deti"];
const DOCS: &[&str] = &["kp", "navrh"];
const ORGS: &[&str] = &["cpkp", "mesto-jh"];

const KINDS: &[Kind] = &[
    Kind {
        path: "content/nove/_index.md",
        fields: &[
            ("title", Str),
            ("name", Str),
            ("kind", Enum(&["orp", "pou", "mikroregion"])),
            ("code", Str),
            ("region", Str),
            ("municipalities", StrList),
            ("planning_since", Int),
        ],
    },
    Kind {
        path: "content/jh/skupiny/nova.md",
        fields: &[
            ("title", Str),
            ("short", Str),
            ("kind", Enum(&["ridici", "pracovni", "koordinacni", "jina"])),
            ("target_groups", RefList(&["seniori", "deti"])),
            ("locality", Str),
            ("active", Str),
        ],
    },
    Kind {
        path: "content/jh/jednani/nove.md",
        fields: &[
            ("group", Ref(GROUPS)),
            ("date", Date),
            ("number", Int),
            ("title", Str),
            (
                "kind",
                Enum(&["jednani", "verejne-projednani", "kulaty-stul", "akce"]),
            ),
            ("place", Str),
            ("agenda", StrList),
            ("minutes", File(&["rs-01.pdf", "rs-02.pdf"])),
            ("documents", RefList(DOCS)),
        ],
    },
    Kind {
        path: "content/jh/dokumenty/novy.md",
        fields: &[
            ("title", Str),
            (
                "kind",
                Enum(&["komunitni-plan", "akcni-plan", "analyza", "zapis", "jiny"]),
            ),
            ("file", File(&["kp.pdf"])),
            ("published", Date),
            ("period", Str),
            ("project", Ref(&["projekt-jh"])),
            ("group", Ref(GROUPS)),
            ("meeting", Ref(&["rs-01", "ps-deti-01"])),
            ("draft", Bool),
            ("comments_until", Date),
            ("comments_to", Str),
            (
                "status",
                Enum(&["pracovni", "navrh", "definitivni", "aktualizovany"]),
            ),
        ],
    },
    Kind {
        path: "content/jh/projekty/novy.md",
        fields: &[
            ("title", Str),
            ("registration", Str),
            ("programme", Str),
            ("funding", StrList),
            ("implementer", Ref(ORGS)),
            ("partners", RefList(ORGS)),
            ("start", Date),
            ("end", Date),
            ("budget", Int),
            ("territories", RefList(&["jh", "ck"])),
            ("goals", StrList),
            ("output_documents", RefList(DOCS)),
        ],
    },
    Kind {
        path: "content/organizace/nova.md",
        fields: &[
            ("title", Str),
            ("kind", Str),
            ("ico", Str),
            ("web", Str),
            ("address", Str),
            ("email", Str),
            ("phone", Str),
        ],
    },
    Kind {
        path: "content/o-projektu.md",
        fields: &[("title", Str), ("weight", Int), ("menu", Bool)],
    },
];

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value for a field of type `ty`: (TOML text, is it a mistake kpss must report).
/// `pick` chooses among the variants; `text` is free text.
fn value(ty: Ty, pick: u8, text: &str, n: i64) -> (String, bool) {
    let wrong = |p: u8| match p % 3 {
        0 => "42".to_string(),
        1 => "true".to_string(),
        _ => "{ a = 1 }".to_string(),
    };
    match (ty, pick % 4) {
        (Str, 3) | (StrList, 3) => (wrong(pick / 4), true),
        (Str, _) => (quote(text), false),
        (StrList, _) => (format!("[{}, \"b\"]", quote(text)), false),
        (Int, 3) => (quote(text), true),
        (Int, _) => (n.to_string(), false),
        (Bool, 3) => (quote("ano"), true),
        (Bool, _) => (pick.is_multiple_of(2).to_string(), false),
        (Date, 0) => ("2019-06-12".into(), false),
        (Date, 1) => (quote("2019-06"), false),
        (Date, 2) => (quote("2019-13"), true),
        (Date, _) => ("true".into(), true),
        (Ref(ok), 3) | (RefList(ok), 3) | (Enum(ok), 3) | (File(ok), 3) => {
            // Something that does not exist (a slug never used in the fixture).
            let bad = format!("zz-{}", kpss::czech::slug::slugify(text));
            let bad = if ok.contains(&bad.as_str()) {
                "zz".to_string()
            } else {
                bad
            };
            match ty {
                RefList(_) => (format!("[{}]", quote(&bad)), true),
                File(_) => (quote(&format!("{bad}.pdf")), true),
                _ => (quote(&bad), true),
            }
        }
        (RefList(ok), p) => {
            let items: Vec<String> = ok.iter().take(p as usize).map(|s| quote(s)).collect();
            (format!("[{}]", items.join(", ")), false)
        }
        (Ref(ok), p) | (Enum(ok), p) | (File(ok), p) => (quote(ok[p as usize % ok.len()]), false),
    }
}

/// Keys no kind knows.
const UNKNOWN: &[&str] = &["titel", "datum", "skupina", "x", "kind_", "Title", "popis"];

#[test]
fn generated_front_matter_reports_at_least_every_mistake() {
    let site = Site::new();
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let ran = AtomicUsize::new(0);
    let with_errors = AtomicUsize::new(0);
    let strategy = (
        0..KINDS.len(),
        proptest::collection::vec(
            (any::<u8>(), any::<bool>(), "\\PC{0,10}", -5i64..100),
            0..14,
        ),
        proptest::collection::btree_set(proptest::sample::select(UNKNOWN), 0..3),
        "\\PC{0,40}",
    );
    runner
        .run(&strategy, |(k, picks, unknown, body)| {
            ran.fetch_add(1, Ordering::Relaxed);
            let kind = &KINDS[k];
            let mut fields: BTreeMap<&str, String> = BTreeMap::new();
            let mut mistakes = 0;
            for (i, (pick, present, text, n)) in picks.iter().enumerate() {
                let (key, ty) = kind.fields[i % kind.fields.len()];
                if !present || fields.contains_key(key) {
                    continue;
                }
                let (v, wrong) = value(ty, *pick, text, *n);
                mistakes += usize::from(wrong);
                fields.insert(key, v);
            }
            for u in &unknown {
                fields.insert(u, quote("?"));
                mistakes += 1;
            }
            let mut text = String::from("+++\n");
            for (k, v) in &fields {
                text.push_str(&format!("{k} = {v}\n"));
            }
            text.push_str("+++\n");
            text.push_str(&body);
            let errors = site.check_with(kind.path, text.as_bytes(), false);
            if errors > 0 {
                with_errors.fetch_add(1, Ordering::Relaxed);
            }
            prop_assert!(
                errors >= mistakes,
                "{} errors for {mistakes} mistakes in\n{text}",
                errors
            );
            Ok(())
        })
        .unwrap();
    eprintln!(
        "proptest generated front matter: {} of the cases had content errors",
        with_errors.load(Ordering::Relaxed)
    );
    report("generated front matter", &ran);
}

// ---------------------------------------------------------------------------------------------
// Pure functions

#[test]
fn slugify_is_idempotent_and_gives_a_valid_slug_or_nothing() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let ran = AtomicUsize::new(0);
    let strategy = prop_oneof![
        any::<String>(),
        "[ a-zA-Z0-9ěščřžýáíéúůťďňĚŠČŘŽÝÁÍÉÚŮŤĎŇ§%_.,/-]{0,30}",
    ];
    runner
        .run(&strategy, |s| {
            ran.fetch_add(1, Ordering::Relaxed);
            let once = kpss::czech::slug::slugify(&s);
            prop_assert_eq!(&kpss::czech::slug::slugify(&once), &once);
            prop_assert!(
                once.is_empty() || kpss::czech::slug::is_valid_slug(&once),
                "{once:?}"
            );
            Ok(())
        })
        .unwrap();
    report("slugify", &ran);
}

#[test]
fn sanitised_markdown_never_contains_a_script() {
    let mut runner = proptest::test_runner::TestRunner::new(config());
    let ran = AtomicUsize::new(0);
    const HTML: &[&str] = &[
        "<script>",
        "</script>",
        "<SCRIPT src=x>",
        "<scr",
        "ipt>",
        "<script",
        "<svg><script>a</script></svg>",
        "<a href=\"javascript:x\">",
        "<img src=x onerror=y>",
        "<iframe>",
        "<style>",
        "<![CDATA[",
        "<!--",
        "-->",
        "```\n",
        "`",
        "\n\n",
        "    ",
        "&lt;script&gt;",
        "[a](javascript:alert(1))",
        "<div>",
        "</div>",
        "\\<script>",
    ];
    let strategy = proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(HTML).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..20,
    )
    .prop_map(|v| v.concat());
    runner
        .run(&strategy, |body| {
            ran.fetch_add(1, Ordering::Relaxed);
            let r = kpss::markdown::render(&body, false, &|_, _| kpss::markdown::LinkAction::Keep);
            prop_assert!(
                !r.html.to_lowercase().contains("<script"),
                "{body:?} → {}",
                r.html
            );
            // No element runs code: no script element, no `on…` handler, no javascript: URL.
            let doc = scraper::Html::parse_fragment(&r.html);
            for el in doc
                .root_element()
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
            {
                let v = el.value();
                prop_assert!(v.name() != "script", "{body:?} → {}", r.html);
                for (name, value) in v.attrs() {
                    let value: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_lowercase();
                    prop_assert!(!name.starts_with("on"), "{body:?} → {}", r.html);
                    prop_assert!(!value.starts_with("javascript:"), "{body:?} → {}", r.html);
                }
            }
            Ok(())
        })
        .unwrap();
    report("sanitised markdown", &ran);
}

fn report(name: &str, ran: &AtomicUsize) {
    let n = ran.load(Ordering::Relaxed);
    let total = RAN.fetch_add(n, Ordering::Relaxed) + n;
    eprintln!("proptest {name}: {n} cases (this run so far: {total})");
}
