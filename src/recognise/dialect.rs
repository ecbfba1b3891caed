//! Which platform wrote a webhook payload, from all the evidence it carries.
//!
//! Each signal below votes for one dialect, strongly (a field or value only that platform
//! sends) or weakly (one it usually sends, or a shape another platform shares):
//!
//! | dialect | strong signals | weak signals |
//! |---|---|---|
//! | Vapi | an event only Vapi sends (`speech-update`, `conversation-update`, …), `artifact`, `endedReason`, `call.endedReason`, a numeric `timestamp`, `analysis.structuredData` / `successEvaluation` / `structuredDataMulti`, message roles `bot` / `tool_calls` / `tool_call_result`, messages shaped `{role, message}`, `call.type` `vapi.websocketCall` | `analysis.summary`, `startedAt`, `endedAt`, `cost`, `costs`, `stereoRecordingUrl`, a `transcript` string, `call.startedAt` / `endedAt` / `orgId` / `assistantId` |
//! | Flireo / HMS | an ISO-8601 string `timestamp`; for HMS, `phone_number`, `duration_seconds`, `tool_call_list`, `recording_url`, a snake_case `call.type` | messages shaped `{role, content}` in Flireo's roles |
//!
//! The legacy flat form (`eventType` at the root) is recognised by its structure, not by votes.
//!
//! **Order of preference.** `--dialect` wins over everything. Otherwise Vapi is weighed against
//! the Flireo family (Flireo camelCase and HMS snake_case share the envelope and fields and
//! differ in spelling): the side with more votes wins, a tie goes to Vapi (its fields are the
//! more specific). Within the family, snake_case spellings outnumbering camelCase ones make it
//! HMS, else Flireo camelCase. With no evidence at all, Flireo camelCase is assumed, plankit's
//! home format.
//! When the evidence is thin (no vote, or only weak ones) or conflicting (the runner-up has
//! votes too), [`DialectChoice::note`] says which dialect was assumed and why.
//!
//! Recognition allocates nothing: votes keep their first signal as a `&'static str`, and the
//! sentence explaining the choice is only built when asked for.

use super::Tree;
use crate::validate::payload::format::VAPI_UNCHECKED_EVENTS;

/// How a payload spells its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Flireo: `{"message": {…}}` with `phoneNumber`, `durationSeconds`, `toolCallList`.
    Camel,
    /// HMS Sovereign / the SDK: `phone_number`, `duration_seconds`, `tool_call_list`.
    Snake,
    /// Vapi: `endedReason`, `artifact`, `analysis.structuredData`, a numeric `timestamp`.
    Vapi,
    /// Legacy Flireo: no envelope, `eventType`, `callId`, `transcriptText`.
    Flat,
}

impl Dialect {
    /// Every dialect, in the order `--dialect` lists them.
    pub const ALL: [Dialect; 4] = [Dialect::Vapi, Dialect::Camel, Dialect::Snake, Dialect::Flat];

    /// How the dialect spells keys, for help lines.
    pub fn spelling(self) -> &'static str {
        match self {
            Dialect::Snake => "snake_case",
            Dialect::Camel | Dialect::Vapi | Dialect::Flat => "camelCase",
        }
    }

    /// The name in `--dialect` and in the JSON report: `vapi`, `flireo`, `hms`, `legacy`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Vapi => "vapi",
            Dialect::Camel => "flireo",
            Dialect::Snake => "hms",
            Dialect::Flat => "legacy",
        }
    }

    /// The dialect `--dialect NAME` means.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|dialect| dialect.name() == name)
    }

    /// How the dialect reads in a sentence: `Vapi`, `Flireo camelCase`.
    pub fn title(self) -> &'static str {
        match self {
            Dialect::Vapi => "Vapi",
            Dialect::Camel => "Flireo camelCase",
            Dialect::Snake => "HMS snake_case",
            Dialect::Flat => "legacy flat",
        }
    }
}

/// The votes one dialect collected: their weight and the signal named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Votes {
    score: u8,
    strong: bool,
    first: Option<&'static str>,
    /// Where `first` was found.
    at: At,
}

/// Where a signal is found: a key of the body, and a key inside that one (or empty).
type At = (&'static str, &'static str);

