//! The TypeScript declarations agree with the Rust side: every model row is in the `ImageModel`
//! union and nothing else is; the `ErrorKind` and `ImagesErrorName` unions list exactly what the
//! library produces; `ModelInfo` declares exactly the keys `models()` hands out; every exported
//! declaration and interface member has a `/** ... */` comment for editors' hover help. Native only.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use imagegen_wasm::core::error_kind::ErrorKind;
use imagegen_wasm::core::models::info::ModelInfo;
use imagegen_wasm::core::models::{Catalog, MODELS};
use imagegen_wasm::core::provider::Provider;
use imagegen_wasm::core::response::api_error::error_name_for_status;
use imagegen_wasm::core::response::client_error::ERROR_NAMES;

const TYPES: &str = include_str!("../src/bindings/types.rs");

/// The text from `start` up to the first `end` after it.
fn section<'a>(start: &str, end: &str) -> &'a str {
    let from = TYPES.find(start).unwrap_or_else(|| panic!("{start} not in types.rs"));
    let rest = &TYPES[from + start.len()..];
    &rest[..rest.find(end).unwrap_or_else(|| panic!("no {end:?} after {start}"))]
}

/// The string literals of a union type `export type NAME = "a" | "b";`.
fn union(name: &str) -> BTreeSet<String> {
    section(&format!("export type {name} ="), ";")
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The top-level keys of `export interface NAME { ... }` (two-space indented members).
fn interface_keys(name: &str) -> BTreeSet<String> {
    section(&format!("export interface {name} {{"), "\n}")
        .lines()
        .filter(|line| line.starts_with("  ") && !line.starts_with("   ") && !line.trim_start().starts_with('/'))
        .filter_map(|line| line.trim().split([':', '?', '(']).next())
        .filter(|key| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_owned)
        .collect()
}

#[test]
fn image_model_union_is_the_table() {
    let rows: BTreeSet<String> = MODELS
        .iter()
        .flat_map(|m| std::iter::once(m.id).chain(m.snapshots.iter().copied()))
        .map(str::to_owned)
        .collect();
    assert_eq!(union("ImageModel"), rows);
}

#[test]
fn error_kind_union_is_every_kind() {
    let kinds: BTreeSet<String> = ErrorKind::ALL.iter().map(|k| k.as_str().to_owned()).collect();
    assert_eq!(union("ErrorKind"), kinds);
}

#[test]
fn error_name_union_is_every_name() {
    let names: BTreeSet<String> = ERROR_NAMES.iter().map(|n| (*n).to_owned()).collect();
    assert_eq!(union("ImagesErrorName"), names);
    for status in 100..600 {
        assert!(names.contains(error_name_for_status(status)), "{status}");
    }
}

#[test]
fn model_info_interface_declares_every_key_models_gives() {
    let mut keys = BTreeSet::new();
    let mut add = |info: &ModelInfo| {
        let value = info.to_json();
        keys.extend(value.as_object().unwrap().keys().cloned());
    };
    for row in Catalog::default().rows() {
        for provider in [Provider::OpenAi, Provider::Azure] {
            add(&ModelInfo::of(&row, provider, "2026-12-02"));
        }
    }
    add(&ModelInfo::unknown("gpt-image-3-preview"));
    assert_eq!(interface_keys("ModelInfo"), keys);
}

/// The declarations inside the `TYPES` string (what `index.d.ts` re-exports).
fn declarations() -> &'static str {
    let start = TYPES.find("r#\"").expect("TYPES opens with r#\"") + 3;
    let end = TYPES[start..].find("\"#;").expect("TYPES closes with \"#;") + start;
    &TYPES[start..end]
}

/// Whether the line before `index` ends a `/** ... */` comment (a JSDoc block, not `/* ... */`).
fn has_doc_comment(lines: &[&str], index: usize) -> bool {
    let Some(previous) = index.checked_sub(1).map(|i| lines[i].trim()) else {
        return false;
    };
    if !previous.ends_with("*/") {
        return false;
    }
    // Walk up to the line that opens the block.
    lines[..index]
        .iter()
        .rev()
        .map(|line| line.trim())
        .find(|line| line.starts_with("/*"))
        .is_some_and(|opening| opening.starts_with("/**"))
}

/// The name of a member line: `model?: ...` → `model`, `revoke(): void` → `revoke`, `[extra: string]: ...` →
/// `[extra: string]`.
fn member_name(line: &str) -> &str {
    let line = line.trim();
    match line.strip_prefix('[') {
        Some(rest) => &line[..rest.find(']').map_or(line.len(), |i| i + 2)],
        None => line.split(['?', ':', '(']).next().unwrap_or(line),
    }
}

/// Editors show a declaration's `/** ... */` comment on hover: every exported type, interface and
/// function has one, and so does every member of every exported interface (a two-space indented line
/// that is not a comment, not the closing `};` of a multi-line member and not a `|` continuation).
#[test]
fn every_public_member_has_a_doc_comment() {
    let lines: Vec<&str> = declarations().lines().collect();
    let mut offenders = Vec::new();
    let mut interface: Option<&str> = None;
    let mut members = 0;
    for (i, line) in lines.iter().enumerate() {
        if let Some(rest) = ["export interface ", "export type ", "export function "]
            .iter()
            .find_map(|prefix| line.strip_prefix(prefix))
        {
            let name = rest
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
                .unwrap_or(rest);
            if !has_doc_comment(&lines, i) {
                offenders.push(name.to_owned());
            }
            interface = line.starts_with("export interface ").then_some(name);
        } else if line.starts_with('}') {
            interface = None;
        } else if let Some(owner) = interface {
            let is_member = line.starts_with("  ")
                && !line.starts_with("   ")
                && !line.trim_start().starts_with(['/', '*', '|', '}', ')']);
            if is_member {
                members += 1;
                if !has_doc_comment(&lines, i) {
                    offenders.push(format!("{owner}.{}", member_name(line)));
                }
            }
        }
    }
    assert!(
        members > 150,
        "only {members} members found: is the parser still reading TYPES?"
    );
    assert!(
        offenders.is_empty(),
        "{} declarations in src/bindings/types.rs have no /** ... */ doc comment: {}",
        offenders.len(),
        offenders.join(", ")
    );
}
