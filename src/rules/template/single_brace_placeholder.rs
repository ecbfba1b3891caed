//! `template/single-brace-placeholder`

use crate::rules::template::each_token;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::Token;

declare_rule! {
    /// A message writes a placeholder with single braces, `{transcript}`, which is never substituted.
    ///
    /// ## What it checks
    /// A word in single braces that is (or nearly is) a placeholder name: `{transcript}`,
    /// `{schema}`, `{ended_reason}`. JSON examples in a prompt (`{"sentiment": 5}`) are not
    /// affected.
    ///
    /// ## Why it matters
    /// Only double braces are substituted. HMS's API reference shows `{transcript}`, and a plan
    /// copied from it sends the model the literal word `{transcript}` instead of the call.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "Analyze this call.\n\nTranscript: {transcript}" }
    /// ```
    ///
    /// ## How to fix
    /// Use double braces: `{{transcript}}`.
    pub static RULE = "template/single-brace-placeholder", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    let vocabulary = ctx.vocabulary();
    each_token(ctx, &mut |_, message, token| {
        let Token::SingleBrace { name, range } = token else { return };
        // the platform's own spelling: `{ended_reason}` on a Vapi plan means `{{endedReason}}`
        let meant = if vocabulary.is_known(name) { Some(name) } else { vocabulary.suggest(name) };
        let meant = meant.unwrap_or(name);
        out.push(
            Finding::new(
                &RULE,
                message.content_pointer.clone(),
                format!("`{{{name}}}` has single braces and is not substituted"),
            )
            .in_string(range)
            .label("sent to the model as written")
            .help(format!("write `{{{{{meant}}}}}`")),
        );
    });
}
