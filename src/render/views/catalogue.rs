//! The catalogue of services: `/sluzby/` with its in-place filter, the static filter pages
//! (by kind, by form, a territory's catalogue), the printable booklet, and a service as a row
//! of those lists. Must not decide which pages exist (`plan`), nor show a service's every field
//! outside the booklet (that is `service`).

use serde_json::{Value, json};

use super::service::details;
use crate::czech::Lang;
use crate::czech::collate::Collator;
use crate::i18n::label;
use crate::law::{self, Category, ServiceKind};
use crate::model::service::{
    BOOKLET_FOLDER, FORM_FOLDER, KIND_FOLDER, SERVICE_FORMS, catalogue_order,
};
use crate::render::context::RenderCtx;
use crate::render::plan::ServiceList;

impl RenderCtx<'_> {
    /// A kind's name as a heading ("Pečovatelská služba") and as a label ("§ 40 Pečovatelská
    /// služba"), with the URL of its page.
    pub(super) fn service_kind(&self, k: &ServiceKind) -> Value {
        let name = capitalised(match self.lang {
            Lang::Cs => k.name,
            Lang::En => k.name_en,
        });
        let f = &self.site.config.folders;
        let (cat_cs, cat_en) = k.category.name();
        json!({
            "section": k.section,
            "name": name,
            "label": if k.category == Category::Related { name.clone() } else { format!("§ {} {name}", k.section) },
            "slug": k.slug,
            "category": match self.lang { Lang::Cs => cat_cs, Lang::En => cat_en },
            "url": self.url(&format!("{}/{KIND_FOLDER}/{}/", f.services, k.slug)),
            "removed_by": k.removed_by,
        })
    }

    /// A service as a catalogue lists it, with the values the in-place filter reads.
    pub(super) fn service_row(&self, i: usize) -> Value {
        let site = self.site;
        let s = &site.services[i];
        let kind = law::kind(&s.kind).unwrap_or(&law::RELATED_KIND);
        let tg_slugs: Vec<&str> = s
            .target_groups
            .iter()
            .map(|t| site.config.target_groups[*t].slug.as_str())
            .collect();
        let t_slugs: Vec<&str> = s
            .territories
            .iter()
            .map(|t| site.territories[*t].slug.as_str())
            .collect();
        let p = &site.organisations[s.provider];
        json!({
            "title": s.title,
            "url": self.url(&s.path),
            "kind": self.service_kind(kind),
            "provider": self.link(&p.title, &p.path),
            "forms": s.forms.iter().map(|f| label(self.lang, f)).collect::<Vec<_>>(),
            "target_groups": s.target_groups.iter().map(|t| self.target_group_link(*t)).collect::<Vec<_>>(),
            "territories": s.territories.iter().map(|t| self.territory_link(*t)).collect::<Vec<_>>(),
            "filter": {
                "kind": s.kind,
                "forms": s.forms.join(" "),
                "target_groups": tg_slugs.join(" "),
                "territories": t_slugs.join(" "),
            },
        })
    }

    /// Services grouped by category and kind, in the law's order; `row` makes each entry.
    fn catalogue_sections(&self, list: &[usize], row: &dyn Fn(usize) -> Value) -> Vec<Value> {
        let site = self.site;
        let mut sections = Vec::new();
        for category in Category::ALL {
            let mut kinds = Vec::new();
            for k in law::all_kinds().filter(|k| k.category == category) {
                let items: Vec<Value> = list
                    .iter()
                    .filter(|s| site.services[**s].kind == k.section)
                    .map(|s| row(*s))
                    .collect();
                if !items.is_empty() {
                    let mut kv = self.service_kind(k);
                    kv["items"] = json!(items);
                    kinds.push(kv);
                }
            }
            if !kinds.is_empty() {
                let (cs, en) = category.name();
                sections.push(json!({
                    "title": match self.lang { Lang::Cs => cs, Lang::En => en },
                    "slug": category.slug(),
                    "kinds": kinds,
                }));
            }
        }
        sections
    }

    /// The static filters: every kind, target group, form and territory some service has, each
    /// a link to its page; `current` marks the page's own.
    fn catalogue_filters(&self, current: ServiceList) -> Value {
        let site = self.site;
        let f = &site.config.folders;
        let services = &site.services;
        let opt = |value: &str, title: String, url: String, here: bool| json!({ "value": value, "title": title, "url": url, "current": here });
        let kinds: Vec<Value> = law::all_kinds()
            .enumerate()
            .filter(|(_, k)| services.iter().any(|s| s.kind == k.section))
            .map(|(i, k)| {
                let v = self.service_kind(k);
                opt(
                    k.section,
                    v["label"].as_str().unwrap_or("").to_string(),
                    v["url"].as_str().unwrap_or("").to_string(),
                    current == ServiceList::Kind(i),
                )
            })
            .collect();
        let target_groups: Vec<Value> = site
            .config
            .target_groups
            .iter()
            .enumerate()
            .filter(|(i, _)| services.iter().any(|s| s.target_groups.contains(i)))
            .map(|(_, tg)| {
                let url = self.url(&format!("{}/{}/", f.target_groups, tg.slug)) + "#sluzby";
                opt(&tg.slug, tg.name.clone(), url, false)
            })
            .collect();
        let forms: Vec<Value> = SERVICE_FORMS
            .iter()
            .enumerate()
            .filter(|(_, form)| services.iter().any(|s| s.forms.iter().any(|x| x == *form)))
            .map(|(i, form)| {
                let url = self.url(&format!("{}/{FORM_FOLDER}/{form}/", f.services));
                opt(
                    form,
                    label(self.lang, form),
                    url,
                    current == ServiceList::Form(i),
                )
            })
            .collect();
        let territories: Vec<Value> = site
            .territories
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.services.is_empty())
            .map(|(i, t)| {
                let url = self.url(&format!("{}{}/", t.path, f.services));
                opt(
                    &t.slug,
                    t.name.clone(),
                    url,
                    current == ServiceList::Territory(i),
                )
            })
            .collect();
        json!({ "kinds": kinds, "target_groups": target_groups, "forms": forms, "territories": territories })
    }
}

