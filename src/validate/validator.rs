//! The compiled schema: an [`OutputValidator`] is built once from a plan's structured-data
//! schema (or a bare JSON Schema) and then shared by every thread that checks documents.
//!
//! The draft comes from `$schema` (4, 6, 7, 2019-09, 2020-12), else from
//! [`SchemaOptions::default_draft`]. `format` is asserted unless turned off. `pattern` runs on
//! fancy-regex with a bounded backtracking budget, so no pattern can hang a run; a pattern
//! that is not valid ECMA-262 ([`crate::pattern`]) is refused before compiling, since
//! fancy-regex would give it a meaning no other consumer of the schema does. References
//! resolve only to files in the schema's own folder ([`super::retriever`]).

use std::path::{Path, PathBuf};

use jsonschema::{Draft, PatternOptions};
use serde_json::Value;

use super::Violation;
use super::errors::violations;
use super::retriever::{LocalFiles, file_uri};
use crate::plan::Plan;

/// How far `pattern` may backtrack on one string before it is reported as aborted. Patterns
/// without lookaround or backreferences run on a linear engine and never reach it.
pub const BACKTRACK_LIMIT: usize = 100_000;

/// How to compile a schema.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    /// Assert `format` (dates, emails, UUIDs, …) instead of treating it as an annotation.
    pub formats: bool,
    /// The draft used when the schema has no `$schema`.
    pub default_draft: Draft,
    /// The file the schema came from: `$ref`s to other files resolve beside it, and only
    /// inside its folder. `None` (standard input, a test) allows no file references.
    pub origin: Option<PathBuf>,
}

impl Default for SchemaOptions {
    fn default() -> SchemaOptions {
        SchemaOptions { formats: true, default_draft: Draft::Draft202012, origin: None }
    }
}

/// Why a schema could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The plan holds no structured-data schema.
    #[error("the plan has no structured-data schema to validate against")]
    NoSchema,
    /// The plan file holds several plans with different schemas.
    #[error("the file holds {0} plans with schemas; validate against one of them")]
    SeveralSchemas(usize),
    /// jsonschema refused the schema (meta-schema violation, bad `$ref`, unknown `$schema`).
    #[error("{message}")]
    Invalid {
        /// One line from the compiler.
        message: String,
        /// Where in the schema.
        pointer: String,
    },
}

/// A compiled schema, `Send + Sync`: build it once, validate from any number of threads.
///
/// ```
/// use serde_json::json;
/// let schema = json!({"type": "object", "properties": {"sentiment": {"type": "integer", "maximum": 10}}});
/// let validator = plankit::validate::OutputValidator::new(&schema, &Default::default()).unwrap();
/// assert!(validator.is_valid(&json!({"sentiment": 7})));
/// let errors = validator.validate(&json!({"sentiment": 11}));
/// assert_eq!(errors[0].message, "/sentiment: 11 is greater than the maximum of 10");
/// assert_eq!(errors[0].schema_pointer.as_deref(), Some("/properties/sentiment/maximum"));
/// ```
#[derive(Debug, Clone)]
pub struct OutputValidator {
    validator: jsonschema::Validator,
    /// The schema as written, for what errors name from it (the declared properties an
    /// unexpected one is a near miss of).
    schema: std::sync::Arc<Value>,
    /// Where the schema's recursion branches (see [`super::budget`]): errors of a document
    /// too deep to explain in 2^16 steps are then not itemised.
    branching: Option<super::budget::Branching>,
    /// Whether a `patternProperties` pattern needs the backtracking engine: property names
    /// longer than [`BACKTRACKING_INPUT_LIMIT`] are then not matched (see
    /// [`super::bounded_pattern`]; jsonschema matches the names itself).
    backtracking_names: bool,
    /// The plan file's Vapi structured outputs, whose results an end-of-call report's
    /// `artifact.structuredOutputs` carries.
    structured: std::sync::Arc<super::structured::StructuredOutputs>,
    /// The schema compiled for the fast path's tree, once asked for (`None` inside when it
    /// cannot be: the tree is then read as a `Value`).
    fast: std::sync::Arc<std::sync::OnceLock<Option<jsonschema::Validator<super::fast::FastJson>>>>,
    /// How the schema was compiled, to compile it again for the fast path.
    options: SchemaOptions,
    /// Whether the schema has a keyword whose errors follow the order of an object's members
    /// (see [`reads_member_order`]): a failing tree is then put in key order to be explained.
    member_order: bool,
}

