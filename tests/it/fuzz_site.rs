//! Fuzzing whole builds: the example site (the repository's own `content/` and `config.toml`)
//! with one file mutated per case, built in-process into an output that holds the last good
//! build. The promises: no panic; every error names a file; a build that fails leaves the last
//! good output byte for byte; a build that succeeds is the new last good output.
//!
//! Bounded for CI: `KPSS_FUZZ_CASES` cases (default 48, each a build of the 183-page example);
//! the seed is printed, and `KPSS_FUZZ_SEED` replays a run.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use kpss::pipeline::{Outcome, run};
use proptest::prelude::*;
use proptest::test_runner::{Config as PtConfig, FileFailurePersistence, RngAlgorithm, TestRng};

use crate::common::*;

/// Snippets an editor (or an attacker) might put anywhere in a file.
const NASTY: &[&str] = &[
    "+++",
    "\n+++\n",
    "\"",
    "[",
    "]]",
    "{",
    "= ",
    "\n[[x]]\n",
    "date = 2025-13-45\n",
    "date = 17. 3. 2026\n",
    "number = 99999999999999999999\n",
    "number = -1\n",
    "group = \"neni\"\n",
    "web = \"javascript:alert(1)\"\n",
    "url = \"data:text/html,x\"\n",
    "file = \"../../../../etc/passwd\"\n",
    "## X {#x onfocus=alert(1) autofocus}\n",
    "[a](javascript:alert(1))",
    "![i](../../../config.toml)",
    "<div><div><div>",
    "<script>alert(1)</script>",
    "[x](../neni.md#kde)",
    "\u{0}",
    "\u{feff}",
    "ř\u{301}",
    "\r\n",
    "\t",
    "\\u{zz}",
    "title = \"\"\"\n",
    "minutes = [\"a.pdf\", 1]\n",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Insert a snippet at a byte fraction of the file.
    Insert(usize, f64),
    /// Cut the file at a fraction.
    Truncate(f64),
    /// Flip one byte at a fraction.
    Flip(f64, u8),
    /// Remove a line.
    DropLine(f64),
    /// Repeat the file.
    Double,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (0..NASTY.len(), 0.0..1.0f64).prop_map(|(i, f)| Mutation::Insert(i, f)),
        1 => (0.0..1.0f64).prop_map(Mutation::Truncate),
        2 => (0.0..1.0f64, any::<u8>()).prop_map(|(f, b)| Mutation::Flip(f, b)),
        2 => (0.0..1.0f64).prop_map(Mutation::DropLine),
        1 => Just(Mutation::Double),
    ]
}

fn apply(m: &Mutation, bytes: &[u8]) -> Vec<u8> {
    let at = |f: f64| ((bytes.len() as f64) * f) as usize;
    match m {
        Mutation::Insert(i, f) => {
            let mut v = bytes[..at(*f)].to_vec();
            v.extend_from_slice(NASTY[*i].as_bytes());
            v.extend_from_slice(&bytes[at(*f)..]);
            v
        }
        Mutation::Truncate(f) => bytes[..at(*f)].to_vec(),
        Mutation::Flip(f, b) => {
            let mut v = bytes.to_vec();
            if let Some(x) = v.get_mut(at(*f)) {
                *x ^= b | 1;
            }
            v
        }
        Mutation::DropLine(f) => {
            let text = String::from_utf8_lossy(bytes);
            let lines: Vec<&str> = text.lines().collect();
            let skip = ((lines.len() as f64) * f) as usize;
            lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes()
        }
        Mutation::Double => [bytes, bytes].concat(),
    }
}

/// Cases that built, and cases refused with errors (a run where no case fails tested nothing).
static BUILT: AtomicUsize = AtomicUsize::new(0);
static REFUSED: AtomicUsize = AtomicUsize::new(0);

/// The example site copied once; the files a case may mutate.
struct Example {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    files: Vec<String>,
}

