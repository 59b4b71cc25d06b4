//! Templates: the default theme embedded in the binary (`themes/default/` is its source),
//! overridden file by file by a site's `themes/<name>/templates/`. One minijinja environment,
//! compiled once per build, with autoescape for `.html` and `.xml` and strict undefined values
//! so a typo in a template fails the build instead of printing nothing.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use minijinja::{Environment, UndefinedBehavior};

pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The compiled templates of one build.
pub struct Templates {
    env: Environment<'static>,
}

/// The default theme's static files: (site path, bytes).
pub fn default_static() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        collect(dir, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        let p = f.path().to_string_lossy().replace('\\', "/");
        let p = p.strip_prefix("static/").unwrap_or(&p).to_string();
        out.push((p, f.contents()));
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

impl Templates {
    /// Compile the default theme, then the site's overrides (name → source) on top.
    pub fn new(
        overrides: &BTreeMap<String, String>,
        globals: serde_json::Value,
    ) -> Result<Templates, String> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.add_filter("email", email);
        env.set_formatter(format_value);
        if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
            for f in dir.files() {
                let name = f
                    .path()
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                if overrides.contains_key(&name) {
                    continue;
                }
                let src = f
                    .contents_utf8()
                    .ok_or_else(|| format!("{name}: not UTF-8"))?;
                env.add_template_owned(name.clone(), src.to_string())
                    .map_err(|e| format!("{name}: {e}"))?;
            }
        }
        for (name, src) in overrides {
            env.add_template_owned(name.clone(), src.clone())
                .map_err(|e| format!("themes/…/templates/{name}: {e:#}"))?;
        }
        if let serde_json::Value::Object(map) = globals {
            for (k, v) in map {
                env.add_global(k, template_value(v, &no_rows));
            }
        }
        env.add_function("once", once());
        env.add_function("row", super::row_parts::row);
        Ok(Templates { env })
    }

    /// Render template `name` with the view `ctx`, taken apart into template values, its rows'
    /// stand-ins ([`ROW`]) made into the rows by `rows`.
    pub fn render(
        &self,
        name: &str,
        ctx: serde_json::Value,
        rows: &Rows,
    ) -> Result<String, String> {
        let tpl = self.env.get_template(name).map_err(|e| format!("{e:#}"))?;
        tpl.render(template_value(ctx, rows))
            .map_err(|e| format!("{e:#}"))
    }
}

impl Templates {
    /// Render template `name` with a context made as template values already (the sitemap's
    /// 100,000 addresses: no view to take apart).
    pub fn render_values(&self, name: &str, ctx: minijinja::Value) -> Result<String, String> {
        let tpl = self.env.get_template(name).map_err(|e| format!("{e:#}"))?;
        tpl.render(ctx).map_err(|e| format!("{e:#}"))
    }
}

/// `once(name, search_page=false)`: the template `name` rendered with the globals only (and
/// `is_search_page`), once per build, as safe text: for the parts of every page that only
/// the globals decide (the default theme's `header.html` and `footer.html`). Rendered again
/// on every page they were ~4 % of the CPU of a cold build at 10,000 meetings
/// (bench/README.md). Rendered when first asked for, so a theme that does not ask renders
/// nothing; the lock is not held while rendering (a part may ask for another).
fn once()
-> impl Fn(&minijinja::State, String, Option<bool>) -> Result<minijinja::Value, minijinja::Error>
+ Send
+ Sync
+ 'static {
    type Done = crate::fast::HashMap<(String, bool), minijinja::Value>;
    let done: std::sync::Mutex<Done> = std::sync::Mutex::default();
    move |state, name, search_page| {
        let key = (name, search_page.unwrap_or(false));
        let lock = || {
            done.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        if let Some(v) = lock().get(&key) {
            return Ok(v.clone());
        }
        let text = state
            .env()
            .get_template(&key.0)?
            .render(minijinja::context! { is_search_page => key.1 })?;
        let v = minijinja::Value::from_safe_string(text);
        lock().insert(key, v.clone());
        Ok(v)
    }
}

/// The key of a row's stand-in in a view: an object with this key, whose value says which
/// row (`render::rows`), and the keys the view added to the row. A row is built as a
/// template value when its page is rendered, not as serde_json first: rows are most of a list
/// page's view (a list of 200 meetings), and building each as JSON and then moving it into
/// template values cost twice. No view has a key that is not written in kpss's code, and
/// none begins with NUL.
pub const ROW: &str = "\u{0}row";