/// Keywords whose errors depend on the order an object's members come in: one error naming
/// several members (`unevaluatedProperties`), or several errors at the object itself in the
/// order its members are read. Every other error lies at a member, or names the value as
/// serde_json writes it (its keys sorted), so once a report's errors are sorted by column it
/// reads the same whatever order the tree holds them in.
const MEMBER_ORDER_KEYWORDS: &[&str] =
    &["unevaluatedProperties", "propertyNames", "dependencies", "dependentRequired", "dependentSchemas"];

/// Whether `schema` has a keyword of [`MEMBER_ORDER_KEYWORDS`] anywhere (a property of that
/// name counts too), or a `$ref` to another resource, whose keywords are not seen here.
fn reads_member_order(schema: &Value) -> bool {
    match schema {
        Value::Object(members) => members.iter().any(|(key, value)| {
            MEMBER_ORDER_KEYWORDS.contains(&key.as_str())
                || (matches!(key.as_str(), "$ref" | "$dynamicRef" | "$recursiveRef")
                    && !value.as_str().is_some_and(|target| target.starts_with('#')))
                || reads_member_order(value)
        }),
        Value::Array(items) => items.iter().any(reads_member_order),
        _ => false,
    }
}

thread_local! {
    /// Where [`OutputValidator::explain_node`] puts a tree in key order: reused by each thread's
    /// failing documents.
    static ORDERING: std::cell::RefCell<super::fast::Arena> = Default::default();
}

/// `builder` set up as every compiled schema is, whichever representation it reads: formats,
/// the bounded pattern engine, references beside the schema file only, the default draft.
fn configured<F: jsonschema::json::Json>(
    builder: jsonschema::ValidationOptions<'static, std::sync::Arc<dyn jsonschema::Retrieve>, F>,
    schema: &Value,
    options: &SchemaOptions,
) -> jsonschema::ValidationOptions<'static, std::sync::Arc<dyn jsonschema::Retrieve>, F> {
    let root = options
        .origin
        .as_deref()
        .and_then(Path::parent)
        .map(|p| if p.as_os_str().is_empty() { PathBuf::from(".") } else { p.to_path_buf() });
    let mut builder = builder
        .should_validate_formats(options.formats)
        .with_pattern_options(PatternOptions::fancy_regex().backtrack_limit(BACKTRACK_LIMIT))
        .with_retriever(LocalFiles::new(root));
    if let Some(origin) = &options.origin
        && let Ok(absolute) = std::path::absolute(origin)
    {
        builder = builder.with_base_uri(file_uri(&absolute));
    }
    if schema.get("$schema").is_none() {
        builder = builder.with_draft(options.default_draft);
    }
    builder
}

impl OutputValidator {
    /// Compiles a JSON Schema.
    pub fn new(schema: &Value, options: &SchemaOptions) -> Result<OutputValidator, SchemaError> {
        let builder =
            configured(jsonschema::options(), schema, options).with_keyword("pattern", super::bounded_pattern::factory);
        let branching = super::budget::check(schema)?;
        ecma_patterns(schema)?;
        let validator = builder.build(schema).map_err(|error| {
            let message = error.to_string();
            SchemaError::Invalid {
                message: match schema.get("$schema") {
                    // the library's advice ("register it in the registry") is nothing a user can do
                    Some(uri) if message.to_lowercase().contains("unknown meta-schema") => format!(
                        "`$schema` names a meta-schema plankit does not know ({uri}), and plankit never fetches one: \
                         set `$schema` to a draft (\"https://json-schema.org/draft/2020-12/schema\", draft-07, …), \
                         or remove it and choose the draft with `--draft` or `draft` in plankit.toml"
                    ),
                    _ => super::errors::lowercase_first(&message),
                },
                pointer: error.instance_path().as_str().to_owned(),
            }
        })?;
        let backtracking_names = backtracking_names(schema);
        Ok(OutputValidator {
            validator,
            schema: std::sync::Arc::new(schema.clone()),
            branching,
            backtracking_names,
            structured: Default::default(),
            fast: Default::default(),
            options: options.clone(),
            member_order: reads_member_order(schema),
        })
    }

    /// True when the NDJSON fast path's tree satisfies the schema, asked of the tree itself
    /// (see [`super::fast`]'s `FastJson`): the schema is compiled for it on first use, by
    /// whichever thread comes first.
    pub(crate) fn node_is_valid(&self, node: &super::fast::Node<'_>) -> bool {
        use crate::recognise::Tree;
        let fast = self.fast.get_or_init(|| {
            // property names too long to match are found on serde_json's `Value` only
            (!self.backtracking_names).then(|| {
                configured(jsonschema::options_for::<super::fast::FastJson>(), &self.schema, &self.options)
                    .with_keyword("pattern", super::bounded_pattern::fast_factory)
                    .build(&self.schema)
                    .ok()
            })?
        });
        match fast {
            Some(fast) => fast.is_valid(node),
            None => self.is_valid(&node.to_serde()),
        }
    }

