//! `kpss new` and `kpss init`: the templates of new content files and the starter site.
//! Everything here refuses to overwrite: a file is created with `create_new`, and a refusal
//! names the path. `new` writes only inside `content/` (every path component is a checked slug,
//! a folder name from `config.toml`, or the bare name of a copied file); `init` writes only
//! into an empty or missing folder. Each file written is valid as written: `kpss check` passes.

mod init;
mod new;
mod new_plan;
mod new_service;

pub use init::{Ci, init, init_ci};
pub use new::new_item;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use include_dir::include_dir;

use crate::czech::Lang;
use crate::czech::slug::{is_valid_slug, slugify};
use crate::i18n::tr;
use crate::source::config::{Config, Folders};

/// What `kpss new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// `content/<území>/_index.md`
    Territory,
    /// `content/<území>/skupiny/<slug>.md`
    Group,
    /// `content/<území>/jednani/<skupina>-<NN>.md`, numbered as the group's next meeting
    Meeting,
    /// `content/<území>/dokumenty/<slug>.md`, with its file copied beside it
    Document,
    /// `content/<území>/projekty/<slug>.md`, or `content/projekty/<slug>.md` without a territory
    Project,
    /// `content/sluzby/<slug>.md`, a service of the catalogue (`--provider <organizace>`)
    Service,
    /// `content/<území>/plany/<slug>/_index.md`, a plan (a draft until it gets `[approval]`)
    Plan,
    /// `content/<území>/plany/<plán>/<slug>.md`, coded as the next activity of `--measure`
    Activity,
}

