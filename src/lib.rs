//! kpss: a static site generator for Czech community planning of social services.
//! See ARCHITECTURE.md for the pipeline and the invariants of each module.

pub mod accessibility;
pub mod czech;
pub mod diagnostics;
pub mod error;
pub mod fast;
pub mod i18n;
pub mod law;
pub mod links;
#[cfg(feature = "serve")]
pub mod listener;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
#[cfg(feature = "search")]
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