    /// The violations of a fast-path tree at `base` that [`node_is_valid`](Self::node_is_valid)
    /// refused: what [`explain_at`](Self::explain_at) gives on the `Value` it would become,
    /// built on the tree itself. Under a schema whose errors follow member order the tree is
    /// first put in key order, as that `Value`'s members are; under any other the errors are
    /// the same but may come in another order, which placing them (sorted by column) undoes.
    /// A schema with branches to budget (which measures the `Value`), or one not compiled for
    /// the tree, is explained on the `Value`.
    pub(crate) fn explain_node(&self, node: &super::fast::Node<'_>, base: &str) -> Vec<Violation> {
        use crate::recognise::Tree;
        match self.fast.get() {
            Some(Some(fast)) if self.branching.is_none() => {
                if !self.member_order {
                    return violations(fast.iter_errors(node), base, &self.schema);
                }
                ORDERING.with_borrow_mut(|arena| {
                    arena.reset();
                    let ordered = arena.in_key_order(node);
                    violations(fast.iter_errors(&ordered), base, &self.schema)
                })
            }
            _ => self.explain_at(&node.to_serde(), base, true),
        }
    }

    /// Whether a failing tree is put in key order to be explained.
    #[cfg(test)]
    pub(crate) fn reads_member_order(&self) -> bool {
        self.member_order
    }

    /// Whether [`node_is_valid`](Self::node_is_valid) has read a tree itself, not as a `Value`.
    #[cfg(test)]
    pub(crate) fn reads_trees_itself(&self) -> bool {
        matches!(self.fast.get(), Some(Some(_)))
    }

    /// Compiles the structured-data schema of the plans found in a plan file.
    pub fn for_plans(plans: &[Plan], options: &SchemaOptions) -> Result<OutputValidator, SchemaError> {
        let mut schemas: Vec<&Value> = plans
            .iter()
            .flat_map(|plan| plan.schemas())
            .filter(|(part, _)| {
                matches!(part.kind, crate::plan::PartKind::StructuredData | crate::plan::PartKind::PostCallAnalysis)
            })
            .map(|(_, schema)| &schema.value)
            .collect();
        schemas.dedup();
        let structured = super::structured::StructuredOutputs::of(plans, options)?;
        let mut validator = match schemas.as_slice() {
            // a file of structured outputs: a bare result is checked against the only one's
            // schema; with several, only reports (which name the output by id) are checked
            [] if !structured.is_empty() => {
                let only: Vec<&Value> = plans
                    .iter()
                    .flat_map(|plan| plan.schemas())
                    .filter(|(part, _)| part.kind.structured_output().is_some())
                    .map(|(_, schema)| &schema.value)
                    .collect();
                match only.as_slice() {
                    [schema] => OutputValidator::new(schema, options),
                    _ => OutputValidator::new(&Value::Object(Default::default()), options),
                }
            }
            [] => Err(SchemaError::NoSchema),
            [schema] => OutputValidator::new(schema, options),
            several => Err(SchemaError::SeveralSchemas(several.len())),
        }?;
        validator.structured = std::sync::Arc::new(structured);
        Ok(validator)
    }

    /// The violations of the structured-output results in a report's `artifact` at `pointer`.
    pub fn check_structured_outputs(&self, artifact: &Value, pointer: &str) -> Vec<Violation> {
        self.structured.check(artifact, pointer)
    }

    /// Whether [`check_structured_outputs`](Self::check_structured_outputs) finds nothing, asked
    /// without building a violation.
    pub(crate) fn structured_outputs_are_clean<T: super::document::Checkable>(&self, artifact: &T) -> bool {
        self.structured.is_clean(artifact)
    }

    /// The draft the schema was compiled under.
    pub fn draft(&self) -> Draft {
        self.validator.draft()
    }

    /// True when the document satisfies the schema: the fast path, no error is built.
    pub fn is_valid(&self, document: &Value) -> bool {
        !(self.backtracking_names && long_name(document).is_some()) && self.validator.is_valid(document)
    }

