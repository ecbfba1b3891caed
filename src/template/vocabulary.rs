//! The placeholders each platform fills, as data: one [`Vocabulary`] per dialect that renders
//! an analysis prompt, each placeholder with the [`Role`] it plays. A placeholder is right or
//! wrong *for the platform that renders it*: HMS's template guide writes `{{ended_reason}}`,
//! which a Vapi `analysisPlan` leaves as written. [`for_plan`] picks the vocabulary of a plan
//! from the keys it is written with; the `template/*` rules and `plankit render` ask it, and
//! nothing else decides which names are placeholders.
//!
//! Sources, per entry: Vapi's `analysisPlan` component and its sub-plan docs; Flireo's call
//! analysis guide (`{{schema}}`, `{{transcript}}`, `{{endedReason}}`); HMS Sovereign's template
//! guide (`{{ended_reason}}`), a white-label of the same backend as Flireo.

use crate::plan::keys::{KeyStyle, style};
use crate::plan::{Plan, Shape};

/// What a placeholder stands for, whatever it is called on a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The call as text, one line per turn (`{{transcript}}`).
    Conversation,
    /// The call as a JSON message array (Vapi structured outputs' `{{messages}}`).
    ConversationMessages,
    /// The part's JSON Schema (`{{schema}}`); filled only where the part has one.
    Schema,
    /// An extraction's own definition (Vapi structured outputs' `{{structuredOutput}}` and
    /// its `.name`, `.description`, `.schema`).
    Definition,
    /// How the call ended (`{{endedReason}}`, `{{ended_reason}}`).
    EndedReason,
    /// The assistant's system prompt (`{{systemPrompt}}`).
    SystemPrompt,
    /// The assistant's prompt messages as JSON (Vapi `analysisPlan`'s `{{messages}}`).
    AssistantMessages,
    /// The success-evaluation rubric (`{{rubric}}`); filled only in success evaluation.
    Rubric,
    /// The call's duration, start or end time.
    CallTiming,
}

impl Role {
    /// Whether the role shows the model the call itself: the placeholders
    /// `template/missing-transcript` looks for.
    pub fn is_conversation(self) -> bool {
        matches!(self, Role::Conversation | Role::ConversationMessages)
    }
}

/// One placeholder of a vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// The name between the braces, exactly as the platform spells it.
    pub name: &'static str,
    /// What it stands for.
    pub role: Role,
    /// Where the platform documents it (for the README table and for help texts).
    pub source: &'static str,
}

/// Which platform renders a plan's prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Vapi's `analysisPlan` (and the legacy flat prompt fields).
    VapiAnalysisPlan,
    /// Flireo's plans and templates, written in camelCase (or one-word keys).
    FlireoCamel,
    /// HMS Sovereign's plans and templates, written in snake_case.
    HmsSnake,
    /// A Retell agent's `post_call_analysis_data`: items, not prompts, so no placeholders.
    Retell,
    /// Vapi structured outputs' `model.messages` (LiquidJS templates).
    VapiStructuredOutput,
}

impl Dialect {
    /// Every dialect, in the order `platform` and `--platform` list them.
    pub const ALL: [Dialect; 5] = [
        Dialect::VapiAnalysisPlan,
        Dialect::VapiStructuredOutput,
        Dialect::FlireoCamel,
        Dialect::HmsSnake,
        Dialect::Retell,
    ];

    /// The name in `plankit.toml`'s `platform` and in `--platform`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::VapiAnalysisPlan => "vapi-analysis-plan",
            Dialect::VapiStructuredOutput => "vapi-structured-output",
            Dialect::FlireoCamel => "flireo",
            Dialect::HmsSnake => "hms",
            Dialect::Retell => "retell",
        }
    }

    /// The dialect `name` means.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|dialect| dialect.name() == name)
    }

    /// Whether a plan of `shape` can be written for this platform: a structured output is
    /// only Vapi's structured outputs', a Retell agent only Retell's, and an analysis plan or
    /// template is one of the three prompt platforms'.
    fn can_hold(self, shape: Shape) -> bool {
        match shape {
            Shape::StructuredOutput => self == Dialect::VapiStructuredOutput,
            Shape::RetellAgent => self == Dialect::Retell,
            _ => matches!(self, Dialect::VapiAnalysisPlan | Dialect::FlireoCamel | Dialect::HmsSnake),
        }
    }
}

