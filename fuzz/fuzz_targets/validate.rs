//! The validator: the input is split at the first newline into a schema and a document. A
//! schema that compiles judges the document, and its yes/no agrees with the full report;
//! the payload checks run on the document too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plankit::validate::{OutputValidator, SchemaOptions, check_document};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (schema, document) = text.split_once('\n').unwrap_or((text, "null"));
    let (Ok(schema), Ok(document)) =
        (serde_json::from_str::<serde_json::Value>(schema), serde_json::from_str::<serde_json::Value>(document))
    else {
        return;
    };
    let Ok(validator) = OutputValidator::new(&schema, &SchemaOptions::default()) else { return };
    let violations = validator.validate(&document);
    assert_eq!(validator.is_valid(&document), violations.is_empty());
    let _ = check_document(&document, &validator, &Default::default());
});
