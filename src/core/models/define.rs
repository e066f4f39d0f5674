//! Rows added at run time (`new ImagesClient({ models })`, `defineModel`), read from plain data and
//! checked field by field like any other input.
//!
//! Rows hold `&'static` data like the table's, so run-time strings are interned: each distinct
//! string or list is stored once for the page's lifetime, however often it is defined again.

use std::cell::RefCell;
use std::thread::LocalKey;

use crate::core::issue::Issue;
use crate::core::json::{self, Map, Value};
use crate::core::models::spec::*;
use crate::core::models::table::BASE_ROW;
use crate::core::models::{is_iso_date, Catalog};
use crate::core::provider::Provider;

// Plain lists searched in order: a page defines a handful of rows, and a B-tree per pool cost
// 2 KB of wasm.
thread_local! {
    static STRINGS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    static LISTS: RefCell<Vec<Values>> = const { RefCell::new(Vec::new()) };
    static SHUTDOWNS: RefCell<Vec<&'static [Shutdown]>> = const { RefCell::new(Vec::new()) };
}

/// The pool's copy of `item`; a new one is stored (leaked: rows live as long as the page).
fn interned<T: ?Sized + PartialEq>(pool: &'static LocalKey<RefCell<Vec<&'static T>>>, item: Box<T>) -> &'static T {
    pool.with(|pool| {
        let mut pool = pool.borrow_mut();
        if let Some(found) = pool.iter().find(|found| ***found == *item) {
            return *found;
        }
        let leaked: &'static T = Box::leak(item);
        pool.push(leaked);
        leaked
    })
}

fn intern(text: &str) -> &'static str {
    interned(&STRINGS, text.into())
}

fn intern_list(items: Vec<&'static str>) -> Values {
    interned(&LISTS, items.into_boxed_slice())
}

fn intern_shutdowns(items: Vec<Shutdown>) -> &'static [Shutdown] {
    interned(&SHUTDOWNS, items.into_boxed_slice())
}

const FIELDS: &[&str] = &[
    "id",
    "like",
    "snapshots",
    "sizes",
    "qualities",
    "maxN",
    "maxPromptChars",
    "endpoints",
    "outputFormats",
    "editOutputFormats",
    "backgrounds",
    "inputFidelities",
    "styles",
    "moderations",
    "responseFormats",
    "complexities",
    "markup",
    "streaming",
    "svg",
    "maxEditImages",
    "shutdown",
    "replacement",
    "pricing",
    "source",
];

/// Reads one run-time row. `path` prefixes every issue's field (`models[0]`, or empty).
///
/// A row whose `id` is already known patches that row; a new id names the row it starts from in
/// `like`. A new model inherits no prices: they are the `pricing` given, or unknown.
pub fn read_definition(value: &Value, path: &str, catalog: &Catalog) -> Result<ModelSpec, Vec<Issue>> {
    let field = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    let Some(object) = value.as_object() else {
        return Err(vec![Issue::error(
            if path.is_empty() {
                "model".into()
            } else {
                path.to_owned()
            },
            "invalid_type",
            "a model definition must be an object such as { id, like }".into(),
        )]);
    };
    let mut r = Reader {
        object,
        field: &field,
        issues: Vec::new(),
    };
    for key in object.keys() {
        if !FIELDS.contains(&key.as_str()) {
            r.issue(key, "unknown_field", format!("{} is not a model field", field(key)));
        }
    }
    let id = r.text("id");
    let like = r.text("like");
    let base = match (&id, &like) {
        (None, _) => {
            if !object.contains_key("id") {
                r.issue("id", "required", format!("{} is required", field("id")));
            }
            None
        }
        (Some(_), Some(like_id)) => match catalog.find(like_id) {
            Some(row) => Some(ModelSpec {
                billing: None,
                shutdowns: &[],
                replacement: None,
                snapshots: &[],
                ..row
            }),
            None => {
                r.issue(
                    "like",
                    "unknown_model",
                    format!("{} names no known model (got {})", field("like"), json::quoted(like_id)),
                );
                None
            }
        },
        (Some(id), None) => match catalog.find(id) {
            Some(row) => Some(row),
            None => {
                r.issue(
                    "like",
                    "required",
                    format!(
                        "{} is required for a new model: the id of the known model whose rules it starts from",
                        field("like")
                    ),
                );
                None
            }
        },
    };
    let mut spec = base.unwrap_or(BASE_ROW);
    if let Some(id) = &id {
        spec.id = intern(id);
    }
    spec.source = Source { url: "", checked: "" };
    r.apply(&mut spec);
    match (r.issues.is_empty(), base.is_some()) {
        (true, true) => Ok(spec),
        _ => Err(r.issues),
    }
}