/// The placeholders one platform fills.
#[derive(Debug, PartialEq, Eq)]
pub struct Vocabulary {
    /// Which platform.
    pub dialect: Dialect,
    /// The platform's name, as messages say it.
    pub platform: &'static str,
    /// Every placeholder it fills, in the order help texts list them.
    pub placeholders: &'static [Placeholder],
}

const fn placeholder(name: &'static str, role: Role, source: &'static str) -> Placeholder {
    Placeholder { name, role, source }
}

/// Vapi `analysisPlan`: the sub-plans' `messages` fill these.
pub static VAPI_ANALYSIS_PLAN: Vocabulary = Vocabulary {
    dialect: Dialect::VapiAnalysisPlan,
    platform: "Vapi analysisPlan",
    placeholders: &[
        placeholder("schema", Role::Schema, "Vapi structuredDataPlan.messages"),
        placeholder("transcript", Role::Conversation, "Vapi analysisPlan sub-plan messages"),
        placeholder("endedReason", Role::EndedReason, "Vapi analysisPlan sub-plan messages"),
        placeholder("systemPrompt", Role::SystemPrompt, "Vapi analysisPlan sub-plan messages"),
        placeholder("messages", Role::AssistantMessages, "Vapi analysisPlan sub-plan messages"),
        placeholder("rubric", Role::Rubric, "Vapi successEvaluationPlan.messages"),
    ],
};

/// Flireo's camelCase plans and templates: its call-analysis guide names three.
pub static FLIREO_CAMEL: Vocabulary = Vocabulary {
    dialect: Dialect::FlireoCamel,
    platform: "Flireo",
    placeholders: &[
        placeholder("schema", Role::Schema, "Flireo call-analysis guide"),
        placeholder("transcript", Role::Conversation, "Flireo call-analysis guide"),
        placeholder("endedReason", Role::EndedReason, "Flireo call-analysis guide"),
    ],
};

/// HMS Sovereign's snake_case plans and templates. Its template guide writes
/// `{{ended_reason}}`; HMS pages are copies of Flireo's on the same backend, so Flireo's
/// `{{endedReason}}` is accepted too (neither source says the other spelling fails).
pub static HMS_SNAKE: Vocabulary = Vocabulary {
    dialect: Dialect::HmsSnake,
    platform: "HMS",
    placeholders: &[
        placeholder("schema", Role::Schema, "HMS call-analysis and template guides"),
        placeholder("transcript", Role::Conversation, "HMS call-analysis and template guides"),
        placeholder("ended_reason", Role::EndedReason, "HMS template guide"),
        placeholder("endedReason", Role::EndedReason, "Flireo call-analysis guide (same backend)"),
    ],
};

/// Retell's post-call analysis: the items' `description` is the instruction, and Retell
/// documents no template variables for it.
pub static RETELL: Vocabulary = Vocabulary { dialect: Dialect::Retell, platform: "Retell", placeholders: &[] };

