//! `payload/*`: webhook payloads checked against their format. [`crate::recognise`] decides
//! that a document is a payload (its event is `message.type`, `eventType` in the legacy flat
//! form, or a root `type` when the envelope is missing) and which dialect it is in — Flireo
//! camelCase, HMS snake_case, Vapi, or legacy flat — whose fields are listed in [`format`]. Each rule is one file; the schema check of an end-of-call-report's analysis is
//! `output/schema`'s job.

pub mod format;
pub mod invalid_timestamp;
pub mod missing_analysis;
pub mod missing_envelope;
pub mod missing_field;
pub mod unknown_event;
pub mod unknown_value;
pub mod wrong_type;

use serde_json::{Map, Value};

use crate::json::escape_pointer_token;
pub use crate::recognise::{Dialect, DialectChoice};
use crate::recognise::{Envelope, Found, Recognised, Tree, Webhook, recognise};
pub use format::{Expect, Field};

/// The webhook events plankit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// Sent after the call, with the summary and the analysis.
    EndOfCallReport,
    /// A call changed status.
    StatusUpdate,
    /// The model called a custom tool.
    ToolCalls,
    /// An inbound call asks which assistant to use.
    AssistantRequest,
}

impl Event {
    /// Every event, in the order the docs list them.
    pub const ALL: [Event; 4] =
        [Event::AssistantRequest, Event::ToolCalls, Event::StatusUpdate, Event::EndOfCallReport];

    /// The name on the wire: `end-of-call-report`.
    pub fn name(self) -> &'static str {
        match self {
            Event::EndOfCallReport => "end-of-call-report",
            Event::StatusUpdate => "status-update",
            Event::ToolCalls => "tool-calls",
            Event::AssistantRequest => "assistant-request",
        }
    }

    /// The event with this wire name.
    pub fn from_name(name: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|event| event.name() == name)
    }
}

/// A recognised webhook payload, as the payload rules see it.
#[derive(Debug)]
pub struct Payload<'a> {
    /// The payload's body: `message`, or the whole document in the flat form.
    pub body: &'a Map<String, Value>,
    /// The body as the value it is.
    pub value: &'a Value,
    /// Pointer of the body in the document (`/message` or empty).
    pub base: &'static str,
    /// Where the body sits: in the `message` envelope, flat, or at the root by mistake.
    pub envelope: Envelope,
    /// The event, when its name is one plankit knows.
    pub event: Option<Event>,
    /// The event name as written, when it is a string.
    pub event_name: Option<&'a str>,
    /// The dialect it is read in.
    pub dialect: Dialect,
    /// The dialect and why it was chosen.
    pub dialect_choice: DialectChoice,
    /// `--require-analysis`: an end-of-call-report must carry an analysis.
    pub require_analysis: bool,
}

/// One place a field rule looks at: the field's pointer, its parent's, and its value if present.
#[derive(Debug)]
pub struct Slot<'a> {
    /// Pointer of the field in the document.
    pub pointer: String,
    /// Pointer of the object that holds (or should hold) it.
    pub parent: String,
    /// The value, when present and not `null`.
    pub value: Option<&'a Value>,
}