    /// Every violation: `oneOf`/`anyOf` failures are replaced by the leaf errors of the
    /// branch that came closest. Pointers are relative to `document`.
    pub fn validate(&self, document: &Value) -> Vec<Violation> {
        self.validate_at(document, "")
    }

    /// As [`validate`](Self::validate), for a document found at `base` inside a larger one
    /// (an end-of-call-report's `/message/analysis`); pointers are prefixed with `base`.
    pub fn validate_at(&self, document: &Value, base: &str) -> Vec<Violation> {
        self.explain_at(document, base, false)
    }

    /// As [`validate_at`](Self::validate_at); with `failed`, for a document
    /// [`is_valid`](Self::is_valid) (or the fast path's tree of it) already failed, which is
    /// not asked again.
    pub(crate) fn explain_at(&self, document: &Value, base: &str, failed: bool) -> Vec<Violation> {
        if self.backtracking_names
            && let Some(pointer) = long_name(document)
        {
            return vec![name_not_matched(&format!("{base}{pointer}"))];
        }
        if !failed && self.validator.is_valid(document) {
            return Vec::new();
        }
        if let Some(branching) = &self.branching
            && depth(document) > branching.explained_depth()
        {
            return vec![not_itemised(branching, base)];
        }
        violations(self.validator.iter_errors(document), base, &self.schema)
    }
}

/// Whether a `patternProperties` key of the schema uses lookaround or backreferences.
fn backtracking_names(schema: &Value) -> bool {
    let mut found = false;
    crate::schema::walk(schema, "", &mut |node| {
        if let Some(Value::Object(patterns)) = node.schema.get("patternProperties") {
            found |= patterns.keys().any(|pattern| super::bounded_pattern::backtracks(pattern));
        }
    });
    found
}

/// The pointer of the first object whose property name is too long for a backtracking
/// pattern, without recursion.
fn long_name(document: &Value) -> Option<String> {
    let limit = super::bounded_pattern::BACKTRACKING_INPUT_LIMIT;
    let mut pending = vec![(document, String::new())];
    while let Some((value, pointer)) = pending.pop() {
        match value {
            Value::Array(items) => {
                pending.extend(items.iter().enumerate().map(|(i, item)| (item, format!("{pointer}/{i}"))));
            }
            Value::Object(members) => {
                if members.keys().any(|name| name.len() > limit && name.chars().count() > limit) {
                    return Some(pointer);
                }
                pending
                    .extend(members.iter().map(|(name, member)| (member, crate::json::child_pointer(&pointer, name))));
            }
            _ => {}
        }
    }
    None
}

/// The violation of a document with a property name too long to match.
fn name_not_matched(pointer: &str) -> Violation {
    let rule = &super::output::pattern_aborted::RULE;
    let limit = super::bounded_pattern::BACKTRACKING_INPUT_LIMIT;
    Violation {
        rule,
        severity: rule.default_severity,
        pointer: pointer.to_owned(),
        at: pointer.to_owned(),
        on_key: false,
        schema_pointer: None,
        message: format!(
            "{}a property name was not matched against the `patternProperties` patterns: it is longer than {limit} characters, the most plankit matches a pattern with lookaround or backreferences against",
            if pointer.is_empty() { String::new() } else { format!("{pointer}: ") }
        ),
        help: None,
    }
}

/// The one violation of a document whose errors are not itemised.
fn not_itemised(branching: &super::budget::Branching, base: &str) -> Violation {
    let at = branching.pointer.as_str();
    let rule = &super::output::schema::RULE;
    Violation {
        rule,
        severity: rule.default_severity,
        pointer: base.to_owned(),
        at: base.to_owned(),
        on_key: false,
        schema_pointer: Some(at.to_owned()),
        message: format!(
            "{}the document does not match the schema; its errors are not listed: it nests more than {} levels deep, and the schema's recursion branches at {}, so explaining them would take time exponential in the depth",
            if base.is_empty() { String::new() } else { format!("{base}: ") },
            branching.explained_depth(),
            if at.is_empty() { "its root" } else { at }
        ),
        help: Some("make the recursive branches exclusive (a `const` or `type` that tells them apart), or validate a shallower document".to_owned()),
    }
}

/// How many levels of arrays and objects a document nests, without recursion.
fn depth(document: &Value) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(document, 0)];
    while let Some((value, level)) = pending.pop() {
        deepest = deepest.max(level);
        match value {
            Value::Array(items) => pending.extend(items.iter().map(|item| (item, level + 1))),
            Value::Object(members) => pending.extend(members.values().map(|member| (member, level + 1))),
            _ => {}
        }
    }
    deepest
}