/// The arguments of `kpss new` after the kind.
#[derive(Clone, Debug, Default)]
pub struct NewArgs {
    /// A slug (`ps-seniori`) or a title (`"PS Senioři"`, slugified); optional for a meeting.
    pub name: Option<String>,
    pub territory: Option<String>,
    pub group: Option<String>,
    /// A document's file, copied beside the new `.md`.
    pub file: Option<PathBuf>,
    /// A document's external address (instead of `file`).
    pub url: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`): a meeting's `date`, a document's `published`, a
    /// project's `start`.
    pub date: Option<String>,
    /// A service's provider (an organisation's slug).
    pub provider: Option<String>,
    /// A plan's period ("2024–2026").
    pub period: Option<String>,
    /// An activity's plan: `<plán>` or `<území>/<plán>`.
    pub plan: Option<String>,
    /// An activity's measure ("1.2").
    pub measure: Option<String>,
}

/// Why `kpss new` or `kpss init` wrote nothing: the crate's one operational error (always
/// `Error::Refused` here, with a message in the site's language naming the path).
pub use crate::error::Error as Refusal;

fn io_refusal(lang: Lang, path: &Path, e: io::Error) -> Refusal {
    Refusal::Refused(match lang {
        Lang::Cs => format!("{}: nelze zapsat: {e}", path.display()),
        Lang::En => format!("{}: cannot write: {e}", path.display()),
    })
}

/// A TOML basic string, quoted and escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A slug as given, or the slug of a title; the title comes back when one was given.
fn slug_or_title(s: &str, what: &str, lang: Lang) -> Result<(String, Option<String>), Refusal> {
    let s = s.trim();
    if is_valid_slug(s) {
        return Ok((s.to_string(), None));
    }
    let slug = slugify(s);
    if slug.is_empty() {
        return Err(Refusal::Refused(match lang {
            Lang::Cs => format!(
                "z „{s}“ nevznikne platný slug ({what}); použijte malá písmena bez diakritiky, číslice a pomlčky, např. ps-seniori"
            ),
            Lang::En => format!(
                "\"{s}\" gives no valid slug ({what}); use lower-case letters, digits and hyphens, e.g. ps-seniori"
            ),
        }));
    }
    Ok((slug, Some(s.to_string())))
}

/// The value of `--date` as TOML: a date literal, or a string of lower precision.
fn date_value(s: &str, lang: Lang) -> Result<String, Refusal> {
    let s = s.trim();
    if s.len() == 10 && s.parse::<jiff::civil::Date>().is_ok() {
        return Ok(s.to_string());
    }
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    let ok = match s.split_once('-') {
        None => s.len() == 4 && digits(s),
        Some((y, m)) => {
            y.len() == 4
                && digits(y)
                && m.len() == 2
                && digits(m)
                && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        }
    };
    if ok {
        Ok(toml_string(s))
    } else {
        Err(Refusal::Refused(match lang {
            Lang::Cs => format!(
                "--date {s}: neplatné datum; pište RRRR-MM-DD (2026-03-15), nebo jen RRRR-MM či RRRR"
            ),
            Lang::En => {
                format!("--date {s}: not a date; write YYYY-MM-DD (2026-03-15), or YYYY-MM or YYYY")
            }
        }))
    }
}

/// Territories of the site: folders of `content/` with an `_index.md`, sorted.
fn territories(content: &Path, folders: &Folders) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(content)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("_index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            *n != folders.projects
                && *n != folders.organisations
                && *n != folders.services
                && *n != folders.plans
        })
        .collect();
    out.sort();
    out
}

/// Slugs of the `.md` files in `dir`, sorted.
fn slugs_in(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            let s = n.strip_suffix(".md")?;
            (s != "_index" && e.path().is_file()).then(|| s.to_string())
        })
        .collect();
    out.sort();
    out
}

fn choices(list: &[String]) -> String {
    if list.is_empty() {
        "—".to_string()
    } else {
        list.join(", ")
    }
}

/// The territory asked for (it must exist), or the only one of the site.
fn pick_territory(
    content: &Path,
    folders: &Folders,
    given: Option<&str>,
    lang: Lang,
) -> Result<String, Refusal> {
    let all = territories(content, folders);
    match given {
        Some(t) => {
            let t = t.trim().trim_matches('/');
            if all.iter().any(|x| x == t) {
                Ok(t.to_string())
            } else {
                Err(Refusal::Refused(match lang {
                    Lang::Cs => format!(
                        "území „{t}“ neexistuje (chybí {}); existující území: {}",
                        content.join(t).join("_index.md").display(),
                        choices(&all)
                    ),
                    Lang::En => format!(
                        "territory \"{t}\" does not exist (no {}); territories: {}",
                        content.join(t).join("_index.md").display(),
                        choices(&all)
                    ),
                }))
            }
        }
        None if all.len() == 1 => Ok(all[0].clone()),
        None => Err(Refusal::Refused(match lang {
            Lang::Cs => format!(
                "zadejte území: --territory <slug> (existující území: {})",
                choices(&all)
            ),
            Lang::En => format!(
                "give the territory: --territory <slug> (territories: {})",
                choices(&all)
            ),
        })),
    }
}

/// The next number of a meeting of `group` (in territory `t`): one past the highest number
/// (or past the count of its meetings, when older ones have none).
pub fn next_meeting_number(meetings_dir: &Path, t: &str, group: &str) -> i64 {
    let qualified = format!("{t}/{group}");
    let mut highest = 0i64;
    let mut count = 0i64;
    for slug in slugs_in(meetings_dir) {
        let Ok(text) = fs::read_to_string(meetings_dir.join(format!("{slug}.md"))) else {
            continue;
        };
        let Ok(split) = crate::source::frontmatter::split("", &text, Lang::Cs) else {
            continue;
        };
        let Ok(table) = toml::from_str::<toml::Table>(split.toml) else {
            continue;
        };
        let of_group = matches!(table.get("group"),
            Some(toml::Value::String(g)) if *g == group || *g == qualified);
        if !of_group {
            continue;
        }
        count += 1;
        if let Some(toml::Value::Integer(n)) = table.get("number") {
            highest = highest.max(*n);
        }
    }
    highest.max(count).saturating_add(1)
}

/// kpss runs as root on shared machines: a new file is written only where its folder really
/// lies inside the site's `content/`, not through a symlink that leads out of it.
fn refuse_outside(root: &Path, path: &Path, lang: Lang) -> Result<(), Refusal> {
    let Ok(content) = fs::canonicalize(root.join("content")) else {
        return Ok(()); // created with the file, inside the root
    };
    // The deepest folder of the path that exists already, as it really is.
    let mut at = path.parent();
    while let Some(p) = at {
        if let Ok(real) = fs::canonicalize(p) {
            if real.starts_with(&content) {
                return Ok(());
            }
            return Err(Refusal::Refused(match lang {
                Lang::Cs => format!(
                    "{} vede symbolickým odkazem mimo složku content/ (do {}); kpss tam nic nezapíše",
                    p.display(),
                    real.display()
                ),
                Lang::En => format!(
                    "{} leads out of content/ through a symbolic link (to {}); kpss writes nothing there",
                    p.display(),
                    real.display()
                ),
            }));
        }
        at = p.parent();
    }
    Ok(())
}

/// Write `text` to a new file; refuse if it exists.
fn create(path: &Path, text: &[u8], lang: Lang) -> Result<(), Refusal> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).map_err(|e| io_refusal(lang, p, e))?;
    }
    let mut f = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(exists(path, lang)),
        Err(e) => return Err(io_refusal(lang, path, e)),
    };
    if let Err(e) = f.write_all(text) {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(io_refusal(lang, path, e));
    }
    Ok(())
}

fn exists(path: &Path, lang: Lang) -> Refusal {
    Refusal::Refused(match lang {
        Lang::Cs => format!(
            "{} už existuje; kpss nic nepřepisuje (zvolte jiný název, nebo soubor upravte ručně)",
            path.display()
        ),
        Lang::En => format!(
            "{} already exists; kpss never overwrites (choose another name, or edit the file)",
            path.display()
        ),
    })
}

fn refuse_existing(path: &Path, lang: Lang) -> Result<(), Refusal> {
    if path.exists() || path.symlink_metadata().is_ok() {
        Err(exists(path, lang))
    } else {
        Ok(())
    }
}

fn missing_name(kind: &str, example: &str, lang: Lang) -> Refusal {
    Refusal::Refused(match lang {
        Lang::Cs => format!("zadejte slug nebo název: kpss new {kind} {example}"),
        Lang::En => format!("give a slug or a title: kpss new {kind} {example}"),
    })
}

#[cfg(test)]
mod tests {
    use super::init::{STARTER, collect};
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        let parsed: toml::Table =
            toml::from_str(&format!("x = {}", toml_string("ř\u{1}\"'"))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some("ř\u{1}\"'"));
    }

    #[test]
    fn dates_of_every_precision() {
        assert_eq!(date_value("2026-03-05", Lang::Cs).unwrap(), "2026-03-05");
        assert_eq!(date_value("2026-03", Lang::Cs).unwrap(), "\"2026-03\"");
        assert_eq!(date_value("2026", Lang::Cs).unwrap(), "\"2026\"");
        for bad in ["2026-13", "2026-02-30", "26", "zítra", "2026-1"] {
            assert!(date_value(bad, Lang::Cs).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_title_becomes_a_slug() {
        assert_eq!(
            slug_or_title("PS Senioři", "x", Lang::Cs).unwrap(),
            ("ps-seniori".to_string(), Some("PS Senioři".to_string()))
        );
        assert_eq!(
            slug_or_title("ps-seniori", "x", Lang::Cs).unwrap(),
            ("ps-seniori".to_string(), None)
        );
        assert!(slug_or_title("---", "x", Lang::Cs).is_err());
    }

    #[test]
    fn the_starter_is_embedded() {
        let mut files = Vec::new();
        collect(&STARTER, &mut files);
        assert!(files.iter().any(|(p, _)| p == Path::new("config.toml")));
        assert!(
            files
                .iter()
                .any(|(p, _)| p == Path::new("content/_index.md"))
        );
    }
}