impl<'a> Payload<'a> {
    /// Recognises a webhook payload (see [`crate::recognise`]); anything else is an analysis
    /// output, and `None`.
    pub fn recognise(document: &'a Value, require_analysis: bool) -> Option<Payload<'a>> {
        match recognise(document, None) {
            Recognised::Webhook(webhook) => Some(Payload::of(webhook, require_analysis)),
            Recognised::Messages(_) | Recognised::AnalysisOutput => None,
        }
    }

    /// The payload rules' view of a recognised webhook.
    pub fn of(webhook: Webhook<'a>, require_analysis: bool) -> Payload<'a> {
        Payload {
            body: webhook.body,
            value: webhook.value,
            base: webhook.base(),
            envelope: webhook.envelope,
            event: webhook.event_name.and_then(Event::from_name),
            event_name: webhook.event_name,
            dialect: webhook.dialect.dialect,
            dialect_choice: webhook.dialect,
            require_analysis,
        }
    }

    /// Whether the payload names one of Vapi's events whose fields plankit does not check
    /// (`speech-update`, `conversation-update`, …): known, so never an unknown event.
    pub fn is_unchecked_event(&self) -> bool {
        is_unchecked(self.event, self.dialect, self.event_name)
    }

    /// Pointer of the event name: `/message/type`, `/eventType` or `/type`.
    pub fn event_pointer(&self) -> String {
        match self.envelope {
            Envelope::Message => format!("{}/type", self.base),
            Envelope::Flat => "/eventType".to_owned(),
            Envelope::Missing => "/type".to_owned(),
        }
    }

    /// The checked fields of this payload's event and dialect.
    pub fn fields(&self) -> impl Iterator<Item = &'static Field> + use<> {
        let event = self.event;
        let dialect = self.dialect;
        event.into_iter().flat_map(move |event| format::fields(event, dialect))
    }

    /// Every place `field` occurs: one for a plain path, one per element under a `*`. A place
    /// whose parent is absent or of the wrong type is skipped (the parent is reported).
    pub fn slots(&self, field: &Field) -> Vec<Slot<'a>> {
        let path = field.path_in(self.dialect);
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        let mut out = Vec::new();
        walk(Node::Object(self.body), self.base.to_owned(), &segments, &mut out);
        out
    }

    /// True when no `payload/*` rule has anything to report: [`is_clean`] of this payload.
    pub fn is_clean(&self) -> bool {
        let found = Found {
            body: self.value,
            envelope: self.envelope,
            event_name: self.event_name,
            dialect: self.dialect_choice,
        };
        is_clean(&found, self.require_analysis)
    }

    /// The analysis output of an end-of-call-report and its pointer: `analysis` (Flireo, HMS,
    /// legacy flat) or `analysis.structuredData` (Vapi). `None` when absent, `null` or not an object.
    pub fn analysis(&self) -> Option<(String, &'a Value)> {
        let analysis = analysis(self.value, self.event, self.dialect)?;
        Some((self.analysis_pointer(), analysis))
    }

    /// The payload named for messages: `an end-of-call-report`, `a Vapi end-of-call-report`.
    pub fn described(&self) -> String {
        let name = match self.event {
            Some(Event::ToolCalls) => "tool-calls payload",
            Some(event) => event.name(),
            None => "webhook payload",
        };
        let dialect = match self.dialect {
            Dialect::Vapi => "Vapi ",
            Dialect::Flat => "legacy flat ",
            Dialect::Camel | Dialect::Snake => "",
        };
        let article = if dialect.is_empty() && name.starts_with(['a', 'e']) { "an" } else { "a" };
        format!("{article} {dialect}{name}")
    }

    /// Pointer where the analysis belongs in this dialect.
    pub fn analysis_pointer(&self) -> String {
        analysis_pointer(self.base, self.dialect)
    }
}

/// Pointer where the analysis belongs in a body at `base`, in `dialect`.
pub(crate) fn analysis_pointer(base: &str, dialect: Dialect) -> String {
    match dialect {
        Dialect::Vapi => format!("{base}/analysis/structuredData"),
        _ => format!("{base}/analysis"),
    }
}

/// Whether a payload names one of Vapi's events whose fields plankit does not check.
fn is_unchecked(event: Option<Event>, dialect: Dialect, name: Option<&str>) -> bool {
    event.is_none()
        && dialect == Dialect::Vapi
        && name.is_some_and(|name| format::VAPI_UNCHECKED_EVENTS.contains(&name))
}

