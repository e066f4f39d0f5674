//! SVG recognition and size, from the text up to the end of the root element's start tag.
//!
//! [`SvgScanner`] is a byte-at-a-time state machine, so it gives the same answer however the
//! text is split into chunks, and it buffers nothing but one attribute value (at most
//! [`VALUE_CAP`] bytes). It accepts an optional UTF-8 BOM, then a prolog of whitespace,
//! processing instructions (`<?xml ...?>`), comments and a doctype, then requires the root
//! element to be `svg` (optionally prefixed, `svg:svg`). It reads that element's `width`,
//! `height` and `viewBox` attributes and stops at the `>` that ends the start tag.
//!
//! Both parts are bounded: a prolog longer than [`PROLOG_MAX`] bytes means "not SVG", and a
//! root start tag longer than [`TAG_MAX`] bytes means "SVG of unknown size".

/// Bytes of prolog (BOM, declarations, comments, doctype) read before the root element must start.
pub(super) const PROLOG_MAX: u64 = 4096;

/// Bytes of the root element's start tag read before its size is given up on.
pub(super) const TAG_MAX: u64 = 4096;

/// Longest attribute value kept: `viewBox="0 0 1024 1024"` needs 13; longer values are unknown.
const VALUE_CAP: usize = 128;

/// Sides above this are treated as nonsense rather than reported.
const MAX_SIDE: f64 = 1_000_000.0;

const BOM: &[u8] = b"\xEF\xBB\xBF";
const DOCTYPE: &[u8] = b"DOCTYPE";

/// Where the scanner is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start: `n` bytes of a UTF-8 BOM matched so far.
    Bom(u8),
    /// Between prolog items: whitespace, or `<`.
    Misc,
    /// Just after a `<` in the prolog.
    Open,
    /// Inside `<? ... ?>`; `question` when the last byte was `?`.
    Pi { question: bool },
    /// Just after `<!`.
    Bang,
    /// Just after `<!-`.
    BangDash,
    /// `n` bytes of `DOCTYPE` matched after `<!`.
    DoctypeKeyword(u8),
    /// Inside a doctype: an open quote, and the depth of `[` internal subsets.
    Doctype { quote: Option<u8>, depth: u8 },
    /// Inside `<!-- ... -->`: trailing dashes seen (at most 2).
    Comment { dashes: u8 },
    /// In the root element's name.
    RootName,
    /// In the root start tag, between attributes.
    BeforeAttr,
    /// In an attribute name.
    AttrName,
    /// After an attribute name, before `=`.
    AfterAttrName,
    /// After `=`, before the opening quote.
    BeforeValue,
    /// Inside an attribute value opened by `quote`.
    Value { quote: u8 },
    /// The start tag ended: the size is known as far as it will be.
    Complete,
    /// An SVG root was seen but its start tag is malformed or too long: size unknown.
    Abandoned,
    /// Not SVG.
    Rejected,
}

/// Which root attribute a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    Width,
    Height,
    ViewBox,
    Other,
}

/// The end of a name, enough to tell `svg` and `prefix:svg` from anything else.
#[derive(Debug, Clone, Copy, Default)]
struct NameTail {
    len: u32,
    colons: u32,
    last: [u8; 8],
}

impl NameTail {
    fn push(&mut self, byte: u8) {
        self.len = self.len.saturating_add(1);
        if byte == b':' {
            self.colons = self.colons.saturating_add(1);
        }
        self.last.rotate_left(1);
        if let Some(slot) = self.last.last_mut() {
            *slot = byte;
        }
    }

    /// The whole name, when it is at most 8 bytes long.
    fn short(&self) -> Option<&[u8]> {
        let len = usize::try_from(self.len).ok()?;
        self.last.get(self.last.len().checked_sub(len)?..)
    }

    fn is_svg(&self) -> bool {
        let ends_svg = self.last.ends_with(b":svg");
        self.short() == Some(b"svg") || (self.colons == 1 && self.len > 4 && ends_svg)
    }

