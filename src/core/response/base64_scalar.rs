//! Scalar base64 decoding, for what the vector decoder leaves: a value's last block, its padding,
//! the block with a bad byte, and everything where `simd128` is absent (native tests, fuzzing).
//!
//! The rules are the base64 crate's `decode_slice` with the standard alphabet, padding optional
//! (`DecodePaddingMode::Indifferent`) and no stray bits in the last symbol: the same texts are
//! accepted, give the same bytes, and fail with the same fault at the same offset. The tests and
//! the fuzz targets hold it to the crate, which stays a dev-dependency; the crate's unrolled
//! decoder was 4.7 KB of the .wasm for what is here at most a block and a quad per value
//! (`node tests/size/budget.mjs`, 2026-12-03).

/// Why base64 text could not be decoded; offsets count from the start of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A byte that is no symbol there: outside the alphabet, or `=` before the end.
    InvalidByte(usize, u8),
    /// A lone symbol after the last whole quad: half a byte.
    InvalidLength(usize),
    /// The last symbol sets bits that no decoded byte holds (a non-canonical ending).
    InvalidLastSymbol(usize, u8),
}

impl Fault {
    /// The same fault in a text that starts `by` characters earlier.
    #[must_use]
    pub fn shifted(self, by: usize) -> Self {
        match self {
            Self::InvalidByte(at, byte) => Self::InvalidByte(at + by, byte),
            Self::InvalidLength(at) => Self::InvalidLength(at + by),
            Self::InvalidLastSymbol(at, byte) => Self::InvalidLastSymbol(at + by, byte),
        }
    }

    /// What went wrong, counting characters from `base` (where this text starts in the value).
    pub fn message(self, base: u64) -> String {
        let at = |offset: usize| base + offset as u64;
        match self {
            Self::InvalidByte(offset, b'=') => {
                format!(
                    "invalid base64: padding ('=') at character {} comes before the end",
                    at(offset)
                )
            }
            Self::InvalidByte(offset, byte) => format!(
                "invalid base64: {} at character {} is not a base64 symbol",
                shown(byte),
                at(offset)
            ),
            Self::InvalidLength(offset) => {
                format!(
                    "invalid base64: it ends in the middle of a byte (character {})",
                    at(offset)
                )
            }
            Self::InvalidLastSymbol(offset, byte) => format!(
                "invalid base64: the last symbol, {} at character {}, sets bits no byte holds",
                shown(byte),
                at(offset)
            ),
        }
    }
}

/// A byte of the server's text as a message shows it: printable ASCII quoted, else its value.
fn shown(byte: u8) -> String {
    match byte.is_ascii_graphic() {
        true => format!("'{}'", char::from(byte)),
        false => format!("byte {byte}"),
    }
}