/// True when no `payload/*` rule has anything to report about the webhook `found`, in any
/// [`Tree`]. This is the fast path for the valid majority of a stream: one walk, no
/// allocation, built from the same predicates the rules use; the rules themselves run only
/// when it says no.
pub(crate) fn is_clean<T: Tree>(found: &Found<'_, T>, require_analysis: bool) -> bool {
    let event = found.event_name.and_then(Event::from_name);
    let dialect = found.dialect.dialect;
    if (event.is_none() && !is_unchecked(event, dialect, found.event_name)) || found.envelope == Envelope::Missing {
        return false;
    }
    if require_analysis && event == Some(Event::EndOfCallReport) && analysis(found.body, event, dialect).is_none() {
        return false;
    }
    event.is_none_or(|event| clean_below(found.body, format::steps(event, dialect)))
}

/// Whether every field of `steps` holds what it must under `node`: a field whose parent is
/// absent or of the wrong type is skipped, as the rules skip it (the parent is reported).
fn clean_below<T: Tree>(node: &T, steps: &[format::Step]) -> bool {
    steps.iter().all(|step| {
        // the step's own fields, then the ones below it
        let clean_at = |value: Option<&T>| {
            step.fields.iter().all(|&field| accepts(field, value))
                && value.is_none_or(|value| clean_below(value, &step.below))
        };
        if step.key == "*" {
            return node.items().is_none_or(|items| items.iter().all(|item| clean_at(Some(item))));
        }
        !node.is_object() || clean_at(node.member(step.key).filter(|value| !value.is_null()))
    })
}

/// Whether a field's value (`None` when absent or `null`) is one no payload rule reports.
fn accepts<T: Tree>(field: &Field, value: Option<&T>) -> bool {
    match value {
        None => !field.required,
        Some(value) => {
            wrong_type::holds(field.expect, value)
                && invalid_timestamp::accepts(field.expect, value)
                && unknown_value::accepts(field.expect, value)
        }
    }
}

/// The analysis output in the body of an end-of-call-report: `analysis`, or Vapi's
/// `analysis.structuredData`; `None` when absent, `null` or not an object.
pub(crate) fn analysis<T: Tree>(body: &T, event: Option<Event>, dialect: Dialect) -> Option<&T> {
    if event != Some(Event::EndOfCallReport) {
        return None;
    }
    let analysis = body.member("analysis")?;
    let value = match dialect {
        Dialect::Vapi => analysis.member("structuredData")?,
        _ => analysis,
    };
    value.is_object().then_some(value)
}

enum Node<'a> {
    Object(&'a Map<String, Value>),
    Value(&'a Value),
}

fn walk<'a>(node: Node<'a>, pointer: String, segments: &[&str], out: &mut Vec<Slot<'a>>) {
    let Some((first, rest)) = segments.split_first() else { return };
    if *first == "*" {
        let Node::Value(Value::Array(items)) = node else { return };
        for (index, item) in items.iter().enumerate() {
            let child = format!("{pointer}/{index}");
            if rest.is_empty() {
                out.push(Slot { pointer: child, parent: pointer.clone(), value: Some(item) });
            } else {
                walk(Node::Value(item), child, rest, out);
            }
        }
        return;
    }
    let object = match node {
        Node::Object(object) => object,
        Node::Value(Value::Object(object)) => object,
        Node::Value(_) => return,
    };
    let child = format!("{pointer}/{}", escape_pointer_token(first));
    let value = object.get(*first).filter(|v| !v.is_null());
    if rest.is_empty() {
        out.push(Slot { pointer: child, parent: pointer, value });
    } else if let Some(value) = value {
        walk(Node::Value(value), child, rest, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Check, RULES};

    /// The fast path must never call a payload clean that a rule would report.
    #[test]
    fn fast_path_agrees_with_the_rules() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut dirs = vec![root.join("payloads"), root.join("rules/payload"), root.join("rules/output")];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(document) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap_or_default()) else {
                    continue;
                };
                for require_analysis in [false, true] {
                    let Some(payload) = Payload::recognise(&document, require_analysis) else { continue };
                    let mut violations = Vec::new();
                    for rule in RULES {
                        if let Check::Payload(check) = rule.check {
                            check(&payload, &mut violations);
                        }
                    }
                    assert_eq!(payload.is_clean(), violations.is_empty(), "{}: {violations:#?}", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked > 40, "only {checked} payloads checked");
    }
}
