//! `template/unclosed-placeholder`

use crate::rules::template::each_token;
use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};
use crate::template::Token;

declare_rule! {
    /// A message opens a placeholder with `{{` and never closes it with `}}`.
    ///
    /// ## What it checks
    /// Every `{{` in a message has a matching `}}` before the next `{{`.
    ///
    /// ## Why it matters
    /// The platform does not substitute a half-written placeholder: the model receives the
    /// literal text `{{transcript` and no transcript, or a template error drops the message.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "Schema: {{schema}\n\nTranscript: {{transcript}}" }
    /// ```
    ///
    /// ## How to fix
    /// Close the placeholder: `{{schema}}`.
    pub static RULE = "template/unclosed-placeholder", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    each_token(ctx, &mut |_, message, token| {
        let Token::Unclosed { range } = token else { return };
        out.push(
            Finding::new(&RULE, message.content_pointer.clone(), "placeholder opened with `{{` is never closed")
                .in_string(range.start..range.start + 2)
                .label("no matching `}}`")
                .help("close it with `}}`, e.g. `{{transcript}}`"),
        );
    });
}
