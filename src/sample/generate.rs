//! One value for a JSON Schema, built from its keywords. Coverage (the rest is left to the
//! final validation, which retries with other draws and names what still fails):
//!
//! | keywords | generated |
//! |---|---|
//! | `type` (one or a list), `nullable`, boolean schemas | a value of one of the types; `false` is unsatisfiable |
//! | `const`, `enum` | one of the values |
//! | `properties`, `required`, `additionalProperties`, `minProperties`, `maxProperties` | every required property, optional ones by chance (fewer with depth), no undeclared ones unless `minProperties` needs them |
//! | `items`, `prefixItems`, array-form `items`, `minItems`, `maxItems`, `uniqueItems`, `contains` | a list of 1–3 items (within the bounds), distinct when asked |
//! | `minLength`, `maxLength`, `pattern`, `format` | a string of a format, matching the pattern, or chosen by the property's name, padded or cut to the bounds |
//! | `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (draft 4 booleans too), `multipleOf` | a number within the bounds; names such as `score` or `age` pick a plausible range |
//! | `$ref` (to `#…` in the same schema), `$defs`, `definitions`, `allOf` (merged), `anyOf`, `oneOf` (one branch) | followed and combined; recursion stops adding optional properties |
//! | `not`, `if`/`then`/`else`, `dependentRequired`, `patternProperties` | not generated for: the validation retries |

use serde_json::{Map, Value};

use super::merge::{merge, without};
use super::rng::Rng;
use super::values;

/// A schema no value satisfies, found while generating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// Pointer of the schema keyword in the plan's schema.
    pub pointer: String,
    /// What contradicts what.
    pub message: String,
    /// True when the schema may be satisfiable but uses what plankit cannot sample (a `$ref`
    /// to another file, nesting too deep).
    pub unsupported: bool,
}

/// How deep `$ref`s may nest before generation gives up.
const MAX_DEPTH: usize = 24;

/// Generates values for the schema at `root`.
pub struct Generator<'s> {
    root: &'s Value,
}

