//! `--select NAME|POINTER`: which plan of a file that holds several a command works on. Shared
//! by `render` and `validate`, so both name and list a file's plans the same way.

use plankit::Plan;

/// Why no single plan was chosen; each carries the full message for standard error.
pub(super) enum NotSelected {
    /// The file holds no plan at all (an input problem, exit 3).
    NoPlan(String),
    /// Several plans and no `--select`, or a `--select` that names none of them (usage, exit 2).
    Ambiguous(String),
}

/// The one plan to use: the only one, or the one `select` names by template `name` or pointer.
pub(super) fn select_plan<'a>(file: &str, plans: &'a [Plan], select: Option<&str>) -> Result<&'a Plan, NotSelected> {
    let describe = |plan: &Plan| match &plan.name {
        Some(name) => format!("  {}  ({})\n", plankit::text::quote(name), pointer_shown(&plan.pointer)),
        None => format!("  {}\n", pointer_shown(&plan.pointer)),
    };
    let list = || plans.iter().map(describe).collect::<String>();
    match (plans, select) {
        ([], _) => Err(NotSelected::NoPlan(format!(
            "error: no analysis plan found in {file}\n  help: `plankit lint {file}` says what the file holds\n"
        ))),
        ([plan], None) => Ok(plan),
        (_, None) => Err(NotSelected::Ambiguous(format!(
            "error: {file} holds {} plans; pick one with --select NAME|POINTER:\n{}",
            plans.len(),
            list()
        ))),
        (plans, Some(wanted)) => plans
            .iter()
            .find(|plan| plan.name.as_deref() == Some(wanted) || pointer_shown(&plan.pointer) == wanted)
            .ok_or_else(|| {
                NotSelected::Ambiguous(format!(
                    "error: no plan in {file} is named or found at {}; it holds:\n{}",
                    plankit::text::quote(wanted),
                    list()
                ))
            }),
    }
}

/// A plan's pointer as shown to users: `/` for the whole file.
pub(super) fn pointer_shown(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}
