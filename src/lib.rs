//! kpss: a static site generator for Czech community planning of social services.
//! See ARCHITECTURE.md for the pipeline and the invariants of each module.

pub mod accessibility;
pub mod czech;
pub mod diagnostics;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "serve")]
pub mod serve_http;
pub mod source;
pub mod templates;

// Old paths of the source modules, kept while `render` (restructured on another branch) may
// still name them; to be removed after that merge.
pub use source::config;
