//! The provider's `GET /models` body (`parse_model_list`), then `merge` with the rows.
//!
//! Any bytes: never panics; an accepted list is a subset, in order, of what serde_json reads as
//! `data[*]` entries with a string `id`; merging gives only image models, each listed once.
#![no_main]

use imagegen_wasm::core::models::listing::{merge, parse_model_list};
use imagegen_wasm::core::models::Catalog;
use imagegen_wasm_fuzz::rules::{provider, today};
use imagegen_wasm_fuzz::split_input;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let (_, payload) = split_input(data);
    let [p, t, body @ ..] = payload else { return };
    let Ok(listed) = parse_model_list(body) else {
        return;
    };
    // serde_json checks UTF-8 only in strings it keeps: compare with invalid UTF-8 replaced.
    let value: Value = serde_json::from_str(&String::from_utf8_lossy(body)).expect("an accepted list is JSON");
    let ids: Vec<&str> = value["data"]
        .as_array()
        .expect("data is an array")
        .iter()
        .filter_map(|entry| entry.get("id").and_then(Value::as_str))
        .collect();
    let mut at = 0;
    for model in &listed {
        let found = ids[at..].iter().position(|id| *id == model.id);
        at += found.unwrap_or_else(|| panic!("{} was not listed", model.id)) + 1;
    }
    let catalog = Catalog::default();
    let merged = merge(&listed, &catalog, provider(*p), today(*t));
    for info in &merged {
        assert!(listed.iter().any(|m| m.id == info.id) || !info.known, "{} merged from nowhere", info.id);
    }
});
