//! Cost estimates before a request, and the cost billed from a response's `usage`.
//!
//! Every figure lives in the model rows (`billing`), with the row's source beside it. Where a row
//! has no figure the answer is `None`: a wrong price shown to a user is worse than none.

use crate::core::json::{Fields, Map, Value};
use crate::core::models::{Billing, Catalog, ModelSpec, OutputTokens};

/// The estimated cost of a request's output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostEstimate {
    /// Output tokens for all images, for token-billed models; `None` for models billed per image.
    pub output_tokens: Option<u64>,
    /// The estimated price in US dollars, for all images.
    pub usd: f64,
}

impl CostEstimate {
    /// The estimate as JS sees it (`outputTokens` left out for models billed per image).
    pub fn to_json(&self) -> Value {
        let mut estimate = Fields::default();
        estimate.set_some("outputTokens", self.output_tokens.map(Value::from));
        estimate.set("usd", Value::from(self.usd));
        estimate.into_value()
    }
}

/// gpt-image-2's quality factor `f` in the token formula.
const GPT_IMAGE_2_QUALITY_FACTORS: &[(&str, u64)] = &[("low", 16), ("medium", 48), ("high", 96)];

/// Estimated cost of the output of one request, for all `n` images; `None` when no figure is
/// known (never guess).
///
/// `params` are the request's wire params (snake_case): `model`, `n` (default 1), `size`,
/// `quality`. A null value counts as absent. DALL·E models default to 1024x1024 and standard
/// quality, as the API does; for GPT models an absent or `auto` size or quality makes the
/// cost unknown, since the API picks them after the fact.
pub fn estimate_cost(params: &Map, catalog: &Catalog) -> Option<CostEstimate> {
    let model = catalog.find(string_param(params, "model").ok().flatten()?)?;
    let n = match params.get("n") {
        None | Some(Value::Null) => 1,
        Some(n) => whole_number(n).filter(|&n| n >= 1)?,
    };
    let size = string_param(params, "size").ok()?;
    let quality = string_param(params, "quality").ok()?;
    match model.billing? {
        Billing::Tokens { per_million, output } => {
            let per_image = output_tokens_per_image(&output, parse_size(size?)?, quality?)?;
            let tokens = per_image.checked_mul(n)?;
            Some(CostEstimate {
                output_tokens: Some(tokens),
                usd: charge(tokens, per_million.image_out)?,
            })
        }
        Billing::PerImage {
            default_size,
            default_quality,
            prices,
        } => {
            let size = size.map_or(Some(default_size), parse_size)?;
            let quality = quality.unwrap_or(default_quality);
            let price = prices.iter().find(|p| p.size == size && p.quality == quality)?;
            Some(CostEstimate {
                output_tokens: None,
                usd: price.usd * n as f64,
            })
        }
    }
}

/// Cost billed from an API `usage` object (input text/image tokens and output tokens);
/// `None` when unknown.
///
/// `usage` is `{input_tokens, output_tokens, input_tokens_details: {text_tokens,
/// image_tokens}, output_tokens_details?: {image_tokens, text_tokens}}`; other fields are
/// ignored. The cost is unknown when the model is not token-billed or not in the table, when
/// a count is missing or inconsistent, or when a non-zero count has no published price.
pub fn cost_from_usage(model: &ModelSpec, usage: &Value) -> Option<f64> {
    let Some(Billing::Tokens { per_million, .. }) = model.billing else {
        return None;
    };
    let input = split_tokens(usage, "input_tokens", "input_tokens_details")?;
    let output = split_tokens(usage, "output_tokens", "output_tokens_details")?;
    let output_image = match output {
        // Without details, every output token is an image token.
        TokenSplit::Unsplit(total) => total,
        // Text output has no price in the table.
        TokenSplit::Split { text, image } => (text == 0).then_some(image)?,
    };
    let (input_text, input_image) = match input {
        TokenSplit::Split { text, image } => (text, image),
        // A prompt has text tokens and edit inputs image tokens: an unsplit count cannot be priced.
        TokenSplit::Unsplit(0) => (0, 0),
        TokenSplit::Unsplit(_) => return None,
    };
    Some(
        charge(input_text, per_million.text_in)?
            + charge(input_image, per_million.image_in)?
            + charge(output_image, per_million.image_out)?,
    )
}