impl Votes {
    /// Counts a signal found at `at`. The one named is the strong one (else the weak one) at
    /// the first key in sorted order, however the document orders its keys: the same signal
    /// whichever parser read it, in whatever order its members come.
    fn add(&mut self, signal: &'static str, strong: bool, at: At) {
        self.score = self.score.saturating_add(if strong { 2 } else { 1 });
        if self.first.is_none() || (strong && !self.strong) || (strong == self.strong && at < self.at) {
            (self.first, self.at) = (Some(signal), at);
        }
        self.strong |= strong;
    }
}

/// Why a dialect was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ground {
    /// `--dialect` said so.
    Forced,
    /// The legacy flat structure (`eventType` at the root).
    Structure,
    /// The votes: the winner's and the strongest other dialect's.
    Votes { winner: Votes, runner_up: Option<(Dialect, Votes)> },
}

/// The dialect a payload was read in, and the grounds for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialectChoice {
    /// The dialect.
    pub dialect: Dialect,
    ground: Ground,
}

impl DialectChoice {
    /// The dialect the user forced with `--dialect`.
    pub fn forced(dialect: Dialect) -> DialectChoice {
        DialectChoice { dialect, ground: Ground::Forced }
    }

    /// The legacy flat form, known by its `eventType` at the root.
    pub fn flat() -> DialectChoice {
        DialectChoice { dialect: Dialect::Flat, ground: Ground::Structure }
    }

    /// Weighs the evidence `body` (the payload's `message`, or the root without envelope) carries.
    pub fn weigh<T: Tree>(body: &T) -> DialectChoice {
        let mut evidence = Evidence::default();
        vote(body, &mut evidence);
        let Evidence { vapi, flireo, snake, camel_keys } = evidence;
        // Flireo and HMS are one family (same envelope and fields, two spellings)
        let family = Votes {
            score: flireo.score.saturating_add(snake.score),
            strong: flireo.strong || snake.strong,
            first: snake.first.or(flireo.first),
            at: if snake.first.is_some() { snake.at } else { flireo.at },
        };
        let (dialect, winner, runner_up) = if vapi.score > 0 && vapi.score >= family.score {
            (Dialect::Vapi, vapi, (family.score > 0).then_some((Dialect::Camel, family)))
        } else {
            let dialect = if snake.score > camel_keys { Dialect::Snake } else { Dialect::Camel };
            (dialect, family, (vapi.score > 0).then_some((Dialect::Vapi, vapi)))
        };
        let runner_up = runner_up.map(|(other, votes)| match (dialect, other) {
            // the losing family is named by its spelling
            (Dialect::Vapi, _) if snake.score > camel_keys => (Dialect::Snake, votes),
            _ => (other, votes),
        });
        DialectChoice { dialect, ground: Ground::Votes { winner, runner_up } }
    }

    /// One line on why this dialect was chosen: `` `artifact` ``, `forced by --dialect`.
    pub fn reason(&self) -> String {
        match self.ground {
            Ground::Forced => "forced by --dialect".to_owned(),
            Ground::Structure => "`eventType` at the root, without the `message` envelope".to_owned(),
            Ground::Votes { winner, runner_up } => {
                // pieces pushed, not formatted: this is built for every failing payload
                let mut reason = String::with_capacity(96);
                reason.push_str(winner.first.unwrap_or("nothing in the payload tells the dialects apart"));
                if let Some((other, votes)) = runner_up
                    && let Some(signal) = votes.first
                {
                    for piece in [", despite ", other.title(), " evidence (", signal, ")"] {
                        reason.push_str(piece);
                    }
                }
                reason
            }
        }
    }

    /// Whether the evidence was thin or conflicting, so [`note`](Self::note) has something to
    /// say; asks without building the sentence.
    pub fn is_uncertain(&self) -> bool {
        match self.ground {
            Ground::Votes { winner, runner_up } => !winner.strong || runner_up.is_some(),
            Ground::Forced | Ground::Structure => false,
        }
    }

    /// A note for the user when the evidence was thin or conflicting; `None` when it was clear.
    pub fn note(&self) -> Option<String> {
        if !self.is_uncertain() {
            return None;
        }
        let title = self.dialect.title();
        let confident = matches!(self.ground, Ground::Votes { winner, .. } if winner.first.is_some());
        let verb = if confident { "read as" } else { "assumed" };
        let reason = self.reason();
        let mut note = String::with_capacity(reason.len() + 96);
        for piece in [verb, " ", title, ": ", &reason, "; pass `--dialect "] {
            note.push_str(piece);
        }
        let others = Dialect::ALL.into_iter().filter(|d| *d != self.dialect && *d != Dialect::Flat);
        for (index, other) in others.enumerate() {
            if index > 0 {
                note.push('|');
            }
            note.push_str(other.name());
        }
        note.push_str("` if it is not");
        Some(note)
    }
}

