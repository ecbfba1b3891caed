//! Numbers for `integer` and `number` schemas: within `minimum`/`maximum` and their exclusive
//! forms (draft 4 booleans too), a multiple of `multipleOf`, in the range a property's name
//! suggests where the bounds allow it.

use serde_json::{Map, Number, Value, json};

use super::generate::{Contradiction, contradiction};
use super::rng::Rng;

/// A number for `map`: a whole one when `integer`.
pub(super) fn number(
    map: &Map<String, Value>,
    pointer: &str,
    name: Option<&str>,
    integer: bool,
    rng: &mut Rng,
) -> Result<Value, Contradiction> {
    let bound = |key: &str| map.get(key).and_then(Value::as_f64);
    let (mut low, mut high) = (f64::NEG_INFINITY, f64::INFINITY);
    let (mut low_open, mut high_open) = (false, false);
    if let Some(min) = bound("minimum") {
        low = min;
        low_open = map.get("exclusiveMinimum") == Some(&Value::Bool(true));
    }
    if let Some(max) = bound("maximum") {
        high = max;
        high_open = map.get("exclusiveMaximum") == Some(&Value::Bool(true));
    }
    if let Some(min) = bound("exclusiveMinimum")
        && min >= low
    {
        (low, low_open) = (min, true);
    }
    if let Some(max) = bound("exclusiveMaximum")
        && max <= high
    {
        (high, high_open) = (max, true);
    }
    let empty = low > high || (low == high && (low_open || high_open));
    if empty {
        return Err(contradiction(
            pointer,
            &format!("no number lies between the minimum {low} and the maximum {high}"),
        ));
    }
    let step = bound("multipleOf").filter(|m| *m > 0.0).or(if integer { Some(1.0) } else { None });
    let (typical_low, typical_high) = typical_range(name);
    // the typical range for the name where it fits the bounds, else the bounds themselves
    let (from, to) = if typical_high >= low && typical_low <= high {
        (typical_low.max(low), typical_high.min(high))
    } else if low.is_finite() {
        (low, if high.is_finite() { high } else { low + 100.0 })
    } else {
        (high - 100.0, high)
    };
    let value = match step {
        Some(step) => {
            let first = (from / step).ceil() as i64;
            let last = (to / step).floor() as i64;
            let mut candidates = (first..=last.min(first.saturating_add(1000)))
                .map(|k| k as f64 * step)
                .filter(|v| (*v > low || !low_open && *v >= low) && (*v < high || !high_open && *v <= high));
            let count = candidates.clone().count();
            if count == 0 {
                return Err(contradiction(
                    pointer,
                    &format!("no multiple of {step} lies between the minimum {low} and the maximum {high}"),
                ));
            }
            candidates.nth(usize::try_from(rng.below(count as u64)).unwrap_or(0)).unwrap_or(from)
        }
        None => {
            let value = from + (to - from) * rng.unit();
            let value = (value * 100.0).round() / 100.0;
            if (low_open && value <= low) || (high_open && value >= high) {
                (from + to) / 2.0
            } else {
                value.clamp(from, to)
            }
        }
    };
    Ok(if integer || (value.fract() == 0.0 && step == Some(1.0)) {
        json!(value as i64)
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    })
}

/// The range a property's name suggests: `sentiment` 1–10, `age` 18–90.
fn typical_range(name: Option<&str>) -> (f64, f64) {
    let name = name.unwrap_or("").to_ascii_lowercase();
    let has = |part: &str| name.contains(part);
    if has("score") || has("sentiment") || has("rating") || has("csat") || has("satisfaction") {
        (1.0, 10.0)
    } else if has("age") && !has("page") {
        (18.0, 90.0)
    } else if has("percent") {
        (0.0, 100.0)
    } else if has("price") || has("amount") || has("cost") || has("total") {
        (10.0, 500.0)
    } else if has("duration") || has("seconds") {
        (30.0, 600.0)
    } else {
        (0.0, 10.0)
    }
}
