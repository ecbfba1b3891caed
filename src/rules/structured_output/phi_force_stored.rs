//! `structured-output/phi-force-stored`

use serde_json::{Map, Value};

use super::{each_output, field};
use crate::json::child_pointer;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::text::quote;

declare_rule! {
    /// A structured output forced to be stored under HIPAA mode extracts free text whose property name looks like patient data (a name, date of birth, SSN, diagnosis…).
    ///
    /// ## What it checks
    /// When an output sets `compliancePlan.forceStoreOnHipaaEnabled: true`, every free-text
    /// property of its schema (a `string` with no `enum`) is matched by its words
    /// (`dateOfBirth`, `patient_name`, `customer.email`) against the identifiers Vapi's HIPAA
    /// page says never to store: names of people, dates of birth, SSNs, medical record numbers,
    /// diagnoses, medications, card numbers, emails, phone numbers and addresses (reference
    /// vapi-structured-outputs-and-retell.md §1.8). A bare `name` counts only inside an object
    /// named for a person (`patient`, `caller`, `customer`, …). Booleans, numbers and enums are
    /// never reported: those are the categories and scores the docs call safe to store.
    ///
    /// ## Why it matters
    /// Under HIPAA mode Vapi does not store outputs, so they hold no PHI at rest. The override
    /// stores this output anyway, in call logs and Insights; the docs leave the responsibility
    /// with you and say to enable it only for outputs without sensitive data.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Intake", "compliancePlan": { "forceStoreOnHipaaEnabled": true },
    ///   "schema": { "type": "object", "properties": { "dateOfBirth": { "type": "string" }, "urgent": { "type": "boolean" } } } }
    /// ```
    ///
    /// ## How to fix
    /// Split the output: keep the safe fields (booleans, categories, scores) in one that is
    /// force-stored and move the identifiers to one that is not, or drop the override.
    pub static RULE = "structured-output/phi-force-stored", Warning, Check::Plan(check);
}

/// Words that name a person's identifier or health data on their own.
const PHI_WORDS: &[&str] = &[
    "ssn",
    "dob",
    "mrn",
    "birth",
    "birthdate",
    "birthday",
    "dateofbirth",
    "diagnosis",
    "diagnoses",
    "medication",
    "medications",
    "prescription",
    "prescriptions",
    "allergies",
    "allergy",
    "symptoms",
    "surname",
    "firstname",
    "lastname",
    "fullname",
    "email",
    "phone",
    "phonenumber",
    "address",
    "ssn4",
    "cvv",
];

/// Word pairs that do, in this order (`social security`, `card number`, `first name`).
const PHI_PAIRS: &[(&str, &str)] = &[
    ("social", "security"),
    ("medical", "record"),
    ("card", "number"),
    ("insurance", "id"),
    ("insurance", "number"),
    ("member", "id"),
    ("policy", "number"),
    ("first", "name"),
    ("last", "name"),
    ("full", "name"),
    ("middle", "name"),
    ("maiden", "name"),
];

/// Who a bare `name` belongs to when it is the name of a person.
const PEOPLE: &[&str] =
    &["patient", "caller", "customer", "client", "contact", "person", "member", "guardian", "parent", "user"];

/// The lowercase words of a property name: `dateOfBirth`, `date_of_birth`, `date-of-birth`.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.extend((!current.is_empty()).then(|| std::mem::take(&mut current)));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    words.extend((!current.is_empty()).then_some(current));
    words
}

/// Whether a property `name`, inside an object property named `parent`, looks like PHI.
fn looks_like_phi(name: &str, parent: Option<&str>) -> bool {
    let words = words(name);
    let has = |w: &str| words.iter().any(|x| x == w);
    if words.iter().any(|w| PHI_WORDS.contains(&w.as_str())) && !has("ip") {
        return true;
    }
    if PHI_PAIRS.iter().any(|(a, b)| words.windows(2).any(|pair| pair[0] == *a && pair[1] == *b)) {
        return true;
    }
    // `patientName`, or `name` inside `patient`
    has("name")
        && (words.iter().any(|w| PEOPLE.contains(&w.as_str()))
            || parent.is_some_and(|p| self::words(p).iter().any(|w| PEOPLE.contains(&w.as_str()))))
}

/// Whether a subschema extracts free text: a string (or untyped) value without an `enum`.
fn free_text(schema: &Map<String, Value>) -> bool {
    let typed_string = match schema.get("type") {
        None => !schema.contains_key("properties") && !schema.contains_key("items"),
        Some(Value::String(kind)) => kind == "string",
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
        Some(_) => false,
    };
    typed_string && !schema.contains_key("enum") && !schema.contains_key("const")
}

/// Calls `found` with the pointer and name of every free-text property that looks like PHI.
fn visit(schema: &Value, pointer: &str, parent: Option<&str>, found: &mut dyn FnMut(String, &str)) {
    let Value::Object(schema) = schema else { return };
    if let Some(Value::Object(properties)) = schema.get("properties") {
        let base = child_pointer(pointer, "properties");
        for (name, property) in properties {
            let at = child_pointer(&base, name);
            if let Value::Object(object) = property
                && free_text(object)
                && looks_like_phi(name, parent)
            {
                found(at.clone(), name);
            }
            visit(property, &at, Some(name), found);
        }
    }
    if let Some(items) = schema.get("items") {
        visit(items, &child_pointer(pointer, "items"), parent, found);
    }
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_output(ctx, &mut |output| {
        let Some((_, Value::Object(plan))) = field(&output, "compliancePlan") else { return };
        let forced = crate::plan::keys::get(plan, "forceStoreOnHipaaEnabled");
        let Some((key, Value::Bool(true))) = forced else { return };
        let Some(schema) = &output.part.schema else { return };
        let flag = format!("compliancePlan/{key}");
        visit(&schema.value, &schema.pointer, None, &mut |pointer, name| {
            out.push(
                Finding::new(&RULE, pointer, format!("{} looks like PHI, and this output is stored even under HIPAA mode", quote(name)))
                    .on_key()
                    .label(format!("`{flag}` is true"))
                    .help("force-store only outputs without identifiers (booleans, categories, scores); move this field to an output that is not force-stored"),
            );
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_told_from_safe_fields() {
        for name in ["dateOfBirth", "date_of_birth", "patientName", "SSN", "customer_email", "cardNumber", "phone"] {
            assert!(looks_like_phi(name, None), "{name}");
        }
        assert!(looks_like_phi("name", Some("patient")));
        for name in ["name", "productName", "agentName", "ipAddress", "sentiment", "callReason", "namespace"] {
            assert!(!looks_like_phi(name, None), "{name}");
        }
        assert!(!looks_like_phi("name", Some("product")));
    }

    #[test]
    fn words_split_every_spelling() {
        assert_eq!(words("dateOfBirth"), ["date", "of", "birth"]);
        assert_eq!(words("patient_full-name"), ["patient", "full", "name"]);
        assert_eq!(words("SSN"), ["ssn"]);
    }
}
