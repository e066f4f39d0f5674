//! The image header probe, every format, fed three ways, against real decoders.
//!
//! - Sequential pushes at fuzzer-chosen offsets (and byte by byte) give what `probe` gives.
//! - Random access (`wanted` / `push_at`, with 0, 1, 7 or 4096 extra bytes per read) asks for
//!   small non-empty ranges, finishes in bounded reads, and agrees too (for GIF the frame count
//!   and alpha may stay unknown: that walk is step-limited by random access only).
//! - Differential: when the `image` crate decodes the file (PNG, JPEG, WebP, GIF, BMP), the probe
//!   names the same format and any width/height it reports equal the decoder's. For SVG, when
//!   roxmltree parses the text and its root is `svg`, the probe says SVG and its size equals the
//!   probe's size of a minimal `<svg>` carrying the same `width`, `height` and `viewBox` values.
#![no_main]

use std::io::Cursor;

use imagegen_wasm::core::media::probe::{probe, ImageFormat, ImageInfo, ImageProbe, WINDOW_CAP};
use imagegen_wasm_fuzz::{split_input, Feed};
use libfuzzer_sys::fuzz_target;

fn by_ranges(file: &[u8], extra: u64) -> Option<ImageInfo> {
    let mut probe = ImageProbe::new();
    let mut reads = 0;
    while let Some(range) = probe.wanted() {
        assert!(range.start < range.end, "empty range {range:?}");
        assert!(range.end - range.start <= WINDOW_CAP as u64, "range {range:?} too large");
        reads += 1;
        assert!(reads <= 1000, "the probe never finished");
        let len = file.len() as u64;
        let (start, end) = (range.start.min(len), range.end.saturating_add(extra).min(len));
        probe.push_at(range.start, &file[start as usize..end as usize]);
        if end < range.end {
            probe.finish();
        }
    }
    assert!(probe.is_done());
    probe.info()
}

fn sequential(chunks: &[&[u8]]) -> Option<ImageInfo> {
    let mut probe = ImageProbe::new();
    for chunk in chunks {
        probe.push(chunk);
    }
    let done = probe.is_done();
    let before = probe.info();
    probe.finish();
    if done {
        assert_eq!(probe.info(), before, "finish changed a finished probe");
    }
    probe.info()
}

fn image_format(format: image::ImageFormat) -> Option<ImageFormat> {
    Some(match format {
        image::ImageFormat::Png => ImageFormat::Png,
        image::ImageFormat::Jpeg => ImageFormat::Jpeg,
        image::ImageFormat::WebP => ImageFormat::Webp,
        image::ImageFormat::Gif => ImageFormat::Gif,
        image::ImageFormat::Bmp => ImageFormat::Bmp,
        _ => return None,
    })
}

/// What a real decoder reads, when it decodes the whole file.
fn decoded(file: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    let mut reader = image::ImageReader::new(Cursor::new(file)).with_guessed_format().ok()?;
    let format = image_format(reader.format()?)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(4096);
    limits.max_image_height = Some(4096);
    limits.max_alloc = Some(64 << 20);
    reader.limits(limits);
    let image = reader.decode().ok()?;
    Some((format, image.width(), image.height()))
}

/// SOFn markers before SOS, or `None` when the segments do not chain cleanly up to SOS. Such a
/// JPEG is corrupt (libjpeg refuses two SOFs); zune-jpeg resyncs past garbage and decodes with a
/// frame header it supports, the probe stops or reads the first: there is no reference answer.
fn jpeg_frame_headers(file: &[u8]) -> Option<usize> {
    let (mut at, mut count) = (2, 0);
    loop {
        let (Some(0xFF), Some(&marker)) = (file.get(at), file.get(at + 1)) else { return None };
        match marker {
            0xFF => at += 1,
            0xD0..=0xD8 | 0x01 => at += 2,
            0xDA => return Some(count),
            0xD9 | 0x00 => return None,
            _ => {
                let len = file.get(at + 2..at + 4)?;
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    count += 1;
                }
                at += 2 + usize::from(u16::from_be_bytes([len[0], len[1]]));
            }
        }
    }
}

