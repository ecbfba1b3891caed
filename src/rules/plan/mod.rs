//! `plan/*`: the plan's own structure — fields, types, spelling, thresholds, messages.

pub mod analysis_plan_deprecated;
pub mod disabled_by_default;
pub mod duplicate_key;
pub mod empty_message;
pub mod enabled_without_schema;
pub mod invalid_ignore;
pub mod invalid_threshold;
pub mod invalid_timeout;
pub mod members_overrides_typo;
pub mod mixed_key_style;
pub mod no_plan_found;
pub mod schema_without_messages;
pub mod squad_partial_history;
pub mod unknown_field;
pub mod unknown_role;
pub mod unknown_rubric;
pub mod unused_ignore;
pub mod workflow_retired;
pub mod wrong_type;
