//! The preview's patches: edits taken into the last resolved site without resolving it again
//! (ARCHITECTURE.md, "The preview rebuilds little", paths 0 and 1).

use super::*;

/// Minutes a patch moved: the site path no longer served, and the file to copy (source, path).
type MinutesMoved = (Option<String>, Option<(String, String)>);

impl Session {
    /// Whether every changed file beside the Markdown is new (not deleted) and attached to
    /// nothing yet: then the line naming it may come in the same save and be patched in.
    pub(super) fn only_new_files(&self, files: &[(String, Option<u64>)]) -> bool {
        files.iter().all(|(rel, size)| {
            size.is_some()
                && self.site.as_ref().is_some_and(|site| {
                    !crate::render::attached_files(site).any(|a| &a.source == rel)
                })
        })
    }

    /// Edits of meetings that change nothing another file refers to: the body (every link of
    /// it fine, no heading id gone), `place`, `agenda`, `date`, `time`, `number`, `title` and
    /// `minutes` (a file beside it that no body links to). The last site is patched
    /// (`resolve::check_meeting_edit`, `apply_meeting_edit`) without resolving the site again;
    /// only the meetings' own pages are rendered, or, when a date, time, number, title or the
    /// minutes changed, the pages [`Spots`] finds before and after (new minutes are copied).
    /// `None` when some edit is more than that, or the lists would change shape (a year or a
    /// list page appearing or vanishing).
    pub(super) fn body_edits(&mut self, edits: &[Edit]) -> Option<Result<usize, String>> {
        let site = self.site.as_mut()?;
        self.templates.as_ref()?;
        let files = &self.loaded.as_ref()?.files;
        let mut checked = Vec::new();
        for (rel, text) in edits {
            let i = site.meetings.iter().position(|m| &m.source == rel)?;
            checked.push(crate::resolve::check_meeting_edit(
                site,
                &mut self.cache,
                files,
                i,
                text,
            )?);
        }
        if !together_fine(site, &checked) {
            return None;
        }
        let minutes: Vec<_> = checked.iter().map(|e| e.minutes_moved(site)).collect();
        let moves = checked.iter().any(|e| e.moves(site));
        let listed = checked.iter().any(|e| e.changes_lists(site));
        if moves {
            // A year or a list page that appears or vanishes changes pages all over the site:
            // leave that to the fingerprint comparison of a full resolve.
            let dates: HashMap<usize, Option<crate::czech::date::PartialDate>> =
                checked.iter().map(|e| (e.meeting(), e.date())).collect();
            if year_pages(site, &HashMap::default()) != year_pages(site, &dates) {
                return None;
            }
        }
        let own: Vec<usize> = checked.iter().map(|e| e.meeting()).collect();
        let mut spots = Spots::default();
        let listed = listed.then(|| {
            // The site-wide order the last patch left, or sorted anew after a resolve.
            let sorted = (self.sorted.take()).unwrap_or_else(|| crate::render::sort_meetings(site));
            spots.add(0, site, &own, &sorted);
            (spots, sorted)
        });
        // Feeds, calendars and data show a meeting's place and time, not its body or agenda.
        let outputs_change = checked.iter().any(|e| e.shown_by_outputs(site));
        for e in checked {
            crate::resolve::apply_meeting_edit(site, &mut self.cache, e);
        }
        if outputs_change {
            refresh_pieces(&mut self.pieces, site, &own, self.opts.timings);
        }
        Some(self.render_patch(&own, listed, outputs_change, minutes))
    }

