//! Helpers shared by the fuzz targets: how an input names the offsets its bytes are split at.

pub mod rules;
pub mod words;

/// Splits a fuzz input into how to feed it and the payload.
///
/// Layout: one header byte `h`; `h & 0x0F` cut offsets follow as little-endian `u16`s; the rest is
/// the payload. `h & 0x10` asks for byte-at-a-time feeding instead; `h >> 5` is free for a target's
/// own choices. A seed made of a `0x00` byte and a file feeds that file in one piece.
pub fn split_input(data: &[u8]) -> (Feed, &[u8]) {
    let Some((&header, rest)) = data.split_first() else {
        return (Feed::default(), data);
    };
    let count = usize::from(header & 0x0F);
    let cuts: Vec<u16> = rest
        .chunks_exact(2)
        .take(count)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let payload = rest.get(cuts.len() * 2..).unwrap_or_default();
    (
        Feed {
            cuts,
            bytewise: header & 0x10 != 0,
            flags: header >> 5,
        },
        payload,
    )
}

/// How to feed a byte string: the fuzzer's cut offsets, or one byte at a time.
#[derive(Debug, Default, Clone)]
pub struct Feed {
    /// Raw offsets, taken modulo `len + 1` of whatever is split (so every one is in range; equal
    /// ones make empty chunks).
    pub cuts: Vec<u16>,
    /// Feed one byte at a time (overrides `cuts`).
    pub bytewise: bool,
    /// The header's top three bits, free for a target's own choices.
    pub flags: u8,
}

impl Feed {
    /// `bytes` cut at the fuzzer's offsets, in order: their concatenation is `bytes`.
    pub fn chunks<'a>(&self, bytes: &'a [u8]) -> Vec<&'a [u8]> {
        if self.bytewise && bytes.len() <= 1 << 16 {
            return bytes.chunks(1).collect();
        }
        let modulus = bytes.len() + 1;
        let mut cuts: Vec<usize> = self.cuts.iter().map(|&c| usize::from(c) % modulus).collect();
        cuts.sort_unstable();
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut at = 0;
        for cut in cuts {
            out.push(&bytes[at..cut]);
            at = cut;
        }
        out.push(&bytes[at..]);
        out
    }
}

/// A JSON value built from fuzz bytes (bounded depth and size), for targets that want valid JSON
/// more often than mutated text gives it. `words` seeds strings and keys with names the parser
/// looks for.
pub fn arbitrary_json(u: &mut arbitrary::Unstructured, words: &[&str], depth: u32) -> arbitrary::Result<serde_json::Value> {
    use serde_json::Value;
    let choice: u8 = u.int_in_range(0..=if depth == 0 { 5 } else { 7 })?;
    Ok(match choice {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => serde_json::Number::from_f64(u.arbitrary::<f64>()?).map_or(Value::Null, Value::Number),
        4 => Value::String(arbitrary_word(u, words)?),
        5 => Value::from(u.int_in_range::<i64>(-3..=70)?),
        6 => {
            let len = u.int_in_range(0..=4)?;
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(arbitrary_json(u, words, depth - 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let len = u.int_in_range(0..=6)?;
            let mut map = serde_json::Map::new();
            for _ in 0..len {
                let key = arbitrary_word(u, words)?;
                map.insert(key, arbitrary_json(u, words, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// One of `words`, or an arbitrary string.
pub fn arbitrary_word(u: &mut arbitrary::Unstructured, words: &[&str]) -> arbitrary::Result<String> {
    if !words.is_empty() && u.ratio(3, 4)? {
        return Ok((*u.choose(words)?).to_owned());
    }
    u.arbitrary::<String>()
}
