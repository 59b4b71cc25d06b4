//! The source side: everything read from the site root before any judgement across files.
//! `load` reads `content/`, `static/` and theme overrides (the only I/O here); `config` reads
//! `config.toml` and its `[accessibility]` table (`accessibility`); `frontmatter` splits the
//! `+++` fences and reads spanned TOML; `raw` holds each kind's fields as written (`raw_service` a service's);
//! `toml_messages` puts the TOML parser's errors into Czech, `date_syntax` explains the dates
//! it refuses; `git` reads the history for `[build] git_dates` (the only code running git).
//! Nothing here resolves a reference
//! or knows the model.

pub mod accessibility;
pub mod config;
pub mod date_syntax;
pub mod frontmatter;
pub mod git;
pub mod load;
pub mod open_data;
pub mod raw;
pub mod raw_plan;
pub mod raw_service;
pub mod text;
pub mod toml_messages;

/// The site's configuration file, relative to the site root.
pub const CONFIG_FILE: &str = "config.toml";