/// Refuses the first `pattern` or `patternProperties` key that no ECMA-262 reading accepts.
fn ecma_patterns(schema: &Value) -> Result<(), SchemaError> {
    use crate::json::child_pointer;
    let mut refused = None;
    crate::schema::walk(schema, "", &mut |node| {
        let pattern = node.schema.get("pattern").and_then(Value::as_str);
        let keys = node.schema.get("patternProperties").and_then(Value::as_object);
        let named = pattern.map(|p| (p, child_pointer(node.pointer, "pattern"))).into_iter().chain(
            keys.into_iter()
                .flat_map(|keys| keys.keys())
                .map(|key| (key.as_str(), child_pointer(&child_pointer(node.pointer, "patternProperties"), key))),
        );
        for (text, pointer) in named {
            if refused.is_some() {
                return;
            }
            if let crate::pattern::Syntax::Invalid { error } = crate::pattern::read(text) {
                let message =
                    format!("pattern {} is not a valid ECMA-262 regular expression: {error}", crate::text::quote(text));
                refused = Some(SchemaError::Invalid { message, pointer });
            }
        }
    });
    refused.map_or(Ok(()), Err)
}

impl Plan {
    /// The compiled validator for this plan's structured-data schema (formats asserted,
    /// 2020-12 unless `$schema` says otherwise, no file references).
    pub fn output_validator(&self) -> Result<OutputValidator, SchemaError> {
        OutputValidator::for_plans(std::slice::from_ref(self), &SchemaOptions::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn a_custom_meta_schema_says_what_to_do() {
        let schema = serde_json::json!({"$schema": "https://example.com/meta", "type": "object"});
        let error = OutputValidator::new(&schema, &SchemaOptions::default()).err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("never fetches") && e.contains("--draft") && !e.contains("registry")),
            "{error:?}"
        );
    }

    #[test]
    fn member_order_is_read_by_five_keywords_and_by_what_another_resource_holds() {
        let reads = |schema: Value| reads_member_order(&schema);
        assert!(!reads(
            serde_json::json!({"properties": {"a": {"$ref": "#/$defs/a"}}, "$defs": {"a": {"required": ["b"]}}})
        ));
        assert!(!reads(serde_json::json!({"additionalProperties": false, "patternProperties": {"^x": {}}})));
        assert!(reads(serde_json::json!({"properties": {"a": {"$ref": "other.json#/a"}}})));
        assert!(reads(serde_json::json!({"items": [{"dependentSchemas": {}}]})));
        assert!(reads(serde_json::json!({"properties": {"a": {"unevaluatedProperties": false}}})));
    }

    #[test]
    fn validator_is_shared_across_threads() {
        assert_send_sync::<OutputValidator>();
    }

    #[test]
    fn the_draft_comes_from_dollar_schema_or_the_default() {
        let seven = serde_json::json!({"$schema": "http://json-schema.org/draft-07/schema#"});
        let built = OutputValidator::new(&seven, &SchemaOptions::default()).map(|v| v.draft());
        assert_eq!(built, Ok(Draft::Draft7));
        let bare = serde_json::json!({});
        let built = OutputValidator::new(&bare, &SchemaOptions::default()).map(|v| v.draft());
        assert_eq!(built, Ok(Draft::Draft202012));
    }

    #[test]
    fn a_pattern_ecma_262_rejects_is_refused_not_read_another_way() {
        let schema = serde_json::json!({"properties": {"phone": {"type": "string", "pattern": "^+31[0-9]{9}$"}}});
        let err = OutputValidator::new(&schema, &SchemaOptions::default()).err();
        assert_eq!(
            err,
            Some(SchemaError::Invalid {
                message:
                    "pattern \"^+31[0-9]{9}$\" is not a valid ECMA-262 regular expression: quantifier not allowed here"
                        .to_owned(),
                pointer: "/properties/phone/pattern".to_owned(),
            })
        );
        let annex_b = serde_json::json!({"type": "string", "pattern": "^\\d{3}\\-\\d{4}$"});
        assert!(
            OutputValidator::new(&annex_b, &SchemaOptions::default()).is_ok_and(|v| v.is_valid(&"123-4567".into()))
        );
    }

    #[test]
    fn remote_refs_are_refused_not_fetched() {
        let schema = serde_json::json!({"$ref": "https://example.com/address.json"});
        let err = OutputValidator::new(&schema, &SchemaOptions::default()).err();
        assert!(err.is_some_and(|e| e.to_string().contains("never fetched")));
    }
}
