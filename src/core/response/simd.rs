//! The two hot loops of response decoding, 16 bytes at a time with wasm `simd128`: finding where a
//! base64 value ends, and decoding its characters.
//!
//! Every current browser runs `simd128` (Chrome 91, Firefox 89, Safari 16.4); the package is built
//! with it (`-C target-feature=+simd128` in `.cargo/config.toml`). Elsewhere (native tests, the
//! fuzz crate) the scalar paths stand in: [`decode_blocks`] decodes nothing and the
//! caller's scalar decoder does all the work, [`find_string_end`] is a plain search. The browser
//! tests hold the vector paths to the scalar ones byte for byte (`tests/browser_decoder.rs`).

/// Decodes the longest prefix of `chars` made of whole 32-character pairs of blocks of standard
/// base64 symbols (no padding, no other byte) into `out`, 24 bytes per pair, while `out` has room.
/// Returns how many characters it consumed (a multiple of 32); the caller decodes the rest, so a
/// pair holding padding or a bad byte is left to the scalar decoder and its exact error.
pub(crate) fn decode_blocks(chars: &[u8], out: &mut [u8]) -> usize {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        vector::decode_blocks(chars, out)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let _ = (chars, out);
        0
    }
}

/// Where the first `"` or `\` in `bytes` is: the end of a base64 value or an escape inside it.
pub(crate) fn find_string_end(bytes: &[u8]) -> Option<usize> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        vector::find_string_end(bytes)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        scalar_find_string_end(bytes)
    }
}

fn scalar_find_string_end(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'"' || b == b'\\')
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod vector {
    use core::arch::wasm32::*;

    /// 16 bytes as a vector, without `unsafe`. Written so that LLVM makes it one `v128.load` even
    /// at opt-level "z" (sixteen byte lanes stay sixteen loads there: the decoder ran at half speed).
    #[inline(always)]
    fn load(block: &[u8; 16]) -> v128 {
        let word = u128::from_le_bytes(*block);
        u64x2(word as u64, (word >> 64) as u64)
    }

    // Wojciech Muła's lookup scheme ("Base64 decoding with SIMD instructions", 2016; as in
    // aklomp/base64's SSSE3 decoder): a byte is a symbol when its low-nibble class and its
    // high-nibble class share no bit; the high nibble (and whether the byte is '/') picks the offset
    // from ASCII to the 6-bit value.
    const LOW_NIBBLE_CLASS: v128 = u8x16(
        0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A,
    );
    const HIGH_NIBBLE_CLASS: v128 = u8x16(
        0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
    );
    // Indexed by the high nibble, minus one for '/': '/' +16, '+' +19, digits +4, A-Z -65, a-z -71.
    const OFFSET: v128 = i8x16(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    // The three bytes of each 32-bit lane, most significant first; lanes 12..16 are zeroed.
    const PACK: v128 = u8x16(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80);

    /// A block's symbol check (any bit set: not all 16 are symbols) and its 12 bytes, in the
    /// low 12 lanes.
    #[inline(always)]
    fn decode_block(block: &[u8; 16]) -> (v128, v128) {
        let text = load(block);
        let high = u8x16_shr(text, 4);
        let low = v128_and(text, u8x16_splat(0x0F));
        let classes = v128_and(
            u8x16_swizzle(LOW_NIBBLE_CLASS, low),
            u8x16_swizzle(HIGH_NIBBLE_CLASS, high),
        );
        let slash = i8x16_eq(text, u8x16_splat(b'/'));
        let sextets = i8x16_add(text, u8x16_swizzle(OFFSET, i8x16_add(high, slash)));
        // 00aaaaaa 00bbbbbb -> aaaaaabbbbbb per 16-bit lane, then two of those per 32-bit lane.
        let pairs = v128_or(
            u16x8_shl(v128_and(sextets, u16x8_splat(0x00FF)), 6),
            u16x8_shr(sextets, 8),
        );
        let words = v128_or(
            u32x4_shl(v128_and(pairs, u32x4_splat(0xFFFF)), 12),
            u32x4_shr(pairs, 16),
        );
        (classes, u8x16_swizzle(words, PACK))
    }

    /// The 12 decoded bytes of a block into `out`: an 8-byte and a 4-byte store.
    #[inline(always)]
    fn store(packed: v128, out: &mut [u8; 12]) {
        let (head, tail) = out.split_at_mut(8);
        if let (Some(head), Some(tail)) = (head.first_chunk_mut::<8>(), tail.first_chunk_mut::<4>()) {
            *head = u64x2_extract_lane::<0>(packed).to_le_bytes();
            *tail = u32x4_extract_lane::<2>(packed).to_le_bytes();
        }
    }

    pub(super) fn decode_blocks(chars: &[u8], out: &mut [u8]) -> usize {
        let mut consumed = 0;
        // Two blocks at a time with one symbol check for both: 3.1 → 4.0 GB/s in Chromium, 5.2 →
        // 5.7 in Firefox, 3.6 in WebKit either way (4 MiB of base64, best of 30; four blocks at
        // a time did no better, and a loop over eight was slower everywhere).
        for (text, dst) in chars.chunks_exact(32).zip(out.chunks_exact_mut(24)) {
            let (Some((a, b)), Some((da, db))) = (text.split_first_chunk::<16>(), dst.split_first_chunk_mut::<12>())
            else {
                break;
            };
            let (Some(b), Some(db)) = (b.first_chunk::<16>(), db.first_chunk_mut::<12>()) else {
                break;
            };
            let (ca, pa) = decode_block(a);
            let (cb, pb) = decode_block(b);
            if v128_any_true(v128_or(ca, cb)) {
                break;
            }
            store(pa, da);
            store(pb, db);
            consumed += 32;
        }
        consumed
    }

    pub(super) fn find_string_end(bytes: &[u8]) -> Option<usize> {
        let mut offset = 0;
        for block in bytes.chunks_exact(16) {
            let Some(block) = block.first_chunk::<16>() else {
                break;
            };
            let text = load(block);
            let hits = v128_or(i8x16_eq(text, u8x16_splat(b'"')), i8x16_eq(text, u8x16_splat(b'\\')));
            if v128_any_true(hits) {
                return Some(offset + i8x16_bitmask(hits).trailing_zeros() as usize);
            }
            offset += 16;
        }
        super::scalar_find_string_end(bytes.get(offset..).unwrap_or_default()).map(|i| offset + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scalar_search_finds_the_first_quote_or_backslash() {
        assert_eq!(find_string_end(b"QUJD\"rest"), Some(4));
        assert_eq!(find_string_end(b"QU\\/JD\""), Some(2));
        assert_eq!(find_string_end(b"QUJD"), None);
    }

    #[test]
    fn without_simd_the_vector_decoder_leaves_everything_to_the_scalar_one() {
        let mut out = [0u8; 12];
        assert_eq!(decode_blocks(b"QUJDREVGR0hJSktM", &mut out), 0);
    }
}
