//! Complete webhooks around a sample: every event (`end-of-call-report`, `status-update`,
//! `tool-calls`, `assistant-request`) in every dialect (Flireo camelCase, HMS snake_case,
//! Vapi, legacy flat), shaped as [`crate::validate::payload::format`] reads them, with a
//! realistic call: a transcript (scripted, or a real one), ids, timestamps and E.164
//! numbers. Only the end-of-call-report carries the analysis: at `message.analysis` (Flireo,
//! HMS), `message.analysis.structuredData` (Vapi) or `analysis` (legacy flat).

use serde_json::{Map, Value, json};

use super::rng::Rng;
use super::values;
use crate::recognise::Dialect;
use crate::transcript::Speaker;
use crate::validate::payload::Event;

/// The call a webhook reports on.
#[derive(Debug, Clone)]
pub struct Call {
    /// The call's id, a UUID.
    pub id: String,
    /// When it started, Unix milliseconds.
    pub started_ms: i64,
    /// The caller's number, E.164.
    pub customer: String,
    /// The agent's number, E.164.
    pub agent: String,
    /// The conversation, in order.
    pub turns: Vec<(Speaker, String)>,
    /// The summary the platform writes.
    pub summary: String,
}

const SCRIPTS: &[&[(Speaker, &str)]] = &[
    &[
        (Speaker::Assistant, "Good afternoon, you are speaking with the virtual assistant. How can I help?"),
        (Speaker::User, "Hi, I'd like to move my appointment on Tuesday."),
        (Speaker::Assistant, "Of course. Which day would suit you better?"),
        (Speaker::User, "Friday morning, if that's possible."),
        (Speaker::Assistant, "Friday at half past nine is free. Shall I book it?"),
        (Speaker::User, "Yes please, thank you."),
    ],
    &[
        (Speaker::Assistant, "Hello, how can I help you today?"),
        (Speaker::User, "My order hasn't arrived yet and it was due yesterday."),
        (Speaker::Assistant, "I'm sorry to hear that. Could you give me your order number?"),
        (Speaker::User, "It's 48213."),
        (Speaker::Assistant, "Thank you. I've asked the delivery team to call you back today."),
    ],
    &[
        (Speaker::Assistant, "Good morning, what can I do for you?"),
        (Speaker::User, "What are your opening hours on Saturday?"),
        (Speaker::Assistant, "On Saturday we are open from ten to four."),
        (Speaker::User, "Great, then I'll come by. Bye!"),
    ],
];

const SUMMARIES: &[&str] = &[
    "The caller moved Tuesday's appointment to Friday at 9:30.",
    "The caller reported a late delivery; a callback was arranged.",
    "The caller asked about Saturday opening hours.",
];

impl Call {
    /// A scripted call drawn from `rng`; `turns` replaces the script when given.
    pub fn scripted(rng: &mut Rng, turns: Option<Vec<(Speaker, String)>>) -> Call {
        let script = usize::try_from(rng.below(SCRIPTS.len() as u64)).unwrap_or(0);
        let turns = turns.unwrap_or_else(|| {
            SCRIPTS.get(script).copied().unwrap_or_default().iter().map(|(s, t)| (*s, (*t).to_owned())).collect()
        });
        Call {
            id: values::uuid(rng),
            started_ms: values::base_millis(rng),
            customer: values::phone(rng),
            agent: format!("+3185{:07}", rng.below(10_000_000)),
            turns,
            summary: SUMMARIES.get(script).copied().unwrap_or_default().to_owned(),
        }
    }

    /// The call's length in whole seconds: about six seconds a turn.
    pub fn duration_seconds(&self) -> i64 {
        6 * self.turns.len() as i64 + 12
    }

    fn ended_ms(&self) -> i64 {
        self.started_ms + self.duration_seconds() * 1000
    }

    /// The transcript as one string: `AI: …` / `User: …`, one turn a line.
    pub fn transcript(&self) -> String {
        let lines: Vec<String> = self
            .turns
            .iter()
            .filter(|(speaker, _)| speaker.is_spoken())
            .map(|(speaker, text)| format!("{}: {text}", if *speaker == Speaker::Assistant { "AI" } else { "User" }))
            .collect();
        lines.join("\n")
    }
}