impl Example {
    fn new() -> Example {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir(&root).unwrap();
        copy_tree(&repo().join("content"), &root.join("content"));
        std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
        let mut files: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .to_string()
            })
            .filter(|r| r.ends_with(".md") || r.ends_with(".toml"))
            .collect();
        files.sort();
        let out = dir.path().join("out");
        build_into(&root, &out, "2026-11-25", None);
        Example {
            _dir: dir,
            root,
            out,
            files,
        }
    }

    /// Mutate one file (the mutations one after another), build, check the promises, put the
    /// file back.
    fn case(&self, file: usize, ms: &[Mutation]) -> Result<(), TestCaseError> {
        let rel = &self.files[file % self.files.len()];
        let path = self.root.join(rel);
        let original = std::fs::read(&path).unwrap();
        let mutated = ms.iter().fold(original.clone(), |b, m| apply(m, &b));
        std::fs::write(&path, mutated).unwrap();
        let m = ms;
        let before = snapshot_tree(&self.out);
        let opts = build_options(&self.root, &self.out, "2026-11-25");
        let result = std::panic::catch_unwind(|| run(&opts));
        std::fs::write(&path, &original).unwrap();
        let outcome = match result {
            Err(_) => return Err(TestCaseError::fail(format!("panic on {rel} with {m:?}"))),
            Ok(r) => r,
        };
        let errors = match outcome {
            Ok(Outcome::Done { .. }) => {
                BUILT.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            Ok(Outcome::ContentErrors(d, _)) | Ok(Outcome::ConfigErrors(d)) => d,
            Err(e) => {
                return Err(TestCaseError::fail(format!(
                    "an I/O-level error for a content mutation of {rel} ({m:?}): {e:#}"
                )));
            }
        };
        REFUSED.fetch_add(1, Ordering::Relaxed);
        prop_assert!(errors.error_count() > 0, "{rel}: failed without an error");
        // Rendering the messages must not panic either (spans into mutated text).
        let rendered = std::panic::catch_unwind(|| errors.render_plain(kpss::czech::Lang::Cs));
        prop_assert!(
            rendered.is_ok(),
            "{rel} {m:?}: rendering the errors panicked"
        );
        for diag in errors.items() {
            // The example is a Czech site: no message carries the TOML parser's English.
            let english = [
                "expected",
                "invalid",
                "unclosed",
                "must be",
                "duplicate",
                "unexpected",
            ];
            prop_assert!(
                !english.iter().any(|w| diag.message.contains(w)),
                "{rel} {m:?}: English in a Czech message: {}",
                diag.message
            );
            prop_assert!(
                !diag.file.is_empty() && !diag.file.starts_with('-'),
                "{rel} {m:?}: an error without a file: {}",
                diag.message
            );
        }
        prop_assert!(
            snapshot_tree(&self.out) == before,
            "{rel} {m:?}: the last good output changed"
        );
        Ok(())
    }
}

fn cases() -> u32 {
    std::env::var("KPSS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

#[test]
fn mutated_example_sites_keep_the_promises() {
    let example = Example::new();
    let seed: u64 = std::env::var("KPSS_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    eprintln!("fuzz: {} cases, KPSS_FUZZ_SEED={seed}", cases());
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(
        PtConfig {
            cases: cases(),
            max_shrink_iters: 16,
            failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
            ..PtConfig::default()
        },
        TestRng::from_seed(RngAlgorithm::ChaCha, &bytes),
    );
    let n = example.files.len();
    let result = runner.run(
        &(0..n, proptest::collection::vec(mutation(), 1..4)),
        |(file, ms)| example.case(file, &ms),
    );
    if let Err(e) = result {
        panic!("KPSS_FUZZ_SEED={seed}: {e}");
    }
    let (built, refused) = (
        BUILT.load(Ordering::Relaxed),
        REFUSED.load(Ordering::Relaxed),
    );
    eprintln!("fuzz: {built} builds succeeded, {refused} were refused with errors");
    assert!(
        refused > 0,
        "no mutation broke the site: the fuzzer tested nothing"
    );
}
