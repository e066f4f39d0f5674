//! The response decoder's vector paths (wasm `simd128`) held to the scalar reference in the
//! browser, where they run: base64 against the base64 crate for every byte value in every lane and
//! every length and padding; whole responses against serde_json + the base64 crate at every split
//! offset; and a 40 MB response through real `fetch`, with wasm memory bounded and every byte checked.
#![cfg(target_arch = "wasm32")]

mod support;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, STANDARD_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::{DecodeError, DecodeSliceError, Engine};
use imagegen_wasm::bindings::ImagesClient;
use imagegen_wasm::core::response::base64_scalar::Fault;
use imagegen_wasm::core::response::base64_stream::{decode_quads, Base64Stream};
use imagegen_wasm::core::response::decoder::{ImageSink, ResponseDecoder};
use serde_json::{json, Value};
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The rules the library's scalar path follows: standard alphabet, padding optional.
const REFERENCE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// `decode_quads` and the crate on the same characters: the same bytes, or the same error.
fn assert_same_as_crate(chars: &[u8]) {
    let room = chars.len().div_ceil(4) * 3;
    let (mut ours, mut theirs) = (vec![0u8; room], vec![0u8; room]);
    let got = decode_quads(chars, &mut ours).map(|n| ours[..n].to_vec());
    let want = REFERENCE
        .decode_slice(chars, &mut theirs)
        .map(|n| theirs[..n].to_vec())
        .map_err(|e| match e {
            DecodeSliceError::DecodeError(DecodeError::InvalidByte(at, byte)) => Fault::InvalidByte(at, byte),
            DecodeSliceError::DecodeError(DecodeError::InvalidLength(at)) => Fault::InvalidLength(at),
            DecodeSliceError::DecodeError(DecodeError::InvalidLastSymbol(at, byte)) => {
                Fault::InvalidLastSymbol(at, byte)
            }
            other => panic!("the crate failed in a way the decoder has no fault for: {other:?}"),
        });
    assert_eq!(got, want, "for {:?}", String::from_utf8_lossy(chars));
}

#[wasm_bindgen_test]
#[allow(clippy::assertions_on_constants)] // true or false per build: that is the point
fn the_vector_decoder_was_built_in() {
    // Without simd128 the comparisons below would test only the scalar path, not the vector one.
    assert!(
        cfg!(target_feature = "simd128"),
        "built without simd128 (.cargo/config.toml sets it)"
    );
}

#[wasm_bindgen_test]
fn every_byte_in_every_lane_decodes_or_fails_as_the_crate_says() {
    let clean = STANDARD.encode(noise(48, 7)).into_bytes(); // 64 symbols, no padding
    for lane in 0..clean.len() {
        for byte in 0..=255u8 {
            let mut chars = clean.clone();
            chars[lane] = byte;
            assert_same_as_crate(&chars);
        }
    }
}

#[wasm_bindgen_test]
fn every_length_and_padding_decodes_as_the_crate_does() {
    for len in (0..400).chain([4095, 4096, 4097, 65535, 65536, 65537, 1 << 20]) {
        let bytes = noise(len, len as u32 + 1);
        for text in [STANDARD.encode(&bytes), STANDARD_NO_PAD.encode(&bytes)] {
            assert_same_as_crate(text.as_bytes());
            // And fed through the streaming decoder in uneven pieces.
            let mut stream = Base64Stream::new();
            let mut out = Vec::new();
            for piece in text.as_bytes().chunks(1 + len % 37) {
                stream.push(piece, &mut out).unwrap();
            }
            stream.finish(&mut out).unwrap();
            assert!(out == bytes, "{len} bytes came back different");
        }
    }
}

/// Collects each image's parts.
#[derive(Default)]
struct Images(Vec<Vec<u8>>);

impl ImageSink for Images {
    fn image_part(&mut self, index: usize, part: &[u8]) {
        if self.0.len() <= index {
            self.0.resize(index + 1, Vec::new());
        }
        self.0[index].extend_from_slice(part);
    }
}

fn decode_in_chunks(body: &[u8], chunks: impl Iterator<Item = usize>) -> Vec<Vec<u8>> {
    let mut decoder = ResponseDecoder::new();
    let mut sink = Images::default();
    let mut rest = body;
    for size in chunks {
        let (head, tail) = rest.split_at(size.min(rest.len()));
        decoder.feed(head, &mut sink).unwrap();
        rest = tail;
    }
    decoder.feed(rest, &mut sink).unwrap();
    decoder.finish().unwrap();
    sink.0
}

