//! The identity of this build of kpss, for the build cache's key (`pipeline::cache`): a hash
//! of every file that decides how a page is rendered (the sources, the built-in themes and
//! starter, the locked dependencies), the compiler and the profile. Another build of kpss
//! never trusts a cache this one wrote. Cheaper than hashing the executable at every run
//! (124 MB with debug info: 0.3 s just to read).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

const INPUTS: &[&str] = &["src", "themes", "starter", "Cargo.toml", "Cargo.lock"];

fn main() {
    let mut h = DefaultHasher::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        add(Path::new(input), &mut h);
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    if let Ok(out) = std::process::Command::new(rustc).arg("-vV").output() {
        out.stdout.hash(&mut h);
    }
    for var in ["PROFILE", "TARGET", "OPT_LEVEL", "DEBUG"] {
        std::env::var(var).ok().hash(&mut h);
    }
    let mut features: Vec<String> = std::env::vars()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("CARGO_FEATURE_"))
        .collect();
    features.sort();
    features.hash(&mut h);
    println!("cargo:rustc-env=KPSS_BUILD_ID={:016x}", h.finish());
}

/// Every file under `path` (sorted, so the hash does not depend on the file system's order).
fn add(path: &Path, h: &mut DefaultHasher) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            add(&e, h);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        path.to_string_lossy().hash(h);
        bytes.hash(h);
    }
}
