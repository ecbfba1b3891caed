//! Per-field comparators: how one extracted value is judged against the expected one.
//!
//! A field named in `case.toml`'s `[eval.compare]` uses the comparator written there; any other
//! field is compared by its schema type ([`Comparator::for_schema`]): exactly for enums,
//! booleans, integers and objects, numerically for numbers, ignoring case and spacing for free
//! text, as a set for arrays. Every comparison ends in one [`Verdict`]: correct, wrong, missing
//! (a value was expected, none or `null` came back) or invented (none was expected, one came
//! back).
//!
//! ```
//! use plankit::eval::compare::{Comparator, Verdict};
//! use serde_json::json;
//! let text = Comparator::for_schema(Some(&json!({"type": "string"})));
//! assert_eq!(text.compare(Some(&json!("Jan  de Vries")), Some(&json!("jan de vries"))), Some(Verdict::Correct));
//! assert_eq!(text.compare(Some(&json!("Jan")), None), Some(Verdict::Missing));
//! assert_eq!(text.compare(None, Some(&json!("Piet"))), Some(Verdict::Invented));
//! ```

use serde_json::Value;

/// How one field is judged.
#[derive(Debug, Clone)]
pub enum Comparator {
    /// Equal as JSON values (numbers by value: `5` equals `5.0`).
    Exact,
    /// A number within this distance of the expected one.
    Tolerance(f64),
    /// Strings equal once case and runs of whitespace are ignored.
    Text,
    /// The value is any of these.
    OneOf(Vec<Value>),
    /// A string the regular expression matches (anywhere, unless anchored).
    Regex(regex::Regex),
    /// Anything but `null`, `""`, `[]` or `{}`; the expected value is not consulted.
    NonEmpty,
    /// Arrays holding the same values, in any order, repeats ignored.
    Set,
    /// The field must be absent or `null`.
    Absent,
}

/// The judgement on one field of one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The comparator accepts the value.
    Correct,
    /// A value came back, and the comparator rejects it.
    Wrong,
    /// A value was expected; none (or `null`) came back.
    Missing,
    /// No value was expected; one came back.
    Invented,
}

impl Verdict {
    /// The lowercase word reports use.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Correct => "correct",
            Verdict::Wrong => "wrong",
            Verdict::Missing => "missing",
            Verdict::Invented => "invented",
        }
    }
}

/// The names `case.toml` accepts, for messages and did-you-mean.
pub const NAMES: &[&str] = &["exact", "tolerance", "text", "one-of", "regex", "non-empty", "set", "absent"];

