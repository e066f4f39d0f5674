//! Free functions: validation, cost, the model table.

use wasm_bindgen::prelude::*;

use crate::bindings::convert::params_from_js;
use crate::core::cost::estimate_cost;
use crate::core::issue::Issue;
use crate::core::models::{Endpoint, MODELS};
use crate::core::provider::Provider;
use crate::core::request::validate::validate;
use crate::web::errors::issues_to_js;
use crate::web::js;

/// Checks generate params without sending anything. Returns every issue (empty when valid).
// Declared in `types.rs` (wasm-bindgen cannot mark an overridden parameter type optional).
#[wasm_bindgen(js_name = validateGenerate, skip_typescript)]
pub fn validate_generate(params: JsValue, options: Option<JsValue>) -> JsValue {
    let provider_value = options.map_or(JsValue::UNDEFINED, |o| js::get(&o, "provider"));
    let provider = match provider_value.as_string() {
        None if provider_value.is_undefined() => Ok(Provider::OpenAi),
        Some(name) => Provider::parse(&name).ok_or(name),
        None => Err(String::new()),
    };
    let issues = match (params_from_js(&params), provider) {
        (Err(issues), _) => issues,
        (_, Err(name)) => vec![Issue::error(
            "provider".into(),
            "invalid_value",
            format!("provider must be one of openai, azure, cometapi, compatible (got {name:?})"),
        )],
        (Ok(params), Ok(provider)) => validate(&params, Endpoint::Generations, provider),
    };
    issues_to_js(&issues)
}

/// Estimated output cost of a request for all `n` images; undefined when no figure is known.
#[wasm_bindgen(js_name = estimateCost, unchecked_return_type = "CostEstimate | undefined")]
pub fn estimate_cost_js(#[wasm_bindgen(unchecked_param_type = "ImageGenerateParams")] params: JsValue) -> JsValue {
    let Ok(params) = params_from_js(&params) else {
        return JsValue::UNDEFINED;
    };
    match estimate_cost(params.fields()) {
        None => JsValue::UNDEFINED,
        Some(estimate) => {
            let object = js_sys::Object::new();
            if let Some(tokens) = estimate.output_tokens {
                js::set(&object, "outputTokens", &JsValue::from(tokens as f64));
            }
            js::set(&object, "usd", &JsValue::from(estimate.usd));
            object.into()
        }
    }
}

/// The model capability table, one plain object per model, to build UIs from.
#[wasm_bindgen(unchecked_return_type = "ModelInfo[]")]
pub fn models() -> JsValue {
    js::to_plain_js(MODELS)
}