impl<'s> Generator<'s> {
    /// A generator for `root`.
    pub fn new(root: &'s Value) -> Generator<'s> {
        Generator { root }
    }

    /// One value.
    pub fn value(&self, rng: &mut Rng) -> Result<Value, Contradiction> {
        self.node(self.root, "", None, rng, 0)
    }

    fn node(
        &self,
        schema: &Value,
        pointer: &str,
        name: Option<&str>,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, Contradiction> {
        if depth > MAX_DEPTH {
            let deep = contradiction(pointer, "the schema nests (through `$ref`) deeper than plankit samples");
            return Err(Contradiction { unsupported: true, ..deep });
        }
        let map = match schema {
            Value::Bool(true) => return Ok(Value::String(values::named(name, rng))),
            Value::Bool(false) => return Err(contradiction(pointer, "the schema is `false`: no value satisfies it")),
            Value::Object(map) => map,
            _ => return Ok(Value::Null),
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            let target = self.resolve(reference).ok_or_else(|| {
                let outside = format!(
                    "`$ref` {} does not point inside the schema; plankit samples only `#…` references",
                    crate::text::quote(reference)
                );
                Contradiction { unsupported: true, ..contradiction(pointer, &outside) }
            })?;
            let merged = merge(&without(map, &["$ref"]), target);
            return self.node(&Value::Object(merged), reference.trim_start_matches('#'), name, rng, depth + 1);
        }
        if let Some(Value::Array(parts)) = map.get("allOf") {
            let mut merged = without(map, &["allOf"]);
            if let Some(index) = parts.iter().position(|part| *part == Value::Bool(false)) {
                return Err(contradiction(
                    &format!("{pointer}/allOf/{index}"),
                    "an `allOf` part is `false`: no value satisfies it",
                ));
            }
            for part in parts {
                let part = self.inline(part);
                merged = merge(&merged, &part);
            }
            return self.node(&Value::Object(merged), pointer, name, rng, depth + 1);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = map.get(key) {
                let Some(branch) = rng.pick(branches) else {
                    return Err(contradiction(
                        &format!("{pointer}/{key}"),
                        &format!("`{key}` is empty: no value satisfies it"),
                    ));
                };
                let merged = merge(&without(map, &["anyOf", "oneOf"]), &self.inline(branch));
                return self.node(&Value::Object(merged), pointer, name, rng, depth + 1);
            }
        }
        if let Some(value) = map.get("const") {
            return Ok(value.clone());
        }
        if let Some(Value::Array(options)) = map.get("enum") {
            return rng
                .pick(options)
                .cloned()
                .ok_or_else(|| contradiction(&format!("{pointer}/enum"), "`enum` is empty: no value satisfies it"));
        }
        match pick_type(map, rng).as_str() {
            "null" => Ok(Value::Null),
            "boolean" => Ok(Value::Bool(rng.chance(0.5))),
            "integer" => super::number::number(map, pointer, name, true, rng),
            "number" => super::number::number(map, pointer, name, false, rng),
            "array" => self.array(map, pointer, name, rng, depth),
            "object" => self.object(map, pointer, rng, depth),
            _ => self.string(map, pointer, name, rng),
        }
    }

    /// A `$ref` in `#/…` form, followed.
    fn resolve(&self, reference: &str) -> Option<&'s Value> {
        let fragment = reference.strip_prefix('#')?;
        let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8().ok()?;
        self.root.pointer(&decoded)
    }

    /// A sub-schema with its own `$ref` followed, for merging.
    fn inline(&self, schema: &Value) -> Value {
        match schema.get("$ref").and_then(Value::as_str).and_then(|r| self.resolve(r)) {
            Some(target) => {
                Value::Object(merge(&without(schema.as_object().unwrap_or(&Map::new()), &["$ref"]), target))
            }
            None => schema.clone(),
        }
    }

    fn object(
        &self,
        map: &Map<String, Value>,
        pointer: &str,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, Contradiction> {
        let empty = Map::new();
        let properties = map.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let required: Vec<&str> =
            map.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let closed = map.get("additionalProperties") == Some(&Value::Bool(false));
        let min = map.get("minProperties").and_then(Value::as_u64).unwrap_or(0);
        too_large(min, "minProperties", pointer)?;
        let max = map.get("maxProperties").and_then(Value::as_u64).unwrap_or(u64::MAX);
        if (required.len() as u64) > max {
            return Err(contradiction(
                &format!("{pointer}/maxProperties"),
                &format!("{} properties are required but `maxProperties` is {max}", required.len()),
            ));
        }
        let mut out = Map::new();
        for key in &required {
            if closed && !properties.contains_key(*key) && map.get("patternProperties").is_none() {
                return Err(contradiction(
                    &format!("{pointer}/required"),
                    &format!(
                        "{} is required, but `additionalProperties` is false and it is not a declared property",
                        crate::text::quote(key)
                    ),
                ));
            }
            let schema = properties.get(*key).cloned().unwrap_or(Value::Bool(true));
            let child = format!("{pointer}/properties/{}", crate::json::escape_pointer_token(key));
            out.insert((*key).to_owned(), self.node(&schema, &child, Some(key), rng, depth + 1)?);
        }
        // optional properties by chance, fewer the deeper (so recursive schemas end)
        let chance = if depth > 6 { 0.0 } else { 0.75 / (1.0 + depth as f64 / 3.0) };
        for (key, schema) in properties {
            if out.contains_key(key) || out.len() as u64 >= max {
                continue;
            }
            let needed = (out.len() as u64) < min;
            if needed || rng.chance(chance) {
                let child = format!("{pointer}/properties/{}", crate::json::escape_pointer_token(key));
                match self.node(schema, &child, Some(key), rng, depth + 1) {
                    Ok(value) => {
                        out.insert(key.clone(), value);
                    }
                    // an optional property that cannot be built is left out
                    Err(_) if !needed => {}
                    Err(error) => return Err(error),
                }
            }
        }
        let extra = map.get("additionalProperties").cloned().unwrap_or(Value::Bool(true));
        let mut index = 1;
        while (out.len() as u64) < min {
            if closed {
                return Err(contradiction(
                    &format!("{pointer}/minProperties"),
                    &format!("`minProperties` is {min} but only {} properties may appear", out.len()),
                ));
            }
            let key = format!("extra_{index}");
            index += 1;
            out.insert(
                key.clone(),
                self.node(&extra, &format!("{pointer}/additionalProperties"), Some(&key), rng, depth + 1)?,
            );
        }
        Ok(Value::Object(out))
    }

    fn array(
        &self,
        map: &Map<String, Value>,
        pointer: &str,
        name: Option<&str>,
        rng: &mut Rng,
        depth: usize,
    ) -> Result<Value, Contradiction> {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        too_large(min, "minItems", pointer)?;
        let max = map.get("maxItems").and_then(Value::as_u64).unwrap_or(u64::MAX);
        if min > max {
            return Err(contradiction(
                &format!("{pointer}/minItems"),
                &format!("`minItems` {min} is greater than `maxItems` {max}"),
            ));
        }
        let (prefix, rest): (&[Value], Option<&Value>) = match (map.get("prefixItems"), map.get("items")) {
            (Some(Value::Array(prefix)), items) => (prefix, items),
            (None, Some(Value::Array(prefix))) => (prefix, map.get("additionalItems")),
            (_, items) => (&[], items),
        };
        let low = min.max(u64::from(depth == 0));
        let count = rng.between(low as i64, low.saturating_add(2).min(max) as i64).max(0) as u64;
        let count = count.max(prefix.len().min(usize::try_from(max).unwrap_or(usize::MAX)) as u64);
        let unique = map.get("uniqueItems") == Some(&Value::Bool(true));
        let mut items: Vec<Value> = Vec::new();
        for index in 0..count {
            let (schema, child) = match usize::try_from(index).ok().and_then(|i| prefix.get(i)) {
                Some(schema) => (schema.clone(), format!("{pointer}/prefixItems/{index}")),
                None => match rest {
                    Some(Value::Bool(false)) if index >= min => break,
                    Some(schema) => (schema.clone(), format!("{pointer}/items")),
                    None => match map.get("contains") {
                        Some(contains) => (contains.clone(), format!("{pointer}/contains")),
                        None => (Value::Bool(true), format!("{pointer}/items")),
                    },
                },
            };
            let singular = name.map(|n| n.trim_end_matches('s'));
            let mut value = self.node(&schema, &child, singular, rng, depth + 1)?;
            // distinct items: draw again a few times, then leave it to the validation
            for _ in 0..8 {
                if !unique || !items.contains(&value) {
                    break;
                }
                value = self.node(&schema, &child, singular, rng, depth + 1)?;
            }
            items.push(value);
        }
        Ok(Value::Array(items))
    }

    fn string(
        &self,
        map: &Map<String, Value>,
        pointer: &str,
        name: Option<&str>,
        rng: &mut Rng,
    ) -> Result<Value, Contradiction> {
        let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0);
        too_large(min, "minLength", pointer)?;
        let min = usize::try_from(min).unwrap_or(usize::MAX);
        let max = map.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
        if min > max {
            return Err(contradiction(
                &format!("{pointer}/minLength"),
                &format!("`minLength` {min} is greater than `maxLength` {max}"),
            ));
        }
        if let Some(pattern) = map.get("pattern").and_then(Value::as_str)
            && let Some(text) = super::pattern::generate(pattern, rng)
        {
            return Ok(Value::String(text));
        }
        let text = map
            .get("format")
            .and_then(Value::as_str)
            .and_then(|f| values::format(f, rng))
            .unwrap_or_else(|| values::named(name, rng));
        let mut text: String = text.chars().take(max).collect();
        let length = text.chars().count();
        if length < min {
            text.extend(std::iter::repeat_n('x', min - length));
        }
        Ok(Value::String(text))
    }
}

/// The type to generate: one of `type`'s (rarely `null` when others are allowed), else the
/// type the keywords imply.
fn pick_type(map: &Map<String, Value>, rng: &mut Rng) -> String {
    let nullable = map.get("nullable") == Some(&Value::Bool(true));
    let types: Vec<&str> = match map.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let concrete: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
    if (types.contains(&"null") || nullable) && (concrete.is_empty() || rng.chance(0.15)) {
        return "null".to_owned();
    }
    if let Some(t) = rng.pick(&concrete) {
        return (*t).to_owned();
    }
    let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
    if has(&["properties", "required", "additionalProperties", "minProperties"]) {
        "object"
    } else if has(&["items", "prefixItems", "minItems", "maxItems", "contains"]) {
        "array"
    } else if has(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
        "number"
    } else {
        "string"
    }
    .to_owned()
}

/// The largest `minItems`, `minLength` or `minProperties` plankit builds a value for: a sample
/// is for a receiver's tests, and a bound beyond this would only exhaust memory.
pub const MAX_SIZE: u64 = 10_000;

fn too_large(min: u64, keyword: &str, pointer: &str) -> Result<(), Contradiction> {
    if min <= MAX_SIZE {
        return Ok(());
    }
    let message = format!("`{keyword}` {min} is larger than plankit samples ({MAX_SIZE})");
    Err(Contradiction { unsupported: true, ..contradiction(&format!("{pointer}/{keyword}"), &message) })
}

pub(super) fn contradiction(pointer: &str, message: &str) -> Contradiction {
    Contradiction { pointer: pointer.to_owned(), message: message.to_owned(), unsupported: false }
}