impl Comparator {
    /// The comparator for a field the case does not name, from its schema (`None`: the schema
    /// does not describe the field).
    pub fn for_schema(property: Option<&Value>) -> Comparator {
        let Some(property) = property else { return Comparator::Exact };
        if property.get("enum").is_some() || property.get("const").is_some() {
            return Comparator::Exact;
        }
        let types: Vec<&str> = match property.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
            _ => Vec::new(),
        };
        match types.as_slice() {
            ["string"] => Comparator::Text,
            // a float that differs in the last digit is the same answer
            ["number"] => Comparator::Tolerance(1e-9),
            ["array"] => Comparator::Set,
            _ => Comparator::Exact,
        }
    }

    /// Reads a comparator as `case.toml` writes it: a name (`"text"`, `"non-empty"`, `"set"`,
    /// `"absent"`, `"exact"`) or a table (`{ tolerance = 0.5 }`, `{ one-of = ["a", "b"] }`,
    /// `{ regex = "^\\+31" }`). The error is one line naming what is accepted.
    pub fn parse(spec: &toml::Value) -> Result<Comparator, String> {
        match spec {
            toml::Value::String(name) => match name.as_str() {
                "exact" => Ok(Comparator::Exact),
                "text" => Ok(Comparator::Text),
                "non-empty" => Ok(Comparator::NonEmpty),
                "set" => Ok(Comparator::Set),
                "absent" => Ok(Comparator::Absent),
                "tolerance" | "one-of" | "regex" => {
                    Err(format!("comparator \"{name}\" needs a value: write {{ {name} = … }}"))
                }
                other => Err(match crate::text::suggest(other, NAMES.iter().copied()) {
                    Some(near) => format!("unknown comparator \"{other}\" (did you mean \"{near}\"?)"),
                    None => format!("unknown comparator \"{other}\": expected one of {}", NAMES.join(", ")),
                }),
            },
            toml::Value::Table(table) if table.len() == 1 => {
                let (key, value) = table.iter().next().map(|(k, v)| (k.as_str(), v)).ok_or("empty table")?;
                match (key, value) {
                    ("tolerance", toml::Value::Float(f)) if *f >= 0.0 => Ok(Comparator::Tolerance(*f)),
                    ("tolerance", toml::Value::Integer(i)) if *i >= 0 => Ok(Comparator::Tolerance(*i as f64)),
                    ("tolerance", _) => Err("tolerance must be a number ≥ 0".to_owned()),
                    ("one-of", toml::Value::Array(values)) if !values.is_empty() => {
                        values.iter().map(toml_to_json).collect::<Result<_, _>>().map(Comparator::OneOf)
                    }
                    ("one-of", _) => Err("one-of must be a non-empty array of values".to_owned()),
                    ("regex", toml::Value::String(pattern)) => {
                        regex::Regex::new(pattern).map(Comparator::Regex).map_err(|e| {
                            format!(
                                "regex {} does not compile: {}",
                                crate::text::quote(pattern),
                                first_line(&e.to_string())
                            )
                        })
                    }
                    ("regex", _) => Err("regex must be a string".to_owned()),
                    (other, _) => Err(format!("unknown comparator \"{other}\": expected one of {}", NAMES.join(", "))),
                }
            }
            _ => Err(format!("a comparator is a name or a one-key table: one of {}", NAMES.join(", "))),
        }
    }

    /// The comparator's name as `case.toml` writes it, with its value.
    pub fn describe(&self) -> String {
        match self {
            Comparator::Exact => "exact".to_owned(),
            Comparator::Tolerance(t) => format!("tolerance {t}"),
            Comparator::Text => "text".to_owned(),
            Comparator::OneOf(values) => {
                format!("one-of {}", values.iter().map(Value::to_string).collect::<Vec<_>>().join(", "))
            }
            Comparator::Regex(re) => format!("regex {}", crate::text::quote(re.as_str())),
            Comparator::NonEmpty => "non-empty".to_owned(),
            Comparator::Set => "set".to_owned(),
            Comparator::Absent => "absent".to_owned(),
        }
    }

    /// Judges `got` against `expected` (`None` and `null` both mean "no value"). `None`: there is
    /// nothing to compare (no value expected, none given, and the comparator asks for nothing).
    pub fn compare(&self, expected: Option<&Value>, got: Option<&Value>) -> Option<Verdict> {
        let expected = expected.filter(|v| !v.is_null());
        let got = got.filter(|v| !v.is_null());
        match self {
            Comparator::Absent => return Some(if got.is_none() { Verdict::Correct } else { Verdict::Invented }),
            Comparator::NonEmpty => {
                return Some(match got {
                    Some(value) if !is_empty(value) => Verdict::Correct,
                    Some(_) => Verdict::Wrong,
                    None => Verdict::Missing,
                });
            }
            Comparator::OneOf(_) | Comparator::Regex(_) if got.is_none() => return Some(Verdict::Missing),
            Comparator::OneOf(values) => {
                let got = got?;
                return Some(if values.iter().any(|v| same(v, got)) { Verdict::Correct } else { Verdict::Wrong });
            }
            Comparator::Regex(re) => {
                let matched = got.and_then(Value::as_str).is_some_and(|text| re.is_match(text));
                return Some(if matched { Verdict::Correct } else { Verdict::Wrong });
            }
            _ => {}
        }
        match (expected, got) {
            (None, None) => None,
            (Some(_), None) => Some(Verdict::Missing),
            (None, Some(_)) => Some(Verdict::Invented),
            (Some(expected), Some(got)) => {
                Some(if self.accepts(expected, got) { Verdict::Correct } else { Verdict::Wrong })
            }
        }
    }

    fn accepts(&self, expected: &Value, got: &Value) -> bool {
        match self {
            Comparator::Tolerance(tolerance) => match (expected.as_f64(), got.as_f64()) {
                (Some(a), Some(b)) => (a - b).abs() <= *tolerance,
                _ => same(expected, got),
            },
            Comparator::Text => match (expected.as_str(), got.as_str()) {
                (Some(a), Some(b)) => normalise(a) == normalise(b),
                _ => same(expected, got),
            },
            Comparator::Set => match (expected.as_array(), got.as_array()) {
                (Some(a), Some(b)) => {
                    a.iter().all(|x| b.iter().any(|y| same(x, y))) && b.iter().all(|y| a.iter().any(|x| same(x, y)))
                }
                _ => same(expected, got),
            },
            _ => same(expected, got),
        }
    }
}