/// Whether a PNG's `PLTE` chunk is not whole RGB triples. Such a file is corrupt, and png 0.18.1
/// panics expanding it when a `tRNS` follows (an index out of bounds in `transform/palette.rs`):
/// the reference cannot answer, and its panic would abort the run.
fn png_palette_is_ragged(file: &[u8]) -> bool {
    let mut at = 8;
    while let (Some(len), Some(kind)) = (file.get(at..at + 4), file.get(at + 4..at + 8)) {
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        if kind == b"PLTE" {
            return len % 3 != 0;
        }
        at = at.saturating_add(12).saturating_add(len);
    }
    false
}

fn check_decoder(file: &[u8], info: Option<ImageInfo>) {
    if file.starts_with(b"\x89PNG\r\n\x1a\n") && png_palette_is_ragged(file) {
        return;
    }
    let Some((format, width, height)) = decoded(file) else { return };
    if format == ImageFormat::Jpeg && jpeg_frame_headers(file) != Some(1) {
        return;
    }
    let info = info.unwrap_or_else(|| panic!("image decodes a {format:?} the probe does not recognise"));
    assert_eq!(info.format, format);
    if let Some(w) = info.width {
        assert_eq!(w, width, "width of a {format:?}");
    }
    if let Some(h) = info.height {
        assert_eq!(h, height, "height of a {format:?}");
    }
}

fn check_svg(file: &[u8], info: Option<ImageInfo>) {
    // Below both scan limits; entity and character references are decoded by XML only.
    if file.len() >= 4000 || file.contains(&b'&') {
        return;
    }
    let Ok(text) = std::str::from_utf8(file) else { return };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else { return };
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return;
    }
    // A processing instruction ends at its first `?>` (XML 1.0 §2.6); roxmltree reads the XML
    // declaration's quoted values past one (`encoding="UTF-?>8"`, an invalid name anyway), the
    // scanner does not: no reference answer for such a prolog.
    let prolog = &text[..root.range().start.min(text.len())];
    let quotes_across_pi_end = prolog.split("<?").skip(1).any(|pi| {
        let body = pi.split("?>").next().unwrap_or_default();
        body.matches('"').count() % 2 == 1 || body.matches('\'').count() % 2 == 1
    });
    if quotes_across_pi_end {
        return;
    }
    let info = info.unwrap_or_else(|| panic!("XML with an svg root is not recognised: {text:?}"));
    assert_eq!(info.format, ImageFormat::Svg, "{text:?}");
    // roxmltree reads an attribute `:height` as `height` with no namespace; an empty prefix is not
    // a name in XML namespaces, and browsers refuse such a document: no reference size for it.
    if root.attributes().any(|a| text.get(a.range_qname()).is_some_and(|q| q.starts_with(':'))) {
        return;
    }
    let mut minimal = String::from("<svg");
    for name in ["width", "height", "viewBox"] {
        let attr = root.attributes().find(|a| a.namespace().is_none() && a.name() == name);
        if let Some(attr) = attr {
            let quote = if attr.value().contains('"') { '\'' } else { '"' };
            minimal.push_str(&format!(" {name}={quote}{}{quote}", attr.value()));
        }
    }
    minimal.push('>');
    let expected = probe(minimal.as_bytes()).expect("a minimal svg is recognised");
    assert_eq!(
        (info.width, info.height),
        (expected.width, expected.height),
        "{text:?} sized unlike {minimal:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let (feed, file) = split_input(data);
    let whole = probe(file);
    assert_eq!(sequential(&feed.chunks(file)), whole, "split pushes");
    if file.len() <= 2048 {
        let bytewise = Feed { bytewise: true, ..Feed::default() };
        assert_eq!(sequential(&bytewise.chunks(file)), whole, "byte by byte");
    }
    let extra = [0, 1, 7, 4096][usize::from(feed.flags & 3)];
    let ranged = by_ranges(file, extra);
    match (ranged, whole) {
        (Some(r), Some(w)) if w.format == ImageFormat::Gif => {
            assert_eq!((r.format, r.width, r.height, r.has_c2pa), (w.format, w.width, w.height, w.has_c2pa));
            assert!(r.frames.is_none() || r.frames == w.frames, "{r:?} vs {w:?}");
            assert!(r.has_alpha.is_none() || r.has_alpha == w.has_alpha, "{r:?} vs {w:?}");
        }
        (r, w) => assert_eq!(r, w, "random access, {extra} extra bytes"),
    }
    check_decoder(file, whole);
    check_svg(file, whole);
});
