//! Synthetic analysis outputs and webhooks built from a plan: [`Sampler`] draws values that
//! satisfy the plan's schema ([`generate`] lists the keywords it covers), checks every one
//! with the same [`OutputValidator`] `plankit validate` uses, and [`payload`] wraps them in a
//! complete webhook of any kind and dialect. Samples are deterministic for a seed.
//!
//! ```
//! use serde_json::json;
//! use plankit::sample::Sampler;
//! let schema = json!({"type": "object", "required": ["sentiment", "phone"], "properties": {
//!     "sentiment": {"type": "integer", "minimum": 1, "maximum": 10},
//!     "phone": {"type": "string"}}});
//! let sampler = Sampler::new(&schema, &Default::default()).unwrap();
//! let value = sampler.sample(7, 0).unwrap();
//! assert!((1..=10).contains(&value["sentiment"].as_i64().unwrap()));
//! assert!(value["phone"].as_str().unwrap().starts_with("+316"));
//! assert_eq!(sampler.sample(7, 0).unwrap(), value);
//! ```

pub mod generate;
mod merge;
mod number;
pub mod pattern;
pub mod payload;
pub mod rng;
pub mod values;

use serde_json::Value;

pub use generate::Contradiction;
pub use rng::Rng;

use crate::validate::{OutputValidator, SchemaError, SchemaOptions};

/// How many draws a sample gets before plankit says the schema cannot be met.
pub const ATTEMPTS: usize = 64;

/// Why no sample could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    /// The schema contradicts itself where the generator looked.
    #[error("{}: {} (at {})", if .0.unsupported { "the schema cannot be sampled" } else { "the schema cannot be satisfied" }, .0.message, if .0.pointer.is_empty() { "/" } else { &.0.pointer })]
    Unsatisfiable(Contradiction),
    /// Every draw failed validation; the message is the last draw's first violation.
    #[error("no generated value satisfied the schema in {ATTEMPTS} draws; the last failed with: {0}")]
    NoValue(String),
    /// The schema does not compile.
    #[error("{0}")]
    Schema(SchemaError),
}

/// Draws values for one schema.
#[derive(Debug)]
pub struct Sampler {
    schema: Value,
    validator: OutputValidator,
}

impl Sampler {
    /// A sampler for `schema`, compiled as `validate` compiles it.
    pub fn new(schema: &Value, options: &SchemaOptions) -> Result<Sampler, SampleError> {
        let validator = OutputValidator::new(schema, options).map_err(SampleError::Schema)?;
        Ok(Sampler { schema: schema.clone(), validator })
    }

    /// The validator every sample is checked with.
    pub fn validator(&self) -> &OutputValidator {
        &self.validator
    }

    /// Sample number `index` for `seed`: the same pair always gives the same value.
    pub fn sample(&self, seed: u64, index: u64) -> Result<Value, SampleError> {
        let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
        let generator = generate::Generator::new(&self.schema);
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            let value = generator.value(&mut rng).map_err(SampleError::Unsatisfiable)?;
            match self.validator.validate(&value).into_iter().next() {
                None => return Ok(value),
                Some(violation) => last = violation.message,
            }
        }
        Err(SampleError::NoValue(last))
    }
}

#[cfg(test)]
mod tests;