/// The webhook of `event` in `dialect` for `call`, carrying `analysis` when it is an
/// end-of-call-report.
pub fn wrap(event: Event, dialect: Dialect, call: &Call, analysis: Option<&Value>) -> Value {
    match dialect {
        Dialect::Camel | Dialect::Snake => flireo(event, dialect == Dialect::Snake, call, analysis),
        Dialect::Vapi => vapi(event, call, analysis),
        Dialect::Flat => flat(event, call, analysis),
    }
}

fn flireo(event: Event, snake: bool, call: &Call, analysis: Option<&Value>) -> Value {
    let key = |camel: &'static str, snake_case: &'static str| if snake { snake_case } else { camel };
    let (status, at) = match event {
        Event::EndOfCallReport => ("ended", call.ended_ms()),
        Event::StatusUpdate | Event::ToolCalls => ("in-progress", call.started_ms + 20_000),
        Event::AssistantRequest => ("ringing", call.started_ms),
    };
    let mut body = Map::new();
    body.insert("type".into(), json!(event.name()));
    body.insert("timestamp".into(), json!(values::date_time(at)));
    body.insert(
        "call".into(),
        json!({"id": call.id, "type": key("inboundPhoneCall", "inbound_phone_call"), "status": status}),
    );
    let name = if snake { "HMS Sovereign Demo" } else { "Flireo Demo" };
    body.insert(key("phoneNumber", "phone_number").into(), json!({"number": call.agent, "name": name}));
    body.insert("customer".into(), json!({"number": call.customer}));
    match event {
        Event::EndOfCallReport => {
            body.insert(key("durationSeconds", "duration_seconds").into(), json!(call.duration_seconds()));
            body.insert("summary".into(), json!(call.summary));
            let messages: Vec<Value> = call
                .turns
                .iter()
                .map(|(speaker, text)| json!({"role": flireo_role(*speaker), "content": text}))
                .collect();
            body.insert("messages".into(), Value::Array(messages));
            if let Some(analysis) = analysis {
                body.insert("analysis".into(), analysis.clone());
            }
        }
        Event::ToolCalls => {
            body.insert(key("toolCallList", "tool_call_list").into(), tool_calls(call));
        }
        Event::StatusUpdate | Event::AssistantRequest => {}
    }
    json!({ "message": body })
}

fn vapi(event: Event, call: &Call, analysis: Option<&Value>) -> Value {
    let mut body = Map::new();
    body.insert("type".into(), json!(event.name()));
    let at = if event == Event::EndOfCallReport { call.ended_ms() } else { call.started_ms + 20_000 };
    body.insert("timestamp".into(), json!(at));
    body.insert("call".into(), json!({"id": call.id, "type": "inboundPhoneCall"}));
    body.insert("phoneNumber".into(), json!({"number": call.agent}));
    body.insert("customer".into(), json!({"number": call.customer}));
    match event {
        Event::EndOfCallReport => {
            body.insert("endedReason".into(), json!("customer-ended-call"));
            body.insert("startedAt".into(), json!(values::date_time(call.started_ms)));
            body.insert("endedAt".into(), json!(values::date_time(call.ended_ms())));
            body.insert("durationSeconds".into(), json!(call.duration_seconds()));
            body.insert("cost".into(), json!(0.12));
            let mut offset = 0.5;
            let messages: Vec<Value> = call
                .turns
                .iter()
                .map(|(speaker, text)| {
                    let time = call.started_ms + (offset * 1000.0) as i64;
                    let message = json!({"role": vapi_role(*speaker), "message": text, "time": time,
                        "endTime": time + 2500, "secondsFromStart": offset});
                    offset += 6.0;
                    message
                })
                .collect();
            body.insert("artifact".into(), json!({"transcript": call.transcript(), "messages": messages}));
            let mut report = Map::new();
            report.insert("summary".into(), json!(call.summary));
            if let Some(analysis) = analysis {
                report.insert("structuredData".into(), analysis.clone());
            }
            report.insert("successEvaluation".into(), json!("true"));
            body.insert("analysis".into(), Value::Object(report));
        }
        Event::StatusUpdate => {
            body.insert("status".into(), json!("in-progress"));
        }
        Event::ToolCalls => {
            body.insert("toolCallList".into(), tool_calls(call));
        }
        Event::AssistantRequest => {}
    }
    json!({ "message": body })
}