/// What a finished request cost, from its `usage`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UsageCost {
    /// US dollars.
    pub usd: f64,
    /// `usage.input_tokens`.
    pub input_tokens: Option<u64>,
    /// `usage.output_tokens`.
    pub output_tokens: Option<u64>,
}

/// [`cost_from_usage`] with the token counts it was computed from, for `result.cost`.
pub fn usage_cost(model: &ModelSpec, usage: &Value) -> Option<UsageCost> {
    Some(UsageCost {
        usd: cost_from_usage(model, usage)?,
        input_tokens: usage.get("input_tokens").and_then(whole_number),
        output_tokens: usage.get("output_tokens").and_then(whole_number),
    })
}

impl UsageCost {
    /// The cost as JS sees it (`result.cost`; a count `usage` lacks is left out).
    pub fn to_json(&self) -> Value {
        let mut cost = Fields::default();
        cost.set("usd", Value::from(self.usd));
        cost.set_some("inputTokens", self.input_tokens.map(Value::from));
        cost.set_some("outputTokens", self.output_tokens.map(Value::from));
        cost.into_value()
    }
}

/// A token count, split into text and image tokens when the details say so.
enum TokenSplit {
    Unsplit(u64),
    Split { text: u64, image: u64 },
}

/// Read `usage[total_key]` and its `usage[details_key]` split; `None` when the total is
/// missing or the split does not add up to it.
fn split_tokens(usage: &Value, total_key: &str, details_key: &str) -> Option<TokenSplit> {
    let total = whole_number(usage.get(total_key)?)?;
    let details = match usage.get(details_key) {
        None | Some(Value::Null) => return Some(TokenSplit::Unsplit(total)),
        Some(details) => details.as_object()?,
    };
    let count = |key| details.get(key).map_or(Some(0), whole_number);
    let (text, image) = (count("text_tokens")?, count("image_tokens")?);
    (text.checked_add(image)? == total).then_some(TokenSplit::Split { text, image })
}

/// USD for `tokens` at `per_million`; a missing price matters only when there are tokens to pay for.
fn charge(tokens: u64, per_million: Option<f64>) -> Option<f64> {
    if tokens == 0 {
        return Some(0.0);
    }
    Some(tokens as f64 * per_million? / 1_000_000.0)
}

fn output_tokens_per_image(output: &OutputTokens, size: (u32, u32), quality: &str) -> Option<u64> {
    match output {
        OutputTokens::Table(rows) => rows
            .iter()
            .find(|row| row.size == size && row.quality == quality)
            .map(|row| row.tokens),
        OutputTokens::Gpt2Formula => gpt_image_2_tokens(size, quality),
        OutputTokens::Unknown => None,
    }
}

/// gpt-image-2's output tokens for one image (a community-derived formula, checked 2026-12-01
/// against published token counts; third-party):
/// `f` = quality factor, `L`/`S` = long/short side, `a = (2·f·S + L) div (2·L)` (f·S/L rounded),
/// `tokens = ceil(f·a·(2,000,000 + w·h) / 4,000,000)`.
fn gpt_image_2_tokens((width, height): (u32, u32), quality: &str) -> Option<u64> {
    let f = GPT_IMAGE_2_QUALITY_FACTORS.iter().find(|(name, _)| *name == quality)?.1;
    let (w, h) = (u64::from(width), u64::from(height));
    let (long, short) = (w.max(h), w.min(h));
    let a = (2 * f * short + long) / (2 * long);
    // In u128: the product overflows u64 for large sides (f·a ≤ 96², w·h < 2^64).
    let numerator = u128::from(f * a) * (2_000_000 + u128::from(w) * u128::from(h));
    u64::try_from(numerator.div_ceil(4_000_000)).ok()
}

