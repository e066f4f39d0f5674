//! The result object handed to JS: images as Blobs and object URLs, plus the response fields.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use web_sys::Url;

use crate::core::response_decoder::DecodedResponse;
use crate::web::blob_sink::BlobSink;
use crate::web::js::{opt_str, set, to_plain_js};

/// The object URLs a client created and has not revoked yet.
#[derive(Debug, Default)]
pub(crate) struct UrlRegistry {
    urls: Vec<String>,
}

impl UrlRegistry {
    /// Revokes every URL this client created.
    pub(crate) fn revoke_all(&mut self) {
        for url in self.urls.drain(..) {
            let _ = Url::revoke_object_url(&url);
        }
    }

    /// Revokes these URLs (one result's).
    pub(crate) fn revoke(&mut self, urls: &[String]) {
        for url in urls {
            let _ = Url::revoke_object_url(url);
        }
        self.urls.retain(|u| !urls.contains(u));
    }

    /// How many URLs are live.
    pub(crate) fn len(&self) -> usize {
        self.urls.len()
    }
}

/// Builds `{ images, created, usage, size, quality, output_format, background, requestID, revoke }`.
pub(crate) fn build_result(
    decoded: &DecodedResponse,
    sink: &BlobSink,
    request_id: Option<&str>,
    registry: &Rc<RefCell<UrlRegistry>>,
) -> Result<JsValue, JsValue> {
    let images = Array::new();
    let mut created_urls = Vec::new();
    for entry in &decoded.images {
        let image = Object::new();
        if let Some(found) = &entry.decoded {
            let mime = found.info.map_or("application/octet-stream", |i| i.format.mime_type());
            let blob = sink.blob(found.index, mime)?;
            let url = Url::create_object_url_with_blob(&blob)?;
            set(&image, "url", &JsValue::from_str(&url));
            set(&image, "blob", &blob);
            set(&image, "mimeType", &JsValue::from_str(mime));
            set(&image, "byteLength", &JsValue::from(found.byte_len as f64));
            let info = found.info;
            set(
                &image,
                "width",
                &info.and_then(|i| i.width).map_or(JsValue::UNDEFINED, JsValue::from),
            );
            set(
                &image,
                "height",
                &info.and_then(|i| i.height).map_or(JsValue::UNDEFINED, JsValue::from),
            );
            set(&image, "hasC2pa", &JsValue::from(info.is_some_and(|i| i.has_c2pa)));
            created_urls.push(url);
        } else {
            set(&image, "url", &opt_str(entry.url.as_deref()));
        }
        set(&image, "revisedPrompt", &opt_str(entry.revised_prompt.as_deref()));
        images.push(&image);
    }
    registry.borrow_mut().urls.extend(created_urls.iter().cloned());

    let result = Object::new();
    set(&result, "images", &images);
    set(
        &result,
        "created",
        &decoded.created.map_or(JsValue::UNDEFINED, |c| JsValue::from(c as f64)),
    );
    let usage = decoded.usage.as_ref().map_or(JsValue::UNDEFINED, to_plain_js);
    set(&result, "usage", &usage);
    set(&result, "size", &opt_str(decoded.size.as_deref()));
    set(&result, "quality", &opt_str(decoded.quality.as_deref()));
    set(&result, "output_format", &opt_str(decoded.output_format.as_deref()));
    set(&result, "background", &opt_str(decoded.background.as_deref()));
    set(&result, "requestID", &opt_str(request_id));
    let weak = Rc::downgrade(registry);
    let revoke = Closure::<dyn FnMut()>::new(move || {
        match weak.upgrade() {
            Some(registry) => registry.borrow_mut().revoke(&created_urls),
            None => created_urls.iter().for_each(|u| {
                let _ = Url::revoke_object_url(u);
            }),
        };
    });
    set(&result, "revoke", &revoke.into_js_value());
    Ok(result.into())
}