/// What makes a row's stand-in (the value under [`ROW`]) into the row; `None` for a stand-in
/// it does not know, which stays as it is. The flag says whether the stand-in is alone (the
/// view added no keys): then the row may be a `row_parts::Row`, else it is a map.
pub type Rows<'a> = dyn Fn(&serde_json::Value, bool) -> Option<minijinja::Value> + 'a;

/// [`Rows`] of a view without rows (the globals, the sitemap).
pub fn no_rows(_: &serde_json::Value, _: bool) -> Option<minijinja::Value> {
    None
}

/// A view as a template value, moved field by field: the same value `Serde(&view)` gives
/// (numbers as u64, i64 or f64 as serde_json holds them, null as none, objects as maps by
/// their sorted keys), without serde's walk of a borrowed tree copying every string and
/// building each map key by key (6 % of a warm build at 100,000 meetings that rendered 1,023
/// list pages, perf).
fn template_value(v: serde_json::Value, rows: &Rows) -> minijinja::Value {
    use minijinja::Value;
    match v {
        serde_json::Value::Null => Value::from(()),
        serde_json::Value::Bool(b) => Value::from(b),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Value::from(u),
            (None, Some(i)) => Value::from(i),
            (None, None) => Value::from(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::from(s),
        serde_json::Value::Array(a) => a.into_iter().map(|v| template_value(v, rows)).collect(),
        serde_json::Value::Object(mut m) => {
            let alone = m.len() == 1;
            let Some(row) = m.get(ROW).and_then(|v| rows(v, alone)) else {
                // A map by `String` keys (minijinja's own map object): the view's keys move
                // in, and a template's `a.b` finds `b` by comparing strings, not values.
                let map: BTreeMap<String, Value> = m
                    .into_iter()
                    .map(|(k, v)| (k, template_value(v, rows)))
                    .collect();
                return Value::from(map);
            };
            if alone {
                return row;
            }
            // Keys a view added to the row: all of them in the order of the keys.
            m.remove(ROW);
            let mut pairs: BTreeMap<String, Value> = row
                .try_iter()
                .into_iter()
                .flatten()
                .filter_map(|k| Some((k.as_str()?.to_string(), row.get_item(&k).ok()?)))
                .collect();
            pairs.extend(m.into_iter().map(|(k, v)| (k, template_value(v, rows))));
            Value::from(pairs)
        }
    }
}

/// An e-mail address as a `mailto:` link written in numeric character references: browsers and
/// screen readers read it as usual, plain-text harvesters do not find an address in the source.
pub fn email(addr: String) -> minijinja::Value {
    let enc: String = addr.chars().map(|c| format!("&#{};", c as u32)).collect();
    minijinja::Value::from_safe_string(format!(
        "<a href=\"&#109;&#97;&#105;&#108;&#116;&#111;&#58;{enc}\">{enc}</a>"
    ))
}

/// Like minijinja's HTML escaping, but leaves `/` alone so URLs in the output stay readable.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    if html && !value.is_safe() && !value.is_undefined() && !value.is_none() {
        let owned;
        let text = match value.as_str() {
            Some(s) => s,
            None => {
                owned = value.to_string();
                &owned
            }
        };
        return escape_into(out, text)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()));
    }
    minijinja::escape_formatter(out, state, value)
}