struct Reader<'a> {
    object: &'a Map,
    field: &'a dyn Fn(&str) -> String,
    issues: Vec<Issue>,
}

impl Reader<'_> {
    fn issue(&mut self, key: &str, code: &'static str, message: String) {
        self.issues.push(Issue::error((self.field)(key), code, message));
    }

    fn wrong(&mut self, key: &str, expected: &str) {
        let message = format!("{} must be {expected}", (self.field)(key));
        self.issue(key, "invalid_type", message);
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.object.get(key)? {
            Value::String(s) if !s.trim().is_empty() && s.len() <= 200 => Some(s.clone()),
            _ => {
                self.wrong(key, "a non-empty string of at most 200 characters");
                None
            }
        }
    }

    fn list(&mut self, key: &str) -> Option<Values> {
        let items = self.object.get(key)?;
        let strings: Option<Vec<&'static str>> = items.as_array().and_then(|items| {
            (items.len() <= 64)
                .then(|| {
                    items
                        .iter()
                        .map(|item| item.as_str().filter(|s| !s.is_empty() && s.len() <= 100).map(intern))
                        .collect()
                })
                .flatten()
        });
        match strings {
            Some(strings) => Some(intern_list(strings)),
            None => {
                self.wrong(key, "an array of at most 64 non-empty strings");
                None
            }
        }
    }

    fn int(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let value = self.object.get(key)?;
        match value.as_i64().filter(|n| (min..=max).contains(n)) {
            Some(n) => Some(n),
            None => {
                self.wrong(key, &format!("a whole number from {min} to {max}"));
                None
            }
        }
    }

    fn flag(&mut self, key: &str) -> Option<bool> {
        match self.object.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong(key, "true or false");
                None
            }
        }
    }

    fn apply(&mut self, spec: &mut ModelSpec) {
        let lists: [(&str, &mut Values); 10] = [
            ("snapshots", &mut spec.snapshots),
            ("qualities", &mut spec.qualities),
            ("outputFormats", &mut spec.output_formats),
            ("editOutputFormats", &mut spec.edit_output_formats),
            ("backgrounds", &mut spec.backgrounds),
            ("inputFidelities", &mut spec.input_fidelities),
            ("styles", &mut spec.styles),
            ("moderations", &mut spec.moderations),
            ("responseFormats", &mut spec.response_formats),
            ("complexities", &mut spec.complexities),
        ];
        for (key, slot) in lists {
            if let Some(values) = self.list(key) {
                *slot = values;
            }
        }
        if self.object.contains_key("outputFormats") && !self.object.contains_key("editOutputFormats") {
            spec.edit_output_formats =
                intern_list(spec.output_formats.iter().copied().filter(|f| *f != "svg").collect());
        }
        if let Some(n) = self.int("maxN", 1, 100) {
            spec.max_n = n as u8;
        }
        if let Some(n) = self.int("maxEditImages", 1, 100) {
            spec.edit.max_images = n as usize;
        }
        match self.object.get("maxPromptChars") {
            Some(Value::Null) => spec.max_prompt_chars = None,
            Some(_) => {
                if let Some(n) = self.int("maxPromptChars", 1, 10_000_000) {
                    spec.max_prompt_chars = Some(n as u32);
                }
            }
            None => {}
        }
        for (key, slot) in [
            ("markup", &mut spec.markup),
            ("streaming", &mut spec.streaming),
            ("svg", &mut spec.svg),
        ] {
            if let Some(b) = self.flag(key) {
                *slot = b;
            }
        }
        if let Some(replacement) = self.text("replacement") {
            spec.replacement = Some(intern(&replacement));
        }
        self.endpoints(spec);
        self.sizes(spec);
        self.shutdowns(spec);
        self.pricing(spec);
        self.source(spec);
    }

    fn endpoints(&mut self, spec: &mut ModelSpec) {
        let Some(names) = self.list("endpoints") else {
            return;
        };
        let parsed: Option<Vec<Endpoint>> = names.iter().map(|n| Endpoint::parse(n)).collect();
        match parsed {
            Some(endpoints) => spec.endpoints = endpoint_set(&endpoints),
            None => self.wrong("endpoints", "an array of \"generations\", \"edits\", \"variations\""),
        }
    }

    fn sizes(&mut self, spec: &mut ModelSpec) {
        match self.object.get("sizes") {
            None => {}
            Some(Value::String(s)) if s == "provider_defined" => spec.sizes = Sizes::ProviderDefined,
            Some(Value::Array(_)) => {
                if let Some(values) = self.list("sizes") {
                    spec.sizes = Sizes::List(values);
                }
            }
            Some(_) => self.wrong(
                "sizes",
                "an array of sizes such as \"1024x1024\", or \"provider_defined\"",
            ),
        }
    }

    fn shutdowns(&mut self, spec: &mut ModelSpec) {
        let Some(value) = self.object.get("shutdown") else {
            return;
        };
        let Some(dates) = value.as_object() else {
            return self.wrong("shutdown", "an object such as { openai: \"2027-01-31\" }");
        };
        let mut shutdowns = Vec::new();
        for (name, date) in dates {
            let provider = Provider::parse(name).filter(|p| matches!(p, Provider::OpenAi | Provider::Azure));
            match (provider, date.as_str().filter(|d| is_iso_date(d))) {
                (Some(provider), Some(date)) => shutdowns.push(Shutdown {
                    provider,
                    date: intern(date),
                    confirmed: true,
                }),
                _ => {
                    let message = format!(
                        "{} must map openai or azure to a YYYY-MM-DD date",
                        (self.field)("shutdown")
                    );
                    self.issue("shutdown", "invalid_value", message);
                }
            }
        }
        spec.shutdowns = intern_shutdowns(shutdowns);
    }

    fn pricing(&mut self, spec: &mut ModelSpec) {
        let Some(value) = self.object.get("pricing") else {
            return;
        };
        let Some(prices) = value.as_object() else {
            return self.wrong("pricing", "an object of USD per 1M tokens such as { imageOutput: 30 }");
        };
        let mut price = |key: &str| -> Option<f64> {
            let value = prices.get(key)?;
            match value.as_f64().filter(|p| p.is_finite() && *p >= 0.0 && *p <= 1e6) {
                Some(p) => Some(p),
                None => {
                    self.wrong("pricing", "an object of non-negative USD figures");
                    None
                }
            }
        };
        let per_million = TokenPrices {
            text_in: price("textInput"),
            text_in_cached: price("cachedTextInput"),
            image_in: price("imageInput"),
            image_in_cached: price("cachedImageInput"),
            image_out: price("imageOutput"),
        };
        spec.billing = Some(Billing::Tokens {
            per_million,
            output: OutputTokens::Unknown,
        });
    }

    fn source(&mut self, spec: &mut ModelSpec) {
        let Some(value) = self.object.get("source") else {
            return;
        };
        let url = value
            .get("url")
            .and_then(Value::as_str)
            .filter(|u| u.starts_with("https://"));
        let checked = value.get("checked").and_then(Value::as_str).filter(|d| is_iso_date(d));
        match (url, checked) {
            (Some(url), Some(checked)) => {
                spec.source = Source {
                    url: intern(url),
                    checked: intern(checked),
                }
            }
            _ => self.wrong("source", "{ url: \"https://...\", checked: \"YYYY-MM-DD\" }"),
        }
    }
}

