//! `output/schema`

use crate::rules::{Check, declare_rule};

declare_rule! {
    /// An analysis output breaks the plan's JSON Schema: a wrong type, a value out of range, a missing required property, an enum the CRM does not expect.
    ///
    /// ## What it checks
    /// `plankit validate` checks each analysis output — a bare document, the `analysis` of a
    /// Flireo end-of-call-report, `analysis.structuredData` of a Vapi one, or the sub-document
    /// chosen with `--at` — against the plan's structured-data schema (or `--schema`). Every
    /// violation is reported with its JSON Pointer, the schema keyword that failed and the
    /// line and column. A failed `anyOf`/`oneOf` is reported as the leaf errors of the branch
    /// that came closest.
    ///
    /// ## Why it matters
    /// Models do not always follow the schema, and platforms do not always reject what breaks
    /// it. Code downstream (a CRM import, a dashboard) then fails on the one report in a
    /// thousand that says `"sentiment": 11` on a 1–10 scale.
    ///
    /// ## Example
    /// With `"sentiment": {"type": "integer", "minimum": 1, "maximum": 10}` in the schema:
    /// ```json
    /// { "sentiment": 11, "resolved": true }
    /// ```
    /// `error[output/schema]: /sentiment: 11 is greater than the maximum of 10`.
    ///
    /// ## How to fix
    /// Tighten the plan's prompt or schema (a `description` the model reads, an `enum`), or
    /// make the consumer accept the value — then widen the schema to say so.
    pub static RULE = "output/schema", Error, Check::Output;
}
