//! Incremental base64 decoding: input arrives in chunks split anywhere, even inside a quad.

use crate::core::response::base64_scalar::{self, Fault};
use crate::core::response::simd;

/// Why base64 could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64Error(pub String);

/// Decodes base64 fed in pieces, appending bytes to a caller's buffer.
#[derive(Debug, Default)]
pub struct Base64Stream {
    carry: [u8; 4],
    carry_len: usize,
    padded: bool,
    decoded: u64,
    /// Characters handed to `decode_whole` so far: where in the value an error is.
    seen: u64,
}

impl Base64Stream {
    /// A decoder at the start of a value.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes decoded so far.
    pub fn decoded_len(&self) -> u64 {
        self.decoded
    }

    /// Decodes `input` (base64 characters only), appending to `out`.
    ///
    /// # Errors
    /// On a character outside the alphabet, or data after padding.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Base64Error> {
        let room = self.room_for(input.len());
        append_with(out, room, |room| self.push_into(input, room))
    }

    /// At most how many bytes pushing `chars` more characters writes.
    pub fn room_for(&self, chars: usize) -> usize {
        (self.carry_len + chars) / 4 * 3
    }

    /// Decodes `input` (base64 characters only) into the front of `out`, which has at least
    /// [`room_for`](Self::room_for) bytes; returns how many it wrote.
    ///
    /// # Errors
    /// On a character outside the alphabet, or data after padding.
    pub fn push_into(&mut self, mut input: &[u8], out: &mut [u8]) -> Result<usize, Base64Error> {
        if input.is_empty() {
            return Ok(0);
        }
        if self.padded {
            return Err(Base64Error("data continues after base64 padding".into()));
        }
        let mut written = 0;
        if self.carry_len > 0 {
            let take = (4 - self.carry_len).min(input.len());
            let slot = self.carry.get_mut(self.carry_len..self.carry_len + take);
            if let (Some(slot), Some(head)) = (slot, input.get(..take)) {
                slot.copy_from_slice(head);
            }
            self.carry_len += take;
            input = input.get(take..).unwrap_or_default();
            if self.carry_len < 4 {
                return Ok(0);
            }
            let quad = self.carry;
            self.carry_len = 0;
            written = self.decode_whole(&quad, out)?;
            if input.is_empty() {
                return Ok(written);
            }
            if self.padded {
                return Err(Base64Error("data continues after base64 padding".into()));
            }
        }
        let whole = input.len() / 4 * 4;
        let (body, rest) = input.split_at(whole);
        written += self.decode_whole(body, out.get_mut(written..).unwrap_or_default())?;
        if !rest.is_empty() && self.padded {
            return Err(Base64Error("data continues after base64 padding".into()));
        }
        // `rest` is shorter than a quad, so it fits the carry.
        if let Some(slot) = self.carry.get_mut(..rest.len()) {
            slot.copy_from_slice(rest);
        }
        self.carry_len = rest.len();
        Ok(written)
    }

    /// Ends the value, decoding an unpadded tail.
    ///
    /// # Errors
    /// When the tail cannot be a base64 ending (a single leftover character).
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), Base64Error> {
        append_with(out, 3, |room| self.finish_into(room))
    }

    /// Ends the value, decoding an unpadded tail into the front of `out` (room for 3 bytes does);
    /// returns how many bytes it wrote.
    ///
    /// # Errors
    /// When the tail cannot be a base64 ending (a single leftover character).
    pub fn finish_into(&mut self, out: &mut [u8]) -> Result<usize, Base64Error> {
        let tail = self.carry;
        let len = self.carry_len;
        self.carry_len = 0;
        match len {
            0 => Ok(0),
            1 => Err(Base64Error("base64 ends in the middle of a byte".into())),
            _ => self.decode_whole(tail.get(..len).unwrap_or_default(), out),
        }
    }

    /// Decodes complete quads (or the final unpadded tail) into `out`; returns the bytes written.
    fn decode_whole(&mut self, chars: &[u8], out: &mut [u8]) -> Result<usize, Base64Error> {
        if chars.is_empty() {
            return Ok(0);
        }
        let seen = self.seen;
        self.seen += chars.len() as u64;
        match decode_quads(chars, out) {
            Ok(written) => {
                self.decoded += written as u64;
                self.padded = chars.last() == Some(&b'=');
                Ok(written)
            }
            Err(fault) => Err(Base64Error(fault.message(seen))),
        }
    }
}