/// The 6-bit value of a standard-alphabet symbol.
fn symbol(byte: u8) -> Option<u32> {
    let value = match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// Decodes `input` (whole quads, then an ending of two to four symbols and padding) into `out`,
/// which has room for `input.len().div_ceil(4) * 3` bytes (any beyond its end are dropped).
/// Returns the bytes decoded.
///
/// # Errors
/// The first fault, in the order the base64 crate finds them.
pub fn decode(input: &[u8], out: &mut [u8]) -> Result<usize, Fault> {
    let rem = input.len() % 4;
    // The crate looks at a lone trailing byte first.
    if let (1, Some(&last)) = (rem, input.last()) {
        if last != b'=' && symbol(last).is_none() {
            return Err(Fault::InvalidByte(input.len() - 1, last));
        }
    }
    // Every quad but the last is four symbols.
    let body = input.len().saturating_sub(if rem == 0 { 4 } else { rem });
    let (quads, ending) = input.split_at(body);
    let mut written = 0;
    let mut put = |word: u32, bytes: usize| {
        for byte in word.to_be_bytes().iter().take(bytes) {
            if let Some(slot) = out.get_mut(written) {
                *slot = *byte;
            }
            written += 1;
        }
    };
    for (q, quad) in quads.chunks_exact(4).enumerate() {
        let mut word = 0;
        for (i, &byte) in quad.iter().enumerate() {
            word = word << 6 | symbol(byte).ok_or(Fault::InvalidByte(q * 4 + i, byte))?;
        }
        put(word << 8, 3);
    }
    // The last quad: at least two symbols, then padding (any amount up to the quad's end).
    let (mut word, mut symbols, mut first_pad, mut last) = (0u32, 0usize, None, 0u8);
    for (i, &byte) in ending.iter().enumerate() {
        let at = body + i;
        if byte == b'=' {
            if i < 2 {
                return Err(Fault::InvalidByte(at, byte));
            }
            first_pad.get_or_insert(at);
            continue;
        }
        if let Some(pad) = first_pad {
            return Err(Fault::InvalidByte(pad, b'='));
        }
        let value = symbol(byte).ok_or(Fault::InvalidByte(at, byte))?;
        word |= value << (26 - 6 * symbols);
        symbols += 1;
        last = byte;
    }
    if !ending.is_empty() && symbols < 2 {
        return Err(Fault::InvalidLength(body + symbols));
    }
    let bytes = symbols * 6 / 8;
    if word & (u32::MAX >> (bytes * 8)) != 0 {
        return Err(Fault::InvalidLastSymbol(body + symbols - 1, last));
    }
    put(word, bytes);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::{DecodeError, DecodeSliceError, Engine};

    const CRATE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );

    /// The crate's answer in this module's terms.
    fn crate_decode(input: &[u8]) -> Result<Vec<u8>, Fault> {
        let mut out = vec![0; input.len().div_ceil(4) * 3];
        match CRATE.decode_slice(input, &mut out) {
            Ok(n) => Ok(out[..n].to_vec()),
            Err(DecodeSliceError::DecodeError(DecodeError::InvalidByte(at, byte))) => Err(Fault::InvalidByte(at, byte)),
            Err(DecodeSliceError::DecodeError(DecodeError::InvalidLength(at))) => Err(Fault::InvalidLength(at)),
            Err(DecodeSliceError::DecodeError(DecodeError::InvalidLastSymbol(at, byte))) => {
                Err(Fault::InvalidLastSymbol(at, byte))
            }
            Err(other) => panic!("the crate failed in a way this decoder has no fault for: {other:?}"),
        }
    }

    fn ours(input: &[u8]) -> Result<Vec<u8>, Fault> {
        let mut out = vec![0; input.len().div_ceil(4) * 3];
        decode(input, &mut out).map(|n| out[..n].to_vec())
    }

    #[test]
    fn every_short_text_over_a_telling_alphabet_is_read_as_the_crate_reads_it() {
        // Symbols with no stray bits in any position (A, Q, g, w), ones with them (B, /), padding,
        // and bytes outside the alphabet (*, a space, a high byte): every text up to six long.
        let alphabet = b"AQgwB/=* \xC3";
        let mut texts = vec![Vec::new()];
        for _ in 0..6 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, Vec::len))
                .flat_map(|t| alphabet.iter().map(move |&b| [t.as_slice(), &[b]].concat()))
                .collect();
            texts.extend(longer);
        }
        assert!(texts.len() > 1_000_000);
        for text in &texts {
            assert_eq!(
                ours(text),
                crate_decode(text),
                "for {:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn long_texts_and_a_bad_byte_anywhere_agree_with_the_crate() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(300).collect();
        for len in 0..bytes.len() {
            for text in [
                base64::engine::general_purpose::STANDARD.encode(&bytes[..len]),
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(&bytes[..len]),
            ] {
                assert_eq!(ours(text.as_bytes()).unwrap(), &bytes[..len]);
                if len % 17 == 0 {
                    for at in 0..text.len() {
                        for bad in [b'=', b'-', b'\n'] {
                            let mut broken = text.clone().into_bytes();
                            broken[at] = bad;
                            assert_eq!(ours(&broken), crate_decode(&broken), "len {len} at {at}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn messages_name_the_character_in_the_whole_value() {
        assert_eq!(
            ours(b"aGk*").unwrap_err().message(100),
            "invalid base64: '*' at character 103 is not a base64 symbol"
        );
        assert_eq!(
            ours(b"aG=kaGk=").unwrap_err().message(0),
            "invalid base64: padding ('=') at character 2 comes before the end"
        );
        assert_eq!(
            ours(b"aGl\n").unwrap_err().message(0),
            "invalid base64: byte 10 at character 3 is not a base64 symbol"
        );
        assert_eq!(
            ours(b"aGl=").unwrap_err().message(4),
            "invalid base64: the last symbol, 'l' at character 6, sets bits no byte holds"
        );
        assert_eq!(
            ours(b"aGlh=").unwrap_err().message(0),
            "invalid base64: padding ('=') at character 4 comes before the end"
        );
    }
}
