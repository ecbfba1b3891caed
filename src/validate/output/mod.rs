//! `output/*`: an analysis output (a bare document, an end-of-call-report's analysis, or the
//! sub-document chosen with `--at`) checked against the plan's schema. These rules are
//! reported by the compiled schema itself ([`crate::validate::OutputValidator`]), not by a
//! check function of their own.

pub mod not_found;
pub mod pattern_aborted;
pub mod schema;
