//! Decimal numbers in text (SVG lengths, `retry-after` headers) without `f64::from_str`.
//!
//! core's general float parser brings ~14 KB of code and power-of-five tables into the wasm
//! (measured 2026-12-02) to round every input exactly; these inputs become whole pixels or
//! milliseconds, so a number is exact up to 15 significant digits and exponents within ±22, and
//! within a few units in the last place beyond.

/// `[+-] digits [. digits] [(e|E) [+-] digits]`, at least one digit before the exponent (`5.` and
/// `.5` are numbers); nothing else, so no `inf`, `NaN`, hex or surrounding spaces. `None` also for
/// a finite-looking number too large for `f64`.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            at = 1;
            true
        }
        Some(b'+') => {
            at = 1;
            false
        }
        _ => false,
    };
    // Up to 19 significant digits fit a u64; later ones only move the decimal exponent.
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    let mut exponent: i64 = 0;
    let mut digits = 0;
    let mut accumulate = |digit: u8, in_fraction: bool, exponent: &mut i64| {
        if significant < 19 {
            mantissa = mantissa * 10 + u64::from(digit - b'0');
            if mantissa > 0 {
                significant += 1;
            }
            if in_fraction {
                *exponent -= 1;
            }
        } else if !in_fraction {
            *exponent += 1;
        }
    };
    while let Some(&digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
        accumulate(digit, false, &mut exponent);
        digits += 1;
        at += 1;
    }
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        while let Some(&digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            accumulate(digit, true, &mut exponent);
            digits += 1;
            at += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        let sign = match bytes.get(at) {
            Some(b'-') => {
                at += 1;
                -1
            }
            Some(b'+') => {
                at += 1;
                1
            }
            _ => 1,
        };
        let mut written: i64 = 0;
        let mut exponent_digits = 0;
        while let Some(&digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
            // Saturates far beyond any f64 exponent, so a long run of digits cannot overflow.
            written = (written * 10 + i64::from(digit - b'0')).min(1_000_000);
            exponent_digits += 1;
            at += 1;
        }
        if exponent_digits == 0 {
            return None;
        }
        exponent += sign * written;
    }
    if at != bytes.len() {
        return None;
    }
    let magnitude = scale(mantissa, exponent);
    magnitude
        .is_finite()
        .then_some(if negative { -magnitude } else { magnitude })
}

/// `mantissa · 10^exponent`: exact (one correctly rounded operation) when the mantissa has at most
/// 53 bits and |exponent| ≤ 22, where both factors are exact in `f64` (Clinger's fast path).
fn scale(mantissa: u64, exponent: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    let value = mantissa as f64;
    let exponent = exponent.clamp(-400, 400) as i32;
    if exponent >= 0 {
        value * 10f64.powi(exponent)
    } else if exponent >= -22 {
        value / 10f64.powi(-exponent)
    } else {
        // Two steps keep 10^-exponent from overflowing to infinity before the division.
        value / 1e22 / 10f64.powi(-exponent - 22)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    #[test]
    fn the_grammar() {
        for (text, expected) in [
            ("1024", 1024.0),
            ("+1.5", 1.5),
            ("-2", -2.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("1e3", 1000.0),
            ("1.5E-1", 0.15),
            ("250.2", 250.2),
            ("0", 0.0),
            ("-0.0", 0.0),
            ("007", 7.0),
            ("1e+2", 100.0),
        ] {
            assert_eq!(parse_decimal(text), Some(expected), "{text}");
        }
        for text in [
            "", "-", ".", "e3", "1e", "1e+", "inf", "NaN", "infinity", "1x", "1 2", " 1", "1 ", "0x10", "1,5", "--1",
            "+-1", "1e5.5", "1e999", "-1e309",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }

    #[test]
    fn equals_the_exact_parser_on_the_fast_path() {
        // Every number of up to 15 significant digits with a decimal exponent within ±22 is exact.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let digits = seed % 1_000_000_000_000_000;
            let point = (seed >> 50) % 16;
            let text = format!("{digits}");
            let (whole, fraction) = text.split_at(text.len().saturating_sub(point as usize));
            let text = format!("{whole}.{fraction}e{}", (seed >> 40) % 15);
            assert_eq!(parse_decimal(&text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn beyond_it_stays_within_a_few_ulps() {
        for text in [
            "12345678901234567890123",
            "0.1234567890123456789012345",
            "1.5e300",
            "2.2250738585072014e-308",
            "4.9e-324",
            "123456789e-40",
            "3.333333333333333333333333333333",
        ] {
            let exact = text.parse::<f64>().unwrap();
            let ours = parse_decimal(text).unwrap();
            let ulps = (ours.to_bits() as i64 - exact.to_bits() as i64).abs();
            assert!(ulps <= 4, "{text}: {ours} vs {exact} ({ulps} ulps)");
        }
    }
}
