//! Image header probing: format, dimensions, alpha, GIF frame count and C2PA presence, from
//! headers only.
//!
//! The probe never decodes pixels and never holds more than a small header window
//! ([`WINDOW_CAP`] bytes), whatever the lengths written in the file say. It walks the
//! container's chunk, segment or block headers and skips their data without reading it.
//! SVG text is the exception that proves the rule: it has no length fields to skip by, so it is
//! scanned byte by byte as it arrives (nothing buffered but one attribute value of at most 128
//! bytes), up to the end of the root `<svg>` start tag, within a 4 KiB prolog and a 4 KiB tag.
//! Feed it in one of two ways (do not mix them on one probe):
//!
//! - **Sequentially**, with [`ImageProbe::push`]: each push continues where the previous one
//!   ended, in chunks of any size. This is how a base64 image decoded from a streamed response
//!   is probed. Once the probe is done, a push costs O(1).
//! - **By random access**, for a file the user picked: read the range [`ImageProbe::wanted`]
//!   names (`Blob.slice(start, end)`), give it to [`ImageProbe::push_at`], and repeat until
//!   `wanted` is `None`. Large chunks are never read. When a read comes back short (the file
//!   ends early), call [`ImageProbe::finish`]:
//!
//! ```
//! use imagegen_wasm::core::media::probe::ImageProbe;
//!
//! # let file: Vec<u8> = Vec::new();
//! let mut probe = ImageProbe::new();
//! while let Some(range) = probe.wanted() {
//!     let (start, end) = (range.start as usize, range.end as usize);
//!     let bytes = file.get(start..end.min(file.len())).unwrap_or_default();
//!     probe.push_at(range.start, bytes);
//!     if bytes.len() < end - start {
//!         probe.finish(); // the file is shorter than its headers claim
//!     }
//! }
//! let info = probe.info();
//! ```
//!
//! A GIF's frames are counted by walking every block to the trailer, which crosses the whole
//! file. Pushed sequentially that costs nothing extra (every byte passes through anyway), so the
//! walk has no step limit there; by random access each block is a read, so it stops after 256
//! windows (`MAX_STEPS`) like every other walk, and the frame count stays unknown.
//!
//! C2PA presence follows where c2pa-rs embeds a manifest store: a PNG `caBX` chunk before
//! `IDAT`, a JPEG APP11 JUMBF segment before SOS, a WebP top-level `C2PA` chunk. Presence
//! only: signatures are not verified.

use std::ops::Range;

use super::svg::{self, SvgScanner};

/// Bytes read first: every signature, plus the first header of PNG, GIF, BMP and WebP.
const SNIFF_LEN: usize = 32;

/// The largest window any step asks for, hence the whole buffer a probe holds.
pub const WINDOW_CAP: usize = 32;

/// Header windows visited before giving up. A hostile file made of thousands of tiny chunks
/// would otherwise cost thousands of `Blob.slice` reads. Not applied to the GIF block walk of a
/// sequentially pushed image: there each window is at least one byte past the last, so the walk
/// costs at most one step per byte the caller pushes anyway, and counting every frame of a long
/// animation needs many thousands of windows (one per 255-byte data sub-block).
const MAX_STEPS: u32 = 256;

/// An image format recognised from its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Portable Network Graphics.
    Png,
    /// JPEG (JFIF, EXIF or raw JPEG).
    Jpeg,
    /// WebP, lossy or lossless, in a RIFF container.
    Webp,
    /// Graphics Interchange Format (87a or 89a).
    Gif,
    /// Windows bitmap.
    Bmp,
    /// AV1 Image File Format.
    Avif,
    /// HEIF with HEVC-coded images (what phones save as `.heic`).
    Heic,
    /// HEIF whose coding the first bytes do not reveal.
    Heif,
    /// Tagged Image File Format (either byte order).
    Tiff,
    /// JPEG XL, bare codestream or ISO BMFF container.
    JpegXl,
    /// Scalable Vector Graphics: XML text whose root element is `svg`.
    Svg,
}

impl ImageFormat {
    /// The format's MIME type, e.g. `"image/png"`: what a multipart file part must carry.
    pub fn mime_type(self) -> &'static str {
        self.labels().0
    }

    /// The usual filename extension, without the dot, e.g. `"jpg"`.
    pub fn extension(self) -> &'static str {
        self.labels().1
    }

    /// The name people use for the format, e.g. `"WebP"`, for messages such as
    /// "image\[1\] is a GIF".
    pub fn name(self) -> &'static str {
        self.labels().2
    }

    /// MIME type, extension and display name, kept together so they cannot drift apart.
    fn labels(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Png => ("image/png", "png", "PNG"),
            Self::Jpeg => ("image/jpeg", "jpg", "JPEG"),
            Self::Webp => ("image/webp", "webp", "WebP"),
            Self::Gif => ("image/gif", "gif", "GIF"),
            Self::Bmp => ("image/bmp", "bmp", "BMP"),
            Self::Avif => ("image/avif", "avif", "AVIF"),
            Self::Heic => ("image/heic", "heic", "HEIC"),
            Self::Heif => ("image/heif", "heif", "HEIF"),
            Self::Tiff => ("image/tiff", "tiff", "TIFF"),
            Self::JpegXl => ("image/jxl", "jxl", "JPEG XL"),
            Self::Svg => ("image/svg+xml", "svg", "SVG"),
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = &[0xFF, 0xD8, 0xFF];
const JXL_CODESTREAM_SIGNATURE: &[u8] = &[0xFF, 0x0A];
const JXL_CONTAINER_SIGNATURE: &[u8] = b"\0\0\0\x0cJXL \r\n\x87\n";
/// DIB header sizes a real BMP uses: "BM" alone is too weak a signature.
const BMP_DIB_HEADER_SIZES: &[u32] = &[12, 40, 52, 56, 64, 108, 124];

/// Format from the first bytes (magic numbers, or SVG markup); `None` when unknown or too short.
///
/// For binary formats 32 bytes are always enough; fewer are enough for most (8 for PNG, 3 for
/// JPEG, 12 for WebP, 18 for BMP). SVG is text without a magic number: it is recognised once
/// `head` holds the prolog (BOM, whitespace, `<?xml ...?>`, comments, doctype) and the root
/// element's name, `svg` or `prefix:svg`, through the byte that ends the name.
pub fn sniff_format(head: &[u8]) -> Option<ImageFormat> {
    sniff_signature(head).or_else(|| svg::is_svg(head).then_some(ImageFormat::Svg))
}

/// Binary formats, by magic number.
fn sniff_signature(head: &[u8]) -> Option<ImageFormat> {
    if head.starts_with(PNG_SIGNATURE) {
        Some(ImageFormat::Png)
    } else if head.starts_with(JPEG_SIGNATURE) {
        Some(ImageFormat::Jpeg)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Some(ImageFormat::Webp)
    } else if head.starts_with(b"BM") && le32(head, 14).is_some_and(|n| BMP_DIB_HEADER_SIZES.contains(&n)) {
        Some(ImageFormat::Bmp)
    } else if head.get(4..8) == Some(b"ftyp") {
        sniff_iso_brand(head)
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(ImageFormat::Tiff)
    } else if head.starts_with(JXL_CODESTREAM_SIGNATURE) || head.starts_with(JXL_CONTAINER_SIGNATURE) {
        Some(ImageFormat::JpegXl)
    } else {
        None
    }
}

/// AVIF and HEIF files start with an ISO BMFF `ftyp` box: the major brand, then compatible
/// brands. Generic HEIF files (major brand `mif1`/`msf1`) name the codec among the latter.
fn sniff_iso_brand(head: &[u8]) -> Option<ImageFormat> {
    let major = bytes_at::<4>(head, 8)?;
    if let Some(format) = brand_format(&major) {
        return Some(format);
    }
    if &major != b"mif1" && &major != b"msf1" {
        return None;
    }
    // Compatible brands follow the minor version, up to the end of the box (or of `head`).
    let box_end = usize::try_from(be32(head, 0)?).ok()?.min(head.len());
    let compatible = head.get(16..box_end).unwrap_or_default();
    let from_compatible = compatible.chunks_exact(4).find_map(brand_format);
    Some(from_compatible.unwrap_or(ImageFormat::Heif))
}

/// The image format an ISO BMFF brand stands for, if it names one.
fn brand_format(brand: &[u8]) -> Option<ImageFormat> {
    match brand {
        b"avif" | b"avis" => Some(ImageFormat::Avif),
        b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" => Some(ImageFormat::Heic),
        _ => None,
    }
}

/// What the headers of an image say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format, from the signature.
    pub format: ImageFormat,
    /// Width in pixels; `None` when not (yet) known or not read for this format.
    pub width: Option<u32>,
    /// Height in pixels; `None` when not (yet) known or not read for this format.
    pub height: Option<u32>,
    /// Whether the image carries alpha (an alpha channel or a transparency chunk);
    /// `None` when not (yet) known or not read for this format.
    pub has_alpha: Option<bool>,
    /// Whether a C2PA manifest store marker was found. `false` also when the probe did not
    /// get that far, or does not look for one in this format (only PNG, JPEG and WebP).
    pub has_c2pa: bool,
    /// How many frames (image descriptors) a GIF holds: `Some` once the block walk reached the
    /// trailer. `None` for other formats, and for a GIF that ends early, is corrupt, or has
    /// more blocks than random access reads (256 windows: the walk stops there).
    pub frames: Option<u32>,
}

/// A range of absolute file offsets the parser needs in one piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    start: u64,
    len: usize,
}

impl Window {
    fn new(start: u64, len: usize) -> Self {
        Self {
            start,
            len: len.min(WINDOW_CAP),
        }
    }

    fn end(self) -> u64 {
        self.start.saturating_add(self.len as u64)
    }
}

impl Default for Window {
    /// Every probe starts by reading the signature.
    fn default() -> Self {
        Self::new(0, SNIFF_LEN)
    }
}

/// An image header prober that is fed bytes and asks for the ranges it needs.
///
/// See the [module documentation](self) for the two ways of feeding it.
#[derive(Debug, Default)]
pub struct ImageProbe {
    parser: Parser,
    /// The window the parser needs next.
    want: Window,
    /// Bytes `buf_start..buf_start + buf_len` of the file, always contiguous.
    buf: [u8; WINDOW_CAP],
    buf_start: u64,
    buf_len: usize,
    /// Where the next [`ImageProbe::push`] starts.
    stream_end: u64,
}

