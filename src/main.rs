//! The `kpss` command line: parses arguments once, resolves them into pipeline options (the
//! build date from `--date`, `SOURCE_DATE_EPOCH` or the clock), runs, prints, and exits with
//! 0 (success), 1 (content errors) or 2 (usage, configuration or I/O error).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use kpss::czech::Lang;
use kpss::pipeline::{self, Options, Outcome};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process (Linux): memory the allocator gives back and
/// takes again came back as 2 MiB pages the kernel zeroed whole, 16.5 % of a warm build's
/// samples at 100,000 meetings (after a date edit: 1.69–1.78 s off, 2.47–2.70 s on, system
/// time 0.8–0.9 s against 1.8–2.3 s; bench/README.md, session of 2026-12-05
/// (twenty-second)). `mimalloc`'s `no_thp` feature stops it asking for them; this
/// also refuses those a system with THP `always` would give unasked. A kernel that refuses the
/// call changes nothing but speed.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

#[derive(Parser)]
#[command(
    name = "kpss",
    version,
    about = "Statický web komunitního plánování sociálních služeb / a static site generator for community planning of social services"
)]
struct Cli {
    /// Site root (the folder with config.toml and content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// How diagnostics are printed: human (rustc style), json (one per line), github
    /// (workflow commands: annotations in a pull request) or gitlab (a Code Quality report on
    /// stdout)
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    #[command(subcommand)]
    command: Command,
}

/// Who reads the diagnostics: an editor in a terminal, a tool, or a CI service that puts
/// each problem on its line in a pull or merge request.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum MessageFormat {
    /// rustc-style snippets on stderr (at most `diagnostics::SHOWN`), then the summary
    Human,
    /// one JSON object per diagnostic and line, on stderr
    Json,
    /// GitHub workflow commands (`::error file=…,line=…::…`) and the summary, on stdout
    Github,
    /// a GitLab Code Quality report (a JSON array) on stdout, the human report on stderr
    Gitlab,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the whole tree and write the site
    Build {
        /// Output folder (default: [build] output_dir, else dist/)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Build date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)
        #[arg(long)]
        date: Option<String>,
        /// Override base_url of config.toml
        #[arg(long)]
        base_url: Option<String>,
        /// Publish documents under consultation even if config.toml says drafts = false
        #[arg(long)]
        drafts: bool,
        /// Build everything from nothing: neither read nor write the build cache
        /// (.kpss-cache in the output)
        #[arg(long)]
        no_cache: bool,
    },
    /// Build in memory, serve with live reload, and rebuild on every change
    #[cfg(feature = "serve")]
    Serve {
        /// Address to listen on (loopback unless told otherwise)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Build date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)
        #[arg(long)]
        date: Option<String>,
        /// Publish documents under consultation even if config.toml says drafts = false
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything a build would, and write nothing
    Check {
        /// Build date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)
        #[arg(long)]
        date: Option<String>,
    },
    /// Write a new content file with the right front matter; never overwrites
    New {
        /// What to write
        #[arg(value_enum)]
        kind: kpss::scaffold::NewKind,
        /// Slug (ps-seniori) or title ("PS Senioři", made into a slug); optional for a meeting
        name: Option<String>,
        /// Territory slug (default: the only territory of the site)
        #[arg(long)]
        territory: Option<String>,
        /// Group slug of a meeting (or TERRITORY/GROUP)
        #[arg(long)]
        group: Option<String>,
        /// A document's file, copied beside the new .md
        #[arg(long)]
        file: Option<PathBuf>,
        /// A document's external address (instead of --file)
        #[arg(long)]
        url: Option<String>,
        /// Title (default: the title given as NAME)
        #[arg(long)]
        title: Option<String>,
        /// Meeting date, document publication date or project start: YYYY-MM-DD, YYYY-MM or YYYY
        #[arg(long)]
        date: Option<String>,
        /// A service's provider: an organisation's slug (default: the site's only one)
        #[arg(long)]
        provider: Option<String>,
        /// A plan's period, e.g. 2024-2026 (default: the years in its name)
        #[arg(long)]
        period: Option<String>,
        /// An activity's plan: PLAN or TERRITORY/PLAN
        #[arg(long)]
        plan: Option<String>,
        /// An activity's measure, e.g. 1.2 (the activity gets its next free code)
        #[arg(long)]
        measure: Option<String>,
    },
    /// Create a new site from the built-in starter in DIR (missing or empty)
    Init {
        /// Folder of the new site (with --ci, also an existing site: then only the workflow)
        dir: PathBuf,
        /// Also write a CI workflow that checks, builds and publishes the site
        #[arg(long, value_enum)]
        ci: Option<kpss::scaffold::Ci>,
    },
}