/// The static slice holding exactly these endpoints, in the usual order.
fn endpoint_set(endpoints: &[Endpoint]) -> &'static [Endpoint] {
    use Endpoint::{Edits as E, Generations as G, Variations as V};
    const SETS: &[&[Endpoint]] = &[&[], &[G], &[E], &[G, E], &[V], &[G, V], &[E, V], &[G, E, V]];
    let has = |e| usize::from(endpoints.contains(&e));
    let index = has(G) | has(E) << 1 | has(V) << 2;
    SETS.get(index).copied().unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::models::{availability, Availability};
    use crate::json_value as json;

    fn read(value: Value) -> Result<ModelSpec, Vec<(String, &'static str)>> {
        read_definition(&value, "models[0]", &Catalog::default())
            .map_err(|issues| issues.into_iter().map(|i| (i.field, i.code)).collect())
    }

    #[test]
    fn a_new_row_starts_from_like_and_inherits_no_prices_or_dates() {
        let row = read(json!({"id": "gpt-image-3", "like": "gpt-image-1.5", "qualities": ["low", "max"]})).unwrap();
        assert_eq!(row.id, "gpt-image-3");
        assert_eq!(row.qualities, &["low", "max"]);
        assert_eq!(row.sizes, Catalog::default().find("gpt-image-1.5").unwrap().sizes);
        assert_eq!((row.billing, row.shutdowns.len(), row.replacement), (None, 0, None));
    }

    #[test]
    fn a_known_id_patches_its_row() {
        let row = read(
            json!({"id": "gpt-image-2", "shutdown": {"openai": "2027-06-30"}, "replacement": "gpt-image-2.6-sunburst"}),
        )
        .unwrap();
        assert!(row.billing.is_some(), "keeps its prices");
        assert_eq!(
            availability(&row, Provider::OpenAi, "2027-06-30"),
            Availability::ShutDown(Shutdown {
                provider: Provider::OpenAi,
                date: "2027-06-30",
                confirmed: true
            })
        );
        assert_eq!(row.replacement, Some("gpt-image-2.6-sunburst"));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let found = read(json!({
            "id": "x", "like": "gpt-image-9", "qualities": "high", "maxN": 0, "markup": "yes",
            "shutdown": {"openai": "soon"}, "pricing": {"imageOutput": -1}, "colour": "red",
            "endpoints": ["generations", "paint"], "source": {"url": "docs/models.md", "checked": "2026-12-01"}
        }))
        .unwrap_err();
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "models[0].colour",
                "models[0].like",
                "models[0].qualities",
                "models[0].maxN",
                "models[0].markup",
                "models[0].endpoints",
                "models[0].shutdown",
                "models[0].pricing",
                "models[0].source",
            ]
        );
        assert_eq!(
            read(json!({"like": "gpt-image-2"})).unwrap_err(),
            vec![("models[0].id".to_owned(), "required")]
        );
        assert_eq!(
            read(json!({"id": "brand-new"})).unwrap_err(),
            vec![("models[0].like".to_owned(), "required")]
        );
        assert_eq!(
            read(json!("gpt-image-3")).unwrap_err(),
            vec![("models[0]".to_owned(), "invalid_type")]
        );
    }

    #[test]
    fn pricing_and_sizes_and_endpoints_are_read() {
        let row = read(json!({
            "id": "proxy-image", "like": "gpt-image-2", "sizes": ["1024x1024"], "endpoints": ["generations"],
            "pricing": {"imageOutput": 12.5}, "outputFormats": ["png", "svg"]
        }))
        .unwrap();
        assert_eq!(row.sizes, Sizes::List(&["1024x1024"]));
        assert_eq!(row.endpoints, &[Endpoint::Generations]);
        assert_eq!(row.edit_output_formats, &["png"], "svg is for generations only");
        let Some(Billing::Tokens { per_million, output }) = row.billing else {
            panic!("token prices expected");
        };
        assert_eq!(
            (per_million.image_out, per_million.text_in, output),
            (Some(12.5), None, OutputTokens::Unknown)
        );
    }

    #[test]
    fn strings_and_lists_are_interned_once() {
        let row = json!({"id": "interned-model", "like": "gpt-image-2", "qualities": ["low", "max"], "shutdown": {"openai": "2031-01-02"}});
        let (a, b) = (read(row.clone()).unwrap(), read(row).unwrap());
        assert!(std::ptr::eq(a.id, b.id));
        assert!(std::ptr::eq(a.qualities, b.qualities));
        assert!(std::ptr::eq(a.shutdowns, b.shutdowns));
        let other =
            read(json!({"id": "interned-model-2", "like": "gpt-image-2", "qualities": ["low", "mid"]})).unwrap();
        assert_eq!(other.qualities, ["low", "mid"]);
        assert!(!std::ptr::eq(a.qualities, other.qualities));
    }
}