impl ImageProbe {
    /// A probe that has seen no bytes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sequential push: bytes continue where the previous push ended (first push starts at offset 0).
    ///
    /// Bytes the probe does not need (chunk data, everything after the headers) are skipped
    /// without copying; after [`is_done`](Self::is_done) a push does nothing.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.is_done() {
            return;
        }
        self.parser.sequential = true;
        let offset = self.stream_end;
        self.stream_end = offset.saturating_add(bytes.len() as u64);
        self.feed(offset, bytes);
    }

    /// The absolute byte range the probe wants next; `None` once it has learnt all it can (or gave up).
    ///
    /// The range is small (at most [`WINDOW_CAP`] bytes) and may lie far beyond the last one:
    /// the bytes in between are not needed.
    pub fn wanted(&self) -> Option<Range<u64>> {
        if self.is_done() {
            return None;
        }
        Some(self.filled_end()..self.want.end())
    }

    /// Random access: give bytes starting at absolute `offset` (normally answering
    /// [`wanted`](Self::wanted); extra bytes fine).
    ///
    /// Bytes before the wanted range are ignored, as are bytes that start after it (a gap
    /// cannot be filled from them). A short answer is kept, and the rest asked for again.
    pub fn push_at(&mut self, offset: u64, bytes: &[u8]) {
        self.feed(offset, bytes);
    }

    /// Tell the probe no more bytes will come (the stream or file ended): it stops asking
    /// and [`info`](Self::info) keeps what is known.
    pub fn finish(&mut self) {
        if self.parser.stage == Stage::Sniff && self.buf_len > 0 {
            // The file is shorter than the first window: read the headers it does hold.
            self.want.len = self.buf_len;
            self.feed(self.filled_end(), &[]);
        }
        self.parser.stage = Stage::Done;
    }

    /// Whether the probe has learnt all it can, gave up, or was [`finish`](Self::finish)ed.
    pub fn is_done(&self) -> bool {
        self.parser.stage == Stage::Done
    }

    /// What is known so far; `None` when the bytes are not a recognised format.
    pub fn info(&self) -> Option<ImageInfo> {
        let format = match self.parser.stage {
            // Not enough bytes for the full first window yet: a short signature may do.
            Stage::Sniff => sniff_format(self.buffered()),
            _ => self.parser.format,
        }?;
        Some(ImageInfo {
            format,
            width: self.parser.width,
            height: self.parser.height,
            has_alpha: self.parser.has_alpha,
            has_c2pa: self.parser.has_c2pa,
            frames: self.parser.frames,
        })
    }

    fn buffered(&self) -> &[u8] {
        self.buf.get(..self.buf_len).unwrap_or_default()
    }

    /// The first absolute offset the buffer does not hold yet.
    fn filled_end(&self) -> u64 {
        self.buf_start.saturating_add(self.buf_len as u64)
    }

    /// Take `bytes` (which start at `offset`) into the wanted window; run the parser on each
    /// window that fills up.
    fn feed(&mut self, mut offset: u64, mut bytes: &[u8]) {
        while !self.is_done() {
            if self.parser.stage == Stage::Svg {
                self.feed_text(offset, bytes);
                return;
            }
            if self.buf_len < self.want.len {
                let filled_end = self.filled_end();
                // Bytes before `filled_end` are held already or skipped; bytes starting after it leave a gap.
                let Some(behind) = filled_end.checked_sub(offset) else {
                    return;
                };
                let Some(fresh) = usize::try_from(behind).ok().and_then(|n| bytes.get(n..)) else {
                    return;
                };
                let take = (self.want.len - self.buf_len).min(fresh.len());
                let Some(slot) = self.buf.get_mut(self.buf_len..self.buf_len + take) else {
                    return;
                };
                let (head, rest) = fresh.split_at(take);
                slot.copy_from_slice(head);
                self.buf_len += take;
                offset = filled_end + take as u64;
                bytes = rest;
                if self.buf_len < self.want.len {
                    return;
                }
            }
            let window = self.buf.get(..self.want.len).unwrap_or_default();
            match self.parser.step(self.want.start, window) {
                Some(next) => self.move_to(next),
                None => return,
            }
        }
    }

    /// SVG text goes straight to the scanner, however much of it there is: nothing is buffered.
    /// `want.start` is where the scan has got to.
    fn feed_text(&mut self, offset: u64, bytes: &[u8]) {
        let fresh = self
            .want
            .start
            .checked_sub(offset)
            .and_then(|behind| usize::try_from(behind).ok())
            .and_then(|behind| bytes.get(behind..));
        match fresh {
            Some(fresh) if !fresh.is_empty() => {
                if let Some(next) = self.parser.svg_text(self.want.start, fresh) {
                    self.move_to(next);
                }
            }
            _ => {}
        }
    }

    /// Make `next` the wanted window, keeping the buffered bytes it overlaps.
    fn move_to(&mut self, next: Window) {
        let overlap = next
            .start
            .checked_sub(self.buf_start)
            .and_then(|d| usize::try_from(d).ok())
            .filter(|&d| d <= self.buf_len);
        match overlap {
            Some(dropped) => {
                self.buf.copy_within(dropped..self.buf_len, 0);
                self.buf_len -= dropped;
            }
            None => self.buf_len = 0,
        }
        self.buf_start = next.start;
        self.want = next;
    }
}

/// Probe a whole in-memory image.
pub fn probe(bytes: &[u8]) -> Option<ImageInfo> {
    let mut probe = ImageProbe::new();
    probe.push(bytes);
    probe.finish();
    probe.info()
}

/// What the next window holds, with what the parser must remember to continue after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Stage {
    /// The first [`SNIFF_LEN`] bytes.
    #[default]
    Sniff,
    /// A PNG chunk header: length, type.
    PngChunk,
    /// A JPEG marker and, for segments with data, their length.
    JpegMarker,
    /// The start of a JPEG SOFn payload; `next` is the following marker.
    JpegFrame { next: u64 },
    /// The start of a JPEG APP11 payload.
    JpegApp11 { next: u64 },
    /// A RIFF chunk header in a WebP: FourCC, size.
    WebpChunk,
    /// The start of a `VP8X` chunk's data.
    WebpExtended { next: u64 },
    /// The start of a `VP8 ` (lossy) chunk's data.
    WebpLossy { next: u64 },
    /// The start of a `VP8L` (lossless) chunk's data.
    WebpLossless { next: u64 },
    /// A GIF block introducer: image descriptor, extension or trailer.
    GifBlock,
    /// A GIF image descriptor, after its introducer.
    GifImage,
    /// A GIF extension's label, first sub-block size and first data byte.
    GifExtension,
    /// A GIF data sub-block's size byte (0 ends the sequence).
    GifSubBlock,
    /// SVG text, scanned as it streams rather than window by window.
    Svg,
    /// Nothing more to read.
    Done,
}

/// The window to read next and what it holds; `None` ends the probe.
type Next = Option<(Stage, Window)>;

fn next(stage: Stage, start: u64, len: usize) -> Next {
    Some((stage, Window::new(start, len)))
}

/// The format-specific state machine, fed one complete window at a time.
///
/// Offsets stay below 2^41 (at most [`MAX_STEPS`] windows, each at most 2^32 + 12 bytes past
/// the previous one), so plain `u64` arithmetic on them cannot overflow. The GIF walk, which
/// has no step limit when pushed sequentially, uses saturating arithmetic instead.
#[derive(Debug, Default)]
struct Parser {
    stage: Stage,
    steps: u32,
    /// Fed by [`ImageProbe::push`]: every byte passes through, so a walk costs no reads.
    sequential: bool,
    format: Option<ImageFormat>,
    width: Option<u32>,
    height: Option<u32>,
    has_alpha: Option<bool>,
    has_c2pa: bool,
    /// The first frame header (JPEG SOFn, WebP VP8X/VP8/VP8L) was read: later ones do not override it.
    frame_seen: bool,
    /// PNG colour types 0, 2 and 3 have alpha only if a `tRNS` chunk comes before `IDAT`.
    png_alpha_pending: bool,
    /// Absolute offset where the WebP RIFF payload ends.
    riff_end: u64,
    /// GIF image descriptors seen so far.
    gif_frames: u32,
    /// Reported frame count: set when the GIF walk reaches the trailer.
    frames: Option<u32>,
    svg: SvgScanner,
}

const PNG_IHDR_END: u64 = 8 + 8 + 13 + 4; // signature, chunk header, IHDR data, CRC
const PNG_CHUNK_HEADER_LEN: usize = 8;
/// PNG chunk lengths are at most 2^31 - 1; anything larger is corruption.
const PNG_MAX_CHUNK_LEN: u32 = 0x7FFF_FFFF;

/// A marker (`FF xx`) and the segment length that follows when it has one.
const JPEG_MARKER_LEN: usize = 4;
/// SOFn payload read: precision (1), height (2), width (2).
const JPEG_FRAME_LEN: usize = 5;
/// APP11 payload read to tell a C2PA manifest store: see [`is_c2pa_app11`].
const JPEG_APP11_LEN: usize = 28;

const RIFF_HEADER_LEN: u64 = 12;
const RIFF_CHUNK_HEADER_LEN: usize = 8;
const VP8X_LEN: usize = 10;
const VP8_LEN: usize = 10;
const VP8L_LEN: usize = 5;

/// Signature (6), logical screen width and height (2 + 2), flags, background, aspect ratio.
const GIF_HEADER_LEN: u64 = 13;
/// An image descriptor after its introducer: left, top, width, height (2 each), flags.
const GIF_IMAGE_LEN: usize = 9;
/// An extension's label, its first sub-block size, and that sub-block's first byte (for a
/// Graphic Control Extension, the flags with the transparency bit). A valid file always has at
/// least one byte after the size byte, so this never reaches past the trailer.
const GIF_EXTENSION_LEN: usize = 3;
const GIF_IMAGE: u8 = 0x2C;
const GIF_EXTENSION: u8 = 0x21;
const GIF_TRAILER: u8 = 0x3B;
const GIF_GRAPHIC_CONTROL: u8 = 0xF9;

impl Parser {
    /// Interpret one complete window; returns the window to read next, or `None` when done.
    fn step(&mut self, start: u64, window: &[u8]) -> Option<Window> {
        self.steps = self.steps.saturating_add(1);
        let next = match self.stage {
            Stage::Sniff => self.sniff(window),
            Stage::PngChunk => self.png_chunk(start, window),
            Stage::JpegMarker => self.jpeg_marker(start, window),
            Stage::JpegFrame { next } => self.jpeg_frame(window, next),
            Stage::JpegApp11 { next } => self.jpeg_app11(window, next),
            Stage::WebpChunk => self.webp_chunk(start, window),
            Stage::WebpExtended { next } => self.webp_extended(window, next),
            Stage::WebpLossy { next } => self.webp_lossy(window, next),
            Stage::WebpLossless { next } => self.webp_lossless(window, next),
            Stage::GifBlock => self.gif_block(start, window),
            Stage::GifImage => self.gif_image(start, window),
            Stage::GifExtension => self.gif_extension(start, window),
            Stage::GifSubBlock => self.gif_sub_block(start, window),
            Stage::Svg => self.svg_scan(start, window),
            Stage::Done => None,
        };
        match next {
            Some((stage, window)) if self.within_step_limit() && !self.knows_everything() => {
                self.stage = stage;
                Some(window)
            }
            _ => {
                self.stage = Stage::Done;
                None
            }
        }
    }

    /// See [`MAX_STEPS`] for why a sequential GIF walk is exempt.
    fn within_step_limit(&self) -> bool {
        let unlimited = self.sequential && self.format == Some(ImageFormat::Gif);
        unlimited || self.steps < MAX_STEPS
    }

    /// Nothing left to learn, so there is no reason to read on.
    fn knows_everything(&self) -> bool {
        self.width.is_some() && self.height.is_some() && self.has_alpha.is_some() && self.has_c2pa
    }

    fn sniff(&mut self, window: &[u8]) -> Next {
        let Some(format) = sniff_signature(window) else {
            return self.svg_scan(0, window);
        };
        self.format = Some(format);
        match format {
            ImageFormat::Png => self.png_header(window),
            ImageFormat::Jpeg => next(Stage::JpegMarker, 2, JPEG_MARKER_LEN),
            ImageFormat::Webp => self.webp_header(window),
            ImageFormat::Gif => self.gif_header(window),
            ImageFormat::Bmp => self.bmp_header(window),
            _ => None,
        }
    }

    /// IHDR must be the first chunk: length 13, width, height, bit depth, colour type, ...
    fn png_header(&mut self, head: &[u8]) -> Next {
        if be32(head, 8)? != 13 || head.get(12..16)? != b"IHDR" {
            return None;
        }
        self.width = non_zero(be32(head, 16)?);
        self.height = non_zero(be32(head, 20)?);
        match head.get(25)? {
            4 | 6 => self.has_alpha = Some(true),       // grey + alpha, RGBA
            0 | 2 | 3 => self.png_alpha_pending = true, // grey, RGB, palette: tRNS decides
            _ => {}                                     // invalid colour type: alpha unknown
        }
        next(Stage::PngChunk, PNG_IHDR_END, PNG_CHUNK_HEADER_LEN)
    }

