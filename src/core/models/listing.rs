//! `listModels()`: the provider's `GET /models` answer, narrowed to image models and merged with the
//! rows, so a UI offers only what this key can use today.

use crate::core::json::{self, JsonParser, Value};
use crate::core::models::info::ModelInfo;
use crate::core::models::{is_iso_date, Catalog};
use crate::core::provider::Provider;
use crate::core::response::bom::strip_bom;
use crate::core::text;

/// One entry of the provider's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedModel {
    /// The model id.
    pub id: String,
    /// A scheduled shutdown, when the provider gives one (`YYYY-MM-DD`).
    pub shutdown_date: Option<String>,
}

/// Parses `{"data": [{"id", "shutdown_date"?}, ...]}`. Entries are read leniently: one that is not
/// `{ id: string, shutdown_date?: string | null }` is skipped, not the whole list. (Read by hand, not
/// derived: serde's typed errors would link float printing into the wasm; see `decoder::Skeleton`.)
///
/// # Errors
/// A message when the body is not such a list.
pub fn parse_model_list(body: &[u8]) -> Result<Vec<ListedModel>, String> {
    parse_model_list_with(body, json::parse)
}

/// [`parse_model_list`], parsing the body with `parse`.
///
/// # Errors
/// A message when the body is not such a list.
pub fn parse_model_list_with(body: &[u8], parse: JsonParser) -> Result<Vec<ListedModel>, String> {
    let not_a_list = || "the model list is not {\"data\": [...]} JSON".to_owned();
    let list = parse(strip_bom(body)).map_err(|_| not_a_list())?;
    let Some(Value::Array(entries)) = list.as_object().and_then(|top| top.get("data")) else {
        return Err(not_a_list());
    };
    Ok(entries.iter().filter_map(listed_model).collect())
}

fn listed_model(entry: &Value) -> Option<ListedModel> {
    let id = entry.get("id")?.as_str()?.to_owned();
    let shutdown_date = match entry.get("shutdown_date") {
        None | Some(Value::Null) => None,
        Some(Value::String(date)) => Some(date.clone()),
        Some(_) => return None,
    };
    Some(ListedModel { id, shutdown_date })
}

/// Whether an id the table does not know looks like an image model.
fn looks_like_image_model(id: &str) -> bool {
    text::contains(id, "image") || id.starts_with("dall-e")
}

/// The listed image models, each with what the rows know of it; the provider's own shutdown date
/// (when it gives one) wins over the row's, being the newer fact.
pub fn merge(listed: &[ListedModel], catalog: &Catalog, provider: Provider, today: &str) -> Vec<ModelInfo> {
    let mut out: Vec<ModelInfo> = Vec::new();
    for entry in listed {
        let info = match catalog.find(&entry.id) {
            Some(row) => {
                let mut info = ModelInfo::of(&row, provider, today);
                info.id = entry.id.clone();
                info
            }
            None if looks_like_image_model(&entry.id) => ModelInfo::unknown(&entry.id),
            None => continue,
        };
        let mut info = info;
        if let Some(date) = entry.shutdown_date.as_deref().filter(|d| is_iso_date(d)) {
            info.shutdown_date = Some(date.to_owned());
            info.status = if is_iso_date(today) && today >= date {
                "shut_down"
            } else {
                "retiring"
            };
        }
        if !out.iter().any(|seen| seen.id == info.id) {
            out.push(info);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"object":"list","data":[
        {"id":"gpt-5","object":"model","created":1,"owned_by":"openai"},
        {"id":"gpt-image-2","object":"model","created":1,"owned_by":"openai","shutdown_date":"2027-04-21"},
        {"id":"gpt-image-2.6-sunburst","object":"model","created":1,"owned_by":"openai"},
        {"id":"gpt-image-2.6-sunburst-2026-11-04","object":"model"},
        {"id":"gpt-image-3-preview","object":"model"},
        {"id":"whisper-1","object":"model"},
        {"object":"model"},
        {"id":"gpt-image-2","object":"model"}
    ]}"#;

    #[test]
    fn only_image_models_merged_with_their_rows() {
        let listed = parse_model_list(BODY).unwrap();
        assert_eq!(listed.len(), 7, "the entry without an id is skipped");
        let infos = merge(&listed, &Catalog::default(), Provider::OpenAi, "2026-12-02");
        let summary: Vec<(&str, bool, &str, Option<&str>)> = infos
            .iter()
            .map(|i| (i.id.as_str(), i.known, i.status, i.shutdown_date.as_deref()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("gpt-image-2", true, "retiring", Some("2027-04-21")),
                ("gpt-image-2.6-sunburst", true, "current", None),
                ("gpt-image-2.6-sunburst-2026-11-04", true, "current", None),
                ("gpt-image-3-preview", false, "current", None),
            ]
        );
        let after = merge(&listed, &Catalog::default(), Provider::OpenAi, "2027-04-21");
        assert_eq!(after[0].status, "shut_down");
    }

    #[test]
    fn a_list_after_a_byte_order_mark_reads() {
        let body = [&b"\xEF\xBB\xBF"[..], BODY].concat();
        assert_eq!(parse_model_list(&body).unwrap(), parse_model_list(BODY).unwrap());
    }

    #[test]
    fn bad_lists_are_errors() {
        for body in [&b"[]"[..], b"{}", b"<html>", b"{\"data\": 3}"] {
            assert!(parse_model_list(body).is_err(), "{}", String::from_utf8_lossy(body));
        }
        assert_eq!(parse_model_list(br#"{"data":[]}"#).unwrap(), vec![]);
    }

    #[test]
    fn entries_that_are_not_models_are_skipped_one_by_one() {
        let body = br#"{"data":[3, {"id":5}, {"id":"a","shutdown_date":7}, {"id":"b","shutdown_date":null},
            {"id":"c","shutdown_date":"2027-01-01"}, "d"]}"#;
        let listed = parse_model_list(body).unwrap();
        let read: Vec<(&str, Option<&str>)> = listed
            .iter()
            .map(|m| (m.id.as_str(), m.shutdown_date.as_deref()))
            .collect();
        assert_eq!(read, vec![("b", None), ("c", Some("2027-01-01"))]);
    }

    #[test]
    fn a_json_array_is_not_a_model_list() {
        // Found by fuzzing (fuzz/fuzz_targets/model_list.rs): serde's derived structs read an
        // array as their fields in order, so `[[...]]` parsed as `{"data": [...]}`.
        assert!(parse_model_list(br#"[[{"id":"gpt-image-1"}]]"#).is_err());
        assert!(parse_model_list(b" \n[[ ]]").is_err());
        assert_eq!(
            parse_model_list(br#" {"data":[{"id":"gpt-image-1"}]}"#).unwrap().len(),
            1
        );
    }
}
