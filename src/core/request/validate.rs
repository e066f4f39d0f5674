//! Validation of request params against the model table: every broken rule at once, each with the
//! field, a stable code and a message that names the rule.
//!
//! Unknown models get only the universal checks, and unknown fields on them are warnings: the
//! library must not stand in the way of a model it has not heard of yet. A value a known row has
//! never heard of is an error whose message says how to get past it (the API may be ahead of the
//! table).

use crate::core::issue::Issue;
use crate::core::json::{self, quoted, Value};
use crate::core::models::providers::rules as provider_rules;
use crate::core::models::{
    availability, parse_size, Availability, Catalog, Endpoint, Family, FreeSizes, ModelSpec, Sizes,
};
use crate::core::provider::Provider;
use crate::core::request::params::ImageParams;
use crate::core::text::{self, joined};

/// What a request is checked against: the provider, today's date and the client's rows.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// The provider the request goes to.
    pub provider: Provider,
    /// Today, `YYYY-MM-DD` (UTC): model status is computed from it.
    pub today: &'a str,
    /// The rows the client sees.
    pub catalog: &'a Catalog,
}

/// The JSON type a param must have.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    Object,
    /// Files, taken out of the params before validation (a value left here is not a file).
    File,
}

/// A wire param: its type and the endpoints that take it.
#[derive(Debug)]
struct ParamDef {
    name: &'static str,
    kind: Kind,
    endpoints: &'static [Endpoint],
}

const ALL: &[Endpoint] = &[Endpoint::Generations, Endpoint::Edits, Endpoint::Variations];
const GEN_EDIT: &[Endpoint] = &[Endpoint::Generations, Endpoint::Edits];
const GEN: &[Endpoint] = &[Endpoint::Generations];
const EDIT: &[Endpoint] = &[Endpoint::Edits];

const fn param(name: &'static str, kind: Kind, endpoints: &'static [Endpoint]) -> ParamDef {
    ParamDef { name, kind, endpoints }
}

/// Every param the Images API knows (OpenAI's Images API reference and openai-node 7.55's types,
/// checked 2026-12-01). Ranges
/// here hold for every model; per-model values come from the model rows.
const PARAMS: &[ParamDef] = &[
    param("model", Kind::Text, ALL),
    param("prompt", Kind::Text, GEN_EDIT),
    param("n", Kind::Int { min: 1, max: 10 }, ALL),
    param("size", Kind::Text, ALL),
    param("quality", Kind::Text, GEN_EDIT),
    param("response_format", Kind::Text, ALL),
    param("style", Kind::Text, GEN),
    param("output_format", Kind::Text, GEN_EDIT),
    param("output_compression", Kind::Int { min: 0, max: 100 }, GEN_EDIT),
    param("background", Kind::Text, GEN_EDIT),
    param("moderation", Kind::Text, GEN_EDIT),
    param("stream", Kind::Bool, GEN_EDIT),
    param("partial_images", Kind::Int { min: 0, max: 3 }, GEN_EDIT),
    param("input_fidelity", Kind::Text, EDIT),
    param("markup", Kind::File, EDIT),
    param("complexity", Kind::Text, GEN_EDIT),
    param("frame_count", Kind::Int { min: 2, max: 16 }, GEN_EDIT),
    param("frame_duration_ms", Kind::Int { min: 20, max: 655_350 }, GEN_EDIT),
    param("svg", Kind::Object, GEN),
    // In openai-node 7.55's Images types (Nov 2026), newer than the Aug 2026 spec that lacks it.
    param("safety_identifier", Kind::Text, ALL),
    param("user", Kind::Text, ALL),
];

/// Params whose values each model row enumerates.
const ENUMERATED: &[&str] = &[
    "quality",
    "output_format",
    "background",
    "style",
    "complexity",
    "input_fidelity",
    "moderation",
    "response_format",
];

/// The values a model accepts for an enumerated param; `None` when the param does not exist for it.
fn allowed_values(name: &str, model: &ModelSpec, endpoint: Endpoint) -> Option<&'static [&'static str]> {
    let values = match name {
        "quality" => model.qualities,
        "output_format" => model.formats_for(endpoint),
        "background" => model.backgrounds,
        "style" => model.styles,
        "complexity" => model.complexities,
        "input_fidelity" => model.input_fidelities,
        "moderation" => model.moderations,
        "response_format" => model.response_formats,
        _ => &[],
    };
    (!values.is_empty()).then_some(values)
}

/// Whether a param exists for a model at all.
fn param_exists_for(name: &str, model: &ModelSpec, endpoint: Endpoint) -> bool {
    match name {
        n if ENUMERATED.contains(&n) => allowed_values(n, model, endpoint).is_some(),
        "output_compression" => model.family == Family::GptImage,
        "stream" | "partial_images" => model.streaming,
        "markup" => model.markup,
        "frame_count" | "frame_duration_ms" => model.gif.is_some(),
        "svg" => model.svg,
        _ => true,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if text::char_count(s) > 40 => format!("a {}-character string", text::char_count(s)),
        other => json::message_text(other),
    }
}

/// How to send a value the table does not know, in case the API is ahead of it.
fn way_past(model: &ModelSpec) -> String {
    let checked = match model.source.checked {
        "" => String::new(),
        date => format!(" (checked {date})"),
    };
    format!(
        ". If the API accepts it now, the model table{checked} is behind: pass validation: \"warn\", or update the row with defineModel({{ id: \"{}\", ... }})",
        model.id
    )
}

/// Collects issues for one request.
struct Checker<'a> {
    params: &'a ImageParams,
    endpoint: Endpoint,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn error(&mut self, field: &str, code: &'static str, message: String) {
        self.issues.push(Issue::error(field.to_owned(), code, message));
    }

    fn warning(&mut self, field: &str, code: &'static str, message: String) {
        self.issues.push(Issue::warning(field.to_owned(), code, message));
    }

    /// An error on a known model, a warning on an unknown one.
    fn flag(&mut self, known: bool, field: &str, code: &'static str, message: String) {
        if known {
            self.error(field, code, message);
        } else {
            self.warning(field, code, message);
        }
    }

    /// A field is set and no earlier check already complained about it.
    fn clean(&self, field: &str) -> bool {
        self.params.get(field).is_some() && !self.issues.iter().any(|i| i.field == field)
    }
}

