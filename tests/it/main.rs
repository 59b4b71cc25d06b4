//! One integration test binary: fixture sites under tests/sites/ built in-process and checked
//! by selector, the example site, and invalid sites under tests/invalid/ with their diagnostics.

mod a11y;
mod common;
mod diagnostics;
mod editors;
mod example;
mod props;
mod safety_dos;
mod serve;
mod site;
