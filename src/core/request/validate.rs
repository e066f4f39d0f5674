//! Validation of request params against the model table: every broken rule at once, each with the
//! field, a stable code and a message that names the rule.
//!
//! Unknown models get only the universal checks, and unknown fields on them are warnings: the
//! library must not stand in the way of a model it has not heard of yet.

use serde_json::Value;

use crate::core::issue::Issue;
use crate::core::models::{find_model, parse_size, Endpoint, Family, ModelSpec, Sizes, Status};
use crate::core::provider::Provider;
use crate::core::request::params::{as_whole_number, ImageParams};

/// The JSON type a param must have.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Text { max_chars: Option<usize> },
    Int { min: i64, max: i64 },
    Bool,
    Any,
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
const TEXT: Kind = Kind::Text { max_chars: None };

/// Every param the Images API knows (API_RULES.md "Parameters", Nov 2026).
const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "model",
        kind: TEXT,
        endpoints: ALL,
    },
    ParamDef {
        name: "prompt",
        kind: TEXT,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "n",
        kind: Kind::Int { min: 1, max: 10 },
        endpoints: ALL,
    },
    ParamDef {
        name: "size",
        kind: TEXT,
        endpoints: ALL,
    },
    ParamDef {
        name: "quality",
        kind: TEXT,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "response_format",
        kind: TEXT,
        endpoints: ALL,
    },
    ParamDef {
        name: "style",
        kind: TEXT,
        endpoints: GEN,
    },
    ParamDef {
        name: "output_format",
        kind: TEXT,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "output_compression",
        kind: Kind::Int { min: 0, max: 100 },
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "background",
        kind: TEXT,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "moderation",
        kind: TEXT,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "stream",
        kind: Kind::Bool,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "partial_images",
        kind: Kind::Int { min: 0, max: 3 },
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "input_fidelity",
        kind: TEXT,
        endpoints: EDIT,
    },
    ParamDef {
        name: "markup",
        kind: Kind::Any,
        endpoints: EDIT,
    },
    ParamDef {
        name: "complexity",
        kind: TEXT,
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "frame_count",
        kind: Kind::Int { min: 2, max: 16 },
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "frame_duration_ms",
        kind: Kind::Int { min: 1, max: 60_000 },
        endpoints: GEN_EDIT,
    },
    ParamDef {
        name: "user",
        kind: TEXT,
        endpoints: ALL,
    },
    ParamDef {
        name: "safety_identifier",
        kind: Kind::Text { max_chars: Some(128) },
        endpoints: ALL,
    },
];

/// The values a model accepts for an enumerated param; `None` when the param does not exist for it.
fn allowed_values(name: &str, model: &ModelSpec) -> Option<&'static [&'static str]> {
    let values = match name {
        "quality" => model.qualities,
        "output_format" => model.output_formats,
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

/// Params that exist only for some models, beyond the enumerated ones.
fn param_exists_for(name: &str, model: &ModelSpec) -> bool {
    let gpt = model.family == Family::GptImage;
    match name {
        "quality" | "output_format" | "background" | "style" | "complexity" | "input_fidelity" | "moderation"
        | "response_format" => allowed_values(name, model).is_some(),
        "output_compression" => gpt,
        "stream" | "partial_images" => model.streaming,
        "markup" => model.markup,
        "frame_count" | "frame_duration_ms" => model.output_formats.contains(&"gif"),
        _ => true,
    }
}

fn endpoint_name(endpoint: Endpoint) -> &'static str {
    match endpoint {
        Endpoint::Generations => "generations",
        Endpoint::Edits => "edits",
        Endpoint::Variations => "variations",
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => format!("a {}-character string", s.chars().count()),
        other => other.to_string(),
    }
}

/// Collects issues for one request.
struct Checker<'a> {
    params: &'a ImageParams,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    fn error(&mut self, field: &str, code: &'static str, message: String) {
        self.issues.push(Issue::error(field.to_owned(), code, message));
    }

    fn warning(&mut self, field: &str, code: &'static str, message: String) {
        self.issues.push(Issue::warning(field.to_owned(), code, message));
    }

    /// A field is set and no earlier check already complained about it.
    fn clean(&self, field: &str) -> bool {
        self.params.get(field).is_some() && !self.issues.iter().any(|i| i.field == field)
    }
}

/// Validates params for `endpoint` on `provider`. Returns every issue (errors and warnings).
pub fn validate(params: &ImageParams, endpoint: Endpoint, provider: Provider) -> Vec<Issue> {
    let mut c = Checker {
        params,
        issues: Vec::new(),
    };
    let model = check_model(&mut c, endpoint, provider);
    check_fields(&mut c, endpoint, model);
    check_prompt(&mut c, endpoint, model);
    if let Some(model) = model {
        check_model_values(&mut c, model);
    }
    check_cross_field(&mut c);
    check_provider(&mut c, provider);
    c.issues
}

