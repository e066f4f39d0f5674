//! Params validation from arbitrary JSON, for every provider, endpoint and a range of dates.
//!
//! Three bytes choose provider, endpoint and today; the rest is the params: JSON text (raw mode)
//! or an object generated from it with the wire names, model ids and values the rules look for
//! (flag bit 0). Never panics; every issue names a field, a code and a message; validation is
//! deterministic; the modes only relabel or drop issues; the JSON body and form fields the params
//! make are well formed.
#![no_main]

use imagegen_wasm::core::issue::Severity;
use imagegen_wasm::core::json;
use imagegen_wasm::core::models::Catalog;
use imagegen_wasm::core::request::mode::ValidationMode;
use imagegen_wasm::core::request::params::ImageParams;
use imagegen_wasm::core::request::validate::{validate, Rules};
use imagegen_wasm_fuzz::rules::{endpoint, provider, today};
use imagegen_wasm_fuzz::words::PARAM_WORDS;
use imagegen_wasm_fuzz::{arbitrary_json, split_input};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let (feed, payload) = split_input(data);
    let [p, e, t, rest @ ..] = payload else { return };
    let fields: Map<String, Value> = if feed.flags & 1 == 0 {
        let Ok(fields) = serde_json::from_slice(rest) else { return };
        fields
    } else {
        let mut u = arbitrary::Unstructured::new(rest);
        let mut fields = Map::new();
        for _ in 0..u.int_in_range(0..=8).unwrap_or(0) {
            let Ok(key) = imagegen_wasm_fuzz::arbitrary_word(&mut u, PARAM_WORDS) else { break };
            let Ok(value) = arbitrary_json(&mut u, PARAM_WORDS, 2) else { break };
            fields.insert(key, value);
        }
        fields
    };
    let params = ImageParams::new(fields.into());
    let catalog = Catalog::default();
    let rules = Rules {
        provider: provider(*p),
        today: today(*t),
        catalog: &catalog,
    };
    let endpoint = endpoint(*e);
    let issues = validate(&params, endpoint, &rules);
    for issue in &issues {
        // A param named "" is reported under the field "".
        assert!(!issue.field.is_empty() || params.get("").is_some(), "{issue:?}");
        assert!(!issue.code.is_empty() && !issue.message.is_empty(), "{issue:?}");
    }
    assert_eq!(validate(&params, endpoint, &rules), issues, "deterministic");
    let warned = ValidationMode::Warn.apply(issues.clone());
    assert_eq!(warned.len(), issues.len());
    assert!(warned.iter().all(|i| i.severity == Severity::Warning));
    assert!(ValidationMode::Off.apply(issues).is_empty());

    let body: Value = serde_json::from_str(&params.to_json_body(json::write)).expect("the JSON body is JSON");
    let names: Vec<&String> = body.as_object().expect("an object").keys().collect();
    assert_eq!(names, params.fields().keys().collect::<Vec<_>>());
    for (name, _) in params.to_form_fields(json::write) {
        assert!(params.get(&name).is_some(), "form field {name} is not a param");
    }
});
