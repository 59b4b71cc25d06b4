//! `kpss new` and `kpss init`: the templates of new content files and the starter site.
//! Everything here refuses to overwrite: a file is created with `create_new`, and a refusal
//! names the path. `new` writes only inside `content/` (every path component is a checked slug,
//! a folder name from `config.toml`, or the bare name of a copied file); `init` writes only
//! into an empty or missing folder. Each file written is valid as written: `kpss check` passes.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::czech::Lang;
use crate::czech::slug::{is_valid_slug, slugify};
use crate::i18n::tr;
use crate::source::config::{Config, Folders};

/// The starter site of `kpss init`, embedded in the binary.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

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
}

/// Why nothing (more) was written: a message for the editor; `kpss` exits with status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

fn io_refusal(lang: Lang, path: &Path, e: io::Error) -> Refusal {
    Refusal(match lang {
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
        return Err(Refusal(match lang {
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
        Err(Refusal(match lang {
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
        .filter(|n| *n != folders.projects && *n != folders.organisations)
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
                Err(Refusal(match lang {
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
        None => Err(Refusal(match lang {
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
            return Err(Refusal(match lang {
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
    Refusal(match lang {
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
    Refusal(match lang {
        Lang::Cs => format!("zadejte slug nebo název: kpss new {kind} {example}"),
        Lang::En => format!("give a slug or a title: kpss new {kind} {example}"),
    })
}

/// `kpss new`: write one content file (and, for a document, copy its file beside it).
/// Returns the paths written.
pub fn new_item(root: &Path, kind: NewKind, args: &NewArgs) -> Result<Vec<PathBuf>, Refusal> {
    let config = crate::pipeline::read_config(root, None)
        .map_err(|d| Refusal(d.render_plain(d.language()).trim_end().to_string()))?;
    let lang = config.language;
    let content = root.join("content");
    let date = args
        .date
        .as_deref()
        .map(|s| date_value(s, lang))
        .transpose()?;
    let (path, text, copy) = match kind {
        NewKind::Territory => territory_file(&content, &config, args, lang)?,
        NewKind::Group => group_file(&content, &config, args, lang)?,
        NewKind::Meeting => meeting_file(&content, &config, args, date.as_deref(), lang)?,
        NewKind::Document => document_file(&content, &config, args, date.as_deref(), lang)?,
        NewKind::Project => project_file(&content, &config, args, date.as_deref(), lang)?,
    };
    debug_assert!(path.starts_with(&content));
    refuse_outside(root, &path, lang)?;
    refuse_existing(&path, lang)?;
    if let Some((_, target)) = &copy {
        refuse_existing(target, lang)?;
    }
    create(&path, text.as_bytes(), lang)?;
    let mut written = vec![path.clone()];
    if let Some((source, target)) = copy {
        let result = fs::read(&source)
            .map_err(|e| {
                Refusal(match lang {
                    Lang::Cs => format!("--file {}: nelze přečíst: {e}", source.display()),
                    Lang::En => format!("--file {}: cannot read: {e}", source.display()),
                })
            })
            .and_then(|bytes| create(&target, &bytes, lang));
        if let Err(e) = result {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        written.push(target);
    }
    Ok(written)
}

type Planned = (PathBuf, String, Option<(PathBuf, PathBuf)>);

fn body_hint() -> &'static str {
    "# Pod uzavírací řádek +++ napište text stránky v Markdownu (může zůstat prázdný).\n"
}

fn territory_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let name = args
        .name
        .as_deref()
        .ok_or_else(|| missing_name("territory", "\"Jindřichův Hradec\"", lang))?;
    let (slug, from_title) = slug_or_title(name, "území", lang)?;
    let f = &config.folders;
    let reserved = [
        &f.groups,
        &f.meetings,
        &f.documents,
        &f.projects,
        &f.organisations,
        &f.news,
        &f.target_groups,
    ];
    if reserved.contains(&&slug) {
        return Err(Refusal(match lang {
            Lang::Cs => format!(
                "„{slug}“ je vyhrazený název složky webu, území se tak jmenovat nemůže; zvolte jiný slug"
            ),
            Lang::En => format!(
                "\"{slug}\" is a reserved folder name of the site, not a territory; choose another slug"
            ),
        }));
    }
    let short = from_title
        .clone()
        .or_else(|| args.title.clone())
        .unwrap_or_else(|| slug.clone());
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("Komunitní plánování sociálních služeb – {short}"));
    let path = content.join(&slug).join("_index.md");
    let text = format!(
        "+++\n\
         title = {title}\n\
         # krátký název území\n\
         name = {name}\n\
         # orp | pou | mikroregion\n\
         kind = \"orp\"\n\
         # code = \"3108\"\n\
         # region = \"Jihočeský kraj\"\n\
         # municipalities = [\"…\", \"…\"]\n\
         # planning_since = 2005\n\
         \n\
         # [[contacts]]\n\
         # name = \"Mgr. Jana Nováková\"\n\
         # role = \"koordinátorka plánování\"\n\
         # organization = \"slug-organizace nebo název\"\n\
         # email = \"kpss@example.org\"\n\
         # phone = \"+420 123 456 789\"\n\
         {hint}\
         +++\n",
        title = toml_string(&title),
        name = toml_string(&short),
        hint = body_hint(),
    );
    Ok((path, text, None))
}

fn group_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let name = args
        .name
        .as_deref()
        .ok_or_else(|| missing_name("group", "\"Pracovní skupina Senioři\"", lang))?;
    let t = pick_territory(content, &config.folders, args.territory.as_deref(), lang)?;
    let (slug, from_title) = slug_or_title(name, "skupina", lang)?;
    let title = args.title.clone().or(from_title).unwrap_or(slug.clone());
    let tg: Vec<String> = config
        .target_groups
        .iter()
        .map(|g| toml_string(&g.slug))
        .collect();
    let path = content
        .join(&t)
        .join(&config.folders.groups)
        .join(format!("{slug}.md"));
    let text = format!(
        "+++\n\
         title = {title}\n\
         # short = \"PS Senioři\"\n\
         # ridici | pracovni | koordinacni | jina\n\
         kind = \"pracovni\"\n\
         # cílové skupiny z config.toml: {tg}\n\
         # target_groups = [{first}]\n\
         # locality = \"Strmilov\"\n\
         # active = \"2018–2019\"\n\
         \n\
         # [[members]]\n\
         # name = \"Mgr. Jana Nováková\"\n\
         # role = \"vedoucí skupiny\"\n\
         # organization = \"slug-organizace nebo název\"\n\
         {hint}\
         +++\n",
        title = toml_string(&title),
        tg = if tg.is_empty() {
            "—".to_string()
        } else {
            tg.join(", ")
        },
        first = tg.first().cloned().unwrap_or_default(),
        hint = body_hint(),
    );
    Ok((path, text, None))
}

fn meeting_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    date: Option<&str>,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let Some(group) = args.group.as_deref() else {
        return Err(Refusal(tr(
            lang,
            "zadejte skupinu: kpss new meeting --group <slug skupiny> [--territory <území>] [--date RRRR-MM-DD]",
            "give the group: kpss new meeting --group <group slug> [--territory <territory>] [--date YYYY-MM-DD]",
        )));
    };
    // `--group jh/ps-seniori` names the territory too.
    let (given_t, group) = match group.trim().split_once('/') {
        Some((t, g)) => (Some(t), g),
        None => (args.territory.as_deref(), group.trim()),
    };
    let t = pick_territory(content, &config.folders, given_t, lang)?;
    let groups_dir = content.join(&t).join(&config.folders.groups);
    let groups = slugs_in(&groups_dir);
    if !groups.iter().any(|g| g == group) {
        return Err(Refusal(match lang {
            Lang::Cs => format!(
                "skupina „{group}“ v území {t} neexistuje (chybí {}); skupiny: {}",
                groups_dir.join(format!("{group}.md")).display(),
                choices(&groups)
            ),
            Lang::En => format!(
                "group \"{group}\" does not exist in {t} (no {}); groups: {}",
                groups_dir.join(format!("{group}.md")).display(),
                choices(&groups)
            ),
        }));
    }
    let dir = content.join(&t).join(&config.folders.meetings);
    let number = next_meeting_number(&dir, &t, group);
    let (slug, title) = match args.name.as_deref() {
        Some(n) => {
            let (s, from_title) = slug_or_title(n, "jednání", lang)?;
            (s, args.title.clone().or(from_title))
        }
        None => (format!("{group}-{number:02}"), args.title.clone()),
    };
    let path = dir.join(format!("{slug}.md"));
    let mut text = format!(
        "+++\ngroup = {}\n# pořadí jednání skupiny; název „{number}. jednání …“ se z něj odvodí\nnumber = {number}\n",
        toml_string(group)
    );
    if let Some(title) = title {
        text.push_str(&format!("title = {}\n", toml_string(&title)));
    }
    match date {
        Some(d) => text.push_str(&format!("date = {d}\n")),
        None => text.push_str("# date = 2026-03-15\n"),
    }
    text.push_str(&format!(
        "# time = \"13:00\"\n\
         # place = \"Městský úřad, zasedací místnost\"\n\
         # agenda = [\"Úvod\", \"Aktualizace akčního plánu\", \"Různé\"]\n\
         # zápis (soubor vedle tohoto souboru):\n\
         # minutes = \"{slug}-zapis.pdf\"\n\
         # attachments = [\"prezence.pdf\"]\n\
         # documents = [\"slug-dokumentu\"]\n\
         {}\
         +++\n",
        body_hint()
    ));
    Ok((path, text, None))
}

fn document_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    date: Option<&str>,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let name = args.name.as_deref().ok_or_else(|| {
        missing_name(
            "document",
            "\"Komunitní plán 2026–2028\" --file plan.pdf",
            lang,
        )
    })?;
    let t = pick_territory(content, &config.folders, args.territory.as_deref(), lang)?;
    let (slug, from_title) = slug_or_title(name, "dokument", lang)?;
    let title = args.title.clone().or(from_title).unwrap_or(slug.clone());
    let dir = content.join(&t).join(&config.folders.documents);
    let path = dir.join(format!("{slug}.md"));
    let (link, copy) = match (&args.file, &args.url) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(Refusal(tr(
                lang,
                "dokument potřebuje právě jedno z: --file <soubor> (zkopíruje se vedle), --url <adresa>",
                "a document needs exactly one of: --file <file> (copied beside it), --url <address>",
            )));
        }
        (None, Some(u)) => {
            let u = u.trim();
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(Refusal(match lang {
                    Lang::Cs => format!("--url {u}: musí být celá adresa (https://…)"),
                    Lang::En => format!("--url {u}: must be an absolute URL (https://…)"),
                }));
            }
            (format!("url = {}", toml_string(u)), None)
        }
        (Some(f), None) => {
            let file_name = f
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if !f.is_file() {
                return Err(Refusal(match lang {
                    Lang::Cs => format!("--file {}: soubor neexistuje", f.display()),
                    Lang::En => format!("--file {}: no such file", f.display()),
                }));
            }
            if file_name.is_empty()
                || crate::source::load::is_ignored(&file_name)
                || file_name.ends_with(".md")
                || slugify(&file_name).is_empty()
            {
                return Err(Refusal(match lang {
                    Lang::Cs => format!(
                        "--file {}: takový název souboru kpss nezveřejní; přejmenujte ho (např. dokument.pdf)",
                        f.display()
                    ),
                    Lang::En => format!(
                        "--file {}: kpss cannot publish a file of this name; rename it (e.g. document.pdf)",
                        f.display()
                    ),
                }));
            }
            let target = dir.join(&file_name);
            (
                format!("file = {}", toml_string(&file_name)),
                Some((f.clone(), target)),
            )
        }
    };
    let mut text = format!(
        "+++\n\
         title = {title}\n\
         # komunitni-plan | akcni-plan | analyza | katalog | tiskova-zprava | metodika | statut |\n\
         # jednaci-rad | evaluace | vyhodnoceni | komunikacni-strategie | pruzkum | zapis | jiny\n\
         kind = \"jiny\"\n\
         {link}\n",
        title = toml_string(&title)
    );
    match date {
        Some(d) => text.push_str(&format!("published = {d}\n")),
        None => text.push_str("# published = 2026-03-15\n"),
    }
    text.push_str(&format!(
        "# period = \"2026–2028\"\n\
         # pracovni | navrh | definitivni | aktualizovany\n\
         # status = \"definitivni\"\n\
         # project = \"slug-projektu\"\n\
         # group = \"slug-skupiny\"\n\
         # meeting = \"slug-jednani\"\n\
         # během připomínkování:\n\
         # draft = true\n\
         # comments_until = 2026-04-30\n\
         # comments_to = \"pripominky@example.org\"\n\
         {}\
         +++\n",
        body_hint()
    ));
    Ok((path, text, copy))
}

fn project_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    date: Option<&str>,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let name = args.name.as_deref().ok_or_else(|| {
        missing_name(
            "project",
            "\"Komunitní plánování na Jindřichohradecku\" [--territory <území>]",
            lang,
        )
    })?;
    let (slug, from_title) = slug_or_title(name, "projekt", lang)?;
    let title = args.title.clone().or(from_title).unwrap_or(slug.clone());
    let all = territories(content, &config.folders);
    let (path, territories_line) = match args.territory.as_deref() {
        Some(t) => {
            let t = pick_territory(content, &config.folders, Some(t), lang)?;
            (
                content
                    .join(&t)
                    .join(&config.folders.projects)
                    .join(format!("{slug}.md")),
                String::new(),
            )
        }
        None => {
            let example: Vec<String> = all.iter().map(|t| toml_string(t)).collect();
            (
                content
                    .join(&config.folders.projects)
                    .join(format!("{slug}.md")),
                format!(
                    "# území, kterých se projekt týká:\n# territories = [{}]\n",
                    example.join(", ")
                ),
            )
        }
    };
    let mut text = format!(
        "+++\n\
         title = {title}\n\
         # registration = \"CZ.03.2.63/0.0/0.0/16_063/0006533\"\n\
         # programme = \"OP Zaměstnanost\"\n\
         # funding = [\"Evropský sociální fond\", \"státní rozpočet ČR\"]\n\
         # implementer = \"slug-organizace\"\n\
         # partners = [\"slug-organizace\"]\n",
        title = toml_string(&title)
    );
    match date {
        Some(d) => text.push_str(&format!("start = {d}\n")),
        None => text.push_str("# start = 2026-01-01\n"),
    }
    text.push_str(&format!(
        "# end = 2027-12-31\n\
         # rozpočet v Kč, celé číslo:\n\
         # budget = 1500000\n\
         {territories_line}\
         # goals = [\"…\"]\n\
         # activities = [\"…\"]\n\
         # outputs = [\"…\"]\n\
         # output_documents = [\"slug-dokumentu\"]\n\
         {}\
         +++\n",
        body_hint()
    ));
    Ok((path, text, None))
}

/// The CI service `kpss init --ci` writes a workflow for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// `.github/workflows/kpss.yml`: check, build, GitHub Pages
    Github,
    /// `.gitlab-ci.yml`: check (Code Quality report), build, GitLab Pages
    Gitlab,
}

impl Ci {
    /// Where the service looks for its workflow, from the repository root.
    pub fn path(self) -> &'static str {
        match self {
            Ci::Github => ".github/workflows/kpss.yml",
            Ci::Gitlab => ".gitlab-ci.yml",
        }
    }

    /// The workflow itself. The same files are what docs/nasazeni.md describes, so the guide
    /// and the binary cannot drift apart; tests/it/publish.rs checks both against the
    /// services' schemas (and actionlint).
    fn template(self) -> &'static str {
        match self {
            Ci::Github => include_str!("../docs/nasazeni/github-kpss.yml"),
            Ci::Gitlab => include_str!("../docs/nasazeni/gitlab-ci.yml"),
        }
    }
}

/// `kpss init --ci SERVICE DIR`: in a missing or empty `dir`, the starter site and the
/// workflow; in an existing site (`dir` holds `config.toml`), only the workflow, so a site
/// that already exists can start publishing. Never over an existing workflow (a second run
/// must not undo the editor's changes to it, such as the filled-in kpss commit).
pub fn init_ci(dir: &Path, ci: Ci) -> Result<Vec<PathBuf>, Refusal> {
    let lang = Lang::Cs;
    let path = dir.join(ci.path());
    let mut written = if dir.join("config.toml").is_file() {
        Vec::new()
    } else {
        init(dir)?
    };
    let kept = || {
        Refusal(format!(
            "{} už existuje; kpss init --ci ho nepřepíše (upravte ho ručně, nebo ho přejmenujte a spusťte příkaz znovu)",
            path.display()
        ))
    };
    if path.symlink_metadata().is_ok() {
        return Err(kept());
    }
    create(&path, ci.template().as_bytes(), lang)?;
    written.push(path);
    Ok(written)
}

/// `kpss init DIR`: write the starter site into `dir`, which must be missing or empty.
/// Returns the paths written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Refusal> {
    let lang = Lang::Cs;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Refusal(format!(
                "{} existuje a není složka; kpss init potřebuje prázdnou nebo novou složku",
                dir.display()
            )));
        }
        let mut entries = fs::read_dir(dir).map_err(|e| io_refusal(lang, dir, e))?;
        if entries.next().is_some() {
            return Err(Refusal(format!(
                "složka {} není prázdná; kpss init nic nepřepisuje (zvolte novou nebo prázdnou složku)",
                dir.display()
            )));
        }
    }
    fs::create_dir_all(dir).map_err(|e| io_refusal(lang, dir, e))?;
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        create(&path, bytes, lang)?;
        written.push(path);
    }
    Ok(written)
}

fn collect(d: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for f in d.files() {
        out.push((f.path().to_path_buf(), f.contents()));
    }
    for sub in d.dirs() {
        collect(sub, out);
    }
}

#[cfg(test)]
mod tests {
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
