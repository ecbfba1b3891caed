//! The webhook formats as data: for each event and dialect, the fields plankit checks, what
//! each must hold, and whether it is required. Paths are relative to the payload's body
//! (`message` for enveloped payloads, the root for the legacy flat form); `*` stands for every
//! element of an array. Sources: reference.flireo.com and doc.hmsovereign.com webhook pages,
//! the HMS SDK types, the legacy doc.flireo.nl events and Vapi's `ServerMessageEndOfCallReport`.

use super::{Dialect, Event};

/// What a field must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A JSON string.
    String,
    /// A whole number (`84`, also `84.0`, as JSON Schema counts it).
    Integer,
    /// Any JSON number.
    Number,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// An ISO-8601 date-time string, `2025-12-13T12:05:30.000Z`.
    Timestamp,
    /// Milliseconds since 1970 as a whole number, `1756294820944`.
    EpochMillis,
    /// One of a fixed set of strings.
    OneOf(&'static [&'static str]),
    /// A call's ended reason: one of Vapi's published reasons or a Flireo call status, the
    /// vocabulary `render` checks `{{endedReason}}` against ([`crate::render::ended_reason`]).
    /// An unknown one is a warning: Vapi adds reasons often.
    EndedReason,
}

impl Expect {
    /// How the expectation reads in a message: `an integer`, `an ISO-8601 date-time string`.
    pub fn describe(self) -> String {
        match self {
            Expect::String => "a string".to_owned(),
            Expect::Integer => "an integer".to_owned(),
            Expect::Number => "a number".to_owned(),
            Expect::Object => "an object".to_owned(),
            Expect::Array => "an array".to_owned(),
            Expect::Timestamp => "an ISO-8601 date-time string".to_owned(),
            Expect::EpochMillis => "a whole number of milliseconds since 1970".to_owned(),
            Expect::OneOf(_) | Expect::EndedReason => "a string".to_owned(),
        }
    }
}

/// One checked field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Path in the camelCase (or only) spelling.
    pub path: &'static str,
    /// Path in the snake_case spelling (the same where the dialects agree).
    pub snake: &'static str,
    /// What it must hold.
    pub expect: Expect,
    /// Whether it must be present (when its parent is).
    pub required: bool,
}

impl Field {
    /// The path in `dialect`'s spelling.
    pub fn path_in(&self, dialect: Dialect) -> &'static str {
        if dialect == Dialect::Snake { self.snake } else { self.path }
    }

    /// The path in the other Flireo spelling, when it differs.
    pub fn other_spelling(&self, dialect: Dialect) -> Option<&'static str> {
        match dialect {
            Dialect::Camel if self.snake != self.path => Some(self.snake),
            Dialect::Snake if self.snake != self.path => Some(self.path),
            _ => None,
        }
    }
}

const fn f(path: &'static str, snake: &'static str, expect: Expect, required: bool) -> Field {
    Field { path, snake, expect, required }
}

const fn same(path: &'static str, expect: Expect, required: bool) -> Field {
    Field { path, snake: path, expect, required }
}

/// `call.type` values in every Flireo spelling and Vapi's.
pub const CALL_TYPES: &[&str] = &[
    "inboundPhoneCall",
    "outboundPhoneCall",
    "webCall",
    "inbound_phone_call",
    "outbound_phone_call",
    "web_call",
    "vapi.websocketCall",
];

/// Vapi's other server messages (`assistant.serverMessages`, from its server SDKs'
/// `ServerMessage` union): real events whose fields plankit does not check. A payload naming
/// one is a webhook, neither an unknown event nor an analysis output.
pub const VAPI_UNCHECKED_EVENTS: &[&str] = &[
    "conversation-update",
    "function-call",
    "hang",
    "handoff-destination-request",
    "knowledge-base-request",
    "language-changed",
    "model-output",
    "phone-call-control",
    "speech-update",
    "transcript",
    "transfer-destination-request",
    "transfer-update",
    "user-interrupted",
    "voice-input",
];

/// `call.status` values of a Flireo `status-update`.
pub const STATUS_UPDATES: &[&str] = &["in-progress", "ended", "ended-with-error"];

/// `status` values of a legacy flat `status-update`.
pub const LEGACY_STATUSES: &[&str] = &["in-progress", "ended", "ended-with-debugging"];

/// Roles in a Flireo report's `messages` transcript.
pub const ROLES: &[&str] = &["user", "assistant", "system", "tool"];

/// `call.type` values of Vapi's `Call` object.
pub const VAPI_CALL_TYPES: &[&str] = &["inboundPhoneCall", "outboundPhoneCall", "webCall", "vapi.websocketCall"];