/// serde_json + the base64 crate: what every `b64_json` in `body` holds.
fn reference_images(body: &[u8]) -> Vec<Vec<u8>> {
    let json: Value = serde_json::from_slice(body).unwrap();
    json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| REFERENCE.decode(d["b64_json"].as_str().unwrap()).unwrap())
        .collect()
}

/// A response with one image per length; `escape` writes every '/' as JSON's `\/`.
fn response(lengths: &[usize], escape: bool, pad: bool) -> Vec<u8> {
    let data: Vec<String> = lengths
        .iter()
        .enumerate()
        .map(|(i, &len)| {
            let bytes = noise(len, 99 + i as u32);
            let text = if pad {
                STANDARD.encode(bytes)
            } else {
                STANDARD_NO_PAD.encode(bytes)
            };
            let text = if escape { text.replace('/', "\\/") } else { text };
            format!("{{\"revised_prompt\":\"p\\\"/{i}\",\"b64_json\":\"{text}\"}}")
        })
        .collect();
    format!(
        "{{\"created\":1,\"data\":[{}],\"usage\":{{\"total_tokens\":3}}}}",
        data.join(",")
    )
    .into_bytes()
}

#[wasm_bindgen_test]
fn responses_split_at_every_offset_decode_to_the_reference_bytes() {
    for (escape, pad) in [(false, true), (true, true), (false, false), (true, false)] {
        let body = response(&[1, 2, 3, 47, 48, 100], escape, pad);
        let want = reference_images(&body);
        for split in 0..=body.len() {
            let got = decode_in_chunks(&body, [split].into_iter());
            assert!(got == want, "split at {split} (escape {escape}, pad {pad})");
        }
    }
}

#[wasm_bindgen_test]
fn multi_megabyte_values_in_any_chunking_decode_to_the_reference_bytes() {
    for (escape, pad) in [(false, true), (true, false)] {
        let body = response(&[3 << 20, (1 << 20) + 1, 65536 + 2], escape, pad);
        let want = reference_images(&body);
        for sizes in [vec![1 << 16], vec![1 << 20], vec![17, 4093, 65521, 7]] {
            let got = decode_in_chunks(&body, sizes.iter().copied().cycle().take(body.len()));
            assert!(got == want, "chunks of {sizes:?} (escape {escape}, pad {pad})");
        }
    }
}

#[wasm_bindgen_test]
async fn a_40_mb_response_keeps_wasm_memory_bounded_and_every_byte() {
    let s = session("decoder-40mb");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    // Warm up: the first call grows memory for buffers every call reuses.
    generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED)
        .await
        .unwrap();
    // Ten ~3 MB noise images (incompressible, like real ones; lengths 0, 1, 2 mod 3), one with its
    // '/' escaped as `\/` and one unpadded.
    let hashes = script_noise_images(&s, 10, 3_000_000, true).await;
    let body_bytes = get(&hashes, "bodyBytes").as_f64().unwrap();
    assert!(body_bytes > 40e6, "the body is only {body_bytes} bytes");

    let before = wasm_memory_bytes();
    let result = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "n": 10 }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap();
    let growth = wasm_memory_bytes() - before;
    console_log!("a {body_bytes}-byte response: wasm memory {before} bytes before, grew by {growth}");
    assert!(growth <= 3 << 20, "wasm memory grew by {growth} bytes");

    let want: js_sys::Array = get(&hashes, "images").into();
    assert_eq!(want.length(), 10);
    assert_images_are(&result, &want).await;
}