/// The votes cast by one payload.
#[derive(Debug, Default)]
struct Evidence {
    /// For Vapi.
    vapi: Votes,
    /// For the Flireo family, whichever spelling.
    flireo: Votes,
    /// For HMS's snake_case spelling (and so for the Flireo family).
    snake: Votes,
    /// Flireo-family keys in camelCase spelling (also Vapi's), which only tell camel from snake.
    camel_keys: u8,
}

/// Message roles only Vapi uses.
const VAPI_ONLY_ROLES: &[&str] = &["bot", "tool_calls", "tool_call_result"];

/// Flireo's (and HMS's) transcript roles.
const FLIREO_ROLES: &[&str] = &["user", "assistant", "system", "tool"];

/// Casts the votes of one payload body in one pass over its keys (and those of `call`,
/// `analysis` and `artifact`): this runs for every line of a stream, so no lookups by name.
fn vote<T: Tree>(body: &T, evidence: &mut Evidence) {
    let Evidence { vapi, flireo, snake, camel_keys } = evidence;
    for (key, value) in body.members() {
        match key {
            "artifact" if value.is_object() => {
                vapi.add("`artifact`", true, ("artifact", ""));
                if let Some(items) = value.member("messages").and_then(T::items) {
                    vote_messages(items, vapi, flireo, ("artifact", "messages"));
                }
            }
            "endedReason" if value.is_string() => vapi.add("`endedReason`", true, ("endedReason", "")),
            "type" if value.text().is_some_and(|name| VAPI_UNCHECKED_EVENTS.contains(&name)) => {
                vapi.add("an event only Vapi sends", true, ("type", ""));
            }
            "timestamp" if value.is_number() => vapi.add("a numeric `timestamp`", true, ("timestamp", "")),
            "timestamp" if value.is_string() => flireo.add("an ISO-8601 string `timestamp`", true, ("timestamp", "")),
            "analysis" if value.is_object() => vote_analysis(value, vapi),
            "call" if value.is_object() => vote_call(value, vapi, snake),
            "messages" if value.is_array() => {
                vote_messages(value.items().unwrap_or_default(), vapi, flireo, ("messages", ""))
            }
            "transcript" if value.is_string() => vapi.add("a `transcript` string", false, ("transcript", "")),
            "startedAt" => vapi.add("`startedAt`", false, ("startedAt", "")),
            "endedAt" => vapi.add("`endedAt`", false, ("endedAt", "")),
            "cost" => vapi.add("`cost`", false, ("cost", "")),
            "costs" => vapi.add("`costs`", false, ("costs", "")),
            "stereoRecordingUrl" => vapi.add("`stereoRecordingUrl`", false, ("stereoRecordingUrl", "")),
            "phone_number" => snake.add("`phone_number`", true, ("phone_number", "")),
            "duration_seconds" => snake.add("`duration_seconds`", true, ("duration_seconds", "")),
            "tool_call_list" => snake.add("`tool_call_list`", true, ("tool_call_list", "")),
            "recording_url" => snake.add("`recording_url`", true, ("recording_url", "")),
            // the camelCase twins of HMS's keys: Flireo's, but Vapi's too
            "phoneNumber" | "durationSeconds" | "toolCallList" | "recordingUrl" => {
                *camel_keys = camel_keys.saturating_add(1);
            }
            _ => {}
        }
    }
}

/// Vapi's analysis is `{summary, structuredData, structuredDataMulti, successEvaluation}`;
/// Flireo's is the structured data itself.
fn vote_analysis<T: Tree>(analysis: &T, vapi: &mut Votes) {
    for (key, value) in analysis.members() {
        match key {
            "structuredData" => vapi.add("`analysis.structuredData`", true, ("analysis", "structuredData")),
            "successEvaluation" => vapi.add("`analysis.successEvaluation`", true, ("analysis", "successEvaluation")),
            "structuredDataMulti" => {
                vapi.add("`analysis.structuredDataMulti`", true, ("analysis", "structuredDataMulti"))
            }
            "summary" if value.is_string() => vapi.add("`analysis.summary`", false, ("analysis", "summary")),
            _ => {}
        }
    }
}

