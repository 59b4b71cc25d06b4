//! `kpss new`: one new content file with valid front matter (a meeting gets its group's next
//! number; a document copies `--file` beside it). Writes only under `content/`, never over a
//! file, never through a link out of it.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

/// `kpss new`: write one content file (and, for a document, copy its file beside it).
/// Returns the paths written.
pub fn new_item(root: &Path, kind: NewKind, args: &NewArgs) -> Result<Vec<PathBuf>, Refusal> {
    let config = crate::pipeline::read_config(root, None)
        .map_err(|d| Refusal::Refused(d.render_plain(d.language()).trim_end().to_string()))?;
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
        NewKind::Service => super::new_service::service_file(&content, &config, args, lang)?,
        NewKind::Plan => super::new_plan::plan_file(&content, &config, args, lang)?,
        NewKind::Activity => super::new_plan::activity_file(&content, &config, args, lang)?,
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
                Refusal::Refused(match lang {
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

pub(super) type Planned = (PathBuf, String, Option<(PathBuf, PathBuf)>);

pub(super) fn body_hint() -> &'static str {
    "# Pod uzavírací řádek +++ napište text stránky v Markdownu (může zůstat prázdný).\n"
}

pub(super) fn territory_file(
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
        &f.services,
        &f.plans,
    ];
    if reserved.contains(&&slug) {
        return Err(Refusal::Refused(match lang {
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

pub(super) fn group_file(
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

/// The territory of a group named by its bare slug: the only territory of the site, or the one
/// territory that has the group; refused (naming them) when several have it.
fn territory_of_group(
    content: &Path,
    config: &Config,
    group: &str,
    lang: Lang,
) -> Result<String, Refusal> {
    let all = territories(content, &config.folders);
    if all.len() <= 1 {
        return pick_territory(content, &config.folders, None, lang);
    }
    let file = format!("{group}.md");
    let having: Vec<&String> = all
        .iter()
        .filter(|t| {
            content
                .join(t)
                .join(&config.folders.groups)
                .join(&file)
                .is_file()
        })
        .collect();
    match having.as_slice() {
        [one] => Ok(one.to_string()),
        [] => {
            let groups: Vec<String> = all
                .iter()
                .flat_map(|t| {
                    slugs_in(&content.join(t).join(&config.folders.groups))
                        .into_iter()
                        .map(move |g| format!("{t}/{g}"))
                })
                .collect();
            Err(Refusal::Refused(match lang {
                Lang::Cs => format!(
                    "skupina „{group}“ není v žádném území; skupiny: {}",
                    choices(&groups)
                ),
                Lang::En => format!(
                    "group \"{group}\" is in no territory; groups: {}",
                    choices(&groups)
                ),
            }))
        }
        [first, ..] => {
            let list = having
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            Err(Refusal::Refused(match lang {
                Lang::Cs => format!(
                    "skupina „{group}“ je ve více územích ({list}); řekněte ve kterém: --group {first}/{group} nebo --territory {first}"
                ),
                Lang::En => format!(
                    "group \"{group}\" is in several territories ({list}); say which: --group {first}/{group} or --territory {first}"
                ),
            }))
        }
    }
}

pub(super) fn meeting_file(
    content: &Path,
    config: &Config,
    args: &NewArgs,
    date: Option<&str>,
    lang: Lang,
) -> Result<Planned, Refusal> {
    let Some(group) = args.group.as_deref() else {
        return Err(Refusal::Refused(tr(
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
    let t = match given_t {
        Some(_) => pick_territory(content, &config.folders, given_t, lang)?,
        None => territory_of_group(content, config, group, lang)?,
    };
    let groups_dir = content.join(&t).join(&config.folders.groups);
    let groups = slugs_in(&groups_dir);
    if !groups.iter().any(|g| g == group) {
        return Err(Refusal::Refused(match lang {
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

pub(super) fn document_file(
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
            return Err(Refusal::Refused(tr(
                lang,
                "dokument potřebuje právě jedno z: --file <soubor> (zkopíruje se vedle), --url <adresa>",
                "a document needs exactly one of: --file <file> (copied beside it), --url <address>",
            )));
        }
        (None, Some(u)) => {
            let u = u.trim();
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                return Err(Refusal::Refused(match lang {
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
                return Err(Refusal::Refused(match lang {
                    Lang::Cs => format!("--file {}: soubor neexistuje", f.display()),
                    Lang::En => format!("--file {}: no such file", f.display()),
                }));
            }
            if file_name.is_empty()
                || crate::source::load::is_ignored(&file_name)
                || file_name.ends_with(".md")
                || slugify(&file_name).is_empty()
            {
                return Err(Refusal::Refused(match lang {
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

pub(super) fn project_file(
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