/// Scripts a response of `count` noise images of `bytes + i` bytes each (incompressible, like real
/// ones), built and hashed in JS so that none of it passes through wasm memory except by the library;
/// with `odd_forms`, image 3 has its '/' escaped as `\/` and image 4 is unpadded. Returns
/// `{ images: [SHA-256 hex], bodyBytes }`.
async fn script_noise_images(session: &str, count: u32, bytes: u32, odd_forms: bool) -> JsValue {
    run_js(
        "control, count, size, oddForms",
        "const images = [], parts = [];
         for (let i = 0; i < count; i++) {
           const bytes = new Uint8Array(size + i);
           let x = 88172645 + i;
           for (let j = 0; j < bytes.length; j++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; bytes[j] = x >>> 24; }
           let text = '';
           for (let j = 0; j < bytes.length; j += 3 << 12) text += btoa(String.fromCharCode(...bytes.subarray(j, j + (3 << 12))));
           if (oddForms && i === 3) text = text.replaceAll('/', '\\\\/');
           if (oddForms && i === 4) text = text.replace(/=+$/, '');
           parts.push(`{\"b64_json\":\"${text}\"}`);
           const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
           images.push(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''));
         }
         const body = `{\"created\":1,\"data\":[${parts.join(',')}]}`;
         const res = await fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' },
           body: JSON.stringify({ steps: [{ fault: 'raw', status: 200, headers: { 'content-type': 'application/json' }, body }] }) });
         if (!res.ok) throw new Error('scripting failed: ' + res.status + ' ' + await res.text());
         return { images, bodyBytes: body.length };",
        &[
            format!("{FAKE_API}/__control/sessions/{session}/script").into(),
            count.into(),
            bytes.into(),
            odd_forms.into(),
        ],
    )
    .await
}

/// Base64 as other JSON writers put it, through real `fetch`: .NET's `System.Text.Json` writes '+'
/// as `\u002B`, Gson '=' as `\u003d`, and some escape every '/' as `\u002F` or wrap lines with
/// tabs. The Blobs hold what `JSON.parse` + `atob` read in the same browser (which are the source
/// bytes). These responses failed as "unsupported escape".
#[wasm_bindgen_test]
async fn base64_escaped_by_other_json_writers_decodes_as_json_parse_reads_it() {
    let s = session("decoder-escapes");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let scripted = run_js(
        "",
        "const forms = [
           (t) => t.replaceAll('+', '\\\\u002B'),
           (t) => t.replaceAll('+', '\\\\u002b').replaceAll('=', '\\\\u003d').replaceAll('/', '\\\\u002F'),
           (t) => t.match(/.{1,76}/g).join('\\\\r\\\\n').replaceAll('A', '\\\\u0041'),
           (t) => t.match(/.{1,64}/g).join('\\\\t\\\\n'),
         ];
         const digest = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)),
           (b) => b.toString(16).padStart(2, '0')).join('');
         const images = [], parts = [];
         for (const [i, form] of forms.entries()) {
           const bytes = crypto.getRandomValues(new Uint8Array(20000 + i));
           images.push(await digest(bytes));
           parts.push(`{\"b64_json\":\"${form(btoa(String.fromCharCode(...bytes)))}\"}`);
         }
         const body = `{\"created\":1,\"data\":[${parts.join(',')}]}`;
         const parsed = [];
         for (const d of JSON.parse(body).data) parsed.push(await digest(Uint8Array.from(atob(d.b64_json), (ch) => ch.charCodeAt(0))));
         return { body, images, parsed, escapes: (body.match(/\\\\u00/g) ?? []).length };",
        &[],
    )
    .await;
    script(&s, raw_json(&get_str(&scripted, "body").unwrap())).await;
    let want: js_sys::Array = get(&scripted, "images").into();
    assert_eq!(
        to_json(&get(&scripted, "parsed")),
        to_json(&want),
        "JSON.parse + atob read the source bytes"
    );
    assert!(
        get(&scripted, "escapes").as_f64().unwrap() > 100.0,
        "{:?}",
        to_json(&scripted)
    );
    let result = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "n": 4 }),
        JsValue::UNDEFINED,
    )
    .await
    .unwrap_or_else(|e| panic!("{:?}", to_json(&e)));
    assert_images_are(&result, &want).await;
}