/// Vapi structured outputs' custom `model.messages` (reference
/// vapi-structured-outputs-and-retell.md §1.4). The docs page names `{{endedReason}}`, the API
/// spec (every `Workflow*Model.messages`) and Vapi's gitops notes `{{callEndedReason}}`; which
/// one Vapi renders is open (§2 Q1), so both are accepted.
pub static VAPI_STRUCTURED_OUTPUT: Vocabulary = Vocabulary {
    dialect: Dialect::VapiStructuredOutput,
    platform: "Vapi structured outputs",
    placeholders: &[
        placeholder("transcript", Role::Conversation, "Vapi structured-outputs docs and API spec"),
        placeholder("messages", Role::ConversationMessages, "Vapi structured-outputs docs and API spec"),
        placeholder("structuredOutput", Role::Definition, "Vapi structured-outputs docs, StructuredOutput.model"),
        placeholder("structuredOutput.name", Role::Definition, "Vapi structured-outputs docs and API spec"),
        placeholder("structuredOutput.description", Role::Definition, "Vapi structured-outputs docs and API spec"),
        placeholder("structuredOutput.schema", Role::Definition, "Vapi structured-outputs docs and API spec"),
        placeholder("callEndedReason", Role::EndedReason, "Vapi API spec Workflow*Model.messages"),
        placeholder("endedReason", Role::EndedReason, "Vapi structured-outputs docs"),
        placeholder("duration", Role::CallTiming, "Vapi structured-outputs docs and API spec"),
        placeholder("startedAt", Role::CallTiming, "Vapi structured-outputs docs and API spec"),
        placeholder("endedAt", Role::CallTiming, "Vapi structured-outputs docs and API spec"),
        placeholder("systemPrompt", Role::SystemPrompt, "Vapi structured-outputs docs and API spec"),
    ],
};

/// Every vocabulary, in the order the README lists them.
pub static ALL: &[&Vocabulary] = &[&VAPI_ANALYSIS_PLAN, &FLIREO_CAMEL, &HMS_SNAKE, &VAPI_STRUCTURED_OUTPUT, &RETELL];

impl Vocabulary {
    /// The placeholder spelled `name` exactly, when this platform fills it.
    pub fn get(&self, name: &str) -> Option<&'static Placeholder> {
        self.placeholders.iter().find(|p| p.name == name)
    }

    /// Whether this platform fills `name` (exact spelling).
    pub fn is_known(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The role of `name` on this platform, when it fills it.
    pub fn role(&self, name: &str) -> Option<Role> {
        self.get(name).map(|p| p.role)
    }

    /// The names this platform fills.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.placeholders.iter().map(|p| p.name)
    }

    /// The names that play `role`.
    pub fn names_for(&self, role: Role) -> impl Iterator<Item = &'static str> + '_ {
        self.placeholders.iter().filter(move |p| p.role == role).map(|p| p.name)
    }

    /// The nearest name this platform fills to a name it does not. For structured outputs the
    /// `analysisPlan` names `{{schema}}`, `{{name}}`, `{{description}}` mean the definition's:
    /// `{{structuredOutput.schema}}`, ….
    pub fn suggest(&self, name: &str) -> Option<&'static str> {
        let dotted = format!("structuredOutput.{name}");
        self.names()
            .find(|known| self.dialect == Dialect::VapiStructuredOutput && *known == dotted)
            .or_else(|| crate::text::suggest(name, self.names()))
    }

    /// The names as help texts list them: `` `{{schema}}`, `{{transcript}}` ``.
    pub fn listed(&self) -> String {
        self.names().map(|p| format!("`{{{{{p}}}}}`")).collect::<Vec<_>>().join(", ")
    }
}

/// Whether any platform fills `name`: what makes a single-brace `{word}` worth reporting.
pub fn any_platform_fills(name: &str) -> bool {
    ALL.iter().any(|v| v.is_known(name))
}

/// Every name some platform fills (each once), for the scanner's near-miss test.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    ALL.iter().flat_map(|v| v.names()).enumerate().filter_map(|(i, name)| {
        // a name listed by an earlier vocabulary is yielded there
        let first = ALL.iter().flat_map(|v| v.names()).position(|n| n == name);
        (first == Some(i)).then_some(name)
    })
}

