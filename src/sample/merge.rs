//! Combining schemas for generation: `allOf` parts and a `$ref`'s siblings are merged into one
//! schema (properties merged, `required` united, enums intersected, the tighter of each bound),
//! so one draw can satisfy them all.

use serde_json::{Map, Value};

/// `map` without `keys`.
pub(super) fn without(map: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    map.iter().filter(|(k, _)| !keys.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Two schemas as one: properties merged, `required` united, the tighter of each bound.
pub(super) fn merge(base: &Map<String, Value>, other: &Value) -> Map<String, Value> {
    let mut out = base.clone();
    let Some(other) = other.as_object() else { return out };
    for (key, value) in other {
        match (key.as_str(), out.get(key), value) {
            ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                let mut properties = mine.clone();
                for (name, schema) in theirs {
                    let combined = match properties.get(name) {
                        Some(Value::Object(existing)) => Value::Object(merge(existing, schema)),
                        _ => schema.clone(),
                    };
                    properties.insert(name.clone(), combined);
                }
                out.insert(key.clone(), Value::Object(properties));
            }
            // a value must be in both lists
            ("enum", Some(Value::Array(mine)), Value::Array(theirs)) => {
                let both: Vec<Value> = mine.iter().filter(|v| theirs.contains(v)).cloned().collect();
                out.insert(key.clone(), Value::Array(both));
            }
            ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                let mut all = mine.clone();
                all.extend(theirs.iter().filter(|name| !mine.contains(name)).cloned());
                out.insert(key.clone(), Value::Array(all));
            }
            ("minimum" | "minLength" | "minItems" | "minProperties" | "exclusiveMinimum", Some(mine), theirs) => {
                let larger = if theirs.as_f64() > mine.as_f64() { theirs } else { mine };
                out.insert(key.clone(), larger.clone());
            }
            ("maximum" | "maxLength" | "maxItems" | "maxProperties" | "exclusiveMaximum", Some(mine), theirs) => {
                let smaller = if theirs.as_f64() < mine.as_f64() { theirs } else { mine };
                out.insert(key.clone(), smaller.clone());
            }
            (_, None, _) => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    out
}