    fn attr(&self) -> Attr {
        match self.short() {
            Some(b"width") => Attr::Width,
            Some(b"height") => Attr::Height,
            Some(b"viewBox") => Attr::ViewBox,
            _ => Attr::Other,
        }
    }
}

/// Streaming SVG sniffer: feed it the text from the first byte with [`scan`](Self::scan).
#[derive(Debug)]
pub(super) struct SvgScanner {
    state: State,
    /// Offset of the next byte (of the current one, within [`Self::next_state`]).
    pos: u64,
    /// Offset of the root element's `<`.
    root_at: u64,
    name: NameTail,
    attr: Attr,
    value: [u8; VALUE_CAP],
    value_len: usize,
    value_overflow: bool,
    width: Option<f64>,
    height: Option<f64>,
    view_box: Option<(f64, f64)>,
}

impl Default for SvgScanner {
    fn default() -> Self {
        Self {
            state: State::Bom(0),
            pos: 0,
            root_at: 0,
            name: NameTail::default(),
            attr: Attr::Other,
            value: [0; VALUE_CAP],
            value_len: 0,
            value_overflow: false,
            width: None,
            height: None,
            view_box: None,
        }
    }
}

impl SvgScanner {
    /// Scan the next bytes of the text; bytes after the scan is over are ignored.
    pub(super) fn scan(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.is_over() {
                return;
            }
            self.state = self.next_state(byte);
            self.pos = self.pos.saturating_add(1);
            // Checked after each byte, not before the next, so no read is made only to give up.
            if let Some(state) = self.limit_reached() {
                self.state = state;
            }
        }
    }

    /// Whether the root element was seen and is `svg`.
    pub(super) fn is_svg(&self) -> bool {
        matches!(
            self.state,
            State::BeforeAttr
                | State::AttrName
                | State::AfterAttrName
                | State::BeforeValue
                | State::Value { .. }
                | State::Complete
                | State::Abandoned
        )
    }

    /// Whether more text cannot change the answer.
    pub(super) fn is_over(&self) -> bool {
        matches!(self.state, State::Complete | State::Abandoned | State::Rejected)
    }

    /// Width and height in pixels, once the root start tag is complete (see [`resolve_size`]).
    pub(super) fn size(&self) -> (Option<u32>, Option<u32>) {
        if self.state != State::Complete {
            return (None, None);
        }
        resolve_size(self.width, self.height, self.view_box)
    }

    fn in_prolog(&self) -> bool {
        matches!(
            self.state,
            State::Bom(_)
                | State::Misc
                | State::Open
                | State::Pi { .. }
                | State::Bang
                | State::BangDash
                | State::DoctypeKeyword(_)
                | State::Doctype { .. }
                | State::Comment { .. }
        )
    }

    fn in_tag(&self) -> bool {
        matches!(
            self.state,
            State::RootName
                | State::BeforeAttr
                | State::AttrName
                | State::AfterAttrName
                | State::BeforeValue
                | State::Value { .. }
        )
    }

    /// Whether to give up rather than read the byte at `pos`: the root's `<` must come before
    /// [`PROLOG_MAX`], and its start tag end within [`TAG_MAX`] bytes.
    fn limit_reached(&self) -> Option<State> {
        // In `Open`, the `<` just read may be the root's: let its name start.
        if self.in_prolog() && self.state != State::Open && self.pos >= PROLOG_MAX {
            return Some(State::Rejected);
        }
        if self.in_tag() && self.pos.saturating_sub(self.root_at) >= TAG_MAX {
            // A name cut short is not known to be `svg`.
            let unknown_name = self.state == State::RootName;
            return Some(if unknown_name {
                State::Rejected
            } else {
                State::Abandoned
            });
        }
        None
    }

    fn next_state(&mut self, byte: u8) -> State {
        match self.state {
            State::Bom(n) => self.bom(n, byte),
            State::Misc => misc(byte),
            State::Open => self.open(byte),
            State::Pi { question } => pi(question, byte),
            State::Bang => bang(byte),
            State::BangDash => bang_dash(byte),
            State::DoctypeKeyword(n) => doctype_keyword(n, byte),
            State::Doctype { quote, depth } => doctype(quote, depth, byte),
            State::Comment { dashes } => comment(dashes, byte),
            State::RootName => self.root_name(byte),
            State::BeforeAttr => self.before_attr(byte),
            State::AttrName => self.attr_name(byte),
            State::AfterAttrName => after_attr_name(byte),
            State::BeforeValue => self.before_value(byte),
            State::Value { quote } => self.value_byte(quote, byte),
            done @ (State::Complete | State::Abandoned | State::Rejected) => done,
        }
    }

    /// A BOM is all or nothing: its first byte commits to the other two.
    fn bom(&mut self, matched: u8, byte: u8) -> State {
        let at = usize::from(matched);
        if BOM.get(at) == Some(&byte) {
            return if at + 1 == BOM.len() {
                State::Misc
            } else {
                State::Bom(matched + 1)
            };
        }
        if matched > 0 {
            return State::Rejected;
        }
        self.state = State::Misc;
        self.next_state(byte)
    }

    fn open(&mut self, byte: u8) -> State {
        match byte {
            b'?' => State::Pi { question: false },
            b'!' => State::Bang,
            b if is_name_start(b) => {
                self.root_at = self.pos.saturating_sub(1); // `pos` is this byte, after the `<`
                self.name = NameTail::default();
                self.name.push(b);
                State::RootName
            }
            _ => State::Rejected,
        }
    }

    fn root_name(&mut self, byte: u8) -> State {
        if is_name_char(byte) {
            self.name.push(byte);
            return State::RootName;
        }
        if !self.name.is_svg() {
            return State::Rejected;
        }
        match byte {
            b if b.is_ascii_whitespace() => State::BeforeAttr,
            b'>' | b'/' => State::Complete,
            _ => State::Rejected,
        }
    }

    /// `/` ends the tag as surely as `>` does: only `/>` may follow it.
    fn before_attr(&mut self, byte: u8) -> State {
        match byte {
            b if b.is_ascii_whitespace() => State::BeforeAttr,
            b'>' | b'/' => State::Complete,
            b if is_name_start(b) => {
                self.name = NameTail::default();
                self.name.push(b);
                State::AttrName
            }
            _ => State::Abandoned,
        }
    }

    fn attr_name(&mut self, byte: u8) -> State {
        match byte {
            b if is_name_char(b) => {
                self.name.push(b);
                State::AttrName
            }
            b if b.is_ascii_whitespace() => State::AfterAttrName,
            b'=' => State::BeforeValue,
            _ => State::Abandoned,
        }
    }

    fn before_value(&mut self, byte: u8) -> State {
        match byte {
            b if b.is_ascii_whitespace() => State::BeforeValue,
            b'"' | b'\'' => {
                self.attr = self.name.attr();
                self.value_len = 0;
                self.value_overflow = false;
                State::Value { quote: byte }
            }
            _ => State::Abandoned,
        }
    }

    fn value_byte(&mut self, quote: u8, byte: u8) -> State {
        if byte == quote {
            self.end_value();
            return State::BeforeAttr;
        }
        if self.attr != Attr::Other {
            match self.value.get_mut(self.value_len) {
                Some(slot) => {
                    *slot = byte;
                    self.value_len += 1;
                }
                None => self.value_overflow = true,
            }
        }
        State::Value { quote }
    }

    fn end_value(&mut self) {
        let value = match self.value.get(..self.value_len) {
            Some(value) if !self.value_overflow => value,
            _ => b"",
        };
        match self.attr {
            Attr::Width => self.width = parse_length(value),
            Attr::Height => self.height = parse_length(value),
            Attr::ViewBox => self.view_box = parse_view_box(value),
            Attr::Other => {}
        }
    }
}