/// Roles in Vapi's `messages` / `artifact.messages`: the spoken `bot` and `user`, and the
/// `system`, `tool_calls`, `tool_call_result` entries (OpenAI-formatted copies say
/// `assistant` and `tool`).
pub const VAPI_ROLES: &[&str] = &["bot", "user", "system", "tool_calls", "tool_call_result", "assistant", "tool"];

/// Every enveloped Flireo/HMS event carries these.
const ENVELOPE: &[Field] = &[
    same("/timestamp", Expect::Timestamp, true),
    same("/call", Expect::Object, true),
    same("/call/id", Expect::String, true),
    same("/call/type", Expect::OneOf(CALL_TYPES), false),
    f("/phoneNumber", "/phone_number", Expect::Object, false),
    f("/phoneNumber/number", "/phone_number/number", Expect::String, true),
    f("/phoneNumber/name", "/phone_number/name", Expect::String, false),
    same("/customer", Expect::Object, false),
    same("/customer/number", Expect::String, false),
    same("/assistant", Expect::Object, false),
];

const END_OF_CALL_REPORT: &[Field] = &[
    same("/call/status", Expect::String, false),
    f("/durationSeconds", "/duration_seconds", Expect::Integer, true),
    same("/summary", Expect::String, true),
    same("/analysis", Expect::Object, false),
    same("/messages", Expect::Array, false),
    same("/messages/*/role", Expect::OneOf(ROLES), true),
    same("/messages/*/content", Expect::String, true),
    f("/recordingUrl", "/recording_url", Expect::String, false),
];

const STATUS_UPDATE: &[Field] =
    &[same("/call/status", Expect::OneOf(STATUS_UPDATES), true), same("/error", Expect::String, false)];

const TOOL_CALLS: &[Field] = &[
    same("/call/status", Expect::String, false),
    f("/toolCallList", "/tool_call_list", Expect::Array, true),
    f("/toolCallList/*/id", "/tool_call_list/*/id", Expect::String, true),
    f("/toolCallList/*/type", "/tool_call_list/*/type", Expect::OneOf(&["function"]), false),
    f("/toolCallList/*/function", "/tool_call_list/*/function", Expect::Object, true),
    f("/toolCallList/*/function/name", "/tool_call_list/*/function/name", Expect::String, true),
    f("/toolCallList/*/function/arguments", "/tool_call_list/*/function/arguments", Expect::Object, true),
];

const ASSISTANT_REQUEST: &[Field] = &[same("/call/status", Expect::String, false)];

/// Vapi's end-of-call-report: `endedReason`, `artifact` and `analysis` are required. Flireo's
/// `timestamp` string, `durationSeconds` and `summary` are not: Vapi does not demand them.
const VAPI_END_OF_CALL_REPORT: &[Field] = &[
    same("/endedReason", Expect::EndedReason, true),
    same("/artifact", Expect::Object, true),
    same("/artifact/messages", Expect::Array, false),
    same("/artifact/messages/*/role", Expect::OneOf(VAPI_ROLES), false),
    same("/messages", Expect::Array, false),
    same("/messages/*/role", Expect::OneOf(VAPI_ROLES), false),
    same("/artifact/transcript", Expect::String, false),
    same("/artifact/structuredOutputsLastUpdatedAt", Expect::Timestamp, false),
    same("/analysis", Expect::Object, true),
    same("/analysis/summary", Expect::String, false),
    same("/analysis/structuredData", Expect::Object, false),
    same("/analysis/structuredDataMulti", Expect::Array, false),
    same("/analysis/successEvaluation", Expect::String, false),
    same("/timestamp", Expect::Number, false),
    same("/startedAt", Expect::Timestamp, false),
    same("/endedAt", Expect::Timestamp, false),
    same("/cost", Expect::Number, false),
    same("/durationSeconds", Expect::Number, false),
    same("/call", Expect::Object, false),
    same("/call/id", Expect::String, true),
    same("/call/type", Expect::OneOf(VAPI_CALL_TYPES), false),
    same("/call/endedReason", Expect::EndedReason, false),
];

const VAPI_OTHER: &[Field] = &[
    same("/timestamp", Expect::Number, false),
    same("/endedReason", Expect::EndedReason, false),
    same("/call", Expect::Object, false),
    same("/call/id", Expect::String, true),
    same("/call/type", Expect::OneOf(VAPI_CALL_TYPES), false),
    same("/call/endedReason", Expect::EndedReason, false),
];

const VAPI_STATUS_UPDATE: &[Field] = &[same("/status", Expect::String, true)];
const VAPI_TOOL_CALLS: &[Field] = &[same("/toolCallList", Expect::Array, true)];

const FLAT_END_OF_CALL_REPORT: &[Field] = &[
    same("/callId", Expect::String, true),
    same("/eventTimestamp", Expect::EpochMillis, true),
    same("/fromCaller", Expect::String, false),
    same("/toAssistant", Expect::String, false),
    same("/transcriptText", Expect::String, false),
    same("/summaryText", Expect::String, false),
    same("/callLengthSeconds", Expect::Number, false),
    same("/recordings", Expect::Object, false),
    same("/analysis", Expect::Object, false),
];