    /// A new meeting file (`resolve::check_new_meeting`: a plain meeting of a group, its body's
    /// links fine) put into the last site (`resolve::insert_meeting`) without resolving it
    /// again; the pages rendered are those [`Spots`] finds for a meeting joining its lists, and
    /// the sitemap. `None` when the file is more than that, or its year is new.
    pub(super) fn new_meeting(
        &mut self,
        rel: &str,
        text: &Arc<str>,
    ) -> Option<Result<usize, String>> {
        let site = self.site.as_mut()?;
        self.templates.as_ref()?;
        let new = crate::resolve::check_new_meeting(site, &self.cache, rel, text)?;
        let m = new.meeting();
        let year = crate::render::year_of(m.date);
        let in_year = site
            .meetings
            .iter()
            .filter(|x| crate::render::year_of(x.date) == year)
            .count();
        // A new year adds a link to every meeting list: resolve. A list that grows a page
        // is redone whole (`Spots::keep`).
        if in_year == 0 {
            return None;
        }
        let at = crate::resolve::insert_meeting(site, &mut self.cache, new);
        let sorted = match self.sorted.take() {
            Some(mut sorted) => {
                for i in sorted.iter_mut().filter(|i| **i >= at) {
                    *i += 1;
                }
                sorted
            }
            None => crate::render::sort_meetings(site),
        };
        // None yet: `Session::finish` writes them all.
        if let Some(p) = self.pieces.as_mut() {
            p.insert(site, at);
        }
        // A new page: the sitemap lists it.
        self.dates_changed = true;
        Some(self.render_patch(&[at], Some((Spots::default(), sorted)), true, Vec::new()))
    }

    /// Render a meeting patch already put into the site: the pages of the meetings `own`, or,
    /// when lists changed (`listed`: the spots of the old order and the site-wide order
    /// before the patch), every page [`Spots`] finds; the outputs listing every meeting are
    /// left for [`Session::finish`]. Copies new minutes and drops the old (`minutes`).
    fn render_patch(
        &mut self,
        own: &[usize],
        listed: Option<(Spots, Vec<usize>)>,
        outputs_change: bool,
        minutes: Vec<MinutesMoved>,
    ) -> Result<usize, String> {
        let (Some(site), Some(templates)) = (self.site.as_mut(), self.templates.as_ref()) else {
            return Err("no site".into());
        };
        let pieces = self.pieces.as_ref().filter(|_| outputs_change);
        site.source_dates = self.dates.clone();
        let sitemap = std::mem::take(&mut self.dates_changed);
        let sink = MemorySink {
            root: self.opts.root.clone(),
            files: Mutex::new(Files::default()),
        };
        let render_started = Instant::now();
        // The outputs listing every meeting (tens of MB at 100,000 meetings) come after the
        // pages (`Session::finish`): the page the editor looks at is served first.
        let (mut later, showing): (Vec<_>, Vec<_>) =
            crate::render::outputs::jobs_showing(site, own)
                .into_iter()
                .partition(|(_, j)| holds_every_meeting(j));
        let rendered = if let Some((mut spots, sorted)) = listed {
            let sorted = crate::render::resort_meetings(site, sorted, own);
            spots.add(1, site, own, &sorted);
            self.sorted = Some(sorted.clone());
            let (keep, first) = spots.keep_split(site);
            later.retain(|(_, j)| keep(j));
            // The list pages that only shift by a row, and the sitemap, come after too.
            let now =
                |_: &str, j: &crate::render::Job| keep(j) && first(j) && !holds_every_meeting(j);
            let after = |p: &str, j: &crate::render::Job| {
                (keep(j) && !first(j) && !holds_every_meeting(j))
                    || (sitemap && p == crate::render::SITEMAP)
            };
            crate::render::render_where_sorted(site, templates, &sink, &now, &after, sorted, pieces)
                .map(|(pages, shifted)| {
                    later.extend(shifted);
                    pages
                })
        } else {
            let mut jobs: Vec<_> = own
                .iter()
                .map(|i| crate::render::meeting_job(site, *i))
                .collect();
            if outputs_change {
                jobs.extend(showing);
            } else {
                later.clear();
            }
            if sitemap {
                jobs.push((crate::render::SITEMAP.into(), crate::render::Job::Sitemap));
            }
            crate::render::render_jobs(site, templates, &sink, &jobs, pieces, None)
        };
        let pages = rendered.map_err(|e| e.to_string())?;
        self.later = Later {
            jobs: later,
            pieces: outputs_change,
        };
        if self.opts.timings {
            eprintln!(
                "kpss serve: meeting patch rendered in {:.0} ms",
                render_started.elapsed().as_secs_f64() * 1000.0
            );
        }
        let mut gone = Vec::new();
        for (old, new) in minutes {
            if let Some((source, path)) = new {
                sink.copy(Path::new(&source), &path)
                    .map_err(|e| format!("{source}: {e}"))?;
            }
            gone.extend(old);
        }
        add_written(&mut self.files, &mut self.fingerprints, sink, gone);
        Ok(pages)
    }

