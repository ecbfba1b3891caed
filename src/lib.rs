//! plankit lints, previews and tests the call-analysis plans of Flireo voice agents and the
//! Vapi-compatible platforms Flireo mirrors.
//!
//! Data flows one way: [`source`] (text and line index) → [`json`] (span-aware parse; [`yaml`]
//! gives Vapi's gitops YAML the same pointer → span map) →
//! [`plan`] (typed plan in any file shape) → [`rules`] → [`diagnostic`] → [`report`].
//! The library never prints and never exits; the `plankit` binary does that.
//! [`config`] reads `plankit.toml` into [`Settings`]; [`suppress`] handles the
//! `x-plankit-ignore` exceptions written inside a plan; [`fix`] applies the fixes findings
//! carry (`plankit lint --fix`), changing only the bytes each fix edits.
//!
//! ```
//! let text = r#"{
//!   "structuredDataPlan": {
//!     "enabled": true,
//!     "schema": { "type": "object", "properties": { "sentiment": { "type": "integer", "description": "1-10" } } },
//!     "messages": [ { "role": "user", "content": "Schema: {{schema}}\nTranscript: {{transcirpt}}" } ]
//!   }
//! }"#;
//! let linted = plankit::lint_source(plankit::Source::new("plan.json", text), &plankit::Settings::default());
//! let typo = linted.diagnostics.iter().find(|d| d.rule == "template/unknown-placeholder").unwrap();
//! assert_eq!(typo.help.as_deref(), Some("did you mean `{{transcript}}`?"));
//! assert_eq!(typo.start.map(|p| (p.line, p.column)), Some((5, 81)));
//! ```

pub mod case;
pub mod config;
pub mod diagnostic;
pub mod eval;
pub mod fix;
pub mod json;
pub mod lint;
pub mod pattern;
pub mod plan;
pub mod provider;
pub mod recognise;
pub mod render;
pub mod report;
pub mod rules;
pub mod sample;
pub mod schema;
pub mod source;
pub mod suppress;
pub mod template;
pub mod text;
pub mod transcript;
pub mod uri;
pub mod validate;
pub mod webhook;
pub mod yaml;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity, Suppressed};
pub use lint::{LintedFile, Settings, lint_inputs, lint_source};
pub use plan::Plan;
pub use render::RenderOptions;
pub use source::{Input, Source, expand_inputs};
pub use transcript::Transcript;