/// A body that starts with a UTF-8 BOM (.NET's `Encoding.UTF8` writes one), through real `fetch`:
/// the engine's own `Response.json()` reads it, and so does the library. It failed as "not an
/// images response".
#[wasm_bindgen_test]
async fn a_body_after_a_byte_order_mark_decodes_as_response_json_reads_it() {
    let s = session("decoder-bom");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let scripted = run_js(
        "",
        "const bytes = crypto.getRandomValues(new Uint8Array(3000));
         const body = '\\uFEFF' + JSON.stringify({ created: 1, data: [{ b64_json: btoa(String.fromCharCode(...bytes)) }] });
         const json = await new Response(new TextEncoder().encode(body)).json();
         const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)),
           (b) => b.toString(16).padStart(2, '0')).join('');
         return { body, images: [digest], jsonReads: json.data.length };",
        &[],
    )
    .await;
    assert_eq!(
        get(&scripted, "jsonReads").as_f64(),
        Some(1.0),
        "Response.json() reads it"
    );
    let steps = raw_json(&get_str(&scripted, "body").unwrap());
    // What the fake API sends starts with the BOM's bytes.
    script(&s, steps.clone()).await;
    let starts = run_js(
        "url",
        "const raw = new Uint8Array(await (await fetch(url, { method: 'POST', body: '{}' })).arrayBuffer());
         return Array.from(raw.subarray(0, 3));",
        &[format!("{}/v1/images/generations", base(&s)).into()],
    )
    .await;
    assert_eq!(
        to_json(&starts),
        json!([0xEF, 0xBB, 0xBF]),
        "the body starts with a BOM"
    );
    script(&s, steps).await;
    let result = generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED)
        .await
        .unwrap_or_else(|e| panic!("{:?}", to_json(&e)));
    assert_images_are(&result, &get(&scripted, "images").into()).await;
}

/// The script of one 200 response with this JSON body, as it is.
fn raw_json(body: &str) -> Value {
    json!([{ "fault": "raw", "status": 200, "headers": { "content-type": "application/json" }, "body": body }])
}

/// The digests a scripted response's images must have.
async fn noise_images(session: &str, count: u32, bytes: u32) -> js_sys::Array {
    get(&script_noise_images(session, count, bytes, false).await, "images").into()
}

async fn assert_images_are(result: &JsValue, want: &js_sys::Array) {
    let images: js_sys::Array = get(result, "images").into();
    assert_eq!(images.length(), want.length());
    for (i, image) in images.iter().enumerate() {
        assert_eq!(
            Some(sha256(&get(&image, "blob")).await),
            want.get(i as u32).as_string(),
            "image {i}"
        );
    }
    run_js("r", "r.revoke();", std::slice::from_ref(result)).await;
}

#[wasm_bindgen_test]
async fn bodies_are_read_into_one_reused_buffer_where_the_engine_can() {
    let s = session("decoder-byob");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let scripted = script_noise_images(&s, 3, 1_500_000, false).await;
    let body_bytes = get(&scripted, "bodyBytes").as_f64().unwrap();
    let want: js_sys::Array = get(&scripted, "images").into();
    // Whether this engine's fetch bodies are byte streams, asked of a plain fetch; and a spy on what
    // the library asks for and hands over.
    let spy = run_js(
        "url",
        "const spy = { byteStreams: false, modes: [], reads: 0, reused: 0, fresh: 0, viewBytes: [] };
         const probe = await fetch(url);
         try { probe.body.getReader({ mode: 'byob' }).cancel(); spy.byteStreams = true; } catch {}
         const getReader = ReadableStream.prototype.getReader;
         spy.restore = () => { ReadableStream.prototype.getReader = getReader; };
         ReadableStream.prototype.getReader = function (options) {
           spy.modes.push(options?.mode ?? 'default');
           const reader = getReader.call(this, options);
           if (options?.mode === 'byob') {
             let last = null;
             const read = reader.read.bind(reader);
             reader.read = (view) => {
               spy.reads++;
               if (!spy.viewBytes.includes(view.byteLength)) spy.viewBytes.push(view.byteLength);
               if (last && view.buffer === last) spy.reused++; else spy.fresh++;
               return read(view).then((r) => { last = r.value?.buffer ?? null; return r; });
             };
           }
           return reader;
         };
         return spy;",
        &[format!("{FAKE_API}/__control/health").into()],
    )
    .await;
    let result = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "n": 3 }),
        JsValue::UNDEFINED,
    )
    .await;
    run_js("spy", "spy.restore();", std::slice::from_ref(&spy)).await;
    let spy_json = to_json(&spy);
    console_log!("body reading: {spy_json}");
    if spy_json["byteStreams"] == true {
        assert_eq!(spy_json["modes"], json!(["byob"]), "{spy_json}");
        // ~6 MB of base64 in views of a 16th of the body: many reads, one buffer handed round.
        assert_eq!(spy_json["viewBytes"], json!([(body_bytes / 16.0) as u64]), "{spy_json}");
        let reads = spy_json["reads"].as_u64().unwrap();
        assert!(reads >= 16, "{spy_json}");
        assert_eq!(
            (spy_json["fresh"].as_u64(), spy_json["reused"].as_u64()),
            (Some(1), Some(reads - 1)),
            "{spy_json}"
        );
    } else {
        assert_eq!(spy_json["modes"], json!(["byob", "default"]), "{spy_json}");
    }
    assert_images_are(&result.unwrap(), &want).await;

    // An engine (or a polyfilled stream) without byte streams: the default reader, same bytes.
    let want = noise_images(&s, 2, 700_000).await;
    let restore = run_js(
        "",
        "const getReader = ReadableStream.prototype.getReader;
         ReadableStream.prototype.getReader = function (options) {
           if (options?.mode === 'byob') throw new TypeError('not a byte stream');
           return getReader.call(this, options);
         };
         return () => { ReadableStream.prototype.getReader = getReader; };",
        &[],
    )
    .await;
    let result = generate(
        &c,
        json!({ "model": "gpt-image-2", "prompt": "p", "n": 2 }),
        JsValue::UNDEFINED,
    )
    .await;
    restore
        .unchecked_ref::<js_sys::Function>()
        .call0(&JsValue::NULL)
        .unwrap();
    assert_images_are(&result.unwrap(), &want).await;
}