fn check_model(c: &mut Checker, endpoint: Endpoint, provider: Provider) -> Option<&'static ModelSpec> {
    let id = match c.params.get("model") {
        None => {
            c.error("model", "required", "model is required (e.g. \"gpt-image-1.5\")".into());
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
    let Some(model) = find_model(id) else {
        c.warning(
            "model",
            "unknown_model",
            format!("model {id:?} is not in this library's table: only universal checks apply"),
        );
        return None;
    };
    if !model.endpoints.contains(&endpoint) {
        c.error(
            "model",
            "unsupported_endpoint",
            format!("{} does not serve /images/{}", model.id, endpoint_name(endpoint)),
        );
    }
    if let Status::ShutDownOnOpenai { date } = model.status {
        let message = format!(
            "{} was shut down on OpenAI on {date}; Azure deployments or CometAPI may still serve it",
            model.id
        );
        match provider {
            Provider::OpenAi => c.error("model", "model_retired", message),
            Provider::Compatible => c.warning("model", "model_retired", message),
            Provider::Azure | Provider::CometApi => {}
        }
    }
    Some(model)
}

/// Types and ranges of every field, and fields that do not exist for the endpoint or model.
fn check_fields(c: &mut Checker, endpoint: Endpoint, model: Option<&ModelSpec>) {
    for (name, value) in c.params.fields() {
        let Some(def) = PARAMS.iter().find(|d| d.name == name) else {
            let hint = suggestion(name)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            let message = format!("{name} is not a parameter of /images/{}{hint}", endpoint_name(endpoint));
            match model {
                Some(_) => c.issues.push(Issue::error(name.clone(), "unknown_parameter", message)),
                None => c
                    .issues
                    .push(Issue::warning(name.clone(), "unknown_parameter", message)),
            }
            continue;
        };
        if let Some(problem) = type_problem(def.kind, value) {
            c.issues.push(Issue::error(
                name.clone(),
                problem.0,
                format!("{name} {} (got {})", problem.1, describe(value)),
            ));
            continue;
        }
        if !def.endpoints.contains(&endpoint) {
            c.issues.push(Issue::error(
                name.clone(),
                "unsupported_parameter",
                format!("{name} does not apply to /images/{}", endpoint_name(endpoint)),
            ));
        } else if let Some(model) = model.filter(|m| !param_exists_for(name, m)) {
            c.issues.push(Issue::error(
                name.clone(),
                "unsupported_parameter",
                format!("{name} is not supported by {}", model.id),
            ));
        }
    }
}

fn type_problem(kind: Kind, value: &Value) -> Option<(&'static str, String)> {
    match kind {
        Kind::Any => None,
        Kind::Bool => (!value.is_boolean()).then(|| ("invalid_type", "must be true or false".into())),
        Kind::Text { max_chars } => match value.as_str() {
            None => Some(("invalid_type", "must be a string".into())),
            Some(s) => max_chars
                .filter(|max| s.chars().count() > *max)
                .map(|max| ("too_long", format!("must be at most {max} characters"))),
        },
        Kind::Int { min, max } => match as_whole_number(value) {
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

fn check_prompt(c: &mut Checker, endpoint: Endpoint, model: Option<&ModelSpec>) {
    if endpoint == Endpoint::Variations {
        return;
    }
    match c.params.str("prompt") {
        None if c.params.get("prompt").is_none() => c.error("prompt", "required", "prompt is required".into()),
        None => {}
        Some(p) if p.trim().is_empty() => c.error("prompt", "empty", "prompt must not be empty".into()),
        Some(p) => {
            let max = model.and_then(|m| m.max_prompt_chars);
            let len = p.chars().count();
            if let (Some(max), Some(model)) = (max, model) {
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
}

fn check_model_values(c: &mut Checker, model: &ModelSpec) {
    let enumerated = [
        "quality",
        "output_format",
        "background",
        "style",
        "complexity",
        "input_fidelity",
        "moderation",
        "response_format",
    ];
    for name in enumerated {
        let (Some(allowed), true) = (allowed_values(name, model), c.clean(name)) else {
            continue;
        };
        let value = c.params.str(name).unwrap_or_default();
        if !allowed.contains(&value) {
            c.error(
                name,
                "invalid_value",
                format!(
                    "{name} must be one of {} for {} (got {value:?})",
                    allowed.join(", "),
                    model.id
                ),
            );
        }
    }
    if c.clean("n") {
        let n = c.params.int("n").unwrap_or(1);
        if n > i64::from(model.max_n) {
            let rule = if model.max_n == 1 {
                "exactly 1".to_owned()
            } else {
                format!("from 1 to {}", model.max_n)
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
    let listed = |values: &[&str]| values.contains(&size.as_str());
    match model.sizes {
        Sizes::ProviderDefined => {}
        Sizes::List { values } if listed(values) => {}
        Sizes::List { values } => c.error(
            "size",
            "invalid_value",
            format!(
                "size must be one of {} for {} (got {size:?})",
                values.join(", "),
                model.id
            ),
        ),
        Sizes::Free { values, .. } if listed(values) => {}
        Sizes::Free {
            multiple_of,
            max_aspect,
            max_long_side,
            max_short_side,
            experimental_above_pixels,
            ..
        } => {
            let Some((w, h)) = parse_size(&size) else {
                c.error(
                    "size",
                    "invalid_value",
                    format!("size must be \"auto\" or \"WIDTHxHEIGHT\" (got {size:?})"),
                );
                return;
            };
            let (long, short) = (w.max(h), w.min(h));
            let rule = if w == 0 || h == 0 {
                Some("sides must be positive".to_owned())
            } else if w % multiple_of != 0 || h % multiple_of != 0 {
                Some(format!("both sides must be divisible by {multiple_of}"))
            } else if long > short.saturating_mul(max_aspect) {
                Some(format!(
                    "the aspect ratio must be between 1:{max_aspect} and {max_aspect}:1"
                ))
            } else if long > max_long_side || short > max_short_side {
                Some(format!("it must fit within {max_long_side}x{max_short_side}"))
            } else {
                None
            };
            match rule {
                Some(rule) => c.error(
                    "size",
                    "invalid_value",
                    format!("size {size} is not valid for {}: {rule}", model.id),
                ),
                None if u64::from(w) * u64::from(h) > experimental_above_pixels => c.warning(
                    "size",
                    "experimental_size",
                    format!("size {size} is above 2560x1440, which is experimental for {}", model.id),
                ),
                None => {}
            }
        }
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
    if format == Some("svg") && p.int("n").is_some_and(|n| n != 1) {
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
}

fn check_provider(c: &mut Checker, provider: Provider) {
    if provider == Provider::Azure {
        if let Some(format) = c.params.str("output_format").filter(|f| !matches!(*f, "png" | "jpeg")) {
            if c.clean("output_format") {
                c.error(
                    "output_format",
                    "provider_unsupported",
                    format!("Azure OpenAI accepts output_format png or jpeg only (got {format:?})"),
                );
            }
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

    fn run_on(json: &str, endpoint: Endpoint, provider: Provider) -> Vec<(String, &'static str, Severity)> {
        let params = ImageParams::from_json(json).unwrap();
        validate(&params, endpoint, provider)
            .into_iter()
            .map(|i| (i.field, i.code, i.severity))
            .collect()
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
            r#""n":2,"size":"1024x1536","quality":"high","output_format":"webp","output_compression":80,"background":"opaque","moderation":"low","user":"u","safety_identifier":"s""#,
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
            errors(&format!(r#"{{"model":"dall-e-3","prompt":"{long}"}}"#)).len(),
            2,
            "too long + retired"
        );
        let found = run_on(
            &format!(r#"{{"model":"dall-e-3","prompt":"{long}"}}"#),
            Endpoint::Generations,
            Provider::CometApi,
        );
        assert_eq!(found, vec![("prompt".to_owned(), "too_long", Severity::Error)]);
        let ok = "é".repeat(4000);
        assert_eq!(
            run_on(
                &format!(r#"{{"model":"dall-e-3","prompt":"{ok}"}}"#),
                Endpoint::Generations,
                Provider::CometApi
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
        let d2 = run_on(
            r#"{"model":"dall-e-2","prompt":"p","size":"512x512"}"#,
            Endpoint::Generations,
            Provider::CometApi,
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
        let comet = |json: &str| run_on(json, Endpoint::Generations, Provider::CometApi);
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
        let comet = |json: &str| run_on(json, Endpoint::Generations, Provider::CometApi);
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
        assert_eq!(errors(&with(r#""safety_identifier":"x""#)), vec![]);
        assert_eq!(
            errors(&with(&format!(r#""safety_identifier":"{}""#, "x".repeat(129)))),
            one("safety_identifier", "too_long")
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
        let params = ImageParams::from_json(&with(r#""outputFormat":"png""#)).unwrap();
        let issues = validate(&params, Endpoint::Generations, Provider::OpenAi);
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
            one("model", "model_retired")
        );
        assert_eq!(azure(r#"{"model":"gpt-image-1","prompt":"p"}"#), vec![]);
        let compatible = run_on(
            r#"{"model":"gpt-image-1","prompt":"p"}"#,
            Endpoint::Generations,
            Provider::Compatible,
        );
        assert_eq!(
            compatible,
            vec![("model".to_owned(), "model_retired", Severity::Warning)]
        );
        let dalle3_edit = run_on(
            r#"{"model":"dall-e-3","prompt":"p"}"#,
            Endpoint::Edits,
            Provider::CometApi,
        );
        assert_eq!(
            dalle3_edit,
            vec![("model".to_owned(), "unsupported_endpoint", Severity::Error)]
        );
    }
}