const FLAT_TOOL_CALLS: &[Field] = &[
    same("/callId", Expect::String, true),
    same("/eventTime", Expect::EpochMillis, true),
    same("/tasksInitiated", Expect::Array, true),
    same("/tasksInitiated/*/taskId", Expect::String, true),
    same("/tasksInitiated/*/taskName", Expect::String, true),
    same("/tasksInitiated/*/taskPayload", Expect::Object, false),
    same("/userMetadata", Expect::Object, false),
];

const FLAT_STATUS_UPDATE: &[Field] = &[
    same("/callSession", Expect::String, true),
    same("/eventTimestamp", Expect::EpochMillis, true),
    same("/status", Expect::OneOf(LEGACY_STATUSES), true),
    same("/debugging-artifact", Expect::String, false),
];

const FLAT_ASSISTANT_REQUEST: &[Field] =
    &[same("/fromCaller", Expect::String, true), same("/toAssistant", Expect::String, true)];

/// The fields checked for an event in a dialect, in the order they are reported.
pub fn fields(event: Event, dialect: Dialect) -> impl Iterator<Item = &'static Field> {
    let (common, specific): (&[Field], &[Field]) = match (dialect, event) {
        (Dialect::Camel | Dialect::Snake, Event::EndOfCallReport) => (ENVELOPE, END_OF_CALL_REPORT),
        (Dialect::Camel | Dialect::Snake, Event::StatusUpdate) => (ENVELOPE, STATUS_UPDATE),
        (Dialect::Camel | Dialect::Snake, Event::ToolCalls) => (ENVELOPE, TOOL_CALLS),
        (Dialect::Camel | Dialect::Snake, Event::AssistantRequest) => (ENVELOPE, ASSISTANT_REQUEST),
        (Dialect::Vapi, Event::EndOfCallReport) => (&[], VAPI_END_OF_CALL_REPORT),
        (Dialect::Vapi, Event::StatusUpdate) => (VAPI_OTHER, VAPI_STATUS_UPDATE),
        (Dialect::Vapi, Event::ToolCalls) => (VAPI_OTHER, VAPI_TOOL_CALLS),
        (Dialect::Vapi, Event::AssistantRequest) => (VAPI_OTHER, &[]),
        (Dialect::Flat, Event::EndOfCallReport) => (&[], FLAT_END_OF_CALL_REPORT),
        (Dialect::Flat, Event::StatusUpdate) => (&[], FLAT_STATUS_UPDATE),
        (Dialect::Flat, Event::ToolCalls) => (&[], FLAT_TOOL_CALLS),
        (Dialect::Flat, Event::AssistantRequest) => (&[], FLAT_ASSISTANT_REQUEST),
    };
    common.iter().chain(specific)
}

/// The fields of one event and dialect as a tree of their paths' segments: each member an
/// object's fields name is looked up once, however many fields lie under it, which is how
/// [`super::is_clean`] walks every payload of a stream.
#[derive(Debug)]
pub(crate) struct Step {
    /// The member's name, or `*` for every element of an array.
    pub key: &'static str,
    /// The fields whose path ends here.
    pub fields: Vec<&'static Field>,
    /// The steps below it.
    pub below: Vec<Step>,
}

/// [`fields`] of `event` in `dialect`, as a [`Step`] tree (built once).
pub(crate) fn steps(event: Event, dialect: Dialect) -> &'static [Step] {
    static TREES: std::sync::LazyLock<Vec<Vec<Step>>> = std::sync::LazyLock::new(|| {
        Dialect::ALL.iter().flat_map(|&dialect| Event::ALL.iter().map(move |&event| tree(event, dialect))).collect()
    });
    let dialect_index = Dialect::ALL.iter().position(|&d| d == dialect).unwrap_or_default();
    let event_index = Event::ALL.iter().position(|&e| e == event).unwrap_or_default();
    &TREES[dialect_index * Event::ALL.len() + event_index]
}

fn tree(event: Event, dialect: Dialect) -> Vec<Step> {
    let mut root = Vec::new();
    for field in fields(event, dialect) {
        let mut level = &mut root;
        let mut segments = field.path_in(dialect).split('/').skip(1).peekable();
        while let Some(key) = segments.next() {
            let index = match level.iter().position(|step: &Step| step.key == key) {
                Some(index) => index,
                None => {
                    level.push(Step { key, fields: Vec::new(), below: Vec::new() });
                    level.len() - 1
                }
            };
            if segments.peek().is_none() {
                level[index].fields.push(field);
            }
            level = &mut level[index].below;
        }
    }
    root
}