#[wasm_bindgen_test]
async fn an_image_folded_into_blobs_on_the_way_is_whole() {
    // 9 MB: its parts (512 KiB each) fill the sink's 4 MiB stage twice, and each time the stage is
    // folded into the image's Blob so far, before the last bytes end it.
    let s = session("decoder-fold");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let want = noise_images(&s, 1, 9_000_000).await;
    let result = generate(&c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED).await;
    assert_images_are(&result.unwrap(), &want).await;
}

/// Replaces `fetch` with one whose bodies are handed over `chunk` bytes every `delay_ms` (the same
/// bytes and headers, but a `content-length` of `length` when given), and spies on the Blobs made:
/// `{ blobs: [bytes each copied, its Blob parts not counted], largest: the largest Uint8Array made
/// by length, restore() }`.
async fn pace_bodies_and_spy_on_blobs(chunk: u32, delay_ms: u32, length: Option<&str>) -> JsValue {
    run_js(
        "chunk, delayMs, length",
        "const nativeFetch = fetch, NativeBlob = Blob, NativeArray = Uint8Array, spy = { blobs: [], largest: 0 };
         globalThis.fetch = async (...args) => {
           const real = await nativeFetch(...args);
           const body = new NativeArray(await real.arrayBuffer());
           // Pushed on a timer whatever the reader does, as a network would: a slow reader finds
           // chunks waiting, a fast one waits for them.
           let cancelled = false;
           const paced = new ReadableStream({ start(controller) {
             let at = 0;
             const push = () => {
               if (cancelled) return;
               if (at >= body.length) return controller.close();
               controller.enqueue(body.slice(at, at + chunk));
               at += chunk;
               setTimeout(push, delayMs);
             };
             push();
           }, cancel() { cancelled = true; spy.cancelled = true; } });
           const headers = new Headers(real.headers);
           if (length !== undefined) headers.set('content-length', length);
           return new Response(paced, { status: real.status, headers });
         };
         globalThis.Blob = new Proxy(NativeBlob, { construct(target, args) {
           spy.blobs.push([...args[0]].reduce((n, part) => n + (part instanceof NativeBlob ? 0 : part.byteLength), 0));
           return Reflect.construct(target, args);
         } });
         globalThis.Uint8Array = new Proxy(NativeArray, { construct(target, args) {
           if (typeof args[0] === 'number') spy.largest = Math.max(spy.largest, args[0]);
           return Reflect.construct(target, args);
         } });
         spy.restore = () => { globalThis.fetch = nativeFetch; globalThis.Blob = NativeBlob; globalThis.Uint8Array = NativeArray; };
         return spy;",
        &[chunk.into(), delay_ms.into(), length.map_or(JsValue::UNDEFINED, JsValue::from)],
    )
    .await
}

/// Generates one image through `pace_bodies_and_spy_on_blobs`; returns the result and the spy.
async fn generate_paced(c: &ImagesClient, chunk: u32, delay_ms: u32, length: Option<&str>) -> (JsValue, Value) {
    let (result, spied) = try_generate_paced(c, chunk, delay_ms, length).await;
    (result.unwrap(), spied)
}