    fn png_chunk(&mut self, start: u64, header: &[u8]) -> Next {
        let len = be32(header, 0)?;
        let kind = bytes_at::<4>(header, 4)?;
        if len > PNG_MAX_CHUNK_LEN || !kind.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        match &kind {
            // Image data: chunks after it (a caBX there included) do not describe the image.
            b"IDAT" => {
                if self.png_alpha_pending {
                    self.has_alpha = Some(false);
                }
                return None;
            }
            b"IEND" => return None,
            b"tRNS" if self.png_alpha_pending => {
                self.png_alpha_pending = false;
                self.has_alpha = Some(true);
            }
            b"caBX" => self.has_c2pa = true,
            _ => {}
        }
        // Skip the data and CRC.
        next(Stage::PngChunk, start + 12 + u64::from(len), PNG_CHUNK_HEADER_LEN)
    }

    fn jpeg_marker(&mut self, start: u64, header: &[u8]) -> Next {
        if *header.first()? != 0xFF {
            return None; // not a marker where one must be: corrupt
        }
        let marker = *header.get(1)?;
        match marker {
            0xFF => return next(Stage::JpegMarker, start + 1, JPEG_MARKER_LEN), // fill byte
            0xD0..=0xD8 | 0x01 => return next(Stage::JpegMarker, start + 2, JPEG_MARKER_LEN), // RSTn, SOI, TEM: no length
            0xD9 | 0xDA | 0x00 => return None, // EOI, SOS (entropy-coded data follows), or corrupt
            _ => {}
        }
        let len = be16(header, 2)?;
        let payload_len = usize::from(len.checked_sub(2)?);
        let payload = start + 4;
        let next_marker = start + 2 + u64::from(len);
        if is_jpeg_frame_marker(marker) && !self.frame_seen && payload_len >= JPEG_FRAME_LEN {
            next(Stage::JpegFrame { next: next_marker }, payload, JPEG_FRAME_LEN)
        } else if marker == 0xEB && !self.has_c2pa && payload_len >= JPEG_APP11_LEN {
            next(Stage::JpegApp11 { next: next_marker }, payload, JPEG_APP11_LEN)
        } else {
            next(Stage::JpegMarker, next_marker, JPEG_MARKER_LEN)
        }
    }

    fn jpeg_frame(&mut self, frame: &[u8], next_marker: u64) -> Next {
        self.frame_seen = true;
        // A height of 0 means a DNL segment gives it later: leave it unknown.
        self.height = non_zero(be16(frame, 1)?.into());
        self.width = non_zero(be16(frame, 3)?.into());
        self.has_alpha = Some(false);
        next(Stage::JpegMarker, next_marker, JPEG_MARKER_LEN)
    }

    fn jpeg_app11(&mut self, payload: &[u8], next_marker: u64) -> Next {
        if is_c2pa_app11(payload) {
            self.has_c2pa = true;
        }
        next(Stage::JpegMarker, next_marker, JPEG_MARKER_LEN)
    }

    /// `RIFF`, payload size (little-endian), `WEBP`, then chunks.
    fn webp_header(&mut self, head: &[u8]) -> Next {
        self.riff_end = 8 + u64::from(le32(head, 4)?);
        self.webp_chunk_at(RIFF_HEADER_LEN)
    }

    /// The chunk header at `at`, unless the RIFF payload ends before it.
    fn webp_chunk_at(&self, at: u64) -> Next {
        if at + RIFF_CHUNK_HEADER_LEN as u64 > self.riff_end {
            return None;
        }
        next(Stage::WebpChunk, at, RIFF_CHUNK_HEADER_LEN)
    }

    fn webp_chunk(&mut self, start: u64, header: &[u8]) -> Next {
        let fourcc = bytes_at::<4>(header, 0)?;
        let size = le32(header, 4)?;
        let data = start + RIFF_CHUNK_HEADER_LEN as u64;
        // Chunk data is padded to an even length.
        let next_chunk = data + u64::from(size) + u64::from(size & 1);
        let (stage, len) = match &fourcc {
            b"VP8X" => (Stage::WebpExtended { next: next_chunk }, VP8X_LEN),
            b"VP8 " => (Stage::WebpLossy { next: next_chunk }, VP8_LEN),
            b"VP8L" => (Stage::WebpLossless { next: next_chunk }, VP8L_LEN),
            b"C2PA" => {
                self.has_c2pa = true;
                return self.webp_chunk_at(next_chunk);
            }
            _ => return self.webp_chunk_at(next_chunk),
        };
        if self.frame_seen || (size as usize) < len {
            return self.webp_chunk_at(next_chunk);
        }
        next(stage, data, len)
    }

    /// Flags (alpha = 0x10), 3 reserved bytes, canvas width - 1 and height - 1 (24-bit LE).
    fn webp_extended(&mut self, data: &[u8], next_chunk: u64) -> Next {
        self.frame_seen = true;
        self.has_alpha = Some(data.first()? & 0x10 != 0);
        self.width = Some(le24(data, 4)? + 1);
        self.height = Some(le24(data, 7)? + 1);
        self.webp_chunk_at(next_chunk)
    }

    /// Frame tag (3 bytes), start code `9D 01 2A`, then 14-bit width and height (LE).
    fn webp_lossy(&mut self, data: &[u8], next_chunk: u64) -> Next {
        if data.get(3..6)? == [0x9D, 0x01, 0x2A] {
            self.frame_seen = true;
            self.width = non_zero((le16(data, 6)? & 0x3FFF).into());
            self.height = non_zero((le16(data, 8)? & 0x3FFF).into());
            self.has_alpha = Some(false); // a simple lossy file: alpha needs VP8X + ALPH
        }
        self.webp_chunk_at(next_chunk)
    }

    /// Signature `2F`, then 14 bits width - 1, 14 bits height - 1, 1 bit alpha_is_used (LE).
    fn webp_lossless(&mut self, data: &[u8], next_chunk: u64) -> Next {
        if *data.first()? == 0x2F {
            let bits = le32(data, 1)?;
            self.frame_seen = true;
            self.width = Some((bits & 0x3FFF) + 1);
            self.height = Some(((bits >> 14) & 0x3FFF) + 1);
            self.has_alpha = Some((bits >> 28) & 1 == 1);
        }
        self.webp_chunk_at(next_chunk)
    }

    /// Logical screen width and height (16-bit LE) follow the 6-byte signature; then flags
    /// that say whether a global colour table follows the header.
    fn gif_header(&mut self, head: &[u8]) -> Next {
        self.width = non_zero(le16(head, 6)?.into());
        self.height = non_zero(le16(head, 8)?.into());
        let first_block = GIF_HEADER_LEN.saturating_add(gif_colour_table_len(*head.get(10)?));
        next(Stage::GifBlock, first_block, 1)
    }

    /// What follows the introducer; anything but the three kinds of block is corruption.
    fn gif_block(&mut self, start: u64, introducer: &[u8]) -> Next {
        let after = start.saturating_add(1);
        match *introducer.first()? {
            GIF_IMAGE => next(Stage::GifImage, after, GIF_IMAGE_LEN),
            GIF_EXTENSION => next(Stage::GifExtension, after, GIF_EXTENSION_LEN),
            GIF_TRAILER => {
                self.frames = Some(self.gif_frames);
                // Every Graphic Control Extension was seen: none had a transparent colour.
                self.has_alpha.get_or_insert(false);
                None
            }
            _ => None,
        }
    }

    /// Skip the local colour table and the LZW minimum code size byte, then the data sub-blocks.
    fn gif_image(&mut self, start: u64, descriptor: &[u8]) -> Next {
        self.gif_frames = self.gif_frames.saturating_add(1);
        let flags = *descriptor.get(8)?;
        let data = start
            .saturating_add(GIF_IMAGE_LEN as u64)
            .saturating_add(gif_colour_table_len(flags))
            .saturating_add(1);
        next(Stage::GifSubBlock, data, 1)
    }

    /// A Graphic Control Extension's first data byte has the transparent-colour flag in bit 0.
    fn gif_extension(&mut self, start: u64, head: &[u8]) -> Next {
        let label = *head.first()?;
        let size = *head.get(1)?;
        let flags = *head.get(2)?;
        if label == GIF_GRAPHIC_CONTROL && size >= 4 && flags & 1 == 1 {
            self.has_alpha = Some(true);
        }
        self.gif_after_sub_block(start.saturating_add(1), size)
    }

    fn gif_sub_block(&mut self, start: u64, size: &[u8]) -> Next {
        self.gif_after_sub_block(start, *size.first()?)
    }

    /// After the sub-block whose size byte is at `at`: the next sub-block, or, after the
    /// terminator (size 0), the next block.
    fn gif_after_sub_block(&self, at: u64, size: u8) -> Next {
        let after = at.saturating_add(1);
        if size == 0 {
            return next(Stage::GifBlock, after, 1);
        }
        next(Stage::GifSubBlock, after.saturating_add(size.into()), 1)
    }

    /// Scan SVG text starting at `start`; the next window starts where the text scanned so far
    /// ends. (In [`Stage::Svg`] a window only tells random-access callers where to read next:
    /// any amount of text is taken from there.)
    fn svg_scan(&mut self, start: u64, text: &[u8]) -> Next {
        self.svg.scan(text);
        if self.svg.is_svg() {
            self.format = Some(ImageFormat::Svg);
        }
        if self.svg.is_over() {
            (self.width, self.height) = self.svg.size();
            return None;
        }
        next(Stage::Svg, start.saturating_add(text.len() as u64), WINDOW_CAP)
    }

    /// Text streamed in [`Stage::Svg`]: scanned without counting steps, as the scanner bounds
    /// what it reads itself.
    fn svg_text(&mut self, start: u64, text: &[u8]) -> Option<Window> {
        match self.svg_scan(start, text) {
            Some((_, window)) => Some(window),
            None => {
                self.stage = Stage::Done;
                None
            }
        }
    }

    /// After the 14-byte file header, the DIB header: its size, then width and height
    /// (16-bit for the old 12-byte core header, signed 32-bit otherwise; a negative height
    /// means rows are stored top-down).
    fn bmp_header(&mut self, head: &[u8]) -> Next {
        let (width, height) = if le32(head, 14)? == 12 {
            (le16(head, 18)?.into(), le16(head, 20)?.into())
        } else {
            let width = u32::try_from(le_i32(head, 18)?).ok()?;
            (width, le_i32(head, 22)?.unsigned_abs())
        };
        self.width = non_zero(width);
        self.height = non_zero(height);
        None
    }
}

/// A colour table's size from a GIF header's or image descriptor's flags: present when bit 7 is
/// set, with 2^(n+1) three-byte entries for n in bits 0-2.
fn gif_colour_table_len(flags: u8) -> u64 {
    if flags & 0x80 == 0 {
        return 0;
    }
    3 << ((flags & 0x07) + 1)
}

/// SOF0..SOF15 carry the frame size, except C4 (DHT), C8 (JPG, reserved) and CC (DAC).
fn is_jpeg_frame_marker(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Whether an APP11 payload starts a C2PA manifest store, the way c2pa-rs writes one.
///
/// The payload is a JPEG XT box segment (ISO 19566-5): `JP` (2), box instance (2), packet
/// sequence (4), then the JUMBF superbox: LBox (4), `jumb` (4), and its description box:
/// LBox (4), `jumd` (4), type UUID (16), toggles (1), label `c2pa\0`. Bytes 24..28 are
/// the first four bytes of the type UUID, which for a manifest store
/// (`63327061-0011-0010-8000-00AA00389B71`) spell `c2pa`; that is what c2pa-rs's reader
/// matches. Checking `JP`, `jumb` and `jumd` too keeps other APP11 data from matching by chance.
fn is_c2pa_app11(payload: &[u8]) -> bool {
    payload.get(0..2) == Some(b"JP")
        && payload.get(12..16) == Some(b"jumb")
        && payload.get(20..24) == Some(b"jumd")
        && payload.get(24..28) == Some(b"c2pa")
}

fn non_zero(value: u32) -> Option<u32> {
    (value != 0).then_some(value)
}

/// `N` bytes at `at`, or `None` when `bytes` is too short.
fn bytes_at<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at.checked_add(N)?)?.try_into().ok()
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    bytes_at(bytes, at).map(u16::from_be_bytes)
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at(bytes, at).map(u32::from_be_bytes)
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    bytes_at(bytes, at).map(u16::from_le_bytes)
}

