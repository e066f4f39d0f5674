//! The retry policy.
//!
//! The one openai-node users already know: retry 408, 409, 429, >= 500, connection errors and
//! per-attempt timeouts; let an `x-should-retry` header override the status rule; wait what the server
//! asks (`retry-after-ms`, else `retry-after` in seconds or as an HTTP-date) when that is 0–60 s, else
//! back off exponentially with jitter. On top of that, some errors are never retried whatever the
//! headers say: a user abort, `insufficient_quota` and content-policy blocks (they cannot succeed on a
//! second try). A response whose success body has started is never handed to this module.
//!
//! Deterministic: the caller passes the clock and the random jitter, and does the sleeping.

use crate::core::error_kind::ErrorKind;

/// What happened on one attempt.
#[derive(Debug, Clone, Copy)]
pub enum AttemptOutcome<'a> {
    /// The server answered with an error status.
    Response {
        /// The HTTP status.
        status: u16,
        /// The kind the error body was classified as (see [`super::api_error::classify_error`]).
        kind: ErrorKind,
        /// The response headers that steer retries.
        headers: RetryHeaders<'a>,
    },
    /// The request never got a response: network failure, DNS, CORS refusal, connection reset.
    ConnectionFailed,
    /// The per-attempt timeout ran out.
    TimedOut,
    /// The caller's `AbortSignal` fired.
    Aborted,
}

/// The response headers that steer retries, as raw header values.
#[derive(Debug, Clone, Copy, Default)]
pub struct RetryHeaders<'a> {
    /// `retry-after-ms`: milliseconds, possibly fractional (OpenAI's non-standard header).
    pub retry_after_ms: Option<&'a str>,
    /// `retry-after`: seconds, or an HTTP-date.
    pub retry_after: Option<&'a str>,
    /// `x-should-retry`: `true` or `false`, overriding the status rule.
    pub should_retry: Option<&'a str>,
}

/// How many retries a client makes when the caller does not say (openai-node's `maxRetries`).
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The first backoff delay.
const INITIAL_BACKOFF_MS: f64 = 500.0;
/// Backoff never grows beyond this.
const MAX_BACKOFF_MS: f64 = 8_000.0;
/// Jitter takes up to this fraction off the backoff, so clients that failed together spread out.
const MAX_JITTER_FRACTION: f64 = 0.25;
/// A server-given delay longer than this is not trusted; the backoff is used instead.
const MAX_SERVER_DELAY_MS: f64 = 60_000.0;

/// Whether this outcome may be retried at all (ignoring the retry budget).
pub fn is_retryable(outcome: &AttemptOutcome) -> bool {
    match outcome {
        AttemptOutcome::ConnectionFailed | AttemptOutcome::TimedOut => true,
        AttemptOutcome::Aborted => false,
        AttemptOutcome::Response { status, kind, headers } => {
            if is_never_retried(*kind) {
                return false;
            }
            match headers.should_retry.and_then(parse_bool) {
                Some(server_says) => server_says,
                None => is_retryable_status(*status),
            }
        }
    }
}

/// How long to wait before the next attempt, in milliseconds.
///
/// `retries_done` counts the retries already made (0 before the first retry); `now_unix_ms` is the
/// current time, for `retry-after` HTTP-dates; `jitter` is in [0, 1) from the caller's RNG.
pub fn retry_delay_ms(retries_done: u32, headers: &RetryHeaders, now_unix_ms: f64, jitter: f64) -> u64 {
    match server_delay_ms(headers, now_unix_ms) {
        // Ceil: never come back earlier than the server asked.
        Some(delay) if (0.0..=MAX_SERVER_DELAY_MS).contains(&delay) => delay.ceil() as u64,
        _ => backoff_ms(retries_done, jitter),
    }
}

