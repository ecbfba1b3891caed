//! `plan/empty-message`

use crate::rules::{Check, Finding, Findings, PlanContext, declare_rule};

declare_rule! {
    /// A plan message has empty or whitespace-only content, or no content at all.
    ///
    /// ## What it checks
    /// Every message (and every template prompt) has a `content` with at least one visible
    /// character. A legacy flat prompt written as `""` (`"summaryPrompt": ""`) is not reported:
    /// that is Vapi's documented way to turn the part off, and `plankit render` shows it as
    /// disabled.
    ///
    /// ## Why it matters
    /// Several providers reject a chat request with an empty message (Anthropic: all messages
    /// must have non-empty content), and an empty instruction is never what was meant.
    ///
    /// ## Example
    /// ```json
    /// { "role": "user", "content": "  " }
    /// ```
    ///
    /// ## How to fix
    /// Write the instruction, or remove the message.
    pub static RULE = "plan/empty-message", Error, Check::Plan(check);
}

fn check(ctx: &PlanContext<'_>, out: &mut Findings) {
    for part in &ctx.plan.parts {
        if part.legacy && part.enabled == Some(false) {
            continue;
        }
        for message in &part.messages {
            match &message.content {
                Some(content) if content.trim().is_empty() => {
                    out.push(
                        Finding::new(&RULE, message.content_pointer.clone(), "message content is empty")
                            .label("nothing for the model to read"),
                    );
                }
                Some(_) => {}
                None if ctx.value(&message.content_pointer).is_none() => {
                    out.push(Finding::new(&RULE, message.pointer.clone(), "message has no `content`"));
                }
                // content that is not a string is `plan/wrong-type`
                None => {}
            }
        }
    }
}
