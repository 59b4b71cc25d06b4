//! Fingerprints of every page's view, for the preview server to render only what an edit
//! changed. Must not render templates or Markdown: bodies count as hashes of their source.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde_json::Value;
use xxhash_rust::xxh3::Xxh3;

use super::body::Bodies;
use super::context::RenderCtx;
use super::outputs::Digests;
use super::plan::{Job, jobs};
use super::sitemap::sitemap_urls;
use super::views::view;
use crate::model::Site;

/// A fingerprint of every page's view, by output path, with bodies as fingerprints of their
/// source: two sites give a page the same fingerprint exactly when its output would be the same
/// (for the same templates and `globals`). The preview server renders only the pages whose
/// fingerprint changed after an edit; this costs the views, not the templates or the HTML.
pub fn fingerprints(site: &Site) -> HashMap<String, u64> {
    let ctx = RenderCtx::new(site, Bodies::Fingerprints);
    let jobs = jobs(&ctx);
    // The outputs put together from the meetings' pieces take their digests, each meeting's
    // written once (a meeting stands in three calendars).
    let digests = Digests::new(&ctx);
    jobs.par_iter()
        .map(|(path, job)| {
            if let Job::Sitemap = job {
                // Its addresses and their `lastmod`: a page that became dirty changes it.
                let mut h = std::collections::hash_map::DefaultHasher::new();
                sitemap_urls(site, &jobs).hash(&mut h);
                return (path.clone(), h.finish());
            }
            if let Job::Output(o) = job
                && let Some(f) = super::outputs::fingerprint(site, o, &digests)
            {
                return (path.clone(), f);
            }
            let (template, mut value) = view(&ctx, job);
            super::meta::add(&ctx, path, job, &mut value);
            let mut h = Xxh3::new();
            h.update(template.as_bytes());
            h.update(&[0xff]);
            hash_value(&value, &mut h);
            (path.clone(), h.digest())
        })
        .collect()
}

/// The digest of one piece of a view (`hash_value`): a list row stands for its row in the
/// fingerprints of the pages listing it.
pub(super) fn digest(v: &Value) -> u64 {
    let mut h = Xxh3::new();
    hash_value(v, &mut h);
    h.digest()
}

/// Feed a view into `h` as it is, without printing it first (printing a view as JSON cost
/// more than building it). Every value is tagged with its kind and every string and list with
/// its length, so two different views never feed the same bytes.
fn hash_value(v: &Value, h: &mut Xxh3) {
    match v {
        Value::Null => h.update(&[0]),
        Value::Bool(b) => h.update(&[1, u8::from(*b)]),
        Value::Number(n) => {
            h.update(&[2]);
            if let Some(i) = n.as_i64() {
                h.update(&[0]);
                h.update(&i.to_le_bytes());
            } else if let Some(u) = n.as_u64() {
                h.update(&[1]);
                h.update(&u.to_le_bytes());
            } else {
                h.update(&[2]);
                h.update(&n.as_f64().unwrap_or(f64::NAN).to_bits().to_le_bytes());
            }
        }
        Value::String(s) => {
            h.update(&[3]);
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        Value::Array(a) => {
            h.update(&[4]);
            h.update(&(a.len() as u64).to_le_bytes());
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(m) => {
            h.update(&[5]);
            h.update(&(m.len() as u64).to_le_bytes());
            for (k, x) in m {
                h.update(&(k.len() as u64).to_le_bytes());
                h.update(k.as_bytes());
                hash_value(x, h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fp(v: &Value) -> u64 {
        let mut h = Xxh3::new();
        hash_value(v, &mut h);
        h.digest()
    }

    /// Views that differ in a value, a kind, a key or where a string ends hash differently.
    #[test]
    fn different_views_hash_differently() {
        let views = [
            json!({"a": "bc"}),
            json!({"a": "b", "c": ""}),
            json!({"ab": "c"}),
            json!({"a": ["bc"]}),
            json!({"a": ["b", "c"]}),
            json!({"a": 1}),
            json!({"a": 1.0}),
            json!({"a": "1"}),
            json!({"a": null}),
            json!({"a": false}),
            json!({"a": true}),
            json!({}),
            json!([]),
        ];
        let hashes: std::collections::HashSet<u64> = views.iter().map(fp).collect();
        assert_eq!(hashes.len(), views.len());
        assert_eq!(fp(&views[0]), fp(&json!({"a": "bc"})));
    }
}
