//! Substring search for the few places that look for one string in another: a secret in a
//! message, a word in an error message, `image` in a model id. These texts are short (messages,
//! ids), so a plain scan does; core's `str::find` with a `&str` pattern brings its Two-Way
//! searcher, 1 KB of the gzipped package (`node tests/size/budget.mjs`, 2026-12-02). And joining
//! the parts of a message, where std's generic `join` was 1.1 KB of the .wasm (2026-12-03); and
//! counting characters, where `chars().count()` brings core's unrolled counter (0.8 KB).

/// The byte offset of the first `needle` in `haystack`. An empty needle is found at 0.
///
/// Matching UTF-8 bytes is matching characters: a valid needle cannot start or end inside one of
/// the haystack's characters.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// How many characters `text` has, as `text.chars().count()` says: the bytes that do not
/// continue a character.
pub fn char_count(text: &str) -> usize {
    text.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// `parts` with `separator` between them, as `[&str]::join` gives them.
pub fn joined<'a>(parts: impl IntoIterator<Item = &'a str>, separator: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(part);
    }
    out
}

/// `haystack` with every `needle` (non-empty, left to right, not overlapping) replaced by `with`.
pub fn replace(haystack: &str, needle: &str, with: &str) -> String {
    if needle.is_empty() {
        return haystack.to_owned();
    }
    let mut out = String::with_capacity(haystack.len());
    let mut rest = haystack;
    // `get`, not `split_at`: the match is on character boundaries, and `split_at`'s panic message
    // alone links core's Debug printing of chars and ranges (1.3 KB gzip).
    while let Some(at) = find(rest, needle) {
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str(with);
        rest = rest.get(at + needle.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_count_counts_as_chars_does() {
        for text in [
            "",
            "a",
            "é",
            "日本語",
            "a😀b",
            "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ] {
            assert_eq!(char_count(text), text.chars().count(), "{text:?}");
        }
    }

    #[test]
    fn agrees_with_std() {
        let texts = [
            "",
            "a",
            "aaa",
            "abcabcab",
            "key sk-123 and sk-123!",
            "Größe: 10 €, €€",
            "ababababa",
        ];
        let needles = [
            "",
            "a",
            "aa",
            "ab",
            "abc",
            "bab",
            "sk-123",
            "€",
            "€€",
            "ö",
            "x",
            "abcabcabc",
        ];
        for text in texts {
            for needle in needles {
                assert_eq!(find(text, needle), text.find(needle), "{text:?} / {needle:?}");
                assert_eq!(contains(text, needle), text.contains(needle), "{text:?} / {needle:?}");
                if !needle.is_empty() {
                    assert_eq!(
                        replace(text, needle, "[x]"),
                        text.replace(needle, "[x]"),
                        "{text:?} / {needle:?}"
                    );
                }
            }
        }
        assert_eq!(replace("abc", "", "x"), "abc");
    }

    #[test]
    fn joins_as_std_does() {
        let lists: [&[&str]; 5] = [&[], &[""], &["a"], &["a", "", "b"], &["1024x1024", "1536x1024", "auto"]];
        for parts in lists {
            for separator in ["", ", ", " or ", "€"] {
                assert_eq!(joined(parts.iter().copied(), separator), parts.join(separator));
            }
        }
    }
}