/// The other platforms that fill `name`, for a help text that says whose spelling it is.
pub fn platforms_filling(name: &str, except: Dialect) -> Vec<&'static str> {
    ALL.iter().filter(|v| v.dialect != except && v.is_known(name)).map(|v| v.platform).collect()
}

/// The vocabulary of the platform that renders `plan`.
///
/// A Vapi structured output has its own vocabulary. A plan with a snake_case plan key (`structured_data_plan`, `min_messages_threshold`,
/// `system_prompt`) is HMS's. Otherwise a plan held under Flireo's `analysis_plan` key, or an
/// analysis template (Vapi has none), is Flireo's; every other plan is a Vapi
/// `analysisPlan`, the larger vocabulary, which is also what a camelCase plan that could be
/// either platform's is judged by.
///
/// `forced` (`platform` in `plankit.toml`, `--platform`) replaces that reading for every plan
/// whose shape the platform can hold; a structured output or a Retell agent keeps its own,
/// since its shape says which platform reads it.
pub fn for_plan(plan: &Plan, forced: Option<Dialect>) -> &'static Vocabulary {
    of(dialect_for(plan, forced))
}

/// The dialect [`for_plan`] judges `plan` by.
pub fn dialect_for(plan: &Plan, forced: Option<Dialect>) -> Dialect {
    forced.filter(|dialect| dialect.can_hold(plan.shape)).unwrap_or_else(|| dialect_of(plan))
}

/// The vocabulary of a dialect.
pub fn of(dialect: Dialect) -> &'static Vocabulary {
    match dialect {
        Dialect::VapiAnalysisPlan => &VAPI_ANALYSIS_PLAN,
        Dialect::FlireoCamel => &FLIREO_CAMEL,
        Dialect::HmsSnake => &HMS_SNAKE,
        Dialect::Retell => &RETELL,
        Dialect::VapiStructuredOutput => &VAPI_STRUCTURED_OUTPUT,
    }
}

/// The dialect a plan is written in; see [`for_plan`].
pub fn dialect_of(plan: &Plan) -> Dialect {
    if plan.shape == Shape::RetellAgent {
        return Dialect::Retell;
    }
    // a structured output's snake_case spelling (Vapi's gitops YAML) changes nothing here
    if plan.shape == Shape::StructuredOutput {
        return Dialect::VapiStructuredOutput;
    }
    if plan_keys(plan).any(|key| style(key) == KeyStyle::Snake) {
        return Dialect::HmsSnake;
    }
    let held_as = plan.pointer.rsplit('/').next().unwrap_or_default();
    if held_as == "analysis_plan" || plan.shape == Shape::Template {
        return Dialect::FlireoCamel;
    }
    Dialect::VapiAnalysisPlan
}