async fn try_generate_paced(
    c: &ImagesClient,
    chunk: u32,
    delay_ms: u32,
    length: Option<&str>,
) -> (Result<JsValue, JsValue>, Value) {
    let spy = pace_bodies_and_spy_on_blobs(chunk, delay_ms, length).await;
    let result = generate(c, json!({ "model": "gpt-image-2", "prompt": "p" }), JsValue::UNDEFINED).await;
    run_js("spy", "spy.restore();", std::slice::from_ref(&spy)).await;
    let spied = to_json(&spy);
    console_log!("Blobs made (bytes each copied) and the largest Uint8Array: {spied}");
    (result, spied)
}

#[wasm_bindgen_test]
async fn one_image_stages_less_than_its_own_size() {
    // 3 MB in six parts, its body there at once: the sink sizes its stage from the body's length
    // (an image is at most 3/4 of it, its last part never staged), so the JS heap holds less than
    // the image on the way, not a 4 MiB stage, and the image is still made in one Blob.
    let s = session("decoder-stage-size");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let want = noise_images(&s, 1, 3_000_000).await;
    let (result, spied) = generate_paced(&c, u32::MAX, 0, None).await;
    let largest = spied["largest"].as_u64().unwrap();
    assert!(largest > 2_000_000 && largest < 3_000_000, "{spied}");
    assert_eq!(spied["blobs"], json!([3_000_000]), "{spied}");
    assert_images_are(&result, &want).await;
}

#[wasm_bindgen_test]
async fn a_body_slower_than_its_decoding_is_folded_into_blobs_while_it_arrives() {
    // The same image, its body handed over 64 KiB every 10 ms (a slow link): while reads wait on
    // the network, the staged parts are folded into the image's Blob, so the Blob made after the
    // last byte copies only the last part, not the whole image.
    let s = session("decoder-slow-body");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    let want = noise_images(&s, 1, 3_000_000).await;
    let (result, spied) = generate_paced(&c, 64 << 10, 10, None).await;
    let copied: Vec<u64> = serde_json::from_value(spied["blobs"].clone()).unwrap();
    assert!(copied.len() > 2, "{spied}");
    assert!(*copied.last().unwrap() <= 512 << 10, "{spied}");
    assert_eq!(copied.iter().sum::<u64>(), 3_000_000, "{spied}");
    assert_images_are(&result, &want).await;
}

#[wasm_bindgen_test]
async fn a_timeout_while_a_slow_body_is_being_folded_ends_the_call_cleanly() {
    // The timeout fires after some parts were folded into the image's Blob: the call fails as a
    // timeout, the body is cancelled, and the next call on the same client is whole.
    let s = session("decoder-slow-timeout");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)), "timeout": 600, "maxRetries": 0 }));
    noise_images(&s, 1, 3_000_000).await;
    let (result, spied) = try_generate_paced(&c, 32 << 10, 10, None).await;
    let error = result.unwrap_err();
    assert_eq!(
        get_str(&error, "name").as_deref(),
        Some("APIConnectionTimeoutError"),
        "{:?}",
        to_json(&error)
    );
    assert!(
        spied["blobs"].as_array().is_some_and(|b| !b.is_empty()),
        "nothing was folded before the timeout: {spied}"
    );
    assert_eq!(spied["cancelled"], true, "{spied}");
    let want = noise_images(&s, 1, 3_000_000).await;
    let (result, _) = generate_paced(&c, u32::MAX, 0, None).await;
    assert_images_are(&result, &want).await;
}

#[wasm_bindgen_test]
async fn a_wrong_content_length_only_changes_how_the_bytes_are_gathered() {
    // A compressed body's length is of its encoded bytes, and a proxy's may be anything: the stage
    // and the read view are sized from it, never the image. Far too small: one-part stage and
    // 64 KiB views, many Blobs, the same bytes. Far too large: at most 4 MiB and 1 MiB.
    let s = session("decoder-wrong-length");
    let c = client(json!({ "apiKey": "k", "baseURL": format!("{}/v1", base(&s)) }));
    for (length, blobs) in [("1000", 5), ("1000000000000", 1), ("not a number", 1)] {
        let want = noise_images(&s, 1, 3_000_000).await;
        let (result, spied) = generate_paced(&c, u32::MAX, 0, Some(length)).await;
        assert_eq!(
            spied["blobs"].as_array().map(Vec::len),
            Some(blobs),
            "content-length {length}: {spied}"
        );
        assert!(
            spied["largest"].as_u64().unwrap() <= 4 << 20,
            "content-length {length}: {spied}"
        );
        assert_images_are(&result, &want).await;
    }
}