/// `"1024x1536"` → `(1024, 1536)`; `None` for `auto` or anything malformed.
fn parse_size(size: &str) -> Option<(u32, u32)> {
    let (width, height) = size.split_once('x')?;
    Some((parse_side(width)?, parse_side(height)?))
}

fn parse_side(side: &str) -> Option<u32> {
    if side.is_empty() || !side.bytes().all(|b| b.is_ascii_digit()) {
        return None; // `parse` would also take "+1024"
    }
    side.parse().ok().filter(|&n| n > 0)
}

/// A string param: `Ok(None)` when absent or null, `Err(())` when it is not a string.
fn string_param<'a>(params: &'a Map, key: &str) -> Result<Option<&'a str>, ()> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(()),
    }
}

/// A non-negative whole number, also when JavaScript handed it over as a float (`2.0`).
fn whole_number(value: &Value) -> Option<u64> {
    if let Some(n) = value.as_u64() {
        return Some(n);
    }
    let f = value.as_f64()?;
    // Above 2^53 a float no longer holds every whole number exactly.
    (f >= 0.0 && f.fract() == 0.0 && f <= 9_007_199_254_740_992.0).then_some(f as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_value as json;

    fn params(value: Value) -> Map {
        value.as_object().expect("an object").clone()
    }

    fn estimate(value: Value) -> Option<CostEstimate> {
        estimate_cost(&params(value), &Catalog::default())
    }

    fn cost_of(id: &str, usage: &Value) -> Option<f64> {
        cost_from_usage(&Catalog::default().find(id)?, usage)
    }

    /// `object[key] = value`.
    fn set(object: &mut Value, key: &str, value: Value) {
        object.as_object_mut().expect("an object").insert(key.into(), value);
    }

    fn assert_usd(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
    }

    /// Assert a token-billed estimate: `tokens` for all images and `usd` for them.
    fn assert_tokens(value: Value, tokens: u64, usd: f64) {
        let label = value.to_string();
        let got = estimate(value).unwrap_or_else(|| panic!("no estimate for {label}"));
        assert_eq!(got.output_tokens, Some(tokens), "{label}");
        assert_usd(got.usd, usd);
    }

    fn assert_per_image(value: Value, usd: f64) {
        let label = value.to_string();
        let got = estimate(value).unwrap_or_else(|| panic!("no estimate for {label}"));
        assert_eq!(got.output_tokens, None, "{label}");
        assert_usd(got.usd, usd);
    }

    #[test]
    fn gpt_image_1_family_token_table() {
        // (quality, size, tokens): OpenAI's pricing page (https://platform.openai.com/docs/pricing), 2026-12-01.
        let table = [
            ("low", "1024x1024", 272),
            ("low", "1024x1536", 408),
            ("low", "1536x1024", 400),
            ("medium", "1024x1024", 1056),
            ("medium", "1024x1536", 1584),
            ("medium", "1536x1024", 1568),
            ("high", "1024x1024", 4160),
            ("high", "1024x1536", 6240),
            ("high", "1536x1024", 6208),
        ];
        // (model, USD per 1M output tokens)
        let models = [
            ("gpt-image-1", 40.0),
            ("gpt-image-1.5", 32.0),
            ("gpt-image-1-mini", 8.0),
        ];
        for (model, per_million) in models {
            for (quality, size, tokens) in table {
                let usd = tokens as f64 * per_million / 1e6;
                assert_tokens(json!({"model": model, "size": size, "quality": quality}), tokens, usd);
            }
        }
    }

    #[test]
    fn gpt_image_1_figures_in_dollars() {
        // Spelled out, so a wrong price in the table cannot hide behind the same formula.
        assert_tokens(
            json!({"model": "gpt-image-1", "size": "1024x1024", "quality": "high"}),
            4160,
            0.1664,
        );
        assert_tokens(
            json!({"model": "gpt-image-1.5", "size": "1024x1536", "quality": "medium"}),
            1584,
            0.050688,
        );
        assert_tokens(
            json!({"model": "gpt-image-1-mini", "size": "1536x1024", "quality": "low"}),
            400,
            0.0032,
        );
    }

    #[test]
    fn n_multiplies_tokens_and_dollars() {
        assert_tokens(
            json!({"model": "gpt-image-1", "n": 3, "size": "1024x1024", "quality": "low"}),
            816,
            0.03264,
        );
        // From JavaScript, numbers may arrive as floats.
        assert_tokens(
            json!({"model": "gpt-image-1", "n": 2.0, "size": "1024x1024", "quality": "low"}),
            544,
            0.02176,
        );
        assert_tokens(
            json!({"model": "gpt-image-1", "n": null, "size": "1024x1024", "quality": "low"}),
            272,
            0.01088,
        );
        assert_per_image(json!({"model": "dall-e-2", "n": 10, "size": "256x256"}), 0.16);
    }

    #[test]
    fn gpt_image_2_formula() {
        let cases = [
            // 1024x1024 high: f = 96, a = (2·96·1024 + 1024) div 2048 = 96,
            // ceil(96·96·(2,000,000 + 1,048,576) / 4,000,000) = ceil(7023.92) = 7024.
            ("1024x1024", "high", 7024),
            // medium: f = a = 48, ceil(2304·3,048,576 / 4,000,000) = ceil(1755.98) = 1756.
            ("1024x1024", "medium", 1756),
            // low: f = a = 16, ceil(256·3,048,576 / 4,000,000) = ceil(195.11) = 196.
            ("1024x1024", "low", 196),
            // 1536x1024 high: L = 1536, S = 1024, a = (196,608 + 1536) div 3072 = 64,
            // ceil(96·64·(2,000,000 + 1,572,864) / 4,000,000) = ceil(5487.92) = 5488.
            ("1536x1024", "high", 5488),
            // Portrait is the same: only the long and short sides matter.
            ("1024x1536", "high", 5488),
            // 1536x1024 low: a = (2·16·1024 + 1536) div 3072 = 34,304 div 3072 = 11,
            // ceil(16·11·3,572,864 / 4,000,000) = ceil(157.21) = 158.
            ("1536x1024", "low", 158),
            // 3840x2160 high: a = (2·96·2160 + 3840) div 7680 = 418,560 div 7680 = 54,
            // ceil(96·54·(2,000,000 + 8,294,400) / 4,000,000) = ceil(13,341.54) = 13,342.
            ("3840x2160", "high", 13342),
            // 1536x864 medium: a = (2·48·864 + 1536) div 3072 = 84,480 div 3072 = 27,
            // ceil(48·27·(2,000,000 + 1,327,104) / 4,000,000) = ceil(1077.98) = 1078.
            ("1536x864", "medium", 1078),
        ];
        for (size, quality, tokens) in cases {
            let usd = tokens as f64 * 30.0 / 1e6;
            assert_tokens(
                json!({"model": "gpt-image-2", "size": size, "quality": quality}),
                tokens,
                usd,
            );
        }
        assert_tokens(
            json!({"model": "gpt-image-2", "size": "1024x1024", "quality": "high"}),
            7024,
            0.21072,
        );
    }

    #[test]
    fn snapshots_are_priced_as_their_base_model() {
        assert_tokens(
            json!({"model": "gpt-image-2-2026-04-21", "size": "1024x1024", "quality": "high"}),
            7024,
            0.21072,
        );
        assert_tokens(
            json!({"model": "gpt-image-1-mini-2025-10-06", "size": "1024x1024", "quality": "high"}),
            4160,
            0.03328,
        );
    }

    #[test]
    fn dall_e_prices() {
        assert_per_image(json!({"model": "dall-e-2", "size": "256x256"}), 0.016);
        assert_per_image(json!({"model": "dall-e-2", "size": "512x512"}), 0.018);
        assert_per_image(json!({"model": "dall-e-2", "size": "1024x1024"}), 0.020);
        assert_per_image(
            json!({"model": "dall-e-2", "size": "512x512", "quality": "standard"}),
            0.018,
        );
        assert_per_image(
            json!({"model": "dall-e-3", "size": "1024x1024", "quality": "standard"}),
            0.04,
        );
        assert_per_image(
            json!({"model": "dall-e-3", "size": "1792x1024", "quality": "standard"}),
            0.08,
        );
        assert_per_image(
            json!({"model": "dall-e-3", "size": "1024x1792", "quality": "standard"}),
            0.08,
        );
        assert_per_image(json!({"model": "dall-e-3", "size": "1024x1024", "quality": "hd"}), 0.08);
        assert_per_image(json!({"model": "dall-e-3", "size": "1792x1024", "quality": "hd"}), 0.12);
        assert_per_image(json!({"model": "dall-e-3", "size": "1024x1792", "quality": "hd"}), 0.12);
    }

    #[test]
    fn dall_e_defaults() {
        assert_per_image(json!({"model": "dall-e-2"}), 0.020);
        assert_per_image(json!({"model": "dall-e-3"}), 0.04);
        assert_per_image(json!({"model": "dall-e-3", "quality": "hd"}), 0.08);
        assert_per_image(json!({"model": "dall-e-3", "size": "1792x1024"}), 0.08);
    }

    #[test]
    fn unknown_figures_are_none() {
        let cases = [
            // GPT sizes and qualities the API picks itself.
            json!({"model": "gpt-image-1", "quality": "high"}),
            json!({"model": "gpt-image-1", "size": "auto", "quality": "high"}),
            json!({"model": "gpt-image-1", "size": "1024x1024"}),
            json!({"model": "gpt-image-2", "size": "1024x1024", "quality": "auto"}),
            json!({"model": "gpt-image-2", "size": "auto", "quality": "low"}),
            // Not in the gpt-image-1 table.
            json!({"model": "gpt-image-1", "size": "2048x2048", "quality": "high"}),
            json!({"model": "gpt-image-1.5", "size": "1024x1024", "quality": "xhigh"}),
            // Not in the DALL·E tables.
            json!({"model": "dall-e-3", "size": "512x512"}),
            json!({"model": "dall-e-2", "quality": "hd"}),
            json!({"model": "dall-e-3", "quality": "high"}),
            // Models without prices.
            json!({"model": "gpt-image-2.5-sunburst", "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-2.5-flare-2026-09-08", "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-2.6-flare", "size": "1024x1024", "quality": "high"}),
            json!({"model": "chatgpt-image-latest", "size": "1024x1024", "quality": "high"}),
            json!({"model": "qwen-image", "size": "1024x1024"}),
            json!({"model": "some-new-model", "size": "1024x1024", "quality": "high"}),
            json!({"model": "GPT-IMAGE-1", "size": "1024x1024", "quality": "high"}),
            json!({"size": "1024x1024", "quality": "high"}),
        ];
        for case in cases {
            assert_eq!(estimate(case.clone()), None, "{case}");
        }
    }

    #[test]
    fn bad_input_is_none() {
        let cases = [
            json!({"model": 42, "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-1", "n": "2", "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-1", "n": 1.5, "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-1", "n": 0, "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-1", "n": -1, "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-1", "n": [1], "size": "1024x1024", "quality": "high"}),
            json!({"model": "gpt-image-1", "size": 1024, "quality": "high"}),
            json!({"model": "gpt-image-1", "size": "1024x1024", "quality": true}),
            json!({"model": "dall-e-2", "size": ["256x256"]}),
            json!({"model": "dall-e-2", "n": 1e300}),
            json!({"model": "gpt-image-2", "n": u64::MAX, "size": "3840x2160", "quality": "high"}),
        ];
        for case in cases {
            assert_eq!(estimate(case.clone()), None, "{case}");
        }
        for size in [
            "1024",
            "1024x",
            "x1024",
            "1024X1024",
            "1024x1024x1",
            " 1024x1024",
            "+1024x1024",
            "0x1024",
            "1024x-16",
            "99999999999x1024",
            "１０２４x1024",
        ] {
            assert_eq!(parse_size(size), None, "{size}");
            assert_eq!(
                estimate(json!({"model": "gpt-image-2", "size": size, "quality": "high"})),
                None,
                "{size}"
            );
        }
    }

    #[test]
    fn huge_gpt_image_2_sizes_do_not_overflow() {
        // Validation rejects such sizes; the estimate must still not panic.
        let got = gpt_image_2_tokens((u32::MAX, u32::MAX), "high").expect("a figure");
        assert!(got > 0);
        // At an absurd aspect ratio `a` rounds down to 0, and so does the count.
        assert_eq!(gpt_image_2_tokens((u32::MAX, 1), "low"), Some(0));
    }

    #[test]
    fn goes_to_js_in_camel_case_without_absent_counts() {
        let got =
            estimate(json!({"model": "gpt-image-2", "size": "1024x1024", "quality": "high"})).expect("an estimate");
        assert_eq!(got.to_json(), json!({"outputTokens": 7024, "usd": 0.21072}));
        // Billed per image: no token count, and none is made up (not even null: the .d.ts says absent).
        let per_image = estimate(json!({"model": "dall-e-3", "size": "1024x1024"})).expect("an estimate");
        assert_eq!(per_image.to_json(), json!({"usd": 0.04}));
        let cost = UsageCost {
            usd: 0.5,
            input_tokens: None,
            output_tokens: Some(10),
        };
        assert_eq!(cost.to_json(), json!({"usd": 0.5, "outputTokens": 10}));
    }

    fn usage(input_text: u64, input_image: u64, output: u64) -> Value {
        json!({
            "input_tokens": input_text + input_image,
            "output_tokens": output,
            "total_tokens": input_text + input_image + output,
            "input_tokens_details": {"text_tokens": input_text, "image_tokens": input_image},
        })
    }

    #[test]
    fn usage_cost_per_model() {
        // 40 text in ($5/M), 10 image in ($10/M), 4160 out ($40/M): 200 + 100 + 166,400 µ$.
        assert_usd(cost_of("gpt-image-1", &usage(40, 10, 4160)).expect("a cost"), 0.1667);
        // 100 text ($5/M), 500 image ($8/M), 1000 out ($32/M): 500 + 4000 + 32,000 µ$.
        assert_usd(
            cost_of("gpt-image-1.5", &usage(100, 500, 1000)).expect("a cost"),
            0.0365,
        );
        // 100 text ($5/M), 0 image, 7024 out ($30/M): 500 + 210,720 µ$.
        assert_usd(cost_of("gpt-image-2", &usage(100, 0, 7024)).expect("a cost"), 0.21122);
        assert_usd(
            cost_of("gpt-image-2-2026-04-21", &usage(100, 0, 7024)).expect("a cost"),
            0.21122,
        );
    }

    #[test]
    fn usage_cost_needs_every_price_it_uses() {
        // A row with an output price only (as a run-time row may have).
        let mut model = Catalog::default().find("gpt-image-1-mini").unwrap();
        model.billing = Some(Billing::Tokens {
            per_million: crate::core::models::TokenPrices {
                text_in: None,
                text_in_cached: None,
                image_in: None,
                image_in_cached: None,
                image_out: Some(8.0),
            },
            output: OutputTokens::Unknown,
        });
        assert_eq!(cost_from_usage(&model, &usage(40, 0, 4160)), None);
        assert_eq!(cost_from_usage(&model, &usage(0, 10, 4160)), None);
        // With nothing to pay for at those prices, only the output price is needed: 4160·$8/M.
        assert_usd(cost_from_usage(&model, &usage(0, 0, 4160)).expect("a cost"), 0.03328);
        // gpt-image-1-mini's own prices: 40 text at $2/M, 4160 out at $8/M.
        assert_usd(
            cost_of("gpt-image-1-mini", &usage(40, 0, 4160)).expect("a cost"),
            0.03336,
        );
    }

    #[test]
    fn usage_output_details() {
        let mut with_details = usage(100, 0, 7024);
        set(
            &mut with_details,
            "output_tokens_details",
            json!({"image_tokens": 7024, "text_tokens": 0}),
        );
        assert_usd(cost_of("gpt-image-2", &with_details).expect("a cost"), 0.21122);
        // Text output has no price in the table.
        set(
            &mut with_details,
            "output_tokens_details",
            json!({"image_tokens": 7000, "text_tokens": 24}),
        );
        assert_eq!(cost_of("gpt-image-2", &with_details), None);
        // Details that do not add up.
        set(
            &mut with_details,
            "output_tokens_details",
            json!({"image_tokens": 7000}),
        );
        assert_eq!(cost_of("gpt-image-2", &with_details), None);
    }

    #[test]
    fn usage_extra_fields_are_ignored() {
        let mut extra = usage(100, 0, 7024);
        set(&mut extra, "prompt_tokens", json!(123));
        set(
            extra.as_object_mut().unwrap().get_mut("input_tokens_details").unwrap(),
            "cached_tokens",
            json!(50),
        );
        assert_usd(cost_of("gpt-image-2", &extra).expect("a cost"), 0.21122);
    }

    #[test]
    fn newest_models_cost_only_after_the_fact() {
        // Prices are known, the output formula is not: no estimate before, a cost after.
        for model in ["gpt-image-2.5-sunburst", "gpt-image-2.6-flare"] {
            assert_eq!(
                estimate(json!({"model": model, "size": "1024x1024", "quality": "high"})),
                None,
                "{model}"
            );
            // 10 text at $5/M, 100 image out at $30/M.
            assert_usd(cost_of(model, &usage(10, 0, 100)).expect("a cost"), 0.00305);
        }
        // SVG bills the writing model's text tokens, which have no price here.
        let mut svg = usage(10, 0, 100);
        set(
            &mut svg,
            "output_tokens_details",
            json!({"image_tokens": 60, "text_tokens": 40}),
        );
        assert_eq!(cost_of("gpt-image-2.6-sunburst", &svg), None);
    }

    #[test]
    fn usage_unknown_or_bad_is_none() {
        assert_eq!(cost_of("dall-e-3", &usage(10, 0, 100)), None, "billed per image");
        // No price of its own.
        assert_eq!(cost_of("chatgpt-image-latest", &usage(10, 0, 100)), None);
        assert_eq!(cost_of("", &usage(10, 0, 100)), None);
        let bad = [
            json!(null),
            json!("usage"),
            json!({}),
            json!({"input_tokens": 10}),
            json!({"output_tokens": 10}),
            // Input without its text/image split cannot be priced.
            json!({"input_tokens": 10, "output_tokens": 100}),
            json!({"input_tokens": 10, "output_tokens": 100, "input_tokens_details": {"text_tokens": 9, "image_tokens": 0}}),
            json!({"input_tokens": 10, "output_tokens": 100, "input_tokens_details": "10"}),
            json!({"input_tokens": -10, "output_tokens": 100, "input_tokens_details": {"text_tokens": -10}}),
            json!({"input_tokens": 10, "output_tokens": "100", "input_tokens_details": {"text_tokens": 10}}),
            json!({"input_tokens": 10, "output_tokens": 100.5, "input_tokens_details": {"text_tokens": 10}}),
            json!({"input_tokens": 10, "output_tokens": 100, "input_tokens_details": {"text_tokens": u64::MAX, "image_tokens": 11}}),
        ];
        for case in bad {
            assert_eq!(cost_of("gpt-image-1", &case), None, "{case}");
        }
        // No input at all needs no split: 100 out at $40/M.
        assert_usd(
            cost_of("gpt-image-1", &json!({"input_tokens": 0, "output_tokens": 100})).expect("a cost"),
            0.004,
        );
    }
}