/// Validates params for `endpoint` under `rules`. Returns every issue (errors and warnings).
pub fn validate(params: &ImageParams, endpoint: Endpoint, rules: &Rules) -> Vec<Issue> {
    let mut c = Checker {
        params,
        endpoint,
        issues: Vec::new(),
    };
    let model = check_model(&mut c, rules);
    check_fields(&mut c, model.as_ref());
    check_prompt(&mut c, model.as_ref());
    if let Some(model) = &model {
        check_model_values(&mut c, model);
    }
    check_cross_field(&mut c);
    check_gif(&mut c, model.as_ref());
    check_svg(&mut c);
    check_provider(&mut c, rules.provider);
    c.issues
}

fn check_model(c: &mut Checker, rules: &Rules) -> Option<ModelSpec> {
    let id = match c.params.get("model") {
        None => {
            c.error("model", "required", "model is required (e.g. \"gpt-image-2\")".into());
            return None;
        }
        Some(Value::String(id)) if !id.trim().is_empty() => id.as_str(),
        Some(other) => {
            c.error(
                "model",
                "invalid_type",
                format!("model must be a non-empty string (got {})", describe(other)),
            );
            return None;
        }
    };
    let Some(model) = rules.catalog.find(id) else {
        c.warning(
            "model",
            "unknown_model",
            format!(
                "model {} is not in this library's table: only universal checks apply",
                quoted(id)
            ),
        );
        return None;
    };
    if !model.endpoints.contains(&c.endpoint) {
        c.error(
            "model",
            "unsupported_endpoint",
            format!("{} does not serve /images/{}", model.id, c.endpoint.as_str()),
        );
    }
    if let Availability::ShutDown(shutdown) = availability(&model, rules.provider, rules.today) {
        let where_ = shutdown.provider.display_name();
        let instead = model
            .replacement
            .map(|r| format!("; use {r} instead"))
            .unwrap_or_default();
        let message = format!("{} was shut down on {where_} on {}{instead}", model.id, shutdown.date);
        if shutdown.confirmed && provider_rules(rules.provider).shutdown_blocks {
            c.error("model", "model_shut_down", message);
        } else {
            let maybe = format!("{message} (this provider may still serve it)");
            c.warning("model", "model_shut_down", maybe);
        }
    }
    Some(model)
}

/// Types and ranges of every field, and fields that do not exist for the endpoint or model.
fn check_fields(c: &mut Checker, model: Option<&ModelSpec>) {
    let endpoint = c.endpoint;
    for (name, value) in c.params.fields() {
        let Some(def) = PARAMS.iter().find(|d| d.name == name) else {
            let hint = suggestion(name)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            let mut message = format!("{name} is not a parameter of /images/{}{hint}", endpoint.as_str());
            if let (Some(model), true) = (model, hint.is_empty()) {
                message.push_str(&way_past(model));
            }
            c.issues.push(match model {
                Some(_) => Issue::error(name.clone(), "unknown_parameter", message),
                None => Issue::warning(name.clone(), "unknown_parameter", message),
            });
            continue;
        };
        if let Some((code, rule)) = type_problem(def.kind, value) {
            let message = format!("{name} {rule} (got {})", describe(value));
            c.issues.push(Issue::error(name.clone(), code, message));
            continue;
        }
        if !def.endpoints.contains(&endpoint) {
            c.issues.push(Issue::error(
                name.clone(),
                "unsupported_parameter",
                format!("{name} does not apply to /images/{}", endpoint.as_str()),
            ));
        } else if let Some(model) = model.filter(|m| !param_exists_for(name, m, endpoint)) {
            let message = format!("{name} is not supported by {}{}", model.id, way_past(model));
            c.issues
                .push(Issue::error(name.clone(), "unsupported_parameter", message));
        }
    }
}

fn type_problem(kind: Kind, value: &Value) -> Option<(&'static str, String)> {
    match kind {
        Kind::Bool => value
            .as_bool()
            .is_none()
            .then(|| ("invalid_type", "must be true or false".into())),
        Kind::Text => (!value.is_string()).then(|| ("invalid_type", "must be a string".into())),
        Kind::Object => (!value.is_object()).then(|| ("invalid_type", "must be an object".into())),
        Kind::File => Some(("invalid_type", "must be a File or Blob".into())),
        Kind::Int { min, max } => match value.as_i64() {
            None => Some(("invalid_type", "must be a whole number".into())),
            Some(n) if n < min || n > max => Some(("out_of_range", format!("must be from {min} to {max}"))),
            Some(_) => None,
        },
    }
}

/// `outputFormat` → `output_format`: camelCase is the most common slip from JS.
fn suggestion(name: &str) -> Option<String> {
    let mut snake = String::new();
    for ch in name.chars() {
        if ch.is_ascii_uppercase() {
            snake.push('_');
            snake.push(ch.to_ascii_lowercase());
        } else {
            snake.push(ch);
        }
    }
    PARAMS
        .iter()
        .find(|d| d.name == snake && snake != name)
        .map(|d| d.name.to_owned())
}

fn check_prompt(c: &mut Checker, model: Option<&ModelSpec>) {
    if c.endpoint == Endpoint::Variations {
        return;
    }
    match c.params.str("prompt") {
        None if c.params.get("prompt").is_none() => c.error("prompt", "required", "prompt is required".into()),
        None => {}
        Some(p) if p.trim().is_empty() => c.error("prompt", "empty", "prompt must not be empty".into()),
        Some(p) => {
            let Some((max, model)) = model.and_then(|m| m.max_prompt_chars.map(|max| (max, m))) else {
                return;
            };
            let len = text::char_count(p);
            if len > max as usize {
                c.error(
                    "prompt",
                    "too_long",
                    format!("prompt is {len} characters; {} takes at most {max}", model.id),
                );
            }
        }
    }
}

