//! One integration test binary: fixture sites under tests/sites/ built in-process and checked
//! by selector, the example site, and invalid sites under tests/invalid/ with their diagnostics.

mod a11y;
mod cache;
mod catalogue;
mod citizen;
mod citizen2;
mod common;
mod diagnostics;
mod editors;
mod example;
mod fuzz_site;
mod git_dates;
mod outputs;
mod pagination;
mod plans;
mod props;
mod publish;
mod safety_dos;
mod safety_links;
mod safety_markup;
mod safety_output;
mod safety_serve;
mod search;
mod search_parts;
mod search_serve;
mod serve;
mod site;
mod texts_on_disk;