/// Appends what `write` puts in `room` zeroed bytes at the end of `out`.
fn append_with(
    out: &mut Vec<u8>,
    room: usize,
    write: impl FnOnce(&mut [u8]) -> Result<usize, Base64Error>,
) -> Result<(), Base64Error> {
    let start = out.len();
    grow_zeroed(out, room);
    let written = write(out.get_mut(start..).unwrap_or_default());
    out.truncate(start + *written.as_ref().unwrap_or(&0));
    written.map(|_| ())
}

/// Zeros to grow a buffer with before decoding into it. `Vec::resize` fills byte by byte at
/// opt-level "z" (it took half the decoder's time); `extend_from_slice` is one `memory.copy`.
/// Zero-initialised, so it costs no bytes in the .wasm file.
static ZEROS: [u8; 16 * 1024] = [0; 16 * 1024];

pub(crate) fn grow_zeroed(out: &mut Vec<u8>, mut len: usize) {
    out.reserve(len);
    while len > 0 {
        let take = len.min(ZEROS.len());
        out.extend_from_slice(ZEROS.get(..take).unwrap_or_default());
        len -= take;
    }
}

/// Decodes complete quads (or a final unpadded tail) into `out`, which has room for them; returns
/// the bytes written. The vector decoder takes the clean blocks, the scalar one the rest (padding,
/// the tail, the first bad block), and faults read as if the scalar decoder had seen all of `chars`.
/// (Public for the browser tests, which hold it to the base64 crate's output.)
///
/// # Errors
/// The first fault, with its offset in `chars`.
pub fn decode_quads(chars: &[u8], out: &mut [u8]) -> Result<usize, Fault> {
    let fast = simd::decode_blocks(chars, out);
    let written = fast / 4 * 3;
    let rest = chars.get(fast..).unwrap_or_default();
    match base64_scalar::decode(rest, out.get_mut(written..).unwrap_or_default()) {
        Ok(n) => Ok(written + n),
        Err(fault) => Err(fault.shifted(fast)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn encode(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn decode_in_pieces(text: &[u8], piece: usize) -> Result<Vec<u8>, Base64Error> {
        let mut s = Base64Stream::new();
        let mut out = Vec::new();
        for chunk in text.chunks(piece.max(1)) {
            s.push(chunk, &mut out)?;
        }
        s.finish(&mut out)?;
        Ok(out)
    }

    #[test]
    fn any_split_gives_the_same_bytes() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for len in [0, 1, 2, 3, 4, 5, 99, 1000] {
            let text = encode(&data[..len]);
            for piece in 1..=9 {
                assert_eq!(
                    decode_in_pieces(text.as_bytes(), piece).unwrap(),
                    &data[..len],
                    "len {len} piece {piece}"
                );
            }
            // Split once at every offset.
            for cut in 0..=text.len() {
                let mut s = Base64Stream::new();
                let mut out = Vec::new();
                s.push(&text.as_bytes()[..cut], &mut out).unwrap();
                s.push(&text.as_bytes()[cut..], &mut out).unwrap();
                s.finish(&mut out).unwrap();
                assert_eq!(out, &data[..len]);
                assert_eq!(s.decoded_len(), len as u64);
            }
        }
    }

    #[test]
    fn unpadded_input_is_accepted() {
        assert_eq!(decode_in_pieces(b"aGk", 2).unwrap(), b"hi");
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(decode_in_pieces(b"aGk*", 4).is_err());
        assert!(decode_in_pieces(b"aGk=aGk=", 8).is_err(), "data after padding");
        assert!(decode_in_pieces(b"aGk=aGk=", 1).is_err(), "data after padding, split");
        assert!(decode_in_pieces(b"aGkhY", 5).is_err(), "one leftover character");
    }
}
