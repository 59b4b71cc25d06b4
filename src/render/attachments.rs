//! Attached files (minutes, meeting attachments, document files) copied beside their pages.
//! Must not choose their names or places: `resolve` gave each its output path.

use rayon::prelude::*;

use super::{RenderError, Sink};
use crate::model::*;

/// Every attached file of the site: the minutes and attachments of meetings and the files of
/// documents. The one list: the build copies these, the preview compares them.
pub fn attached_files(site: &Site) -> impl Iterator<Item = &Attachment> {
    site.meetings
        .iter()
        .flat_map(|m| m.minutes.iter().chain(m.attachments.iter()))
        .chain(site.documents.iter().filter_map(|d| d.file.as_ref()))
}

/// Copy every attached file (minutes, attachments, document files) beside its page.
pub fn copy_attachments(site: &Site, sink: &dyn Sink) -> Result<(), RenderError> {
    let files: Vec<&Attachment> = attached_files(site).collect();
    files.par_iter().try_for_each(|a| {
        sink.copy(std::path::Path::new(&a.source), &a.path)
            .map_err(|source| RenderError::Io {
                path: a.path.clone(),
                source,
            })
    })
}
