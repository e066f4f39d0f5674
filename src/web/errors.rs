//! `ClientError` → a real JS `Error` with openai-node's `name` and the contract's fields.

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::core::response::client_error::ClientError;
use crate::web::js::{opt_str, set};

/// Builds the JS error. `secrets` are scrubbed from the message.
pub(crate) fn to_js_error(error: &ClientError, secrets: &[&str], cause: Option<&JsValue>) -> JsValue {
    let js_error = js_sys::Error::new(&error.message(secrets));
    js_error.set_name(error.name());
    let object: JsValue = js_error.into();
    set(&object, "kind", &JsValue::from_str(error.kind().as_str()));
    set(&object, "requestID", &opt_str(error.request_id()));
    match error {
        ClientError::Validation(issues) => {
            set(&object, "issues", &issues_to_js(issues));
        }
        ClientError::Api { info, .. } => {
            set(&object, "status", &JsValue::from(info.status));
            set(&object, "code", &opt_str(info.code.as_deref()));
            set(&object, "type", &opt_str(info.error_type.as_deref()));
            set(&object, "param", &opt_str(info.param.as_deref()));
            if info.moderation_stage.is_some() || !info.categories.is_empty() {
                set(&object, "moderationStage", &opt_str(info.moderation_stage.as_deref()));
                let categories: Array = info.categories.iter().map(|c| JsValue::from_str(c)).collect();
                set(&object, "categories", &categories);
            }
            if let Some(revised) = &info.revised_prompt {
                set(&object, "revisedPrompt", &JsValue::from_str(revised));
            }
        }
        ClientError::Timeout { timeout_ms } => {
            set(&object, "timeout", &JsValue::from(*timeout_ms as f64));
        }
        _ => {}
    }
    if let Some(cause) = cause {
        set(&object, "cause", cause);
    }
    object
}

/// The issue list as plain objects `{field, code, message, severity}`.
pub(crate) fn issues_to_js(issues: &[crate::core::issue::Issue]) -> JsValue {
    let array = Array::new();
    for issue in issues {
        let item = js_sys::Object::new();
        set(&item, "field", &JsValue::from_str(&issue.field));
        set(&item, "code", &JsValue::from_str(issue.code));
        set(&item, "message", &JsValue::from_str(&issue.message));
        let severity = match issue.severity {
            crate::core::issue::Severity::Error => "error",
            crate::core::issue::Severity::Warning => "warning",
        };
        set(&item, "severity", &JsValue::from_str(severity));
        array.push(&item);
    }
    array.into()
}
