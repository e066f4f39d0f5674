//! The UTF-8 byte order mark a body may start with. `Response.json()`, `Response.text()` and
//! `EventSource` drop it (the Fetch and SSE standards read bodies with "UTF-8 decode"), so a reader
//! of the raw bytes must too: some servers write one (.NET's `Encoding.UTF8` does by default).

pub(crate) const UTF8_BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// `body` without a leading BOM.
pub(crate) fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(UTF8_BOM).unwrap_or(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_bom_is_dropped() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBF[]"), b"[]");
        assert_eq!(strip_bom(b"\xEF\xBB\xBF\xEF\xBB\xBF[]"), b"\xEF\xBB\xBF[]");
        for kept in [&b"[]"[..], b"\xEF\xBB[]", b" \xEF\xBB\xBF[]", b""] {
            assert_eq!(strip_bom(kept), kept);
        }
    }
}