fn le24(bytes: &[u8], at: usize) -> Option<u32> {
    let [a, b, c] = bytes_at(bytes, at)?;
    Some(u32::from_le_bytes([a, b, c, 0]))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes_at(bytes, at).map(u32::from_le_bytes)
}

fn le_i32(bytes: &[u8], at: usize) -> Option<i32> {
    bytes_at(bytes, at).map(i32::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!("../../../tests/fixtures/images/", $name)).as_slice()
        };
    }

    const GRAY_PNG: &[u8] = fixture!("gray.png");
    const GRAY_TRNS_PNG: &[u8] = fixture!("gray_trns.png");
    const RGB_PNG: &[u8] = fixture!("rgb.png");
    const RGB_TRNS_PNG: &[u8] = fixture!("rgb_trns.png");
    const PALETTE_PNG: &[u8] = fixture!("palette.png");
    const PALETTE_TRNS_PNG: &[u8] = fixture!("palette_trns.png");
    const GRAY_ALPHA_PNG: &[u8] = fixture!("gray_alpha.png");
    const RGBA_PNG: &[u8] = fixture!("rgba.png");
    const BASELINE_JPG: &[u8] = fixture!("baseline.jpg");
    const PROGRESSIVE_JPG: &[u8] = fixture!("progressive.jpg");
    const LOSSY_WEBP: &[u8] = fixture!("lossy.webp");
    const LOSSLESS_WEBP: &[u8] = fixture!("lossless.webp");
    const LOSSLESS_ALPHA_WEBP: &[u8] = fixture!("lossless_alpha.webp");
    const LOSSY_ALPHA_WEBP: &[u8] = fixture!("lossy_alpha.webp");
    const LOSSY_EXIF_WEBP: &[u8] = fixture!("lossy_exif.webp");
    const GIF: &[u8] = fixture!("image.gif");
    const BMP: &[u8] = fixture!("image.bmp");
    const AVIF: &[u8] = fixture!("image.avif");
    const TIFF: &[u8] = fixture!("image.tiff");

    /// Every fixture is 37x19.
    const W: Option<u32> = Some(37);
    const H: Option<u32> = Some(19);

    fn info(format: ImageFormat, has_alpha: Option<bool>, has_c2pa: bool) -> Option<ImageInfo> {
        Some(ImageInfo {
            format,
            width: W,
            height: H,
            has_alpha,
            has_c2pa,
            frames: None,
        })
    }

    fn format_only(format: ImageFormat) -> Option<ImageInfo> {
        Some(ImageInfo {
            format,
            width: None,
            height: None,
            has_alpha: None,
            has_c2pa: false,
            frames: None,
        })
    }

    // ---- builders: real containers assembled the way encoders and c2pa-rs write them ----

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        let crc = crc32(&chunk[4..]);
        chunk.extend_from_slice(&crc.to_be_bytes());
        chunk
    }

    /// Insert `chunk` right after the first chunk of type `after` (c2pa-rs puts caBX after IHDR).
    fn png_insert_after(png: &[u8], after: &[u8; 4], chunk: &[u8]) -> Vec<u8> {
        let mut at = 8;
        loop {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind = &png[at + 4..at + 8];
            at += 12 + len;
            if kind == after {
                break;
            }
        }
        [&png[..at], chunk, &png[at..]].concat()
    }

    fn jpeg_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut segment = vec![0xFF, marker];
        segment.extend_from_slice(&(payload.len() as u16 + 2).to_be_bytes());
        segment.extend_from_slice(payload);
        segment
    }

    /// Insert raw bytes (segments) right after SOI.
    fn jpeg_insert_after_soi(jpeg: &[u8], segments: &[u8]) -> Vec<u8> {
        [&jpeg[..2], segments, &jpeg[2..]].concat()
    }

    /// An EXIF APP1 segment of `len` payload bytes (the kind cameras write first).
    fn big_exif_app1(len: usize) -> Vec<u8> {
        let mut payload = b"Exif\0\0MM\0\x2a\0\0\0\x08".to_vec();
        payload.resize(len, 0xAB);
        jpeg_segment(0xE1, &payload)
    }

    fn iso_box(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut b = ((data.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(data);
        b
    }

    const C2PA_STORE_UUID: [u8; 16] = [
        0x63, 0x32, 0x70, 0x61, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ];
    const JUMBF_JSON_UUID: [u8; 16] = [
        0x6A, 0x73, 0x6F, 0x6E, 0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
    ];

    /// A JUMBF superbox with a description box (type UUID, toggles 3, label) and `content_len`
    /// bytes of content, as c2pa-rs serialises a manifest store.
    fn jumbf_superbox(uuid: [u8; 16], label: &str, content_len: usize) -> Vec<u8> {
        let mut description = uuid.to_vec();
        description.push(0x03); // requestable + label present
        description.extend_from_slice(label.as_bytes());
        description.push(0);
        let mut content = iso_box(b"jumd", &description);
        content.extend(iso_box(b"json", &vec![b' '; content_len]));
        iso_box(b"jumb", &content)
    }

    /// APP11 segments carrying `store` the way c2pa-rs's jpeg_io writes it: chunks of at most
    /// 64000 bytes, each prefixed with `JP`, box instance 0x0211 and a packet sequence number;
    /// continuation segments repeat the superbox's LBox and TBox.
    fn jpeg_app11_segments(store: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for (i, chunk) in store.chunks(64000).enumerate() {
            let mut payload = b"JP\x02\x11".to_vec();
            payload.extend_from_slice(&(i as u32 + 1).to_be_bytes());
            if i > 0 {
                payload.extend_from_slice(&store[..8]);
            }
            payload.extend_from_slice(chunk);
            out.extend(jpeg_segment(0xEB, &payload));
        }
        out
    }

    fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = fourcc.to_vec();
        chunk.extend_from_slice(&(data.len() as u32).to_le_bytes());
        chunk.extend_from_slice(data);
        if data.len() % 2 == 1 {
            chunk.push(0);
        }
        chunk
    }

    fn webp_from_chunks(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = chunks.concat();
        let mut file = b"RIFF".to_vec();
        file.extend_from_slice(&(body.len() as u32 + 4).to_le_bytes());
        file.extend_from_slice(b"WEBP");
        file.extend(body);
        file
    }

    fn webp_append(webp: &[u8], chunk: &[u8]) -> Vec<u8> {
        let mut file = [webp, chunk].concat();
        let riff_size = (file.len() - 8) as u32;
        file[4..8].copy_from_slice(&riff_size.to_le_bytes());
        file
    }

    fn c2pa_png(png: &[u8]) -> Vec<u8> {
        png_insert_after(
            png,
            b"IHDR",
            &png_chunk(b"caBX", &jumbf_superbox(C2PA_STORE_UUID, "c2pa", 300)),
        )
    }

    fn c2pa_jpeg(jpeg: &[u8], store_len: usize) -> Vec<u8> {
        let store = jumbf_superbox(C2PA_STORE_UUID, "c2pa", store_len);
        // After APP0 (JFIF), where c2pa-rs inserts it.
        let app0_end = 2 + 2 + usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
        [&jpeg[..app0_end], &jpeg_app11_segments(&store), &jpeg[app0_end..]].concat()
    }

    fn c2pa_webp(webp: &[u8]) -> Vec<u8> {
        webp_append(
            webp,
            &riff_chunk(b"C2PA", &jumbf_superbox(C2PA_STORE_UUID, "c2pa", 301)),
        )
    }

    // ---- property checkers ----

    /// Drive a probe by random access, reading `wanted()` plus `extra` bytes each time.
    /// Returns the info, the number of reads and the bytes read.
    fn probe_by_ranges(file: &[u8], extra: u64) -> (Option<ImageInfo>, usize, u64) {
        let mut probe = ImageProbe::new();
        let (mut reads, mut bytes_read) = (0, 0);
        while let Some(range) = probe.wanted() {
            assert!(range.start < range.end, "empty range {range:?}");
            assert!(
                range.end - range.start <= WINDOW_CAP as u64,
                "range {range:?} too large"
            );
            reads += 1;
            assert!(reads < 10_000, "probe never finished");
            let len = file.len() as u64;
            let (start, end) = (range.start.min(len), (range.end + extra).min(len));
            let bytes = &file[start as usize..end as usize];
            bytes_read += bytes.len() as u64;
            probe.push_at(range.start, bytes);
            if end < range.end {
                probe.finish();
            }
        }
        (probe.info(), reads, bytes_read)
    }

    /// Pushing `file` split anywhere, byte by byte, or by random access gives what `probe` gives.
    fn assert_feeding_is_irrelevant(file: &[u8]) {
        let whole = probe(file);
        let mut single = ImageProbe::new();
        single.push(file);
        let done_without_finish = single.is_done();
        for split in 0..=file.len() {
            let mut probe = ImageProbe::new();
            probe.push(&file[..split]);
            probe.push(&file[split..]);
            assert_eq!(probe.is_done(), done_without_finish, "split at {split}");
            probe.finish();
            assert_eq!(probe.info(), whole, "split at {split}");
        }
        let mut bytewise = ImageProbe::new();
        for byte in file {
            bytewise.push(std::slice::from_ref(byte));
        }
        assert_eq!(bytewise.is_done(), done_without_finish, "byte by byte");
        bytewise.finish();
        assert_eq!(bytewise.info(), whole, "byte by byte");
        for extra in [0, 1, 7, 4096] {
            assert_eq!(
                probe_by_ranges(file, extra).0,
                whole,
                "random access, {extra} extra bytes"
            );
        }
    }

    /// Every prefix: no panic, and each field is either unknown or already right; known fields
    /// stay known as bytes are added.
    fn assert_truncation_is_sensible(file: &[u8]) {
        assert_prefixes_are_sensible(file, SNIFF_LEN);
    }

    /// [`assert_truncation_is_sensible`] for a format known from `known_from` bytes on.
    fn assert_prefixes_are_sensible(file: &[u8], known_from: usize) {
        let full = probe(file).expect("fixture is recognised");
        let mut previous: Option<ImageInfo> = None;
        for len in 0..=file.len() {
            let partial = probe(&file[..len]);
            if len >= known_from {
                assert!(partial.is_some(), "{len} bytes: format lost");
            }
            let Some(partial) = partial else { continue };
            assert_eq!(partial.format, full.format, "{len} bytes");
            assert!(
                partial.width.is_none() || partial.width == full.width,
                "{len} bytes: {partial:?}"
            );
            assert!(
                partial.height.is_none() || partial.height == full.height,
                "{len} bytes: {partial:?}"
            );
            assert!(
                partial.has_alpha.is_none() || partial.has_alpha == full.has_alpha,
                "{len} bytes: {partial:?}"
            );
            assert!(!partial.has_c2pa || full.has_c2pa, "{len} bytes: {partial:?}");
            assert!(
                partial.frames.is_none() || partial.frames == full.frames,
                "{len} bytes: {partial:?}"
            );
            if let Some(previous) = previous {
                assert!(
                    previous.width.is_none() || partial.width.is_some(),
                    "{len} bytes: width forgotten"
                );
                assert!(
                    previous.has_alpha.is_none() || partial.has_alpha.is_some(),
                    "{len} bytes: alpha forgotten"
                );
                assert!(!previous.has_c2pa || partial.has_c2pa, "{len} bytes: c2pa forgotten");
            }
            previous = Some(partial);
        }
    }

    fn all_fixtures() -> Vec<(&'static str, Vec<u8>)> {
        let plain: [(&str, &[u8]); 19] = [
            ("gray.png", GRAY_PNG),
            ("gray_trns.png", GRAY_TRNS_PNG),
            ("rgb.png", RGB_PNG),
            ("rgb_trns.png", RGB_TRNS_PNG),
            ("palette.png", PALETTE_PNG),
            ("palette_trns.png", PALETTE_TRNS_PNG),
            ("gray_alpha.png", GRAY_ALPHA_PNG),
            ("rgba.png", RGBA_PNG),
            ("baseline.jpg", BASELINE_JPG),
            ("progressive.jpg", PROGRESSIVE_JPG),
            ("lossy.webp", LOSSY_WEBP),
            ("lossless.webp", LOSSLESS_WEBP),
            ("lossless_alpha.webp", LOSSLESS_ALPHA_WEBP),
            ("lossy_alpha.webp", LOSSY_ALPHA_WEBP),
            ("lossy_exif.webp", LOSSY_EXIF_WEBP),
            ("image.gif", GIF),
            ("image.bmp", BMP),
            ("image.avif", AVIF),
            ("image.tiff", TIFF),
        ];
        let mut all: Vec<_> = plain.iter().map(|(name, bytes)| (*name, bytes.to_vec())).collect();
        all.push(("c2pa rgb.png", c2pa_png(RGB_PNG)));
        all.push(("c2pa baseline.jpg", c2pa_jpeg(BASELINE_JPG, 500)));
        all.push((
            "c2pa progressive.jpg + exif",
            jpeg_insert_after_soi(&c2pa_jpeg(PROGRESSIVE_JPG, 500), &big_exif_app1(3000)),
        ));
        all.push(("c2pa lossy.webp", c2pa_webp(LOSSY_WEBP)));
        all.push(("c2pa lossless_alpha.webp", c2pa_webp(LOSSLESS_ALPHA_WEBP)));
        all.push(("c2pa lossy_alpha.webp", c2pa_webp(LOSSY_ALPHA_WEBP)));
        all.extend(gif_fixtures().into_iter().map(|(name, file, _)| (name, file)));
        all
    }

    // ---- formats and signatures ----

    #[test]
    fn format_labels() {
        let expected = [
            (ImageFormat::Png, "image/png", "png", "PNG"),
            (ImageFormat::Jpeg, "image/jpeg", "jpg", "JPEG"),
            (ImageFormat::Webp, "image/webp", "webp", "WebP"),
            (ImageFormat::Gif, "image/gif", "gif", "GIF"),
            (ImageFormat::Bmp, "image/bmp", "bmp", "BMP"),
            (ImageFormat::Avif, "image/avif", "avif", "AVIF"),
            (ImageFormat::Heic, "image/heic", "heic", "HEIC"),
            (ImageFormat::Heif, "image/heif", "heif", "HEIF"),
            (ImageFormat::Tiff, "image/tiff", "tiff", "TIFF"),
            (ImageFormat::JpegXl, "image/jxl", "jxl", "JPEG XL"),
        ];
        for (format, mime, extension, name) in expected {
            assert_eq!(
                (format.mime_type(), format.extension(), format.name()),
                (mime, extension, name)
            );
        }
    }

    #[test]
    fn sniffs_fixture_signatures() {
        let expected = [
            (RGBA_PNG, ImageFormat::Png),
            (BASELINE_JPG, ImageFormat::Jpeg),
            (LOSSY_WEBP, ImageFormat::Webp),
            (GIF, ImageFormat::Gif),
            (BMP, ImageFormat::Bmp),
            (AVIF, ImageFormat::Avif),
            (TIFF, ImageFormat::Tiff),
        ];
        for (bytes, format) in expected {
            assert_eq!(sniff_format(bytes), Some(format));
            assert_eq!(sniff_format(&bytes[..SNIFF_LEN]), Some(format));
        }
    }

    #[test]
    fn sniffs_other_signatures() {
        let ftyp = |major: &[u8; 4], compatible: &[u8]| {
            let mut data = major.to_vec();
            data.extend_from_slice(&[0, 0, 0, 0]);
            data.extend_from_slice(compatible);
            iso_box(b"ftyp", &data)
        };
        assert_eq!(sniff_format(&ftyp(b"heic", b"mif1heic")), Some(ImageFormat::Heic));
        assert_eq!(sniff_format(&ftyp(b"avis", b"")), Some(ImageFormat::Avif));
        assert_eq!(sniff_format(&ftyp(b"mif1", b"mif1miafavif")), Some(ImageFormat::Avif));
        assert_eq!(sniff_format(&ftyp(b"mif1", b"mif1heix")), Some(ImageFormat::Heic));
        assert_eq!(sniff_format(&ftyp(b"mif1", b"mif1")), Some(ImageFormat::Heif));
        assert_eq!(
            sniff_format(&ftyp(b"isom", b"isomavc1")),
            None,
            "an MP4 is not an image"
        );
        assert_eq!(sniff_format(b"MM\0*\0\0\0\x08"), Some(ImageFormat::Tiff));
        assert_eq!(sniff_format(&[0xFF, 0x0A, 0xFA]), Some(ImageFormat::JpegXl));
        assert_eq!(sniff_format(b"\0\0\0\x0cJXL \r\n\x87\n"), Some(ImageFormat::JpegXl));
        assert_eq!(sniff_format(b"GIF89a\x01\0\x01\0"), Some(ImageFormat::Gif));
    }

    #[test]
    fn sniff_rejects_garbage_and_short_heads() {
        assert_eq!(sniff_format(b""), None);
        assert_eq!(sniff_format(b"\x89PNG\r\n\x1a"), None, "7 of 8 signature bytes");
        assert_eq!(sniff_format(&[0xFF, 0xD8]), None);
        assert_eq!(sniff_format(b"RIFF\0\0\0\0WAVE"), None, "a WAV file");
        assert_eq!(sniff_format(b"RIFF\0\0\0\0WEB"), None);
        assert_eq!(
            sniff_format(b"BM this is just text"),
            None,
            "BM without a DIB header size"
        );
        // SVG is a format now (see the SVG tests); markup that is not SVG is not.
        assert_eq!(sniff_format(b"<html><svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff_format(b"{\"error\": {\"message\": \"nope\"}}"), None);
        assert_eq!(probe(b"not an image at all, just some text"), None);
        assert_eq!(probe(b""), None);
    }

    // ---- PNG ----

    #[test]
    fn png_colour_types_and_trns() {
        use ImageFormat::Png;
        assert_eq!(probe(GRAY_PNG), info(Png, Some(false), false), "colour type 0");
        assert_eq!(
            probe(GRAY_TRNS_PNG),
            info(Png, Some(true), false),
            "colour type 0 + tRNS"
        );
        assert_eq!(probe(RGB_PNG), info(Png, Some(false), false), "colour type 2");
        assert_eq!(
            probe(RGB_TRNS_PNG),
            info(Png, Some(true), false),
            "colour type 2 + tRNS"
        );
        assert_eq!(probe(PALETTE_PNG), info(Png, Some(false), false), "colour type 3");
        assert_eq!(
            probe(PALETTE_TRNS_PNG),
            info(Png, Some(true), false),
            "colour type 3 + tRNS"
        );
        assert_eq!(probe(GRAY_ALPHA_PNG), info(Png, Some(true), false), "colour type 4");
        assert_eq!(probe(RGBA_PNG), info(Png, Some(true), false), "colour type 6");
    }

    #[test]
    fn png_chunk_builder_matches_real_crcs() {
        // The IHDR chunk rebuilt by the test helper is byte-identical to Pillow's.
        let ihdr = &RGB_PNG[8..8 + 25];
        assert_eq!(png_chunk(b"IHDR", &ihdr[8..21]), ihdr);
    }

    #[test]
    fn png_cabx_before_idat_is_c2pa() {
        assert_eq!(probe(&c2pa_png(RGB_PNG)), info(ImageFormat::Png, Some(false), true));
        assert_eq!(probe(&c2pa_png(RGBA_PNG)), info(ImageFormat::Png, Some(true), true));
        // Later in the header chunks counts too.
        let after_plte = png_insert_after(PALETTE_TRNS_PNG, b"PLTE", &png_chunk(b"caBX", b"store"));
        assert_eq!(probe(&after_plte), info(ImageFormat::Png, Some(true), true));
    }

    #[test]
    fn png_chunks_after_idat_do_not_count() {
        let cabx = png_chunk(b"caBX", &jumbf_superbox(C2PA_STORE_UUID, "c2pa", 50));
        assert_eq!(
            probe(&png_insert_after(RGB_PNG, b"IDAT", &cabx)),
            info(ImageFormat::Png, Some(false), false)
        );
        let trns = png_chunk(b"tRNS", &[0, 0, 0, 0, 0, 0]);
        assert_eq!(
            probe(&png_insert_after(RGB_PNG, b"IDAT", &trns)),
            info(ImageFormat::Png, Some(false), false)
        );
    }

    #[test]
    fn png_with_a_large_chunk_is_read_in_a_few_small_ranges() {
        let big_text = png_chunk(b"zTXt", &vec![7; 150_000]);
        let cabx = png_chunk(b"caBX", &jumbf_superbox(C2PA_STORE_UUID, "c2pa", 100_000));
        let file = png_insert_after(&png_insert_after(RGB_PNG, b"IHDR", &big_text), b"zTXt", &cabx);
        assert!(file.len() > 250_000);
        let (info_read, reads, bytes_read) = probe_by_ranges(&file, 0);
        assert_eq!(info_read, info(ImageFormat::Png, Some(false), true));
        // Signature + IHDR (32), then the zTXt, caBX and IDAT chunk headers (8 each).
        assert_eq!((reads, bytes_read), (4, 32 + 3 * 8));
        assert_eq!(probe(&file), info_read);
    }

    #[test]
    fn png_corrupt_headers_stop_the_probe() {
        // IHDR with the wrong length: format only.
        let mut bad_ihdr = RGB_PNG.to_vec();
        bad_ihdr[11] = 14;
        assert_eq!(probe(&bad_ihdr), format_only(ImageFormat::Png));
        // A chunk length over 2^31 - 1 after IHDR: size known, alpha undecided.
        let mut bad_len = RGB_PNG.to_vec();
        bad_len[33..37].copy_from_slice(&u32::MAX.to_be_bytes());
        let mut probe_bad = ImageProbe::new();
        probe_bad.push(&bad_len);
        assert!(probe_bad.is_done());
        assert_eq!(probe_bad.info(), info(ImageFormat::Png, None, false));
        // A chunk type that is not letters.
        let mut bad_type = RGB_PNG.to_vec();
        bad_type[37] = b'#';
        assert_eq!(probe(&bad_type), info(ImageFormat::Png, None, false));
    }

    #[test]
    fn png_with_endless_tiny_chunks_gives_up() {
        let tiny = png_chunk(b"tEXt", b"k\0v");
        let mut header_chunks = tiny.repeat(1000);
        header_chunks.extend(png_chunk(b"caBX", b"store"));
        let file = png_insert_after(RGB_PNG, b"IHDR", &header_chunks);
        let (info_read, reads, _) = probe_by_ranges(&file, 0);
        assert_eq!(reads, MAX_STEPS as usize);
        assert_eq!(info_read, info(ImageFormat::Png, None, false));
        let mut sequential = ImageProbe::new();
        sequential.push(&file);
        assert!(sequential.is_done(), "gave up without needing finish()");
    }

    // ---- JPEG ----

    #[test]
    fn jpeg_baseline_and_progressive() {
        assert_eq!(probe(BASELINE_JPG), info(ImageFormat::Jpeg, Some(false), false));
        assert_eq!(probe(PROGRESSIVE_JPG), info(ImageFormat::Jpeg, Some(false), false));
    }

    #[test]
    fn jpeg_sof0_and_sof2_after_a_large_exif() {
        for jpeg in [BASELINE_JPG, PROGRESSIVE_JPG] {
            let file = jpeg_insert_after_soi(jpeg, &big_exif_app1(65_000));
            assert_eq!(probe(&file), info(ImageFormat::Jpeg, Some(false), false));
            let (from_ranges, _, bytes_read) = probe_by_ranges(&file, 0);
            assert_eq!(from_ranges, probe(&file));
            assert!(bytes_read < 200, "read {bytes_read} bytes of {}", file.len());
        }
    }

    #[test]
    fn jpeg_app11_c2pa_is_found() {
        assert_eq!(
            probe(&c2pa_jpeg(BASELINE_JPG, 200)),
            info(ImageFormat::Jpeg, Some(false), true)
        );
        // A store split over several APP11 segments, behind a large EXIF.
        let file = jpeg_insert_after_soi(&c2pa_jpeg(PROGRESSIVE_JPG, 150_000), &big_exif_app1(60_000));
        assert!(file.len() > 200_000);
        let (from_ranges, reads, bytes_read) = probe_by_ranges(&file, 0);
        assert_eq!(from_ranges, info(ImageFormat::Jpeg, Some(false), true));
        assert!(bytes_read < 300, "read {bytes_read} bytes in {reads} reads");
        assert_eq!(probe(&file), from_ranges);
    }

    #[test]
    fn jpeg_app11_c2pa_offsets_match_c2pa_rs_layout() {
        let segments = jpeg_app11_segments(&jumbf_superbox(C2PA_STORE_UUID, "c2pa", 10));
        let payload = &segments[4..];
        assert_eq!(&payload[24..28], b"c2pa", "first bytes of the jumd type UUID");
        assert_eq!(&payload[40..46], b"\x03c2pa\0", "toggles, then the label");
        assert!(is_c2pa_app11(payload));
    }

    #[test]
    fn jpeg_other_app11_segments_are_not_c2pa() {
        let cases: [(&str, Vec<u8>); 4] = [
            (
                "JUMBF JSON box",
                jpeg_app11_segments(&jumbf_superbox(JUMBF_JSON_UUID, "c2pa", 40)),
            ),
            (
                "not JPEG XT",
                jpeg_segment(
                    0xEB,
                    &[
                        b"XX\x02\x11\0\0\0\x01".as_slice(),
                        &jumbf_superbox(C2PA_STORE_UUID, "c2pa", 40),
                    ]
                    .concat(),
                ),
            ),
            ("too short", jpeg_segment(0xEB, b"JP\x02\x11\0\0\0\x01\0\0\0\x14jumb")),
            (
                "c2pa bytes without boxes",
                jpeg_segment(0xEB, &[b"JP".as_slice(), &[0; 22], b"c2pa", &[0; 20]].concat()),
            ),
        ];
        for (name, segment) in cases {
            let file = jpeg_insert_after_soi(BASELINE_JPG, &segment);
            assert_eq!(probe(&file), info(ImageFormat::Jpeg, Some(false), false), "{name}");
        }
    }

    #[test]
    fn jpeg_app11_after_sos_does_not_count() {
        let sos = BASELINE_JPG.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let store = jpeg_app11_segments(&jumbf_superbox(C2PA_STORE_UUID, "c2pa", 40));
        let file = [&BASELINE_JPG[..sos + 14], &store, &BASELINE_JPG[sos + 14..]].concat();
        assert_eq!(probe(&file), info(ImageFormat::Jpeg, Some(false), false));
    }

    #[test]
    fn jpeg_fill_bytes_and_standalone_markers() {
        // FF FF FF before APP0, then RST0 and TEM markers before the next segment.
        let file = [
            &BASELINE_JPG[..2],
            &[0xFF, 0xFF, 0xFF],
            &BASELINE_JPG[2..20],
            &[0xFF, 0xD0, 0xFF, 0x01, 0xFF, 0xFF],
            &BASELINE_JPG[20..],
        ]
        .concat();
        assert_eq!(probe(&file), info(ImageFormat::Jpeg, Some(false), false));
        assert_feeding_is_irrelevant(&file);
    }

    #[test]
    fn jpeg_frame_markers() {
        let frames: Vec<u8> = (0xC0..=0xCF).filter(|&m| is_jpeg_frame_marker(m)).collect();
        assert_eq!(
            frames,
            [0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF]
        );
        // A DHT (C4) that looks like a frame header must not be read as one.
        let dht = jpeg_segment(0xC4, &[8, 0x12, 0x34, 0x56, 0x78, 3]);
        assert_eq!(
            probe(&jpeg_insert_after_soi(BASELINE_JPG, &dht)),
            info(ImageFormat::Jpeg, Some(false), false)
        );
    }

    #[test]
    fn jpeg_corrupt_segments_stop_the_probe() {
        // A segment length below 2.
        let bad_len = [&BASELINE_JPG[..2], &[0xFF, 0xE1, 0x00, 0x01], &BASELINE_JPG[2..]].concat();
        assert_eq!(probe(&bad_len), format_only(ImageFormat::Jpeg));
        // Something other than a marker where one must be.
        let no_marker = [&BASELINE_JPG[..20], b"\x12\x34".as_slice(), &BASELINE_JPG[20..]].concat();
        assert_eq!(probe(&no_marker), format_only(ImageFormat::Jpeg));
        // SOS before any frame header.
        let early_sos = [&BASELINE_JPG[..2], &[0xFF, 0xDA, 0, 2], &BASELINE_JPG[2..]].concat();
        assert_eq!(probe(&early_sos), format_only(ImageFormat::Jpeg));
    }

    // ---- WebP ----

    #[test]
    fn webp_simple_and_extended() {
        use ImageFormat::Webp;
        assert_eq!(probe(LOSSY_WEBP), info(Webp, Some(false), false), "VP8");
        assert_eq!(
            probe(LOSSLESS_WEBP),
            info(Webp, Some(false), false),
            "VP8L, alpha bit off"
        );
        assert_eq!(
            probe(LOSSLESS_ALPHA_WEBP),
            info(Webp, Some(true), false),
            "VP8L, alpha bit on"
        );
        assert_eq!(
            probe(LOSSY_ALPHA_WEBP),
            info(Webp, Some(true), false),
            "VP8X, alpha flag on"
        );
        assert_eq!(
            probe(LOSSY_EXIF_WEBP),
            info(Webp, Some(false), false),
            "VP8X, alpha flag off"
        );
    }

    #[test]
    fn webp_c2pa_chunk_after_the_image() {
        use ImageFormat::Webp;
        assert_eq!(probe(&c2pa_webp(LOSSY_WEBP)), info(Webp, Some(false), true));
        assert_eq!(probe(&c2pa_webp(LOSSLESS_WEBP)), info(Webp, Some(false), true));
        assert_eq!(probe(&c2pa_webp(LOSSLESS_ALPHA_WEBP)), info(Webp, Some(true), true));
        assert_eq!(probe(&c2pa_webp(LOSSY_ALPHA_WEBP)), info(Webp, Some(true), true));
        // Behind the EXIF chunk too.
        assert_eq!(probe(&c2pa_webp(LOSSY_EXIF_WEBP)), info(Webp, Some(false), true));
    }

    #[test]
    fn webp_chunks_outside_the_riff_payload_do_not_count() {
        // A C2PA chunk appended without growing the RIFF size is not part of the file.
        let file = [LOSSY_WEBP, &riff_chunk(b"C2PA", b"store")].concat();
        assert_eq!(probe(&file), info(ImageFormat::Webp, Some(false), false));
    }

    #[test]
    fn webp_hand_built_headers() {
        // VP8X canvas wins over the bitstream: 16384 x 3 canvas, no alpha flag, VP8L says alpha.
        let vp8x = riff_chunk(b"VP8X", &[0x00, 0, 0, 0, 0xFF, 0x3F, 0x00, 0x02, 0x00, 0x00]);
        let vp8l = riff_chunk(b"VP8L", &[0x2F, 0x00, 0x00, 0x00, 0x10]);
        assert_eq!(
            probe(&webp_from_chunks(&[vp8x, vp8l.clone()])),
            Some(ImageInfo {
                format: ImageFormat::Webp,
                width: Some(16384),
                height: Some(3),
                has_alpha: Some(false),
                has_c2pa: false,
                frames: None,
            })
        );
        // VP8L alone: 1 x 1 with alpha_is_used.
        assert_eq!(
            probe(&webp_from_chunks(&[vp8l])),
            Some(ImageInfo {
                format: ImageFormat::Webp,
                width: Some(1),
                height: Some(1),
                has_alpha: Some(true),
                has_c2pa: false,
                frames: None,
            })
        );
        // VP8 with a broken start code: size unknown, C2PA still found.
        let vp8 = riff_chunk(b"VP8 ", &[0x10, 0x02, 0x00, 0x9D, 0x01, 0x2B, 0x25, 0x00, 0x13, 0x00]);
        let c2pa = riff_chunk(b"C2PA", b"x");
        assert_eq!(
            probe(&webp_from_chunks(&[vp8, c2pa])),
            Some(ImageInfo {
                format: ImageFormat::Webp,
                width: None,
                height: None,
                has_alpha: None,
                has_c2pa: true,
                frames: None,
            })
        );
    }

    #[test]
    fn webp_with_endless_chunks_gives_up() {
        let mut chunks = vec![riff_chunk(b"VP8L", &LOSSLESS_WEBP[20..])];
        chunks.extend(std::iter::repeat_n(riff_chunk(b"JUNK", b""), 2000));
        chunks.push(riff_chunk(b"C2PA", b"store"));
        let (info_read, reads, _) = probe_by_ranges(&webp_from_chunks(&chunks), 0);
        assert!(reads <= MAX_STEPS as usize);
        assert_eq!(info_read, info(ImageFormat::Webp, Some(false), false));
    }

    // ---- other formats ----

    #[test]
    fn gif_bmp_and_signature_only_formats() {
        assert_eq!(probe(GIF), gif_info(Some(false), Some(1)));
        assert_eq!(probe(BMP), info(ImageFormat::Bmp, None, false));
        assert_eq!(probe(AVIF), format_only(ImageFormat::Avif));
        assert_eq!(probe(TIFF), format_only(ImageFormat::Tiff));
        // A top-down BMP (negative height) and an OS/2 core-header BMP.
        let mut top_down = BMP.to_vec();
        top_down[22..26].copy_from_slice(&(-19i32).to_le_bytes());
        assert_eq!(probe(&top_down), info(ImageFormat::Bmp, None, false));
        let mut core = b"BM\0\0\0\0\0\0\0\0\x1a\0\0\0\x0c\0\0\0".to_vec();
        core.extend_from_slice(&[37, 0, 19, 0, 1, 0, 24, 0]);
        core.resize(40, 0);
        assert_eq!(probe(&core), info(ImageFormat::Bmp, None, false));
    }

    #[test]
    fn gif_header_gives_the_size_before_the_walk_ends() {
        let mut probe = ImageProbe::new();
        probe.push(&GIF[..SNIFF_LEN]);
        assert_eq!(probe.info(), gif_info(None, None));
        // The first block follows the 48-byte global colour table.
        assert_eq!(probe.wanted(), Some(13 + 48..13 + 48 + 1));
        probe.push(&GIF[SNIFF_LEN..]);
        assert!(probe.is_done());
        assert_eq!(probe.info(), gif_info(Some(false), Some(1)));
    }

    // ---- feeding ----

    #[test]
    fn every_fixture_completes_without_finish() {
        for (name, file) in all_fixtures() {
            let mut probe = ImageProbe::new();
            probe.push(&file);
            assert!(probe.is_done(), "{name}");
            assert_eq!(probe.wanted(), None, "{name}");
        }
    }

    #[test]
    fn split_pushes_and_random_access_agree_with_probe() {
        for (name, file) in all_fixtures() {
            assert!(probe(&file).is_some(), "{name}");
            assert_feeding_is_irrelevant(&file);
        }
    }

    #[test]
    fn truncation_at_every_offset_is_sensible() {
        for (_, file) in all_fixtures() {
            assert_truncation_is_sensible(&file);
        }
    }

    #[test]
    fn partial_info_before_the_first_window_fills() {
        let mut probe = ImageProbe::new();
        probe.push(&RGBA_PNG[..8]);
        assert!(!probe.is_done());
        assert_eq!(probe.wanted(), Some(8..SNIFF_LEN as u64));
        assert_eq!(probe.info(), format_only(ImageFormat::Png));
        probe.push(&RGBA_PNG[8..29]);
        assert_eq!(probe.info(), format_only(ImageFormat::Png));
        // The file ends there: the IHDR it holds is read.
        probe.finish();
        assert!(probe.is_done());
        assert_eq!(probe.info(), info(ImageFormat::Png, Some(true), false));
    }

    #[test]
    fn wanted_skips_chunk_data() {
        let mut probe = ImageProbe::new();
        assert_eq!(probe.wanted(), Some(0..32));
        probe.push_at(0, &RGB_PNG[..32]);
        // The next chunk header follows IHDR's CRC.
        assert_eq!(probe.wanted(), Some(33..41));
        assert_eq!(probe.info(), info(ImageFormat::Png, None, false));
        // Bytes before the wanted range and bytes after a gap are ignored.
        probe.push_at(0, &RGB_PNG[..20]);
        probe.push_at(35, &RGB_PNG[35..41]);
        assert_eq!(probe.wanted(), Some(33..41));
        // A short answer is kept; only the rest is asked for again.
        probe.push_at(30, &RGB_PNG[30..36]);
        assert_eq!(probe.wanted(), Some(36..41));
        probe.push_at(36, &RGB_PNG[36..]);
        assert!(probe.is_done());
        assert_eq!(probe.info(), info(ImageFormat::Png, Some(false), false));
    }

    #[test]
    fn pushes_after_done_change_nothing() {
        let mut probe = ImageProbe::new();
        probe.push(LOSSY_WEBP);
        let before = probe.info();
        probe.push(RGBA_PNG);
        probe.push_at(0, RGBA_PNG);
        assert_eq!(probe.info(), before);
    }

    #[test]
    fn finish_on_a_short_file_keeps_the_signature() {
        let mut probe = ImageProbe::new();
        probe.push(&[0xFF, 0xD8, 0xFF, 0xE0]);
        probe.finish();
        assert_eq!(probe.info(), format_only(ImageFormat::Jpeg));
        assert_eq!(probe.wanted(), None);
    }

    #[test]
    fn mangled_files_never_panic_and_feeding_stays_irrelevant() {
        // Deterministic xorshift: corrupt bytes of every fixture, and cut it short.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (_, file) in all_fixtures() {
            for _ in 0..40 {
                let mut mangled = file.clone();
                for _ in 0..1 + next() % 4 {
                    let at = (next() % mangled.len() as u64) as usize;
                    mangled[at] = next() as u8;
                }
                mangled.truncate((next() % (mangled.len() as u64 + 1)) as usize);
                let whole = probe(&mangled);
                let mut bytewise = ImageProbe::new();
                mangled.iter().for_each(|b| bytewise.push(std::slice::from_ref(b)));
                bytewise.finish();
                assert_eq!(bytewise.info(), whole);
                assert_eq!(probe_by_ranges(&mangled, 0).0, whole);
            }
        }
    }

    // ---- GIF frames ----

    const ANIM2_GIF: &[u8] = fixture!("anim2.gif");
    const ANIM16_GIF: &[u8] = fixture!("anim16.gif");

    fn gif_info(has_alpha: Option<bool>, frames: Option<u32>) -> Option<ImageInfo> {
        Some(ImageInfo {
            format: ImageFormat::Gif,
            width: W,
            height: H,
            has_alpha,
            has_c2pa: false,
            frames,
        })
    }

    /// Data split into sub-blocks of at most 255 bytes, then the terminator.
    fn gif_sub_blocks(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(255) {
            out.push(chunk.len() as u8);
            out.extend_from_slice(chunk);
        }
        out.push(0);
        out
    }

    fn gif_extension(label: u8, data: &[u8]) -> Vec<u8> {
        [&[0x21, label][..], &gif_sub_blocks(data)].concat()
    }

    /// A Graphic Control Extension: flags (bit 0: transparent colour), delay, colour index.
    fn gif_gce(transparent: bool) -> Vec<u8> {
        gif_extension(0xF9, &[u8::from(transparent) | 0x08, 10, 0, 0])
    }

    /// An image descriptor for the whole screen, an optional 8-entry local colour table, and
    /// `data_len` bytes of (fake) LZW data: the probe skips it unread.
    fn gif_image(local_table: bool, data_len: usize) -> Vec<u8> {
        let mut out = vec![0x2C, 0, 0, 0, 0, 37, 0, 19, 0];
        out.push(if local_table { 0x82 } else { 0 });
        if local_table {
            out.extend((0..24).map(|i| i as u8));
        }
        out.push(2); // LZW minimum code size
        let data: Vec<u8> = (0..data_len).map(|i| (i * 7 + 3) as u8).collect();
        out.extend(gif_sub_blocks(&data));
        out
    }

    /// GIF89a, 37 x 19, a 4-entry global colour table, the blocks, the trailer.
    fn gif_from_blocks(blocks: &[Vec<u8>]) -> Vec<u8> {
        let mut file = b"GIF89a\x25\0\x13\0\x81\0\0".to_vec();
        file.extend_from_slice(&[0x3B; 12]); // colours that look like trailers
        file.extend(blocks.concat());
        file.push(0x3B);
        file
    }

    fn netscape_loop() -> Vec<u8> {
        // The application identifier, then a second sub-block with the loop count.
        let mut ext = vec![0x21, 0xFF, 11];
        ext.extend_from_slice(b"NETSCAPE2.0");
        ext.extend_from_slice(&[3, 1, 0, 0, 0]);
        ext
    }

    /// A named test file and what the probe should say about it.
    type Fixture<T> = (&'static str, Vec<u8>, T);

    /// Name, file, and the (has_alpha, frames) expected.
    fn gif_fixtures() -> Vec<Fixture<(Option<bool>, Option<u32>)>> {
        let every_kind = gif_from_blocks(&[
            netscape_loop(),
            gif_extension(0xFE, b"a comment"),
            gif_gce(false),
            gif_image(false, 10),
            gif_extension(0x01, &[0; 12]), // plain text
            gif_gce(false),
            gif_image(true, 700), // several sub-blocks
            gif_extension(0xFE, b""),
            gif_image(true, 0),
        ]);
        let late_transparency =
            gif_from_blocks(&[gif_gce(false), gif_image(false, 5), gif_gce(true), gif_image(false, 5)]);
        let sixteen: Vec<Vec<u8>> = (0..16)
            .map(|i| [gif_gce(false), gif_image(i % 2 == 1, 40)].concat())
            .collect();
        vec![
            ("image.gif", GIF.to_vec(), (Some(false), Some(1))),
            ("anim2.gif", ANIM2_GIF.to_vec(), (Some(true), Some(2))),
            ("anim16.gif", ANIM16_GIF.to_vec(), (Some(true), Some(16))),
            (
                "one frame",
                gif_from_blocks(&[gif_image(false, 1)]),
                (Some(false), Some(1)),
            ),
            ("every kind of block", every_kind, (Some(false), Some(3))),
            ("transparent 2nd frame", late_transparency, (Some(true), Some(2))),
            (
                "16 hand-built frames",
                gif_from_blocks(&sixteen),
                (Some(false), Some(16)),
            ),
        ]
    }

    #[test]
    fn gif_frames_are_counted() {
        for (name, file, (has_alpha, frames)) in gif_fixtures() {
            let expected = gif_info(has_alpha, frames);
            assert_eq!(probe(&file), expected, "{name}");
            assert_eq!(probe_by_ranges(&file, 0).0, expected, "{name}, random access");
        }
    }

    #[test]
    fn gif_pillow_fixtures_have_the_blocks_they_are_meant_to() {
        let has = |file: &[u8], bytes: &[u8]| file.windows(bytes.len()).any(|w| w == bytes);
        assert!(has(ANIM2_GIF, b"NETSCAPE2.0") && has(ANIM16_GIF, b"NETSCAPE2.0"));
        assert!(has(ANIM16_GIF, b"\x21\xFE\x07fixture"), "comment extension");
        assert!(has(ANIM16_GIF, b"\x21\xF9\x04"), "graphic control extension");
        // A frame with a local colour table: descriptor flags with bit 7 set.
        let local = |file: &[u8]| {
            file.windows(10)
                .any(|w| w[0] == 0x2C && w[5..9] == [37, 0, 19, 0] && w[9] & 0x80 != 0)
        };
        assert!(local(ANIM2_GIF) && local(ANIM16_GIF));
    }

    #[test]
    fn gif_data_is_skipped_not_read() {
        // Two frames of 20 000 bytes of image data each, in 255-byte sub-blocks.
        let file = gif_from_blocks(&[gif_image(true, 20_000), gif_image(false, 20_000)]);
        let (info_read, reads, bytes_read) = probe_by_ranges(&file, 0);
        assert_eq!(info_read, gif_info(Some(false), Some(2)));
        // The first 32 bytes: header, colour table, first introducer, 6 descriptor bytes. Then the
        // rest of that descriptor, 79 sub-block sizes and a terminator; the second frame's
        // introducer, descriptor, sizes and terminator; the trailer.
        assert_eq!(reads, 1 + (1 + 79 + 1) + (1 + 1 + 79 + 1) + 1);
        assert_eq!(bytes_read, 32 + (3 + 79 + 1) + (1 + 9 + 79 + 1) + 1);
    }

    #[test]
    fn gif_truncated_keeps_the_size_but_not_the_frames() {
        for (name, file, (has_alpha, _)) in gif_fixtures() {
            for len in SNIFF_LEN..file.len() {
                let partial = probe(&file[..len]).expect("still a GIF");
                assert_eq!(
                    (partial.width, partial.height, partial.frames),
                    (W, H, None),
                    "{name}, {len} bytes"
                );
                assert!(
                    partial.has_alpha.is_none() || partial.has_alpha == has_alpha,
                    "{name}, {len} bytes"
                );
                let mut unfinished = ImageProbe::new();
                unfinished.push(&file[..len]);
                assert!(!unfinished.is_done(), "{name}, {len} bytes: the walk waits for more");
            }
        }
    }

    #[test]
    fn gif_corrupt_blocks_stop_the_walk() {
        let frame = gif_image(false, 3);
        // An introducer that is none of image, extension or trailer.
        let bad_introducer = gif_from_blocks(&[frame.clone(), vec![0x00], frame.clone()]);
        assert_eq!(probe(&bad_introducer), gif_info(None, None));
        // A sub-block size that runs past the end of the file.
        let mut overlong = gif_from_blocks(std::slice::from_ref(&frame));
        let sizes_at = overlong.len() - 1 - 5; // sub-block size, 3 data bytes, terminator, trailer
        overlong[sizes_at] = 200;
        assert_eq!(probe(&overlong), gif_info(None, None));
        // Transparency seen before the damage is kept.
        let late = gif_from_blocks(&[gif_gce(true), frame, vec![0x99]]);
        assert_eq!(probe(&late), gif_info(Some(true), None));
    }

    #[test]
    fn gif_hundreds_of_frames_pushed_sequentially() {
        let frame = [gif_gce(false), gif_image(true, 600)].concat();
        let file = gif_from_blocks(&vec![frame; 300]);
        let expected = gif_info(Some(false), Some(300));
        assert_eq!(probe(&file), expected);
        let mut bytewise = ImageProbe::new();
        file.iter().for_each(|b| bytewise.push(std::slice::from_ref(b)));
        assert!(bytewise.is_done());
        assert_eq!(bytewise.info(), expected);
        for split in (0..file.len()).step_by(997) {
            let mut probe = ImageProbe::new();
            probe.push(&file[..split]);
            probe.push(&file[split..]);
            assert!(probe.is_done(), "split at {split}");
            assert_eq!(probe.info(), expected, "split at {split}");
        }
        // By random access every window is a read: the walk stops at the limit, size kept.
        let (info_read, reads, _) = probe_by_ranges(&file, 0);
        // (The first two windows lie in the first read.)
        assert_eq!(reads, MAX_STEPS as usize - 2);
        assert_eq!(info_read, gif_info(None, None));
    }

    #[test]
    fn gif_frame_count_saturates_instead_of_overflowing() {
        let mut parser = Parser {
            gif_frames: u32::MAX,
            ..Parser::default()
        };
        assert!(parser.gif_image(100, &[0; GIF_IMAGE_LEN]).is_some());
        assert_eq!(parser.gif_frames, u32::MAX);
        // Offsets near the top of u64 saturate rather than wrap.
        let (_, window) = parser.gif_after_sub_block(u64::MAX - 1, 255).unwrap();
        assert_eq!(window.start, u64::MAX);
    }

    // ---- SVG ----

    fn svg_info(width: Option<u32>, height: Option<u32>) -> Option<ImageInfo> {
        Some(ImageInfo {
            format: ImageFormat::Svg,
            width,
            height,
            has_alpha: None,
            has_c2pa: false,
            frames: None,
        })
    }

    /// Name, text, and the width and height expected.
    fn svg_fixtures() -> Vec<Fixture<(Option<u32>, Option<u32>)>> {
        type Size = (Option<u32>, Option<u32>);
        let cases: [(&str, &[u8], Size); 16] = [
            (
                "prolog, comment, doctype",
                b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n\
                  <!-- Generator: hand, with a > and -- inside -->\n\
                  <!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n  \
                  \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n\
                  <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1024\" height=\"768\">\n\
                  <rect width=\"10\" height=\"10\"/></svg>\n",
                (Some(1024), Some(768)),
            ),
            (
                "px units",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"512px\" height=\"256.4px\"></svg>",
                (Some(512), Some(256)),
            ),
            (
                "viewBox only, commas",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0,0,300,150\"><circle r=\"4\"/></svg>",
                (Some(300), Some(150)),
            ),
            (
                "percentages fall back to viewBox",
                b"<svg width=\"100%\" height=\"100%\" viewBox=\"0 0 640 480\" xmlns=\"http://www.w3.org/2000/svg\"/>",
                (Some(640), Some(480)),
            ),
            (
                "em width, absolute height, viewBox aspect",
                b"<svg width='3em' height='100' viewBox='-5 -5 300 200'></svg>",
                (Some(150), Some(100)),
            ),
            (
                "single quotes, any order",
                b"<svg height='19' xmlns='http://www.w3.org/2000/svg' width='37'></svg>",
                (W, H),
            ),
            (
                "> inside attribute values",
                b"<svg data-note=\"a > b\" aria-label='x>y' onload=\"if (a>b) {}\" width=\"40\" height=\"20\"></svg>",
                (Some(40), Some(20)),
            ),
            (
                "BOM",
                b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<svg width=\"8\" height=\"9\"/>",
                (Some(8), Some(9)),
            ),
            (
                "svg:svg prefix",
                b"<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"11\"><svg:rect/></svg:svg>",
                (Some(10), Some(11)),
            ),
            (
                "fractions round",
                b"<svg width=\"1024.0\" height=\"1023.5\" viewBox=\"0 0 1 1\"></svg>",
                (Some(1024), Some(1024)),
            ),
            (
                "typical generator output",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"\n\tviewBox=\"0 0 1024 1536\"\n\tfill=\"none\">\n<path d=\"M0 0h1024\"/></svg>",
                (Some(1024), Some(1536)),
            ),
            (
                "no size at all",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"5\" height=\"5\"/></svg>",
                (None, None),
            ),
            (
                "bad sizes, viewBox fallback",
                b"<svg width=\"-5\" height=\"0\" viewBox=\"0 0 70 35\"></svg>",
                (Some(70), Some(35)),
            ),
            (
                "bad sizes, no fallback",
                b"<svg width=\"1e9\" height=\"NaN\"></svg>",
                (None, None),
            ),
            (
                "width only",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\"></svg>",
                (Some(64), None),
            ),
            (
                "root start tag longer than its bound",
                &[
                    b"<svg width=\"1\" height=\"2\" d=\"".as_slice(),
                    &[b'x'; svg::TAG_MAX as usize],
                    b"\"></svg>",
                ]
                .concat(),
                (None, None),
            ),
        ];
        cases
            .into_iter()
            .map(|(name, text, size)| (name, text.to_vec(), size))
            .collect()
    }

    /// The length of the prefix that names the root element: the format is known from there on.
    fn svg_known_from(text: &[u8]) -> usize {
        (1..=text.len())
            .find(|&n| sniff_format(&text[..n]).is_some())
            .expect("an SVG")
    }

    #[test]
    fn svg_format_labels() {
        let svg = ImageFormat::Svg;
        assert_eq!(
            (svg.mime_type(), svg.extension(), svg.name()),
            ("image/svg+xml", "svg", "SVG")
        );
    }

    #[test]
    fn svg_sizes() {
        for (name, text, (width, height)) in svg_fixtures() {
            assert_eq!(sniff_format(&text), Some(ImageFormat::Svg), "{name}");
            assert_eq!(probe(&text), svg_info(width, height), "{name}");
        }
    }

    #[test]
    fn svg_feeding_is_irrelevant() {
        for (name, text, _) in svg_fixtures() {
            assert_feeding_is_irrelevant(&text);
            // The start tag ends before the text does: no finish() needed.
            let mut probe = ImageProbe::new();
            probe.push(&text);
            assert!(probe.is_done(), "{name}");
        }
    }

    #[test]
    fn svg_truncation_is_sensible() {
        for (_, text, _) in svg_fixtures() {
            assert_prefixes_are_sensible(&text, svg_known_from(&text));
        }
    }

    #[test]
    fn svg_sniffed_once_the_root_name_ends() {
        let text = b"<?xml version=\"1.0\"?><!-- c --><svg width=\"5\" height=\"6\"/>";
        let name_end = text.windows(5).position(|w| w == b"<svg ").unwrap() + 5;
        assert_eq!(svg_known_from(text), name_end);
        // A probe reports the format while the start tag is still arriving, the size after it.
        let mut probe = ImageProbe::new();
        probe.push(&text[..name_end + 3]);
        assert_eq!(probe.info(), svg_info(None, None));
        assert!(!probe.is_done());
        probe.push(&text[name_end + 3..]);
        assert_eq!(probe.info(), svg_info(Some(5), Some(6)));
    }

    #[test]
    fn not_svg() {
        let cases: [&[u8]; 12] = [
            b"<!DOCTYPE html>\n<html><head><title>x</title></head><body><svg width=\"1\"></svg></body></html>",
            b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><svg/></html>",
            b"Just some plain text that mentions <svg width=\"1\" height=\"1\"> in passing.",
            b"<svgx width=\"10\" height=\"10\"></svgx>",
            b"<?xml version=\"1.0\"?><svg-like width=\"10\"/>",
            b"<?xml version=\"1.0\"?>\n<note><to>svg</to></note>",
            b"{\"error\": {\"message\": \"<svg> is not allowed\"}}",
            b"<!-- <svg width=\"1\" height=\"1\"> --> <p>hi</p>",
            b"<![CDATA[<svg>]]><svg/>",
            b"   \n\t ",
            b"\xEF\xBB\xBFplain",
            b"\xEF\xBB",
        ];
        for text in cases {
            let shown = String::from_utf8_lossy(text);
            assert_eq!(sniff_format(text), None, "{shown}");
            assert_eq!(probe(text), None, "{shown}");
            assert_eq!(probe_by_ranges(text, 0).0, None, "{shown}");
        }
    }

    #[test]
    fn svg_oversize_prolog_gives_up_cleanly() {
        let comment = [b"<!--".as_slice(), &[b'-'; 5000], b"-->"].concat();
        let text = [
            b"<?xml version=\"1.0\"?>".as_slice(),
            &comment,
            b"<svg width=\"1\" height=\"1\"/>",
        ]
        .concat();
        assert_eq!(probe(&text), None);
        let mut sequential = ImageProbe::new();
        sequential.push(&text);
        assert!(sequential.is_done(), "gave up without needing finish()");
        let (info_read, reads, bytes_read) = probe_by_ranges(&text, 0);
        assert_eq!(info_read, None);
        assert_eq!(
            bytes_read,
            svg::PROLOG_MAX,
            "read up to the bound, not the whole prolog"
        );
        assert_eq!(reads, svg::PROLOG_MAX as usize / WINDOW_CAP);
        // Whitespace is prolog too.
        let padded = [
            vec![b' '; svg::PROLOG_MAX as usize],
            b"<svg width=\"1\" height=\"1\"/>".to_vec(),
        ]
        .concat();
        assert_eq!(probe(&padded), None);
        assert_eq!(probe(&padded[1..]), svg_info(Some(1), Some(1)), "one byte less fits");
    }

    #[test]
    fn svg_oversize_start_tag_is_svg_of_unknown_size() {
        let text = [
            b"<svg width=\"1\" height=\"2\" d=\"".as_slice(),
            &[b'x'; 10_000],
            b"\" viewBox=\"0 0 3 4\"></svg>",
        ]
        .concat();
        let mut sequential = ImageProbe::new();
        sequential.push(&text);
        assert!(sequential.is_done());
        assert_eq!(sequential.info(), svg_info(None, None));
        let (info_read, _, bytes_read) = probe_by_ranges(&text, 0);
        assert_eq!(info_read, svg_info(None, None));
        assert_eq!(bytes_read, svg::TAG_MAX);
    }

    #[test]
    fn svg_random_access_reads_only_up_to_the_start_tag() {
        let mut text = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"37\" height=\"19\">".to_vec();
        let tag_len = text.len() as u64;
        text.extend(std::iter::repeat_n(b"<rect/>".as_slice(), 1000).flatten());
        let (info_read, reads, bytes_read) = probe_by_ranges(&text, 0);
        assert_eq!(info_read, svg_info(W, H));
        assert_eq!(reads as u64, tag_len.div_ceil(WINDOW_CAP as u64));
        assert!(bytes_read < tag_len + WINDOW_CAP as u64);
        // Extra bytes in an answer are scanned too: one large read is enough.
        assert_eq!(probe_by_ranges(&text, 4096).1, 1);
    }

    #[test]
    fn svg_tiny_file_needs_finish() {
        // Shorter than the first window: read when the caller says the file ended.
        let text = b"<svg width='2' height='3'/>";
        assert!(text.len() < SNIFF_LEN);
        let mut probe = ImageProbe::new();
        probe.push(text);
        assert_eq!(probe.info(), svg_info(None, None));
        probe.finish();
        assert_eq!(probe.info(), svg_info(Some(2), Some(3)));
    }

    #[test]
    fn svg_and_gif_mangled_never_panic_and_feeding_stays_irrelevant() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let svgs = svg_fixtures().into_iter().map(|(_, text, _)| text);
        let gifs = gif_fixtures().into_iter().map(|(_, file, _)| file);
        for file in svgs.chain(gifs) {
            for round in 0..60 {
                let mut mangled = file.clone();
                for _ in 0..1 + next() % 4 {
                    let at = (next() % mangled.len() as u64) as usize;
                    // Markup characters mostly: they are what the SVG scanner branches on.
                    let markup = b"<>!?-'\"= /:\xEF";
                    mangled[at] = match round % 2 {
                        0 => next() as u8,
                        _ => markup[(next() % markup.len() as u64) as usize],
                    };
                }
                mangled.truncate((next() % (mangled.len() as u64 + 1)) as usize);
                let whole = probe(&mangled);
                let mut bytewise = ImageProbe::new();
                mangled.iter().for_each(|b| bytewise.push(std::slice::from_ref(b)));
                bytewise.finish();
                assert_eq!(bytewise.info(), whole);
                assert_eq!(probe_by_ranges(&mangled, 0).0, whole);
                assert_eq!(probe_by_ranges(&mangled, 5).0, whole);
            }
        }
    }
}
