//! Free functions: validation, cost, the model table.

use wasm_bindgen::prelude::*;

use crate::bindings::convert::{params_from_js, validation_error};
use crate::core::cost::estimate_cost;
use crate::core::issue::Issue;
use crate::core::models::define::read_definition;
use crate::core::models::info::ModelInfo;
use crate::core::models::{define_globally, is_iso_date, Catalog, Endpoint};
use crate::core::provider::Provider;
use crate::core::request::config::today_issue;
use crate::core::request::validate::{validate, Rules};
use crate::web::errors::issues_to_js;
use crate::web::js;
use crate::web::plain::{self, json_from_js};

/// `{ provider?, today? }` of the free functions: the provider, and the day status is judged on.
fn provider_and_today(options: Option<&JsValue>) -> Result<(Provider, String), Issue> {
    let get = |key| options.map_or(JsValue::UNDEFINED, |o| js::get(o, key));
    let (provider, today) = (get("provider"), get("today"));
    let provider = match provider.as_string() {
        None if provider.is_undefined() => Provider::OpenAi,
        Some(name) => Provider::parse(&name).ok_or_else(|| provider_issue(&name))?,
        None => return Err(provider_issue("")),
    };
    let today = match today.as_string() {
        None if today.is_undefined() => js::today(),
        Some(day) if is_iso_date(&day) => day,
        _ => return Err(today_issue("today")),
    };
    Ok((provider, today))
}

fn provider_issue(name: &str) -> Issue {
    Issue::error(
        "provider".into(),
        "invalid_value",
        format!(
            "provider must be one of openai, azure, cometapi, compatible (got {})",
            crate::core::json::quoted(name)
        ),
    )
}

/// Checks generate params without sending anything. Returns every issue (empty when valid).
// Declared in `types.rs` (wasm-bindgen cannot mark an overridden parameter type optional).
#[wasm_bindgen(js_name = validateGenerate, skip_typescript)]
pub fn validate_generate(params: JsValue, options: Option<JsValue>) -> JsValue {
    let issues = match (params_from_js(&params), provider_and_today(options.as_ref())) {
        (Err(issues), _) => issues,
        (_, Err(issue)) => vec![issue],
        (Ok(params), Ok((provider, today))) => {
            let catalog = Catalog::default();
            let rules = Rules {
                provider,
                today: &today,
                catalog: &catalog,
            };
            validate(&params, Endpoint::Generations, &rules)
        }
    };
    issues_to_js(&issues)
}

/// Estimated output cost of a request for all `n` images; undefined when no figure is known.
#[wasm_bindgen(js_name = estimateCost, unchecked_return_type = "CostEstimate | undefined")]
pub fn estimate_cost_js(#[wasm_bindgen(unchecked_param_type = "ImageGenerateParams")] params: JsValue) -> JsValue {
    let Ok(params) = params_from_js(&params) else {
        return JsValue::UNDEFINED;
    };
    match estimate_cost(params.fields(), &Catalog::default()) {
        None => JsValue::UNDEFINED,
        Some(estimate) => plain::js_from_json(&estimate.to_json()),
    }
}

/// The model table, one plain object per model with its status on a provider today, to build UIs
/// from. Throws an `ImageValidationError` for a bad provider or date.
#[wasm_bindgen(skip_typescript)]
pub fn models(options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let (provider, today) = provider_and_today(options.as_ref()).map_err(|issue| validation_error(vec![issue]))?;
    let infos: Vec<ModelInfo> = Catalog::default()
        .rows()
        .iter()
        .map(|row| ModelInfo::of(row, provider, &today))
        .collect();
    Ok(plain::js_from_json(&ModelInfo::list_to_json(&infos)))
}

/// Adds a model row for every client on the page, or patches a known one (`{ id, like?, ... }`).
/// Returns the row as `models()` shows it; throws an `ImageValidationError` naming every bad field.
#[wasm_bindgen(js_name = defineModel, skip_typescript)]
pub fn define_model(definition: JsValue) -> Result<JsValue, JsValue> {
    let value = json_from_js(&definition, "model").map_err(|e| validation_error(vec![e.issue("model")]))?;
    let spec = read_definition(&value, "", &Catalog::default()).map_err(validation_error)?;
    define_globally(spec);
    Ok(plain::js_from_json(
        &ModelInfo::of(&spec, Provider::OpenAi, &js::today()).to_json(),
    ))
}
