//! `provider/conflict`: two chosen targets ask for opposite things, so no single schema can
//! satisfy both. Said once per schema and pair of targets, instead of leaving the user to
//! discover it by fixing one target's findings and breaking the other's.

use serde_json::Value;

use crate::plan::Schema;
use crate::provider::Target;
use crate::provider::checks::is_object;
use crate::provider::profile::Profile;
use crate::provider::shape::counts;
use crate::rules::{Check, Finding, Findings, declare_rule};
use crate::schema::walk;

declare_rule! {
    /// Two chosen targets make opposite demands on this schema, so no version of it satisfies both.
    ///
    /// ## What it checks
    /// For every pair of targets given to `--target`, whether one requires what the other
    /// rejects, for this schema: OpenAI, Azure, Anthropic and Groq strict need
    /// `"additionalProperties": false` on every object while Gemini `responseSchema` rejects
    /// the keyword; OpenAI strict needs every optional field written as a required nullable
    /// union while Anthropic allows at most 16 union-typed fields. Reported once per schema and
    /// pair, on the schema.
    ///
    /// ## Why it matters
    /// Fixing the findings of one target produces the findings of the other: the plan cannot
    /// run on both providers with one schema.
    ///
    /// ## Example
    /// `plankit lint --target openai-strict,gemini plan.json` on any schema with an object.
    ///
    /// ## How to fix
    /// Keep one schema per provider, let the platform transform it per provider (strip
    /// `additionalProperties` for Gemini), use Gemini's JSON Schema path (`gemini-json-schema`),
    /// or replace nullable fields with sentinel values (`"unknown"`).
    pub static RULE = "provider/conflict", Error, Check::Provider;
}

/// One way two profiles can contradict each other on a schema: the reason, when they do.
type Clash = fn(&Profile, &Profile, &Value) -> Option<String>;

/// Every known kind of contradiction, each tried in both directions.
const CLASHES: &[Clash] = &[additional_properties, nullable_unions];

/// `additionalProperties: false` required by one, the keyword rejected by the other.
fn additional_properties(a: &Profile, b: &Profile, schema: &Value) -> Option<String> {
    let opposed =
        a.additional_properties_false.is_required() && b.keywords.support("additionalProperties").is_rejected();
    let mut has_object = false;
    walk(schema, "", &mut |node| has_object |= is_object(node.schema));
    (opposed && has_object).then(|| {
        format!(
            "{} requires `\"additionalProperties\": false` on every object, {} rejects the keyword",
            a.target, b.target
        )
    })
}

/// Every optional field as a required nullable union for one, too many unions for the other.
fn nullable_unions(a: &Profile, b: &Profile, schema: &Value) -> Option<String> {
    let limit = b.limits.union_properties?;
    if !a.all_required.is_required() {
        return None;
    }
    let found = counts(schema, "");
    let mut fields = found.optional;
    fields.extend(found.unions);
    fields.sort_unstable();
    fields.dedup();
    (fields.len() > limit.max).then(|| {
        format!(
            "{} needs each of the {} optional or nullable fields as a required nullable union, {} allows at most {} union-typed fields",
            a.target,
            fields.len(),
            b.target,
            limit.max
        )
    })
}

/// Reports every pair of chosen targets that contradict each other on `schema`, once each.
pub fn check(schema: &Schema, targets: &[Target], out: &mut Findings) {
    for (i, first) in targets.iter().enumerate() {
        for second in &targets[i + 1..] {
            if first == second {
                continue;
            }
            let (a, b) = (first.profile(), second.profile());
            let reasons: Vec<String> = CLASHES
                .iter()
                .flat_map(|clash| [clash(a, b, &schema.value), clash(b, a, &schema.value)])
                .flatten()
                .collect();
            if reasons.is_empty() {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    schema.pointer.clone(),
                    format!("cannot satisfy {} and {} at once: {}", a.target, b.target, reasons.join("; ")),
                )
                .on_key()
                .label("no single schema satisfies both targets")
                .help("keep one schema per provider, or lint these targets separately; `plankit explain provider/conflict` lists the ways out"),
            );
        }
    }
}