fn flat(event: Event, call: &Call, analysis: Option<&Value>) -> Value {
    let mut body = Map::new();
    match event {
        Event::EndOfCallReport => {
            body.insert("eventTimestamp".into(), json!(call.ended_ms()));
            body.insert("eventType".into(), json!(event.name()));
            body.insert("callId".into(), json!(call.id));
            body.insert("fromCaller".into(), json!(call.customer));
            body.insert("toAssistant".into(), json!(call.agent));
            body.insert("transcriptText".into(), json!(call.transcript()));
            body.insert("summaryText".into(), json!(call.summary));
            body.insert("callLengthSeconds".into(), json!(call.duration_seconds() as f64 + 0.5));
            let recording = format!("https://recordings.example.com/{}.mp3", call.id);
            body.insert("recordings".into(), json!({"linkStereo": recording}));
            if let Some(analysis) = analysis {
                body.insert("analysis".into(), analysis.clone());
            }
        }
        Event::StatusUpdate => {
            body.insert("eventTimestamp".into(), json!(call.started_ms + 20_000));
            body.insert("eventType".into(), json!(event.name()));
            body.insert("callSession".into(), json!(call.id));
            body.insert("fromCaller".into(), json!(call.customer));
            body.insert("toAssistant".into(), json!(call.agent));
            body.insert("status".into(), json!("in-progress"));
        }
        Event::ToolCalls => {
            body.insert("eventTime".into(), json!(call.started_ms + 20_000));
            body.insert("callId".into(), json!(call.id));
            body.insert("eventType".into(), json!(event.name()));
            body.insert("fromCaller".into(), json!(call.customer));
            body.insert("toAssistant".into(), json!(call.agent));
            let task = format!("call_{}", &call.id.replace('-', "")[..12]);
            body.insert(
                "tasksInitiated".into(),
                json!([{"taskId": task, "taskName": "send_task", "taskPayload": {"summary": call.summary}}]),
            );
        }
        Event::AssistantRequest => {
            body.insert("eventType".into(), json!(event.name()));
            body.insert("fromCaller".into(), json!(call.customer));
            body.insert("toAssistant".into(), json!(call.agent));
        }
    }
    Value::Object(body)
}

fn tool_calls(call: &Call) -> Value {
    let id = format!("tool_{}", &call.id.replace('-', "")[..12]);
    json!([{"id": id, "type": "function", "function": {"name": "lookup_contact", "arguments": {"query": call.customer}}}])
}

fn flireo_role(speaker: Speaker) -> &'static str {
    match speaker {
        Speaker::Assistant => "assistant",
        Speaker::User => "user",
        Speaker::System => "system",
        Speaker::Tool => "tool",
    }
}

fn vapi_role(speaker: Speaker) -> &'static str {
    match speaker {
        Speaker::Assistant => "bot",
        Speaker::User => "user",
        Speaker::System => "system",
        Speaker::Tool => "tool_call_result",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::{Recognised, recognise};
    use crate::validate::{CheckOptions, OutputValidator, check_document};

    /// Every kind in every dialect is recognised as itself and passes every payload rule.
    #[test]
    fn every_event_in_every_dialect_is_valid_as_written() {
        let validator = OutputValidator::new(&json!({"type": "object"}), &Default::default());
        let Ok(validator) = validator else { return };
        for seed in 0..5 {
            let call = Call::scripted(&mut Rng::new(seed), None);
            for event in Event::ALL {
                for dialect in Dialect::ALL {
                    let document = wrap(event, dialect, &call, Some(&json!({"booked": true})));
                    let checked = check_document(&document, &validator, &CheckOptions::default());
                    assert_eq!(checked.kind.name(), event.name(), "{dialect:?} {document}");
                    let errors: Vec<_> = checked.violations.iter().map(|v| &v.message).collect();
                    assert!(errors.is_empty(), "{} {dialect:?}: {errors:?}", event.name());
                    let Recognised::Webhook(webhook) = recognise(&document, None) else { panic!("not a webhook") };
                    assert_eq!(webhook.dialect.dialect, dialect, "{} {document}", event.name());
                }
            }
        }
    }
}
