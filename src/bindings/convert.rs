//! JS values in: params, client options, per-call options.

use js_sys::{Function, Object};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Blob};

use crate::core::issue::Issue;
use crate::core::json::{Map, Value};
use crate::core::request::config::{max_retries_issue, parse_max_retries};
use crate::core::request::config::{parse_timeout, timeout_issue, validation_issue};
use crate::core::request::edit::ImageRef;
use crate::core::request::mode::ValidationMode;
use crate::core::request::params::ImageParams;
use crate::core::response::client_error::ClientError;
use crate::web::client::CallOptions;
use crate::web::errors::to_js_error;
use crate::web::files::{EditFiles, EditInput};
use crate::web::js;
use crate::web::plain::{json_from_js, ReadError};

/// Validation issues as the JS error to throw.
pub(crate) fn validation_error(issues: Vec<Issue>) -> JsValue {
    to_js_error(&ClientError::Validation(issues), &[], None)
}

/// A validation error with one issue, as a JS error.
pub(crate) fn invalid(field: &str, code: &'static str, message: String) -> JsValue {
    validation_error(vec![Issue::error(field.to_owned(), code, message)])
}

/// For `map_err` on a read of the caller's `field` that ran the caller's code, which threw.
fn unreadable(field: &str) -> impl Fn(JsValue) -> Vec<Issue> + '_ {
    move |thrown| vec![ReadError::thrown(field, &thrown).issue(field)]
}

/// Client options as a JSON object, for the core to read field by field. The token provider (a
/// function) is left out of a shallow copy; the caller's object is not touched.
pub(crate) fn client_options_from_js(options: &JsValue) -> Result<Map, JsValue> {
    let copy = js::assign(&Object::new(), options)
        .map_err(unreadable("options"))
        .map_err(validation_error)?;
    let azure = js::get(options, "azure");
    if azure.is_object() {
        let azure_copy = js::assign(&Object::new(), &azure)
            .map_err(unreadable("options.azure"))
            .map_err(validation_error)?;
        let _ = js_sys::Reflect::delete_property(&azure_copy, &JsValue::from_str("azureADTokenProvider"));
        js::set(&copy, "azure", &azure_copy);
    }
    match json_from_js(&copy, "options") {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(Map::new()),
        Err(e) => Err(validation_error(vec![e.issue("options")])),
    }
}

/// Request params: a plain object of wire fields.
pub(crate) fn params_from_js(value: &JsValue) -> Result<ImageParams, Vec<Issue>> {
    if !value.is_object() || value.is_function() || js::is_array(value).map_err(unreadable("params"))? {
        return Err(vec![Issue::error(
            "params".into(),
            "invalid_type",
            "params must be an object such as { model, prompt }".into(),
        )]);
    }
    match json_from_js(value, "params") {
        Ok(Value::Object(map)) => Ok(ImageParams::new(map)),
        Ok(_) => Ok(ImageParams::new(Map::new())),
        Err(e) => Err(vec![e.issue("params")]),
    }
}

/// Edit/variation params: the inputs (`image`: a Blob, a `{ image_url }` / `{ file_id }` reference,
/// or an array of them; `mask` likewise; `markup`: a Blob) are taken out as they are; the other
/// fields, from a shallow copy, become the wire params.
pub(crate) fn edit_from_js(value: &JsValue) -> Result<(ImageParams, EditFiles), Vec<Issue>> {
    params_from_js(value)?;
    let mut issues = Vec::new();
    let mut files = EditFiles::default();
    let image = js::get(value, "image");
    if js::is_array(&image).map_err(unreadable("image"))? {
        files.image_was_array = true;
        let images = js::array_from(&image).map_err(unreadable("image"))?;
        for (i, item) in images.iter().enumerate() {
            match edit_input(item) {
                Some(input) => files.images.push(input),
                None => issues.push(not_an_input(&format!("image[{i}]"))),
            }
        }
    } else if !image.is_undefined() && !image.is_null() {
        match edit_input(image) {
            Some(input) => files.images.push(input),
            None => issues.push(not_an_input("image")),
        }
    }
    let mask = js::get(value, "mask");
    if !mask.is_undefined() && !mask.is_null() {
        match edit_input(mask) {
            Some(input) => files.mask = Some(input),
            None => issues.push(not_an_input("mask")),
        }
    }
    let markup = js::get(value, "markup");
    if !markup.is_undefined() && !markup.is_null() {
        match markup.dyn_into::<Blob>() {
            Ok(blob) => files.markup = Some(blob),
            Err(_) => issues.push(not_a_file("markup")),
        }
    }
    let copy = js::assign(&Object::new(), value).map_err(unreadable("params"))?;
    for key in ["image", "mask", "markup"] {
        let _ = js_sys::Reflect::delete_property(&copy, &JsValue::from_str(key));
    }
    let params = params_from_js(&copy)?;
    if issues.is_empty() {
        Ok((params, files))
    } else {
        Err(issues)
    }
}