fn misc(byte: u8) -> State {
    match byte {
        b'<' => State::Open,
        b if b.is_ascii_whitespace() => State::Misc,
        _ => State::Rejected,
    }
}

fn pi(question: bool, byte: u8) -> State {
    match byte {
        b'>' if question => State::Misc,
        b'?' => State::Pi { question: true },
        _ => State::Pi { question: false },
    }
}

fn bang(byte: u8) -> State {
    match byte {
        b'-' => State::BangDash,
        b if b.eq_ignore_ascii_case(&b'D') => State::DoctypeKeyword(1),
        _ => State::Rejected, // CDATA or other declarations cannot come before the root
    }
}

fn bang_dash(byte: u8) -> State {
    match byte {
        b'-' => State::Comment { dashes: 0 },
        _ => State::Rejected,
    }
}

fn doctype_keyword(matched: u8, byte: u8) -> State {
    let at = usize::from(matched);
    match DOCTYPE.get(at) {
        Some(expected) if expected.eq_ignore_ascii_case(&byte) => State::DoctypeKeyword(matched + 1),
        None if byte.is_ascii_whitespace() => State::Doctype { quote: None, depth: 0 },
        _ => State::Rejected,
    }
}

/// Quoted literals and an internal subset (`[...]`) may hold `>`: only a bare one ends the doctype.
fn doctype(quote: Option<u8>, depth: u8, byte: u8) -> State {
    let (quote, depth) = match (quote, byte) {
        (Some(q), b) if b == q => (None, depth),
        (Some(q), _) => (Some(q), depth),
        (None, b'"' | b'\'') => (Some(byte), depth),
        (None, b'[') => (None, depth.saturating_add(1)),
        (None, b']') => (None, depth.saturating_sub(1)),
        (None, b'>') if depth == 0 => return State::Misc,
        (None, _) => (None, depth),
    };
    State::Doctype { quote, depth }
}