/// The keys the plan is written with, below the plan object (the key that holds the plan,
/// Flireo's `analysis_plan`, says nothing about how its members are spelled), up to and not
/// including any schema, whose property names are the author's and not the platform's.
fn plan_keys(plan: &Plan) -> impl Iterator<Item = &str> {
    let pointers = plan
        .objects
        .iter()
        .map(|o| o.pointer.as_str())
        .chain(plan.parts.iter().map(|p| p.pointer.as_str()))
        .chain(plan.parts.iter().flat_map(|p| p.messages.iter().map(|m| m.content_pointer.as_str())))
        .chain(plan.threshold.iter().map(|(pointer, _)| pointer.as_str()));
    pointers.flat_map(move |pointer| {
        pointer.strip_prefix(plan.pointer.as_str()).unwrap_or_default().split('/').filter(|key| !key.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::find_plans;

    fn vocabulary(json: &str) -> Dialect {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        let plans = find_plans(&value);
        for_plan(&plans[0], None).dialect
    }

    #[test]
    fn the_keys_a_plan_is_written_with_decide_its_platform() {
        let hms = r#"{"analysis_plan": {"structured_data_plan": {"enabled": true, "schema": {"type": "object"}}}}"#;
        assert_eq!(vocabulary(hms), Dialect::HmsSnake);
        let flireo = r#"{"analysis_plan": {"structuredDataPlan": {"enabled": true, "schema": {"type": "object"}}}}"#;
        assert_eq!(vocabulary(flireo), Dialect::FlireoCamel);
        let vapi = r#"{"analysisPlan": {"summaryPlan": {"enabled": true}}}"#;
        assert_eq!(vocabulary(vapi), Dialect::VapiAnalysisPlan);
        let template = r#"{"name": "t", "schema": {"type": "object"}, "messages": [], "min_messages_threshold": 5}"#;
        assert_eq!(vocabulary(template), Dialect::HmsSnake);
    }

    #[test]
    fn schema_property_names_do_not_make_a_plan_snake_case() {
        let vapi = r#"{"analysisPlan": {"structuredDataPlan": {"schema": {"type": "object",
            "properties": {"issue_resolved": {"type": "boolean"}}}, "messages": [
            {"role": "user", "content": "{{transcript}}"}]}}}"#;
        assert_eq!(vocabulary(vapi), Dialect::VapiAnalysisPlan);
    }

    #[test]
    fn ended_reason_is_spelled_per_platform() {
        assert!(HMS_SNAKE.is_known("ended_reason"));
        assert!(!VAPI_ANALYSIS_PLAN.is_known("ended_reason"));
        assert!(!FLIREO_CAMEL.is_known("ended_reason"));
        assert_eq!(FLIREO_CAMEL.suggest("ended_reason"), Some("endedReason"));
        assert_eq!(platforms_filling("ended_reason", Dialect::FlireoCamel), ["HMS"]);
    }

    #[test]
    fn a_forced_platform_applies_to_the_plans_it_can_hold() {
        let flireo = r#"{"analysis_plan": {"structuredDataPlan": {"enabled": true, "schema": {"type": "object"}}}}"#;
        let plans = find_plans(&serde_json::from_str(flireo).unwrap());
        assert_eq!(for_plan(&plans[0], Some(Dialect::HmsSnake)).dialect, Dialect::HmsSnake);
        assert_eq!(for_plan(&plans[0], Some(Dialect::Retell)).dialect, Dialect::FlireoCamel);
        let so = r#"{"name": "CSAT", "type": "ai", "schema": {"type": "integer"}}"#;
        let plans = find_plans(&serde_json::from_str(so).unwrap());
        assert_eq!(for_plan(&plans[0], Some(Dialect::HmsSnake)).dialect, Dialect::VapiStructuredOutput);
        for dialect in Dialect::ALL {
            assert_eq!(Dialect::from_name(dialect.name()), Some(dialect));
        }
    }

    #[test]
    fn every_name_is_listed_once() {
        let names: Vec<_> = all_names().collect();
        assert_eq!(
            names,
            [
                "schema",
                "transcript",
                "endedReason",
                "systemPrompt",
                "messages",
                "rubric",
                "ended_reason",
                "structuredOutput",
                "structuredOutput.name",
                "structuredOutput.description",
                "structuredOutput.schema",
                "callEndedReason",
                "duration",
                "startedAt",
                "endedAt"
            ]
        );
    }

    #[test]
    fn structured_outputs_have_their_own_vocabulary() {
        let so = r#"{"name": "CSAT", "type": "ai", "schema": {"type": "integer"}}"#;
        assert_eq!(vocabulary(so), Dialect::VapiStructuredOutput);
        assert_eq!(VAPI_STRUCTURED_OUTPUT.suggest("schema"), Some("structuredOutput.schema"));
        assert!(VAPI_STRUCTURED_OUTPUT.is_known("callEndedReason") && VAPI_STRUCTURED_OUTPUT.is_known("endedReason"));
        assert!(!VAPI_STRUCTURED_OUTPUT.is_known("rubric"));
    }
}