fn check_model_values(c: &mut Checker, model: &ModelSpec) {
    for name in ENUMERATED {
        let (Some(allowed), true) = (allowed_values(name, model, c.endpoint), c.clean(name)) else {
            continue;
        };
        let value = c.params.str(name).unwrap_or_default();
        if !allowed.contains(&value) {
            let message = format!(
                "{name} must be one of {} for {} on /images/{} (got {}){}",
                joined(allowed.iter().copied(), ", "),
                model.id,
                c.endpoint.as_str(),
                quoted(value),
                way_past(model)
            );
            c.error(name, "invalid_value", message);
        }
    }
    if c.clean("n") {
        let n = c.params.int("n").unwrap_or(1);
        if n > i64::from(model.max_n) {
            let rule = match model.max_n {
                1 => "exactly 1".to_owned(),
                max => format!("from 1 to {max}"),
            };
            c.error(
                "n",
                "out_of_range",
                format!("n must be {rule} for {} (got {n})", model.id),
            );
        }
    }
    if c.clean("size") {
        check_size(c, model);
    }
}

fn check_size(c: &mut Checker, model: &ModelSpec) {
    let size = c.params.str("size").unwrap_or_default().to_owned();
    let free = match model.sizes {
        Sizes::ProviderDefined => return,
        Sizes::List(values) | Sizes::Free(FreeSizes { values, .. }) if values.contains(&size.as_str()) => return,
        Sizes::List(values) => {
            let message = format!(
                "size must be one of {} for {} (got {}){}",
                joined(values.iter().copied(), ", "),
                model.id,
                quoted(&size),
                way_past(model)
            );
            return c.error("size", "invalid_value", message);
        }
        Sizes::Free(free) => free,
    };
    let Some((w, h)) = parse_size(&size) else {
        return c.error(
            "size",
            "invalid_value",
            format!("size must be \"auto\" or \"WIDTHxHEIGHT\" (got {})", quoted(&size)),
        );
    };
    let pixels = u64::from(w) * u64::from(h);
    let rule = free_size_problem(w, h, &free);
    match rule {
        Some(rule) => c.error(
            "size",
            "invalid_value",
            format!("size {size} is not valid for {}: {rule}", model.id),
        ),
        None if pixels > free.experimental_above_pixels => c.warning(
            "size",
            "experimental_size",
            format!(
                "size {size} is above {} pixels, which is experimental for {}",
                free.experimental_above_pixels, model.id
            ),
        ),
        None => {}
    }
}

/// What is wrong with `w`x`h` under a free-size rule, if anything.
fn free_size_problem(w: u32, h: u32, free: &FreeSizes) -> Option<String> {
    let (long, short) = (w.max(h), w.min(h));
    let pixels = u64::from(w) * u64::from(h);
    let m = free.multiple_of.max(1);
    if w == 0 || h == 0 {
        Some("sides must be positive".to_owned())
    } else if w % m != 0 || h % m != 0 {
        Some(format!("both sides must be multiples of {m}"))
    } else if long > short.saturating_mul(free.max_aspect) {
        Some(format!("the aspect ratio must be at most {}:1", free.max_aspect))
    } else if long > free.max_long_side {
        Some(format!("the long side must be at most {}", free.max_long_side))
    } else if pixels < free.min_pixels || pixels > free.max_pixels {
        Some(format!(
            "it has {pixels} pixels; from {} to {} are accepted",
            free.min_pixels, free.max_pixels
        ))
    } else {
        None
    }
}

/// Rules between fields; they hold whatever the model.
fn check_cross_field(c: &mut Checker) {
    let p = c.params;
    let format = p.str("output_format");
    let effective_format = format.unwrap_or("png");
    if c.clean("output_compression") && !matches!(effective_format, "jpeg" | "webp") {
        c.error(
            "output_compression",
            "requires_output_format",
            format!(
                "output_compression only applies to output_format jpeg or webp (output_format is {effective_format})"
            ),
        );
    }
    if p.str("background") == Some("transparent") && !matches!(effective_format, "png" | "webp") {
        c.error(
            "background",
            "requires_output_format",
            format!("background \"transparent\" needs output_format png or webp (got {effective_format})"),
        );
    }
    if c.clean("partial_images") && !p.is_stream() {
        c.error(
            "partial_images",
            "requires_stream",
            "partial_images only applies with stream: true".into(),
        );
    }
    if p.is_stream() && matches!(format, Some("gif" | "svg")) {
        c.error(
            "stream",
            "unsupported_combination",
            format!("stream is not available with output_format {effective_format}"),
        );
    }
    if format == Some("svg") && p.int("n").is_some_and(|n| n != 1) && c.clean("n") {
        c.error("n", "out_of_range", "n must be 1 with output_format svg".into());
    }
    for name in ["frame_count", "frame_duration_ms"] {
        if c.clean(name) && format != Some("gif") {
            c.error(
                name,
                "requires_output_format",
                format!("{name} only applies to output_format gif"),
            );
        }
    }
    if c.clean("svg") && format != Some("svg") {
        c.error(
            "svg",
            "requires_output_format",
            "svg only applies to output_format svg".into(),
        );
    }
}

/// GIF: the duration is rounded by the API, and many frames shrink each frame (one shared sheet).
fn check_gif(c: &mut Checker, model: Option<&ModelSpec>) {
    if c.params.str("output_format") != Some("gif") {
        return;
    }
    let Some(gif) = model.and_then(|m| m.gif) else {
        return;
    };
    if c.clean("frame_duration_ms") {
        let ms = c.params.int("frame_duration_ms").unwrap_or_default();
        let step = gif.frame_duration_ms.step.max(1);
        if ms % step != 0 {
            let rounded = (ms + step / 2) / step * step;
            c.warning(
                "frame_duration_ms",
                "rounded",
                format!("frame_duration_ms {ms} will be rounded to {rounded} (steps of {step} ms)"),
            );
        }
    }
    let frames = c.params.int("frame_count").unwrap_or(gif.frame_count.default);
    let size = c.params.str("size").and_then(parse_size);
    let cap = gif
        .frame_side_caps
        .iter()
        .find(|(most, _)| frames <= *most)
        .map(|cap| cap.1);
    if let (Some((w, h)), Some(cap)) = (size, cap) {
        if w.max(h) > cap && c.clean("size") {
            c.warning(
                "size",
                "gif_frame_capped",
                format!("with {frames} GIF frames each frame is at most about {cap} px on its long side"),
            );
        }
    }
}