fn comment(dashes: u8, byte: u8) -> State {
    match byte {
        b'>' if dashes >= 2 => State::Misc,
        b'-' => State::Comment {
            dashes: dashes.saturating_add(1).min(2),
        },
        _ => State::Comment { dashes: 0 },
    }
}

fn after_attr_name(byte: u8) -> State {
    match byte {
        b if b.is_ascii_whitespace() => State::AfterAttrName,
        b'=' => State::BeforeValue,
        _ => State::Abandoned,
    }
}

/// XML name characters, ASCII ones spelled out; any non-ASCII byte is taken as part of a name.
fn is_name_start(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte == b':' || byte >= 0x80
}

fn is_name_char(byte: u8) -> bool {
    is_name_start(byte) || byte.is_ascii_digit() || byte == b'-' || byte == b'.'
}

/// Whether `text` holds an SVG root element (its name, at least) after a valid prolog.
pub(super) fn is_svg(text: &[u8]) -> bool {
    let mut scanner = SvgScanner::default();
    scanner.scan(text);
    scanner.is_svg()
}

/// The rendered size, as a browser sizes an `<img>` of the file: `width` and `height` when both
/// are absolute; one of them with the other from the `viewBox` aspect ratio; else the `viewBox`
/// size. Rounded to whole pixels; zero or above [`MAX_SIDE`] is unknown.
fn resolve_size(width: Option<f64>, height: Option<f64>, view_box: Option<(f64, f64)>) -> (Option<u32>, Option<u32>) {
    let (width, height) = match (width, height, view_box) {
        (Some(w), None, Some((vw, vh))) => (Some(w), Some(w * vh / vw)),
        (None, Some(h), Some((vw, vh))) => (Some(h * vw / vh), Some(h)),
        (None, None, Some((vw, vh))) => (Some(vw), Some(vh)),
        (w, h, _) => (w, h),
    };
    (width.and_then(to_pixels), height.and_then(to_pixels))
}

fn to_pixels(value: f64) -> Option<u32> {
    let rounded = value.round();
    // NaN fails both comparisons; the cast is exact for whole numbers in range.
    (1.0..=MAX_SIDE).contains(&rounded).then_some(rounded as u32)
}

/// An absolute length: a positive number, unitless or in `px`. Relative units (`%`, `em`) and
/// physical ones are `None`: they do not give a pixel size by themselves.
fn parse_length(value: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(value)
        .ok()?
        .trim_matches(|c: char| c.is_ascii_whitespace());
    let number = text.strip_suffix("px").unwrap_or(text);
    parse_number(number).filter(|&n| n > 0.0)
}