/// `text` HTML-escaped into `out`: the runs between special characters are written as they are
/// (no copy of the whole text first).
fn escape_into(out: &mut minijinja::Output, text: &str) -> std::fmt::Result {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[from..i])?;
        out.write_str(entity)?;
        from = i + 1;
    }
    out.write_str(&text[from..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A view taken apart by `template_value` is the value serde gives: the same debug text
    /// (numbers past i64 and below 0, none, bool, strings, lists, maps), kinds, keys and order,
    /// rendered alike.
    #[test]
    fn a_view_moved_into_template_values_is_the_serde_value() {
        let view = serde_json::json!({
            "z": [1, -2, 2.5, null, true, "š", {"b": [], "a": {}}],
            "a": u64::MAX, "m": i64::MIN, "e": "",
        });
        let by_serde = minijinja::Value::from(minijinja::value::Serde(&view));
        let moved = super::template_value(view, &no_rows);
        assert_eq!(format!("{moved:?}"), format!("{by_serde:?}"));
        let kinds = |v: &minijinja::Value| {
            v.try_iter()
                .map(|keys| {
                    keys.map(|k| format!("{k}:{:?}", v.get_item(&k).map(|x| x.kind())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        assert_eq!(kinds(&moved), kinds(&by_serde));
        let env = minijinja::Environment::new();
        let render = |v: &minijinja::Value| {
            env.render_str(
                "{% for k, v in x|items %}{{ k }}={{ v }};{% endfor %}",
                minijinja::context! { x => v },
            )
            .unwrap()
        };
        assert_eq!(render(&moved), render(&by_serde));
        assert_eq!(
            render(&moved),
            "a=18446744073709551615;e=;m=-9223372036854775808;\
             z=[1, -2, 2.5, None, True, 'š', {'a': {}, 'b': []}];"
        );
    }

    /// A row's stand-in becomes the row `rows` makes of it; the keys a view added to it join
    /// the row's in the order of the keys (a view's are sorted); a stand-in `rows` does not
    /// know stays as it is.
    #[test]
    fn a_rows_stand_in_becomes_its_row_with_the_keys_a_view_added() {
        let rows = |v: &serde_json::Value, _| {
            (v == &serde_json::json!(7)).then(|| minijinja::Value::from_pairs([("d", 1), ("y", 2)]))
        };
        let moved = template_value(
            serde_json::json!({
                "a": { ROW: 7 },
                "b": { ROW: 7, "z": [{ ROW: 7 }], "c": "x" },
                "u": { ROW: 8 },
            }),
            &rows,
        );
        let text = minijinja::Environment::new()
            .render_str(
                "{{ x.a|items|list }}|{{ x.b|items|list }}|{{ x.u|items|list|length }}",
                minijinja::context! { x => moved },
            )
            .unwrap();
        assert_eq!(
            text,
            "[('d', 1), ('y', 2)]|[('c', 'x'), ('d', 1), ('y', 2), ('z', [{'d': 1, 'y': 2}])]|1"
        );
    }

    /// `once` renders its part with the globals and `is_search_page` only, the first time it is
    /// asked for each (part, search page): every later page gets the same safe text (not
    /// escaped again), the search page its own; an error in the part is the page's error.
    #[test]
    fn once_renders_a_part_once_per_build_and_search_page() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&renders);
        env.add_function("tick", move || {
            counted.fetch_add(1, Ordering::Relaxed);
            String::new()
        });
        env.add_global("name", "A & B");
        env.add_function("once", once());
        env.add_template(
            "part.html",
            "{{ tick() }}<b>{{ name }}</b>{% if is_search_page %}!{% endif %}{% if title is defined %}{{ title }}{% endif %}",
        )
        .unwrap();
        env.add_template(
            "page.html",
            "{{ once('part.html', is_search_page) }}|{{ title }}",
        )
        .unwrap();
        env.add_template("bad.html", "{{ once('missing.html') }}")
            .unwrap();
        let page = env.get_template("page.html").unwrap();
        let render = |ctx| page.render(ctx).unwrap();
        assert_eq!(
            render(minijinja::context! { title => "x" }),
            "<b>A &amp; B</b>|x"
        );
        assert_eq!(
            render(minijinja::context! { title => "y" }),
            "<b>A &amp; B</b>|y"
        );
        assert_eq!(
            render(minijinja::context! { title => "z", is_search_page => true }),
            "<b>A &amp; B</b>!|z"
        );
        assert_eq!(
            renders.load(Ordering::Relaxed),
            2,
            "once per (part, search page)"
        );
        assert!(env.get_template("bad.html").unwrap().render(()).is_err());
    }

    /// Every special character of HTML is escaped, in runs and at both ends, multi-byte text
    /// passes untouched, non-strings are escaped from their text, safe strings are not.
    #[test]
    fn values_are_escaped_for_html() {
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "t.html".to_string(),
            "{{ a }}|{{ b }}|{{ c }}|{{ d|safe }}".to_string(),
        );
        let t = Templates::new(&overrides, serde_json::json!({})).unwrap();
        let out = t
            .render(
                "t.html",
                serde_json::json!({"a": "<Žluť & \"kůň\" 'x'>", "b": "&&", "c": 3, "d": "<b>"}),
                &no_rows,
            )
            .unwrap();
        assert_eq!(
            out,
            "&lt;Žluť &amp; &quot;kůň&quot; &#39;x&#39;&gt;|&amp;&amp;|3|<b>"
        );
    }
}
