//! Run-time model rows (`read_definition`) from arbitrary JSON, and what is then done with a row:
//! its `ModelInfo`, validation of requests naming it, the cost estimate and the cost from an
//! API `usage` object.
//!
//! Raw mode: JSON text. Generated mode (flag bit 0): an object with the definition's field names
//! and plausible values. Never panics; every issue is well formed and under the given path; an
//! accepted row keeps the id it was given; costs are finite and non-negative.
#![no_main]

use imagegen_wasm::core::cost::{cost_from_usage, estimate_cost};
use imagegen_wasm::core::json;
use imagegen_wasm::core::models::define::read_definition;
use imagegen_wasm::core::models::info::ModelInfo;
use imagegen_wasm::core::models::Catalog;
use imagegen_wasm::core::request::params::ImageParams;
use imagegen_wasm::core::request::validate::{validate, Rules};
use imagegen_wasm_fuzz::rules::{endpoint, provider, today};
use imagegen_wasm_fuzz::words::{MODEL_WORDS, PARAM_WORDS};
use imagegen_wasm_fuzz::{arbitrary_json, arbitrary_word, split_input};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let (feed, payload) = split_input(data);
    let [p, e, t, rest @ ..] = payload else { return };
    let path = if feed.flags & 2 == 0 { "" } else { "models[3]" };
    let mut u = arbitrary::Unstructured::new(rest);
    let value: Value = if feed.flags & 1 == 0 {
        let Ok(value) = serde_json::from_slice(rest) else { return };
        value
    } else {
        let mut object = Map::new();
        for _ in 0..u.int_in_range(0..=10).unwrap_or(0) {
            let Ok(key) = arbitrary_word(&mut u, MODEL_WORDS) else { break };
            let Ok(value) = arbitrary_json(&mut u, MODEL_WORDS, 3) else { break };
            object.insert(key, value);
        }
        Value::Object(object)
    };
    let value = json::Value::from(value);
    let catalog = Catalog::default();
    let spec = match read_definition(&value, path, &catalog) {
        Ok(spec) => spec,
        Err(issues) => {
            assert!(!issues.is_empty());
            for issue in &issues {
                let empty_key = value.as_object().is_some_and(|o| o.contains_key(""));
                assert!(!issue.field.is_empty() || empty_key, "{issue:?}");
                assert!(!issue.code.is_empty() && !issue.message.is_empty(), "{issue:?}");
                assert!(path.is_empty() || issue.field.starts_with(path), "{issue:?}");
            }
            return;
        }
    };
    assert_eq!(Some(spec.id), value.get("id").and_then(json::Value::as_str));
    let (provider, today) = (provider(*p), today(*t));
    let info = ModelInfo::of(&spec, provider, today);
    assert_eq!(info.id, spec.id);

    let catalog = Catalog::with_rows(vec![spec]);
    assert_eq!(catalog.find(spec.id).map(|row| row.id), Some(spec.id));
    let mut fields = Map::new();
    for _ in 0..u.int_in_range(0..=5).unwrap_or(0) {
        let Ok(key) = arbitrary_word(&mut u, PARAM_WORDS) else { break };
        let Ok(value) = arbitrary_json(&mut u, PARAM_WORDS, 2) else { break };
        fields.insert(key, value);
    }
    fields.insert("model".into(), Value::String(spec.id.into()));
    let params = ImageParams::new(fields.into());
    let rules = Rules {
        provider,
        today,
        catalog: &catalog,
    };
    for issue in validate(&params, endpoint(*e), &rules) {
        assert!(!issue.field.is_empty() || params.get("").is_some(), "{issue:?}");
        assert!(!issue.message.is_empty(), "{issue:?}");
    }
    if let Some(estimate) = estimate_cost(params.fields(), &catalog) {
        assert!(estimate.usd.is_finite() && estimate.usd >= 0.0, "{estimate:?}");
    }
    let usage = arbitrary_json(&mut u, &["input_tokens", "output_tokens", "input_tokens_details",
        "output_tokens_details", "text_tokens", "image_tokens"], 3).unwrap_or(Value::Null);
    let usage = json::Value::from(usage);
    if let Some(usd) = cost_from_usage(&spec, &usage) {
        assert!(usd.is_finite() && usd >= 0.0, "{usd} from {usage}");
    }
});