/// Vapi's call object carries `endedReason`, timestamps and ids that Flireo's `{id, type,
/// status}` does not; a snake_case `call.type` is HMS's.
fn vote_call<T: Tree>(call: &T, vapi: &mut Votes, snake: &mut Votes) {
    for (key, value) in call.members() {
        match (key, value.text()) {
            ("endedReason", Some(_)) => vapi.add("`call.endedReason`", true, ("call", "endedReason")),
            ("startedAt", _) => vapi.add("`call.startedAt`", false, ("call", "startedAt")),
            ("endedAt", _) => vapi.add("`call.endedAt`", false, ("call", "endedAt")),
            ("orgId", _) => vapi.add("`call.orgId`", false, ("call", "orgId")),
            ("assistantId", _) => vapi.add("`call.assistantId`", false, ("call", "assistantId")),
            ("type", Some("vapi.websocketCall")) => {
                vapi.add("`call.type` \"vapi.websocketCall\"", true, ("call", "type"))
            }
            ("type", Some(kind)) if kind.contains('_') => snake.add("a snake_case `call.type`", true, ("call", "type")),
            _ => {}
        }
    }
}

/// A message array votes once: Vapi for a Vapi-only role or a `{role, message}` turn, Flireo
/// (weakly: OpenAI's format looks the same) when every turn is `{role, content}` in its roles.
fn vote_messages<T: Tree>(items: &[T], vapi: &mut Votes, flireo: &mut Votes, at: At) {
    fn role<T: Tree>(item: &T) -> Option<&str> {
        item.member("role").and_then(T::text)
    }
    if items.iter().any(|item| role(item).is_some_and(|r| VAPI_ONLY_ROLES.contains(&r))) {
        vapi.add("a message role of Vapi's (`bot`, `tool_calls`, `tool_call_result`)", true, at);
    } else if items.iter().any(|item| role(item).is_some() && item.member("message").is_some_and(T::is_string)) {
        vapi.add("messages shaped `{role, message}`", true, at);
    } else if !items.is_empty()
        && items.iter().all(|item| {
            role(item).is_some_and(|r| FLIREO_ROLES.contains(&r)) && item.member("content").is_some_and(T::is_string)
        })
    {
        flireo.add("messages shaped `{role, content}`", false, at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn choose(body: Value) -> DialectChoice {
        DialectChoice::weigh(&body)
    }

    #[test]
    fn clear_evidence_needs_no_note() {
        let choice = choose(json!({"endedReason": "customer-ended-call", "artifact": {}}));
        assert_eq!(choice.dialect, Dialect::Vapi);
        assert_eq!(choice.note(), None);
        assert_eq!(choice.reason(), "`artifact`");
        assert_eq!(choose(json!({"phone_number": {}, "duration_seconds": 3})).dialect, Dialect::Snake);
    }

    #[test]
    fn thin_and_conflicting_evidence_is_explained() {
        let none = choose(json!({"call": {"id": "x"}}));
        assert_eq!(none.dialect, Dialect::Camel);
        assert!(none.note().is_some_and(|n| n.starts_with("assumed Flireo camelCase: nothing in the payload")));
        let both =
            choose(json!({"timestamp": "2025-01-01T00:00:00Z", "analysis": {"structuredData": {}, "summary": "s"}}));
        assert_eq!(both.dialect, Dialect::Vapi);
        let expected = "read as Vapi: `analysis.structuredData`, despite Flireo camelCase evidence (an ISO-8601 string `timestamp`)";
        assert!(both.note().is_some_and(|n| n.starts_with(expected)), "{:?}", both.note());
    }

    #[test]
    fn message_shapes_and_roles_vote() {
        let bot = choose(json!({"messages": [{"role": "bot", "message": "hi"}, {"role": "user", "content": "yo"}]}));
        assert_eq!(bot.dialect, Dialect::Vapi);
        let flireo = choose(json!({"messages": [{"role": "user", "content": "hi"}]}));
        assert_eq!(flireo.dialect, Dialect::Camel);
        assert!(flireo.note().is_some());
    }
}