/// The decision: `Some(delay_ms)` to retry after that delay, `None` to stop.
///
/// Combines the budget (`retries_done < max_retries`), [`is_retryable`] and [`retry_delay_ms`].
pub fn next_retry(
    retries_done: u32,
    max_retries: u32,
    outcome: &AttemptOutcome,
    now_unix_ms: f64,
    jitter: f64,
) -> Option<u64> {
    if retries_done >= max_retries || !is_retryable(outcome) {
        return None;
    }
    let headers = match outcome {
        AttemptOutcome::Response { headers, .. } => *headers,
        _ => RetryHeaders::default(),
    };
    Some(retry_delay_ms(retries_done, &headers, now_unix_ms, jitter))
}

/// Errors that fail the same way on every try, or that the caller asked to stop.
fn is_never_retried(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Quota | ErrorKind::ContentPolicy | ErrorKind::Aborted | ErrorKind::ModelRetired
    )
}

/// 408 request timeout, 409 lock timeout, 429 rate limit, and server errors.
fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500..)
}

fn parse_bool(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The delay the server asked for, if it asked in a form we understand. May be negative or huge;
/// the caller checks the range. A readable `retry-after-ms` wins over `retry-after`, as in openai-node.
fn server_delay_ms(headers: &RetryHeaders, now_unix_ms: f64) -> Option<f64> {
    if let Some(ms) = headers.retry_after_ms.and_then(parse_finite) {
        return Some(ms);
    }
    let retry_after = headers.retry_after?;
    match parse_finite(retry_after) {
        Some(seconds) => Some(seconds * 1000.0),
        None => parse_http_date_ms(retry_after).map(|date_ms| date_ms - now_unix_ms),
    }
}

/// A plain decimal number; rejects `NaN`, `inf` and trailing garbage (stricter than JS `parseFloat`).
fn parse_finite(text: &str) -> Option<f64> {
    crate::core::decimal::parse_decimal(text.trim())
}

/// `0.5 s · 2^retries_done`, capped at 8 s, minus up to 25 % jitter.
fn backoff_ms(retries_done: u32, jitter: f64) -> u64 {
    // 2^4 already exceeds the cap; clamping the exponent keeps powi far from overflow.
    let exponent = retries_done.min(16) as i32;
    let base = (INITIAL_BACKOFF_MS * 2f64.powi(exponent)).min(MAX_BACKOFF_MS);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Floor: the result stays within [75 %, 100 %] of the base.
    (base * (1.0 - jitter * MAX_JITTER_FRACTION)).floor() as u64
}

/// Parse an IMF-fixdate (`Wed, 21 Oct 2026 07:28:00 GMT`, RFC 9110 §5.6.7) into Unix milliseconds.
/// The obsolete RFC 850 and asctime forms are not accepted; servers have not sent them in decades.
fn parse_http_date_ms(text: &str) -> Option<f64> {
    let mut parts = text.split_ascii_whitespace();
    let weekday = parts.next()?.strip_suffix(',')?;
    let day = parse_number(parts.next()?, 1, 2)?;
    let month = parse_month(parts.next()?)?;
    let year = parse_number(parts.next()?, 4, 4)?;
    let mut clock = parts.next()?.split(':');
    let hour = parse_number(clock.next()?, 2, 2)?;
    let minute = parse_number(clock.next()?, 2, 2)?;
    let second = parse_number(clock.next()?, 2, 2)?;
    let zone = parts.next()?;
    let well_formed = WEEKDAYS.contains(&weekday)
        && zone == "GMT"
        && parts.next().is_none()
        && clock.next().is_none()
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second <= 60; // 60: a leap second
    if !well_formed {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(seconds as f64 * 1000.0)
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// 1-based month number.
fn parse_month(name: &str) -> Option<u32> {
    let index = MONTHS.iter().position(|month| *month == name)?;
    u32::try_from(index + 1).ok()
}

/// An unsigned decimal of `min..=max` ASCII digits.
fn parse_number(text: &str, min_digits: usize, max_digits: usize) -> Option<u32> {
    let digits_only = text.bytes().all(|byte| byte.is_ascii_digit());
    if !digits_only || !(min_digits..=max_digits).contains(&text.len()) {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    // Count years from March, so the leap day is the last day of the "year".
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::api_error::classify_error;

    const NOW: f64 = 1_792_567_650_000.0; // Wed, 21 Oct 2026 07:27:30 GMT
    const NO_HEADERS: RetryHeaders<'static> = RetryHeaders {
        retry_after_ms: None,
        retry_after: None,
        should_retry: None,
    };

    fn response(status: u16, headers: RetryHeaders) -> AttemptOutcome {
        AttemptOutcome::Response {
            status,
            kind: classify_error(status, b"").kind,
            headers,
        }
    }

    fn should_retry(value: &str) -> RetryHeaders<'_> {
        RetryHeaders {
            should_retry: Some(value),
            ..NO_HEADERS
        }
    }

    fn retry_after(value: &str) -> RetryHeaders<'_> {
        RetryHeaders {
            retry_after: Some(value),
            ..NO_HEADERS
        }
    }

    fn retry_after_ms(value: &str) -> RetryHeaders<'_> {
        RetryHeaders {
            retry_after_ms: Some(value),
            ..NO_HEADERS
        }
    }

    // ---- what is retried ----

    #[test]
    fn statuses_retried_as_in_openai_node() {
        let retried = [408, 409, 429, 500, 502, 503, 504, 599];
        let not_retried = [200, 301, 400, 401, 403, 404, 413, 415, 422, 499];
        for status in retried {
            assert!(is_retryable(&response(status, NO_HEADERS)), "{status}");
        }
        for status in not_retried {
            assert!(!is_retryable(&response(status, NO_HEADERS)), "{status}");
        }
    }

    #[test]
    fn connection_failures_and_timeouts_are_retried_aborts_never() {
        assert!(is_retryable(&AttemptOutcome::ConnectionFailed));
        assert!(is_retryable(&AttemptOutcome::TimedOut));
        assert!(!is_retryable(&AttemptOutcome::Aborted));
        assert_eq!(next_retry(0, 2, &AttemptOutcome::Aborted, NOW, 0.0), None);
    }

    #[test]
    fn x_should_retry_overrides_the_status_rule_both_ways() {
        assert!(is_retryable(&response(400, should_retry("true"))));
        assert!(is_retryable(&response(404, should_retry(" TRUE "))));
        assert!(!is_retryable(&response(503, should_retry("false"))));
        assert!(!is_retryable(&response(429, should_retry("False"))));
        // Anything else is not an instruction: the status decides.
        assert!(is_retryable(&response(503, should_retry("no"))));
        assert!(!is_retryable(&response(400, should_retry("1"))));
    }

    #[test]
    fn quota_content_policy_retired_and_abort_are_never_retried_whatever_the_headers() {
        let kinds = [
            ErrorKind::Quota,
            ErrorKind::ContentPolicy,
            ErrorKind::Aborted,
            ErrorKind::ModelRetired,
        ];
        for kind in kinds {
            for status in [429, 400, 410, 500] {
                let outcome = AttemptOutcome::Response {
                    status,
                    kind,
                    headers: should_retry("true"),
                };
                assert!(!is_retryable(&outcome), "{kind:?} {status}");
                assert_eq!(next_retry(0, 5, &outcome, NOW, 0.0), None);
            }
        }
    }

    #[test]
    fn quota_from_a_real_body_is_not_retried() {
        let body = br#"{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#;
        let outcome = AttemptOutcome::Response {
            status: 429,
            kind: classify_error(429, body).kind,
            headers: retry_after("1"),
        };
        assert_eq!(next_retry(0, 2, &outcome, NOW, 0.0), None);
    }

    // ---- the budget ----

    #[test]
    fn the_budget_is_respected() {
        let outcome = response(503, NO_HEADERS);
        assert_eq!(next_retry(0, DEFAULT_MAX_RETRIES, &outcome, NOW, 0.0), Some(500));
        assert_eq!(next_retry(1, DEFAULT_MAX_RETRIES, &outcome, NOW, 0.0), Some(1000));
        assert_eq!(next_retry(2, DEFAULT_MAX_RETRIES, &outcome, NOW, 0.0), None);
        assert_eq!(next_retry(0, 0, &outcome, NOW, 0.0), None);
        assert_eq!(next_retry(u32::MAX, u32::MAX, &outcome, NOW, 0.0), None);
        assert_eq!(next_retry(4, 5, &AttemptOutcome::TimedOut, NOW, 0.0), Some(8000));
    }

    #[test]
    fn next_retry_uses_the_response_headers() {
        let outcome = response(429, retry_after("7"));
        assert_eq!(next_retry(0, 2, &outcome, NOW, 0.9), Some(7000));
        assert_eq!(
            next_retry(1, 2, &AttemptOutcome::ConnectionFailed, NOW, 0.0),
            Some(1000)
        );
    }

    // ---- the delay ----

    #[test]
    fn retry_after_ms_is_used_when_in_range() {
        assert_eq!(retry_delay_ms(0, &retry_after_ms("1500"), NOW, 0.5), 1500);
        assert_eq!(retry_delay_ms(3, &retry_after_ms(" 250.2 "), NOW, 0.5), 251);
        assert_eq!(retry_delay_ms(0, &retry_after_ms("0"), NOW, 0.5), 0);
        assert_eq!(retry_delay_ms(0, &retry_after_ms("60000"), NOW, 0.5), 60_000);
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let both = RetryHeaders {
            retry_after_ms: Some("1200"),
            retry_after: Some("9"),
            ..NO_HEADERS
        };
        assert_eq!(retry_delay_ms(0, &both, NOW, 0.0), 1200);
        // An unreadable retry-after-ms does not count; retry-after is used.
        let unreadable = RetryHeaders {
            retry_after_ms: Some("soon"),
            retry_after: Some("2"),
            ..NO_HEADERS
        };
        assert_eq!(retry_delay_ms(0, &unreadable, NOW, 0.0), 2000);
    }

    #[test]
    fn retry_after_seconds_integer_or_fractional() {
        assert_eq!(retry_delay_ms(0, &retry_after("3"), NOW, 0.0), 3000);
        assert_eq!(retry_delay_ms(0, &retry_after("1.5"), NOW, 0.0), 1500);
        assert_eq!(retry_delay_ms(0, &retry_after("0"), NOW, 0.0), 0);
        assert_eq!(retry_delay_ms(0, &retry_after("60"), NOW, 0.0), 60_000);
    }

    #[test]
    fn retry_after_http_date_relative_to_now() {
        let date = retry_after("Wed, 21 Oct 2026 07:28:00 GMT");
        assert_eq!(retry_delay_ms(0, &date, NOW, 0.0), 30_000);
        assert_eq!(retry_delay_ms(0, &date, NOW + 29_999.5, 0.0), 1);
    }

    #[test]
    fn out_of_range_or_unreadable_server_delays_fall_back_to_backoff() {
        let fallbacks = [
            retry_after("61"),
            retry_after("-1"),
            retry_after("3600"),
            retry_after("NaN"),
            retry_after("inf"),
            retry_after("12abc"),
            retry_after("tomorrow"),
            retry_after("Wed, 21 Oct 2026 07:29:00 GMT"), // 90 s away
            retry_after("Wed, 21 Oct 2026 07:27:00 GMT"), // in the past
            retry_after("Wed, 21 Oct 2026 07:28:00 UTC"),
            retry_after_ms("60001"),
            retry_after_ms("-5"),
            retry_after_ms("Infinity"),
            retry_after_ms(""),
            NO_HEADERS,
        ];
        for headers in fallbacks {
            assert_eq!(retry_delay_ms(1, &headers, NOW, 0.0), 1000, "{headers:?}");
        }
        // A readable retry-after-ms that is out of range is not rescued by retry-after (openai-node).
        let both = RetryHeaders {
            retry_after_ms: Some("120000"),
            retry_after: Some("2"),
            ..NO_HEADERS
        };
        assert_eq!(retry_delay_ms(0, &both, NOW, 0.0), 500);
    }

    #[test]
    fn backoff_without_jitter() {
        let delays: Vec<u64> = (0..=5)
            .map(|retries| retry_delay_ms(retries, &NO_HEADERS, NOW, 0.0))
            .collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 8000]);
    }

    #[test]
    fn backoff_with_jitter_just_under_one() {
        let delays: Vec<u64> = (0..=5)
            .map(|retries| retry_delay_ms(retries, &NO_HEADERS, NOW, 0.999_999))
            .collect();
        assert_eq!(delays, [375, 750, 1500, 3000, 6000, 6000]);
    }

    #[test]
    fn backoff_edge_cases() {
        // 437.5 ms: floored, so the delay never exceeds the jittered value.
        assert_eq!(retry_delay_ms(0, &NO_HEADERS, NOW, 0.5), 437);
        assert_eq!(retry_delay_ms(1, &NO_HEADERS, NOW, 0.5), 875);
        assert_eq!(retry_delay_ms(u32::MAX, &NO_HEADERS, NOW, 0.0), 8000);
        // Out-of-contract jitter is clamped, never stretching or zeroing the delay.
        assert_eq!(retry_delay_ms(0, &NO_HEADERS, NOW, f64::NAN), 500);
        assert_eq!(retry_delay_ms(0, &NO_HEADERS, NOW, -3.0), 500);
        assert_eq!(retry_delay_ms(0, &NO_HEADERS, NOW, 7.0), 375);
    }

    // ---- HTTP-dates ----

    #[test]
    fn http_dates_parse_to_unix_ms() {
        let cases = [
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),
            ("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_480_000.0),
            ("Wed, 21 Oct 2026 07:28:00 GMT", 1_792_567_680_000.0),
            ("Thu, 29 Feb 2024 23:59:59 GMT", 1_709_251_199_000.0),
            ("Wed, 01 Mar 2000 00:00:00 GMT", 951_868_800_000.0),
            ("Sun, 31 Dec 1899 00:00:00 GMT", -2_209_075_200_000.0),
            ("  Wed,  21 Oct 2026 07:28:00 GMT ", 1_792_567_680_000.0),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_http_date_ms(text), Some(ms), "{text}");
        }
    }

    #[test]
    fn malformed_http_dates_are_rejected() {
        let bad = [
            "",
            "Wed 21 Oct 2026 07:28:00 GMT",
            "Wed, 21 Oct 2026 07:28:00",
            "Wed, 21 Oct 2026 07:28:00 GMT extra",
            "Wed, 21 Oct 26 07:28:00 GMT",
            "Wed, 21 oct 2026 07:28:00 GMT",
            "Xyz, 21 Oct 2026 07:28:00 GMT",
            "Wed, 32 Oct 2026 07:28:00 GMT",
            "Wed, 00 Oct 2026 07:28:00 GMT",
            "Wed, 29 Feb 2023 07:28:00 GMT",
            "Wed, 29 Feb 1900 07:28:00 GMT",
            "Wed, 21 Oct 2026 24:00:00 GMT",
            "Wed, 21 Oct 2026 07:60:00 GMT",
            "Wed, 21 Oct 2026 07:28:61 GMT",
            "Wed, 21 Oct 2026 07:28 GMT",
            "Wed, 21 Oct 2026 07:28:00:00 GMT",
            "Wed, 21 Oct 2026 +7:28:00 GMT",
            "Wednesday, 21-Oct-26 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2026",
            "Wed, 21 Oct 2026 07:28:00 GMT\u{0}",
            "Wed, ２1 Oct 2026 07:28:00 GMT",
        ];
        for text in bad {
            assert_eq!(parse_http_date_ms(text), None, "{text:?}");
        }
    }
}
