//! `payload/wrong-type`

use super::{Expect, Payload};
use crate::recognise::Tree;
use crate::rules::{Check, declare_rule};
use crate::validate::{Violation, errors::show};

declare_rule! {
    /// A webhook payload field holds the wrong JSON type, such as `"durationSeconds": "84"` or `84.5`, or tool-call `arguments` sent as a string.
    ///
    /// ## What it checks
    /// Every field of the payload's format that is present holds the documented type:
    /// `durationSeconds` a whole number, `summary` a string, `call` an object, tool-call
    /// `function.arguments` an object (not a JSON string, as OpenAI sends it), `timestamp` a
    /// string in Flireo payloads and a number in Vapi's, `eventTimestamp` whole milliseconds in
    /// the legacy form.
    ///
    /// ## Why it matters
    /// Receivers parse these fields with typed code: `"84"` where an integer is expected fails
    /// deserialisation, and `84.5` breaks an integer column in a database.
    ///
    /// ## Example
    /// ```json
    /// { "message": { "type": "end-of-call-report", "durationSeconds": "84", … } }
    /// ```
    /// `error[payload/wrong-type]: /message/durationSeconds: "84" is not an integer`.
    ///
    /// ## How to fix
    /// Send the value with the documented type (`"durationSeconds": 84`).
    pub static RULE = "payload/wrong-type", Error, Check::Payload(check);
}

fn check(payload: &Payload<'_>, out: &mut Vec<Violation>) {
    for field in payload.fields() {
        for slot in payload.slots(field) {
            let Some(value) = slot.value else { continue };
            if !holds(field.expect, value) {
                out.push(Violation::new(
                    &RULE,
                    slot.pointer.clone(),
                    format!("{}: {} is not {}", slot.pointer, show(value), field.expect.describe()),
                ));
            }
        }
    }
}

/// Whether `value` has the JSON type `expect` asks for (the value itself is other rules' job).
pub(crate) fn holds<T: Tree>(expect: Expect, value: &T) -> bool {
    match expect {
        Expect::String | Expect::Timestamp | Expect::OneOf(_) | Expect::EndedReason => value.is_string(),
        Expect::Integer => is_whole(value),
        Expect::EpochMillis => is_whole(value) && value.number().is_some_and(|n| n >= 0.0),
        Expect::Number => value.is_number(),
        Expect::Object => value.is_object(),
        Expect::Array => value.is_array(),
    }
}

/// `84` and `84.0` are whole numbers, as JSON Schema's `integer` counts them.
fn is_whole<T: Tree>(value: &T) -> bool {
    value.is_integer() || value.number().is_some_and(|n| n.fract() == 0.0)
}