/// A Blob, or `{ image_url: string }` / `{ file_id: string }` (exactly one key).
fn edit_input(value: JsValue) -> Option<EditInput> {
    let value = match value.dyn_into::<Blob>() {
        Ok(blob) => return Some(EditInput::Blob(blob)),
        Err(value) => value,
    };
    if !value.is_object() || js::own_entries(&value).map_or(true, |entries| entries.length() != 1) {
        return None;
    }
    let text = |key| js::get(&value, key).as_string();
    match (text("image_url"), text("file_id")) {
        (Some(url), None) => Some(EditInput::Ref(ImageRef::Url(url))),
        (None, Some(id)) => Some(EditInput::Ref(ImageRef::FileId(id))),
        _ => None,
    }
}

fn not_an_input(field: &str) -> Issue {
    Issue::error(
        field.to_owned(),
        "invalid_type",
        format!("{field} must be a File or Blob, {{ image_url: \"https://...\" }} or {{ file_id: \"file-...\" }}"),
    )
}

fn not_a_file(field: &str) -> Issue {
    Issue::error(
        field.to_owned(),
        "invalid_type",
        format!("{field} must be a File or Blob (e.g. from an <input type=file> or fetch().blob())"),
    )
}

/// Per-call options `{ signal, timeout, maxRetries, onProgress }`.
pub(crate) fn call_options_from_js(value: &JsValue) -> Result<CallOptions, Vec<Issue>> {
    let mut options = CallOptions::default();
    if value.is_undefined() || value.is_null() {
        return Ok(options);
    }
    let mut issues = Vec::new();
    let error =
        |field: &str, code: &'static str, message: &str| Issue::error(field.to_owned(), code, message.to_owned());
    for entry in js::own_entries(value).map_err(unreadable("options"))?.iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let (key, item) = (entry.get(0).as_string().unwrap_or_default(), entry.get(1));
        if item.is_undefined() {
            continue;
        }
        match key.as_str() {
            "signal" => match item.dyn_into::<AbortSignal>() {
                Ok(signal) => match js::signal_aborted(&signal) {
                    Ok(_) => options.signal = Some(signal),
                    // Its `aborted` getter threw: a Proxy of a signal, or an object made from its prototype.
                    Err(_) => issues.push(error(
                        "signal",
                        "invalid_type",
                        "signal must be an AbortSignal; this one only looks like one (is it a Proxy?)",
                    )),
                },
                Err(_) => issues.push(error("signal", "invalid_type", "signal must be an AbortSignal")),
            },
            "timeout" => match item.as_f64().and_then(parse_timeout) {
                Some(ms) => options.timeout_ms = Some(ms),
                None => issues.push(timeout_issue("timeout")),
            },
            "maxRetries" => match item.as_f64().and_then(parse_max_retries) {
                Some(r) => options.max_retries = Some(r),
                None => issues.push(max_retries_issue("maxRetries")),
            },
            "onProgress" => match item.dyn_into::<Function>() {
                Ok(f) => options.on_progress = Some(f),
                Err(_) => issues.push(error("onProgress", "invalid_type", "onProgress must be a function")),
            },
            "onPartialImage" => match item.dyn_into::<Function>() {
                Ok(f) => options.on_partial_image = Some(f),
                Err(_) => issues.push(error(
                    "onPartialImage",
                    "invalid_type",
                    "onPartialImage must be a function",
                )),
            },
            "validation" => match item.as_string().as_deref().map(|n| (n, ValidationMode::parse(n))) {
                Some((_, Some(mode))) => options.validation = Some(mode),
                Some((name, None)) => issues.push(validation_issue("validation", name)),
                None => issues.push(validation_issue("validation", &js::describe(&item))),
            },
            other => issues.push(Issue::error(
                other.to_owned(),
                "unknown_option",
                format!("{other} is not a request option (signal, timeout, maxRetries, validation, onProgress, onPartialImage)"),
            )),
        }
    }
    if issues.is_empty() {
        Ok(options)
    } else {
        Err(issues)
    }
}
