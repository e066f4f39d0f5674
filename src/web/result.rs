//! The objects handed to JS: images as Blobs and object URLs, results, stream events.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use web_sys::Url;

use crate::core::cost::UsageCost;
use crate::core::issue::Issue;
use crate::core::response::decoder::{DecodedImage, DecodedResponse};
use crate::web::blob_sink::{mime_type_of, BlobSink};
use crate::web::errors::issues_to_js;
use crate::web::js::{opt_str, set};
use crate::web::plain::js_from_json;

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

/// What a result carries besides the response: the request id, the issues that did not block the
/// request, and the cost computed from `usage`.
#[derive(Debug)]
pub(crate) struct ResultExtras<'a> {
    pub(crate) request_id: Option<&'a str>,
    pub(crate) warnings: &'a [Issue],
    pub(crate) cost: Option<UsageCost>,
}

/// Turns decoded images into JS objects, remembering every object URL it makes for one call.
#[derive(Debug)]
pub(crate) struct ImageBuilder {
    registry: Rc<RefCell<UrlRegistry>>,
    urls: Vec<String>,
}

impl ImageBuilder {
    pub(crate) fn new(registry: &Rc<RefCell<UrlRegistry>>) -> Self {
        ImageBuilder {
            registry: registry.clone(),
            urls: Vec::new(),
        }
    }

    /// `{ url, blob, mimeType, byteLength, width, height, hasC2pa, revisedPrompt }`. The sink's
    /// parts for the image are released: the Blob holds its own copy.
    pub(crate) fn decoded_image(
        &mut self,
        found: &DecodedImage,
        revised_prompt: Option<&str>,
        sink: &mut BlobSink,
    ) -> Result<Object, JsValue> {
        let image = Object::new();
        let mime = mime_type_of(found.info);
        let blob = sink.take_blob(found.index, found.info)?;
        let url = Url::create_object_url_with_blob(&blob)?;
        self.registry.borrow_mut().urls.push(url.clone());
        set(&image, "url", &JsValue::from_str(&url));
        self.urls.push(url);
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
        set(
            &image,
            "frameCount",
            &info.and_then(|i| i.frames).map_or(JsValue::UNDEFINED, JsValue::from),
        );
        set(&image, "hasC2pa", &JsValue::from(info.is_some_and(|i| i.has_c2pa)));
        set(&image, "revisedPrompt", &opt_str(revised_prompt));
        Ok(image)
    }

    /// Builds `{ images, created, usage, size, quality, output_format, background, requestID,
    /// warnings, cost, revoke }`; `revoke` releases every URL this builder made (partial images' too).
    pub(crate) fn result(
        mut self,
        decoded: &DecodedResponse,
        sink: &mut BlobSink,
        extras: &ResultExtras<'_>,
    ) -> Result<JsValue, JsValue> {
        let images = Array::new();
        for entry in &decoded.images {
            let image = match &entry.decoded {
                Some(found) => self.decoded_image(found, entry.revised_prompt.as_deref(), sink)?,
                None => {
                    let image = Object::new();
                    set(&image, "url", &opt_str(entry.url.as_deref()));
                    set(&image, "revisedPrompt", &opt_str(entry.revised_prompt.as_deref()));
                    image
                }
            };
            images.push(&image);
        }
        let result = Object::new();
        set(&result, "images", &images);
        set(
            &result,
            "created",
            &decoded.created.map_or(JsValue::UNDEFINED, |c| JsValue::from(c as f64)),
        );
        set(
            &result,
            "usage",
            &decoded.usage.as_ref().map_or(JsValue::UNDEFINED, js_from_json),
        );
        set(&result, "size", &opt_str(decoded.size.as_deref()));
        set(&result, "quality", &opt_str(decoded.quality.as_deref()));
        set(&result, "output_format", &opt_str(decoded.output_format.as_deref()));
        set(&result, "background", &opt_str(decoded.background.as_deref()));
        set(&result, "requestID", &opt_str(extras.request_id));
        set(&result, "warnings", &issues_to_js(extras.warnings));
        set(
            &result,
            "cost",
            &extras
                .cost
                .as_ref()
                .map_or(JsValue::UNDEFINED, |cost| js_from_json(&cost.to_json())),
        );
        set(&result, "revoke", &self.revoke_function());
        Ok(result.into())
    }

    fn revoke_function(self) -> JsValue {
        let weak = Rc::downgrade(&self.registry);
        let urls = self.urls;
        Closure::<dyn FnMut()>::new(move || match weak.upgrade() {
            Some(registry) => registry.borrow_mut().revoke(&urls),
            None => urls.iter().for_each(|u| {
                let _ = Url::revoke_object_url(u);
            }),
        })
        .into_js_value()
    }
}
