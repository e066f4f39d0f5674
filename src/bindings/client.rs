//! `ImagesClient`.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use crate::bindings::convert::{call_options_from_js, client_options_from_js, edit_from_js, invalid, params_from_js};
use crate::core::issue::Issue;
use crate::core::models::Endpoint;
use crate::core::request::config::ClientConfig;
use crate::core::response::client_error::ClientError;
use crate::web::client::{CallOptions, Client, Failure};
use crate::web::errors::issues_to_js;
use crate::web::errors::to_js_error;
use crate::web::event_stream;
use crate::web::js;

/// A client for one image API (OpenAI, Azure OpenAI, CometAPI or a compatible base URL).
#[wasm_bindgen]
pub struct ImagesClient {
    inner: Rc<Client>,
}

impl std::fmt::Debug for ImagesClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImagesClient")
            .field("config", &self.inner.config)
            .finish()
    }
}

#[wasm_bindgen]
impl ImagesClient {
    /// Creates a client. Throws an `ImageValidationError` listing every bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ImagesClientOptions")] options: JsValue,
    ) -> Result<ImagesClient, JsValue> {
        if !options.is_object() {
            return Err(invalid(
                "options",
                "invalid_type",
                "options must be an object such as { apiKey }".into(),
            ));
        }
        let token_provider = js::get(&js::get(&options, "azure"), "azureADTokenProvider");
        let token_provider = match token_provider.is_undefined() {
            true => None,
            false => Some(token_provider.dyn_into::<Function>().map_err(|_| {
                invalid(
                    "azure.azureADTokenProvider",
                    "invalid_type",
                    "azure.azureADTokenProvider must be a function returning a token".into(),
                )
            })?),
        };
        let parsed = client_options_from_js(&options)?;
        let config = ClientConfig::from_json(&parsed, token_provider.is_some())
            .map_err(|issues| to_js_error(&ClientError::Validation(issues), &[], None))?;
        Ok(ImagesClient {
            inner: Rc::new(Client {
                config,
                token_provider,
                urls: Rc::new(RefCell::new(Default::default())),
            }),
        })
    }

    /// Generates images. Resolves to an `ImagesResult`; rejects with a typed error (invalid params
    /// reject without sending anything).
    // Declared in `types.rs` (wasm-bindgen cannot mark an overridden parameter type optional).
    #[wasm_bindgen(skip_typescript)]
    pub fn generate(&self, params: JsValue, options: Option<JsValue>) -> Promise {
        let client = self.inner.clone();
        let inputs = with_call_options(params_from_js(&params), options);
        js::promise_of(async move {
            let (params, call) = inputs.map_err(|f| client.js_error(f))?;
            client.generate(params, call).await.map_err(|f| client.js_error(f))
        })
    }

    /// Generates with `stream: true` and returns the events as a `ReadableStream` (`for await`
    /// works): partial images as they arrive, then `completed`. Failures error the stream.
    // Declared in `types.rs`.
    #[wasm_bindgen(js_name = generateStream, skip_typescript)]
    pub fn generate_stream(
        &self,
        params: JsValue,
        options: Option<JsValue>,
    ) -> Result<web_sys::ReadableStream, JsValue> {
        event_stream::generate_stream(
            self.inner.clone(),
            params_from_js(&params),
            call_options_from_js(&options.unwrap_or(JsValue::UNDEFINED)),
        )
    }

    /// Edits images from the caller's own files (`image`: File/Blob or an array; optional `mask`).
    /// Only the files' first bytes are read, for the pre-flight checks; the Blobs go to `FormData`
    /// untouched.
    // Declared in `types.rs`.
    #[wasm_bindgen(skip_typescript)]
    pub fn edit(&self, params: JsValue, options: Option<JsValue>) -> Promise {
        self.multipart(Endpoint::Edits, params, options)
    }

    /// Variations of one square PNG (dall-e-2's `/images/variations`, still served by some
    /// compatible providers).
    #[wasm_bindgen(js_name = createVariation, skip_typescript)]
    pub fn create_variation(&self, params: JsValue, options: Option<JsValue>) -> Promise {
        self.multipart(Endpoint::Variations, params, options)
    }

    /// Runs the edit checks without sending anything: every issue, from the params and the files'
    /// headers. Async because it reads the files' first bytes.
    #[wasm_bindgen(js_name = validateEdit, skip_typescript)]
    pub fn validate_edit(&self, params: JsValue) -> Promise {
        let client = self.inner.clone();
        js::promise_of(async move {
            let (params, files) = match edit_from_js(&params) {
                Ok(found) => found,
                Err(issues) => return Ok(issues_to_js(&issues)),
            };
            match client.check_edit(Endpoint::Edits, &params, &files).await {
                Ok((issues, _)) => Ok(issues_to_js(&issues)),
                Err(failure) => Err(client.js_error(failure)),
            }
        })
    }

    /// The generate checks with this client's provider, date and model rows, nothing sent: every
    /// issue (empty when valid), before any validation mode is applied.
    #[wasm_bindgen(js_name = validateGenerate, skip_typescript)]
    pub fn validate_generate(&self, params: JsValue) -> JsValue {
        let issues = match params_from_js(&params) {
            Err(issues) => issues,
            Ok(params) => self.inner.check_generate(&params),
        };
        issues_to_js(&issues)
    }

    fn multipart(&self, endpoint: Endpoint, params: JsValue, options: Option<JsValue>) -> Promise {
        let client = self.inner.clone();
        let inputs = with_call_options(edit_from_js(&params), options);
        js::promise_of(async move {
            let ((params, files), call) = inputs.map_err(|f| client.js_error(f))?;
            client
                .edit(endpoint, params, files, call)
                .await
                .map_err(|f| client.js_error(f))
        })
    }

    /// The image models this key can use now (`GET {baseURL}/models`), merged with the table:
    /// status today, shutdown dates. On an Azure deployment route, the configured deployment.
    // Declared in `types.rs`.
    #[wasm_bindgen(js_name = listModels, skip_typescript)]
    pub fn list_models(&self, options: Option<JsValue>) -> Promise {
        let client = self.inner.clone();
        let call = call_options_from_js(&options.unwrap_or(JsValue::UNDEFINED));
        js::promise_of(async move {
            let call = call.map_err(|issues| client.js_error((ClientError::Validation(issues), None)))?;
            client.list_models(call).await.map_err(|f| client.js_error(f))
        })
    }

    /// Revokes every object URL this client created (results' `url`s stop working).
    #[wasm_bindgen(js_name = revokeAll)]
    pub fn revoke_all(&self) {
        self.inner.urls.borrow_mut().revoke_all();
    }

    /// How many object URLs this client created that are not revoked yet.
    #[wasm_bindgen(getter, js_name = liveObjectURLs)]
    pub fn live_object_urls(&self) -> usize {
        self.inner.urls.borrow().len()
    }
}

/// The converted params and the per-call options, or the validation failure of either.
fn with_call_options<T>(params: Result<T, Vec<Issue>>, options: Option<JsValue>) -> Result<(T, CallOptions), Failure> {
    let invalid = |issues| (ClientError::Validation(issues), None);
    let params = params.map_err(invalid)?;
    let call = call_options_from_js(&options.unwrap_or(JsValue::UNDEFINED)).map_err(invalid)?;
    Ok((params, call))
}