/// `min-x min-y width height`, separated by whitespace and/or one comma; width and height positive.
fn parse_view_box(value: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(value).ok()?;
    let mut numbers = [0.0; 4];
    let mut count = 0;
    for piece in text.split(',') {
        let mut tokens = piece.split_ascii_whitespace().peekable();
        tokens.peek()?; // an empty piece: a leading, trailing or doubled comma
        for token in tokens {
            *numbers.get_mut(count)? = parse_number(token)?;
            count += 1;
        }
    }
    let [_, _, width, height] = numbers;
    (count == 4 && width > 0.0 && height > 0.0).then_some((width, height))
}

/// An SVG number: optional sign, digits with an optional fraction, optional exponent.
fn parse_number(text: &str) -> Option<f64> {
    crate::core::decimal::parse_decimal(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &[u8]) -> SvgScanner {
        let mut scanner = SvgScanner::default();
        scanner.scan(text);
        scanner
    }

    #[test]
    fn numbers() {
        for (text, expected) in [
            ("1024", Some(1024.0)),
            ("+1.5", Some(1.5)),
            ("-2", Some(-2.0)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("1e3", Some(1000.0)),
            ("1.5E-1", Some(0.15)),
        ] {
            assert_eq!(parse_number(text), expected, "{text}");
        }
        for text in [
            "", "-", ".", "e3", "1e", "1e+", "inf", "NaN", "1x", "1 2", "0x10", "1,5", "--1",
        ] {
            assert_eq!(parse_number(text), None, "{text}");
        }
    }

    #[test]
    fn lengths() {
        assert_eq!(parse_length(b"1024"), Some(1024.0));
        assert_eq!(parse_length(b" 512px "), Some(512.0));
        assert_eq!(parse_length(b"1e2px"), Some(100.0));
        for text in [&b"100%"[..], b"10em", b"2in", b"px", b"0", b"-5", b"5 px", b"\xFF"] {
            assert_eq!(parse_length(text), None, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn view_boxes() {
        assert_eq!(parse_view_box(b"0 0 300 200"), Some((300.0, 200.0)));
        assert_eq!(parse_view_box(b"-10,-10,300,200"), Some((300.0, 200.0)));
        assert_eq!(parse_view_box(b" 0 , 0\t300\n,200 "), Some((300.0, 200.0)));
        for text in [
            &b"0 0 300"[..],
            b"0 0 300 200 1",
            b"0,,0,300,200",
            b",0 0 300 200",
            b"0 0 300 200,",
            b"0 0 -300 200",
            b"0 0 300 0",
            b"0 0 a 200",
            b"",
        ] {
            assert_eq!(parse_view_box(text), None, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn size_resolution() {
        let vb = Some((300.0, 200.0));
        assert_eq!(resolve_size(Some(64.0), Some(32.0), vb), (Some(64), Some(32)));
        assert_eq!(resolve_size(None, None, vb), (Some(300), Some(200)));
        assert_eq!(
            resolve_size(Some(600.0), None, vb),
            (Some(600), Some(400)),
            "aspect from viewBox"
        );
        assert_eq!(
            resolve_size(None, Some(100.0), vb),
            (Some(150), Some(100)),
            "aspect from viewBox"
        );
        assert_eq!(resolve_size(Some(64.0), None, None), (Some(64), None));
        assert_eq!(resolve_size(None, None, None), (None, None));
        assert_eq!(
            resolve_size(Some(1023.5), Some(0.4), None),
            (Some(1024), None),
            "rounded"
        );
        assert_eq!(resolve_size(Some(1e7), Some(1e6), None), (None, Some(1_000_000)));
        assert_eq!(resolve_size(Some(f64::MAX), Some(f64::MAX), None), (None, None));
    }

    #[test]
    fn names() {
        for (text, svg) in [
            (&b"<svg>"[..], true),
            (b"<svg/>", true),
            (b"<svg:svg\n", true),
            (b"<a.b-c:svg ", true),
            (b"<svgx>", false),
            (b"<SVG>", false),
            (b"<:svg>", false),
            (b"<a:b:svg>", false),
            (b"<xsvg>", false),
            (b"<svg:svgx>", false),
            (b"<svg=", false),
            (b"<html>", false),
        ] {
            assert_eq!(scan(text).is_svg(), svg, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn attribute_names_are_exact() {
        let scanner = scan(b"<svg xwidth='1' widthx='2' viewbox='0 0 3 4' height='5' width='6'>");
        assert_eq!(scanner.size(), (Some(6), Some(5)));
        let scanner = scan(b"<svg data-width='1' svg:height='2'>");
        assert_eq!(scanner.size(), (None, None));
    }

    #[test]
    fn long_values_are_unknown() {
        let long = format!("<svg width='{}1' height='2'>", "0".repeat(VALUE_CAP));
        assert_eq!(scan(long.as_bytes()).size(), (None, Some(2)));
        let fits = format!("<svg width='{}1' height='2'>", "0".repeat(VALUE_CAP - 1));
        assert_eq!(scan(fits.as_bytes()).size(), (Some(1), Some(2)));
    }

    #[test]
    fn malformed_tags_abandon_the_size() {
        for text in [
            &b"<svg width='1' height='2' =>"[..],
            b"<svg width=1 height=2>",
            b"<svg width 'x'>",
        ] {
            let scanner = scan(text);
            assert!(
                scanner.is_svg() && scanner.is_over(),
                "{:?}",
                String::from_utf8_lossy(text)
            );
            assert_eq!(scanner.size(), (None, None));
        }
    }

    #[test]
    fn bounds() {
        let just_fits = [
            b" ".repeat(PROLOG_MAX as usize - 1),
            b"<svg width='1' height='2'>".to_vec(),
        ]
        .concat();
        assert_eq!(scan(&just_fits).size(), (Some(1), Some(2)));
        let too_long = [b" ".repeat(PROLOG_MAX as usize), b"<svg>".to_vec()].concat();
        let scanner = scan(&too_long);
        assert!(scanner.is_over() && !scanner.is_svg());
        // The tag: TAG_MAX bytes from its `<` to its `>` inclusive is the longest read.
        let tag = |len: usize| {
            let head = b"<svg width='1' height='2' data-x='";
            let pad = "x".repeat(len - head.len() - 2);
            [head.as_slice(), pad.as_bytes(), b"'>"].concat()
        };
        assert_eq!(scan(&tag(TAG_MAX as usize)).size(), (Some(1), Some(2)));
        let scanner = scan(&tag(TAG_MAX as usize + 1));
        assert!(scanner.is_over() && scanner.is_svg());
        assert_eq!(scanner.size(), (None, None));
        // A root name that never ends is not SVG.
        let name = [b"<svg".as_slice(), &b"g".repeat(TAG_MAX as usize)].concat();
        let scanner = scan(&name);
        assert!(scanner.is_over() && !scanner.is_svg());
    }

    #[test]
    fn prolog_items() {
        let ok = [
            &b"\xEF\xBB\xBF<svg>"[..],
            b"  \r\n\t<svg>",
            b"<?xml version='1.0'?><svg>",
            b"<?pi a?b>c ?><svg>",
            b"<!-- a - b -- > c --><svg>",
            b"<!----><svg>",
            b"<!doctype svg><svg>",
            b"<!DOCTYPE svg [ <!ENTITY a '>]'> ]><svg>",
        ];
        for text in ok {
            assert!(scan(text).is_svg(), "{:?}", String::from_utf8_lossy(text));
        }
        let bad = [
            &b"\xEF\xBB<svg>"[..],
            b"x<svg>",
            b"<![CDATA[x]]><svg>",
            b"<!-x--><svg>",
            b"<!DOCTYPEsvg><svg>",
            b"</svg>",
            b"< svg>",
        ];
        for text in bad {
            let scanner = scan(text);
            assert!(
                scanner.is_over() && !scanner.is_svg(),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
        // `<!--->` does not close the comment it opens.
        assert!(!scan(b"<!---><svg>-->").is_svg());
        assert!(scan(b"<!---><svg>--><svg>").is_svg());
    }
}