/// The first letter upper-case ("pečovatelská služba" → "Pečovatelská služba").
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A page of the catalogue: which services, under which title, with which filters.
pub(super) fn catalogue(ctx: &RenderCtx, which: ServiceList) -> (&'static str, Value) {
    let site = ctx.site;
    let f = &site.config.folders;
    let all_url = format!("{}/", f.services);
    let catalogue = ctx.t("catalogue");
    let mut list: Vec<usize> = match which {
        ServiceList::All | ServiceList::Booklet => (0..site.services.len()).collect(),
        ServiceList::Kind(k) => {
            let section = law::all_kinds().nth(k).map(|k| k.section).unwrap_or("");
            (0..site.services.len())
                .filter(|s| site.services[*s].kind == section)
                .collect()
        }
        ServiceList::Form(i) => (0..site.services.len())
            .filter(|s| {
                site.services[*s]
                    .forms
                    .iter()
                    .any(|x| x == SERVICE_FORMS[i])
            })
            .collect(),
        ServiceList::Territory(t) => site.territories[t].services.clone(),
    };
    let collator = Collator::new();
    list.sort_by(|a, b| catalogue_order(&site.services, &collator, *a, *b));
    let (title, own_path, title_where) = match which {
        ServiceList::All => (catalogue.clone(), all_url.clone(), None),
        ServiceList::Booklet => (
            ctx.t("catalogue_print"),
            format!("{}/{BOOKLET_FOLDER}/", f.services),
            None,
        ),
        ServiceList::Kind(k) => {
            let k = law::all_kinds().nth(k).unwrap_or(&law::RELATED_KIND);
            let v = ctx.service_kind(k);
            (
                v["label"].as_str().unwrap_or("").to_string(),
                format!("{}/{KIND_FOLDER}/{}/", f.services, k.slug),
                None,
            )
        }
        ServiceList::Form(i) => (
            format!("{}: {}", ctx.t("form"), label(ctx.lang, SERVICE_FORMS[i])),
            format!("{}/{FORM_FOLDER}/{}/", f.services, SERVICE_FORMS[i]),
            None,
        ),
        ServiceList::Territory(t) => {
            let t = &site.territories[t];
            (
                format!("{catalogue} – {}", t.name),
                format!("{}{}/", t.path, f.services),
                None::<String>,
            )
        }
    };
    let mut crumbs = vec![(ctx.t("services"), all_url.clone())];
    if which != ServiceList::All {
        crumbs.push((title.clone(), own_path));
    }
    let booklet = which == ServiceList::Booklet;
    let sections = if booklet {
        ctx.catalogue_sections(&list, &|s| details(ctx, s))
    } else {
        ctx.catalogue_sections(&list, &|s| ctx.service_row(s))
    };
    let count_label = match ctx.lang {
        Lang::Cs => "Zobrazené služby: {shown} z {total}",
        Lang::En => "Services shown: {shown} of {total}",
    };
    (
        if booklet {
            "services_print.html"
        } else {
            "services.html"
        },
        json!({
            "title": title,
            "title_where": title_where,
            "crumbs": ctx.crumbs(&crumbs),
            "sections": sections,
            "count": list.len(),
            "in_place": which == ServiceList::All && !list.is_empty(),
            "filters": ctx.catalogue_filters(which),
            "count_label": count_label,
            "urls": {
                "all": ctx.url(&all_url),
                "booklet": ctx.url(&format!("{}/{BOOKLET_FOLDER}/", f.services)),
            },
        }),
    )
}