    /// Body edits of groups, organisations, projects and pages, their front matter untouched
    /// (`resolve::patch_own_body`): only their own pages are rendered. `None` when some edit
    /// is more than that (the site is resolved again; the bodies patched so far are the ones
    /// it would give).
    pub(super) fn own_body_edits(&mut self, edits: &[Edit]) -> Option<Result<usize, String>> {
        use crate::resolve::OwnBody;
        let site = self.site.as_mut()?;
        let templates = self.templates.as_ref()?;
        let mut jobs = Vec::new();
        for (rel, text) in edits {
            let (path, job) =
                match crate::resolve::patch_own_body(site, &mut self.cache, rel, text)? {
                    OwnBody::Group(i) => (&site.groups[i].path, crate::render::Job::Group(i)),
                    OwnBody::Organisation(i) => (
                        &site.organisations[i].path,
                        crate::render::Job::Organisation(i),
                    ),
                    OwnBody::Project(i) => (&site.projects[i].path, crate::render::Job::Project(i)),
                    OwnBody::Page(i) => (&site.pages[i].path, crate::render::Job::Page(i)),
                };
            jobs.push((crate::render::page_file(path), job));
        }
        site.source_dates = self.dates.clone();
        if std::mem::take(&mut self.dates_changed) {
            jobs.push((crate::render::SITEMAP.into(), crate::render::Job::Sitemap));
        }
        let sink = MemorySink {
            root: self.opts.root.clone(),
            files: Mutex::new(Files::default()),
        };
        let pages = match crate::render::render_jobs(site, templates, &sink, &jobs, None, None) {
            Ok(p) => p,
            Err(e) => return Some(Err(e.to_string())),
        };
        add_written(&mut self.files, &mut self.fingerprints, sink, Vec::new());
        Some(Ok(pages))
    }
}

/// The pieces of the outputs listing every meeting, those of `own` written again. None yet
/// (the first patch after a resolve): `Session::finish` writes them all, after the page is
/// served (540 ms at 100,000 meetings).
fn refresh_pieces(
    pieces: &mut Option<crate::render::outputs::Pieces>,
    site: &Site,
    own: &[usize],
    timings: bool,
) {
    let t = Instant::now();
    let Some(p) = pieces.as_mut() else {
        return;
    };
    p.refresh(site, own);
    if timings {
        eprintln!(
            "kpss serve: output pieces {:.0} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Whether `job` is an output that lists every meeting (`Output::holds_every_meeting`).
fn holds_every_meeting(job: &crate::render::Job) -> bool {
    matches!(job, crate::render::Job::Output(o) if o.holds_every_meeting())
}

/// Whether checked edits may be patched in together: each number was checked against the
/// others of its group before the edits, and each minutes file against the other meetings';
/// two edits may still take one number or name one file, or together add a page to the list
/// of minutes.
fn together_fine(site: &Site, checked: &[crate::resolve::MeetingEdit]) -> bool {
    let mut numbers = HashSet::default();
    let mut sources = HashSet::default();
    let before = site.meetings.iter().filter(|m| m.minutes.is_some()).count();
    let mut after = before;
    for e in checked {
        let m = &site.meetings[e.meeting()];
        if let (Some(g), Some(n)) = (m.group, e.number())
            && !numbers.insert((g, n))
        {
            return false;
        }
        if e.minutes_source()
            .is_some_and(|s| !sources.insert(s.to_string()))
        {
            return false;
        }
        after =
            after + usize::from(e.minutes_source().is_some()) - usize::from(m.minutes.is_some());
    }
    crate::render::pages_for(before) == crate::render::pages_for(after)
}