/// `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
fn build_date(flag: Option<&str>) -> Result<jiff::civil::Date, String> {
    if let Some(s) = flag {
        return s
            .parse::<jiff::civil::Date>()
            .map_err(|e| format!("--date {s}: {e} (expected YYYY-MM-DD)"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH={epoch} is not a number of seconds"))?;
        let ts =
            jiff::Timestamp::from_second(secs).map_err(|e| format!("SOURCE_DATE_EPOCH: {e}"))?;
        return Ok(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date())
}

/// Print the diagnostics of a run in the chosen format. `root` is the (real) site root: the
/// CI formats name files from the repository root, which may lie above it. The GitLab report
/// is written even when there is nothing to report (`[]`), because CI saves stdout as the
/// report file; its human report goes to stderr, for the job log.
fn print_diagnostics(
    d: &kpss::diagnostics::Diagnostics,
    lang: Lang,
    format: MessageFormat,
    root: &std::path::Path,
) {
    match format {
        MessageFormat::Human | MessageFormat::Json if d.is_empty() => {}
        MessageFormat::Human => {
            let _ = std::io::stderr().write_all(d.render_plain(lang).as_bytes());
        }
        MessageFormat::Json => {
            let _ = std::io::stderr().write_all(d.render_json().as_bytes());
        }
        MessageFormat::Github => {
            if !d.is_empty() {
                let text = d.render_github(lang, &repository_prefix(root));
                let _ = std::io::stdout().write_all(text.as_bytes());
            }
        }
        MessageFormat::Gitlab => {
            let text = d.render_gitlab(lang, &repository_prefix(root));
            let _ = std::io::stdout().write_all(text.as_bytes());
            if !d.is_empty() {
                let _ = std::io::stderr().write_all(d.render_plain(lang).as_bytes());
            }
        }
    }
}

/// The site root's path from the root of the git repository holding it, with `/` separators
/// and a trailing `/` (`web/`), or empty when the site is the repository root or in none.
/// GitHub and GitLab name files from the repository root, diagnostics from the site root.
/// The repository root is the nearest folder above with a `.git` (a folder, or a file in a
/// worktree or submodule): no git command needed, none run.
fn repository_prefix(root: &std::path::Path) -> String {
    let Some(repo) = root.ancestors().find(|a| a.join(".git").exists()) else {
        return String::new();
    };
    let Ok(rel) = root.strip_prefix(repo) else {
        return String::new();
    };
    let mut prefix = String::new();
    for c in rel.components() {
        prefix.push_str(&c.as_os_str().to_string_lossy());
        prefix.push('/');
    }
    prefix
}

/// `kpss new` and `kpss init`: print each path written, or the refusal (exit status 2).
fn scaffold_command(cli: &Cli) -> Option<ExitCode> {
    let result = match &cli.command {
        Command::New {
            kind,
            name,
            territory,
            group,
            file,
            url,
            title,
            date,
            provider,
            period,
            plan,
            measure,
        } => {
            let args = kpss::scaffold::NewArgs {
                name: name.clone(),
                territory: territory.clone(),
                group: group.clone(),
                file: file.clone(),
                url: url.clone(),
                title: title.clone(),
                date: date.clone(),
                provider: provider.clone(),
                period: period.clone(),
                plan: plan.clone(),
                measure: measure.clone(),
            };
            kpss::scaffold::new_item(&cli.root, *kind, &args)
        }
        Command::Init { dir, ci: None } => kpss::scaffold::init(dir),
        Command::Init { dir, ci: Some(ci) } => kpss::scaffold::init_ci(dir, *ci),
        _ => return None,
    };
    Some(match result {
        Ok(paths) => {
            let written_starter = paths.iter().any(|p| p.ends_with("config.toml"));
            let english = matches!(&cli.command, Command::New { .. })
                && kpss::pipeline::read_config(&cli.root, None)
                    .is_ok_and(|c| c.language == Lang::En);
            for p in paths {
                if english {
                    println!("written: {}", p.display());
                } else {
                    println!("vytvořeno: {}", p.display());
                }
            }
            if let Command::Init { dir, ci } = &cli.command {
                // with --ci on an existing site only the workflow was written
                if written_starter {
                    eprintln!(
                        "nový web je připraven; sestavte ho: kpss build --root {}",
                        dir.display()
                    );
                }
                if let Some(ci) = ci {
                    eprintln!(
                        "doplňte v {} adresu repozitáře kpss (KPSS_GIT) a commit (KPSS_REV); návod: docs/nasazeni.md v repozitáři kpss",
                        ci.path()
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kpss: {e}");
            ExitCode::from(2)
        }
    })
}

/// The site root as a real absolute path, decided once here at the edge: every later stage
/// (load, the output checks, static files, the preview's watcher) sees the same path, whatever
/// `--root` looked like (`../site`, `./x/`, a symlink).
fn resolve_root(cli: &mut Cli) -> Result<(), String> {
    if matches!(cli.command, Command::Init { .. }) {
        return Ok(());
    }
    match std::fs::canonicalize(&cli.root) {
        Ok(p) if p.is_dir() => {
            cli.root = p;
            Ok(())
        }
        Ok(p) => Err(format!(
            "--root {}: není složka / is not a folder",
            p.display()
        )),
        Err(e) => Err(format!(
            "--root {}: složka webu neexistuje nebo ji nelze přečíst / the site folder does not exist or cannot be read ({e})",
            cli.root.display()
        )),
    }
}

/// The preview's connection limits; `KPSS_SERVE_IDLE_SECS` (whole seconds, at least 1)
/// shortens the idle timeout for tests (tests/it/safety_serve.rs).
#[cfg(feature = "serve")]
fn serve_limits() -> kpss::listener::Limits {
    let mut limits = kpss::listener::Limits::default();
    if let Some(secs) = std::env::var("KPSS_SERVE_IDLE_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
    {
        limits.idle = std::time::Duration::from_secs(secs);
    }
    limits
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let mut cli = Cli::parse();
    if let Err(e) = resolve_root(&mut cli) {
        eprintln!("kpss: {e}");
        return ExitCode::from(2);
    }
    #[cfg(feature = "serve")]
    if let Some(code) = serve_command(&cli) {
        return code;
    }
    if let Some(code) = scaffold_command(&cli) {
        return code;
    }
    build_command(&cli)
}

/// `kpss serve`: runs until stopped; exit 2 when it cannot start.
#[cfg(feature = "serve")]
fn serve_command(cli: &Cli) -> Option<ExitCode> {
    let Command::Serve {
        bind,
        port,
        date,
        drafts,
    } = &cli.command
    else {
        return None;
    };
    let date = match build_date(date.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("kpss: {e}");
            return Some(ExitCode::from(2));
        }
    };
    let opts = kpss::serve::ServeOptions {
        session: kpss::serve::SessionOptions {
            root: cli.root.clone(),
            date,
            drafts: *drafts,
            timings: std::env::var_os("KPSS_TIMINGS").is_some(),
        },
        bind: *bind,
        port: *port,
        limits: serve_limits(),
    };
    Some(match kpss::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kpss: {e:#}");
            ExitCode::from(2)
        }
    })
}

/// `kpss build` and `kpss check`: run the pipeline, print what it found and how it ended.
fn build_command(cli: &Cli) -> ExitCode {
    let (date, output, base_url, check_only, drafts, cache) = match &cli.command {
        Command::Build {
            output,
            date,
            base_url,
            drafts,
            no_cache,
        } => (
            date.clone(),
            output.clone(),
            base_url.clone(),
            false,
            *drafts,
            !*no_cache,
        ),
        Command::Check { date } => (date.clone(), None, None, true, false, false),
        Command::New { .. } | Command::Init { .. } => return ExitCode::from(2),
        #[cfg(feature = "serve")]
        Command::Serve { .. } => return ExitCode::from(2),
    };
    let date = match build_date(date.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("kpss: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = Options {
        root: cli.root.clone(),
        output,
        date,
        base_url,
        check_only,
        drafts,
        cache,
    };
    match pipeline::run(&opts) {
        Ok(Outcome::Done {
            pages,
            files,
            seconds,
            output,
            diagnostics,
            config,
        }) => {
            let lang = config.language;
            print_diagnostics(&diagnostics, lang, cli.message_format, &cli.root);
            eprintln!(
                "{}",
                done_line(lang, pages, files, output.as_deref(), seconds)
            );
            ExitCode::SUCCESS
        }
        Ok(Outcome::ContentErrors(d, config)) => {
            print_diagnostics(&d, config.language, cli.message_format, &cli.root);
            ExitCode::from(1)
        }
        Ok(Outcome::ConfigErrors(d)) => {
            print_diagnostics(&d, d.language(), cli.message_format, &cli.root);
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("kpss: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The last line of a build or check: pages and every other file written, with Czech plural
/// forms ("1 stránka", "3 stránky", "5 stránek"; "1 další soubor", "2 další soubory",
/// "5 dalších souborů").
fn done_line(
    lang: Lang,
    pages: usize,
    files: usize,
    output: Option<&std::path::Path>,
    seconds: f64,
) -> String {
    let cs = |n: usize, one: &str, few: &str, many: &str| {
        let form = match n {
            1 => one,
            2..=4 => few,
            _ => many,
        };
        format!("{n} {form}")
    };
    let en = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (output, lang) {
        (Some(o), Lang::Cs) => format!(
            "hotovo: {} a {} v {} za {seconds:.2} s",
            cs(pages, "stránka", "stránky", "stránek"),
            cs(files, "další soubor", "další soubory", "dalších souborů"),
            o.display()
        ),
        (Some(o), Lang::En) => format!(
            "done: {} and {} in {} in {seconds:.2} s",
            en(pages, "page", "pages"),
            en(files, "other file", "other files"),
            o.display()
        ),
        (None, Lang::Cs) => format!(
            "kontrola v pořádku: {}, žádná chyba ({seconds:.2} s)",
            cs(pages, "stránka", "stránky", "stránek")
        ),
        (None, Lang::En) => format!(
            "check passed: {}, no errors ({seconds:.2} s)",
            en(pages, "page", "pages")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_done_line_agrees_with_its_numbers() {
        let out = Some(std::path::Path::new("dist"));
        assert!(done_line(Lang::Cs, 1, 1, out, 0.1).contains("1 stránka a 1 další soubor v"));
        assert!(done_line(Lang::Cs, 3, 2, out, 0.1).contains("3 stránky a 2 další soubory"));
        assert!(done_line(Lang::Cs, 38, 5, out, 0.1).contains("38 stránek a 5 dalších souborů"));
        assert!(done_line(Lang::En, 1, 2, out, 0.1).contains("1 page and 2 other files"));
    }
}