/// Equal as JSON values, numbers compared by value (`5` and `5.0` are the same answer).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64().zip(y.as_f64()).is_some_and(|(x, y)| x == y),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn first_line(text: &str) -> &str {
    text.lines().map(str::trim).rfind(|line| !line.is_empty()).unwrap_or(text)
}

fn toml_to_json(value: &toml::Value) -> Result<Value, String> {
    Ok(match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map(Value::Number).ok_or("a number must be finite")?
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect::<Result<_, _>>()?),
        toml::Value::Table(table) => {
            Value::Object(table.iter().map(|(k, v)| toml_to_json(v).map(|v| (k.clone(), v))).collect::<Result<_, _>>()?)
        }
        toml::Value::Datetime(d) => Value::String(d.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Result<Comparator, String> {
        let table: toml::Table = toml::from_str(&format!("c = {text}")).unwrap();
        Comparator::parse(&table["c"])
    }

    #[test]
    fn each_comparator_judges_as_its_name_says() {
        let tolerance = parse("{ tolerance = 1 }").unwrap();
        assert_eq!(tolerance.compare(Some(&json!(7)), Some(&json!(8))), Some(Verdict::Correct));
        assert_eq!(tolerance.compare(Some(&json!(7)), Some(&json!(9))), Some(Verdict::Wrong));
        let one_of = parse(r#"{ one-of = ["book", "rebook"] }"#).unwrap();
        assert_eq!(one_of.compare(None, Some(&json!("rebook"))), Some(Verdict::Correct));
        assert_eq!(one_of.compare(None, None), Some(Verdict::Missing));
        let regex = parse(r#"{ regex = "^\\+31" }"#).unwrap();
        assert_eq!(regex.compare(None, Some(&json!("+31612345678"))), Some(Verdict::Correct));
        assert_eq!(regex.compare(None, Some(&json!("0612345678"))), Some(Verdict::Wrong));
        let non_empty = parse(r#""non-empty""#).unwrap();
        assert_eq!(non_empty.compare(Some(&json!("x")), Some(&json!("  "))), Some(Verdict::Wrong));
        assert_eq!(non_empty.compare(None, Some(&json!("the caller booked"))), Some(Verdict::Correct));
        let set = parse(r#""set""#).unwrap();
        assert_eq!(set.compare(Some(&json!(["a", "b"])), Some(&json!(["b", "a", "a"]))), Some(Verdict::Correct));
        assert_eq!(set.compare(Some(&json!(["a", "b"])), Some(&json!(["a"]))), Some(Verdict::Wrong));
        let absent = parse(r#""absent""#).unwrap();
        assert_eq!(absent.compare(None, Some(&json!(null))), Some(Verdict::Correct));
        assert_eq!(absent.compare(None, Some(&json!(false))), Some(Verdict::Invented));
    }

    #[test]
    fn unnamed_fields_are_compared_by_schema_type() {
        let integer = Comparator::for_schema(Some(&json!({"type": "integer"})));
        assert_eq!(integer.compare(Some(&json!(5)), Some(&json!(5.0))), Some(Verdict::Correct));
        let status = Comparator::for_schema(Some(&json!({"type": "string", "enum": ["Open", "open"]})));
        assert_eq!(status.compare(Some(&json!("Open")), Some(&json!("open"))), Some(Verdict::Wrong));
        assert_eq!(status.compare(None, None), None);
    }

    #[test]
    fn a_misspelt_comparator_gets_a_did_you_mean() {
        assert_eq!(
            parse(r#""non-emtpy""#).unwrap_err(),
            "unknown comparator \"non-emtpy\" (did you mean \"non-empty\"?)"
        );
        assert!(parse(r#"{ regex = "(" }"#).unwrap_err().starts_with("regex \"(\" does not compile"));
    }
}