/// The `svg` object: `{ model?: string, reasoning?: { effort?: "low" | "medium" | "high" } }`. Its
/// inner fields are second-hand facts: unknown ones warn.
fn check_svg(c: &mut Checker) {
    if !c.clean("svg") {
        return;
    }
    let Some(svg) = c.params.get("svg").and_then(Value::as_object) else {
        return;
    };
    for (key, value) in svg {
        let field = format!("svg.{key}");
        match key.as_str() {
            "model" if !value.is_string() => c.error(&field, "invalid_type", format!("{field} must be a string")),
            "reasoning" => {
                let effort = value.get("effort");
                let ok =
                    value.is_object() && effort.is_none_or(|e| matches!(e.as_str(), Some("low" | "medium" | "high")));
                if !ok {
                    c.flag(
                        false,
                        &field,
                        "invalid_value",
                        format!(
                            "{field} is {{ effort: \"low\" | \"medium\" | \"high\" }} as far as this library knows"
                        ),
                    );
                }
            }
            "model" => {}
            _ => c.warning(
                &field,
                "unknown_parameter",
                format!("{field} is not a field this library knows"),
            ),
        }
    }
}

fn check_provider(c: &mut Checker, provider: Provider) {
    let Some(allowed) = provider_rules(provider).output_formats else {
        return;
    };
    if let Some(format) = c.params.str("output_format").filter(|f| !allowed.contains(f)) {
        if c.clean("output_format") {
            let message = format!(
                "{} accepts output_format {} only (got {})",
                provider.display_name(),
                joined(allowed.iter().copied(), " or "),
                quoted(format)
            );
            c.error("output_format", "provider_unsupported", message);
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::issue::Severity;

    fn run(json: &str) -> Vec<(String, &'static str, Severity)> {
        run_on(json, Endpoint::Generations, Provider::OpenAi)
    }

    /// The day before gpt-image-1.5 shut down on OpenAI, so its rows' rules are what is tested.
    const BEFORE_DEC_2026: &str = "2026-11-30";

    /// Every issue of `json` on OpenAI before the December 2026 shutdowns, with `catalog`'s rows.
    fn issues_with(json: &str, catalog: &Catalog) -> Vec<Issue> {
        let params = ImageParams::from_json(json).unwrap();
        let rules = Rules {
            provider: Provider::OpenAi,
            today: BEFORE_DEC_2026,
            catalog,
        };
        validate(&params, Endpoint::Generations, &rules)
    }

    fn run_on(json: &str, endpoint: Endpoint, provider: Provider) -> Vec<(String, &'static str, Severity)> {
        run_at(json, endpoint, provider, BEFORE_DEC_2026)
    }

    fn run_at(
        json: &str,
        endpoint: Endpoint,
        provider: Provider,
        today: &str,
    ) -> Vec<(String, &'static str, Severity)> {
        let params = ImageParams::from_json(json).unwrap();
        let catalog = Catalog::default();
        let rules = Rules {
            provider,
            today,
            catalog: &catalog,
        };
        validate(&params, endpoint, &rules)
            .into_iter()
            .map(|i| (i.field, i.code, i.severity))
            .collect()
    }

    /// On CometAPI, without the warning that DALL·E was shut down on OpenAI (CometAPI lists it).
    fn on_comet(json: &str, endpoint: Endpoint) -> Vec<(String, &'static str, Severity)> {
        let mut found = run_on(json, endpoint, Provider::CometApi);
        found.retain(|i| i.1 != "model_shut_down");
        found
    }

    #[test]
    fn shut_down_models_are_errors_on_their_provider_and_warnings_on_proxies() {
        let g15 = r#"{"model":"gpt-image-1.5","prompt":"p"}"#;
        let at = |provider, day| run_at(g15, Endpoint::Generations, provider, day);
        assert_eq!(at(Provider::OpenAi, "2026-11-30"), vec![]);
        assert_eq!(
            at(Provider::OpenAi, "2026-12-01"),
            vec![("model".to_owned(), "model_shut_down", Severity::Error)]
        );
        assert_eq!(at(Provider::Azure, "2026-12-15"), vec![]);
        assert_eq!(
            at(Provider::Azure, "2026-12-16"),
            vec![("model".to_owned(), "model_shut_down", Severity::Error)]
        );
        for proxy in [Provider::Compatible, Provider::CometApi] {
            assert_eq!(
                at(proxy, "2026-12-02"),
                vec![("model".to_owned(), "model_shut_down", Severity::Warning)]
            );
        }
        let params = ImageParams::from_json(g15).unwrap();
        let catalog = Catalog::default();
        let rules = Rules {
            provider: Provider::OpenAi,
            today: "2026-12-02",
            catalog: &catalog,
        };
        let message = &validate(&params, Endpoint::Generations, &rules)[0].message;
        assert_eq!(
            message,
            "gpt-image-1.5 was shut down on OpenAI on 2026-12-01; use gpt-image-2 instead"
        );
        // Azure's dall-e-3 date is approximate: a warning, never an error.
        let d3 = run_at(
            r#"{"model":"dall-e-3","prompt":"p"}"#,
            Endpoint::Generations,
            Provider::Azure,
            "2026-12-02",
        );
        assert_eq!(d3, vec![("model".to_owned(), "model_shut_down", Severity::Warning)]);
    }

    fn errors(json: &str) -> Vec<(String, &'static str)> {
        run(json)
            .into_iter()
            .filter(|i| i.2 == Severity::Error)
            .map(|(f, c, _)| (f, c))
            .collect()
    }

    fn one(field: &str, code: &'static str) -> Vec<(String, &'static str)> {
        vec![(field.to_owned(), code)]
    }

    const OK: &str = r#""model":"gpt-image-1.5","prompt":"a paper boat""#;

    fn with(extra: &str) -> String {
        format!("{{{OK},{extra}}}")
    }

    #[test]
    fn a_full_valid_request_has_no_issues() {
        let json = with(
            r#""n":2,"size":"1024x1536","quality":"high","output_format":"webp","output_compression":80,"background":"opaque","moderation":"low","user":"u""#,
        );
        assert_eq!(run(&json), vec![]);
    }

    #[test]
    fn model_and_prompt_are_required() {
        assert_eq!(
            errors("{}"),
            vec![("model".to_owned(), "required"), ("prompt".to_owned(), "required")]
        );
        assert_eq!(
            errors(r#"{"model":"","prompt":"  "}"#),
            vec![("model".to_owned(), "invalid_type"), ("prompt".to_owned(), "empty")]
        );
        assert_eq!(
            errors(r#"{"model":"gpt-image-1.5","prompt":7}"#),
            one("prompt", "invalid_type")
        );
    }

    #[test]
    fn prompt_length_is_per_model() {
        let long = "é".repeat(4001);
        assert_eq!(
            errors(&format!(r#"{{"model":"dall-e-3","prompt":"{long}"}}"#)),
            vec![
                ("model".to_owned(), "model_shut_down"),
                ("prompt".to_owned(), "too_long")
            ]
        );
        let found = on_comet(
            &format!(r#"{{"model":"dall-e-3","prompt":"{long}"}}"#),
            Endpoint::Generations,
        );
        assert_eq!(found, vec![("prompt".to_owned(), "too_long", Severity::Error)]);
        let ok = "é".repeat(4000);
        assert_eq!(
            on_comet(
                &format!(r#"{{"model":"dall-e-3","prompt":"{ok}"}}"#),
                Endpoint::Generations
            ),
            vec![]
        );
    }

    #[test]
    fn sizes_per_model() {
        assert_eq!(errors(&with(r#""size":"1792x1024""#)), one("size", "invalid_value"));
        assert_eq!(errors(&with(r#""size":"auto""#)), vec![]);
        let g2 = |size: &str| errors(&format!(r#"{{"model":"gpt-image-2","prompt":"p","size":"{size}"}}"#));
        assert_eq!(g2("1536x864"), vec![]);
        assert_eq!(g2("1000x1000"), one("size", "invalid_value"), "not divisible by 16");
        assert_eq!(g2("3840x1008"), one("size", "invalid_value"), "aspect over 3:1");
        assert_eq!(g2("3840x2176"), one("size", "invalid_value"), "too large");
        assert_eq!(g2("big"), one("size", "invalid_value"));
        let warn = run(r#"{"model":"gpt-image-2","prompt":"p","size":"3840x2160"}"#);
        assert_eq!(warn, vec![("size".to_owned(), "experimental_size", Severity::Warning)]);
        let d2 = on_comet(
            r#"{"model":"dall-e-2","prompt":"p","size":"512x512"}"#,
            Endpoint::Generations,
        );
        assert_eq!(d2, vec![]);
    }

    #[test]
    fn quality_n_and_enumerations_per_model() {
        assert_eq!(errors(&with(r#""quality":"hd""#)), one("quality", "invalid_value"));
        assert_eq!(errors(&with(r#""n":11"#)), one("n", "out_of_range"));
        assert_eq!(errors(&with(r#""n":0"#)), one("n", "out_of_range"));
        assert_eq!(errors(&with(r#""n":1.5"#)), one("n", "invalid_type"));
        assert_eq!(errors(&with(r#""n":"2""#)), one("n", "invalid_type"));
        assert_eq!(errors(&with(r#""n":2.0"#)), vec![]);
        let comet = |json: &str| on_comet(json, Endpoint::Generations);
        assert_eq!(
            comet(r#"{"model":"dall-e-3","prompt":"p","n":2}"#),
            vec![("n".to_owned(), "out_of_range", Severity::Error)]
        );
        assert_eq!(
            comet(r#"{"model":"qwen-image","prompt":"p","n":2}"#),
            vec![("n".to_owned(), "out_of_range", Severity::Error)]
        );
        assert_eq!(comet(r#"{"model":"qwen-image","prompt":"p","n":1}"#), vec![]);
        assert_eq!(
            comet(r#"{"model":"dall-e-3","prompt":"p","quality":"hd","style":"vivid","response_format":"b64_json"}"#),
            vec![]
        );
        assert_eq!(
            comet(r#"{"model":"dall-e-3","prompt":"p","style":"pop"}"#),
            vec![("style".to_owned(), "invalid_value", Severity::Error)]
        );
        assert_eq!(
            errors(&with(r#""moderation":"high""#)),
            one("moderation", "invalid_value")
        );
        assert_eq!(
            errors(r#"{"model":"gpt-image-2.5-flare","prompt":"p","quality":"max"}"#),
            vec![]
        );
        assert_eq!(errors(&with(r#""quality":"max""#)), one("quality", "invalid_value"));
        assert_eq!(
            errors(r#"{"model":"gpt-image-2.6-flare","prompt":"p","complexity":"high"}"#),
            vec![]
        );
        assert_eq!(
            errors(&with(r#""complexity":"high""#)),
            one("complexity", "unsupported_parameter")
        );
    }

    #[test]
    fn dalle_only_and_gpt_only_fields() {
        assert_eq!(
            errors(&with(r#""response_format":"url""#)),
            one("response_format", "unsupported_parameter")
        );
        assert_eq!(
            errors(&with(r#""style":"vivid""#)),
            one("style", "unsupported_parameter")
        );
        let comet = |json: &str| on_comet(json, Endpoint::Generations);
        for field in [
            r#""output_format":"png""#,
            r#""background":"opaque""#,
            r#""moderation":"low""#,
            r#""stream":true"#,
            r#""output_compression":50"#,
        ] {
            let found = comet(&format!(r#"{{"model":"dall-e-3","prompt":"p",{field}}}"#));
            assert!(
                found.iter().any(|i| i.1 == "unsupported_parameter"),
                "{field}: {found:?}"
            );
        }
    }

    #[test]
    fn cross_field_rules_break_and_pass() {
        assert_eq!(
            errors(&with(r#""output_compression":50"#)),
            one("output_compression", "requires_output_format")
        );
        assert_eq!(
            errors(&with(r#""output_compression":50,"output_format":"jpeg""#)),
            vec![]
        );
        assert_eq!(
            errors(&with(r#""output_compression":101,"output_format":"jpeg""#)),
            one("output_compression", "out_of_range")
        );
        assert_eq!(
            errors(&with(r#""background":"transparent","output_format":"jpeg""#)),
            one("background", "requires_output_format")
        );
        assert_eq!(errors(&with(r#""background":"transparent""#)), vec![]);
        assert_eq!(
            errors(&with(r#""partial_images":2"#)),
            one("partial_images", "requires_stream")
        );
        assert_eq!(errors(&with(r#""partial_images":2,"stream":true"#)), vec![]);
        assert_eq!(
            errors(&with(r#""partial_images":4,"stream":true"#)),
            one("partial_images", "out_of_range")
        );
        assert_eq!(errors(&with(r#""stream":"yes""#)), one("stream", "invalid_type"));
        let gif = r#""model":"gpt-image-2.6-flare","prompt":"p","output_format":"gif""#;
        assert_eq!(
            errors(&format!("{{{gif},\"stream\":true}}")),
            one("stream", "unsupported_combination")
        );
        assert_eq!(errors(&format!("{{{gif},\"frame_count\":4}}")), vec![]);
        assert_eq!(
            errors(r#"{"model":"gpt-image-2.6-flare","prompt":"p","frame_count":4}"#),
            one("frame_count", "requires_output_format")
        );
        // In openai-node 7.55's Images types: accepted.
        assert_eq!(errors(&with(r#""safety_identifier":"x""#)), vec![]);
        assert_eq!(
            errors(&with(r#""safety_identifier":7"#)),
            one("safety_identifier", "invalid_type")
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let found = errors(
            r#"{"model":"gpt-image-1.5","n":20,"size":"9x9","quality":"ultra","output_compression":5,"partial_images":1,"outputFormat":"png"}"#,
        );
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "n",
                "outputFormat",
                "prompt",
                "quality",
                "size",
                "output_compression",
                "partial_images"
            ]
        );
    }

    #[test]
    fn unknown_fields_suggest_the_wire_name() {
        let issues = issues_with(&with(r#""outputFormat":"png""#), &Catalog::default());
        assert_eq!(issues[0].code, "unknown_parameter");
        assert!(
            issues[0].message.contains("did you mean output_format?"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn unknown_models_get_universal_checks_and_warnings() {
        let found = run(r#"{"model":"gpt-image-9","prompt":"p","size":"77x77","fancy":1}"#);
        assert_eq!(
            found,
            vec![
                ("model".to_owned(), "unknown_model", Severity::Warning),
                ("fancy".to_owned(), "unknown_parameter", Severity::Warning),
            ]
        );
        assert_eq!(
            errors(r#"{"model":"gpt-image-9","prompt":"","n":0}"#),
            vec![("n".to_owned(), "out_of_range"), ("prompt".to_owned(), "empty")]
        );
    }

    #[test]
    fn edit_only_params_on_generations() {
        assert_eq!(
            errors(&with(r#""input_fidelity":"high""#)),
            one("input_fidelity", "unsupported_parameter")
        );
        assert_eq!(
            run_on(&with(r#""input_fidelity":"high""#), Endpoint::Edits, Provider::OpenAi),
            vec![]
        );
        let mini = r#"{"model":"gpt-image-1-mini","prompt":"p","input_fidelity":"high"}"#;
        assert_eq!(
            run_on(mini, Endpoint::Edits, Provider::OpenAi),
            vec![("input_fidelity".to_owned(), "invalid_value", Severity::Error)]
        );
        let g2 = r#"{"model":"gpt-image-2","prompt":"p","input_fidelity":"low"}"#;
        assert_eq!(
            run_on(g2, Endpoint::Edits, Provider::OpenAi),
            vec![("input_fidelity".to_owned(), "unsupported_parameter", Severity::Error)]
        );
    }

    #[test]
    fn provider_rules() {
        let azure = |json: &str| run_on(json, Endpoint::Generations, Provider::Azure);
        assert_eq!(
            azure(&with(r#""output_format":"webp""#)),
            vec![("output_format".to_owned(), "provider_unsupported", Severity::Error)]
        );
        assert_eq!(azure(&with(r#""output_format":"jpeg""#)), vec![]);
        assert_eq!(
            errors(r#"{"model":"gpt-image-1","prompt":"p"}"#),
            one("model", "model_shut_down")
        );
        // Gone on Azure too since 2026-10-23.
        assert_eq!(
            azure(r#"{"model":"gpt-image-1","prompt":"p"}"#),
            vec![("model".to_owned(), "model_shut_down", Severity::Error)]
        );
        let compatible = run_on(
            r#"{"model":"gpt-image-1","prompt":"p"}"#,
            Endpoint::Generations,
            Provider::Compatible,
        );
        assert_eq!(
            compatible,
            vec![("model".to_owned(), "model_shut_down", Severity::Warning)]
        );
        let dalle3_edit = on_comet(r#"{"model":"dall-e-3","prompt":"p"}"#, Endpoint::Edits);
        assert_eq!(
            dalle3_edit,
            vec![("model".to_owned(), "unsupported_endpoint", Severity::Error)]
        );
    }

    fn g26(extra: &str) -> Vec<(String, &'static str)> {
        errors(&format!(r#"{{"model":"gpt-image-2.6-sunburst","prompt":"p",{extra}}}"#))
    }

    #[test]
    fn free_sizes_limit_total_pixels_not_the_short_side() {
        let size = |s: &str| g26(&format!(r#""size":"{s}""#));
        for valid in [
            "2880x2880",
            "3520x2336",
            "1024x640",
            "3840x1280",
            "1536x864",
            "auto",
            "1024x1536",
        ] {
            assert_eq!(size(valid), vec![], "{valid}");
        }
        for invalid in [
            "512x512",   // 262,144 px
            "1024x576",  // 589,824 px
            "1024x624",  // 638,976 px: just under 655,360
            "3840x2176", // 8,355,840 px: over 8,294,400
            "3856x1296", // long side over 3840
            "3840x1264", // aspect over 3:1
            "1000x1000", // not multiples of 16
            "0x1024",
        ] {
            assert_eq!(size(invalid), one("size", "invalid_value"), "{invalid}");
        }
        let warned = run(r#"{"model":"gpt-image-2.6-sunburst","prompt":"p","size":"3840x2160"}"#);
        assert_eq!(
            warned,
            vec![("size".to_owned(), "experimental_size", Severity::Warning)]
        );
        assert_eq!(
            run(r#"{"model":"gpt-image-2.6-sunburst","prompt":"p","size":"2560x1440"}"#),
            vec![]
        );
        // The pixel bounds alone, exactly, with the other limits out of the way.
        let loose = FreeSizes {
            values: &[],
            multiple_of: 1,
            max_aspect: 1_000_000,
            max_long_side: 1_000_000,
            min_pixels: 655_360,
            max_pixels: 8_294_400,
            experimental_above_pixels: 0,
        };
        assert!(free_size_problem(3, 218_453, &loose).is_some(), "655,359 px");
        assert_eq!(free_size_problem(640, 1024, &loose), None, "655,360 px");
        assert_eq!(free_size_problem(2880, 2880, &loose), None, "8,294,400 px");
        assert!(free_size_problem(601, 13_801, &loose).is_some(), "8,294,401 px");
    }

    #[test]
    fn the_newest_models_take_what_the_api_takes() {
        assert_eq!(g26(r#""quality":"max""#), vec![]);
        assert_eq!(g26(r#""quality":"xhigh""#), vec![]);
        assert_eq!(g26(r#""output_format":"svg""#), vec![]);
        assert_eq!(g26(r#""complexity":"low""#), vec![]);
        assert_eq!(
            errors(r#"{"model":"gpt-image-2.5-flare","prompt":"p","background":"auto"}"#),
            vec![]
        );
        assert_eq!(
            errors(r#"{"model":"gpt-image-2","prompt":"p","quality":"max"}"#),
            one("quality", "invalid_value")
        );
    }

    #[test]
    fn gif_rules() {
        let gif = |extra: &str| g26(&format!(r#""output_format":"gif"{extra}"#));
        assert_eq!(gif(""), vec![]);
        assert_eq!(gif(r#","frame_count":2,"frame_duration_ms":20"#), vec![]);
        assert_eq!(gif(r#","frame_count":16,"frame_duration_ms":655350"#), vec![]);
        assert_eq!(gif(r#","frame_count":1"#), one("frame_count", "out_of_range"));
        assert_eq!(gif(r#","frame_count":17"#), one("frame_count", "out_of_range"));
        assert_eq!(
            gif(r#","frame_duration_ms":10"#),
            one("frame_duration_ms", "out_of_range")
        );
        assert_eq!(
            gif(r#","frame_duration_ms":655360"#),
            one("frame_duration_ms", "out_of_range")
        );
        assert_eq!(gif(r#","stream":true"#), one("stream", "unsupported_combination"));
        assert_eq!(gif(r#","partial_images":1"#), one("partial_images", "requires_stream"));
        assert_eq!(
            gif(r#","output_compression":50"#),
            one("output_compression", "requires_output_format")
        );
        assert_eq!(g26(r#""frame_count":4"#), one("frame_count", "requires_output_format"));
        // Rounded durations and capped frame sizes are second-hand facts: warnings.
        let warned = run(
            r#"{"model":"gpt-image-2.6-sunburst","prompt":"p","output_format":"gif","frame_duration_ms":125,"frame_count":12,"size":"1024x1024"}"#,
        );
        assert_eq!(
            warned,
            vec![
                ("frame_duration_ms".to_owned(), "rounded", Severity::Warning),
                ("size".to_owned(), "gif_frame_capped", Severity::Warning),
            ]
        );
        assert_eq!(
            errors(r#"{"model":"gpt-image-2","prompt":"p","output_format":"gif"}"#),
            one("output_format", "invalid_value")
        );
    }

    #[test]
    fn svg_rules() {
        let svg = |extra: &str| g26(&format!(r#""output_format":"svg"{extra}"#));
        assert_eq!(svg(r#","svg":{"model":"gpt-5","reasoning":{"effort":"high"}}"#), vec![]);
        assert_eq!(svg(r#","n":2"#), one("n", "out_of_range"));
        assert_eq!(svg(r#","stream":true"#), one("stream", "unsupported_combination"));
        assert_eq!(svg(r#","svg":"gpt-5""#), one("svg", "invalid_type"));
        assert_eq!(svg(r#","svg":{"model":5}"#), one("svg.model", "invalid_type"));
        assert_eq!(g26(r#""svg":{}"#), one("svg", "requires_output_format"));
        assert_eq!(
            errors(r#"{"model":"gpt-image-2","prompt":"p","svg":{}}"#),
            one("svg", "unsupported_parameter")
        );
        // Unknown inner fields are second-hand territory: a warning only.
        let found = run(
            r#"{"model":"gpt-image-2.6-sunburst","prompt":"p","output_format":"svg","svg":{"style":"flat","reasoning":{"effort":"extreme"}}}"#,
        );
        assert_eq!(
            found,
            vec![
                ("svg.reasoning".to_owned(), "invalid_value", Severity::Warning),
                ("svg.style".to_owned(), "unknown_parameter", Severity::Warning),
            ]
        );
    }

    #[test]
    fn unheard_of_values_say_how_to_get_past_them() {
        let params =
            ImageParams::from_json(r#"{"model":"gpt-image-2","prompt":"p","quality":"ultra","sharpness":2}"#).unwrap();
        let catalog = Catalog::default();
        let rules = Rules {
            provider: Provider::OpenAi,
            today: BEFORE_DEC_2026,
            catalog: &catalog,
        };
        let issues = validate(&params, Endpoint::Generations, &rules);
        assert_eq!(issues.len(), 2);
        for issue in &issues {
            assert!(issue.message.contains("validation: \"warn\""), "{}", issue.message);
            assert!(issue.message.contains("defineModel"), "{}", issue.message);
            assert!(issue.message.contains("2026-12-01"), "{}", issue.message);
        }
    }

    #[test]
    fn validation_modes() {
        use crate::core::request::mode::ValidationMode;
        let found = run(r#"{"model":"gpt-image-2","prompt":"p","quality":"ultra"}"#);
        assert_eq!(found, vec![("quality".to_owned(), "invalid_value", Severity::Error)]);
        let issues = || {
            issues_with(
                r#"{"model":"gpt-image-2","prompt":"p","quality":"ultra"}"#,
                &Catalog::default(),
            )
        };
        assert_eq!(ValidationMode::Strict.apply(issues()), issues());
        let warned = ValidationMode::Warn.apply(issues());
        assert_eq!(warned.len(), 1);
        assert_eq!(
            (warned[0].code, warned[0].severity),
            ("invalid_value", Severity::Warning)
        );
        assert!(ValidationMode::Off.apply(issues()).is_empty());
        assert_eq!(ValidationMode::parse("warn"), Some(ValidationMode::Warn));
        assert_eq!(ValidationMode::parse("lenient"), None);
    }

    #[test]
    fn run_time_rows_take_part_in_validation() {
        use crate::core::models::define::read_definition;
        let base = Catalog::default();
        let row = read_definition(
            &crate::json_value!({"id": "gpt-image-3", "like": "gpt-image-2.6-sunburst", "qualities": ["low", "ultra"]}),
            "models[0]",
            &base,
        )
        .unwrap();
        let catalog = Catalog::with_rows(vec![row]);
        let check = |json: &str| {
            issues_with(json, &catalog)
                .into_iter()
                .map(|i| (i.field, i.code))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            check(r#"{"model":"gpt-image-3","prompt":"p","quality":"ultra","output_format":"svg"}"#),
            vec![]
        );
        assert_eq!(
            check(r#"{"model":"gpt-image-3","prompt":"p","quality":"high"}"#),
            vec![("quality".to_owned(), "invalid_value")]
        );
        // The other rows are untouched.
        assert_eq!(
            check(r#"{"model":"gpt-image-2.6-sunburst","prompt":"p","quality":"ultra"}"#),
            vec![("quality".to_owned(), "invalid_value")]
        );
    }

    /// Every row's own values pass, and a value next to them fails, on the day before the table's
    /// December shutdowns, on the provider the row is served by.
    #[test]
    fn every_rows_rules_break_and_pass() {
        use crate::core::models::MODELS;
        for row in MODELS {
            let endpoint = if row.endpoints.contains(&Endpoint::Generations) {
                Endpoint::Generations
            } else {
                Endpoint::Edits
            };
            let provider = if row
                .shutdown_on(Provider::OpenAi)
                .is_some_and(|s| s.date <= BEFORE_DEC_2026)
            {
                Provider::Compatible
            } else {
                Provider::OpenAi
            };
            let base = crate::json_value!({ "model": row.id, "prompt": "p" });
            let check = |extra: Value| {
                let mut params = base.clone();
                params
                    .as_object_mut()
                    .unwrap()
                    .extend(extra.as_object().unwrap().clone());
                run_on(&params.to_string(), endpoint, provider)
                    .into_iter()
                    .filter(|i| i.2 == Severity::Error)
                    .map(|(f, c, _)| (f, c))
                    .collect::<Vec<_>>()
            };
            assert_eq!(check(crate::json_value!({})), vec![], "{}: the bare request", row.id);
            for quality in row.qualities {
                assert_eq!(
                    check(crate::json_value!({ "quality": quality })),
                    vec![],
                    "{} quality {quality}",
                    row.id
                );
            }
            if !row.qualities.is_empty() {
                assert_eq!(
                    check(crate::json_value!({ "quality": "ultra" })),
                    vec![("quality".to_owned(), "invalid_value")],
                    "{}",
                    row.id
                );
            }
            let sizes = match row.sizes {
                Sizes::List(values) | Sizes::Free(FreeSizes { values, .. }) => values,
                Sizes::ProviderDefined => &[],
            };
            for size in sizes {
                assert_eq!(
                    check(crate::json_value!({ "size": size })),
                    vec![],
                    "{} size {size}",
                    row.id
                );
            }
            if matches!(row.sizes, Sizes::List(_)) {
                assert_eq!(
                    check(crate::json_value!({ "size": "1000x1000" })),
                    vec![("size".to_owned(), "invalid_value")],
                    "{}",
                    row.id
                );
            }
            assert_eq!(
                check(crate::json_value!({ "n": row.max_n })),
                vec![],
                "{} n {}",
                row.id,
                row.max_n
            );
            assert_eq!(
                check(crate::json_value!({ "n": row.max_n + 1 })),
                vec![("n".to_owned(), "out_of_range")],
                "{} n {}",
                row.id,
                row.max_n + 1
            );
            for format in row.formats_for(endpoint) {
                assert_eq!(
                    check(crate::json_value!({ "output_format": format })),
                    vec![],
                    "{} {format}",
                    row.id
                );
            }
            if !row.output_formats.is_empty() {
                assert_eq!(
                    check(crate::json_value!({ "output_format": "bmp" })),
                    vec![("output_format".to_owned(), "invalid_value")],
                    "{}",
                    row.id
                );
            } else {
                assert_eq!(
                    check(crate::json_value!({ "output_format": "png" })),
                    vec![("output_format".to_owned(), "unsupported_parameter")],
                    "{}",
                    row.id
                );
            }
            for (name, values) in [
                ("background", row.backgrounds),
                ("style", row.styles),
                ("moderation", row.moderations),
                ("response_format", row.response_formats),
                ("complexity", row.complexities),
            ] {
                for value in values {
                    let extra = match (name, *value) {
                        ("background", "transparent") => crate::json_value!({ name: value, "output_format": "png" }),
                        _ => crate::json_value!({ name: value }),
                    };
                    assert_eq!(check(extra), vec![], "{} {name} {value}", row.id);
                }
                let expected = if values.is_empty() {
                    "unsupported_parameter"
                } else {
                    "invalid_value"
                };
                assert_eq!(
                    check(crate::json_value!({ name: "nonsense" })),
                    vec![(name.to_owned(), expected)],
                    "{} {name}",
                    row.id
                );
            }
            if let Some(max) = row.max_prompt_chars {
                let long = "a".repeat(max as usize + 1);
                assert_eq!(
                    check(crate::json_value!({ "prompt": long })),
                    vec![("prompt".to_owned(), "too_long")],
                    "{}",
                    row.id
                );
            }
        }
    }
}
